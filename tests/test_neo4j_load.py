"""The batched loader's parts that need no server: its batches, the batches made in a
second thread while the server writes, and the relationships' rows grouped by end node
(a load into a real Neo4j: tests/test_neo4j.py)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from careergraph.graph import neo4j_load
from careergraph.graph.model import EDGE_TYPES
from careergraph.graph.steps import step_costs
from careergraph.loaders import load_dataset


def test_rows_are_cut_into_batches_of_the_size_asked_the_last_shorter() -> None:
    rows = [{"n": i} for i in range(12)]
    batches = list(neo4j_load._batches(iter(rows), 5))
    assert [len(b) for b in batches] == [5, 5, 2]
    assert [row for batch in batches for row in batch] == rows
    assert list(neo4j_load._batches(iter([]), 5)) == []


def test_batches_made_ahead_come_in_order_and_an_error_making_one_is_raised() -> None:
    made = []

    def batches():
        for i in range(4):
            made.append(i)
            yield [{"n": i}]

    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = [batch[0]["n"] for batch in neo4j_load._made_ahead(pool, batches())]
        assert seen == made == [0, 1, 2, 3]

        def failing():
            yield [{"n": 0}]
            raise ValueError("a row could not be made")

        got = []
        with pytest.raises(ValueError, match="could not be made"):
            for batch in neo4j_load._made_ahead(pool, failing()):
                got.append(batch)
        assert got == [[{"n": 0}]]


def test_each_relationship_gets_one_row_grouped_by_the_node_it_ends_at() -> None:
    dataset = load_dataset()
    costs = step_costs(dataset)
    for edge_type in EDGE_TYPES:
        rows = list(neo4j_load._edge_rows(dataset, edge_type, costs))
        expected = [i for i, e in enumerate(dataset.edges) if e.type == edge_type]
        assert sorted(row["props"]["seq"] for row in rows) == expected
        targets = [row["target"] for row in rows]
        # each end node's rows together: a node once seen is not seen again later
        runs = [t for i, t in enumerate(targets) if i == 0 or targets[i - 1] != t]
        assert len(runs) == len(set(runs))
        for row in rows:
            edge = dataset.edges[row["props"]["seq"]]
            assert (row["source"], row["target"]) == (edge.source, edge.target)
