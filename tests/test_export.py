"""Export to every format, and the JSON and CSV round trips."""

import xml.etree.ElementTree as ET

import pytest

from careergraph.graph.model import Dataset, Edge, Node
from careergraph.loaders import load_dataset
from careergraph.loaders.export import cypher_string, to_csv, to_cypher, to_gexf, to_graphml, to_json

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
NEW_NODE_FIELDS = (
    "experience",
    "counts_as",
    "renewal_cycle_months",
    "renewal_credits",
    "renewal_credit_type",
    "renewal_fee_usd",
    "annual_fee_usd",
)


def fits(text: str, xml_type: str) -> bool:
    """Whether text is a value of the declared XML Schema type (GraphML and GEXF use them)."""
    if xml_type == "boolean":
        return text in ("true", "false")
    if xml_type == "double":
        try:
            float(text)
        except ValueError:
            return False
        return True
    return xml_type == "string"


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


def graphml_keys(root) -> dict[str, tuple[str, str, str]]:
    return {
        k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
        for k in root.iter(GRAPHML + "key")
    }


def test_graphml_declares_each_attribute_once_with_a_type_every_value_fits(curated_dataset):
    root = ET.fromstring(to_graphml(curated_dataset))
    keys = graphml_keys(root)
    declared = [(domain, name) for domain, name, _ in keys.values()]
    assert len(declared) == len(set(declared))
    values = [(keys[d.get("key")][2], d.text) for d in root.iter(GRAPHML + "data")]
    assert values and all(fits(text, xml_type) for xml_type, text in values)


def test_graphml_types_numbers_as_doubles_flags_as_booleans_and_labels_nodes(curated_dataset):
    keys = set(graphml_keys(ET.fromstring(to_graphml(curated_dataset))).values())
    assert {
        ("node", "months", "double"),
        ("edge", "months", "double"),
        ("node", "exam_fee_usd", "double"),
    } <= keys
    assert {
        ("node", "experience", "boolean"),
        ("node", "label", "string"),
        ("edge", "type", "string"),
    } <= keys


@pytest.mark.parametrize("writer", [to_graphml, to_gexf])
def test_optional_fields_are_declared_even_when_no_node_has_them(writer, mini_dataset):
    text = writer(mini_dataset)
    for field in (*NEW_NODE_FIELDS, "basis", "window_months", "confidence"):
        assert f'"{field}"' in text, field


def test_lists_and_flags_are_written_in_their_documented_forms():
    node = Node(id="x", kind="Skill", name="X", sources=("https://a.org", "https://b.org"), experience=True)
    dataset = Dataset.from_records([node, Node(id="y", kind="Role", name="Y", counts_as=("x",))], [])
    root = ET.fromstring(to_graphml(dataset))
    keys = graphml_keys(root)
    data = {(keys[d.get("key")][1], d.text) for d in root.iter(GRAPHML + "data")}
    assert {("sources", "https://a.org|https://b.org"), ("experience", "true"), ("counts_as", "x")} <= data


def gexf_declarations(root) -> dict[tuple[str, str], tuple[str, str]]:
    """(class, attribute id) -> (title, type), asserting no id or title is declared twice."""
    found = {}
    for block in root.iter(GEXF + "attributes"):
        titles = [a.get("title") for a in block.iter(GEXF + "attribute")]
        assert len(titles) == len(set(titles)), titles
        for attribute in block.iter(GEXF + "attribute"):
            key = (block.get("class"), attribute.get("id"))
            assert key not in found
            found[key] = (attribute.get("title"), attribute.get("type"))
    return found


def test_gexf_declares_each_attribute_once_with_a_type_every_value_fits(curated_dataset):
    root = ET.fromstring(to_gexf(curated_dataset))
    declared = gexf_declarations(root)
    assert (
        declared[next(k for k, v in declared.items() if v[0] == "months" and k[0] == "node")][1] == "double"
    )
    checked = 0
    for domain in ("node", "edge"):
        for element in root.iter(GEXF + domain):
            for value in element.iter(GEXF + "attvalue"):
                title, xml_type = declared[domain, value.get("for")]
                assert fits(value.get("value"), xml_type), (element.get("id"), title, value.get("value"))
                checked += 1
    assert checked > len(curated_dataset.nodes)


def test_gexf_nodes_carry_their_names_as_labels_and_edges_their_types(curated_dataset):
    root = ET.fromstring(to_gexf(curated_dataset))
    labels = {n.get("id"): n.get("label") for n in root.iter(GEXF + "node")}
    assert labels == {node.id: node.name for node in curated_dataset.nodes.values()}
    assert [e.get("label") for e in root.iter(GEXF + "edge")] == [e.type for e in curated_dataset.edges]
    assert {e.get("type") for e in root.iter(GEXF + "edge")} == {None}  # GEXF's own type: directed/undirected


def test_gexf_reads_back_into_networkx_with_typed_values(tmp_path, curated_dataset):
    import networkx as nx

    path = tmp_path / "g.gexf"
    path.write_text(to_gexf(curated_dataset), encoding="utf-8")
    graph = nx.read_gexf(path)
    months = {node.id: node.months for node in curated_dataset.nodes.values()}
    assert {n: data["months"] for n, data in graph.nodes(data=True)} == months
    assert graph.number_of_edges() == len(curated_dataset.edges)


def test_an_edge_window_is_a_double_in_both_formats():
    nodes = [Node(id=i, kind="Role", name=i) for i in ("a", "b")]
    dataset = Dataset.from_records(nodes, [Edge("a", "b", "PREREQUISITE", months=36, window_months=96)])
    assert '<attvalue for="' in to_gexf(dataset) and 'value="96.0"' in to_gexf(dataset)
    assert ">96.0</data>" in to_graphml(dataset) and ">36.0</data>" in to_graphml(dataset)
