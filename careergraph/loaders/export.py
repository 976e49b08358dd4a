"""Writing a dataset out: JSON node-link, GraphML, GEXF, CSV and a Cypher script.

The writers sit beside the readers of the same formats, so what one writes the other
reads back to the identical graph (tests/test_export.py).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from careergraph.errors import UsageError
from careergraph.files import write_atomically
from careergraph.graph.model import EDGE_FIELDS, LIST_NODE_FIELDS, NODE_FIELDS, Dataset
from careergraph.loaders.csv_format import LIST_SEPARATOR, guard_cell

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


def _flat_networkx(dataset: Dataset):
    """A DiGraph whose attributes are scalars (lists joined by '|'), as GraphML needs."""
    import networkx as nx

    graph = nx.DiGraph(name="careergraph")
    for node in dataset.nodes.values():
        attributes = {}
        for key, value in node.to_dict().items():
            if key == "id":
                continue
            attributes[key] = LIST_SEPARATOR.join(value) if isinstance(value, list) else value
        graph.add_node(node.id, **attributes)
    for edge in dataset.edges:
        attributes = {k: v for k, v in edge.to_dict().items() if k not in ("source", "target")}
        graph.add_edge(edge.source, edge.target, **attributes)
    return graph


def _written(writer, dataset: Dataset) -> str:
    """A whole document (XML declaration included) as networkx writes it to a file."""
    buffer = io.BytesIO()
    writer(_flat_networkx(dataset), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_graphml(dataset: Dataset) -> str:
    import networkx as nx

    return _written(nx.write_graphml, dataset)


def to_gexf(dataset: Dataset) -> str:
    import networkx as nx

    return _written(nx.write_gexf, dataset)


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
