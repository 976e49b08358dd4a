"""Opening a backend by name: the embedded networkx graph or a Neo4j server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careergraph.graph.backend import Backend

BACKENDS = ("networkx", "neo4j")


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the Neo4j server is; the password is never printed or logged."""

    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"


def open_backend(name: str, data: Sequence[str] | None = None, neo4j: Neo4jSettings | None = None) -> Backend:
    """A networkx backend over the loaded dataset, or a connected Neo4j backend."""
    if name == "neo4j":
        from careergraph.graph.neo4j_backend import Neo4jBackend

        return Neo4jBackend(neo4j or Neo4jSettings())
    from careergraph.graph.networkx_backend import NetworkxBackend
    from careergraph.loaders import load_dataset

    return NetworkxBackend(load_dataset(data))
