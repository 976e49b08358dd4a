"""Matching imported records (a LinkedIn title, a badge's name and issuer) to graph nodes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from careergraph.errors import UnknownNode
from careergraph.graph.backend import Backend
from careergraph.graph.model import Node
from careergraph.queries.resolve import resolve

FUZZY_MIN = 88.0  # below this, "Program Management Professional" passes for "Project ..."
_TIE = 2.0  # scores this close are a tie: the more specific label wins, or it is ambiguous
_MAX_TEXT = 200  # characters compared: fuzzy matching grows with the text's length
_PRECEDENCE = ("id", "name", "alias")
_FILLER = frozenset(
    {"a", "an", "and", "for", "in", "of", "s", "the"}
)  # "Bachelor's in ..." = "Bachelor's ..."

# Credential Engine CTIDs (and badge URLs that are not an issuer page already in a node's
# sources) -> node id. Empty until an issuer's own page states one: no CTID for the
# curated certifications could be confirmed.
KNOWN_IDENTIFIERS: dict[str, str] = {}


@dataclass(frozen=True)
class Match:
    """How a record matched: one node (exactly, or fuzzily with a score), several
    (ambiguous: ``candidates`` lists them), or none (``candidates`` are near misses)."""

    text: str
    node: Node | None = None
    fuzzy: bool = False
    score: float = 100.0
    by: str = "name"
    candidates: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.node is None and len(self.candidates) > 1 and self.by == "ambiguous"

    def explain(self) -> str:
        """One line on why this record did not match, or what it matched fuzzily."""
        if self.node is not None:
            return f"fuzzy match {self.node.name} ({self.node.id}), score {self.score:.0f}: check it"
        if self.ambiguous:
            return f"ambiguous: it could be {', '.join(self.candidates)}"
        hint = f"; nearest: {', '.join(self.candidates)}" if self.candidates else ""
        return f"no matching node{hint}"


def _label(node: Node) -> str:
    return f"{node.name} ({node.id})"


def normalize_url(url: str) -> str:
    """A URL as compared: no scheme, no ``www.``, no query or fragment, no trailing slash,
    lower-case host."""
    text = url.strip().split("#")[0].split("?")[0]
    text = text.split("://", 1)[-1]
    host, _, rest = text.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{rest}".rstrip("/")


def match_identifier(
    backend: Backend,
    identifiers: Iterable[str],
    kinds: tuple[str, ...],
    table: Mapping[str, str] | None = None,
) -> Match | None:
    """The node a CTID or URL names exactly: through ``table`` (default KNOWN_IDENTIFIERS)
    or a URL in a node's ``sources``. None when no identifier is known."""
    table = KNOWN_IDENTIFIERS if table is None else table
    by_url: dict[str, set[str]] = {}
    for kind in kinds:
        for node in backend.nodes(kind):
            for source in node.sources:
                by_url.setdefault(normalize_url(source), set()).add(node.id)
    for raw in identifiers:
        text = raw.strip()
        found = {table[text]} if text in table else set()
        found |= {table[key] for key in table if "/" in key and normalize_url(key) == normalize_url(text)}
        found |= by_url.get(normalize_url(text), set()) if "/" in text else set()
        if len(found) == 1:
            return Match(text, backend.node(found.pop()), by="identifier")
        if len(found) > 1:
            labels = tuple(sorted(_label(backend.node(i)) for i in found))
            return Match(text, by="ambiguous", candidates=labels)
    return None


def match_name(backend: Backend, text: str, kinds: tuple[str, ...], issuer: str | None = None) -> Match:
    """The node of one of ``kinds`` that ``text`` names: exactly by id, name or alias
    (any case), else the best fuzzy match over names and aliases (rapidfuzz token-set
    ratio; the more specific label, then the issuer break ties), marked ``fuzzy``.

    Two near-equal best matches are ambiguous, never guessed.
    """
    exact = [(field, node_id) for field, node_id in backend.lookup(text.strip())]
    for field in _PRECEDENCE:
        nodes = sorted({i for f, i in exact if f == field and backend.node(i).kind in kinds})
        if len(nodes) == 1:
            return Match(text, backend.node(nodes[0]))
        if len(nodes) > 1:
            return Match(text, by="ambiguous", candidates=tuple(_label(backend.node(i)) for i in nodes))
    return _fuzzy(backend, text, kinds, issuer)


def _fuzzy(backend: Backend, text: str, kinds: tuple[str, ...], issuer: str | None) -> Match:
    from rapidfuzz import fuzz, utils

    query = utils.default_process(text[:_MAX_TEXT])
    if not query:
        return Match(text, by="none")
    words = set(query.split()) - _FILLER
    scored = []
    for kind in kinds:
        for node in backend.nodes(kind):
            best, contained = 0.0, 0
            for label in (node.name, *node.aliases):
                candidate = utils.default_process(label)
                score = fuzz.token_set_ratio(query, candidate)
                # A label whose every word is in the text ("Technical Project Manager" in
                # "Senior Technical Project Manager") is more specific the more words it
                # has; a text all of whose words are in several labels ("AWS Certified
                # Solutions Architect") is ambiguous between them.
                label_words = set(candidate.split()) - _FILLER
                inside = len(label_words) if label_words <= words else 0
                if (score, inside) > (best, contained):
                    best, contained = score, inside
            agreement = 50.0
            if issuer and node.issuer:
                agreement = fuzz.token_set_ratio(issuer, node.issuer, processor=utils.default_process)
                if agreement < 50:
                    best -= 15  # a different issuer makes a name match unlikely
            scored.append((best, contained, agreement, node))
    scored.sort(key=lambda item: (-item[0], -item[1], -item[2], item[3].id))
    if not scored or scored[0][0] < FUZZY_MIN:
        near = tuple(_label(item[3]) for item in scored[:3] if item[0] >= 60)
        return Match(text, by="none", candidates=near)
    best, contained, agreement, node = scored[0]
    rivals = [
        item
        for item in scored[1:]
        if item[0] >= best - _TIE and item[1] == contained and item[2] >= agreement - _TIE
    ]
    if rivals:
        labels = tuple(_label(item[3]) for item in [scored[0], *rivals][:5])
        return Match(text, by="ambiguous", candidates=labels)
    return Match(text, node, fuzzy=True, score=best)


def profile_name(backend: Backend, node: Node) -> str:
    """How a profile names a node: its name when that resolves back to it, else its id."""
    try:
        return node.name if resolve(backend, node.name).id == node.id else node.id
    except UnknownNode:  # a name shared with another node: the id is always unique
        return node.id
