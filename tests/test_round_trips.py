"""Round trips on Neo4j: every query command, run through the CLI on the curated dataset,
needs at most three transactions after connecting (docs/neo4j.md, "Round trips").

The count is the backend's own ``transactions``; the connectivity check the backend makes
when it opens is not a transaction and is not counted. Each transaction through
``execute_query`` is two round trips on the wire.
"""

from __future__ import annotations

import pytest

import careergraph.cli
from careergraph.backends import open_backend

from .neo4j_fixtures import connect, neo4j_env, neo4j_fixture, neo4j_settings  # noqa: F401

pytestmark = pytest.mark.neo4j

MOST = 3
COMMANDS = [
    ("show", "PMP"),
    ("show", "Scrum Master"),
    ("path", "Software Engineer", "Program Manager"),
    ("path", "Software Engineer", "Program Manager", "--by", "months"),
    ("path", "Software Engineer", "Program Manager", "--by", "months", "--k", "3"),
    ("path", "Software Engineer", "Program Manager", "--by", "cost", "--avoid", "PMP", "--avoid", "CAPM"),
    ("path", "Software Engineer", "Program Manager", "--via", "Scrum Master"),
    ("plan", "PMP"),
    (
        "plan",
        "Program Manager",
        "--by",
        "cost",
        "--have",
        "Bachelor's degree",
        "--have",
        "Leading projects=24",
    ),
    ("reach", "Software Engineer", "--within-months", "24"),
    ("search", "scrum mastr"),
]


@pytest.fixture
def opened(monkeypatch):
    """The backends the CLI opens during a test, to read their counters afterwards."""
    backends = []

    def recording(*args, **kwargs):
        backend = open_backend(*args, **kwargs)
        backends.append(backend)
        return backend

    monkeypatch.setattr(careergraph.cli, "open_backend", recording)
    return backends


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_query_command_needs_at_most_three_transactions(neo4j, run, opened, args):
    code, out, err = run("--backend", "neo4j", *args, env=neo4j_env(neo4j_settings()))
    assert code == 0, err
    assert len(opened) == 1
    assert opened[0].transactions <= MOST, f"{' '.join(args)}: {opened[0].transactions} transactions"


def test_a_name_that_matches_nothing_costs_one_more_transaction_for_the_hints(neo4j, run, opened):
    code, _, err = run("--backend", "neo4j", "show", "scrum mastr", env=neo4j_env(neo4j_settings()))
    assert code == 2 and "Scrum Master" in err
    assert opened[0].transactions == 2  # the exact lookup, then the names for "did you mean"


def test_connecting_runs_no_transaction_and_each_read_runs_one(neo4j):
    backend = connect()
    try:
        assert backend.transactions == 0
        backend.run("RETURN 1 AS one")
        backend.node("pmp")
        backend.node("pmp")  # kept from the first read
        assert backend.transactions == 2
    finally:
        backend.close()


def test_a_node_s_edges_and_the_nodes_around_it_are_one_transaction(neo4j):
    backend = connect()
    try:
        backend.node("pmp")
        before = backend.transactions
        backend.in_edges("pmp")
        backend.out_edges("pmp")
        for edge in backend.in_edges("pmp") + backend.out_edges("pmp"):
            backend.node(edge.source)
            backend.node(edge.target)
        assert backend.transactions == before + 1
    finally:
        backend.close()


def test_a_unit_of_several_queries_is_one_transaction(neo4j):
    backend = connect()
    try:
        assert backend.has_apoc in (True, False)
        before = backend.transactions
        closure = backend.prerequisite_closure("pmp")
        assert closure and backend.transactions == before + 1
    finally:
        backend.close()
