"""The JSON node-link format, as networkx `node_link_data(G, edges="edges")` writes it."""

from __future__ import annotations

import json
from pathlib import Path

from careergraph.graph.model import Location
from careergraph.loaders.raw import RawData


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json(path: Path, text: str) -> RawData:
    """Read a node-link document: `nodes` with `kind`, `edges` (or `links`) with `type`."""
    raw = RawData()
    name = str(path)
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raw.problem(Location(name, exc.lineno), f"JSON error: {exc.msg}")
        return raw
    except (ValueError, RecursionError) as exc:
        message = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raw.problem(Location(name), f"JSON error: {message}")
        return raw
    if not isinstance(document, dict):
        raw.problem(Location(name), "expected a node-link object with nodes and edges")
        return raw
    edges_key = "edges" if "edges" in document else "links"
    for section, key, target in (("nodes", "nodes", raw.nodes), ("edges", edges_key, raw.edges)):
        records = document.get(key, [])
        if not isinstance(records, list):
            raw.problem(Location(name, key), f"{key} must be a list")
            continue
        for index, record in enumerate(records):
            where = Location(name, f"{key}[{index}]")
            if not isinstance(record, dict):
                raw.problem(where, f"each of {section} must be an object")
                continue
            target.append((dict(record), where))
    return raw
