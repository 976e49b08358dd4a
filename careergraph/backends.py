"""Opening a backend by name for the faces: the embedded networkx graph or a Neo4j server."""

from __future__ import annotations

from collections.abc import Sequence

from careergraph.errors import UsageError
from careergraph.graph.backend import Backend
from careergraph.graph.neo4j_settings import Neo4jSettings

BACKENDS = ("networkx", "neo4j")


def open_backend(
    name: str, data: Sequence[str] | None = None, neo4j: Neo4jSettings | None = None, strict: bool = False
) -> Backend:
    """A networkx backend over the loaded dataset (``data``, or the curated one), or a
    connected Neo4j backend. ``strict`` refuses nodes of ``data`` without sources.

    Raises
    ------
    UsageError for a name not in BACKENDS; InvalidData for invalid data;
    BackendUnavailable when Neo4j cannot be reached.
    """
    if name == "neo4j":
        from careergraph.graph.neo4j_backend import Neo4jBackend

        return Neo4jBackend(neo4j or Neo4jSettings())
    if name != "networkx":
        raise UsageError(f"unknown backend {name[:60]!r}: expected one of {', '.join(BACKENDS)}")
    from careergraph.graph.networkx_backend import NetworkxBackend
    from careergraph.loaders import load_dataset

    return NetworkxBackend(load_dataset(data, strict=strict))
