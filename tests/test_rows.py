"""Records kept as columns and built on first read (graph/rows.py), and a dataset read
back from the cache with them."""

from __future__ import annotations

import pickle

import pytest

from careergraph.graph.model import (
    EDGE_FIELDS,
    PREREQUISITE,
    RECOMMENDS,
    Dataset,
    Edge,
    Location,
    Node,
    edge_at,
)
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.graph.rows import Rows
from careergraph.loaders import load_dataset

EDGES = [Edge("a", "b", "PREREQUISITE", months=12), Edge("b", "c", "RECOMMENDS", cost_usd=5)]


def built(records: Rows) -> int:
    return sum(record is not None for record in records._built)


def rows() -> Rows:
    columns = [[getattr(e, name) for e in EDGES] for name in EDGE_FIELDS]
    return Rows(Edge, columns, EDGE_FIELDS)


def test_an_edge_built_at_an_index_of_the_columns_has_each_field_of_its_own() -> None:
    """model.edge_at, which a cached dataset's edges are built with: every field distinct,
    so two taken in the wrong order would show."""
    edge = Edge("a", "b", "PREREQUISITE", 1, 2, "g", "n", "u", "employers", 3, "high")
    columns = [["x", getattr(edge, name)] for name in EDGE_FIELDS]
    edges = Rows(Edge, columns, EDGE_FIELDS, edge_at(columns))
    assert edges[1] == edge and edges[1].to_dict() == edge.to_dict() and list(edges)[1] == edge


def test_rows_build_a_record_once_when_read_and_equal_the_list_of_records() -> None:
    edges = rows()
    assert len(edges) == 2 and built(edges) == 0
    first = edges[0]
    assert first == EDGES[0] and edges[0] is first and built(edges) == 1
    assert edges[-1] == EDGES[-1] and edges[0:2] == EDGES and edges[::-1] == EDGES[::-1]
    assert list(edges) == EDGES and edges == EDGES and EDGES == edges
    assert next(iter(edges)) is first  # iterating keeps what was handed out
    assert edges != EDGES[:1] and edges != [*EDGES, EDGES[0]]
    assert edges.column("type") == ["PREREQUISITE", "RECOMMENDS"]
    with pytest.raises(IndexError):
        edges[2]


def test_rows_pickle_as_a_list() -> None:
    assert pickle.loads(pickle.dumps(rows())) == EDGES
    assert type(pickle.loads(pickle.dumps(rows()))) is list


def test_adding_an_edge_to_a_dataset_of_rows_makes_them_lists() -> None:
    dataset = Dataset(
        nodes={n: Node(n, "Role", n.upper()) for n in "abcd"},
        edges=rows(),
        edge_locations=Rows(Location, [["f.csv", "f.csv"], [2, 3]]),
    )
    dataset.add_edge(Edge("c", "d", "RECOMMENDS"), Location("g.csv", 2))
    assert isinstance(dataset.edges, list) and isinstance(dataset.edge_locations, list)
    assert dataset.edges == [*EDGES, Edge("c", "d", "RECOMMENDS")]
    assert dataset.edge_locations == [Location("f.csv", 2), Location("f.csv", 3), Location("g.csv", 2)]
    assert dataset.adjacency()[0]["c"] == [2]


def test_a_cached_dataset_reads_its_edges_lazily_and_equals_the_fresh_one(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CAREERGRAPH_NO_CACHE", raising=False)
    fresh = load_dataset()
    cached = load_dataset()
    assert isinstance(cached.edges, Rows) and built(cached.edges) == 0
    assert cached.edges[5] == fresh.edges[5] and built(cached.edges) == 1
    assert cached == fresh
    assert list(cached.located_edges()) == list(fresh.located_edges())


def test_a_field_of_every_edge_comes_from_the_columns_without_building_an_edge() -> None:
    edges = rows()
    dataset = Dataset(nodes={}, edges=edges)
    assert list(dataset.edge_values("type")) == ["PREREQUISITE", "RECOMMENDS"] and built(edges) == 0
    assert list(Dataset(edges=list(EDGES)).edge_values("months")) == [12, 0]


@pytest.fixture
def backends(tmp_path, monkeypatch) -> tuple[NetworkxBackend, NetworkxBackend, Dataset]:
    """The curated data's backend loaded fresh, and one over the dataset read back from the
    cache (with that dataset): its edges are Rows, none built yet."""
    monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CAREERGRAPH_NO_CACHE", raising=False)
    fresh = NetworkxBackend(load_dataset())
    dataset = load_dataset()
    assert isinstance(dataset.edges, Rows) and built(dataset.edges) == 0
    return fresh, NetworkxBackend(dataset), dataset


def test_the_backend_builds_only_the_edges_of_the_type_asked_for(backends) -> None:
    fresh, cached, dataset = backends
    mixed = [
        n.id
        for n in fresh.nodes()
        if {e.type for e in fresh.in_edges(n.id)} == {"PREREQUISITE", "RECOMMENDS"}
    ]
    node = mixed[0]
    rules = cached.in_edges(node, "PREREQUISITE")
    assert rules == fresh.in_edges(node, "PREREQUISITE") and built(dataset.edges) == len(rules)
    assert cached.in_edges(node) == fresh.in_edges(node)
    assert cached.in_edges(node, "RECOMMENDS") == fresh.in_edges(node, "RECOMMENDS")
    assert all(any(e is r for e in cached.in_edges(node)) for r in rules)  # one record each
    for other in mixed[1:]:
        for edge_type in ("PREREQUISITE", "RECOMMENDS"):
            assert cached.out_edges(other, edge_type) == fresh.out_edges(other, edge_type)


def test_a_nodes_edges_of_one_type_are_kept_once_read_and_handed_out_as_copies(monkeypatch) -> None:
    curated = load_dataset()
    backend = NetworkxBackend(Dataset.from_records(curated.nodes.values(), curated.edges))  # as from Neo4j
    node = next(e.target for e in backend.edges() if e.type == "PREREQUISITE")
    reads = []
    real = NetworkxBackend._indexed
    monkeypatch.setattr(NetworkxBackend, "_indexed", lambda self, *args: reads.append(1) or real(self, *args))
    rules = backend.in_edges(node, "PREREQUISITE")
    expected = list(rules)
    rules.clear()
    assert backend.in_edges(node, "PREREQUISITE") == expected
    assert backend.in_edges(node, "PREREQUISITE") == expected and len(reads) == 1


def test_who_points_at_a_node_by_type_is_read_from_the_columns_without_building_an_edge(backends) -> None:
    fresh, cached, dataset = backends
    for node in fresh.nodes():
        for types in ({PREREQUISITE}, {RECOMMENDS}, {PREREQUISITE, RECOMMENDS}):
            expected = [e.source for e in fresh.in_edges(node.id) if e.type in types]
            assert fresh.in_sources(node.id, types) == expected
            assert cached.in_sources(node.id, types) == expected
    assert built(dataset.edges) == 0
    some = next(n.id for n in fresh.nodes() if fresh.in_edges(n.id))
    cached.in_edges(some)  # built once read: read from them after
    assert cached.in_sources(some, {PREREQUISITE}) == fresh.in_sources(some, {PREREQUISITE})


def test_a_nodes_edges_out_are_read_from_the_columns_and_built_one_at_a_time(backends) -> None:
    fresh, cached, dataset = backends
    for node in fresh.nodes():
        expected = [(e.target, e.type) for e in fresh.out_edges(node.id)]
        assert fresh.out_neighbours(node.id) == expected
        assert cached.out_neighbours(node.id) == expected
    assert built(dataset.edges) == 0
    some = next(n.id for n in fresh.nodes() if len(fresh.out_edges(n.id)) > 1)
    last = len(fresh.out_edges(some)) - 1
    assert cached.out_edge(some, last) == fresh.out_edges(some)[last]
    assert built(dataset.edges) == 1  # only the one asked for
    edges = cached.out_edges(some)  # the same record when all are built after
    assert edges[last] is cached.out_edge(some, last)
    assert [cached.out_edge(some, i) for i in range(len(edges))] == fresh.out_edges(some)


def test_the_rings_into_a_node_are_read_over_arrays_from_a_large_graph_on(monkeypatch) -> None:
    """NetworkxBackend.in_rings and ball: in Python below ARRAYS_FROM_EDGES, over the
    dataset's EdgeArrays (built once and kept) from there on, the same rings and ball
    either way; adding an edge drops the arrays."""
    from careergraph.graph import rings

    curated = load_dataset()
    dataset = Dataset.from_records(curated.nodes.values(), curated.edges)
    backend = NetworkxBackend(dataset)
    target = next(e.target for e in curated.edges if e.type == "PREREQUISITE")
    in_python = backend.in_rings(target, ("PREREQUISITE", "RECOMMENDS"), (), 50)
    python_ball = backend.ball(target, ("PREREQUISITE", "RECOMMENDS"), (), 50)
    assert dataset.edge_arrays is None and isinstance(python_ball, rings.DictBall)
    monkeypatch.setattr(rings, "ARRAYS_FROM_EDGES", len(dataset.edges))
    over_arrays = backend.in_rings(target, ("PREREQUISITE", "RECOMMENDS"), (), 50)
    assert isinstance(dataset.edge_arrays, rings.EdgeArrays)
    assert [sorted(r) for r in over_arrays[0]] == [sorted(r) for r in in_python[0]]
    assert over_arrays[1] == in_python[1]
    array_ball = backend.ball(target, ("PREREQUISITE", "RECOMMENDS"), (), 50)
    assert isinstance(array_ball, rings.Ball) and dict(array_ball) == python_ball
    dataset.add_edge(curated.edges[0])
    assert dataset.edge_arrays is None
