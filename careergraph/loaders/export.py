"""Writing a dataset out: JSON node-link, GraphML, GEXF, CSV and a Cypher script.

The writers sit beside the readers of the same formats, so what one writes the other
reads back to the identical graph (tests/test_export.py).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from careergraph.errors import UsageError
from careergraph.files import write_atomically
from careergraph.graph.model import (
    BOOLEAN_NODE_FIELDS,
    EDGE_FIELDS,
    LIST_NODE_FIELDS,
    NODE_FIELDS,
    NUMERIC_EDGE_FIELDS,
    NUMERIC_NODE_FIELDS,
    Dataset,
)
from careergraph.loaders.csv_format import guard_cell
from careergraph.loaders.raw import LIST_SEPARATOR

FORMATS = ("json", "graphml", "gexf", "csv", "cypher")


def to_node_link(dataset: Dataset) -> dict:
    """The node-link document networkx `node_link_data(G, edges="edges")` would write."""
    return {
        "directed": True,
        "multigraph": False,
        "graph": {"name": "careergraph"},
        "nodes": [node.to_dict() for node in dataset.nodes.values()],
        "edges": [edge.to_dict() for edge in dataset.edges],
    }


def to_json(dataset: Dataset) -> str:
    return json.dumps(to_node_link(dataset), indent=2, ensure_ascii=False) + "\n"


# GraphML and GEXF: one declared type per attribute, taken from the model rather than from
# the values (networkx's writers type each value as they meet it, so `months` came out as
# both long and double, which igraph refuses, and GEXF declared long then held 0.5).
# Numbers are doubles, flags booleans, lists one text joined by "|" as in the CSV. Every
# attribute is declared even when no record has it; a record's unset fields are absent.
XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def _xml_type(name: str, numeric: tuple[str, ...]) -> str:
    if name in numeric:
        return "double"
    return "boolean" if name in BOOLEAN_NODE_FIELDS else "string"


# (attribute, type) pairs; `label` repeats the node's name, which Gephi, yEd and Cytoscape
# show as the node's caption (GEXF has a label of its own on each node).
NODE_SCHEMA: tuple[tuple[str, str], ...] = (("label", "string"),) + tuple(
    (name, _xml_type(name, NUMERIC_NODE_FIELDS)) for name in NODE_FIELDS if name != "id"
)
EDGE_SCHEMA: tuple[tuple[str, str], ...] = tuple(
    (name, _xml_type(name, NUMERIC_EDGE_FIELDS)) for name in EDGE_FIELDS if name not in ("source", "target")
)


def _xml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _set_values(record: dict, schema: tuple[tuple[str, str], ...]) -> Iterator[tuple[int, str]]:
    """(position in schema, text) for each field the record sets."""
    for position, (name, _) in enumerate(schema):
        value = record.get(name)
        if value is not None and value != "" and value != []:
            yield position, _xml_value(value)


def _node_record(node) -> dict:
    return {"label": node.name, **node.to_dict()}


def _document(root: ET.Element) -> str:
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def to_graphml(dataset: Dataset) -> str:
    """GraphML with keys d0.. declared once each, node keys first, then edge keys."""
    root = ET.Element(
        "graphml",
        {
            "xmlns": GRAPHML_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd",
        },
    )
    key_ids = {}
    for domain, schema in (("node", NODE_SCHEMA), ("edge", EDGE_SCHEMA)):
        for name, xml_type in schema:
            key_ids[domain, name] = key_id = f"d{len(key_ids)}"
            ET.SubElement(
                root, "key", {"id": key_id, "for": domain, "attr.name": name, "attr.type": xml_type}
            )
    graph = ET.SubElement(root, "graph", {"id": "careergraph", "edgedefault": "directed"})
    for node in dataset.nodes.values():
        element = ET.SubElement(graph, "node", {"id": node.id})
        for position, text in _set_values(_node_record(node), NODE_SCHEMA):
            ET.SubElement(element, "data", {"key": key_ids["node", NODE_SCHEMA[position][0]]}).text = text
    for edge in dataset.edges:
        element = ET.SubElement(graph, "edge", {"source": edge.source, "target": edge.target})
        for position, text in _set_values(edge.to_dict(), EDGE_SCHEMA):
            ET.SubElement(element, "data", {"key": key_ids["edge", EDGE_SCHEMA[position][0]]}).text = text
    return _document(root)


def to_gexf(dataset: Dataset) -> str:
    """GEXF 1.2: node and edge attributes declared once each (ids 0.. across both
    classes); each node's label is its name, each edge's label its type."""
    root = ET.Element(
        "gexf",
        {
            "xmlns": GEXF_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd",
            "version": "1.2",
        },
    )
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "careergraph"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_schema = NODE_SCHEMA[1:]  # the name is the node's own label
    ids = {}
    for domain, schema in (("node", node_schema), ("edge", EDGE_SCHEMA)):
        declared = ET.SubElement(graph, "attributes", {"class": domain, "mode": "static"})
        for name, xml_type in schema:
            ids[domain, name] = attribute_id = str(len(ids))
            ET.SubElement(declared, "attribute", {"id": attribute_id, "title": name, "type": xml_type})

    def attvalues(parent: ET.Element, domain: str, record: dict, schema: tuple[tuple[str, str], ...]) -> None:
        values = ET.SubElement(parent, "attvalues")
        for position, text in _set_values(record, schema):
            ET.SubElement(values, "attvalue", {"for": ids[domain, schema[position][0]], "value": text})

    nodes = ET.SubElement(graph, "nodes")
    for node in dataset.nodes.values():
        attvalues(
            ET.SubElement(nodes, "node", {"id": node.id, "label": node.name}),
            "node",
            node.to_dict(),
            node_schema,
        )
    edges = ET.SubElement(graph, "edges")
    for number, edge in enumerate(dataset.edges):
        element = ET.SubElement(
            edges,
            "edge",
            {"id": str(number), "source": edge.source, "target": edge.target, "label": edge.type},
        )
        attvalues(element, "edge", edge.to_dict(), EDGE_SCHEMA)
    return _document(root)


def _csv_rows(records: list[dict], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    # CRLF as RFC 4180 writes it; it also makes the writer quote a cell holding a carriage
    # return (with "\n" it quotes only "\n", and a bare "\r" would end the row on reading).
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        row = []
        for column in columns:
            value = record.get(column, "")
            if column in LIST_NODE_FIELDS:
                value = LIST_SEPARATOR.join(value or [])
            row.append(guard_cell(str(value)))
        writer.writerow(row)
    return buffer.getvalue()


def to_csv(dataset: Dataset) -> dict[str, str]:
    """{"nodes.csv": text, "edges.csv": text} in the format loaders/csv_format.py reads."""
    return {
        "nodes.csv": _csv_rows([n.to_dict() for n in dataset.nodes.values()], NODE_FIELDS),
        "edges.csv": _csv_rows([e.to_dict() for e in dataset.edges], EDGE_FIELDS),
    }


def cypher_string(value: str) -> str:
    """A Cypher string literal: quotes, backslashes and every non-printable escaped."""
    out = []
    for char in value:
        if char in ("'", '"', "\\"):
            out.append("\\" + char)
        elif char.isprintable() and char not in "\u2028\u2029":
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else char)
    return "'" + "".join(out) + "'"


def _cypher_value(value) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_cypher_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return cypher_string(str(value))


def _cypher_map(record: dict) -> str:
    # Keys are our own field names (a fixed list), never data.
    return "{" + ", ".join(f"{k}: {_cypher_value(v)}" for k, v in record.items()) + "}"


def to_cypher(dataset: Dataset) -> str:
    """A script of MERGE statements that recreates the graph in any Neo4j."""
    lines = ["// careergraph export: run in Neo4j Browser or cypher-shell"]
    for node in dataset.nodes.values():
        props = {k: v for k, v in node.to_dict().items() if k != "id"}
        lines.append(
            f"MERGE (n:{node.kind} {{id: {cypher_string(node.id)}}}) "
            f"SET n:CareerGraph, n += {_cypher_map(props)};"
        )
    for edge in dataset.edges:
        props = {k: v for k, v in edge.to_dict().items() if k not in ("source", "target", "type")}
        lines.append(
            f"MATCH (a:CareerGraph {{id: {cypher_string(edge.source)}}}), "
            f"(b:CareerGraph {{id: {cypher_string(edge.target)}}}) "
            f"MERGE (a)-[r:{edge.type}]->(b) SET r += {_cypher_map(props)};"
        )
    return "\n".join(lines) + "\n"


WRITERS = {"json": to_json, "graphml": to_graphml, "gexf": to_gexf, "cypher": to_cypher}


def export_text(dataset: Dataset, fmt: str) -> str:
    """The dataset as one document in ``fmt`` (any format but csv, which is two files).

    Raises
    ------
    UsageError for csv or an unknown format.
    """
    if fmt == "csv":
        raise UsageError("--format csv writes two files: give --out DIRECTORY")
    if fmt not in WRITERS:
        raise UsageError(f"unknown export format {fmt[:40]!r}: expected one of {', '.join(FORMATS)}")
    return WRITERS[fmt](dataset)


def write_export(dataset: Dataset, fmt: str, out: str | Path) -> list[Path]:
    """Write the dataset in ``fmt`` to the file ``out``, or for csv into the folder ``out``
    (created if needed) as nodes.csv and edges.csv. Each file is written whole or not at
    all. Returns the paths written.

    Raises
    ------
    UsageError for an unknown format or a path that cannot be written.
    """
    target = Path(out)
    if fmt != "csv":
        return [write_atomically(target, export_text(dataset, fmt))]
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write {str(target)[:200]}: {exc.strerror or exc}") from None
    return [write_atomically(target / name, text) for name, text in to_csv(dataset).items()]
