"""The plan engine: the cheapest or fastest set of steps meeting a goal's requirements,
scheduled in calendar months.

A node's requirements are its incoming PREREQUISITE edges in groups (AND across groups,
OR within one). Walking a requirement edge ``u → v`` with ``months`` N means:

- when ``u`` accrues (a role's tenure, an experience skill): ``v`` needs at least N
  months of ``u``. Experience is a running total: several demands on one kind are met by
  the largest, months already held count, and months of a kind count as each kind it
  ``counts_as``. Different kinds accrue side by side (one job gives several).
- otherwise: ``v`` waits N months after ``u`` is obtained.

A node starts when every chosen requirement is ready and takes its own ``months`` (a
course, exam preparation, a degree) after that; study runs alongside experience. This is
the critical path method on an AND/OR graph: the elapsed time of a plan is its goal's
finish, and the minimum over all choices is exact by Knuth's generalisation of Dijkstra
(a max of shared requirements is still a max). Cost is a sum in which a shared
requirement is paid once, which makes the cheapest plan NP-hard: it is found by branch
and bound, among the plans that finish at the minimum elapsed time when ``by`` is
"months".

Inside a pathway (``Clock.active`` set), experience a role's employers expect can only
come from what the person already has or from the roles and experience the pathway is
accruing; an issuer's rule may be met by experience gained during the step.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from careergraph.graph.backend import Backend
from careergraph.graph.model import Edge, Node, group_key
from careergraph.queries.holdings import Holdings
from careergraph.queries.perbackend import PerBackend

INFINITY = math.inf
FULL_TIME_MONTHS = 12  # education this long (a degree) is full-time study
MAX_EXPANSIONS = 200_000
TIE_BREAK = 1e-8  # far below any difference of whole months or dollars
EPSILON = 1e-9


@dataclass(frozen=True)
class Clock:
    """When a plan starts and which experience is accruing.

    ``active`` None (a standalone plan): every experience accrues from the moment it
    can. A set (a move on a pathway): employers' expectations of a role can only be met
    by experience held or by the kinds in ``active``."""

    start: float = 0.0
    active: frozenset[str] | None = None


@dataclass(frozen=True)
class Scheduled:
    """One node of a solved plan: when it starts and ends, what it takes."""

    node: Node
    start: float
    end: float
    months: float  # the step's own effort: study, waiting, or experience still to gain
    cost_usd: float
    chosen: tuple[Edge, ...]  # the requirement edge chosen for each group
    experience_months: float | None = None  # experience: the total reached at ``end``


@dataclass(frozen=True)
class Solution:
    """A solved plan: the steps (prerequisites first), totals and how they were found."""

    steps: tuple[Scheduled, ...]
    elapsed: float
    effort: float
    cost_usd: float
    exact: bool
    lower_bound: float | None
    groups: dict[str, dict[str, list[Edge]]]
    choice: dict[tuple[str, str], Edge]
    nodes: dict[str, Node]
    held: frozenset[str]
    experience_demand: dict[str, float]
    estimates: dict[tuple[str, str], float] = field(default_factory=dict)  # ready month if taken
    cost_estimates: dict[tuple[str, str], float] = field(default_factory=dict)  # cost if taken alone


def frozen(edge: Edge, target: Node, active: frozenset[str] | None) -> bool:
    """An employer's expectation of a role, on a pathway (``active``: the experience
    accruing), from experience that is not accruing: only months already held can meet it."""
    return (
        active is not None
        and edge.basis == "employers"
        and target.kind == "Role"
        and edge.source not in active
    )


def _value(months: float, cost: float) -> float:
    """Branch and bound's objective: cost, and a tiny share of effort months so that of two
    equally cheap plans the one with less to do wins."""
    return cost + TIE_BREAK * months


def _waiting(edge: Edge, accrues: bool) -> float:
    """The effort a requirement met along ``edge`` adds: the wait after a credential; none
    after experience, whose months are the experience itself."""
    return 0.0 if accrues else edge.months


class Infeasible(Exception):
    """No choice of alternatives meets the goal (an expectation nothing can meet)."""


class PlanProblem:
    """The AND/OR structure below a goal, with holdings and a clock."""

    def __init__(
        self,
        backend: Backend,
        goal: Node,
        holdings: Holdings,
        by: str,
        clock: Clock = Clock(),
        forced: Edge | None = None,
    ):
        self.backend = backend
        self.goal = goal.id
        self.by = by
        self.clock = clock
        self.held = holdings.nodes
        self.holdings = holdings
        self.nodes: dict[str, Node] = {goal.id: goal}
        # The closure's groups, less those of held nodes (shared with the kept structure:
        # never changed here, and the walked edge's group is a new dict).
        self.groups: dict[str, dict[str, list[Edge]]] = {}
        for node_id, (node_groups, ends) in _structure(backend, goal.id).items():
            if node_id in self.held:
                continue
            self.groups[node_id] = node_groups
            for end in ends:
                if end not in self.nodes:
                    self.nodes[end] = backend.node(end)
        if forced is not None and forced.target in self.groups:
            key = group_key(forced)
            walked = self.groups[forced.target]
            only = [e for e in walked[key] if e.source == forced.source]
            self.groups[forced.target] = {**walked, key: only}
        self.accrues = {node_id for node_id, node in self.nodes.items() if node.accrues}
        self._delays: dict[int, float] = {}
        self.order = self._topological_order()
        self.position = {node: i for i, node in enumerate(self.order)}
        # Requirements of nodes only a held node needed are no part of this plan.
        self.groups = {node: g for node, g in self.groups.items() if node in self.position}
        self.full_time = {n for n in self.order if self.is_full_time(n)}
        self.floor = self.clock.start
        self.capped = False
        self.earliest = self._earliest()
        self.tree = self._tree_estimates()

    def is_full_time(self, node_id: str) -> bool:
        """Full-time study (a degree): no experience accrues while it lasts."""
        node = self.nodes[node_id]
        return node_id not in self.held and node.kind == "Education" and node.months >= FULL_TIME_MONTHS

    def set_floor(self, floor: float, capped: bool, earliest: bool = True) -> None:
        """Experience accrues from ``floor`` on (after the plan's full-time study); with
        ``capped``, full-time study that cannot end by then is not an option. The earliest
        finishes are worked out again unless ``earliest`` is False (a schedule that does
        not report its alternatives' estimates reads none)."""
        self.floor, self.capped = floor, capped
        if earliest:
            self.earliest = self._earliest()

    # -- the pieces of time and money -------------------------------------------------

    def is_held(self, node_id: str) -> bool:
        return node_id in self.held

    def own_months(self, node_id: str) -> float:
        return 0.0 if node_id in self.held else self.nodes[node_id].months

    def own_cost(self, node_id: str) -> float:
        return 0.0 if node_id in self.held else self.nodes[node_id].cost_usd

    def frozen(self, edge: Edge) -> bool:
        return frozen(edge, self.nodes[edge.target], self.clock.active)

    def delay(self, edge: Edge) -> float:
        """Months from the source being available to this requirement being met (fixed for
        the problem: kept by edge once worked out)."""
        found = self._delays.get(id(edge))
        if found is None:
            found = self._delays[id(edge)] = self._delay(edge)
        return found

    def _delay(self, edge: Edge) -> float:
        source = self.nodes[edge.source]
        if edge.source in self.held and not source.accrues and edge.source not in self.holdings.obtained:
            return 0.0  # a wait after something held since before the pathway is over
        if source.accrues:
            missing = max(0.0, edge.months - self.holdings.months(edge.source, edge.window_months))
            if self.frozen(edge):
                return 0.0 if missing <= EPSILON else INFINITY
            return missing
        return edge.months

    def available(self, node_id: str, finish: dict[str, float]) -> float:
        """When a node is there to build on: held since before the plan (or accruing from
        now), obtained earlier on the pathway, or finished in the plan."""
        if node_id in self.held:
            if self.nodes[node_id].accrues:
                return self.clock.start
            return self.holdings.obtained.get(node_id, self.clock.start)
        return finish[node_id]

    def ready(self, edge: Edge, finish: dict[str, float]) -> float:
        """When this requirement is met. Experience accrues only once the plan's full-time
        study is over (``floor``), except what a full-time study itself requires."""
        available = self.available(edge.source, finish)
        if edge.source in self.accrues and edge.target not in self.full_time:
            available = max(available, self.floor)
        return available + self.delay(edge)

    def edge_value(self, edge: Edge) -> float:
        return _value(_waiting(edge, self.nodes[edge.source].accrues), edge.cost_usd)

    def own_value(self, node_id: str) -> float:
        return _value(self.own_months(node_id), self.own_cost(node_id))

    # -- structure --------------------------------------------------------------------

    def _topological_order(self) -> list[str]:
        seen: set[str] = set()
        order: list[str] = []
        stack = [(self.goal, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            for edges in self.groups.get(node, {}).values():
                for edge in reversed(edges):
                    if edge.source not in seen:
                        stack.append((edge.source, False))
        return order

    def _earliest(self) -> dict[str, float]:
        """Each node's earliest finish over every choice (exact: the critical path's max
        is unaffected by sharing)."""
        finish: dict[str, float] = {}
        for node in self.order:
            if node in self.held:
                finish[node] = self.clock.start
                continue
            start = self.clock.start
            for edges in self.groups.get(node, {}).values():
                start = max(start, min(self.ready(e, finish) for e in edges))
            finish[node] = start + self.own_months(node)
            if self.capped and node in self.full_time and finish[node] > self.floor + EPSILON:
                finish[node] = INFINITY
        return finish

    def _tree_estimates(self) -> dict[str, float]:
        """Each node's objective if nothing were shared: ranks the alternatives."""
        tree: dict[str, float] = {}
        for node in self.order:
            if node in self.held:
                tree[node] = 0.0
                continue
            groups = self.groups.get(node, {}).values()
            tree[node] = self.own_value(node) + sum(
                (min(self.edge_value(e) + tree[e.source] for e in edges) for edges in groups), 0.0
            )
        return tree

    def cost_of(self, choice: dict[tuple[str, str], Edge]) -> float:
        """The objective of a choice: what its nodes and chosen edges cost."""
        nodes = self.chosen_nodes(choice)
        return sum((self.own_value(n) for n in nodes), 0.0) + sum(
            (self.edge_value(choice[(n, k)]) for n in nodes for k in self.groups.get(n, {})), 0.0
        )

    def cost_lower_bound(self) -> float:
        """A proven lower bound on the objective: own cost plus the costliest group's
        cheapest alternative, recursively (any plan holds one alternative of each)."""
        bound: dict[str, float] = {}
        for node in self.order:
            if node in self.held:
                bound[node] = 0.0
                continue
            per_group = [
                min(self.edge_value(e) + bound[e.source] for e in edges)
                for edges in self.groups.get(node, {}).values()
            ]
            bound[node] = self.own_value(node) + max(per_group, default=0.0)
        return bound[self.goal]

    # -- search -----------------------------------------------------------------------

    def solve(self) -> tuple[dict[tuple[str, str], Edge], bool]:
        """Branch and bound over the groups, latest node first: by "months" among the
        choices that finish the goal at its earliest; by "cost" among all."""
        if self.earliest[self.goal] == INFINITY:
            raise Infeasible(self.goal)
        search = _BranchAndBound(self)
        deadline = self.earliest[self.goal] + EPSILON if self.by == "months" else INFINITY
        search.search(
            frozenset({self.goal}),
            list(search.decisions_of.get(self.goal, [])),
            {},
            self.own_value(self.goal),
            {self.goal: deadline},
        )
        if search.choice is None:
            raise Infeasible(self.goal)
        return search.choice, search.exact

    # -- the solved plan --------------------------------------------------------------

    def chosen_nodes(self, choice: dict[tuple[str, str], Edge]) -> list[str]:
        needed, stack = {self.goal}, [self.goal]
        while stack:
            node = stack.pop()
            for key in self.groups.get(node, {}):
                source = choice[(node, key)].source
                if source not in self.held and source not in needed:
                    needed.add(source)
                    stack.append(source)
        return [n for n in self.order if n in needed]

    def schedule(self, choice: dict[tuple[str, str], Edge], exact: bool, estimates: bool = True) -> Solution:
        """Start and end months of every chosen node, and the totals; with ``estimates``,
        each alternative's estimates too (what the plan command shows beside it)."""
        ordered = self.chosen_nodes(choice)
        chosen_edges = {n: tuple(choice[(n, k)] for k in self.groups.get(n, {})) for n in ordered}
        levels: dict[str, set[float]] = defaultdict(set)  # experience: the months each demand needs
        for edges in chosen_edges.values():
            for edge in edges:
                if self.nodes[edge.source].accrues and self.delay(edge) > EPSILON:
                    levels[edge.source].add(self.delay(edge))
        self.set_floor(self.clock.start, capped=False, earliest=estimates)
        finish = self._finish(ordered, chosen_edges)
        study_ends = [finish[n] for n in ordered if n in self.full_time]
        if study_ends:
            self.set_floor(max(study_ends), capped=False, earliest=estimates)
            finish = self._finish(ordered, chosen_edges)
        demand = {kind: max(found) for kind, found in levels.items()}
        steps: list[Scheduled] = []
        for node in ordered + sorted(k for k in levels if k in self.held):
            chosen = chosen_edges.get(node, ())
            steps.extend(self._steps(node, finish, chosen, sorted(levels.get(node, ())), demand))
        # In an order a person can follow: by start month, requirements first on a tie.
        steps.sort(key=lambda s: (s.start, self.position[s.node.id], s.end))
        lower = None if exact else self.cost_lower_bound()
        every = [e for g in self.groups.values() for group in g.values() for e in group] if estimates else []
        return Solution(
            steps=tuple(steps),
            elapsed=finish[self.goal] - self.clock.start,
            effort=sum((s.months for s in steps), 0.0),
            cost_usd=sum((s.cost_usd for s in steps), 0.0),
            exact=exact,
            lower_bound=lower,
            groups=self.groups,
            choice=choice,
            nodes=self.nodes,
            held=self.held,
            experience_demand=demand,
            estimates={(e.source, e.target): self.ready(e, self.earliest) for e in every},
            cost_estimates={(e.source, e.target): e.cost_usd + self.tree[e.source] for e in every},
        )

    def _finish(self, ordered: list[str], chosen_edges: dict) -> dict[str, float]:
        finish: dict[str, float] = {}
        for node in ordered:
            start = self.clock.start
            for edge in chosen_edges[node]:
                start = max(start, self.ready(edge, finish))
            finish[node] = start + self.own_months(node)
        return finish

    def _steps(self, node_id, finish, chosen, levels: list[float], demand) -> list[Scheduled]:
        """A node's steps: one, or for experience one per level some requirement needs
        ("12 months of it", then "24 months"), so that each requirement ends with the
        step it needs."""
        node = self.nodes[node_id]
        cost = self.own_cost(node_id) + sum((e.cost_usd for e in chosen), 0.0)
        waiting = sum((e.months for e in chosen if not self.nodes[e.source].accrues), 0.0)
        own = self.own_months(node_id) + waiting
        available = self.available(node_id, finish)
        if node.accrues:
            available = max(available, self.floor)
        if not levels:
            start = available - self.own_months(node_id) if node_id not in self.held else available
            return [Scheduled(node, start, available, own, cost, tuple(chosen))]
        # Months that a kind counting as this one gains in the same plan, at the same
        # time, are the same months: only the rest is more work.
        overlap = max(
            (
                max(
                    0.0,
                    min(self.available(other, finish) + m, available + demand[node_id])
                    - max(self.available(other, finish), available),
                )
                for other, m in demand.items()
                if other != node_id and node_id in self._counts(other)
            ),
            default=0.0,
        )
        held = self.holdings.months(node_id)
        steps: list[Scheduled] = []
        previous = 0.0
        for level in levels:
            work = max(0.0, level - max(previous, overlap))
            first = not steps
            steps.append(
                Scheduled(
                    node,
                    available + previous,
                    available + level,
                    work + (own if first else 0.0),
                    cost if first else 0.0,
                    tuple(chosen) if first else (),
                    experience_months=held + level,
                )
            )
            previous = level
        return steps

    def _counts(self, node_id: str) -> set[str]:
        seen, stack = set(), [node_id]
        while stack:
            for other in self.backend.node(stack.pop()).counts_as or ():
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen


_STRUCTURES = PerBackend()


def _structure(backend: Backend, goal: str) -> dict[str, tuple[dict[str, list[Edge]], tuple[str, ...]]]:
    """The requirement structure below ``goal``: for each node of its prerequisite closure
    with requirements, its groups (by group key, keys sorted, each group's edges by
    source) and the nodes its edges join, in the closure's order. A fact of the graph,
    kept for the backend's life: a pathway search plans moves into the same nodes from
    many holdings."""
    kept = _STRUCTURES(backend)
    found = kept.get(goal)
    if found is None:
        grouped: dict[str, dict[str, list[Edge]]] = defaultdict(lambda: defaultdict(list))
        ends: dict[str, dict[str, None]] = defaultdict(dict)
        for edge in backend.prerequisite_closure(goal):
            grouped[edge.target][group_key(edge)].append(edge)
            ends[edge.target].update(((edge.source, None), (edge.target, None)))
        found = kept[goal] = {
            node: (
                {key: sorted(edges, key=lambda e: e.source) for key, edges in sorted(g.items())},
                tuple(ends[node]),
            )
            for node, g in grouped.items()
        }
    return found


class _BranchAndBound:
    """``PlanProblem.solve``'s search: the best choice found so far, and whether the
    search ran to its end (not past MAX_EXPANSIONS)."""

    def __init__(self, problem: PlanProblem):
        self.problem = problem
        self.value = INFINITY
        self.choice: dict[tuple[str, str], Edge] | None = None
        self.expansions = 0
        self.exact = True
        self.min_edge = {
            (node, key): min(problem.edge_value(e) for e in edges)
            for node, g in problem.groups.items()
            for key, edges in g.items()
        }
        self.decisions_of = {node: [(node, key) for key in g] for node, g in problem.groups.items()}

    def allowed(self, edge: Edge, latest_start: float) -> bool:
        ready = self.problem.ready(edge, self.problem.earliest)
        return ready < INFINITY and ready <= latest_start + EPSILON

    def search(self, needed: frozenset, pending: list, choice: dict, spent: float, deadlines: dict) -> None:
        if self.expansions >= MAX_EXPANSIONS:
            self.exact = False
            return
        self.expansions += 1
        if spent + sum((self.min_edge[d] for d in pending), 0.0) >= self.value - 1e-12:
            return
        if not pending:
            self.value, self.choice = spent, dict(choice)
            return
        problem = self.problem
        decision = max(pending, key=lambda d: (problem.position[d[0]], d[1]))
        node = decision[0]
        rest = [d for d in pending if d != decision]
        latest_start = deadlines.get(node, INFINITY) - problem.own_months(node)
        options = [e for e in problem.groups[node][decision[1]] if self.allowed(e, latest_start)]
        options.sort(key=lambda e: (problem.edge_value(e) + problem.tree[e.source], e.source))
        for edge in options:
            source = edge.source
            new_needed, new_pending, added = needed, rest, 0.0
            new_deadlines = deadlines
            if source not in problem.held:
                limit = latest_start - problem.delay(edge)
                if limit < deadlines.get(source, INFINITY):
                    new_deadlines = {**deadlines, source: limit}
                if source not in needed:
                    new_needed = needed | {source}
                    added = problem.own_value(source)
                    new_pending = rest + self.decisions_of.get(source, [])
            choice[decision] = edge
            value = spent + added + problem.edge_value(edge)
            self.search(new_needed, new_pending, choice, value, new_deadlines)
            del choice[decision]


def met_now(
    backend: Backend,
    goal: Node,
    holdings: Holdings,
    groups: Mapping[str, list[Edge]],
    clock: Clock,
    forced: Edge | None = None,
) -> Scheduled | None:
    """By months, the one step ``solve_plan`` schedules for ``goal`` when every group of
    its requirements (``groups``, by group key) has an alternative held and ready at the
    clock's start, and no alternative not held could be ready by then: the goal then
    starts at once, and of each group the plan takes the held alternative of least
    objective (the first of its branch and bound's options; no other choice can be
    cheaper, and equal ones do not replace it). Worked out without building the plan: on
    a pathway most moves are into something whose requirements the person already meets.
    None when that is not clear-cut (a readiness within rounding of the start, or a goal
    of full-time study): solve the plan then."""
    start = clock.start
    if goal.id in holdings.nodes or (goal.kind == "Education" and goal.months >= FULL_TIME_MONTHS):
        return None
    walked = None if forced is None or forced.target != goal.id else group_key(forced)
    chosen, waits = [], []
    for key in sorted(groups):
        best: tuple[tuple[float, str], Edge, float] | None = None
        for edge in groups[key]:
            if key == walked and edge.source != forced.source:  # type: ignore[union-attr]
                continue  # the walked edge is its group's only alternative
            ready = _ready_at(backend, edge, holdings, start)
            if ready > start + 3 * EPSILON:
                continue  # not an option: it would hold the goal back
            if ready > start or edge.source not in holdings.nodes:
                return None  # within rounding of the start, or a plan of its own: solve it
            waiting = _waiting(edge, backend.node(edge.source).accrues)
            rank = (_value(waiting, edge.cost_usd), edge.source)
            if best is None or rank < best[0]:
                best = (rank, edge, waiting)
        if best is None:
            return None
        chosen.append(best[1])
        waits.append(best[2])
    finish = start + goal.months
    cost = goal.cost_usd + sum((e.cost_usd for e in chosen), 0.0)
    return Scheduled(goal, finish - goal.months, finish, goal.months + sum(waits, 0.0), cost, tuple(chosen))


def _ready_at(backend: Backend, edge: Edge, holdings: Holdings, start: float) -> float:
    """When a requirement of a goal (not full-time study) is met, the plan starting at
    ``start``: ``PlanProblem.ready``, or a lower bound on it when its source is not held
    (that source starts no sooner and takes its own months). An employer's expectation
    the pathway cannot meet by accruing (``frozen``) is met now or never; as months still
    missing it is not met now either, and within rounding ``met_now`` asks the engine."""
    source = backend.node(edge.source)
    if source.accrues:
        missing = max(0.0, edge.months - holdings.months(edge.source, edge.window_months))
        if edge.source in holdings.nodes:
            return start + missing
        return start + source.months + missing
    if edge.source in holdings.nodes:
        obtained = holdings.obtained.get(edge.source)
        return start if obtained is None else obtained + edge.months
    return start + source.months + edge.months


def solve_plan(
    backend: Backend,
    goal: Node,
    holdings: Holdings,
    by: str = "months",
    clock: Clock | None = None,
    forced: Edge | None = None,
    estimates: bool = True,
) -> Solution:
    """The plan for ``goal`` given ``holdings``: by "months", the cheapest of the plans
    that finish earliest; by "cost", the cheapest. Raises Infeasible when no choice of
    alternatives can meet the goal. Without ``estimates`` the Solution's estimates of
    alternatives are left empty (a move on a pathway reads its steps and totals alone)."""
    if goal.id in holdings.nodes:
        return Solution((), 0.0, 0.0, 0.0, True, None, {}, {}, {goal.id: goal}, holdings.nodes, {})
    problem = PlanProblem(backend, goal, holdings, by, clock or Clock(), forced)
    if by != "months" or not problem.full_time:
        choice, exact = problem.solve()
        return problem.schedule(choice, exact, estimates)
    # Full-time study holds back every experience: try each month it could end by (none,
    # or one of the degrees' earliest ends), keep the earliest finish, then the cheapest.
    start = problem.clock.start
    floors = sorted(
        {start, *(problem.earliest[n] for n in problem.full_time if problem.earliest[n] < INFINITY)}
    )
    finishes = []
    for floor in floors:
        problem.set_floor(floor, capped=True)
        finishes.append(problem.earliest[problem.goal])
    best_finish = min(finishes)
    if best_finish == INFINITY:
        raise Infeasible(goal.id)
    found = []
    for floor, finish in zip(floors, finishes, strict=True):
        if finish <= best_finish + EPSILON:
            problem.set_floor(floor, capped=True)
            choice, exact = problem.solve()
            found.append((problem.cost_of(choice), floor, choice, exact))
    _, floor, choice, exact = min(found, key=lambda f: (f[0], f[1]))
    return problem.schedule(choice, all(f[3] for f in found), estimates)
