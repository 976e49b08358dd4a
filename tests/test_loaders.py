"""Every loader and format, merging, and the default dataset."""

import json

import pytest

from careergraph.errors import InvalidData
from careergraph.loaders import DEFAULT_DATA_DIR, load_dataset
from careergraph.loaders.export import to_csv, to_json

from .conftest import FIXTURES, MINI


def test_yaml_loads_nodes_edges_and_locations(mini_dataset):
    assert len(mini_dataset.nodes) == 12 and len(mini_dataset.edges) == 17
    assert mini_dataset.nodes["pmp"].exam_fee_usd == 575
    assert mini_dataset.nodes["pmp"].aliases == ("PMP",)
    location = mini_dataset.node_locations["dev"]
    assert location.file.endswith("mini.yaml") and location.line == 3


def test_yaml_dates_become_iso_text(mini_dataset):
    assert mini_dataset.nodes["dev"].as_of == "2026-11-01"


def test_csv_pair_loads_with_lists_and_numbers():
    dataset = load_dataset([FIXTURES / "mini-nodes.csv", FIXTURES / "mini-edges.csv"])
    assert dataset.nodes["x"].aliases == ("RX", "Ex")
    assert dataset.nodes["y"].months == 2 and dataset.nodes["y"].cost_usd == 150
    assert dataset.edges[0].months == 12 and dataset.edges[0].group is None


def test_json_node_link_loads(tmp_path, mini_dataset):
    path = tmp_path / "graph.json"
    path.write_text(to_json(mini_dataset), encoding="utf-8")
    assert load_dataset([path]).nodes.keys() == mini_dataset.nodes.keys()


def test_json_accepts_links_key_as_networkx_default(tmp_path):
    document = {
        "nodes": [
            {"id": "a", "kind": "Role", "name": "A", "sources": ["https://e.org"]},
            {"id": "b", "kind": "Role", "name": "B", "sources": ["https://e.org"]},
        ],
        "links": [{"source": "a", "target": "b", "type": "RECOMMENDS"}],
    }
    path = tmp_path / "g.json"
    path.write_text(json.dumps(document))
    assert len(load_dataset([path]).edges) == 1


def test_several_sources_merge(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "nodes:\n  - {id: coach, kind: Role, name: Coach, sources: ['https://e.org']}\n"
        "edges:\n  - {source: pm, target: coach, type: RECOMMENDS, months: 12}\n"
    )
    dataset = load_dataset([MINI, extra])
    assert "coach" in dataset.nodes and ("pm", "coach", "RECOMMENDS") in {e.key for e in dataset.edges}


def test_a_directory_loads_all_its_files(tmp_path, mini_dataset):
    for name, text in to_csv(mini_dataset).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert len(load_dataset([tmp_path]).edges) == len(mini_dataset.edges)


def test_default_dataset_is_the_packaged_one():
    assert DEFAULT_DATA_DIR.name == "data" and any(DEFAULT_DATA_DIR.glob("*.yaml"))
    assert len(load_dataset().nodes) >= 80


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\xff\xfeh\x00i\x00", "UTF-16"),
        (b"nodes: [\x00\x01\x02]", "binary"),
        (b"nodes:\n  - {id: caf\xe9}\n", "invalid UTF-8"),
        (b"nodes:\n  - {id: a, id: b}\n", "duplicate key"),
        (b"nodes: !!python/object:os.system {}\n", "YAML error"),
        (b"nodes:\n  - {id: a\n", "YAML error"),
        (b"- just\n- a list\n", "expected a mapping"),
    ],
)
def test_broken_yaml_is_one_located_problem(tmp_path, content, message):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    with pytest.raises(InvalidData) as caught:
        load_dataset([path])
    assert message in str(caught.value) and "broken.yaml" in str(caught.value)


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    assert len(load_dataset([path]).nodes) == 12


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,kind\n", "header must have"),
        ("id,kind,name,colour\nx,Role,X,red\n", "unknown columns"),
        ("id,kind,name,sources\nx,Role,X\n", "expected 4 columns, found 3"),
        ("id,kind,name,sources\nx,Role,X,https://e.org,extra\n", "expected 4 columns, found 5"),
    ],
)
def test_broken_csv_names_file_and_row(tmp_path, content, message):
    path = tmp_path / "nodes.csv"
    path.write_text(content)
    with pytest.raises(InvalidData) as caught:
        load_dataset([path])
    assert message in str(caught.value)


def test_json_nan_and_syntax_errors_are_located(tmp_path):
    path = tmp_path / "g.json"
    path.write_text('{"nodes": [{"id": "a", "months": NaN}]}')
    with pytest.raises(InvalidData, match="NaN"):
        load_dataset([path])
    path.write_text('{"nodes": [\n{"id": }]}')
    with pytest.raises(InvalidData, match=r"g.json:2: JSON error"):
        load_dataset([path])


def test_missing_path_and_unknown_format_are_problems(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InvalidData) as caught:
        load_dataset([tmp_path / "missing.yaml", tmp_path / "notes.txt"])
    text = " ".join(str(p) for p in caught.value.problems)
    assert "no such file" in text and "unknown format" in text
