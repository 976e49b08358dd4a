"""Where a Neo4j server is: the settings a Neo4j backend connects with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the Neo4j server is; the password is never printed or logged."""

    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"
