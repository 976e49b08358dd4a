"""Concurrent clients: 8 threads of mixed path/plan/show/search queries for a few seconds on
each backend, with no error and every answer equal to the single-threaded one. The same
workload (careergraph/devtools/loadtest.py) runs for 60 s in scripts/load-test, which
writes its figures into docs/reliability.md."""

from __future__ import annotations

import os

import pytest

from careergraph.devtools import loadtest

from .neo4j_private import private_server

SECONDS = float(os.environ.get("CAREERGRAPH_CONCURRENCY_SECONDS", "10"))
CLIENTS = 8


def check(figures) -> None:
    print(f"\n{figures.line()}")
    assert figures.errors == []
    assert figures.mismatches == []
    assert figures.served >= CLIENTS


def test_one_networkx_backend_is_safe_to_share_between_threads():
    check(loadtest.networkx_run(CLIENTS, SECONDS))


@pytest.mark.neo4j
def test_neo4j_answers_8_clients_each_with_its_own_backend(tmp_path):
    server = private_server()
    server.wipe()
    check(loadtest.neo4j_run(server.settings(), CLIENTS, SECONDS))


@pytest.mark.neo4j
def test_one_neo4j_backend_is_safe_to_share_between_threads():
    # Its caches are plain dicts written whole under the GIL and its driver is thread-safe.
    check(loadtest.neo4j_run(private_server().settings(), CLIENTS, SECONDS / 2, shared=True))
