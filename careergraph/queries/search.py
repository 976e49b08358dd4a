"""Fuzzy search over node names, aliases and descriptions, ranked."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from careergraph.graph.backend import Backend, NameRecord

_WORD = re.compile(r"\w+")
MIN_SCORE = 60.0
MAX_QUERY = 200  # characters compared: fuzzy matching grows with the query's length


@dataclass(frozen=True)
class SearchHit:
    """One match: the node, its score (0-100) and what matched."""

    id: str
    name: str
    kind: str
    score: float
    matched: str

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "score": round(self.score, 1),
            "matched": self.matched,
        }


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _prefix_score(query_words: list[str], text: str) -> float:
    """100 when every query word starts a word of text ("aws arch"), in any order."""
    words = _words(text)
    if not query_words or not words:
        return 0.0
    hits = sum(any(w.startswith(q) for w in words) for q in query_words)
    return 100.0 * hits / len(query_words) if hits == len(query_words) else 0.0


def score_record(query: str, record: NameRecord) -> tuple[float, str]:
    """The best score of query against a node's name, aliases and description."""
    from rapidfuzz import fuzz

    folded = query.casefold()
    query_words = _words(query)
    best, matched = 0.0, ""
    for label, text in [("name", record.name), ("id", record.id)] + [
        ("alias", alias) for alias in record.aliases
    ]:
        candidate = text.casefold()
        if candidate == folded:
            return 100.0, label
        score = max(
            fuzz.WRatio(folded, candidate),
            _prefix_score(query_words, candidate) * 0.97,
        )
        if score > best:
            best, matched = score, label
    if record.description:
        description = fuzz.partial_ratio(folded, record.description.casefold()) * 0.75
        if _prefix_score(query_words, record.description):
            description = max(description, 72.0)
        if description > best:
            best, matched = description, "description"
    return best, matched


def rank(query: str, records: Iterable[NameRecord], limit: int = 10) -> list[SearchHit]:
    """Records scored against query, best first (ties by name), at most ``limit``."""
    query = query[:MAX_QUERY]
    hits = []
    for record in records:
        score, matched = score_record(query, record)
        if score >= MIN_SCORE:
            hits.append(SearchHit(record.id, record.name, record.kind, score, matched))
    hits.sort(key=lambda hit: (-hit.score, hit.name.casefold(), hit.id))
    return hits[:limit]


def search(backend: Backend, query: str, limit: int = 10) -> list[SearchHit]:
    """Ranked fuzzy matches for ``query``.

    >>> [hit.id for hit in search(backend, "scrum mastr", limit=1)]  # doctest: +SKIP
    ['scrum-master']
    """
    return rank(query, backend.name_records(), limit)
