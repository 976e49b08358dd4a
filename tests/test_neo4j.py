"""Against a real Neo4j server: loading, parity with the networkx backend, named Cypher
queries, and how failures look. Needs `scripts/neo4j start` and `eval "$(scripts/neo4j env)"`.
"""

from __future__ import annotations

import json
import re
import time
from random import Random

import pytest

from careergraph.errors import UsageError
from careergraph.graph.model import PREREQUISITE, RECOMMENDS, Dataset, Edge, Node
from careergraph.graph.neo4j_load import load
from careergraph.graph.neo4j_settings import Neo4jSettings
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.queries.cypher import (
    QUERY_DIR,
    browser_text,
    browser_url,
    get_query,
    list_queries,
    run_named,
)

from .neo4j_fixtures import counts, loaded, neo4j_env, neo4j_fixture, neo4j_settings  # noqa: F401

pytestmark = pytest.mark.neo4j


# -- loading ---------------------------------------------------------------------------


def test_loading_twice_leaves_identical_counts(neo4j, curated_dataset):
    load(neo4j, curated_dataset)
    before = counts(neo4j), neo4j.stats()
    load(neo4j, curated_dataset)
    assert (counts(neo4j), neo4j.stats()) == before
    assert before[1]["nodes"] == len(curated_dataset.nodes)
    assert before[1]["edges"] == len(curated_dataset.edges)


@pytest.mark.parametrize("replace", [False, True])
def test_a_foreign_node_survives_a_load(neo4j, curated_dataset, replace):
    neo4j.write("CREATE (:Foreign {id: 'pmp', name: 'keep me'})")
    try:
        load(neo4j, curated_dataset, replace=replace)
        rows = neo4j.run("MATCH (n:Foreign {id: 'pmp'}) RETURN n.name AS name, labels(n) AS labels")
        assert rows == [{"name": "keep me", "labels": ["Foreign"]}]
        assert neo4j.stats()["nodes"] == len(curated_dataset.nodes)
    finally:
        neo4j.write("MATCH (n:Foreign) DETACH DELETE n")


def test_invalid_data_is_refused_before_anything_is_written(neo4j, run, tmp_path):
    before = counts(neo4j)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "nodes:\n  - id: x\n    kind: Role\n    name: X\n"
        "    sources: [https://example.org]\n    as_of: '2026-01-01'\n"
        "edges:\n  - source: x\n    target: nowhere\n    type: PREREQUISITE\n",
        encoding="utf-8",
    )
    code, out, err = run("--data", str(bad), "load", "--replace", env=neo4j_env(neo4j_settings()))
    assert code == 2
    assert "bad.yaml" in err
    assert counts(neo4j) == before


# -- parity with the networkx backend ---------------------------------------------------

PATH_CASES = [
    ["Software Engineer", "Program Manager"],
    ["software-engineer", "program-manager", "--by", "months"],
    ["software-engineer", "program-manager", "--by", "cost"],
    ["software-engineer", "program-manager", "--k", "3"],
    ["software-engineer", "program-manager", "--by", "months", "--k", "3"],
    ["software-engineer", "program-manager", "--by", "cost", "--k", "3"],
    ["systems-engineer", "technical-project-manager", "--by", "months", "--avoid", "project-manager"],
    [
        "it-specialist",
        "program-manager",
        "--by",
        "cost",
        "--avoid",
        "scrum-master",
        "--avoid",
        "devops-engineer",
    ],
    ["software-engineer", "program-manager", "--by", "months", "--via", "scrum-master"],
    ["software-engineer", "pmo-director", "--by", "months", "--via", "pmp", "--k", "3"],
    ["secondary-diploma", "pmp", "--edges", "prerequisite", "--by", "months"],
    ["bachelors-degree", "pgmp", "--edges", "prerequisite", "--k", "3"],
    ["software-engineer", "agile-coach", "--edges", "recommends", "--by", "cost", "--k", "3"],
    ["qa-engineer", "portfolio-manager", "--edges", "recommends", "--by", "months"],
    ["program-manager", "secondary-diploma"],
]
PLAN_CASES = [
    ["pmp"],
    ["pmp", "--have", "bachelor-computer-science"],
    ["pmp", "--have", "capm", "--by", "cost"],
    ["pgmp", "--have", "pmp"],
    ["pgmp", "--have", "bachelors-degree", "--by", "cost"],
    ["cissp"],
    ["cissp", "--have", "security-plus", "--have", "bachelor-engineering"],
    ["a-csm", "--have", "csm"],
    ["a-csm"],
]
OTHER_CASES = [
    ["reach", "software-engineer", "--within-months", "36"],
    ["reach", "software-engineer", "--within-cost", "2000", "--kind", "Role"],
    ["reach", "capm", "--within-months", "60", "--edges", "prerequisite"],
    ["show", "pmp"],
    ["show", "Software Engineer"],
    ["search", "scrum mastr"],
    ["search", "aws arch", "--limit", "5"],
    ["stats"],
    ["list"],
    ["list", "--kind", "Certification"],
]


def both(run, args: list[str]) -> tuple[tuple, tuple]:
    env = neo4j_env(neo4j_settings())
    networkx = run("--backend", "networkx", *args, "--json", env=env)
    neo = run("--backend", "neo4j", *args, "--json", env=env)
    return networkx, neo


@pytest.mark.parametrize("args", PATH_CASES, ids=lambda a: " ".join(a))
def test_path_parity(neo4j, run, args):
    (code_a, out_a, err_a), (code_b, out_b, err_b) = both(run, ["path", *args])
    assert code_b == code_a, err_b
    if code_a != 0:
        return
    # The same pathways, in the same order, ties included: the copy walks the edges in the
    # order `careergraph load` wrote them (docs/neo4j.md).
    assert json.loads(out_b) == json.loads(out_a)


@pytest.mark.parametrize("args", PLAN_CASES, ids=lambda a: " ".join(a))
def test_plan_parity(neo4j, run, args):
    (code_a, out_a, _), (code_b, out_b, err_b) = both(run, ["plan", *args])
    assert code_b == code_a, err_b
    a, b = json.loads(out_a), json.loads(out_b)
    assert (b["months"], b["cost_usd"]) == (a["months"], a["cost_usd"])
    assert b == a


@pytest.mark.parametrize("args", OTHER_CASES, ids=lambda a: " ".join(a))
def test_query_parity(neo4j, run, args):
    (code_a, out_a, _), (code_b, out_b, err_b) = both(run, args)
    assert code_b == code_a == 0, err_b
    assert json.loads(out_b) == json.loads(out_a)


def test_path_by_months_on_neo4j_equals_networkx_totals(neo4j, run):
    env = neo4j_env(neo4j_settings())
    args = ["path", "Software Engineer", "Program Manager", "--by", "months", "--json"]
    code, out, err = run("--backend", "neo4j", *args, env=env)
    assert code == 0, err
    expected = json.loads(run("--backend", "networkx", *args)[1])
    got = json.loads(out)
    totals = [(p["hops"], p["months"], p["cost_usd"]) for p in got["paths"]]
    assert totals == [(p["hops"], p["months"], p["cost_usd"]) for p in expected["paths"]]
    assert got["paths"][0]["nodes"][0]["id"] == "software-engineer"


def random_dataset(seed: int, size: int = 24) -> Dataset:
    """A small random career graph: PREREQUISITE edges only go from a lower to a higher
    index (a DAG), some grouped as alternatives; RECOMMENDS edges go anywhere (cycles)."""
    rng = Random(seed)
    kinds = ("Role", "Certification", "Skill", "Education")
    nodes = [
        Node(
            id=f"n{i}",
            kind=rng.choice(kinds),
            name=f"Node {i}",
            sources=("https://example.org",),
            as_of="2026-01-01",
            months=rng.choice((0, 1, 2, 6)),
            cost_usd=rng.choice((0, 100, 250, 500)),
        )
        for i in range(size)
    ]
    edges: dict[tuple[str, str], Edge] = {}
    for _ in range(size * 3):
        a, b = rng.sample(range(size), 2)
        if rng.random() < 0.4:
            a, b = min(a, b), max(a, b)
            group = rng.choice((None, "g1", "g2"))
            edge = Edge(f"n{a}", f"n{b}", PREREQUISITE, rng.choice((0, 12, 24)), rng.choice((0, 50)), group)
        else:
            edge = Edge(f"n{a}", f"n{b}", RECOMMENDS, rng.choice((1, 3, 12)), rng.choice((0, 10, 400)))
        edges.setdefault((edge.source, edge.target), edge)
    return Dataset.from_records(nodes, edges.values())


def test_the_copy_holds_the_loaded_edges_in_file_order_and_hand_made_ones_after(neo4j, curated_dataset):  # noqa: F811
    from .neo4j_fixtures import connect

    ends = "(a:CareerGraph {id: 'pmp'}), (b:CareerGraph {id: 'agile-coach'})"
    neo4j.write(f"MATCH {ends} CREATE (a)-[:RECOMMENDS {{months: 3}}]->(b)")
    fresh = connect()
    try:
        copy = fresh.dataset()
        assert copy.edges[: len(curated_dataset.edges)] == curated_dataset.edges
        assert copy.edges[-1] == Edge("pmp", "agile-coach", RECOMMENDS, months=3)
        assert len(copy.edges) == len(curated_dataset.edges) + 1
        assert copy.nodes == dict(sorted(curated_dataset.nodes.items()))
    finally:
        fresh.close()
        neo4j.write(
            "MATCH (:CareerGraph {id: 'pmp'})-[r:RECOMMENDS]->(:CareerGraph {id: 'agile-coach'}) DELETE r"
        )


def test_a_large_copy_is_kept_out_of_the_cyclic_collector(neo4j, monkeypatch):
    import gc

    from careergraph.graph import model

    from .neo4j_fixtures import connect

    monkeypatch.setattr(model, "FREEZE_EDGES", 1)  # the curated graph counts as large
    fresh = connect()
    before = gc.get_freeze_count()
    try:
        fresh.dataset()
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
        fresh.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_parity_on_random_graphs(neo4j, curated_dataset, seed):
    from careergraph.queries.paths import find_paths
    from careergraph.queries.plan import make_plan
    from careergraph.queries.reach import reach

    dataset = random_dataset(seed)
    networkx = NetworkxBackend(dataset)
    rng = Random(seed)
    with loaded(neo4j, dataset, curated_dataset) as neo:
        assert neo.stats() == networkx.stats()
        for _ in range(12):
            source, target = (networkx.node(i) for i in rng.sample(sorted(dataset.nodes), 2))
            for by in ("hops", "months", "cost"):
                for k in (1, 3):
                    results = []
                    for backend in (networkx, neo):
                        try:
                            found = find_paths(backend, source, target, by=by, k=k)
                            results.append(found.to_dict())
                        except Exception as exc:  # NoPathway on both is parity too
                            results.append(type(exc).__name__)
                    assert results[1] == results[0], (source.id, target.id, by, k)
            plans = []
            for backend in (networkx, neo):
                plan = make_plan(backend, backend.node(target.id), [backend.node(source.id)])
                plans.append((plan.months, plan.cost_usd))
            assert plans[1] == plans[0], target.id
            within = [reach(b, b.node(source.id), "months", 24, None, "all") for b in (networkx, neo)]
            assert within[1].to_dict() == within[0].to_dict()


# -- named Cypher queries ---------------------------------------------------------------


def rows_of(backend, name: str, **params: str) -> list[dict]:
    result = run_named(backend, name, params)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_there_are_at_least_eight_named_queries_with_complete_headers():
    queries = list_queries()
    assert len(queries) >= 8
    for query in queries:
        assert query.description and query.mode in ("read", "write")
        assert query.text.startswith(f"// name: {query.name}\n")
        for key in query.params:
            assert f"${key}" in query.text, f"{query.name} declares {key} but does not use ${key}"


def test_every_named_query_runs_with_its_defaults(neo4j):
    for query in list_queries():
        if "apoc." in query.text and not neo4j.has_apoc:
            # Maven Central has no APOC Core for the 2025+ releases: a clear refusal, exit 2.
            with pytest.raises(UsageError, match="apoc"):
                run_named(neo4j, query.name)
            continue
        result = run_named(neo4j, query.name)
        json.dumps(result.to_dict())  # plain JSON-able values only
        if query.name != "nodes-without-sources":
            assert result.rows, f"{query.name} returned nothing on the curated dataset"


def test_pathway_between_roles_returns_the_path_from_software_engineer(neo4j, curated):
    [row] = rows_of(neo4j, "pathway-between-roles")
    ids = [node["id"] for node in row["pathway"]]
    assert ids[0] == "software-engineer" and ids[-1] == "program-manager"
    assert row["steps"] == len(ids) - 1 == 2
    assert row["pathway"][0] == {"id": "software-engineer", "name": "Software Engineer", "kind": "Role"}


def test_prerequisite_tree_of_pmp_lists_its_and_groups(neo4j, curated_dataset):
    rows = rows_of(neo4j, "prerequisite-tree", cert="pmp")
    top = {r["requirement"]: set(r["any_of"]) for r in rows if r["node"] == "pmp"}
    expected: dict[str, set[str]] = {}
    for edge in curated_dataset.edges:
        if edge.target == "pmp" and edge.type == PREREQUISITE:
            expected.setdefault(edge.group or f"requires {edge.source}", set()).add(edge.source)
    assert top == {key: found for key, found in expected.items()}
    assert top["eligibility"] >= {"pmp-route-degree", "pmp-route-diploma"}
    assert top["pm-education"] == {"capm", "master-project-management", "pm-education-35-hours"}
    assert {r["node"] for r in rows if r["depth"] == 2} >= {"capm", "pmp-route-degree", "pmp-route-diploma"}


def test_certification_unlocks_pmp_includes_known_targets(neo4j, curated_dataset):
    rows = rows_of(neo4j, "certification-unlocks", cert="pmp")
    expected = {(e.target, e.type) for e in curated_dataset.edges if e.source == "pmp"}
    relation = {"unlocks": PREREQUISITE, "recommends": RECOMMENDS}
    assert {(r["id"], relation[r["relation"]]) for r in rows} == expected
    assert ("pgmp", "recommends") in {(r["id"], r["relation"]) for r in rows}
    assert ("pmi-acp", "unlocks") in {(r["id"], r["relation"]) for r in rows}


def test_cheapest_route_to_role_costs_what_path_by_cost_costs(neo4j, curated):
    from careergraph.errors import UsageError
    from careergraph.queries.paths import find_paths

    if not neo4j.has_apoc:  # the current Neo4j line: no APOC Core on Maven Central yet
        with pytest.raises(UsageError, match="apoc.algo.dijkstra"):
            rows_of(neo4j, "cheapest-route-to-role", to="agile-coach")
        return
    [row] = rows_of(neo4j, "cheapest-route-to-role", to="agile-coach")
    start, goal = curated.node("software-engineer"), curated.node("agile-coach")
    best = find_paths(curated, start, goal, by="cost").paths[0]
    assert row["cost_usd"] == best.cost_usd
    assert row["path"][0]["id"] == "software-engineer" and row["path"][-1]["id"] == "agile-coach"


def test_roles_within_two_steps_of_software_engineer(neo4j, curated_dataset):
    rows = rows_of(neo4j, "roles-within-two-steps")
    roles = {n.id for n in curated_dataset.nodes.values() if n.kind == "Role"}
    one = {e.target for e in curated_dataset.edges if e.source == "software-engineer"}
    two = {e.target for e in curated_dataset.edges if e.source in one}
    expected = ((one | two) & roles) - {"software-engineer"}
    assert {r["id"] for r in rows} == expected
    assert all(r["steps"] == 1 for r in rows if r["id"] in one)


def test_certifications_by_issuer_filters_and_orders_by_fee(neo4j, curated_dataset):
    rows = rows_of(neo4j, "certifications-by-issuer", issuer="pmi", max_fee="700")
    # Cypher orders an unknown (null) fee last.
    expected = sorted(
        ((n.exam_fee_usd is None, n.exam_fee_usd or 0, n.id), (n.exam_fee_usd, n.id))
        for n in curated_dataset.nodes.values()
        if n.issuer == "PMI" and (n.exam_fee_usd is None or n.exam_fee_usd <= 700)
    )
    assert [(r["exam_fee_usd"], r["id"]) for r in rows] == [shown for _, shown in expected]
    assert "pmp" in {r["id"] for r in rows} and "pgmp" not in {r["id"] for r in rows}


def test_skills_for_role_names_where_to_learn_them(neo4j):
    rows = {r["id"]: r["learn_from"] for r in rows_of(neo4j, "skills-for-role")}
    assert "risk-management" in rows
    assert {"pmp", "prince2-practitioner"} <= set(rows["risk-management"])


def test_no_curated_node_lacks_sources(neo4j):
    assert rows_of(neo4j, "nodes-without-sources") == []


def test_a_write_inside_a_read_query_is_refused(neo4j, tmp_path):
    (tmp_path / "sneaky.cypher").write_text(
        "// name: sneaky\n// description: writes although it says read\n// params: name=x\n// mode: read\n"
        "CREATE (n:Foreign {name: $name}) RETURN n.name AS name\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match="read access mode"):
        run_named(neo4j, "sneaky", directory=tmp_path)
    assert neo4j.run("MATCH (n:Foreign) RETURN count(n) AS n") == [{"n": 0}]


def test_a_write_declared_query_runs_in_a_write_transaction(neo4j, tmp_path):
    (tmp_path / "tag.cypher").write_text(
        "// name: tag\n// description: a write\n// params: name=x\n// mode: write\n"
        "CREATE (n:Foreign {name: $name}) RETURN n.name AS name\n",
        encoding="utf-8",
    )
    try:
        result = run_named(neo4j, "tag", {"name": "written"}, directory=tmp_path)
        assert result.rows == [["written"]]
        assert result.counters == {"labels_added": 1, "nodes_created": 1, "properties_set": 1}
    finally:
        neo4j.write("MATCH (n:Foreign) DETACH DELETE n")


def test_params_are_converted_and_checked(neo4j):
    result = run_named(neo4j, "certifications-by-issuer", {"max_fee": "300.5"})
    assert result.params["max_fee"] == 300.5
    with pytest.raises(UsageError, match="it takes issuer, max_fee"):
        run_named(neo4j, "certifications-by-issuer", {"fee": "1"})


def test_cypher_command_prints_a_table_and_json(neo4j, run):
    env = neo4j_env(neo4j_settings())
    code, out, _ = run("cypher", "pathway-between-roles", env=env)
    # shortestPath picks any of the equally short pathways, and 5.26 and 2026.x pick different ones.
    assert code == 0 and re.search(r"^Software Engineer → [^→\n]+ → Program Manager +2$", out, re.M), out
    code, out, _ = run("cypher", "prerequisite-tree", "--param", "cert=cissp", "--json", env=env)
    document = json.loads(out)
    assert document["params"] == {"cert": "cissp"} and document["columns"][0] == "depth"


def test_cypher_command_with_an_unknown_name_lists_the_names(run):
    code, _, err = run("cypher", "no-such-query")
    assert code == 2
    assert "pathway-between-roles" in err and "prerequisite-tree" in err


def test_cypher_list_needs_no_server(run):
    code, out, _ = run("--neo4j-uri", "bolt://127.0.0.1:1", "cypher", "--list", "--json")
    assert code == 0
    names = {q["name"] for q in json.loads(out)["queries"]}
    assert names >= {"pathway-between-roles", "certification-unlocks"}


# -- Neo4j Browser links ----------------------------------------------------------------


def test_browser_url_connects_without_the_password():
    query = get_query("pathway-between-roles")
    text = "MATCH (n)\nRETURN n"
    url = browser_url("http://127.0.0.1:7474/", "bolt://127.0.0.1:7687", "neo4j", "neo4j", text)
    # The default database is left to Browser (its `:use` at connect can race the list of
    # databases); another database is selected with db=.
    assert url.startswith(
        "http://127.0.0.1:7474/browser/?dbms=bolt%3A%2F%2Fneo4j%40127.0.0.1%3A7687&preselectAuthMethod=NATIVE"
    )
    assert "preselectAuthMethod=NATIVE&cmd=edit&arg=MATCH%20%28n%29&arg=RETURN%20n" in url
    other = browser_url("http://127.0.0.1:7474", "bolt://127.0.0.1:7687", "neo4j", "careers", text)
    assert "%3A7687&db=careers&preselectAuthMethod=NATIVE" in other
    with pytest.raises(ValueError):
        browser_url("http://x", "bolt://h:1", "u", None, "MATCH (n:A&B) RETURN n")
    assert browser_text(query, {"from": "software-engineer", "to": "program-manager"}) == query.text.strip()
    assert browser_text(query, {"from": "scrum-master", "to": "program-manager"}).startswith(
        ':param {from: "scrum-master", to: "program-manager"};\n'
    )


def test_browser_command_never_prints_the_password(run):
    secret = "do-not-print-me-123"
    code, out, err = run(
        "--neo4j-password", secret, "browser", "pathway-between-roles", "--http-url", "http://127.0.0.1:7474"
    )
    assert code == 0 and secret not in out + err
    assert out.startswith("http://127.0.0.1:7474/browser/?dbms=")


def test_named_queries_are_safe_in_a_browser_url():
    for query in list_queries():
        assert not set(query.text) & {"&", "#"}, query.name


def test_the_shipped_browser_conf_is_up_to_date(run):
    shipped = (QUERY_DIR / "neo4j-browser.conf").read_text(encoding="utf-8")
    assert run("browser", "--conf")[1] == shipped


# -- failure modes ----------------------------------------------------------------------


def test_a_wrong_password_exits_3_with_one_line(neo4j, run):
    settings = neo4j_settings()
    secret = "definitely-wrong-password"
    env = {**neo4j_env(Neo4jSettings(settings.uri, settings.user, secret, settings.database))}
    code, out, err = run("--backend", "neo4j", "stats", env=env)
    assert code == 3
    assert len(err.strip().splitlines()) == 1 and "credentials" in err
    assert "Traceback" not in err and secret not in out + err


@pytest.mark.parametrize(
    "args",
    [
        ["--backend", "neo4j", "stats"],
        ["--backend", "neo4j", "path", "Software Engineer", "Program Manager"],
        ["--backend", "neo4j", "plan", "pmp"],
        ["--backend", "neo4j", "show", "pmp"],
        ["--backend", "neo4j", "search", "scrum"],
        ["--backend", "neo4j", "list"],
        ["--backend", "neo4j", "reach", "software-engineer", "--within-months", "12"],
        ["--backend", "neo4j", "export"],
        ["load"],
        ["cypher", "pathway-between-roles"],
    ],
    ids=lambda a: " ".join(a[2:4] if a[0] == "--backend" else a[:1]),
)
def test_a_closed_port_exits_3_quickly(run, args):
    env = {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "whatever-123"}
    started = time.monotonic()
    code, _, err = run(*args, env=env)
    elapsed = time.monotonic() - started
    assert code == 3, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "whatever-123" not in err
    assert elapsed < 5, f"took {elapsed:.1f} s: a refused connection must not wait for the 5 s timeout"


def test_who_points_at_a_node_and_where_its_edges_go_on_neo4j_are_as_in_networkx(neo4j, curated_dataset):
    dataset = random_dataset(4)
    networkx = NetworkxBackend(dataset)
    with loaded(neo4j, dataset, curated_dataset) as neo:
        for node_id in sorted(dataset.nodes):
            for types in ({PREREQUISITE}, {PREREQUISITE, RECOMMENDS}):
                assert sorted(neo.in_sources(node_id, types)) == sorted(networkx.in_sources(node_id, types))
                avoid = set(sorted(dataset.nodes)[:1]) - {node_id}
                rings, stopped = neo.in_rings(node_id, types, avoid, 3)
                expected, exhausted = networkx.in_rings(node_id, types, avoid, 3)
                assert ([sorted(r) for r in rings], stopped) == ([sorted(r) for r in expected], exhausted)
                ball, other = neo.ball(node_id, types, avoid, 3), networkx.ball(node_id, types, avoid, 3)
                assert dict(ball) == dict(other) and ball.beyond == other.beyond
                for node in sorted(dataset.nodes):  # the same moves; positions are each backend's
                    near, far = ball.moves(node, 1, True)
                    assert [neo.out_edge(node, p).target for _, p in near + far] == [t for t, _ in near + far]
                    assert (sorted(t for t, _ in near), sorted(t for t, _ in far)) == tuple(
                        sorted(t for t, _ in found) for found in other.moves(node, 1, True)
                    )
            out = neo.out_neighbours(node_id)
            assert sorted(out) == sorted(networkx.out_neighbours(node_id))
            edges = [neo.out_edge(node_id, i) for i in range(len(out))]
            assert [(e.target, e.type) for e in edges] == out
            by_key = {e.key: e for e in networkx.out_edges(node_id)}
            assert {e.key: e for e in edges} == by_key
