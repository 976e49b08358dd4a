"""Interoperability: an in-house graph without sources comes in, and careergraph's graph
goes out to readers careergraph does not use to write it (python-igraph, Neo4j)."""

from __future__ import annotations

import json

import pytest

from careergraph.loaders.export import to_cypher, write_export
from careergraph.loaders.validation import NO_SOURCES_WARNING

from .conftest import require
from .neo4j_fixtures import neo4j_fixture  # noqa: F401

try:
    import igraph
except ImportError:  # the test extra installs it; without it the igraph test skips
    igraph = None

# A coach's own framework: no public page to cite, so no sources column.
NODES_CSV = (
    "id,kind,name,months\ncoach,Role,Coach,\nfacilitation,Skill,Facilitation,2\nlead-coach,Role,Lead Coach,\n"
)
EDGES_CSV = (
    "source,target,type,months\n"
    "coach,facilitation,RECOMMENDS,\n"
    "facilitation,lead-coach,PREREQUISITE,\n"
    "coach,lead-coach,PREREQUISITE,24\n"
)


@pytest.fixture
def in_house(tmp_path):
    folder = tmp_path / "framework"
    folder.mkdir()
    (folder / "nodes.csv").write_text(NODES_CSV, encoding="utf-8")
    (folder / "edges.csv").write_text(EDGES_CSV, encoding="utf-8")
    return folder


def test_an_in_house_graph_without_sources_validates_with_a_warning_per_node(run, in_house):
    code, out, err = run("--data", str(in_house), "validate")
    assert code == 0 and out == "valid: 3 nodes, 3 edges\n"
    assert err.count("warning: node has no sources") == 3
    assert f"{in_house / 'nodes.csv'}:2: warning:" in err and "--strict" in err


def test_validate_json_lists_the_missing_sources_as_warnings(run, in_house):
    code, out, _ = run("--data", str(in_house), "validate", "--json")
    document = json.loads(out)
    assert code == 0 and document["valid"] is True
    assert {(p["line"], p["severity"], p["message"]) for p in document["problems"]} == {
        (line, "warning", NO_SOURCES_WARNING) for line in (2, 3, 4)
    }


def test_an_in_house_graph_answers_path_with_the_warnings_on_stderr(run, in_house):
    code, out, err = run("--data", str(in_house), "path", "Coach", "Lead Coach")
    assert code == 0 and "Lead Coach" in out
    assert "warning: node has no sources" in err


def test_strict_refuses_nodes_without_sources(run, in_house):
    code, out, err = run("--strict", "--data", str(in_house), "path", "Coach", "Lead Coach")
    assert code == 2 and out == ""
    assert f"{in_house / 'nodes.csv'}:2: node has no sources" in err


def test_careergraph_strict_in_the_environment_refuses_them_too(run, in_house):
    code, _, err = run("--data", str(in_house), "validate", env={"CAREERGRAPH_STRICT": "1"})
    assert code == 2 and "node has no sources" in err


def stats(run) -> dict:
    code, out, _ = run("stats", "--json")
    assert code == 0
    return json.loads(out)


def test_igraph_reads_the_graphml_export_with_the_counts_of_stats(run, tmp_path, curated_dataset):
    require(igraph is not None, "python-igraph (pip install -e .[test])")
    path = tmp_path / "careergraph.graphml"
    code, _, _ = run("export", "--format", "graphml", "--out", str(path))
    assert code == 0
    graph = igraph.Graph.Read_GraphML(str(path))
    expected = stats(run)
    assert (graph.vcount(), graph.ecount()) == (expected["nodes"], expected["edges"])
    assert {kind: graph.vs["kind"].count(kind) for kind in expected["by_kind"]} == expected["by_kind"]
    assert {t: graph.es["type"].count(t) for t in expected["by_type"]} == expected["by_type"]
    by_id = {vertex["id"]: vertex for vertex in graph.vs}
    for node in curated_dataset.nodes.values():
        vertex = by_id[node.id]
        assert (vertex["label"], vertex["kind"], vertex["months"]) == (node.name, node.kind, node.months)


@pytest.mark.neo4j
def test_the_cypher_export_run_into_neo4j_gives_the_graph_of_stats(neo4j, run, curated_dataset):  # noqa: F811
    """Statement by statement into the suite's Neo4j, after removing only careergraph's
    own nodes; the curated load is put back afterwards."""
    from careergraph.graph.neo4j_load import load

    expected = stats(run)
    statements = [line for line in to_cypher(curated_dataset).splitlines() if not line.startswith("//")]
    try:
        neo4j.write("MATCH (n:CareerGraph) DETACH DELETE n")
        for statement in statements:
            neo4j.write(statement.removesuffix(";"))
        [found] = neo4j.run(
            "MATCH (n:CareerGraph) WITH count(n) AS nodes "
            "OPTIONAL MATCH (:CareerGraph)-[r]->(:CareerGraph) RETURN nodes, count(r) AS edges"
        )
        assert found == {"nodes": expected["nodes"], "edges": expected["edges"]}
        rows = neo4j.run("MATCH (n:CareerGraph) RETURN [l IN labels(n) WHERE l <> 'CareerGraph'][0] AS kind")
        assert {kind: sum(r["kind"] == kind for r in rows) for kind in expected["by_kind"]} == expected[
            "by_kind"
        ]
        [pmp] = neo4j.run(
            "MATCH (n:CareerGraph {id: 'pmp'}) "
            "RETURN n.name AS name, n.months AS months, n.sources AS sources"
        )
        node = curated_dataset.nodes["pmp"]
        assert pmp == {"name": node.name, "months": node.months, "sources": list(node.sources)}
        edge = next(e for e in curated_dataset.edges if e.months and e.type == "PREREQUISITE")
        [rule] = neo4j.run(
            "MATCH (:CareerGraph {id: $source})-[r:PREREQUISITE]->(:CareerGraph {id: $target}) "
            "RETURN r.months AS months, r.group AS group",
            source=edge.source,
            target=edge.target,
        )
        assert rule == {"months": edge.months, "group": edge.group}
    finally:
        load(neo4j, curated_dataset, replace=True)


def test_csv_export_of_an_in_house_graph_loads_back_with_the_same_warnings(tmp_path, in_house):
    from careergraph.loaders import load_dataset

    before = load_dataset([in_house])
    write_export(before, "csv", tmp_path / "out")
    after = load_dataset([tmp_path / "out"])
    assert len(after.warnings) == len(before.warnings) == 3
