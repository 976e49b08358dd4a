"""The explorer's JSON API through Starlette's TestClient over the real application: the
same documents as the CLI's --json, and hostile requests answered 4xx with a JSON error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset
from careergraph.serve.app import create_app
from careergraph.serve.params import MAX_K, MAX_VIA

from .conftest import MINI

PROFILES = Path(__file__).parent / "fixtures" / "profiles"


@pytest.fixture(scope="module")
def client() -> TestClient:
    """The app over the mini dataset, as a browser on 127.0.0.1 would reach it."""
    backend = NetworkxBackend(load_dataset([MINI]))
    return TestClient(create_app(backend), base_url="http://127.0.0.1:8765", raise_server_exceptions=False)


def cli_json(run, *args: str) -> dict:
    code, out, err = run("--data", str(MINI), *args, "--json")
    assert code == 0, err
    return json.loads(out)


def api_json(client: TestClient, url: str, params: list[tuple[str, str]]) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    ("url", "params", "args"),
    [
        ("/api/path", [("from", "dev"), ("to", "pgm")], ["path", "dev", "pgm"]),
        (
            "/api/path",
            [("from", "Developer"), ("to", "pgm"), ("by", "months"), ("k", "3")],
            ["path", "Developer", "pgm", "--by", "months", "--k", "3"],
        ),
        (
            "/api/path",
            [("from", "dev"), ("to", "pgm"), ("by", "cost"), ("k", "2"), ("avoid", "lead")],
            ["path", "dev", "pgm", "--by", "cost", "--k", "2", "--avoid", "lead"],
        ),
        (
            "/api/path",
            [("from", "dev"), ("to", "pgm"), ("via", "pmp")],
            ["path", "dev", "pgm", "--via", "pmp"],
        ),
        ("/api/plan", [("goal", "pmp")], ["plan", "pmp"]),
        ("/api/plan", [("goal", "PMP"), ("have", "diploma")], ["plan", "PMP", "--have", "diploma"]),
        (
            "/api/plan",
            [("goal", "pmp"), ("have", "degree"), ("by", "cost"), ("explain", "1")],
            ["plan", "pmp", "--have", "degree", "--by", "cost", "--explain"],
        ),
        (
            "/api/reach",
            [("from", "dev"), ("within_months", "40")],
            ["reach", "dev", "--within-months", "40"],
        ),
        (
            "/api/reach",
            [("from", "dev"), ("within_cost", "1000"), ("kind", "Role")],
            ["reach", "dev", "--within-cost", "1000", "--kind", "Role"],
        ),
        ("/api/show", [("node", "pmp")], ["show", "pmp"]),
        ("/api/search", [("q", "profesional"), ("limit", "3")], ["search", "profesional", "--limit", "3"]),
        ("/api/stats", [], ["stats"]),
    ],
)
def test_the_api_answers_what_the_cli_prints_with_json(client, run, url, params, args) -> None:
    assert api_json(client, url, params) == cli_json(run, *args)


def test_months_of_experience_count_as_in_the_cli(client, run) -> None:
    params = [("goal", "pmp"), ("have", "degree"), ("have", "Leading projects=24")]
    answer = api_json(client, "/api/plan", params)
    assert answer == cli_json(run, "plan", "pmp", "--have", "degree", "--have", "Leading projects=24")
    assert answer["elapsed_months"] < api_json(client, "/api/plan", params[:2])["elapsed_months"]


def test_the_openapi_description_names_every_endpoint_and_parameter(client) -> None:
    spec = api_json(client, "/api/openapi.json", [])
    routes = {route.path for route in client.app.routes if route.path.startswith("/api/")}
    assert set(spec["paths"]) == routes
    path_params = {p["name"] for p in spec["paths"]["/api/path"]["get"]["parameters"]}
    assert path_params == {"from", "to", "by", "k", "via", "avoid", "edges", "have"}
    assert {p["name"] for p in spec["paths"]["/api/plan"]["get"]["parameters"]} == {
        "goal",
        "by",
        "explain",
        "have",
    }


def test_the_page_is_served_with_a_strict_content_security_policy(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "<script>" not in response.text  # every executable script is a file from the server
    assert response.headers["x-content-type-options"] == "nosniff"
    for name in ("serve.js", "common.js", "vis-network.min.js", "vis-network.css"):
        assert client.get(f"/static/{name}").status_code == 200


def test_a_profile_is_read_in_memory_and_answered_as_have_values(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    backend = NetworkxBackend(load_dataset([PROFILES / "graph.yaml"]))
    client = TestClient(create_app(backend), base_url="http://127.0.0.1")
    response = client.post("/api/profile", content=(PROFILES / "me.yaml").read_bytes())
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "bachelor-computer-science" in answer["have"]
    assert "project-leadership-experience=48" in answer["have"]  # 36 as TPM, 12 more as lead
    assert list(tmp_path.iterdir()) == []  # nothing written


def error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert isinstance(body["error"], str) and "Traceback" not in body["error"]
    return body


def test_an_unknown_name_is_422_with_did_you_mean(client) -> None:
    body = error(client.get("/api/path", params={"from": "Develper", "to": "pgm"}), 422)
    assert body["code"] == 2 and body["query"] == "Develper"
    assert any("(dev)" in c for c in body["candidates"])


def test_an_ambiguous_name_lists_the_candidates(client) -> None:
    body = error(client.get("/api/show", params={"node": "TPM"}), 422)
    assert body["ambiguous"] is True and len(body["candidates"]) == 2


def test_no_pathway_is_404(client) -> None:
    assert error(client.get("/api/path", params={"from": "pgm", "to": "diploma"}), 404)["code"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"from": "dev"},
        {"from": "dev", "to": "pgm", "k": "0"},
        {"from": "dev", "to": "pgm", "k": str(MAX_K + 1)},
        {"from": "dev", "to": "pgm", "k": "1e3"},
        {"from": "dev", "to": "pgm", "by": "<script>"},
        {"from": "dev", "to": "pgm", "edges": "all'--"},
        {"from": "x" * 501, "to": "pgm"},
        {"from": "dev", "to": "pgm", "have": "Leading projects=5000"},
        {"from": "dev", "to": ["pgm", "pm"]},
    ],
)
def test_a_bad_path_parameter_is_400(client, params) -> None:
    assert error(client.get("/api/path", params=params), 400)["code"] == 2


def test_too_many_via_nodes_are_refused(client) -> None:
    params = [("from", "dev"), ("to", "pgm")] + [("via", "pmp")] * (MAX_VIA + 1)
    error(client.get("/api/path", params=params), 400)


@pytest.mark.parametrize("budget", ["nan", "inf", "-1", "1e999", "twelve"])
def test_a_budget_that_is_not_a_finite_number_is_400(client, budget) -> None:
    error(client.get("/api/reach", params={"from": "dev", "within_months": budget}), 400)


def test_a_query_string_over_the_bound_is_414(client, monkeypatch) -> None:
    # httpx itself refuses a URL as long as the real bound; the real server is checked
    # with it in test_serve_browser.py.
    monkeypatch.setattr("careergraph.serve.app.MAX_QUERY_BYTES", 1000)
    error(client.get("/api/search", params={"q": "a" * 1001}), 414)
    assert client.get("/api/search", params={"q": "a" * 400}).status_code == 200


def test_a_profile_over_a_megabyte_is_413(client) -> None:
    error(client.post("/api/profile", content=b"a: b\n" * 210_000), 413)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\xff\xfe not utf-8",
        b"positions: [[[[",
        b"!!python/object/apply:os.system ['true']",
        b"credentials: 3",
    ],
)
def test_a_broken_profile_is_422_with_its_problems(client, body) -> None:
    assert "problems" in error(client.post("/api/profile", content=body), 422)


def test_a_foreign_host_header_is_refused_against_dns_rebinding(client) -> None:
    response = client.get("/api/stats", headers={"host": "attacker.example:8765"})
    assert response.status_code == 400
    assert client.get("/api/stats", headers={"host": "localhost:8765"}).status_code == 200
    assert client.get("/api/stats", headers={"host": "[::1]:8765"}).status_code == 200


def test_an_unknown_route_and_a_wrong_method_are_json(client) -> None:
    error(client.get("/api/nothing"), 404)
    error(client.post("/api/path"), 405)
    error(client.get("/static/..%2f..%2fcli.py"), 404)


def test_markup_in_a_parameter_comes_back_as_json_text_only(client) -> None:
    response = client.get("/api/search", params={"q": "<img src=x onerror=alert(1)>"})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_server_keeps_serving_after_hostile_requests(client) -> None:
    for query in ("from=%00%ED%A0%80&to=pgm", "from=%25%25%zz&to=pgm", "k=-1", "from=dev&to=pgm&have=%FF%FE"):
        assert 400 <= client.get(f"/api/path?{query}").status_code < 500
    assert client.get("/api/path", params={"from": "dev", "to": "pgm"}).status_code == 200
