"""The explorer on the Neo4j backend (careergraph --backend neo4j serve), against the real
server of the test command with the curated dataset: the same JSON as on networkx, path,
plan and reach without a round trip once the graph is copied, and the Neo4j Browser
link for the page's question."""

from __future__ import annotations

import urllib.parse

import pytest
from starlette.testclient import TestClient

from careergraph.serve.app import BrowserTarget, create_app

from .neo4j_fixtures import connect, neo4j_fixture, neo4j_settings  # noqa: F401

pytestmark = pytest.mark.neo4j

BASE = "http://127.0.0.1:8765"
QUESTIONS = [
    ("/api/path", [("from", "Software Engineer"), ("to", "Program Manager")]),
    ("/api/path", [("from", "Software Engineer"), ("to", "Program Manager"), ("by", "months")]),
    ("/api/path", [("from", "software-engineer"), ("to", "scrum-master"), ("by", "cost"), ("avoid", "CSM")]),
    ("/api/plan", [("goal", "PMP"), ("have", "Bachelor's degree"), ("have", "Leading projects=24")]),
    ("/api/plan", [("goal", "Technical Program Manager"), ("by", "cost")]),
    ("/api/reach", [("from", "Software Engineer"), ("within_months", "24")]),
    ("/api/show", [("node", "PMP")]),
    ("/api/search", [("q", "scrum mastr")]),
    ("/api/stats", []),
]
WALKED = QUESTIONS[:6]


@pytest.fixture(scope="module")
def clients(neo4j, curated):  # noqa: F811
    settings = neo4j_settings()
    target = BrowserTarget("http://127.0.0.1:7474", settings.uri, settings.user, settings.database)
    on_neo4j = TestClient(create_app(neo4j, neo4j=target), base_url=BASE, raise_server_exceptions=False)
    on_networkx = TestClient(create_app(curated), base_url=BASE, raise_server_exceptions=False)
    return on_neo4j, on_networkx


@pytest.mark.parametrize(("url", "params"), QUESTIONS)
def test_the_api_on_neo4j_answers_as_on_networkx(clients, url, params):
    on_neo4j, on_networkx = clients
    answers = [client.get(url, params=params) for client in clients]
    assert [a.status_code for a in answers] == [200, 200], answers[0].text
    assert answers[0].json() == answers[1].json()


def test_path_plan_and_reach_resolve_their_names_on_the_copy_without_a_round_trip(clients, neo4j):  # noqa: F811
    on_neo4j, _ = clients
    assert on_neo4j.get(*WALKED[0][:1], params=WALKED[0][1]).status_code == 200  # the copy is read
    before = neo4j.transactions
    for url, params in WALKED:
        assert on_neo4j.get(url, params=params).status_code == 200
    assert neo4j.transactions == before


def test_an_unknown_name_on_neo4j_is_422_with_the_same_hints(clients):
    answers = [
        client.get("/api/path", params=[("from", "Sofware Enginer"), ("to", "Program Manager")])
        for client in clients
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert "did you mean" in answers[0].json()["error"] and answers[0].json() == answers[1].json()


def test_the_browser_link_carries_the_pathway_question(clients):
    on_neo4j, on_networkx = clients
    params = [("view", "path"), ("from", "Software Engineer"), ("to", "Program Manager")]
    answer = on_neo4j.get("/api/neo4j-browser", params=params)
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert document["query"] == "pathway-between-roles"
    assert document["params"] == {"from": "software-engineer", "to": "program-manager"}
    url = urllib.parse.urlsplit(document["url"])
    assert url.netloc == "127.0.0.1:7474" and url.path.startswith("/browser")
    assert "software-engineer" in urllib.parse.unquote(url.query)
    assert on_networkx.get("/api/neo4j-browser", params=params).status_code == 400
