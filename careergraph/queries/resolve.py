"""Resolving a node argument (id, name or alias, any case) to exactly one node."""

from __future__ import annotations

from collections.abc import Sequence

from careergraph.errors import UnknownNode
from careergraph.graph.backend import Backend
from careergraph.graph.model import Node
from careergraph.queries.search import rank

# An exact id beats a name, a name beats an alias: "pmp" is the node whose id is pmp even
# if some other node lists "PMP" among its aliases.
_PRECEDENCE = ("id", "name", "alias")


def resolve(backend: Backend, text: str) -> Node:
    """The one node that ``text`` names.

    Raises UnknownNode listing the closest matches when nothing matches, or the
    candidates when the best match is shared by several nodes (an ambiguous alias such
    as "TPM").
    """
    return resolve_all(backend, [text])[0]


def resolve_all(backend: Backend, texts: Sequence[str]) -> list[Node]:
    """The node each of ``texts`` names, in order; the first that names none (or several)
    raises UnknownNode as ``resolve`` does.

    A backend on a server looks all of them up in one query (Neo4j's ``lookup_many``),
    so a command's arguments cost one round trip, not one each.
    """
    wanted = [text.strip() for text in texts]
    lookup_many = getattr(backend, "lookup_many", None)
    if lookup_many is not None:
        matches = lookup_many(wanted)
    else:
        matches = {text: backend.lookup(text) for text in wanted}
    return [_one(backend, text, matches[text]) for text in wanted]


def _one(backend: Backend, text: str, matches: list[tuple[str, str]]) -> Node:
    for field in _PRECEDENCE:
        ids = sorted({node_id for found, node_id in matches if found == field})
        if len(ids) == 1:
            return backend.node(ids[0])
        if len(ids) > 1:
            names = [f"{backend.node(i).name} ({i})" for i in ids]
            raise UnknownNode(text, names, ambiguous=True)
    hits = rank(text, backend.name_records(), limit=3)
    raise UnknownNode(text, [f"{hit.name} ({hit.id})" for hit in hits])
