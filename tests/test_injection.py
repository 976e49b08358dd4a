"""Injection: Cypher, backticks, `$param` strings and escape look-alikes in every field and
CLI parameter are stored and returned verbatim by a real Neo4j (a private server, see
tests/neo4j_private.py) and change nothing else; read queries cannot write; HTML pages
show the same text as text."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from careergraph.errors import UsageError
from careergraph.graph.neo4j_backend import MARK, Neo4jBackend
from careergraph.loaders import load_dataset
from careergraph.queries.cypher import run_named

from .neo4j_private import careergraph_command, private_server

DROP = "'}) DETACH DELETE n //"
TICKS = "x`}) MATCH (m) DETACH DELETE m //"
PARAM = "$id"
ESCAPE = "\\u0027}) DETACH DELETE n //"  # a backslash, u0027: not a quote
BRACES = '"}) CALL apoc.cypher.runWrite("MATCH (n) DETACH DELETE n", {}) YIELD value RETURN 1 //'
URL = 'https://example.org/?q=\')%20DETACH%20DELETE%20n//&x="`$id`"'

NODES = [
    {
        "id": DROP,
        "kind": "Role",
        "name": TICKS,
        "aliases": [PARAM, ESCAPE, "{id}", "$" + "{jndi:ldap://x}"],
        "description": BRACES,
        "note": "`n`.`pwned` = true; :param x => 1",
        "sources": [URL],
        "as_of": "2026-11-01') //",
    },
    {
        "id": TICKS,
        "kind": "Certification",
        "name": PARAM + " certification",
        "aliases": [DROP + " alias"],
        "issuer": "ISC2'}) SET n:Pwned //",
        "renewal": "`; DROP CONSTRAINT careergraph_id; //",
        "confidence": "unconfirmed' OR 1=1 //",
        "exam_fee_usd": 10,
        "sources": ["https://example.org/cert"],
    },
    {
        "id": ESCAPE,
        "kind": "Skill",
        "name": "Goal " + ESCAPE,
        "sources": ["https://example.org/goal"],
        "months": 2,
    },
]
EDGES = [
    {"source": DROP, "target": TICKS, "type": "RECOMMENDS", "months": 3, "note": DROP, "source_url": URL},
    {"source": TICKS, "target": ESCAPE, "type": "PREREQUISITE", "group": DROP, "note": PARAM},
]
FIELDS = (
    "id",
    "name",
    "aliases",
    "description",
    "note",
    "sources",
    "as_of",
    "issuer",
    "renewal",
    "confidence",
)


@pytest.fixture(scope="module")
def server():
    return private_server()


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("injection") / "hostile.yaml"
    path.write_text(yaml.safe_dump({"nodes": NODES, "edges": EDGES}, allow_unicode=True), encoding="utf-8")
    return path


def foreign_snapshot(backend: Neo4jBackend) -> dict:
    """Everything that is not careergraph's: nodes, their properties, relationships."""
    nodes = backend.run(
        f"MATCH (n) WHERE NOT n:{MARK} RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id"
    )
    rels = backend.run(
        f"MATCH (a)-[r]->(b) WHERE NOT (a:{MARK} AND b:{MARK}) "
        "RETURN a.id AS a, type(r) AS type, properties(r) AS props, b.id AS b ORDER BY a, b"
    )
    labels = backend.run("CALL db.labels() YIELD label RETURN collect(label) AS labels")[0]["labels"]
    constraints = backend.run("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")[0]["names"]
    return {"nodes": nodes, "rels": rels, "pwned": "Pwned" in labels, "constraints": sorted(constraints)}


@pytest.fixture(scope="module")
def loaded(server, hostile_file):
    """The hostile dataset loaded through the CLI beside foreign data made by hand."""
    server.wipe()
    backend = Neo4jBackend(server.settings())
    backend.write(
        "CREATE (a:Foreign {id: $drop, name: 'foreign a'})-[:KNOWS {since: 2020}]->(b:Foreign {id: 'f-b'}), "
        "(b)-[:KNOWS]->(:Foreign:Role {id: $ticks, name: 'a foreign Role with a careergraph id'}), "
        "(:Other {id: 'pmp'})",
        drop=DROP,
        ticks=TICKS,
    )
    before = foreign_snapshot(backend)
    done = cli(server, "--data", str(hostile_file), "load")
    assert done.returncode == 0, done.stderr
    yield backend, before
    backend.close()


def cli(server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        careergraph_command(*args), env=server.cli_env(), capture_output=True, text=True, timeout=120
    )


def cli_json(server, *args: str) -> dict:
    done = cli(server, "--backend", "neo4j", *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.neo4j
def test_hostile_text_is_stored_verbatim_and_foreign_data_is_untouched(loaded, hostile_file):
    backend, before = loaded
    stored = backend.run(f"MATCH (n:{MARK}) RETURN properties(n) AS props")
    by_id = {row["props"]["id"]: row["props"] for row in stored}
    assert set(by_id) == {DROP, TICKS, ESCAPE}
    for record in NODES:
        for field in FIELDS:
            if field in record:
                assert by_id[record["id"]][field] == record[field], field
    assert backend.stats()["edges"] == 2
    assert foreign_snapshot(backend) == before
    dataset = load_dataset([hostile_file])
    assert backend.dataset().nodes == dataset.nodes


@pytest.mark.neo4j
def test_show_search_path_and_plan_return_hostile_text_verbatim(server, loaded):
    backend, before = loaded
    for record in NODES:
        shown = cli_json(server, "show", record["id"])
        for field in FIELDS:
            if field in record:
                assert shown["node"][field] == record[field], field
    assert cli_json(server, "show", PARAM)["node"]["id"] == DROP  # an alias that looks like a parameter
    assert cli_json(server, "show", ESCAPE)["node"]["id"] == ESCAPE  # not unescaped into a quote
    hits = cli_json(server, "search", TICKS)["results"]
    assert {hit["id"]: hit["name"] for hit in hits}[DROP] == TICKS  # TICKS is an id and a name
    path = cli_json(server, "path", DROP, ESCAPE, "--k", "2")
    assert [n["id"] for n in path["paths"][0]["nodes"]] == [DROP, TICKS, ESCAPE]
    assert path["paths"][0]["edges"][0]["source"] == DROP
    plan = cli_json(server, "plan", ESCAPE, "--have", DROP)
    assert [step["id"] for step in plan["steps"]] == [TICKS, ESCAPE]
    assert plan["have"][0]["id"] == DROP
    assert foreign_snapshot(backend) == before


HOSTILE_ARGUMENTS = [DROP + "x", "x' OR 1=1 //", "`) RETURN 1 //", "$cert", "\\u0027", "\x00"]


@pytest.mark.neo4j
@pytest.mark.parametrize("argument", HOSTILE_ARGUMENTS)
def test_hostile_cli_arguments_are_only_names_that_do_not_match(server, loaded, argument):
    backend, before = loaded
    if "\x00" in argument:  # no process can take a NUL in argv: the library gets it instead
        from careergraph.errors import UnknownNode
        from careergraph.queries.resolve import resolve

        with pytest.raises(UnknownNode):
            resolve(backend, argument)
    else:
        done = cli(server, "--backend", "neo4j", "show", argument)
        assert done.returncode == 2 and done.stderr.startswith("careergraph: error: unknown node")
        done = cli(server, "cypher", "prerequisite-tree", "--param", f"cert={argument}", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["rows"] == []
    assert backend.stats()["nodes"] == 3
    assert foreign_snapshot(backend) == before


@pytest.mark.neo4j
def test_a_named_query_finds_a_node_whose_id_is_cypher(server, loaded):
    done = cli(server, "cypher", "certification-unlocks", "--param", f"cert={TICKS}", "--json")
    assert done.returncode == 0, done.stderr
    assert TICKS in done.stdout or json.loads(done.stdout)["rows"] is not None


@pytest.mark.neo4j
def test_a_write_in_a_read_transaction_is_refused_by_the_server(loaded, tmp_path):
    backend, before = loaded
    (tmp_path / "sneaky.cypher").write_text(
        "// name: sneaky\n// description: claims to read, writes\n// params: id=x\n// mode: read\n"
        f"MATCH (n:{MARK}) SET n.pwned = true WITH count(n) AS touched CREATE (:Pwned {{id: $id}}) "
        "RETURN touched\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError) as refused:
        run_named(backend, "sneaky", {}, directory=tmp_path)
    assert "read" in str(refused.value).lower()
    with pytest.raises(UsageError):
        backend.run("CREATE (:Pwned {id: 'via run'})")
    with pytest.raises(UsageError):
        backend.run("CALL apoc.cypher.runWrite('CREATE (:Pwned)', {}) YIELD value RETURN value")
    assert backend.run(f"MATCH (n:{MARK}) WHERE n.pwned IS NOT NULL RETURN count(n) AS n") == [{"n": 0}]
    assert foreign_snapshot(backend) == before


@pytest.mark.neo4j
def test_loading_again_and_replacing_touch_only_careergraph_data(server, loaded, hostile_file):
    backend, before = loaded
    for args in (["load"], ["load", "--replace"]):
        done = cli(server, "--data", str(hostile_file), *args)
        assert done.returncode == 0, done.stderr
        assert backend.stats()["nodes"] == 3 and backend.stats()["edges"] == 2
        assert foreign_snapshot(backend) == before


# -- HTML: what tests/test_html_browser.py does not already cover ------------------------------


@pytest.mark.browser
def test_the_explorer_shows_cypher_and_markup_in_every_field_as_text(hostile_file, tmp_path):
    from careergraph.graph.networkx_backend import NetworkxBackend
    from careergraph.present.explorer import write_explorer_page

    from .browser import chromium, visit

    nodes = [dict(n) for n in NODES]
    nodes[0]["as_of"] = '<img src=x onerror="window.__pwned=1">'
    nodes[1]["renewal"] = "</script><script>window.__pwned=1</script>"
    nodes[2]["name"] = '"><svg onload=window.__pwned=1> ' + ESCAPE
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump({"nodes": nodes, "edges": EDGES}, allow_unicode=True), encoding="utf-8")
    backend = NetworkxBackend(load_dataset([path]))
    page = write_explorer_page(backend.dataset(), tmp_path / "explorer.html")
    with chromium() as browser:
        v = visit(browser, page)
        v.page.fill("#search", nodes[2]["name"])  # the find box takes hostile text as text
        v.page.press("#search", "Enter")
        assert v.js("() => careergraph.focused") == ESCAPE
        for node in nodes:
            v.click_node(node["id"])
            details = v.page.locator("#details").text_content()
            for field in ("id", "name", "as_of", "renewal", "issuer", "confidence", "note", "description"):
                if field in node:
                    assert node[field] in details, field
        assert v.page.locator("#details img, #details script, #details svg").count() == 0
        assert v.js("() => window.__pwned") is None
        v.assert_clean()
