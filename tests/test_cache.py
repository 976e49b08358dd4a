"""The validated-dataset cache: a hit gives the same graph, an edit or a bad file is a miss."""

import pickle
import pickletools

import pytest

from careergraph.graph import rings
from careergraph.graph.model import EDGE_TYPES
from careergraph.loaders import cache, load_dataset
from careergraph.loaders.cache import cache_key, load_cached
from careergraph.loaders.dataset import data_files
from tests.conftest import MINI


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(directory))
    monkeypatch.delenv("CAREERGRAPH_NO_CACHE", raising=False)
    return directory


def records(dataset):
    return [n.to_dict() for n in dataset.nodes.values()], [e.to_dict() for e in dataset.edges]


def test_a_second_load_comes_from_the_cache_and_is_the_same_graph(cache_dir):
    first = load_dataset([MINI])
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    key = cache_key(data_files([MINI]))
    assert records(load_cached(key)) == records(first)
    assert records(load_dataset([MINI])) == records(first)


def test_an_edited_file_gets_a_new_key(tmp_path):
    data = tmp_path / "mini.yaml"
    data.write_text(MINI.read_text())
    before = cache_key([data])
    data.write_text(MINI.read_text().replace("Professional cert", "Renamed cert"))
    assert cache_key([data]) != before
    assert load_dataset([data]).nodes["pmp"].name == "Renamed cert"


def test_a_cache_file_holding_anything_but_a_dataset_is_refused(cache_dir):
    key = cache_key(data_files([MINI]))
    cache_dir.mkdir()
    (cache_dir / f"{key}.pickle").write_bytes(pickle.dumps(print))
    assert load_cached(key) is None
    assert "pmp" in load_dataset([MINI]).nodes


def test_no_cache_switches_it_off(cache_dir, monkeypatch):
    monkeypatch.setenv("CAREERGRAPH_NO_CACHE", "1")
    load_dataset([MINI])
    assert not cache_dir.exists()


def test_a_cache_file_names_no_class_and_gives_back_locations_and_the_index(cache_dir):
    first = load_dataset([MINI])
    [path] = cache_dir.glob("*.pickle")
    classes = [op for op, _, _ in pickletools.genops(path.read_bytes()) if "GLOBAL" in op.name]
    assert classes == []  # plain data only: nothing to import, nothing to run
    again = load_cached(cache_key(data_files([MINI])))
    assert again.edge_locations == first.edge_locations and again.node_locations == first.node_locations
    assert again.adjacency() == first.adjacency()


def test_a_large_graph_keeps_its_edge_arrays_in_the_cache(cache_dir, monkeypatch):
    """A graph of ARRAYS_FROM_EDGES edges or more (here: any) is stored with its edges both
    ways as arrays (graph/rings.py), and read back reads the same rings and balls."""
    monkeypatch.setattr(rings, "ARRAYS_FROM_EDGES", 0)
    first = load_dataset([MINI])
    assert first.edge_arrays is not None
    again = load_cached(cache_key(data_files([MINI])))
    assert again.edge_arrays is not None and again.edge_arrays.plain() == first.edge_arrays.plain()
    for node in first.nodes:
        assert again.edge_arrays.rings(node, ("PREREQUISITE",), (), 100) == first.edge_arrays.rings(
            node, ("PREREQUISITE",), (), 100
        )
        ball, other = (d.edge_arrays.ball(node, EDGE_TYPES, (), 100) for d in (again, first))
        assert dict(ball) == dict(other) and ball.beyond == other.beyond
        assert [ball.moves(n, 1, True) for n in first.nodes] == [other.moves(n, 1, True) for n in first.nodes]


def test_a_small_graph_is_cached_without_arrays(cache_dir):
    load_dataset([MINI])
    assert load_cached(cache_key(data_files([MINI]))).edge_arrays is None


def test_old_files_go_beyond_the_byte_budget(cache_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(cache, "MAX_BYTES", 1)
    load_dataset([MINI])
    other = tmp_path / "other.yaml"
    other.write_text(MINI.read_text().replace("Professional cert", "Another cert"))
    load_dataset([other])
    assert len(list(cache_dir.glob("*.pickle"))) == 1  # the newest one always stays
