"""Plans on tests/fixtures/mini.yaml: every requirement group met at its cheapest
alternative, shared requirements paid once, held nodes and what they imply free."""

from __future__ import annotations

import pytest

from careergraph.errors import UsageError
from careergraph.graph.model import Node
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.queries.plan import held_closure, make_plan


def ids(nodes: list[Node]) -> list[str]:
    return [n.id for n in nodes]


def test_plan_for_pmp_holding_a_degree_takes_40_months(mini: NetworkxBackend) -> None:
    # route-degree needs experience (36) and the degree (held); hours35 (1) beats capm (2);
    # 3 + 36 + 1 = 40 months, 575 + 400 = $975.
    plan = make_plan(mini, mini.node("pmp"), [mini.node("degree")], by="months")
    assert (plan.months, plan.cost_usd) == (40, 975)
    assert ids([s.node for s in plan.steps]) == ["experience", "route-degree", "hours35", "pmp"]


def test_plan_for_pmp_holding_a_diploma_takes_64_months(mini: NetworkxBackend) -> None:
    # route-diploma: 60 months of experience; hours35: 1; pmp: 3.
    plan = make_plan(mini, mini.node("pmp"), [mini.node("diploma")], by="months")
    assert (plan.months, plan.cost_usd) == (64, 975)


def test_cheapest_plan_for_pmp_shares_the_diploma(mini: NetworkxBackend) -> None:
    # By cost the degree ($40000) loses to the diploma route ($0), and capm ($300, also on
    # the diploma, obtained once) beats hours35 ($400): 575 + 300 = $875, 3 + 60 + 2 = 65 months.
    plan = make_plan(mini, mini.node("pmp"), by="cost")
    assert (plan.cost_usd, plan.months) == (875, 65)
    assert sorted(ids([s.node for s in plan.steps])) == [
        "capm",
        "diploma",
        "experience",
        "pmp",
        "route-diploma",
    ]


def test_holding_a_node_implies_its_single_alternative_requirements(mini: NetworkxBackend) -> None:
    # capm requires the diploma and nothing else could have stood in for it.
    assert held_closure(mini, [mini.node("capm")]) == {"capm", "diploma"}


def test_holding_an_alternative_does_not_imply_the_others(mini: NetworkxBackend) -> None:
    # PMP's eligibility has two routes: holding PMP says one was met, not which.
    assert held_closure(mini, [mini.node("pmp")]) == {"pmp"}


def test_a_held_goal_needs_no_steps(mini: NetworkxBackend) -> None:
    plan = make_plan(mini, mini.node("pmp"), [mini.node("pmp")])
    assert plan.steps == [] and (plan.months, plan.cost_usd) == (0, 0)


def test_a_held_requirement_is_chosen_for_free_and_said_why(mini: NetworkxBackend) -> None:
    # Holding capm (and so the diploma): the diploma route and capm cost nothing; 575 for PMP.
    plan = make_plan(mini, mini.node("pmp"), [mini.node("capm")], by="cost")
    assert (plan.cost_usd, plan.months) == (575, 63)
    assert ids([s.node for s in plan.steps]) == ["experience", "route-diploma", "pmp"]
    assert plan.steps[0].because == ["required by Diploma route, with 60 months of it"]
    assert plan.steps[1].because == [
        "one of 2 alternatives for Professional cert (eligibility): chosen ($0) over Degree route ($40,000)"
    ]


def test_hops_is_not_a_plan_measure(mini: NetworkxBackend) -> None:
    with pytest.raises(UsageError, match="--by must be one of months, cost"):
        make_plan(mini, mini.node("pmp"), by="hops")
