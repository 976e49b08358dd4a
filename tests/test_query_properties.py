"""Path, plan and reach checked against brute force on small random graphs, and by hand on
tests/fixtures/mini.yaml.

The random graphs are built straight from the model: a DAG of PREREQUISITE edges (only
from a lower to a higher node number) with random groups, plus RECOMMENDS edges in either
direction, so they may cycle. Weights are small integers, so ties are common.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careergraph.errors import NoPathway
from careergraph.graph.backend import EDGE_SELECTIONS, MEASURES
from careergraph.graph.model import KINDS, PREREQUISITE, RECOMMENDS, Dataset, Edge, Node
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset
from careergraph.queries.paths import Pathway, find_paths
from careergraph.queries.plan import make_plan
from careergraph.queries.reach import reach

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"

# Few distinct values, so equal totals (ties) turn up often.
WEIGHTS = st.integers(min_value=0, max_value=4)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    count = draw(st.integers(min_value=3, max_value=9))
    nodes = [
        Node(
            id=f"n{i}",
            kind=draw(st.sampled_from(KINDS)),
            name=f"Node {i}",
            months=draw(WEIGHTS),
            cost_usd=draw(WEIGHTS),
        )
        for i in range(count)
    ]
    edges = []
    # At most one edge per ordered pair, as validation demands. PREREQUISITE edges only
    # point from a lower to a higher number, which keeps them acyclic; "no edge" comes
    # first so that shrinking removes edges.
    for i, j in itertools.permutations(range(count), 2):
        if i < j:
            choices = [None, None, RECOMMENDS, PREREQUISITE, PREREQUISITE]
        else:
            choices = [None, None, None, RECOMMENDS]
        edge_type = draw(st.sampled_from(choices))
        if edge_type is None:
            continue
        group = draw(st.sampled_from([None, "a", "b"])) if edge_type == PREREQUISITE else None
        edges.append(
            Edge(
                source=f"n{i}",
                target=f"n{j}",
                type=edge_type,
                months=draw(WEIGHTS),
                cost_usd=draw(WEIGHTS),
                group=group,
            )
        )
    return Dataset.from_records(nodes, edges)


# -- brute force -------------------------------------------------------------------


def from_scratch(dataset: Dataset, node_id: str, by: str, memo: dict | None = None) -> float:
    """A node's own cost plus, per requirement group, its cheapest alternative (edge plus
    that alternative from scratch), computed by plain recursion."""
    memo = {} if memo is None else memo
    if node_id not in memo:
        node = dataset.nodes[node_id]
        total = node.months if by == "months" else node.cost_usd
        for edges in requirement_groups(dataset, node_id).values():
            total += min(edge_value(e, by) + from_scratch(dataset, e.source, by, memo) for e in edges)
        memo[node_id] = total
    return memo[node_id]


def edge_value(edge: Edge, by: str) -> float:
    return edge.months if by == "months" else edge.cost_usd


def requirement_groups(dataset: Dataset, node_id: str) -> dict[str, list[Edge]]:
    groups: dict[str, list[Edge]] = {}
    for e in dataset.edges:
        if e.type == PREREQUISITE and e.target == node_id:
            groups.setdefault(e.group or f"single {e.source}", []).append(e)
    return groups


def step_total(dataset: Dataset, edge: Edge, by: str) -> float:
    """What the data model says walking ``edge`` costs: the edge, the target itself, and
    the target's requirement groups other than the one the edge satisfies, from scratch."""
    if by == "hops":
        return 1
    own_group = (edge.group or f"single {edge.source}") if edge.type == PREREQUISITE else None
    target = dataset.nodes[edge.target]
    total = edge_value(edge, by) + (target.months if by == "months" else target.cost_usd)
    for key, edges in requirement_groups(dataset, edge.target).items():
        if key != own_group:
            total += min(edge_value(e, by) + from_scratch(dataset, e.source, by) for e in edges)
    return total


def all_pathways(
    dataset: Dataset, source: str, target: str, edges: str, avoid: frozenset[str] = frozenset()
) -> list[list[Edge]]:
    """Every simple path along the selected edge types that enters no avoided node."""
    types = EDGE_SELECTIONS[edges]
    blocked = avoid - {source, target}
    graph = nx.DiGraph()
    graph.add_nodes_from(n for n in dataset.nodes if n not in blocked)
    for edge in dataset.edges:
        if edge.type in types and edge.source not in blocked and edge.target not in blocked:
            graph.add_edge(edge.source, edge.target, edge=edge)
    return [
        [graph.edges[u, v]["edge"] for u, v in itertools.pairwise(node_path)]
        for node_path in nx.all_simple_paths(graph, source, target)
    ]


def passes_in_order(edges: list[Edge], via: list[str]) -> bool:
    visited = [edges[0].source] + [e.target for e in edges]
    return all(v in visited for v in via) and [visited.index(v) for v in via] == sorted(
        visited.index(v) for v in via
    )


def brute_totals(dataset: Dataset, candidates: list[list[Edge]], by: str) -> list[float]:
    return sorted(sum(step_total(dataset, e, by) for e in path) for path in candidates)


def held_closure(dataset: Dataset, have: set[str]) -> set[str]:
    """Held: `have`, and transitively every requirement that had no alternative (a group of
    one edge); an alternative is never implied, since any other could have been used."""
    groups: dict[tuple[str, str], list[str]] = {}
    for e in dataset.edges:
        if e.type == PREREQUISITE:
            groups.setdefault((e.target, e.group or f"single {e.source}"), []).append(e.source)
    held = set(have)
    changed = True
    while changed:
        changed = False
        for (target, _), sources in groups.items():
            if target in held and len(sources) == 1 and sources[0] not in held:
                held.add(sources[0])
                changed = True
    return held


def incoming_groups(dataset: Dataset, node: str) -> dict[str, list[Edge]]:
    groups: dict[str, list[Edge]] = {}
    for edge in dataset.edges:
        if edge.type == PREREQUISITE and edge.target == node:
            groups.setdefault(edge.group or f"requires {edge.source}", []).append(edge)
    return groups


def brute_plan_total(dataset: Dataset, goal: str, have: set[str], by: str) -> float:
    """The cheapest plan's total, by trying every set of nodes to obtain.

    For a set S (goal included, nothing held) that is closed — every group of every node in
    S has an edge from S or from a held node — the best choice function inside S costs
    own(S) plus each group's cheapest such edge. Every choice function's needed set is such
    an S, and from any closed S the cheapest edges need at most S, so the minimum over all
    closed sets is the minimum over all choice functions, with shared nodes counted once.
    """
    held = held_closure(dataset, have)
    if goal in held:
        return 0
    prerequisites = nx.DiGraph((e.source, e.target) for e in dataset.edges if e.type == PREREQUISITE)
    above = nx.ancestors(prerequisites, goal) if goal in prerequisites else set()
    candidates = sorted(above - held)

    def own(node: str) -> float:
        return dataset.nodes[node].months if by == "months" else dataset.nodes[node].cost_usd

    def weight(edge: Edge) -> float:
        return edge.months if by == "months" else edge.cost_usd

    def closed_total(obtained: set[str]) -> float | None:
        """What obtaining exactly these nodes costs, or None when a group is unmet."""
        total = 0.0
        for node in obtained:
            total += own(node)
            for edges in incoming_groups(dataset, node).values():
                usable = [weight(e) for e in edges if e.source in obtained or e.source in held]
                if not usable:
                    return None
                total += min(usable)
        return total

    best = float("inf")
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            total = closed_total({goal, *subset})
            if total is not None:
                best = min(best, total)
    return best


# -- checks on what the queries return ---------------------------------------------


def assert_valid_pathway(
    dataset: Dataset,
    pathway: Pathway,
    source: str,
    target: str,
    edges: str,
    via: Sequence[str] = (),
    avoid: frozenset[str] = frozenset(),
) -> None:
    steps = [s.edge for s in pathway.steps]
    assert steps, "a pathway between two different nodes has at least one step"
    assert all(any(e is d for d in dataset.edges) for e in steps), "every step walks a real edge"
    assert steps[0].source == source and steps[-1].target == target
    assert all(a.target == b.source for a, b in itertools.pairwise(steps)), "steps chain"
    assert all(e.type in EDGE_SELECTIONS[edges] for e in steps)
    visited = [n.id for n in pathway.nodes]
    assert visited == [source] + [e.target for e in steps]
    assert len(set(visited)) == len(visited), "simple: no node twice"
    assert not (set(visited) & (avoid - {source, target})), "enters no avoided node"
    assert passes_in_order(steps, list(via))
    for step in pathway.steps:
        assert step.months == step_total(dataset, step.edge, "months")
        assert step.cost_usd == step_total(dataset, step.edge, "cost")
    assert pathway.hops == len(steps)
    assert pathway.months == sum(step_total(dataset, e, "months") for e in steps)
    assert pathway.cost_usd == sum(step_total(dataset, e, "cost") for e in steps)


def by_number(node_ids: Iterable[str]) -> list[str]:
    return sorted(node_ids, key=lambda n: int(n[1:]))


def endpoints(draw: st.DrawFn, dataset: Dataset) -> tuple[str, str]:
    """Two different nodes, usually in PREREQUISITE order (lower number first), where
    pathways are most likely to exist."""
    source, target = draw(
        st.lists(st.sampled_from(sorted(dataset.nodes)), min_size=2, max_size=2, unique=True)
    )
    if draw(st.sampled_from(["forward", "forward", "any"])) == "forward":
        source, target = by_number([source, target])
    return source, target


# -- path ----------------------------------------------------------------------------


@settings(max_examples=600, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_best_path_is_valid_and_as_short_as_any_simple_path(dataset: Dataset, data: st.DataObject) -> None:
    backend = NetworkxBackend(dataset)
    source, target = endpoints(data.draw, dataset)
    for edges in EDGE_SELECTIONS:
        candidates = all_pathways(dataset, source, target, edges)
        for by in MEASURES:
            if not candidates:
                with pytest.raises(NoPathway):
                    find_paths(backend, dataset.nodes[source], dataset.nodes[target], by=by, edges=edges)
                continue
            result = find_paths(backend, dataset.nodes[source], dataset.nodes[target], by=by, edges=edges)
            assert len(result.paths) == 1
            best = result.paths[0]
            assert_valid_pathway(dataset, best, source, target, edges)
            assert best.total(by) == brute_totals(dataset, candidates, by)[0], (edges, by)


@settings(max_examples=600, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_k_paths_are_the_k_cheapest_distinct_simple_paths(dataset: Dataset, data: st.DataObject) -> None:
    backend = NetworkxBackend(dataset)
    source, target = endpoints(data.draw, dataset)
    by = data.draw(st.sampled_from(MEASURES))
    edges = data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))
    k = data.draw(st.integers(min_value=2, max_value=6))
    candidates = all_pathways(dataset, source, target, edges)
    if not candidates:
        with pytest.raises(NoPathway):
            find_paths(backend, dataset.nodes[source], dataset.nodes[target], by=by, k=k, edges=edges)
        return
    result = find_paths(backend, dataset.nodes[source], dataset.nodes[target], by=by, k=k, edges=edges)
    for pathway in result.paths:
        assert_valid_pathway(dataset, pathway, source, target, edges)
    node_lists = [tuple(n.id for n in p.nodes) for p in result.paths]
    assert len(set(node_lists)) == len(node_lists), "alternatives are distinct"
    totals = [p.total(by) for p in result.paths]
    assert totals == sorted(totals), "non-decreasing"
    assert totals == brute_totals(dataset, candidates, by)[:k]


@settings(max_examples=800, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_via_and_avoid_paths_match_brute_force(dataset: Dataset, data: st.DataObject) -> None:
    backend = NetworkxBackend(dataset)
    source, target = endpoints(data.draw, dataset)
    others = sorted(set(dataset.nodes) - {source, target})
    via = data.draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
    if data.draw(st.sampled_from(["forward", "forward", "any"])) == "forward":
        via = by_number(via)
    # Avoid may name FROM or TO, which must be ignored, but never a via node.
    avoid = frozenset(
        data.draw(st.lists(st.sampled_from(sorted(set(dataset.nodes) - set(via))), max_size=2, unique=True))
    )
    by = data.draw(st.sampled_from(MEASURES))
    edges = data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))
    k = data.draw(st.integers(min_value=1, max_value=4))
    candidates = [p for p in all_pathways(dataset, source, target, edges, avoid) if passes_in_order(p, via)]
    arguments = dict(
        by=by,
        k=k,
        via=[dataset.nodes[v] for v in via],
        avoid=[dataset.nodes[a] for a in avoid],
        edges=edges,
    )
    if not candidates:
        with pytest.raises(NoPathway):
            find_paths(backend, dataset.nodes[source], dataset.nodes[target], **arguments)
        return
    result = find_paths(backend, dataset.nodes[source], dataset.nodes[target], **arguments)
    for pathway in result.paths:
        assert_valid_pathway(dataset, pathway, source, target, edges, via, avoid)
    node_lists = [tuple(n.id for n in p.nodes) for p in result.paths]
    assert len(set(node_lists)) == len(node_lists)
    assert [p.total(by) for p in result.paths] == brute_totals(dataset, candidates, by)[:k]


# -- plan ----------------------------------------------------------------------------


@settings(max_examples=800, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_plan_is_followable_and_as_cheap_as_any_choice(dataset: Dataset, data: st.DataObject) -> None:
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    # Later nodes have more prerequisites above them.
    goal = data.draw(st.sampled_from(ids[len(ids) // 2 :] * 3 + ids))
    have = set(data.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)))
    held = held_closure(dataset, have)
    for by in ("months", "cost"):
        plan = make_plan(backend, dataset.nodes[goal], [dataset.nodes[h] for h in sorted(have)], by=by)
        assert plan.exact
        total = plan.months if by == "months" else plan.cost_usd
        assert total == brute_plan_total(dataset, goal, have, by), by

        order = [s.node.id for s in plan.steps]
        assert len(set(order)) == len(order)
        if goal in held:
            assert order == []
            continue
        assert order[-1] == goal
        assert not set(order) & held, "nothing held is obtained again"
        chosen_by_later: set[str] = set()
        for position, step in enumerate(plan.steps):
            groups = incoming_groups(dataset, step.node.id)
            assert sorted(r.group for r in step.requirements) == sorted(groups)
            chosen = []
            for requirement in step.requirements:
                edge = requirement.chosen.edge
                assert any(edge is e for e in groups[requirement.group])
                assert edge.source in held or edge.source in order[:position], "prerequisites first"
                chosen.append(edge)
                chosen_by_later.add(edge.source)
            assert step.months == step.node.months + sum(e.months for e in chosen)
            assert step.cost_usd == step.node.cost_usd + sum(e.cost_usd for e in chosen)
        assert set(order) - {goal} <= chosen_by_later, "every step is there for a reason"
        assert plan.months == sum(s.months for s in plan.steps)
        assert plan.cost_usd == sum(s.cost_usd for s in plan.steps)


# -- reach ---------------------------------------------------------------------------


@settings(max_examples=800, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_reach_matches_dijkstra(dataset: Dataset, data: st.DataObject) -> None:
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source = data.draw(st.sampled_from(ids[: len(ids) // 2] * 3 + ids))
    by = data.draw(st.sampled_from(["months", "cost"]))
    edges = data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))
    budget = data.draw(st.integers(min_value=0, max_value=25))
    graph = nx.DiGraph()
    graph.add_nodes_from(dataset.nodes)
    for edge in dataset.edges:
        if edge.type in EDGE_SELECTIONS[edges]:
            graph.add_edge(edge.source, edge.target, weight=step_total(dataset, edge, by))
    expected = nx.single_source_dijkstra_path_length(graph, source, cutoff=budget)
    del expected[source]

    result = reach(backend, dataset.nodes[source], by, budget, edges=edges)
    assert {r.node.id: r.cost for r in result.reachable} == expected
    costs = [r.cost for r in result.reachable]
    assert costs == sorted(costs)


# -- a worked example on tests/fixtures/mini.yaml (path and plan: tests/test_paths.py,
# tests/test_plan.py) ---------------------------------------------------------------


@pytest.fixture(scope="module")
def mini() -> NetworkxBackend:
    return NetworkxBackend(load_dataset([MINI]))


def test_reach_from_developer_within_40_months(mini: NetworkxBackend) -> None:
    # experience 0 and lead 36; pm (60), route-diploma (60) and pmp (64, by the diploma
    # route) are out of budget.
    result = reach(mini, mini.node("dev"), "months", 40)
    assert [(r.node.id, r.cost) for r in result.reachable] == [("experience", 0), ("lead", 36)]
