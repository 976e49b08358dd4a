"""Path, plan and reach checked against brute force on small random graphs.

The random graphs are built straight from the model: a DAG of PREREQUISITE edges (only
from a lower to a higher node number) with random groups and bases, RECOMMENDS edges in
either direction (so they may cycle), roles and experience skills that accrue, and
counts_as between experiences. Weights are small integers, so ties are common.

Plans are checked against every choice of alternatives, scheduled by an independent
critical-path computation; pathways against every simple path, each priced move by move
(queries/moves.py, tested on its own in tests/test_schedule.py and tests/test_paths.py):
what is checked here is that the search finds the best.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from collections.abc import Iterable
from dataclasses import replace
from unittest import mock

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careergraph.errors import NoPathway
from careergraph.graph import rings
from careergraph.graph.backend import EDGE_SELECTIONS
from careergraph.graph.model import KINDS, PREREQUISITE, RECOMMENDS, Dataset, Edge, Node, tidy
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.queries import journeys, kbest, moves
from careergraph.queries.enterable import could_enter
from careergraph.queries.expected import Expected
from careergraph.queries.holdings import Holdings, counts_as_closure, make_holdings, widen
from careergraph.queries.moves import Floors, Journey, move, price, start_journey
from careergraph.queries.paths import find_paths
from careergraph.queries.plan import make_plan
from careergraph.queries.reach import reach
from careergraph.queries.schedule import FULL_TIME_MONTHS, Clock, Infeasible, met_now, solve_plan

# Few distinct values, so equal totals (ties) turn up often.
WEIGHTS = st.integers(min_value=0, max_value=4)
# Months also come in halves (a course of two weeks): on whole months alone no figure
# differs from another by less than a month, so a check off by less than that passes.
MONTHS = st.sampled_from([0, 0.5, 1, 1.5, 2, 3, 4])


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    count = draw(st.integers(min_value=3, max_value=8))
    nodes = []
    for i in range(count):
        kind = draw(st.sampled_from(KINDS))
        experience = kind == "Skill" and draw(st.booleans())
        studies = st.sampled_from([0, 0.5, 1, 2, 3, 4, FULL_TIME_MONTHS])
        months = draw(studies) if kind == "Education" else draw(MONTHS)
        nodes.append(
            Node(
                id=f"n{i}",
                kind=kind,
                name=f"Node {i}",
                months=0 if experience else months,
                cost_usd=0 if experience else draw(WEIGHTS),
                experience=experience or None,
            )
        )
    experiences = [n.id for n in nodes if n.experience]
    for node in nodes:
        # Experience counts only as experience numbered lower: validation forbids cycles.
        others = [e for e in experiences if e != node.id and (node.kind == "Role" or e < node.id)]
        if node.accrues and others and draw(st.booleans()):
            node.counts_as = (draw(st.sampled_from(others)),)
    edges = []
    # At most one edge per ordered pair, as validation demands. PREREQUISITE edges only
    # point from a lower to a higher number, which keeps them acyclic; "no edge" comes
    # first so that shrinking removes edges.
    for i, j in itertools.permutations(range(count), 2):
        choices = (
            [None, None, RECOMMENDS, PREREQUISITE, PREREQUISITE] if i < j else [None, None, None, RECOMMENDS]
        )
        edge_type = draw(st.sampled_from(choices))
        if edge_type is None:
            continue
        prerequisite = edge_type == PREREQUISITE
        if prerequisite and (full_time(nodes[j]) or nodes[j].experience):
            continue  # experience has no requirements (validation); full-time study: see brute_plan
        edges.append(
            Edge(
                source=f"n{i}",
                target=f"n{j}",
                type=edge_type,
                months=draw(MONTHS),
                cost_usd=draw(WEIGHTS),
                group=draw(st.sampled_from([None, "a", "b"])) if prerequisite else None,
                basis=draw(st.sampled_from([None, "employers"])) if prerequisite else None,
            )
        )
    return Dataset.from_records(nodes, edges)


@st.composite
def expecting_datasets(draw: st.DrawFn) -> Dataset:
    """``datasets()`` and one more node, the last: a role whose employers expect months of
    one or two kinds of experience (the graph's, or a new one), which some of its roles
    count as, with other edges into it from a few nodes. A pathway to it must come to that
    experience on the way (queries/expected.py)."""
    base = draw(datasets())
    nodes, edges = list(base.nodes.values()), list(base.edges)
    experiences = [n.id for n in nodes if n.experience]
    if not experiences:
        nodes.append(Node(id=f"n{len(nodes)}", kind="Skill", name="Experience", experience=True))
        experiences = [nodes[-1].id]
    for node in nodes:
        if node.kind == "Role" and not node.counts_as and draw(st.booleans()):
            node.counts_as = (draw(st.sampled_from(experiences)),)
    target = Node(id=f"n{len(nodes)}", kind="Role", name="Target", months=draw(MONTHS))
    kinds = draw(st.lists(st.sampled_from(experiences), min_size=1, max_size=2, unique=True))
    group = draw(st.sampled_from(["x", None]))  # alternatives of one group, or a group each
    for kind in kinds:
        months = draw(st.sampled_from([1, 2, 3, 4, 6, 8]))
        edges.append(Edge(kind, target.id, PREREQUISITE, months=months, group=group, basis="employers"))
    ids = [n.id for n in nodes if n.id not in kinds]
    for node in draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)):
        edges.append(Edge(node, target.id, RECOMMENDS, months=draw(MONTHS), cost_usd=draw(WEIGHTS)))
    return Dataset.from_records([*nodes, target], edges)


def full_time(node: Node) -> bool:
    return node.kind == "Education" and node.months >= FULL_TIME_MONTHS


def by_number(node_ids: Iterable[str]) -> list[str]:
    return sorted(node_ids, key=lambda n: int(n[1:]))


# -- plan: every choice, scheduled independently ------------------------------------


def groups_of(dataset: Dataset, node: str) -> dict[str, list[Edge]]:
    groups: dict[str, list[Edge]] = {}
    for e in dataset.edges:
        if e.type == PREREQUISITE and e.target == node:
            groups.setdefault(e.group or f"requires {e.source}", []).append(e)
    return groups


def counts(dataset: Dataset, node: str) -> set[str]:
    found, stack = {node}, [node]
    while stack:
        for other in dataset.nodes[stack.pop()].counts_as or ():
            if other not in found:
                found.add(other)
                stack.append(other)
    return found


class Choice:
    """One choice of alternatives, scheduled: a node finishes its own months after every
    chosen requirement is ready."""

    def __init__(self, dataset: Dataset, choice: dict, held: set[str], amounts: dict, floor: float):
        self.dataset, self.choice, self.held, self.amounts, self.floor = dataset, choice, held, amounts, floor
        self.done: dict[str, float] = {}

    def finish(self, node: str) -> float:
        if node in self.held:
            return 0.0
        if node not in self.done:
            start = 0.0
            for key in groups_of(self.dataset, node):
                e = self.choice[(node, key)]
                if self.dataset.nodes[e.source].accrues:
                    missing = max(0.0, e.months - self.amounts.get(e.source, 0.0))
                    ready = max(self.finish(e.source), self.floor) + missing
                else:
                    ready = 0.0 if e.source in self.held else self.finish(e.source) + e.months
                start = max(start, ready)
            self.done[node] = start + self.dataset.nodes[node].months
        return self.done[node]


def brute_plan(dataset: Dataset, goal: str, held: set[str], amounts: dict[str, float]) -> list[tuple]:
    """(elapsed, cost) of every way to meet the goal: a choice per group of each needed
    node, scheduled by the critical path with experience as running totals, accruing
    only after the chosen full-time study (which, generated without requirements of its
    own, ends at its own months)."""
    closure, stack = [goal], [goal]
    while stack:
        for edges in groups_of(dataset, stack.pop()).values():
            for e in edges:
                if e.source not in closure:
                    closure.append(e.source)
                    stack.append(e.source)
    decisions = [
        (node, key, edges)
        for node in closure
        if node not in held
        for key, edges in groups_of(dataset, node).items()
    ]
    results = []
    for picks in itertools.product(*[edges for _, _, edges in decisions]):
        choice = {(node, key): edge for (node, key, _), edge in zip(decisions, picks, strict=True)}
        needed, stack = {goal}, [goal]
        while stack:
            node = stack.pop()
            if node in held:
                continue
            for key in groups_of(dataset, node):
                source = choice[(node, key)].source
                if source not in needed:
                    needed.add(source)
                    stack.append(source)
        studies = [dataset.nodes[n].months for n in needed if n not in held and full_time(dataset.nodes[n])]
        plan = Choice(dataset, choice, held, amounts, max(studies, default=0.0))
        elapsed = plan.finish(goal)
        cost = sum(dataset.nodes[n].cost_usd for n in needed if n not in held)
        cost += sum(choice[(n, k)].cost_usd for n in needed if n not in held for k in groups_of(dataset, n))
        results.append((elapsed, cost))
    return results


@settings(max_examples=500, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_plan_is_the_earliest_then_cheapest_or_the_cheapest(dataset: Dataset, data: st.DataObject) -> None:
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    goal = data.draw(st.sampled_from(ids[len(ids) // 2 :] * 3 + ids))
    have = data.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    accruing = [h for h in have if dataset.nodes[h].accrues]
    amounts = {h: data.draw(MONTHS) for h in accruing}
    holdings = make_holdings(backend, [dataset.nodes[h] for h in have], amounts)
    if goal in holdings.nodes:
        assert make_plan(backend, dataset.nodes[goal], holdings=holdings).steps == []
        return
    options = brute_plan(dataset, goal, set(holdings.nodes), dict(holdings.experience))
    fastest = make_plan(backend, dataset.nodes[goal], holdings=holdings, by="months")
    assert fastest.exact
    assert (fastest.elapsed_months, fastest.cost_usd) == min(options)
    cheapest = make_plan(backend, dataset.nodes[goal], holdings=holdings, by="cost")
    assert cheapest.cost_usd == min(cost for _, cost in options)
    for plan in (fastest, cheapest):
        assert plan.effort_months >= plan.elapsed_months
        goal_step = next(s for s in plan.steps if s.node.id == goal)
        assert goal_step.end_month == plan.elapsed_months
        assert not {s.node.id for s in plan.steps if not s.node.accrues} & holdings.nodes


# -- pathways: every simple path, priced move by move --------------------------------


def all_pathways(
    dataset: Dataset, source: str, target: str, edges: str, avoid=frozenset()
) -> list[list[Edge]]:
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


def brute_keys(backend, dataset, source, target, by, edges, holdings, avoid=frozenset(), via=()):
    journey = start_journey(backend, dataset.nodes[source], holdings)
    keys = []
    for candidate in all_pathways(dataset, source, target, edges, avoid):
        visited = [candidate[0].source] + [e.target for e in candidate]
        if via and [v for v in visited if v in via] != list(via):
            continue
        moves = price(backend, journey, candidate, by)
        if moves is not None:
            keys.append(priced_key(moves, by))
    return sorted(keys)


def priced_key(moves, by: str) -> tuple:
    """A priced pathway's measure, then its first tie-break."""
    elapsed, cost = moves[-1].end, sum(m.cost_usd for m in moves)
    return {"months": (elapsed, cost), "cost": (cost, elapsed), "hops": (len(moves), elapsed)}[by]


def key_of(pathway, by: str) -> tuple:
    primary = {"months": pathway.elapsed_months, "cost": pathway.cost_usd, "hops": pathway.hops}[by]
    return primary


@settings(max_examples=400, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_k_best_pathways_match_every_simple_path_priced(dataset: Dataset, data: st.DataObject) -> None:
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    by = data.draw(st.sampled_from(["hops", "months", "cost"]))
    edges = data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))
    k = data.draw(st.integers(min_value=1, max_value=3))
    avoid = frozenset(data.draw(st.lists(st.sampled_from(ids), max_size=1)))
    # By hops the A* guide counts moves exactly only in a ball around the target: a small
    # ball (a ring or two) tests the estimate beyond it too.
    ball = data.draw(st.sampled_from([1, 2, 4, kbest.HOPS_BALL]))
    # The journey search (by months and cost) starts unguided: guided from the first labels,
    # from a few, or never on graphs this small.
    guide_after = data.draw(st.sampled_from([1, 2, 5, journeys.GUIDE_AFTER]))
    # By months or cost the guide works out a ball of nodes nearest the target: a small
    # one tests its bound on the nodes beyond.
    guide_ball = data.draw(st.sampled_from([1, 2, 3, 5, kbest.GUIDE_BALL]))
    # A ball that does not hold every node that can reach the target makes the search keep
    # to a corridor of pathways a few moves longer than the fewest: one wide enough for
    # every pathway of graphs this small must be exact.
    slack = data.draw(st.sampled_from([0, 1, journeys.CORRIDOR_SLACK, 100]))
    holdings = make_holdings(backend)
    expected = brute_keys(backend, dataset, source, target, by, edges, holdings, avoid)
    try:
        with (
            mock.patch.object(kbest, "HOPS_BALL", ball),
            mock.patch.object(journeys, "GUIDE_AFTER", guide_after),
            mock.patch.object(kbest, "GUIDE_BALL", guide_ball),
            mock.patch.object(journeys, "CORRIDOR_SLACK", slack),
        ):
            result = find_paths(
                backend,
                dataset.nodes[source],
                dataset.nodes[target],
                by=by,
                k=k,
                edges=edges,
                avoid=[dataset.nodes[a] for a in avoid],
            )
    except NoPathway:
        assert expected == []
        return
    found = [key_of(p, by) for p in result.paths]
    if not result.exact:  # only a corridor's best, and never where it holds every pathway
        assert by != "hops" and slack < 100
        assert found == sorted(found) and set(found) <= {key[0] for key in expected}
        assert result.lower_bound <= expected[0][0] + 1e-9
        return
    assert found == [key[0] for key in expected[:k]]
    for pathway in result.paths:
        assert pathway.effort_months >= pathway.elapsed_months - 1e-9
        assert not set(n.id for n in pathway.nodes) & (avoid - {source, target})


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_journey_search_cut_short_answers_real_pathways_above_a_true_lower_bound(
    dataset: Dataset, data: st.DataObject
) -> None:
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    by = data.draw(st.sampled_from(["months", "cost"]))
    k = data.draw(st.integers(min_value=1, max_value=3))
    labels = data.draw(st.sampled_from([1, 2, 3, 5, 8, 30]))
    # A ball too small for the graph: the guide is not worked out, and the search keeps to
    # a corridor.
    ball = data.draw(st.sampled_from([1, 3, kbest.GUIDE_BALL]))
    slack = data.draw(st.sampled_from([0, 1, journeys.CORRIDOR_SLACK]))
    expected = brute_keys(backend, dataset, source, target, by, "all", make_holdings(backend))
    try:
        with (
            mock.patch.object(journeys, "MAX_LABELS", labels),
            mock.patch.object(journeys, "CORRIDOR_SLACK", slack),
            mock.patch.object(kbest, "GUIDE_BALL", ball),
        ):
            result = find_paths(backend, dataset.nodes[source], dataset.nodes[target], by=by, k=k)
    except NoPathway:
        return  # a search cut short may find nothing; it then says one may still exist
    found = [key_of(p, by) for p in result.paths]
    assert found == sorted(found) and set(found) <= {key[0] for key in expected}
    if result.exact:
        assert result.lower_bound is None and found == [key[0] for key in expected[:k]]
    else:
        assert result.lower_bound is not None and result.lower_bound <= expected[0][0] + 1e-9


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_corridor_search_finds_the_k_best_pathways_of_at_most_its_moves(
    dataset: Dataset, data: st.DataObject
) -> None:
    """journeys.Corridor: the k best of the pathways of at most the fewest moves plus the
    slack, proven the k best of all only when the least bound of the moves it left out
    says so; else that bound is below every pathway of more moves."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    by = data.draw(st.sampled_from(["months", "cost"]))
    k = data.draw(st.integers(min_value=1, max_value=3))
    slack = data.draw(st.integers(min_value=0, max_value=2))
    ball = data.draw(st.sampled_from([1, 2, kbest.HOPS_BALL]))  # the moves left, exact near the target
    journey = start_journey(backend, dataset.nodes[source], make_holdings(backend))
    types = EDGE_SELECTIONS["all"]
    bound = kbest.Bound(backend, by, journey.holdings, types, frozenset(), journey.accruing)
    fewest = kbest.Bound(backend, "hops", journey.holdings, types, frozenset(), journey.accruing)
    with mock.patch.object(journeys, "CORRIDOR_SLACK", slack), mock.patch.object(kbest, "HOPS_BALL", ball):
        corridor = journeys.Corridor.around(fewest, source, target)
    pathways = all_pathways(dataset, source, target, "all")
    if corridor is None:
        assert pathways == []
        return
    assert corridor.most == min(len(p) for p in pathways) + slack
    searched = journeys.best_journeys(bound, journey, source, target, k, corridor=corridor)
    inside, outside = [], []
    for candidate in pathways:
        moves = price(backend, journey, candidate, by)
        if moves is not None:
            (inside if len(candidate) <= corridor.most else outside).append(priced_key(moves, by))
    assert searched.whole
    assert [r.key[0] for r in searched.found] == [key[0] for key in sorted(inside)[:k]]
    if searched.proven:
        assert [r.key[0] for r in searched.found] == [key[0] for key in sorted(inside + outside)[:k]]
    else:
        assert all(searched.floor <= key[0] + 1e-9 for key in outside)


@settings(max_examples=200, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_candidate_left_unpriced_above_the_kth_best_could_not_have_entered_the_k_best(
    dataset: Dataset, data: st.DataObject
) -> None:
    """The fallback's candidates, priced with and without the ceiling (paths._Pricer): the
    same pathways. A bound that overestimated would leave a better one unpriced."""
    from careergraph.queries import paths

    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    by = data.draw(st.sampled_from(["months", "cost", "hops"]))
    k = data.draw(st.integers(min_value=1, max_value=3))
    labels = data.draw(st.sampled_from([1, 2, 5]))  # the journey search gives up: the fallback answers
    priced = paths._Pricer.__call__
    answers = []
    for ceiling in (True, False):
        uncapped = (lambda self, edges, _=None: priced(self, edges)) if not ceiling else priced
        try:
            with (
                mock.patch.object(journeys, "MAX_LABELS", labels),
                mock.patch.object(paths._Pricer, "__call__", uncapped),
            ):
                result = find_paths(backend, dataset.nodes[source], dataset.nodes[target], by=by, k=k)
            answers.append([(key_of(p, by), [n.id for n in p.nodes]) for p in result.paths])
        except NoPathway:
            answers.append(None)
    assert answers[0] == answers[1]


@st.composite
def labels(draw, source: str, node: str) -> journeys._Label:
    """A label at ``node`` whose pathway from ``source`` visited some of eight nodes, with
    random month, cost, moves, role, accruing kinds and holdings (few values, so that
    labels often dominate one another)."""
    names = [f"n{i}" for i in range(8)]
    interior = draw(st.sets(st.sampled_from(names), max_size=6))
    kinds = draw(st.sets(st.sampled_from(["k1", "k2"])))
    months = {kind: float(draw(st.integers(0, 2))) for kind in kinds}
    held = draw(st.sets(st.sampled_from(names[:4])))
    role = draw(st.sampled_from([None, "r1"]))
    month = float(draw(st.integers(0, 3)))
    journey = Journey(month, Holdings(frozenset(held), months), role, frozenset(kinds))
    cost = float(draw(st.integers(0, 2)))
    moves = (None,) * draw(st.integers(0, 3))
    return journeys._Label(node, journey, cost, moves, frozenset({source, node, *interior}))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_labels_kept_at_a_node_find_every_label_that_dominates_another(data: st.DataObject) -> None:
    """journeys._Kept compares a label only with the labels kept under a subset of what it
    visited, once they outnumber those subsets: it finds the same dominators as comparing
    with every kept label."""
    kept = journeys._Kept("s", "t")
    for label in data.draw(st.lists(labels("s", "t"), min_size=1, max_size=200)):
        kept.add(label)
    for label in data.draw(st.lists(labels("s", "t"), min_size=1, max_size=20)):
        k = data.draw(st.integers(min_value=1, max_value=3))
        assert kept.dominated(label, k) == (journeys._dominators(label, kept.labels, k) >= k)


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_moves_floors_never_exceed_its_price_and_rule_out_only_impossible_moves(
    dataset: Dataset, data: st.DataObject
) -> None:
    """And the floor of the end waits out the bound's own time ``a`` of the move, which the
    journey search therefore does not add to it."""
    backend = NetworkxBackend(dataset)
    source = data.draw(st.sampled_from(by_number(dataset.nodes)))
    by = data.draw(st.sampled_from(["months", "cost"]))
    floors = Floors(backend)
    start = start_journey(backend, dataset.nodes[source], make_holdings(backend))
    types = EDGE_SELECTIONS["all"]
    bound = kbest.Bound(backend, "months", start.holdings, types, frozenset(), start.accruing)
    stack = [(source, start, {source})]
    while stack:  # every move of every simple pathway from source
        node, journey, visited = stack.pop()
        for edge in backend.out_edges(node):
            if edge.target in visited:
                continue
            end, cost = floors.end(journey, edge), floors.cost(journey, edge)
            assert end >= journey.time + bound.a(edge) - 1e-9
            result = move(backend, journey, edge, by)
            if result is None:
                continue
            priced, after = result
            assert end <= priced.end + 1e-9 and cost <= priced.cost_usd + 1e-9
            stack.append((edge.target, after, visited | {edge.target}))


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_what_the_target_requires_seen_from_after_a_move_bounds_every_pathway_making_it(
    dataset: Dataset, data: st.DataObject
) -> None:
    """journeys._Estimate.after: the target's requirements seen from after a move, worked
    out from the journey before it and the move's least arrival, never exceed the months
    of a pathway that makes the move (every simple pathway, priced move by move); and they
    are never below what the journey before it bounds."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    accruing = [n for n in ids if dataset.nodes[n].accrues]
    amounts = data.draw(st.dictionaries(st.sampled_from(accruing), MONTHS, max_size=1)) if accruing else {}
    holdings = make_holdings(backend, [dataset.nodes[n] for n in amounts], amounts)
    start = start_journey(backend, dataset.nodes[source], holdings)
    types = EDGE_SELECTIONS["all"]
    bound = kbest.Bound(backend, "months", start.holdings, types, frozenset(), start.accruing)
    estimate = journeys._Estimate(bound, target, moves.Plans())
    floors = Floors(backend)
    for candidate in all_pathways(dataset, source, target, "all"):
        steps, journey, cost = [], start, 0.0
        for edge in candidate:
            result = move(backend, journey, edge, "months")
            if result is None:
                break
            steps.append((edge, journey, cost))
            journey, cost = result[1], cost + result[0].cost_usd
        else:
            for edge, before, paid in steps:
                arrival = max(before.time + bound.a(edge), floors.end(before, edge), bound.b(edge))
                demands = estimate.demands(before, paid)
                after = estimate.after(before, edge.target, arrival, demands)
                assert demands[0] <= after[0] <= journey.time + 1e-9
                assert after[1] == demands[1]


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_plan_the_journey_search_remembers_is_the_plan_solved_then(
    dataset: Dataset, data: st.DataObject
) -> None:
    """moves.Plans answers a move from a plan solved at another start, moved in time:
    every move of every simple pathway, and each again later, priced the same as by the
    plan engine itself."""
    backend = NetworkxBackend(dataset)
    source = data.draw(st.sampled_from(by_number(dataset.nodes)))
    by = data.draw(st.sampled_from(["months", "cost"]))
    later = data.draw(st.sampled_from([0.5, 3.0, 0.1]))  # 0.1: not exact, solved afresh
    plans = moves.Plans()
    stack = [(source, start_journey(backend, dataset.nodes[source], make_holdings(backend)), {source})]
    while stack:
        node, journey, visited = stack.pop()
        held = journey.holdings
        obtained = {k: v + later for k, v in held.obtained.items()}
        moved = replace(journey, time=journey.time + later, holdings=replace(held, obtained=obtained))
        for edge in backend.out_edges(node):
            if edge.target in visited:
                continue
            assert move(backend, moved, edge, by, plans) == move(backend, moved, edge, by)
            result = move(backend, journey, edge, by, plans)
            assert result == move(backend, journey, edge, by)
            if result is not None:
                stack.append((edge.target, result[1], visited | {edge.target}))


@settings(max_examples=1000, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_goal_whose_requirements_are_met_is_scheduled_as_the_plan_engine_would(
    dataset: Dataset, data: st.DataObject
) -> None:
    """schedule.met_now, the plan answered without the engine, is the engine's own
    answer whenever it gives one: the same single step (start, end, effort, cost and
    the requirement chosen of each group), nothing else gained and no experience
    demanded; and a plan solved without its alternatives' estimates is the same plan.
    Holdings with months held, credentials obtained on a pathway (a wait after them may
    not be over), a clock with experience accruing, and a walked edge."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    required = [i for i in ids if backend.in_edges(i, PREREQUISITE)]  # goals with a choice to make
    goal = dataset.nodes[data.draw(st.sampled_from(required or ids))]
    others = [i for i in ids if i != goal.id]
    held = set(data.draw(st.lists(st.sampled_from(others), unique=True))) if others else set()
    into = backend.in_edges(goal.id, PREREQUISITE)
    if data.draw(st.booleans()):  # every alternative held: a choice among them, ties too
        held |= {e.source for e in into}
    amounts = st.sampled_from([0, 0.5, 1, 2, 3, 5, 10])
    experience = {i: float(data.draw(amounts)) for i in held if dataset.nodes[i].accrues}
    start = float(data.draw(st.sampled_from([0, 1.5, 2, 5, 10])))
    obtained = {
        i: float(data.draw(st.sampled_from([0, 1, 1.5, 2, 3, 4])))
        for i in held
        if not dataset.nodes[i].accrues and data.draw(st.booleans())
    }
    holdings = Holdings(frozenset(held), experience, (), obtained)
    active = frozenset(data.draw(st.lists(st.sampled_from(ids), unique=True)))
    clock = Clock(start=start, active=data.draw(st.sampled_from([None, active])))
    forced = data.draw(st.sampled_from([None, *into]))
    # Each group's alternatives in reverse: the choice must not hang on their order.
    groups = {key: edges[::-1] for key, edges in moves.groups_of(backend, goal.id).items()}
    step = met_now(backend, goal, holdings, groups, clock, forced)
    try:
        solution = solve_plan(backend, goal, holdings, "months", clock, forced)
    except Infeasible:
        assert step is None
        return
    # A plan without its alternatives' estimates (a move's) is the same plan.
    plain = solve_plan(backend, goal, holdings, "months", clock, forced, estimates=False)
    assert plain == replace(solution, estimates={}, cost_estimates={})
    if step is None:
        return
    assert solution.steps == (step,)
    assert solution.experience_demand == {}
    assert (solution.cost_usd, solution.effort) == (step.cost_usd, step.months)


@pytest.mark.pure  # replaces a compiled module's function (careergraph/native.py)
def test_pathways_priced_without_the_engine_where_requirements_are_met_are_the_engines(curated) -> None:
    """On the curated data, Software Engineer to Program Manager by months (the README's
    first question) and --k 3: moves answered by met_now give the very pathways the plan
    engine alone gives, and met_now does answer some of them."""
    answered = []

    def counted(*args, **kwargs):
        step = met_now(*args, **kwargs)
        answered.append(step is not None)
        return step

    source, target = curated.node("software-engineer"), curated.node("program-manager")
    with mock.patch.object(moves, "met_now", counted):
        fast = find_paths(curated, source, target, by="months", k=3)
    with mock.patch.object(moves, "met_now", lambda *args, **kwargs: None):
        engine = find_paths(curated, source, target, by="months", k=3)
    assert fast == engine
    assert any(answered) and not all(answered)


@settings(max_examples=500, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_node_no_pathway_could_enter_is_entered_by_no_pathway(
    dataset: Dataset, data: st.DataObject
) -> None:
    """The relaxation that turns "none found within the limits" into a proof: wherever
    it says a target cannot be entered, no simple path priced move by move reaches it."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    selection = data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))
    avoid = frozenset(data.draw(st.lists(st.sampled_from(ids), max_size=1))) - {source, target}
    accruing = [n for n in ids if dataset.nodes[n].accrues]
    amounts = data.draw(st.dictionaries(st.sampled_from(accruing), MONTHS, max_size=1)) if accruing else {}
    holdings = make_holdings(backend, [dataset.nodes[n] for n in amounts], amounts)
    journey = start_journey(backend, dataset.nodes[source], holdings)
    if not could_enter(backend, journey, source, target, EDGE_SELECTIONS[selection], avoid):
        by = data.draw(st.sampled_from(["hops", "months", "cost"]))
        assert brute_keys(backend, dataset, source, target, by, selection, holdings, avoid) == []


# -- reach: every node listed is reached at its figure -------------------------------


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_reach_lists_nodes_a_pathway_reaches_within_budget(dataset: Dataset, data: st.DataObject) -> None:
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source = data.draw(st.sampled_from(ids))
    by = data.draw(st.sampled_from(["months", "cost"]))
    budget = data.draw(st.integers(min_value=0, max_value=25))
    holdings = make_holdings(backend)
    result = reach(backend, dataset.nodes[source], by, budget)
    figures = [r.cost for r in result.reachable]
    assert figures == sorted(figures)
    for item in result.reachable:
        keys = brute_keys(backend, dataset, source, item.node.id, by, "all", holdings)
        assert keys, item.node.id
        assert keys[0][0] <= item.cost <= budget


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_reach_leaves_unpriced_only_moves_that_could_change_nothing(
    dataset: Dataset, data: st.DataObject
) -> None:
    """reach prices a move only where its floors leave it within the budget and better
    than its target's figure so far: the very answer of the same label-setting search
    pricing every move (the moves it leaves could not have been pushed)."""
    backend = NetworkxBackend(dataset)
    source = data.draw(st.sampled_from(by_number(dataset.nodes)))
    by = data.draw(st.sampled_from(["months", "cost"]))
    budget = data.draw(st.integers(min_value=0, max_value=25))
    start = start_journey(backend, dataset.nodes[source], make_holdings(backend))
    best, journeys, done = {source: 0.0}, {source: start}, set()
    heap = [(0.0, 0, source)]
    pushed = itertools.count(1)
    while heap:  # every move priced
        value, _, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        for edge in backend.out_edges(node):
            if edge.target in done:
                continue
            result = move(backend, journeys[node], edge, by)
            if result is None:
                continue
            figure = result[1].time if by == "months" else value + result[0].cost_usd
            if figure <= budget + 1e-9 and figure < best.get(edge.target, math.inf):
                best[edge.target], journeys[edge.target] = figure, result[1]
                heapq.heappush(heap, (figure, next(pushed), edge.target))
    best.pop(source)
    found = reach(backend, dataset.nodes[source], by, budget)
    assert {r.node.id: r.cost for r in found.reachable} == {n: tidy(v) for n, v in best.items()}


def test_reach_takes_a_pathway_found_later_that_is_half_a_month_faster() -> None:
    """The first pathway reach finds into a node can be beaten by less than a month by
    one found later: a figure is replaced whenever the new one is lower, however little
    (on whole months alone no pathway is faster by less than a month)."""
    nodes = [
        Node(id="role", kind="Role", name="Role"),
        Node(id="course", kind="Certification", name="Course", months=0.5),
        Node(id="exam", kind="Certification", name="Exam"),
    ]
    edges = [
        Edge(source="role", target="exam", type=RECOMMENDS, months=1),  # a month in the role first
        Edge(source="role", target="course", type=RECOMMENDS),
        Edge(source="course", target="exam", type=RECOMMENDS),
    ]
    backend = NetworkxBackend(Dataset.from_records(nodes, edges))
    found = reach(backend, backend.node("role"), "months", 2)
    assert [(r.node.id, r.cost) for r in found.reachable] == [("course", 0.5), ("exam", 0.5)]


# -- a worked example on tests/fixtures/mini.yaml (path and plan: tests/test_paths.py,
# tests/test_plan.py) ---------------------------------------------------------------


def test_reach_from_developer_within_40_months(mini: NetworkxBackend) -> None:
    # experience at once, lead after 36 months as a developer; pmp (51 months, with a
    # degree alongside) and everything behind it are out of budget.
    result = reach(mini, mini.node("dev"), "months", 40)
    assert [(r.node.id, r.cost) for r in result.reachable] == [("experience", 0), ("lead", 36)]


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_the_hops_guide_never_overestimates_and_drops_at_most_one_a_move(
    dataset: Dataset, data: st.DataObject
) -> None:
    """What keeps A* by hops exact (kbest.Bound._hops_ball): the estimate of moves left is
    at most the true count, and never more than one above the estimate after a move."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    target = data.draw(st.sampled_from(ids))
    edge_types = EDGE_SELECTIONS[data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))]
    avoid = frozenset(data.draw(st.lists(st.sampled_from(ids), max_size=1))) - {target}
    ball = data.draw(st.sampled_from([1, 2, 4, kbest.HOPS_BALL]))
    with mock.patch.object(kbest, "HOPS_BALL", ball):
        guide, beyond = kbest.Bound(backend, "hops", make_holdings(backend), edge_types, avoid).toward(target)
    allowed = nx.DiGraph()
    allowed.add_nodes_from(dataset.nodes)
    allowed.add_edges_from(
        (e.source, e.target) for e in dataset.edges if e.type in edge_types and e.target not in avoid
    )
    moves_left = nx.single_target_shortest_path_length(allowed, target)
    for node in dataset.nodes:
        estimate = guide.get(node, beyond)
        if node in dict(moves_left):
            assert estimate is not None and estimate[0] <= dict(moves_left)[node], node
    for u, v in allowed.edges:
        here, there = guide.get(u, beyond), guide.get(v, beyond)
        if here is not None and there is not None:
            assert here[0] <= 1 + there[0], (u, v)


def draw_rings_query(data: st.DataObject, ids: list[str]) -> tuple[str, tuple[str, ...], frozenset[str], int]:
    """A target, the edge types walked, nodes avoided and how many nodes the rings (or the
    ball) must pass: what graph/rings.py is asked."""
    target = data.draw(st.sampled_from(ids))
    edge_types = EDGE_SELECTIONS[data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))]
    avoid = frozenset(data.draw(st.lists(st.sampled_from(ids), max_size=2)))
    return target, edge_types, avoid, data.draw(st.sampled_from([0, 1, 2, 4, 100]))


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_rings_read_over_arrays_are_the_rings_read_in_python(dataset: Dataset, data: st.DataObject) -> None:
    """graph/rings.py: a large graph's rings into a node, read over its EdgeArrays, hold
    the nodes ``rings_by_sources`` finds, ring by ring, and stop where it stops; and the
    arrays read back from their bytes (the cache's form) read the same."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    target, edge_types, avoid, past = draw_rings_query(data, ids)
    expected, exhausted = rings.rings_by_sources(backend.in_sources, target, edge_types, avoid, past)
    index = rings.EdgeArrays.build(dataset)
    for reader in (index, rings.EdgeArrays(list(dataset.nodes), index.plain())):
        found, stopped = reader.rings(target, edge_types, avoid, past)
        assert stopped == exhausted
        assert [sorted(ring) for ring in found] == [sorted(ring) for ring in expected]


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_journey_advanced_has_the_months_widening_them_all_gives(
    dataset: Dataset, data: st.DataObject
) -> None:
    """moves._advance widens only what a move's plan gained: from a journey whose months
    are widened and whose accruing kinds are closed under counts_as (as every journey's
    are), the months it gives are those ``widen`` of every kind gives."""
    backend = NetworkxBackend(dataset)
    accruing = by_number(n.id for n in dataset.nodes.values() if n.accrues)
    if not accruing:
        return
    kinds = st.sampled_from(accruing)
    holdings = make_holdings(backend, [], data.draw(st.dictionaries(kinds, MONTHS, max_size=3)))
    active = {k for node in data.draw(st.lists(kinds, max_size=2)) for k in counts_as_closure(backend, node)}
    time, elapsed = data.draw(MONTHS), data.draw(MONTHS)
    gained = data.draw(st.dictionaries(kinds, st.sampled_from([0.5, 1, 3, 7]), max_size=2))
    journey = Journey(time, holdings, None, frozenset(active))
    naive = dict(holdings.experience)
    for kind in active:
        naive[kind] = naive.get(kind, 0.0) + elapsed
    for kind, months in gained.items():
        naive[kind] = max(naive.get(kind, 0.0), months)
    expected = {k: v for k, v in widen(backend, naive).items() if v}
    grown = moves._advance(backend, journey, time + elapsed, gained)
    assert {k: v for k, v in grown.items() if v} == expected


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_the_ball_over_arrays_is_the_ball_in_python(dataset: Dataset, data: st.DataObject) -> None:
    """graph/rings.py: a hops ball over EdgeArrays answers as the DictBall in Python does:
    every node's moves left (or the bound beyond the ball, or none), its size, and the
    moves out of every node into it, near and far, in edge order (a position picks the
    edge ``out_edge`` builds), and the moves left after each edge out, whatever edge
    types and nodes avoided."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    target, edge_types, avoid, past = draw_rings_query(data, ids)
    rings_found = rings.rings_by_sources(backend.in_sources, target, edge_types, avoid, past)
    expected = rings.DictBall(rings_found, backend.out_neighbours, edge_types, avoid)
    ball = rings.EdgeArrays.build(dataset).ball(target, edge_types, avoid, past)
    assert ball.beyond == expected.beyond and len(ball) == len(expected)
    assert dict(ball) == expected and set(ball) == set(expected)
    for node in ids:
        assert ball.get(node, ball.beyond) == expected.get(node, expected.beyond)
        assert (node in ball) == (node in expected)
        assert ball.lefts(node) == expected.lefts(node)
        for most in (0, 1, 2.5, math.inf):
            assert ball.moves(node, most, True) == expected.moves(node, most, True)
            assert ball.moves(node, most, False) == (expected.moves(node, most, True)[0], [])
        for target_id, position in ball.moves(node, math.inf, True)[0]:
            assert backend.out_edge(node, position).target == target_id


@settings(max_examples=400, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_the_spur_search_by_hops_finds_the_fewest_moves_around_what_it_may_not_take(
    dataset: Dataset, data: st.DataObject
) -> None:
    """kbest._fewest_moves, which makes each node's moves one at a time, nearest the target
    first: its count is networkx's shortest path length once the banned nodes and edges
    are taken out, and its path walks only what it may."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    edge_types = EDGE_SELECTIONS[data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))]
    walkable = [e for e in dataset.edges if e.type in edge_types]
    banned_nodes = set(data.draw(st.lists(st.sampled_from(ids), max_size=2))) - {source, target}
    banned_edges = (
        set(data.draw(st.lists(st.sampled_from([(e.source, e.target) for e in walkable]), max_size=3)))
        if walkable
        else set()
    )
    ball = data.draw(st.sampled_from([1, 2, 4, kbest.HOPS_BALL]))
    leave = data.draw(st.sampled_from([0.0, 3.0]))
    bound = kbest.Bound(backend, "hops", make_holdings(backend), edge_types, frozenset())
    with mock.patch.object(kbest, "HOPS_BALL", ball):
        found = kbest._dijkstra(bound, source, target, leave, banned_nodes, banned_edges)
    allowed = nx.DiGraph()
    allowed.add_nodes_from(dataset.nodes)
    allowed.add_edges_from(
        (e.source, e.target)
        for e in walkable
        if (e.source, e.target) not in banned_edges and e.target not in banned_nodes
    )
    if not nx.has_path(allowed, source, target):
        assert found is None
        return
    assert found is not None
    count, path = found
    assert count == leave + nx.shortest_path_length(allowed, source, target)
    assert len(path) == count - leave and path[0].source == source and path[-1].target == target
    assert all(a.target == b.source for a, b in itertools.pairwise(path))
    assert all(allowed.has_edge(e.source, e.target) for e in path)


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_the_journey_search_knows_when_the_guide_holds_every_node_that_can_reach_the_target(
    dataset: Dataset, data: st.DataObject
) -> None:
    """kbest.Bound.holds_all, which decides whether the journey search works the guide out:
    true exactly when no more than GUIDE_BALL nodes can reach the target along walkable
    edges, and then the guide bounds each of them and says the rest cannot reach it;
    whether the hops ball it reads first holds them all, more than GUIDE_BALL, or
    neither (then it counts)."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    target = data.draw(st.sampled_from(ids))
    edge_types = EDGE_SELECTIONS[data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))]
    avoid = frozenset(data.draw(st.lists(st.sampled_from(ids), max_size=1))) - {target}
    ball = data.draw(st.sampled_from([1, 2, 3, 5, 8]))
    hops_ball = data.draw(st.sampled_from([1, 2, 3, 2000]))  # the hops ball it may read, whole or not
    walkable = nx.DiGraph(
        (e.source, e.target) for e in dataset.edges if e.type in edge_types and e.target not in avoid
    )
    reaching = (nx.ancestors(walkable, target) if target in walkable else set()) | {target}
    bound = kbest.Bound(backend, "months", make_holdings(backend), edge_types, avoid)
    with mock.patch.object(kbest, "GUIDE_BALL", ball), mock.patch.object(kbest, "HOPS_BALL", hops_ball):
        holds = bound.holds_all(target)
        guide, beyond = bound.toward(target)
    assert holds == (len(reaching) <= ball)
    if holds:
        assert beyond is None and set(guide) <= reaching


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_the_months_and_cost_guide_never_overestimates_and_never_decreases_along_a_move(
    dataset: Dataset, data: st.DataObject
) -> None:
    """What keeps the guided searches exact (kbest.Bound._backward), inside its ball and
    beyond it: leaving a node at month (or dollar) t, the estimate max(t + h, late) is at
    most the least arrival by the bound, and at most the estimate after any move."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    target = data.draw(st.sampled_from(ids))
    by = data.draw(st.sampled_from(["months", "cost"]))
    edge_types = EDGE_SELECTIONS[data.draw(st.sampled_from(sorted(EDGE_SELECTIONS)))]
    avoid = frozenset(data.draw(st.lists(st.sampled_from(ids), max_size=1))) - {target}
    ball = data.draw(st.sampled_from([1, 2, 3, 5, kbest.GUIDE_BALL]))
    bound = kbest.Bound(backend, by, make_holdings(backend), edge_types, avoid)
    with mock.patch.object(kbest, "GUIDE_BALL", ball):
        guide, beyond = bound.toward(target)

    def estimate(node: str, leave: float) -> float | None:
        ahead = guide.get(node, beyond)
        return None if ahead is None else max(leave + ahead[0], ahead[1])

    for node in dataset.nodes:
        for leave in (0.0, 2.0, 7.0):
            found = kbest._dijkstra(bound, node, target, leave, set(), set())
            if found is not None:
                assert estimate(node, leave) is not None and estimate(node, leave) <= found[0] + 1e-9, node
            for edge, a, b in bound.out_edges(node) if node != target else ():
                here, there = estimate(node, leave), estimate(edge.target, max(leave + a, b))
                if here is not None and there is not None:
                    assert here <= there + 1e-9, (edge.source, edge.target)


def walks_through(dataset: Dataset, node: str, target: str, marked, edge_types, avoid, within: int) -> bool:
    """By brute force: a walk of at most ``within`` moves from ``node`` to ``target`` along
    edges of ``edge_types``, entering no node of ``avoid`` and not the target before its
    end, that enters a node of ``marked`` (``node`` itself counts) before the target."""
    out: dict[str, list[str]] = {}
    for edge in dataset.edges:
        if edge.type in edge_types and edge.target not in avoid:
            out.setdefault(edge.source, []).append(edge.target)
    states = {(node, node in marked and node != target)}
    for _ in range(within):
        following = set()
        for here, entered in states:
            if here == target:
                continue
            for there in out.get(here, ()):
                if there == target and entered:
                    return True
                following.add((there, entered or there in marked))
        states = following
    return False


def entered_onward(dataset: Dataset, node: str, target: str, marked, edge_types, avoid, within: int) -> set:
    """By brute force: the nodes of ``marked`` that some walk of at most ``within`` moves
    from ``node`` to ``target`` (as ``walks_through``) enters after ``node``."""
    out: dict[str, list[str]] = {}
    for edge in dataset.edges:
        if edge.type in edge_types and edge.target not in avoid:
            out.setdefault(edge.source, []).append(edge.target)
    found: set = set()

    def walk(here: str, left: int, entered: frozenset) -> None:
        for there in out.get(here, ()) if left > 0 else ():
            if there == target:
                found.update(entered)
            else:
                walk(there, left - 1, entered | ({there} & marked))

    walk(node, within, frozenset())
    return found


@settings(max_examples=300, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_walk_through_marked_nodes_is_found_over_arrays_as_in_python_and_by_brute_force(
    dataset: Dataset, data: st.DataObject
) -> None:
    """graph/rings.py ``through``: whether a walk of the ball's moves enters a marked node
    and still reaches the target within so many moves. Over the arrays (a breadth-first
    walk backwards) it answers as the DictBall (forwards, as asked) for every node and
    number of moves, and where the rings hold every node that can reach the target, as
    every walk tried by brute force."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    target, edge_types, avoid, past = draw_rings_query(data, ids)
    marked = data.draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
    most = data.draw(st.integers(min_value=0, max_value=5))
    blocked = avoid - {target}  # as a search avoids: never its target
    neighbours = backend.in_sources, backend.out_neighbours
    python = rings.ball_by_sources(*neighbours, target, edge_types, blocked, past)
    arrays = rings.EdgeArrays.build(dataset).ball(target, edge_types, blocked, past)
    in_python, over_arrays = python.through(marked, most), arrays.through(marked, most)
    for node in ids:
        for within in range(most + 1):
            answer = in_python.walks(node, within)
            assert over_arrays.walks(node, within) == answer, (node, within)
            if python.beyond is None:
                assert answer == walks_through(
                    dataset, node, target, set(marked), edge_types, blocked, within
                )
        # What such walks enter after the node, asked with a move more than ``most``: the
        # walks on from its neighbours are within ``most``.
        for within in range(most + 2):
            bits = in_python.onward(node, within)
            assert over_arrays.onward(node, within) == bits, (node, within)
            if python.beyond is None:
                entered = {m for i, m in enumerate(marked) if bits >> i & 1}
                brute = entered_onward(dataset, node, target, set(marked), edge_types, blocked, within)
                assert entered == brute, (node, within)


@pytest.mark.parametrize("count", [3, 62, 63, 70])
def test_what_walks_enter_onward_is_read_over_arrays_for_any_number_of_marked_nodes(count: int) -> None:
    """``Ball.through``'s onward bits past 62 marked nodes (Python integers, not 64-bit
    ones, in its arrays), as the DictBall finds them: a node one move before ``count``
    marked nodes, each a move before a node before the target."""
    marked = [Node(id=f"m{i:02d}", kind="Skill", name=f"M{i}") for i in range(count)]
    ends = [Node(id=f"s{n}", kind="Role", name=f"S{n}") for n in ("tart", "top", "ar")]
    start, stop, target = (n.id for n in ends)
    edges = [Edge(start, m.id, RECOMMENDS) for m in marked] + [Edge(m.id, stop, RECOMMENDS) for m in marked]
    dataset = Dataset.from_records([*marked, *ends], [*edges, Edge(stop, target, RECOMMENDS)])
    backend, ids = NetworkxBackend(dataset), [m.id for m in marked]
    python = rings.ball_by_sources(
        backend.in_sources, backend.out_neighbours, target, EDGE_SELECTIONS["all"], (), 10
    )
    arrays = rings.EdgeArrays.build(dataset).ball(target, EDGE_SELECTIONS["all"], (), 10)
    for within in range(1, 7):  # levels worked out at once (up to 3) and forwards (4 on)
        expected = python.through(ids, 5).onward(start, within)
        assert arrays.through(ids, 5).onward(start, within) == expected, within
        assert expected == (2**count - 1 if within >= 3 else 0), within


@settings(max_examples=400, deadline=None)
@given(dataset=datasets(), data=st.data())
def test_a_pathway_lacking_what_its_target_s_employers_expect_enters_what_can_give_it_first(
    dataset: Dataset, data: st.DataObject
) -> None:
    """queries/expected.py, the corridor search's cut (journeys.Corridor): every pathway
    that can be priced, from every journey on it that neither holds nor accrues enough of
    an experience its target's employers expect, enters next a node that ``leads`` there
    with the moves it has left. A pathway it refused would be lost to the search."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    by = data.draw(st.sampled_from(["months", "cost"]))
    types = EDGE_SELECTIONS["all"]
    ball = rings.ball_by_sources(backend.in_sources, backend.out_neighbours, target, types, (), len(ids))
    expected = Expected(backend, target, ball, len(ids))
    accruing = by_number(n.id for n in dataset.nodes.values() if n.accrues)
    amounts = data.draw(st.dictionaries(st.sampled_from(accruing), MONTHS, max_size=2)) if accruing else {}
    holdings = make_holdings(backend, [], amounts)
    start = start_journey(backend, dataset.nodes[source], holdings)
    for candidate in all_pathways(dataset, source, target, "all"):
        journeys = [start]
        for edge in candidate:
            moved = move(backend, journeys[-1], edge, by)
            if moved is None:
                break
            journeys.append(moved[1])
        else:  # a pathway: every move could be made
            for index, edge in enumerate(candidate):
                unmet = expected.unmet(journeys[index])
                assert expected.leads(edge.target, len(candidate) - index - 1, unmet), (candidate, index)


@settings(max_examples=400, deadline=None)
@given(dataset=expecting_datasets(), data=st.data())
def test_no_pathway_has_what_its_target_s_employers_expect_before_its_sources_allow(
    dataset: Dataset, data: st.DataObject
) -> None:
    """queries/expected.py ``earliest`` (journeys._Search._expected, the corridor search's
    later bound): every pathway that can be priced by months, from every journey on it
    that neither holds nor accrues enough of an experience its target's employers expect,
    enters the target no earlier than the month ``earliest`` gives and the target's own
    months, both standing at a node and entering the next by the move that ends when it
    does. A later month would lose the pathway to the search."""
    backend = NetworkxBackend(dataset)
    ids = by_number(dataset.nodes)
    target = ids[-1]  # the role whose employers expect experience
    source = data.draw(st.sampled_from(ids[:-1]))
    ball = rings.ball_by_sources(
        backend.in_sources, backend.out_neighbours, target, EDGE_SELECTIONS["all"], (), len(ids)
    )
    expected, floors = Expected(backend, target, ball, len(ids)), Floors(backend)
    accruing = by_number(n.id for n in dataset.nodes.values() if n.accrues)
    amounts = data.draw(st.dictionaries(st.sampled_from(accruing), MONTHS, max_size=2)) if accruing else {}
    start = start_journey(backend, dataset.nodes[source], make_holdings(backend, [], amounts))
    own = dataset.nodes[target].months
    for candidate in all_pathways(dataset, source, target, "all"):
        journeys = [start]
        for edge in candidate:
            moved = move(backend, journeys[-1], edge, "months")
            if moved is None:
                break
            journeys.append(moved[1])
        else:  # a pathway: every move could be made
            arrived, nodes = journeys[-1].time, [source, *(edge.target for edge in candidate)]
            for index, journey in enumerate(journeys[:-1]):
                unmet = expected.unmet(journey)
                left = len(candidate) - index
                end = functools.partial(floors.earliest_end, journey)
                standing = expected.earliest(journey, nodes[index], left, unmet, end)
                assert standing + own <= arrived + 1e-9, (candidate, index)
                if left > 1:  # a move into the target is not asked about
                    ended = journeys[index + 1].time
                    entering = expected.earliest(journey, nodes[index + 1], left - 1, unmet, end, ended)
                    assert entering + own <= arrived + 1e-9, (candidate, index)
