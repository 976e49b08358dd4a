"""Path queries on tests/fixtures/mini.yaml: best by hops, months and cost, k alternatives,
via, avoid, edge selection, and the requirements a pathway does not pass through."""

from __future__ import annotations

import pytest

from careergraph.errors import NoPathway, UsageError
from careergraph.graph.model import RECOMMENDS, Dataset, Edge, Node
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.queries.paths import find_paths


def ids(nodes: list[Node]) -> list[str]:
    return [n.id for n in nodes]


# Step months on mini.yaml, by hand (edge + target + the target's other requirement groups
# from scratch): dev->lead 36, lead->pgm 72, lead->pm 24, pm->pgm 48, pmp->pm 6;
# dev->pmp 12 + 3 + eligibility 60 (diploma route: 60 beats degree 48 + 36) + education 1
# (35 hours) = 76; experience->route-diploma 60 (+ diploma 0); experience->route-degree
# 36 + degree 48 = 84; route-*->pmp 3 + education 1 = 4; dev->experience 0.


def test_fastest_path_from_developer_to_program_manager_is_through_lead(mini: NetworkxBackend) -> None:
    # lead, pgm = 108 and lead, pm, pgm = 108 tie; the PMP pathways price PMP's eligibility.
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="months")
    assert ids(result.paths[0].nodes)[:2] == ["dev", "lead"]
    assert result.paths[0].months == 108


def test_all_five_paths_from_developer_to_program_manager_in_order(mini: NetworkxBackend) -> None:
    # 108 twice, 118 (experience, route-diploma, pmp, pm), 130 (pmp, pm), 142 (experience,
    # route-degree, pmp, pm); there are no others.
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="months", k=10)
    assert [p.months for p in result.paths] == [108, 108, 118, 130, 142]


def test_fewest_hops_from_developer_to_program_manager_is_through_lead(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="hops")
    assert ids(result.paths[0].nodes) == ["dev", "lead", "pgm"]


def test_avoiding_pmp_costs_108_months(mini: NetworkxBackend) -> None:
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="months", avoid=[mini.node("pmp")])
    assert result.paths[0].months == 108


def test_via_a_route_passes_through_it(mini: NetworkxBackend) -> None:
    # dev->experience 0, ->route-diploma 60, ->pmp 4, ->pm 6, ->pgm 48 = 118.
    result = find_paths(
        mini, mini.node("dev"), mini.node("pgm"), by="months", via=[mini.node("route-diploma")]
    )
    assert ids(result.paths[0].nodes) == ["dev", "experience", "route-diploma", "pmp", "pm", "pgm"]
    assert result.paths[0].months == 118


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
    assert result.paths[0].months == 100


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
