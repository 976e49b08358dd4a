"""Export to every format, and the JSON and CSV round trips."""

import xml.etree.ElementTree as ET

from careergraph.loaders import load_dataset
from careergraph.loaders.export import cypher_string, to_csv, to_cypher, to_gexf, to_graphml, to_json


def same_graph(a, b) -> bool:
    return [n.to_dict() for n in a.nodes.values()] == [n.to_dict() for n in b.nodes.values()] and [
        e.to_dict() for e in a.edges
    ] == [e.to_dict() for e in b.edges]


def test_json_round_trip_gives_the_identical_graph(tmp_path, curated_dataset):
    path = tmp_path / "graph.json"
    path.write_text(to_json(curated_dataset), encoding="utf-8")
    assert same_graph(load_dataset([path]), curated_dataset)


def test_csv_round_trip_gives_the_identical_graph(tmp_path, curated_dataset):
    for name, text in to_csv(curated_dataset).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert same_graph(load_dataset([tmp_path]), curated_dataset)


def test_graphml_and_gexf_parse_with_every_node(mini_dataset):
    for text in (to_graphml(mini_dataset), to_gexf(mini_dataset)):
        root = ET.fromstring(text)
        assert len([e for e in root.iter() if e.tag.endswith("node")]) == len(mini_dataset.nodes)


def test_graphml_reads_back_into_networkx(tmp_path, mini_dataset):
    import networkx as nx

    path = tmp_path / "g.graphml"
    path.write_text(to_graphml(mini_dataset))
    graph = nx.read_graphml(path)
    assert graph.number_of_edges() == 17 and graph.nodes["pmp"]["kind"] == "Certification"


def test_cypher_strings_escape_quotes_and_controls():
    assert cypher_string("it's") == "'it\\'s'"
    assert cypher_string("a\\b\n") == "'a\\\\b\\u000a'"
    assert cypher_string("'}) DETACH DELETE n //") == "'\\'}) DETACH DELETE n //'"


def test_cypher_script_has_a_statement_per_record(mini_dataset):
    lines = to_cypher(mini_dataset).splitlines()
    assert sum(line.startswith("MERGE (n:") for line in lines) == 12
    assert sum(line.startswith("MATCH (a:CareerGraph") for line in lines) == 17
