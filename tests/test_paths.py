"""Path queries on tests/fixtures/mini.yaml: best by hops, months and cost, k alternatives,
via, avoid, edge selection, and the requirements a pathway does not pass through."""

from __future__ import annotations

import contextlib
import math

import pytest

from careergraph.errors import NoPathway, UsageError
from careergraph.graph.backend import EDGE_SELECTIONS
from careergraph.graph.model import PREREQUISITE, RECOMMENDS, Dataset, Edge, Node, months
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.present.text import path_text
from careergraph.queries.holdings import HaveItem, holdings_from_have, make_holdings
from careergraph.queries.moves import start_journey
from careergraph.queries.paths import find_paths


def ids(nodes: list[Node]) -> list[str]:
    return [n.id for n in nodes]


# On mini.yaml, by hand. A move along u -> v starts when the previous move ended; a
# RECOMMENDS edge's months out of a role are tenure in it (dev -> lead 36, lead -> pm 24,
# lead -> pgm 72, pm -> pgm 48), out of anything else a wait (pmp -> pm 6); v's
# requirements are met in the move, experience a rule asks for accruing from its start,
# and none during full-time study (the 48-month degree). Through lead: 36 + 72 = 108 =
# 36 + 24 + 48. dev -> pmp: 60 months of leading projects (the degree route would be 48
# of study and then 36), the associate cert alongside, then 3: 63; -> pm 69; -> pgm 117.
# Through route-diploma: 60, then pmp's education after it (61), 64, 70, 118; through
# route-degree: 48 + 36 = 84, 85, 88, 94, 142. There are no other simple paths.


def test_fastest_path_from_developer_to_program_manager(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="months")
    assert result.exact
    assert ids(result.paths[0].nodes)[:2] == ["dev", "lead"]
    assert result.paths[0].elapsed_months == 108


def test_all_five_paths_from_developer_to_program_manager_in_order(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="months", k=10)
    assert [p.elapsed_months for p in result.paths] == [108, 108, 117, 118, 142]


def test_a_move_lists_what_it_needed_on_the_way(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="months", k=3)
    step = result.paths[2].steps[0]  # dev -> pmp
    assert (step.target.id, step.start_month, step.end_month, step.cost_usd) == ("pmp", 0, 63, 875)
    assert sorted(g.node.id for g in step.gained) == ["capm", "diploma", "experience", "route-diploma"]


def test_cheapest_path_from_developer_to_program_manager_is_through_lead(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="cost", k=2)
    assert [p.cost_usd for p in result.paths] == [0, 0]
    assert {tuple(ids(p.nodes)) for p in result.paths} == {
        ("dev", "lead", "pgm"),
        ("dev", "lead", "pm", "pgm"),
    }


def test_fewest_hops_from_developer_to_program_manager_is_through_lead(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="hops")
    assert ids(result.paths[0].nodes) == ["dev", "lead", "pgm"]


def test_avoiding_pmp_costs_108_months(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="months", avoid=[mini.node("pmp")])
    assert result.paths[0].elapsed_months == 108


def test_via_a_route_passes_through_it(mini: NetworkxBackend) -> None:
    result = find_paths(
        mini, mini.node("dev"), mini.node("pgm"), by="months", via=[mini.node("route-diploma")]
    )
    assert ids(result.paths[0].nodes) == ["dev", "experience", "route-diploma", "pmp", "pm", "pgm"]
    assert result.paths[0].elapsed_months == 118


def test_what_the_person_holds_is_not_paid_again(mini: NetworkxBackend) -> None:
    holdings = make_holdings(mini, [mini.node("degree")])
    result = find_paths(mini, mini.node("dev"), mini.node("pmp"), by="months", holdings=holdings)
    step = result.paths[0].steps[0]
    assert (step.end_month, step.cost_usd) == (39, 875)  # 36 months of leading, then 3
    assert "degree" not in [g.node.id for g in step.gained]


def test_no_prerequisite_pathway_from_developer(mini: NetworkxBackend) -> None:
    with pytest.raises(NoPathway):
        find_paths(mini, mini.node("dev"), mini.node("pgm"), edges="prerequisite")


def test_via_finds_a_pathway_behind_many_cheaper_colliding_ones() -> None:
    # S reaches V for 0 months through X in many ways (S->X, S->Ai->X, S->Ai->Aj->X, ...),
    # but V's only way on to T is through X again, so every one of those collides; the
    # only pathway is S->V (100 months) ->X->T.
    hubs = ["A1", "A2", "A3", "A4"]
    nodes = [Node(id=n, kind="Role", name=n) for n in ["S", "V", "X", "T", *hubs]]
    pairs = [("V", "X"), ("X", "T"), ("X", "V"), ("S", "X")]
    pairs += [(a, b) for a in hubs for b in ["X", *hubs] if a != b] + [("S", a) for a in hubs]
    edges = [Edge("S", "V", RECOMMENDS, months=100)] + [Edge(a, b, RECOMMENDS) for a, b in pairs]
    dataset = Dataset.from_records(nodes, edges)
    result = find_paths(
        NetworkxBackend(dataset),
        dataset.nodes["S"],
        dataset.nodes["T"],
        by="months",
        via=[dataset.nodes["V"]],
    )
    assert ids(result.paths[0].nodes) == ["S", "V", "X", "T"]
    assert result.paths[0].elapsed_months == 100


def test_a_step_lists_the_requirement_groups_the_pathway_skipped(mini: NetworkxBackend) -> None:
    # dev -RECOMMENDS-> pmp passes through neither eligibility route nor any education.
    step = find_paths(mini, mini.node("dev"), mini.node("pmp")).paths[0].steps[0]
    unmet = [(r.group, ids(list(r.any_of))) for r in step.also_requires]
    assert unmet == [("education", ["capm", "hours35"]), ("eligibility", ["route-degree", "route-diploma"])]


def test_a_requirement_met_earlier_on_the_pathway_is_not_listed(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pmp"), via=[mini.node("route-diploma")])
    last = result.paths[0].steps[-1]
    assert last.target.id == "pmp" and [r.group for r in last.also_requires] == ["education"]


def test_a_node_both_via_and_avoided_is_a_usage_error(mini: NetworkxBackend) -> None:
    with pytest.raises(UsageError, match="also given to --avoid"):
        find_paths(mini, mini.node("dev"), mini.node("pgm"), via=[mini.node("pm")], avoid=[mini.node("pm")])


def test_a_search_cut_short_by_its_work_limit_never_claims_there_is_no_pathway(curated, monkeypatch):
    from careergraph.queries import journeys, kbest
    from careergraph.queries.resolve import resolve

    source, target = resolve(curated, "Software Engineer"), resolve(curated, "Program Manager")
    assert find_paths(curated, source, target, by="months").exact
    monkeypatch.setattr(journeys, "MAX_LABELS", 1)  # the journey search gives up at once,
    monkeypatch.setattr(kbest, "MAX_WORK", 1)  # Yen's prices its first candidate: it fails a requirement
    with pytest.raises(NoPathway, match="within the search's limits .* one may still exist"):
        find_paths(curated, source, target, by="months")


def test_a_role_whose_expected_experience_no_move_gives_is_proven_out_of_reach(curated) -> None:
    """Engineering Manager expects years of software or systems engineering; nothing a
    Technical Project Manager can move into gives them, so no pathway reaches it or the
    Director of Engineering behind it. By hops the search stops at its limits: the
    relaxation in queries/enterable.py proves there is none."""
    from careergraph.queries.resolve import resolve

    source = resolve(curated, "Technical Project Manager")
    for name in ("Engineering Manager", "Director of Engineering"):
        for by in ("hops", "months"):
            with pytest.raises(NoPathway, match="that meets every requirement on the way$"):
                find_paths(curated, source, resolve(curated, name), by=by)
    # ... unless the person has the years already.
    with_years = holdings_from_have(curated, [HaveItem("software-development-experience", 60)], resolve)
    reached = find_paths(
        curated, source, resolve(curated, "Engineering Manager"), by="hops", holdings=with_years
    )
    assert reached.paths[0].nodes[-1].id == "engineering-manager"


def test_the_check_before_a_search_is_made_only_where_the_guide_holds_the_graph(curated, monkeypatch):
    """On a graph larger than the guide's ball (made one node here) the check of
    queries/enterable.py would stop undecided, so it is not made before the search; it is
    made in full after a search that finds nothing, and still proves there is nothing."""
    from careergraph.queries import journeys, kbest, paths
    from careergraph.queries.resolve import resolve

    limits = []
    real_check = paths.could_enter

    def check(*arguments):
        limits.append(arguments[6] if len(arguments) > 6 else None)
        return real_check(*arguments)

    monkeypatch.setattr(paths, "could_enter", check)
    engineer, manager = resolve(curated, "Software Engineer"), resolve(curated, "Program Manager")
    out_of_reach = resolve(curated, "Technical Project Manager"), resolve(curated, "Engineering Manager")
    for by in ("hops", "months"):
        limits.clear()
        find_paths(curated, engineer, manager, by=by)
        assert limits == [paths.ENTERABLE_LIMIT]  # small: made before the search
        monkeypatch.setattr(kbest, "GUIDE_BALL", 1)
        limits.clear()
        find_paths(curated, engineer, manager, by=by)
        assert limits == []
        monkeypatch.setattr(journeys, "MAX_LABELS", 1)  # the searches stop at once, unproven
        monkeypatch.setattr(kbest, "MAX_WORK", 1)
        with pytest.raises(NoPathway, match="that meets every requirement on the way$"):
            find_paths(curated, *out_of_reach, by=by)
        assert limits == [None]  # in full, after the search
        monkeypatch.undo()
        monkeypatch.setattr(paths, "could_enter", check)


def test_a_journey_search_cut_short_prices_fewest_move_candidates_and_bounds_the_best(curated, monkeypatch):
    from careergraph.queries import journeys
    from careergraph.queries.resolve import resolve

    source, target = resolve(curated, "Software Engineer"), resolve(curated, "Program Manager")
    best = find_paths(curated, source, target, by="months", k=2)
    monkeypatch.setattr(journeys, "MAX_LABELS", 3)
    cut = find_paths(curated, source, target, by="months", k=2)
    assert best.exact and best.lower_bound is None and "lower_bound" not in best.to_dict()
    assert not cut.exact and 0 < cut.lower_bound <= best.paths[0].elapsed_months
    assert cut.to_dict()["lower_bound"] == cut.lower_bound
    # Yen's candidates by moves: the best pathway has 3 moves, and is among them.
    assert cut.paths[0].elapsed_months == best.paths[0].elapsed_months
    assert f"none can take less than {months(cut.lower_bound)}" in path_text(cut)


@pytest.mark.pure  # replaces a compiled module's function (careergraph/native.py)
def test_without_the_guide_the_journey_search_keeps_to_a_corridor(curated, monkeypatch):
    """Where the guide's ball would not hold every node that can reach the target (here
    made one node), the journey search keeps to the pathways at most CORRIDOR_SLACK moves
    longer than the fewest; what it answers stays above a true lower bound, and a corridor
    that holds every pathway proves the best."""
    from careergraph.queries import journeys, kbest
    from careergraph.queries.resolve import resolve

    source, target = resolve(curated, "Software Engineer"), resolve(curated, "Program Manager")
    best = find_paths(curated, source, target, by="months")
    assert best.exact and len(best.paths[0].steps) == 3
    monkeypatch.setattr(kbest, "GUIDE_BALL", 1)
    within = find_paths(curated, source, target, by="months")
    assert within.paths[0].to_dict() == best.paths[0].to_dict()
    assert within.exact or within.lower_bound <= best.paths[0].elapsed_months
    taken = []
    real_moves = journeys.Corridor.moves

    def moves(self, node, most, far):
        taken.append(self.most)
        return real_moves(self, node, most, far)

    monkeypatch.setattr(journeys.Corridor, "moves", moves)
    monkeypatch.setattr(journeys, "CORRIDOR_SLACK", 0)
    fewest = find_paths(curated, source, target, by="months")
    # The fewest moves there are two, through a role a Software Engineer cannot enter yet:
    # the corridor holds no pathway, and Yen's fewest-move candidates find the best.
    assert taken and set(taken) == {2}
    assert not fewest.exact and fewest.paths[0].to_dict() == best.paths[0].to_dict()
    monkeypatch.setattr(journeys, "CORRIDOR_SLACK", 100)  # every pathway: proven
    assert find_paths(curated, source, target, by="months").exact


def test_when_the_journey_search_gives_up_unguided_the_fallback_prices_more_candidates(curated, monkeypatch):
    """The fewest-move candidates priced after the journey search gives up are counted by
    paths.UNGUIDED_CANDIDATES where the search was not guided (the guide's ball, made one
    node here, would not hold the graph), else by Yen's own limit."""
    from careergraph.queries import journeys, kbest, paths
    from careergraph.queries.resolve import resolve

    priced = []
    pricer = paths._Pricer.__call__

    def counted(self, edges, ceiling=math.inf):
        priced.append(edges)
        return pricer(self, edges, ceiling)

    monkeypatch.setattr(paths._Pricer, "__call__", counted)
    monkeypatch.setattr(journeys, "MAX_LABELS", 1)  # the journey search gives up at once
    monkeypatch.setattr(kbest, "MAX_CANDIDATES", 1)
    source, target = resolve(curated, "Software Engineer"), resolve(curated, "Program Manager")
    for ball, limit, expected in ((1, 2, 2), (1, 6, 6), (kbest.GUIDE_BALL, 6, 1)):
        priced.clear()
        monkeypatch.setattr(kbest, "GUIDE_BALL", ball)
        monkeypatch.setattr(paths, "UNGUIDED_CANDIDATES", limit)
        with contextlib.suppress(NoPathway):  # its first candidates may all fail a requirement
            find_paths(curated, source, target, by="months")
        assert len(priced) == expected


def test_a_held_role_walked_back_into_gives_its_experience_again() -> None:
    """Found by the property test: FROM implies holding n1 (its only requirement), and a
    role expecting a month of n1 is reached by walking back into n1 and staying a month.
    The search's bound once treated a held role as giving no more experience."""
    nodes = {f"n{i}": Node(id=f"n{i}", kind="Role", name=f"Node {i}") for i in range(5)}
    edges = [
        Edge("n1", "n2", PREREQUISITE, months=1, basis="employers"),
        Edge("n1", "n3", PREREQUISITE),
        Edge("n3", "n4", RECOMMENDS),
        Edge("n4", "n1", RECOMMENDS),
    ]
    backend = NetworkxBackend(Dataset(nodes=nodes, edges=edges))
    for by in ("months", "cost", "hops"):
        result = find_paths(backend, nodes["n3"], nodes["n2"], by=by)
        assert [n.id for n in result.paths[0].nodes] == ["n3", "n4", "n1", "n2"]
        assert result.paths[0].elapsed_months == 1 and result.exact


def test_a_role_a_plan_obtained_brings_its_months_when_the_pathway_walks_into_it() -> None:
    """Found by the property test: n4 requires two months in role n1, so the move into n4
    gains them; walking on into n1 then serves n1 -> n3's month at once. The bound had
    charged that month again, as if n1's tenure could only start when a pathway enters it,
    and the 2-month pathway was missing from the two best."""
    nodes = {f"n{i}": Node(id=f"n{i}", kind="Role", name=f"Node {i}") for i in range(5)}
    edges = [
        Edge("n0", "n1", RECOMMENDS),
        Edge("n0", "n4", PREREQUISITE),
        Edge("n1", "n2", PREREQUISITE),
        Edge("n1", "n3", RECOMMENDS, months=1),
        Edge("n1", "n4", PREREQUISITE, months=2),
        Edge("n2", "n3", RECOMMENDS, months=1),
        Edge("n4", "n1", RECOMMENDS),
    ]
    nodes["n2"] = Node(id="n2", kind="Role", name="Node 2", months=2)
    backend = NetworkxBackend(Dataset(nodes=nodes, edges=edges))
    result = find_paths(backend, nodes["n0"], nodes["n3"], by="months", k=2)
    assert [(ids(p.nodes), p.elapsed_months) for p in result.paths] == [
        (["n0", "n1", "n3"], 1),
        (["n0", "n4", "n1", "n3"], 2),
    ]
    assert result.exact


@pytest.mark.pure  # replaces a compiled module's function (careergraph/native.py)
def test_moves_whose_plans_read_the_same_things_share_one_plan(curated, monkeypatch):
    from careergraph.queries import journeys, moves
    from careergraph.queries.resolve import resolve

    source, target = resolve(curated, "Software Engineer"), resolve(curated, "PMO Director")
    calls = {"move": 0, "plan": 0}
    real_move, real_plan = journeys.move, moves.solve_plan

    def counted_move(*args, **kwargs):
        calls["move"] += 1
        return real_move(*args, **kwargs)

    def counted_plan(*args, **kwargs):
        calls["plan"] += 1
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(journeys, "move", counted_move)
    monkeypatch.setattr(moves, "solve_plan", counted_plan)
    shared = find_paths(curated, source, target, by="months", k=3)
    assert shared.exact and 0 < 2 * calls["plan"] < calls["move"]  # 371 of 1,646 when written
    monkeypatch.setattr(moves.Plans, "__call__", lambda self, *args: real_plan(*args))
    alone = find_paths(curated, source, target, by="months", k=3)
    assert shared.to_dict() == alone.to_dict()


@pytest.mark.pure  # replaces a compiled module's function (careergraph/native.py)
def test_the_fallbacks_candidates_are_priced_with_the_plans_the_journey_search_solved(curated, monkeypatch):
    from careergraph.queries import journeys, paths, schedule
    from careergraph.queries.resolve import resolve

    source, target = resolve(curated, "Software Engineer"), resolve(curated, "PMO Director")
    monkeypatch.setattr(journeys, "MAX_LABELS", 50)  # it gives up: Yen's candidates are priced too
    problems = []
    real_problem, real_move = schedule.PlanProblem.__init__, paths.move

    def counted(self, *args, **kwargs):
        problems.append(1)
        real_problem(self, *args, **kwargs)

    monkeypatch.setattr(schedule.PlanProblem, "__init__", counted)
    shared = find_paths(curated, source, target, by="months", k=3)
    solved_shared = len(problems)
    problems.clear()
    monkeypatch.setattr(
        paths, "move", lambda backend, journey, edge, by, *plans: real_move(backend, journey, edge, by)
    )
    alone = find_paths(curated, source, target, by="months", k=3)
    assert not shared.exact and shared.to_dict() == alone.to_dict()
    assert solved_shared < len(problems)


@pytest.mark.pure  # replaces a compiled module's function (careergraph/native.py)
def test_the_journey_search_works_out_when_a_move_can_arrive_at_all_only_for_moves_it_takes(
    curated, monkeypatch
):
    """``Bound.b`` reads a target's requirements transitively. Unguided (a graph larger
    than the guide's ball, made one node here), the journey search works it out for the
    moves it takes off its heap, not for every move it pushes (here with no corridor)."""
    import heapq
    import types

    from careergraph.queries import journeys, kbest
    from careergraph.queries.resolve import resolve

    monkeypatch.setattr(kbest, "GUIDE_BALL", 1)
    worked, pushed = set(), set()
    real_floor = kbest.Bound._arrival_floor

    def floor(self, edge):
        worked.add((edge.source, edge.target))
        return real_floor(self, edge)

    def push(heap, item):
        if item[3] is not None:  # a move not priced yet: (parent, edge, ...)
            pushed.add((item[3][1].source, item[3][1].target))
        heapq.heappush(heap, item)

    monkeypatch.setattr(kbest.Bound, "_arrival_floor", floor)
    monkeypatch.setattr(journeys, "heapq", types.SimpleNamespace(heappush=push, heappop=heapq.heappop))
    source, target = resolve(curated, "Software Engineer"), resolve(curated, "Program Manager")
    journey = start_journey(curated, source, make_holdings(curated))
    bound = kbest.Bound(
        curated, "months", journey.holdings, EDGE_SELECTIONS["all"], frozenset(), journey.accruing
    )
    found = journeys.best_journeys(bound, journey, source.id, target.id, 1).found
    assert found and found[0].edges[-1].target == target.id
    assert worked < pushed  # 106 of 125 when written; all of them when worked out on the push


def test_who_counts_as_what_is_worked_out_once_a_backend(curated, monkeypatch):
    """A pass over every node (a million-edge graph has a hundred thousand), once for the
    backend's life, not once a query."""
    from careergraph.queries.holdings import counting_as

    backend = NetworkxBackend(curated.dataset())
    passes = []
    real_nodes = NetworkxBackend.nodes

    def nodes(self, kind=None):
        passes.append(kind)
        return real_nodes(self, kind)

    monkeypatch.setattr(NetworkxBackend, "nodes", nodes)
    assert counting_as(backend, "security-experience")[0] == "security-experience"
    assert "security-management-experience" in counting_as(backend, "security-experience")
    source, target = backend.node("software-engineer"), backend.node("program-manager")
    first = find_paths(backend, source, target, by="months")
    assert find_paths(backend, source, target, by="months").to_dict() == first.to_dict()
    assert passes == [None]


def test_months_a_move_gained_count_as_what_they_count_as_too() -> None:
    """moves._advance: a journey grows every kind it accrues alike, and widens only what a
    move's plan gained: months of a role gained on the way count as the experience the
    role counts as."""
    from careergraph.queries import moves
    from careergraph.queries.moves import Journey

    nodes = [
        Node("lead", "Skill", "Leading", experience=True),
        Node("pm", "Role", "Project Manager", counts_as=("lead",)),
        Node("dev", "Role", "Developer"),
    ]
    backend = NetworkxBackend(Dataset.from_records(nodes, []))
    journey = Journey(6.0, make_holdings(backend, [], {"dev": 6}), "dev", frozenset({"dev"}))
    grown = moves._advance(backend, journey, 30.0, {"pm": 12.0})
    assert grown == {"dev": 30.0, "pm": 12.0, "lead": 12.0}
