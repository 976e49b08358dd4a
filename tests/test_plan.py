"""Plans on tests/fixtures/mini.yaml, derived by hand: requirements met, experience as a
running total, study alongside it, the earliest finish and then the cheapest."""

from __future__ import annotations

import pytest

from careergraph.errors import UsageError
from careergraph.graph.model import Node
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.queries.holdings import make_holdings
from careergraph.queries.plan import make_plan


def ids(nodes: list[Node]) -> list[str]:
    return [n.id for n in nodes]


def test_plan_for_pmp_holding_a_degree_finishes_in_39_months(mini: NetworkxBackend) -> None:
    # 36 months of leading projects; the associate cert (diploma, 2 months, $300) runs
    # alongside and is ready in time, cheaper than the 35 hours ($400); then 3 months.
    plan = make_plan(mini, mini.node("pmp"), [mini.node("degree")], by="months")
    assert (plan.elapsed_months, plan.effort_months, plan.cost_usd) == (39, 41, 875)
    assert ids([s.node for s in plan.steps]) == ["experience", "diploma", "capm", "route-degree", "pmp"]
    assert [(s.start_month, s.end_month) for s in plan.steps] == [(0, 36), (0, 0), (0, 2), (36, 36), (36, 39)]
    assert plan.eligible_month == 36


def test_no_experience_accrues_during_a_full_time_degree(mini: NetworkxBackend) -> None:
    # Holding a diploma: the degree route is 48 months of study, then 36 of experience
    # (84); the diploma route's 60 months win, with the associate cert alongside.
    plan = make_plan(mini, mini.node("pmp"), [mini.node("diploma")], by="months")
    assert (plan.elapsed_months, plan.cost_usd) == (63, 875)
    assert "degree" not in [s.node.id for s in plan.steps]


def test_cheapest_plan_for_pmp_shares_the_diploma(mini: NetworkxBackend) -> None:
    # By cost the degree ($40000) loses to the diploma route ($0), and capm ($300, also on
    # the diploma, obtained once) beats hours35 ($400): $875, 60 + 3 = 63 months.
    plan = make_plan(mini, mini.node("pmp"), by="cost")
    assert (plan.cost_usd, plan.elapsed_months) == (875, 63)
    assert sorted(ids([s.node for s in plan.steps])) == [
        "capm",
        "diploma",
        "experience",
        "pmp",
        "route-diploma",
    ]


def test_months_held_shorten_the_plan(mini: NetworkxBackend) -> None:
    holdings = make_holdings(mini, [mini.node("degree"), mini.node("experience")], {"experience": 24})
    plan = make_plan(mini, mini.node("pmp"), holdings=holdings)
    assert plan.elapsed_months == 15  # 12 more months, then 3
    assert plan.to_dict()["have"][1] == {
        "id": "experience",
        "name": "Leading projects",
        "kind": "Skill",
        "months": 24,
    }


def test_holding_a_node_implies_its_single_alternative_requirements(mini: NetworkxBackend) -> None:
    # capm requires the diploma and nothing else could have stood in for it.
    assert make_holdings(mini, [mini.node("capm")]).nodes == {"capm", "diploma"}


def test_holding_an_alternative_does_not_imply_the_others(mini: NetworkxBackend) -> None:
    # PMP's eligibility has two routes: holding PMP says one was met, not which.
    assert make_holdings(mini, [mini.node("pmp")]).nodes == {"pmp"}


def test_a_held_goal_needs_no_steps(mini: NetworkxBackend) -> None:
    plan = make_plan(mini, mini.node("pmp"), [mini.node("pmp")])
    assert plan.steps == [] and (plan.elapsed_months, plan.cost_usd) == (0, 0)


def test_a_held_requirement_is_chosen_for_free_and_said_why(mini: NetworkxBackend) -> None:
    # Holding capm (and so the diploma): the diploma route and capm cost nothing; 575 for PMP.
    plan = make_plan(mini, mini.node("pmp"), [mini.node("capm")], by="cost")
    assert (plan.cost_usd, plan.elapsed_months) == (575, 63)
    assert ids([s.node for s in plan.steps]) == ["experience", "route-diploma", "pmp"]
    assert plan.steps[0].because == ["required by Diploma route, with 60 months of it"]
    assert plan.steps[1].because == [
        "one of 2 alternatives for Professional cert (eligibility): chosen ($0) over Degree route ($40,000)"
    ]


def test_a_choice_by_months_says_when_each_alternative_would_be_ready(mini: NetworkxBackend) -> None:
    plan = make_plan(mini, mini.node("pmp"), [mini.node("degree")], by="months")
    capm = next(s for s in plan.steps if s.node.id == "capm")
    assert capm.because == [
        "one of 2 alternatives for Professional cert (education): chosen (ready at month 2, $300) "
        "over 35 contact hours (ready at month 1, $400)"
    ]


def test_hops_is_not_a_plan_measure(mini: NetworkxBackend) -> None:
    with pytest.raises(UsageError, match="--by must be one of months, cost"):
        make_plan(mini, mini.node("pmp"), by="hops")
