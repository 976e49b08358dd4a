"""Plans: what exactly a person must do to reach a goal, given what they hold, as a
schedule in calendar months.

The engine is queries/schedule.py (requirements as AND of OR groups, experience as
running totals, study alongside work, the critical path for calendar time, branch and
bound for money). This module turns its solution into steps a person reads: what each
step is, when it can start and end, what it costs and why it is there.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from careergraph.errors import NoPathway, UsageError
from careergraph.graph.backend import Backend
from careergraph.graph.model import Edge, Node, amount, months, tidy, usd
from careergraph.queries.holdings import Holdings, make_holdings
from careergraph.queries.local import in_process
from careergraph.queries.schedule import Infeasible, Solution, solve_plan

PLAN_MEASURES = ("months", "cost")


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a requirement group, with its estimate (by the plan's measure:
    the month it would be ready, or its cost with everything below it)."""

    node: Node
    edge: Edge
    estimate: float
    held: bool
    chosen: bool
    cost_estimate: float = 0.0

    def to_dict(self) -> dict:
        return {
            **self.node.ref(),
            "months": self.edge.months,
            "cost_usd": self.edge.cost_usd,
            "estimate": None if self.estimate == float("inf") else tidy(self.estimate),
            "held": self.held,
            "chosen": self.chosen,
        }


@dataclass(frozen=True)
class Requirement:
    """One requirement group of a step: all its alternatives and which one was chosen."""

    group: str
    basis: str
    alternatives: list[Alternative]

    @property
    def chosen(self) -> Alternative:
        return next(a for a in self.alternatives if a.chosen)

    def to_dict(self) -> dict:
        return {
            "group": self.group,
            "basis": self.basis,
            "alternatives": [a.to_dict() for a in self.alternatives],
        }


@dataclass(frozen=True)
class PlanStep:
    """A node to obtain: when it can start and end, what it takes, why it is there."""

    node: Node
    months: float
    cost_usd: float
    start_month: float
    end_month: float
    basis: str | None
    because: list[str]
    requirements: list[Requirement]

    def to_dict(self, explain: bool = False) -> dict:
        out = {
            **self.node.ref(),
            "months": self.months,
            "cost_usd": self.cost_usd,
            "start_month": self.start_month,
            "end_month": self.end_month,
            "basis": self.basis,
            "because": self.because,
        }
        if explain:
            out["requirements"] = [r.to_dict() for r in self.requirements]
        return out


@dataclass(frozen=True)
class Plan:
    """Steps in an order that can be followed, with their schedule and totals.

    ``elapsed_months`` is the calendar time (the goal's end); ``effort_months`` the sum
    of every step's months (study, waiting and experience still to gain, each counted
    once); ``eligible_month`` when the goal's own requirements are all met."""

    goal: Node
    have: list[Node]
    have_months: dict[str, float]
    by: str
    steps: list[PlanStep]
    elapsed_months: float
    cost_usd: float
    exact: bool = True
    lower_bound: float | None = None
    as_of: datetime.date | None = None  # a profile's date: steps then have calendar dates
    eligible_from: datetime.date | None = None
    effort_months: float = field(init=False)
    eligible_month: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "effort_months", tidy(sum(s.months for s in self.steps)))
        goal_step = next((s for s in self.steps if s.node.id == self.goal.id), None)
        object.__setattr__(self, "eligible_month", goal_step.start_month if goal_step else 0)

    @property
    def months(self) -> float:
        return self.effort_months

    def to_dict(self, explain: bool = False) -> dict:
        out = {
            "goal": self.goal.ref(),
            "have": [
                {**n.ref(), "months": self.have_months[n.id]} if n.id in self.have_months else n.ref()
                for n in self.have
            ],
            "by": self.by,
            "steps": [s.to_dict(explain) for s in self.steps],
            "months": self.effort_months,
            "effort_months": self.effort_months,
            "elapsed_months": self.elapsed_months,
            "eligible_month": self.eligible_month,
            "cost_usd": self.cost_usd,
            "exact": self.exact,
        }
        if not self.exact:
            out["lower_bound"] = tidy(self.lower_bound or 0)
        if self.as_of is not None:
            out["as_of"] = self.as_of.isoformat()
            out["eligible_from"] = self.eligible_from.isoformat() if self.eligible_from else None
            for step, shown in zip(self.steps, out["steps"], strict=True):
                shown["start_date"] = add_months(self.as_of, step.start_month).isoformat()
                shown["end_date"] = add_months(self.as_of, step.end_month).isoformat()
        return out


def add_months(day: datetime.date, months: float) -> datetime.date:
    """The date ``months`` calendar months after ``day`` (a fraction as days of 30.44)."""
    whole = math.floor(months)
    year, month = divmod(day.month - 1 + whole, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    moved = datetime.date(year, month + 1, min(day.day, last))
    return moved + datetime.timedelta(days=round((months - whole) * 30.44))


def _eligible_from(solution: Solution, holdings: Holdings, eligible_month: float) -> datetime.date | None:
    """When the goal's requirements are all met, as a date: ``eligible_month`` after the
    holdings' date, or, when they are met already, the date the experience they rely on
    was first built up (the latest of those), else the holdings' date."""
    if holdings.as_of is None:
        return None
    if eligible_month > 0 or holdings.reached is None:
        return add_months(holdings.as_of, eligible_month)
    dates = [
        holdings.reached(edge.source, edge.months, edge.window_months)
        for edge in solution.choice.values()
        if edge.months and solution.nodes[edge.source].accrues
    ]
    known = [d for d in dates if d is not None]
    return max(known) if known else holdings.as_of


def make_plan(
    backend: Backend,
    goal: Node,
    have: list[Node] | None = None,
    by: str = "months",
    holdings: Holdings | None = None,
) -> Plan:
    """The plan to reach ``goal``.

    Parameters
    ----------
    goal : the node to reach.
    have : nodes already held (ignored when ``holdings`` is given).
    by : "months" — the earliest finish, the cheapest of those; "cost" — the cheapest.
    holdings : what the person holds, months of experience included (queries/holdings.py).

    Returns a Plan whose steps come in the order they can start. When the goal is
    already held the plan has no steps. Raises NoPathway when an expectation cannot be
    met, UsageError for a bad measure.
    """
    if by not in PLAN_MEASURES:
        raise UsageError(f"--by must be one of {', '.join(PLAN_MEASURES)}")
    backend = in_process(backend)
    if holdings is None:
        holdings = make_holdings(backend, have or [])
    given = list(holdings.given)
    amounts = {n.id: holdings.months(n.id) for n in given if n.accrues and holdings.months(n.id)}
    try:
        solution = solve_plan(backend, goal, holdings, by)
    except Infeasible:
        raise NoPathway(f"no plan reaches {goal.name} from what is held") from None
    steps = plan_steps(solution, by)
    goal_step = next((s for s in steps if s.node.id == goal.id), None)
    eligible = goal_step.start_month if goal_step else 0
    return Plan(
        goal=goal,
        have=given,
        have_months=amounts,
        by=by,
        steps=steps,
        elapsed_months=tidy(solution.elapsed),
        cost_usd=tidy(solution.cost_usd),
        exact=solution.exact,
        lower_bound=solution.lower_bound,
        as_of=holdings.as_of,
        eligible_from=_eligible_from(solution, holdings, eligible),
    )


def plan_steps(solution: Solution, by: str) -> list[PlanStep]:
    """The solution's scheduled nodes as steps with reasons and requirement details."""
    chosen_ids = {s.node.id for s in solution.steps}
    reasons: dict[str, list[tuple[float, str]]] = defaultdict(list)  # (months it needs, why)
    bases: dict[str, set[str]] = defaultdict(set)
    requirements: dict[str, list[Requirement]] = {}
    for scheduled in solution.steps:
        node = scheduled.node.id
        found = []
        for key, edges in solution.groups.get(node, {}).items():
            picked = solution.choice[(node, key)]
            alternatives = [_alternative(solution, e, picked, by) for e in edges]
            basis = picked.basis or "rule"
            found.append(Requirement(group=key, basis=basis, alternatives=alternatives))
            if picked.source in chosen_ids:
                reason = _reason(solution, node, key, picked, alternatives, by)
                reasons[picked.source].append((picked.months, reason))
                bases[picked.source].add(basis)
        requirements[node] = found
    steps = []
    for scheduled in solution.steps:
        node = scheduled.node
        basis = None
        if bases.get(node.id):
            basis = "rule" if "rule" in bases[node.id] else "employers"
        steps.append(
            PlanStep(
                node=node,
                months=tidy(scheduled.months),
                cost_usd=tidy(scheduled.cost_usd),
                start_month=tidy(scheduled.start),
                end_month=tidy(scheduled.end),
                basis=basis,
                because=_because(reasons.get(node.id, []), scheduled.experience_months)
                or [f"the goal: {node.name}"],
                requirements=requirements[node.id],
            )
        )
    return steps


def _because(reasons: list[tuple[float, str]], reached: float | None) -> list[str]:
    """The reasons for a step; for a step of experience, those needing the months it
    reaches (the steps before it reach what the others need)."""
    if reached is None:
        return [why for _, why in reasons]
    return [why for needs, why in reasons if abs(needs - reached) < 1e-9] or [why for _, why in reasons]


def _alternative(solution: Solution, edge: Edge, picked: Edge, by: str) -> Alternative:
    return Alternative(
        node=solution.nodes[edge.source],
        edge=edge,
        estimate=solution.estimates.get((edge.source, edge.target), 0.0)
        if by == "months"
        else solution.cost_estimates.get((edge.source, edge.target), 0.0),
        held=edge.source in solution.held,
        chosen=edge is picked,
        cost_estimate=solution.cost_estimates.get((edge.source, edge.target), 0.0),
    )


def _reason(
    solution: Solution, node: str, key: str, picked: Edge, alternatives: list[Alternative], by: str
) -> str:
    target = solution.nodes[node].name
    source = solution.nodes[picked.source]
    wait = ""
    if picked.months:
        wait = (
            f", with {months(picked.months)} of it"
            if source.accrues
            else f", {months(picked.months)} after it"
        )
    required = "expected by employers for" if picked.basis == "employers" else "required by"
    others = [a for a in alternatives if not a.chosen]
    if not others:
        return f"{required} {target}{wait}"
    chosen = next(a for a in alternatives if a.chosen)
    over = ", ".join(f"{a.node.name} ({_estimate(a, by)})" for a in others)
    employers = " (what employers expect)" if picked.basis == "employers" else ""
    return (
        f"one of {len(alternatives)} alternatives for {target}{employers} ({key}){wait}: "
        f"chosen ({_estimate(chosen, by)}) over {over}"
    )


def _estimate(alternative: Alternative, by: str) -> str:
    """By months: when it would be ready and what it would cost (of plans finishing
    equally early, the cheapest wins); by cost: what it would cost."""
    if by != "months":
        return amount(alternative.estimate, by)
    if alternative.estimate == float("inf"):
        return "cannot be met here"
    return f"ready at month {tidy(alternative.estimate):g}, {usd(tidy(alternative.cost_estimate))}"
