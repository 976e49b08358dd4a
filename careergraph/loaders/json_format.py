"""The JSON node-link format, as networkx `node_link_data(G, edges="edges")` writes it."""

from __future__ import annotations

import json
from pathlib import Path

from careergraph.graph.model import Location
from careergraph.loaders.raw import RawData


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse_int(text: str) -> int | float:
    # Python refuses to convert integers of more than 4,300 digits; any integer that long
    # is out of range anyway, and as a float (inf) the validator says so at its record.
    return int(text) if len(text) <= 20 else float(text)


class _DuplicateKeys(dict):
    """An object in which a key appeared twice; ``duplicates`` names them."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object as a dict; a repeated key (JSON would keep the last) is remembered,
    so it is reported as a problem at its record instead of silently dropping a value."""
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    duplicates = [key for key, _ in pairs if key in seen or seen.add(key)]
    marked = _DuplicateKeys(result)
    marked.duplicates = duplicates
    return marked


def _duplicate_problem(record: dict) -> str | None:
    if not isinstance(record, _DuplicateKeys):
        return None
    shown = ", ".join(repr(key[:60]) for key in dict.fromkeys(record.duplicates))
    return f"duplicate key {shown} (JSON would silently keep only the last value)"


def read_json(path: Path, text: str) -> RawData:
    """Read a node-link document: `nodes` with `kind`, `edges` (or `links`) with `type`."""
    raw = RawData()
    name = str(path)
    try:
        document = json.loads(
            text, parse_constant=_reject_constant, parse_int=_parse_int, object_pairs_hook=_object
        )
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
    duplicate = _duplicate_problem(document)
    if duplicate:
        raw.problem(Location(name), duplicate)
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
            duplicate = _duplicate_problem(record)
            if duplicate:
                raw.problem(where, duplicate)
                continue
            target.append((dict(record), where))
    return raw
