"""The plan engine's semantics on a small graph: experience accrues, counts as other
experience, study runs alongside work, steps start when what they need has ended."""

from pathlib import Path

import pytest

from careergraph.errors import UsageError
from careergraph.graph.model import PREREQUISITE, Dataset, Edge, Node
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset
from careergraph.queries.holdings import Holdings, holdings_from_have, make_holdings, parse_have
from careergraph.queries.moves import groups_of
from careergraph.queries.resolve import resolve
from careergraph.queries.schedule import Clock, Infeasible, met_now, solve_plan

FIXTURE = Path(__file__).parent / "fixtures" / "schedule.yaml"


@pytest.fixture(scope="module")
def backend():
    return NetworkxBackend(load_dataset([str(FIXTURE)]))


def solve(backend, goal, *have, by="months", clock=None):
    holdings = holdings_from_have(backend, [parse_have(h) for h in have], resolve)
    return solve_plan(backend, backend.node(goal), holdings, by, clock)


def test_two_demands_on_one_experience_take_the_largest_not_the_sum(backend):
    plan = solve(backend, "level2")
    assert plan.elapsed == 24.5  # 24 months of practice cover level one's 12, then the exam
    assert plan.experience_demand == {"practice": 24}


def test_experience_that_counts_as_another_is_not_added_again(backend):
    plan = solve(backend, "sec-cert")
    assert plan.elapsed == 64  # 60 months of security work, 36 of them management, then 4
    assert plan.effort == 64
    by_node = {(s.node.id, s.experience_months): s.months for s in plan.steps}
    assert by_node[("mgmt", 36)] == 36
    assert by_node[("sec", 60)] == 24


def test_months_held_count_towards_a_demand(backend):
    plan = solve(backend, "cert", "Degree", "Leading projects=24")
    assert plan.elapsed == 15  # 12 more months, then 3 of exam preparation
    lead = next(s for s in plan.steps if s.node.id == "lead")
    assert (lead.start, lead.end, lead.experience_months) == (0, 12, 36)


def test_study_runs_alongside_experience(backend):
    plan = solve(backend, "cert", "Degree")
    assert plan.elapsed == 39  # the 1-month course runs inside the 36 months
    assert plan.effort == 40


def test_a_held_experience_skill_needs_its_months(backend):
    with pytest.raises(UsageError, match="how many months"):
        holdings_from_have(backend, [parse_have("Leading projects")], resolve)


def test_months_are_only_for_what_accrues(backend):
    with pytest.raises(UsageError, match="months are for roles and experience"):
        holdings_from_have(backend, [parse_have("Degree=12")], resolve)


def test_role_tenure_counts_as_its_experience(backend):
    holdings = make_holdings(backend, [backend.node("lead-role")], {"lead-role": 30})
    assert holdings.months("lead") == 30


def test_by_months_is_the_earliest_finish_and_by_cost_the_cheapest(backend):
    fast = solve(backend, "cert")
    cheap = solve(backend, "cert", by="cost")
    # A degree is full-time study: 48 months, then 36 of leading projects, then 3; the
    # diploma (48 months too) would need 60 after it.
    assert fast.elapsed == 87
    assert cheap.cost_usd == 975  # the diploma route costs no tuition
    assert cheap.elapsed == 111
    assert fast.cost_usd > cheap.cost_usd


def assert_followable(backend, plan) -> None:
    """Each step starts at or after the end of every step it needs: for experience, the
    step that reaches the months it needs; otherwise the source's step and its wait."""
    for step in plan.steps:
        for edge in step.chosen:
            source = backend.node(edge.source)
            if source.accrues:
                reaching = [
                    s.end
                    for s in plan.steps
                    if s.node.id == edge.source and (s.experience_months or 0) >= edge.months
                ]
                needed = min(reaching, default=0.0)  # none: months held already cover it
            elif edge.source in plan.held:
                continue
            else:
                needed = max(s.end for s in plan.steps if s.node.id == edge.source) + edge.months
            assert step.start >= needed - 1e-9, (step.node.id, edge.source)
    assert plan.effort >= plan.elapsed - 1e-9


def test_every_step_starts_after_what_it_needs_ends(backend):
    for goal in ("cert", "level2", "sec-cert", "manager", "lead-role"):
        for by in ("months", "cost"):
            assert_followable(backend, solve(backend, goal, by=by))


def test_an_employer_expectation_cannot_be_met_on_a_pathway_by_experience_not_accruing(backend):
    holdings = make_holdings(backend, [backend.node("engineer")])
    on_the_way = Clock(start=10, active=frozenset({"engineer", "practice"}))
    with pytest.raises(Infeasible):
        solve_plan(backend, backend.node("manager"), holdings, "months", on_the_way)
    moving = solve_plan(backend, backend.node("lead-role"), holdings, "months", on_the_way)
    assert moving.elapsed == 24  # 24 months as an engineer, accruing from month 10


def test_a_held_goal_needs_no_steps(backend):
    plan = solve(backend, "cert", "Cert")
    assert plan.steps == () and plan.elapsed == 0


def test_a_goal_met_already_takes_the_requirement_the_engine_takes():
    """Of a group's alternatives met already, months of experience held are no wait: a
    role held long enough ranks with a certificate needing no wait after it, and the tie
    goes to the first by id, in the plan engine and in ``met_now`` alike."""
    nodes = [
        Node(id="lead", kind="Role", name="Lead"),
        Node(id="pmp", kind="Certification", name="PMP"),
        Node(id="pgmp", kind="Certification", name="PgMP"),
    ]
    edges = [
        Edge(source="lead", target="pgmp", type=PREREQUISITE, months=1, group="a"),
        Edge(source="pmp", target="pgmp", type=PREREQUISITE, group="a"),
    ]
    small = NetworkxBackend(Dataset.from_records(nodes, edges))
    holdings = Holdings(frozenset({"lead", "pmp"}), {"lead": 1.0}, (), {})
    goal, clock = small.node("pgmp"), Clock(start=0.0)
    step = met_now(small, goal, holdings, groups_of(small, "pgmp"), clock)
    assert solve_plan(small, goal, holdings, "months", clock).steps == (step,)
    assert [e.source for e in step.chosen] == ["lead"]
