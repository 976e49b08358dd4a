"""The YAML dataset format: a mapping with `nodes:` and/or `edges:` lists of records."""

from __future__ import annotations

from pathlib import Path

import yaml

from careergraph.graph.model import Location
from careergraph.loaders.raw import RawData

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LINE_KEY = "__line__"


class _LineLoader(yaml.composer.Composer, _BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loading only (no custom tags), recording each mapping's line, refusing
    duplicate keys. Anchors and aliases are shared objects in PyYAML, so an alias bomb
    costs no memory here, and records only accept flat scalars and lists of scalars.

    libyaml (C) parses, but the nodes are composed by PyYAML's Python Composer: the C
    composer recurses without a depth check, so ``[[[[...`` 100,000 deep crashed the
    process with a segmentation fault; the Python one raises RecursionError."""

    def __init__(self, stream):
        _BaseLoader.__init__(self, stream)
        yaml.composer.Composer.__init__(self)

    def construct_object(self, node, deep=False):
        # A scalar the resolver accepted can still fail to convert (2026-13-45 as a date,
        # a 5,000-digit integer): report it at its line like any YAML error.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            message = str(exc).split(";")[0]
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {_shown(getattr(node, 'value', ''))}: {message}", node.start_mark
            ) from None


def _shown(value: object, limit: int = 60) -> str:
    """A value for an error message, cut short: a hostile file can hold huge keys."""
    text = repr(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text, not a list or mapping", key_node.start_mark
            )
        key = key_node.value
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {_shown(key)}", key_node.start_mark
            )
        seen.add(key)
    mapping = loader.construct_mapping(node, deep=deep)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, text: str) -> RawData:
    """Read one YAML file's records; syntax errors become problems with their line."""
    raw = RawData()
    name = str(path)
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context
        if "nesting depth" in str(problem):  # libyaml 0.2.5's own limit (PyYAML 6.0.4 wheels)
            problem = "the document is nested too deeply"
        raw.problem(Location(name, line), f"YAML error: {problem}")
        return raw
    except yaml.YAMLError as exc:
        raw.problem(Location(name), f"YAML error: {str(exc).splitlines()[0]}")
        return raw
    except RecursionError:
        raw.problem(Location(name), "YAML error: the document is nested too deeply")
        return raw
    if document is None:
        raw.problem(Location(name), "the file is empty: expected a mapping with nodes: and edges:")
        return raw
    if not isinstance(document, dict):
        raw.problem(Location(name, 1), "expected a mapping with nodes: and/or edges: lists")
        return raw
    top_line = document.pop(LINE_KEY, 1)
    for key in document:
        if key not in ("nodes", "edges"):
            raw.problem(Location(name, top_line), f"unknown top-level key {_shown(key)}")
    for section, target in (("nodes", raw.nodes), ("edges", raw.edges)):
        records = document.get(section) or []
        if not isinstance(records, list):
            raw.problem(Location(name, top_line), f"{section}: must be a list of records")
            continue
        for record in records:
            if not isinstance(record, dict):
                raw.problem(Location(name, top_line), f"{section}: each entry must be a mapping")
                continue
            line = record.pop(LINE_KEY, None)
            target.append((record, Location(name, line)))
    return raw
