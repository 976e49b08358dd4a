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

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE, Edge, Node, requirement_groups
from careergraph.queries.holdings import Holdings, counts_as_closure, make_holdings
from careergraph.queries.perbackend import PerBackend
from careergraph.queries.schedule import (
    EPSILON,
    INFINITY,
    Clock,
    Infeasible,
    Scheduled,
    Solution,
    met_now,
    solve_plan,
)


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
    reached at least what it demanded, and each kind they count as at least as much. A
    journey's months are widened through counts_as (``Holdings``) and what it accrues is
    closed under counts_as (a role's or an experience's closure), so growing every
    accruing kind alike keeps them widened: only what was gained is widened again
    (``widen`` of all of them gives the same months)."""
    grown = dict(journey.holdings.experience)
    elapsed = until - journey.time
    for kind in journey.accruing:
        grown[kind] = grown.get(kind, 0.0) + elapsed
    for kind, months in gained.items():
        grown[kind] = max(grown.get(kind, 0.0), months)
    for kind in gained:
        months = grown[kind]
        for wider in counts_as_closure(backend, kind):
            if grown.get(wider, 0.0) < months:
                grown[wider] = months
    return grown


def _walked_ready(journey: Journey, source: Node, edge: Edge) -> float:
    """When the walked edge's own months are served: the months of a role or experience
    still to accrue, or the wait after a credential gained on the pathway."""
    if source.accrues:
        return journey.time + max(0.0, edge.months - journey.holdings.months(source.id))
    return _after_obtained(journey, source.id, edge.months)


def _after_obtained(journey: Journey, node_id: str, months: float) -> float:
    """When a wait of ``months`` after something held is over."""
    obtained = journey.holdings.obtained.get(node_id)
    if obtained is None:
        return journey.time  # held since before the pathway: any wait after it is over
    return max(journey.time, obtained + months)


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
        held = journey.holdings
        return priced, _entered(backend, journey, target, now, held.nodes, held.obtained, {})
    ready = _walked_ready(journey, source, edge)
    forced = edge if edge.type == PREREQUISITE else None
    planned = _plan(backend, journey, target, by, Clock(start=now, active=journey.accruing), forced, solve)
    if planned is None:
        return None
    steps, cost, effort, demand = planned
    goal_step = steps[-1]
    end = max(ready + target.months, goal_step.end)
    gained_steps = tuple(s for s in steps if s.node.id != target.id)
    experience = {kind: journey.holdings.months(kind) + months for kind, months in demand.items()}
    nodes = journey.holdings.nodes | {s.node.id for s in steps}
    obtained = {**journey.holdings.obtained, **{s.node.id: s.end for s in gained_steps if not s.node.accrues}}
    extra_wait = max(0.0, ready + target.months - goal_step.end)
    priced = Move(
        edge=edge,
        start=now,
        end=end,
        cost_usd=cost + (edge.cost_usd if forced is None else 0.0),
        effort=effort + extra_wait,
        gained=gained_steps,
    )
    return priced, _entered(backend, journey, target, end, nodes, obtained, experience)


def _plan(backend: Backend, journey: Journey, target: Node, by: str, clock: Clock, forced, solve):
    """The move's plan: its steps, cost, effort and experience demanded; None when it
    cannot be met. By months, a target whose requirements are all met already is
    answered without the engine (``met_now``: the step the engine would schedule)."""
    holdings = journey.holdings
    if by == "months":
        step = met_now(backend, target, holdings, groups_of(backend, target.id), clock, forced)
        if step is not None:
            return (step,), step.cost_usd, step.months, {}
    try:
        solution = solve(backend, target, holdings, by, clock, forced)
    except Infeasible:
        return None
    return solution.steps, solution.cost_usd, solution.effort, solution.experience_demand


class Floors:
    """Lower bounds on a move before the plan engine prices it: what the move along an
    edge cannot end before, and cannot cost less than, from where a journey stands. Two
    levels of the plan engine's earliest finish (the target's requirements and theirs),
    each requirement met no sooner than its own months and waits allow, and experience
    accruing at most a month a month. A role's employers' expectation of experience that is
    neither held in full nor accruing cannot be met on a pathway: such a move is
    impossible, and the floor says so without a plan. Each node's requirement groups, a
    fact of the graph, are kept for the backend's life (searches one after another ask for
    the same degrees and certifications)."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self._facts = _FACTS(backend)
        # A requirement's own start (one level) from the journey last asked about: the
        # moves out of one label read the same degrees and certifications.
        self._journey: Journey | None = None
        self._starts: dict[str, float] = {}
        self._later: Journey | None = None  # the same for ``earliest_end``
        self._ends: dict[str, float] = {}

    def requirements(self, node_id: str) -> tuple[tuple[tuple, ...], ...]:
        """A node's requirement groups, each alternative as the facts the floors read:
        (source, months, cost, the source accrues, its own months, its own cost, an
        employer's expectation of a role)."""
        found = self._facts.get(node_id)
        if found is None:
            backend = self.backend
            role = backend.node(node_id).kind == "Role"
            found = self._facts[node_id] = tuple(
                tuple(_alternative(backend, e, role) for e in edges)
                for edges in groups_of(backend, node_id).values()
            )
        return found

    def end(self, journey: Journey, edge: Edge) -> float:
        """The move's end at the earliest; infinite when it cannot be made."""
        backend, now, holdings = self.backend, journey.time, journey.holdings
        if edge.target in holdings.nodes:
            return now
        target = backend.node(edge.target)
        ready = _walked_ready(journey, backend.node(edge.source), edge)
        return max(ready, self._start(journey, edge.target, 2)) + target.months

    def earliest_end(self, journey: Journey, node_id: str) -> float:
        """When a move into ``node_id`` can end at the earliest, from ``journey`` or from any
        journey after it on the pathway: as ``end`` (without the walked edge), except that
        experience employers expect, not accruing now, may start accruing later."""
        if node_id in journey.holdings.nodes:
            return journey.time  # entered again at once
        if journey is not self._later:
            self._later, self._ends = journey, {}
        found = self._ends.get(node_id)
        if found is None:
            found = self._ends[node_id] = (
                self._start(journey, node_id, 2, later=True) + self.backend.node(node_id).months
            )
        return found

    def _start(self, journey: Journey, node_id: str, levels: int, later: bool = False) -> float:
        """When ``node_id`` can start at the earliest: each group's quickest alternative,
        a requirement not held taking its own requirements' time (``levels`` deep), its
        own months and the wait after it. With ``later``, from any journey that follows
        (an employer's expectation of experience not accruing yet can still be met)."""
        now = start = journey.time
        held, experience, accruing = journey.holdings.nodes, journey.holdings.experience, journey.accruing
        for alternatives in self.requirements(node_id):
            least = INFINITY
            for source, months, _, accrues, own_months, _, employers in alternatives:
                if accrues:
                    missing = months - experience.get(source, 0.0)
                    if missing <= EPSILON:
                        ready = now
                    elif employers and source not in accruing and not later:
                        ready = INFINITY  # only held months can meet it (``frozen``)
                    else:
                        ready = now + missing
                elif source in held:
                    ready = _after_obtained(journey, source, months)
                elif levels <= 1:
                    ready = now + own_months + months
                elif levels == 2 and not later:
                    ready = self._first_level(journey, source) + own_months + months
                else:
                    ready = self._start(journey, source, levels - 1, later) + own_months + months
                if ready < least:
                    least = ready
            if least > start:
                start = least
        return start

    def _first_level(self, journey: Journey, node_id: str) -> float:
        """``_start(journey, node_id, 1)``, kept while the same journey asks."""
        if journey is not self._journey:
            self._journey, self._starts = journey, {}
        found = self._starts.get(node_id)
        if found is None:
            found = self._starts[node_id] = self._start(journey, node_id, 1)
        return found

    def cost(self, journey: Journey, edge: Edge) -> float:
        """What the move costs at least: the target's own cost and the walked edge's, and
        the dearest group's cheapest alternative not held (any plan pays one of each)."""
        held = journey.holdings.nodes
        if edge.target in held:
            return 0.0
        walked = 0.0 if edge.type == PREREQUISITE else edge.cost_usd
        dearest = 0.0
        for alternatives in self.requirements(edge.target):
            cheapest = INFINITY
            for source, _, edge_cost, accrues, _, own_cost, _ in alternatives:
                paid = 0.0 if accrues or source in held else own_cost
                cheapest = min(cheapest, paid + edge_cost)
            dearest = max(dearest, cheapest)
        return self.backend.node(edge.target).cost_usd + walked + dearest


def _alternative(backend: Backend, edge: Edge, role: bool) -> tuple:
    source = backend.node(edge.source)
    employers = role and edge.basis == "employers"
    return (
        edge.source,
        edge.months,
        edge.cost_usd,
        source.accrues,
        source.months,
        source.cost_usd,
        employers,
    )


_GROUPS = PerBackend()  # each node's requirement groups
_FACTS = PerBackend()  # Floors.requirements
_CLOSURES = PerBackend()  # Plans.closure


def groups_of(backend: Backend, node_id: str) -> dict[str, list[Edge]]:
    """A node's requirement groups by group key (``requirement_groups``): a fact of the
    graph, kept for the backend's life (searches one after another ask for the same
    degrees and certifications)."""
    kept = _GROUPS(backend)
    found = kept.get(node_id)
    if found is None:
        found = kept[node_id] = requirement_groups(backend.in_edges(node_id, PREREQUISITE))
    return found


def _entered(
    backend: Backend,
    journey: Journey,
    target: Node,
    end: float,
    nodes: frozenset[str],
    obtained: Mapping[str, float],
    gained: dict[str, float],
) -> Journey:
    """The journey after obtaining ``target`` at month ``end``, holding ``nodes`` (what the
    move's plan obtained, ``obtained`` with the months it did) and the months of what it
    gained."""
    grown = _advance(backend, journey, end, gained)
    obtained = obtained if target.id in obtained else {**obtained, target.id: end}
    holdings = Holdings(nodes | {target.id}, grown, journey.holdings.given, obtained)
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


class Plans:
    """The plan engine, remembering its answers for one query: moves that differ only in
    what their plan cannot see (holdings outside the target's requirements) share it,
    whether the journey search or the fallback's candidates make them. The key is
    everything ``solve_plan`` reads: the target, the walked requirement, what is held,
    obtained and accrued among the target's requirements, the experience accruing, and
    the months relative to the move's start (a plan starting later, everything else the
    same, is the same plan later: ``_later``). (On a 10k-edge graph three moves in four
    repeat a key; at 1M edges the months relative to the start halve the plans solved,
    and sharing them with the fallback's candidates saves a third of its pricing.) Its
    plans carry no estimates of alternatives, which a move does not read."""

    def __init__(self) -> None:
        self.answers: dict[tuple, tuple[Solution | None, float]] = {}  # None: infeasible
        self.inexact: dict[tuple, Solution] = {}  # by key and start: plans that cannot be moved

    def closure(self, backend: Backend, goal: str) -> frozenset[str]:
        """``goal`` and its requirements, transitively: all a plan for it can read or
        obtain. A fact of the graph, kept for the backend's life."""
        closures = _CLOSURES(backend)
        closure = closures.get(goal)
        if closure is None:
            sources = frozenset(e.source for e in backend.prerequisite_closure(goal))
            closure = closures[goal] = sources | {goal}
        return closure

    def __call__(self, backend: Backend, goal: Node, holdings: Holdings, by, clock: Clock, forced):
        if holdings.within is not None:  # a profile's dated months: not worth a key
            return solve_plan(backend, goal, holdings, by, clock, forced, estimates=False)
        closure = self.closure(backend, goal.id)
        start = clock.start
        key = (
            goal.id,
            None if forced is None else forced.source,
            closure & holdings.nodes,
            tuple(sorted((k, v) for k, v in holdings.experience.items() if k in closure)),
            tuple(sorted((k, v - start) for k, v in holdings.obtained.items() if k in closure)),
            None if clock.active is None else closure & clock.active,
        )
        found = self.answers.get(key)
        if found is None:
            try:
                found = (solve_plan(backend, goal, holdings, by, clock, forced, estimates=False), start)
            except Infeasible:
                found = (None, start)
            self.answers[key] = found
        solution, at = found
        if solution is None:
            raise Infeasible(goal.id)
        if at == start:
            return solution
        later = _later(solution, start - at)
        if later is None:  # its months are not exact in floating point: solved at this start
            later = self.inexact.get((key, start))
            if later is None:
                later = self.inexact[(key, start)] = solve_plan(
                    backend, goal, holdings, by, clock, forced, estimates=False
                )
        return later


_EXACT = 2.0**20  # months that are whole multiples of 1/2^20 add up exactly in floating point


def _later(solution: Solution, months: float) -> Solution | None:
    """The same plan ``months`` later; None unless every month of it, and the shift, add
    up exactly (then it equals the plan solved at the later start, to the last bit)."""
    times = [months, *(t for s in solution.steps for t in (s.start, s.end)), *solution.estimates.values()]
    if not all(abs(t) < _EXACT and (t * _EXACT).is_integer() for t in times if t != math.inf):
        return None
    steps = tuple(replace(s, start=s.start + months, end=s.end + months) for s in solution.steps)
    estimates = {edge: t + months for edge, t in solution.estimates.items()}
    return replace(solution, steps=steps, estimates=estimates)
