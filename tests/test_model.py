"""The domain model: vocabulary, records and their plain-data forms."""

import gc

from careergraph.graph import model
from careergraph.graph.model import (
    EDGE_TYPES,
    KINDS,
    Dataset,
    Edge,
    Node,
    months,
    requirement_groups,
    tidy,
    usd,
)


def test_vocabulary_is_fixed():
    assert KINDS == ("Role", "Certification", "Skill", "Education")
    assert EDGE_TYPES == ("PREREQUISITE", "RECOMMENDS")


def test_node_ref_names_id_name_kind():
    node = Node(id="pmp", kind="Certification", name="Project Management Professional")
    assert node.ref() == {"id": "pmp", "name": "Project Management Professional", "kind": "Certification"}


def test_node_to_dict_lists_and_leaves_out_unset_fields():
    node = Node(id="x", kind="Role", name="X", aliases=("A",), sources=("https://e.org",))
    data = node.to_dict()
    assert data["aliases"] == ["A"] and data["sources"] == ["https://e.org"]
    assert "issuer" not in data and "exam_fee_usd" not in data


def test_edge_to_dict_keeps_group_and_drops_unset():
    edge = Edge("a", "b", "PREREQUISITE", months=36, group="experience")
    assert edge.to_dict() == {
        "source": "a",
        "target": "b",
        "type": "PREREQUISITE",
        "months": 36,
        "cost_usd": 0,
        "group": "experience",
    }


def test_dataset_from_records_keeps_order():
    dataset = Dataset.from_records(
        [Node("a", "Role", "A"), Node("b", "Role", "B")], [Edge("a", "b", "RECOMMENDS")]
    )
    assert list(dataset.nodes) == ["a", "b"]
    assert [e.key for e in dataset.edges] == [("a", "b", "RECOMMENDS")]


def test_tidy_rounds_float_noise_and_whole_numbers():
    assert tidy(0.1 + 0.2) == 0.3
    assert tidy(36.0) == 36 and isinstance(tidy(36.0), int)


def test_money_is_written_one_way_with_cents_when_there_are_cents():
    assert (usd(12.5), usd(1000), usd(0.1 + 0.2)) == ("$12.50", "$1,000", "$0.30")


def test_months_are_written_one_way():
    assert (months(1), months(36), months(12.75, short=True), months(1234)) == (
        "1 month",
        "36 months",
        "12.75 mo",
        "1,234 months",
    )


def test_requirement_groups_are_and_of_or_groups_in_first_seen_order():
    edges = [
        Edge("degree", "pmp", "PREREQUISITE", group="education"),
        Edge("capm", "pmp", "PREREQUISITE"),
        Edge("diploma", "pmp", "PREREQUISITE", group="education"),
        Edge("dev", "pmp", "RECOMMENDS"),
    ]
    groups = requirement_groups(edges)
    assert {key: [e.source for e in group] for key, group in groups.items()} == {
        "education": ["degree", "diploma"],
        "requires capm": ["capm"],
    }


def test_a_large_graph_is_kept_out_of_the_cyclic_collector(monkeypatch) -> None:
    monkeypatch.setattr(model, "FREEZE_EDGES", 2)
    nodes = [Node(n, "Role", n.upper()) for n in "abc"]
    small = Dataset.from_records(nodes, [Edge("a", "b", "RECOMMENDS")])
    large = Dataset.from_records(nodes, [Edge("a", "b", "RECOMMENDS"), Edge("b", "c", "RECOMMENDS")])
    before = gc.get_freeze_count()
    try:
        assert small.settle() is small and gc.get_freeze_count() == before
        assert large.settle() is large and gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
