"""The real Neo4j server for the integration tests: settings from NEO4J_*, a session
backend holding the curated dataset, and helpers to load other datasets for a while.

Start the server with `scripts/neo4j start` and `eval "$(scripts/neo4j env)"`. Without it
the tests skip, or fail when CI=true. The tests replace careergraph's own nodes in the
database (never other data) and put the curated dataset back when they are done.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from careergraph.errors import BackendUnavailable
from careergraph.graph.model import Dataset
from careergraph.graph.neo4j_settings import Neo4jSettings

from .conftest import require


def neo4j_settings() -> Neo4jSettings:
    return Neo4jSettings(
        uri=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD"),
        database=os.environ.get("NEO4J_DATABASE") or None,
    )


def neo4j_env(settings: Neo4jSettings) -> dict[str, str]:
    """The environment a CLI run needs to reach the same server."""
    env = {"NEO4J_URI": settings.uri, "NEO4J_USER": settings.user, "NEO4J_PASSWORD": settings.password or ""}
    if settings.database:
        env["NEO4J_DATABASE"] = settings.database
    return env


def connect():
    """A connected Neo4jBackend, or a skip (a failure in CI) naming what is missing."""
    from careergraph.graph.neo4j_backend import Neo4jBackend

    settings = neo4j_settings()
    require(settings.password is not None, 'NEO4J_PASSWORD (eval "$(scripts/neo4j env)")')
    try:
        return Neo4jBackend(settings)
    except BackendUnavailable as exc:
        require(False, f"a Neo4j server (scripts/neo4j start): {exc}")


@pytest.fixture(scope="session", name="neo4j")
def neo4j_fixture(curated_dataset):
    """A Neo4jBackend over the curated dataset, loaded with replace=True at session start."""
    from careergraph.graph.neo4j_load import load

    backend = connect()
    load(backend, curated_dataset, replace=True)
    yield backend
    backend.close()


@contextmanager
def loaded(backend, dataset: Dataset, curated: Dataset) -> Iterator[object]:
    """``dataset`` in the database for the duration (yields a fresh backend, so no cache
    of the curated data answers), then the curated dataset again."""
    from careergraph.graph.neo4j_load import load

    load(backend, dataset, replace=True)
    fresh = connect()
    try:
        yield fresh
    finally:
        fresh.close()
        load(backend, curated, replace=True)


def counts(backend) -> tuple[int, int]:
    """All nodes and relationships in the database, careergraph's and anyone else's."""
    rows = backend.run(
        "CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS edges } "
        "RETURN nodes, edges"
    )
    return rows[0]["nodes"], rows[0]["edges"]
