"""The package's floors, read from its source: who may import whom, no import circles, and
no function longer than a screen."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "careergraph"
MAX_FUNCTION_LINES = 80


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every careergraph module this file imports, at the top or inside a function (a
    deferred import is still a dependency); ``from careergraph.x import y`` counts as
    careergraph.x.y when that is a module, else careergraph.x."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] == "careergraph"}


@pytest.fixture(scope="module")
def imports() -> nx.DiGraph:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from(
            (name, target) for target in imported(path) if target in modules and target != name
        )
    return graph


def importers(graph: nx.DiGraph, floor: str, floors: tuple[str, ...]) -> list[tuple[str, str]]:
    """(module in ``floor``, module it imports in one of ``floors``)."""
    return [
        (a, b)
        for a, b in graph.edges
        if a.startswith(f"careergraph.{floor}.") and any(b.startswith(f"careergraph.{f}") for f in floors)
    ]


def test_the_graph_floor_imports_nothing_above_it(imports: nx.DiGraph) -> None:
    assert importers(imports, "graph", ("loaders", "queries", "present", "profiles", "devtools")) == []


def test_the_loaders_import_no_query_and_no_presentation(imports: nx.DiGraph) -> None:
    assert importers(imports, "loaders", ("queries", "present", "profiles", "devtools")) == []


def test_the_queries_import_no_presentation(imports: nx.DiGraph) -> None:
    assert importers(imports, "queries", ("present", "devtools")) == []


def test_only_the_faces_import_the_presentation(imports: nx.DiGraph) -> None:
    outside = [
        (a, b)
        for a, b in imports.edges
        if b.startswith("careergraph.present")
        and not a.startswith("careergraph.present")
        and a != "careergraph.cli"
        and not a.startswith("careergraph.serve")
    ]
    assert outside == []


def test_there_is_no_import_circle(imports: nx.DiGraph) -> None:
    # A package imports its __init__ implicitly; only module-to-module edges can circle.
    modules = imports.subgraph(n for n in imports if not (PACKAGE.parent / n.replace(".", "/")).is_dir())
    assert list(nx.simple_cycles(modules)) == []


def test_the_layer_test_sees_a_real_upward_import(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from careergraph.queries.plan import Plan\n", encoding="utf-8")
    assert "careergraph.queries.plan" in imported(source)


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    return [
        f"{path.relative_to(PACKAGE.parent)}:{f.lineno} {f.name} ({f.end_lineno - f.lineno + 1} lines)"
        for f in functions
        if f.end_lineno - f.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_function_is_longer_than_80_lines() -> None:
    assert [f for path in sorted(PACKAGE.rglob("*.py")) for f in long_functions(path)] == []
