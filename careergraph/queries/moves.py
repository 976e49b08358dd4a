"""Pricing a pathway move by move, on what the person holds so far.

A pathway is walked from FROM with the person's holdings. Each move along an edge
``u → v`` is priced by the plan engine (queries/schedule.py) for ``v`` on the holdings
accumulated so far, starting when the previous move ended, so nothing held or gained
earlier is paid twice and every requirement of ``v`` is met, not only the walked edge.

Experience along a pathway: the person is in one role at a time (FROM's, then each role
the pathway enters) and accrues its tenure and what it ``counts_as``; experience a
credential's rule demands may be gained during the move that needs it; what employers
expect to enter a role must come from the person's holdings or from what the pathway is
accruing (a Scrum Master course does not make an engineer a Scrum Master).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE, Edge, Node
from careergraph.queries.holdings import Holdings, counts_as_closure, make_holdings, widen
from careergraph.queries.schedule import Clock, Infeasible, Scheduled, Solution, solve_plan


@dataclass(frozen=True)
class Journey:
    """Where a person stands on a pathway: the month, what they hold, the role they are
    in and the experience kinds accruing."""

    time: float
    holdings: Holdings
    role: str | None
    accruing: frozenset[str]


@dataclass(frozen=True)
class Move:
    """One priced move: when it starts and ends, what it costs, and the plan it needed."""

    edge: Edge
    start: float
    end: float
    cost_usd: float
    effort: float
    gained: tuple[Scheduled, ...]  # the plan's steps other than the target itself


def start_journey(backend: Backend, source: Node, holdings: Holdings) -> Journey:
    """FROM and the holdings: FROM is held; a role or experience at FROM is accruing."""
    if source.id not in holdings.nodes:
        amounts = dict(holdings.experience)
        holdings = make_holdings(backend, (*holdings.given, source), amounts)
    accruing = frozenset(counts_as_closure(backend, source.id)) if source.accrues else frozenset()
    return Journey(0.0, holdings, source.id if source.kind == "Role" else None, accruing)


def _advance(backend: Backend, journey: Journey, until: float, gained: dict[str, float]) -> dict[str, float]:
    """Months by kind at ``until``: accruing kinds grew; kinds a move's plan demanded
    reached at least what it demanded."""
    grown = dict(journey.holdings.experience)
    elapsed = until - journey.time
    for kind in journey.accruing:
        grown[kind] = grown.get(kind, 0.0) + elapsed
    for kind, months in gained.items():
        grown[kind] = max(grown.get(kind, 0.0), months)
    return widen(backend, grown)


def move(
    backend: Backend, journey: Journey, edge: Edge, by: str, solve: Callable[..., Solution] = solve_plan
) -> tuple[Move, Journey] | None:
    """The move along ``edge`` from where ``journey`` stands, or None when the target's
    requirements cannot be met from there. ``solve`` is the plan engine (the journey
    search passes one that remembers its answers)."""
    target = backend.node(edge.target)
    source = backend.node(edge.source)
    now = journey.time
    if target.id in journey.holdings.nodes:
        priced = Move(edge, now, now, 0.0, 0.0, ())
        return priced, _entered(backend, journey, target, now, journey.holdings, {})
    obtained = journey.holdings.obtained.get(source.id)
    if source.accrues:
        ready = now + max(0.0, edge.months - journey.holdings.months(source.id))
    elif obtained is None:
        ready = now  # held since before the pathway: any wait after it is over
    else:
        ready = max(now, obtained + edge.months)
    clock = Clock(start=now, active=journey.accruing)
    forced = edge if edge.type == PREREQUISITE else None
    try:
        solution = solve(backend, target, journey.holdings, by, clock, forced)
    except Infeasible:
        return None
    goal_step = solution.steps[-1]
    end = max(ready + target.months, goal_step.end)
    gained_steps = tuple(s for s in solution.steps if s.node.id != target.id)
    experience = {
        kind: journey.holdings.months(kind) + months for kind, months in solution.experience_demand.items()
    }
    nodes = journey.holdings.nodes | {s.node.id for s in solution.steps}
    obtained = {**journey.holdings.obtained, **{s.node.id: s.end for s in gained_steps if not s.node.accrues}}
    holdings = Holdings(frozenset(nodes), journey.holdings.experience, journey.holdings.given, obtained)
    extra_wait = max(0.0, ready + target.months - goal_step.end)
    priced = Move(
        edge=edge,
        start=now,
        end=end,
        cost_usd=solution.cost_usd + (edge.cost_usd if forced is None else 0.0),
        effort=solution.effort + extra_wait,
        gained=gained_steps,
    )
    return priced, _entered(backend, journey, target, end, holdings, experience)


def _entered(
    backend: Backend, journey: Journey, target: Node, end: float, holdings: Holdings, gained: dict[str, float]
) -> Journey:
    """The journey after obtaining ``target`` at month ``end``."""
    grown = _advance(backend, journey, end, gained)
    obtained = holdings.obtained if target.id in holdings.obtained else {**holdings.obtained, target.id: end}
    holdings = Holdings(holdings.nodes | {target.id}, grown, holdings.given, obtained)
    if target.kind == "Role":
        return Journey(end, holdings, target.id, frozenset(counts_as_closure(backend, target.id)))
    if target.experience:
        accruing = journey.accruing | frozenset(counts_as_closure(backend, target.id))
        return Journey(end, holdings, journey.role, accruing)
    return Journey(end, holdings, journey.role, journey.accruing)


def price(backend: Backend, start: Journey, edges: list[Edge], by: str) -> list[Move] | None:
    """Every move of a pathway priced in turn, or None when one cannot be made."""
    moves: list[Move] = []
    journey = start
    for edge in edges:
        result = move(backend, journey, edge, by)
        if result is None:
            return None
        priced, journey = result
        moves.append(priced)
    return moves
