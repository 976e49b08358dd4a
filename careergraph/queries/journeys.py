"""The k best pathways by months or cost: a best-first search over priced journeys.

Yen's algorithm (queries/kbest.py) lists candidate pathways by a lower bound that knows
nothing of the experience a pathway has accrued, so where a target role expects years
of one kind of experience every candidate ties on the bound and hundreds must be priced.
This search prices as it goes instead: a *label* is a pathway prefix with its journey
(queries/moves.py: the month, what is held, the role and the experience accruing), and
labels leave a heap in order of a lower bound on the best pathway through them:

- the guide of ``Bound.toward``: the moves' own times (or costs) still ahead, and the
  earliest the target can be had at all (worked out once GUIDE_AFTER labels have left
  the heap, and only where it holds every node that can reach the target: beyond its
  ball it bounds every node alike by the ball's radius, which on generated graphs of
  100k and 1M edges left the answers as they were and cost 1-3 s a query);
- the target's own requirements from *this* journey: each requirement group needs one
  alternative; by months an experience accrues at most a month a month from what the
  label has accrued and a credential not held takes its own months and wait at least, by
  cost a credential not held is still to be paid for.

Children are pushed with the bound of the edge they walk and priced only when they reach
the top of the heap (lazy expansion), so most edges out of a popped label are never
priced. Two sharper bounds on a move are likewise worked out only then, and a move they
make later goes back on the heap with that later key: the edge's ``b`` (``Bound.b``: the
earliest its target can be had at all, which reads the target's requirements
transitively; not within a corridor, below, where on 12 pairs of a 1M-edge graph it
raised 21 keys of 15,758 and decided no move, at ~50 ms a query), and by months what the
search's target requires, seen from after the move (``_Estimate.after``): an experience
the journey is not accruing grows during a move only if the move's plan can gain it, so
otherwise it still lacks what it lacked when the move ends, and a credential the plan
cannot obtain is obtained after the move. (On 12 pairs of a 1M-edge graph this cut the
moves priced from 15,757 to 4,497.) Moves whose plans would read the same things share
one plan (``moves.Plans``). A
label whose pathway reaches the target leaves the heap in the order of its exact key
(the measure, then the tie-breaks), because no label's bound exceeds the key of any
pathway it can still become: the first k leaving are the k best.

A label is dropped when k others at the same node *dominate* it: each is no later, no
dearer, no longer, holds all it holds (with experience at least as great once it is
advanced to the same month, and anything gained no later), is in the same role accruing
at least the same kinds, and visited no node it did not. Anything the dominated label can
still become, each dominating one can become too, as simple and no worse. The search
stops after MAX_LABELS heap pops (a child only pushed back with its ``b`` is not counted)
and then says it did not finish.

Where the guide would not hold every node that can reach the target (a large graph), the
target's own requirements alone direct the search, and it would wander: it searches a
*corridor* instead (``Corridor``), the pathways of at most a few moves more than the
fewest. A move the corridor leaves out is not pushed; the least bound of those moves
(``_Search.outside``) bounds every pathway outside the corridor, so the answer is
proven when it is no later than that bound, and otherwise it is the best of the corridor,
not proven. Within a corridor, a move popped fresh gets one more bound when every pathway
through it is at least that bound already (``_Search._expected``): a journey lacking the
experience the target's employers expect, and not accruing it, has it no sooner than a
source it can still enter allows (queries/expected.py, ``Expected.earliest``). On 20 of the
bench's pairs at 1M edges it cut the labels expanded from 242 to 163 a query and the moves
priced from 247 to 167.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from careergraph.graph.backend import Backend
from careergraph.graph.model import Edge
from careergraph.queries.expected import Expected
from careergraph.queries.holdings import counts_as_closure
from careergraph.queries.kbest import Bound, Ranked, fewest_moves
from careergraph.queries.moves import Floors, Journey, Move, Plans, move

MAX_LABELS = 20_000  # heap pops (priced or not; not those only pushed back) before the search gives up
# Where the guide is not worked out (a large graph: it would not hold every node that can
# reach the target), the moves a pathway may make beyond the fewest: on 12 pairs of a
# 1M-edge graph, 2 found pathways up to 27% faster than the 1,000 fewest-move candidates
# priced before, in less time; 3 found faster ones still (up to 39%) in three times as
# long (docs/benchmarks.md).
CORRIDOR_SLACK = 2
# Heap pops before the guide is worked out: it is a backward pass over everything that can
# reach the target, which a query settled in a few moves does not need.
GUIDE_AFTER = 20
# The bound from the sources of what the target's employers expect (``_Search._expected``)
# is asked of a move with at most this many moves left after it: on 20 of the bench's pairs
# at 1M edges, asking it of moves with more cost more than it saved (226 M instructions a
# query with 4, 232 M with no limit, 229 M with 3: docs/benchmarks.md, "sixteenth").
EXPECTED_WITHIN = 4
_NOTHING_KNOWN = (0.0, -math.inf)
_UNGUIDED: tuple[Mapping, tuple[float, float]] = ({}, _NOTHING_KNOWN)  # until ``guide_now``
EPSILON = 1e-9


@dataclass(frozen=True)
class _Label:
    """A priced pathway prefix ending at ``node``."""

    node: str
    journey: Journey
    cost: float
    moves: tuple[Move, ...]
    visited: frozenset[str]

    def key(self, by: str) -> tuple[float, float, int]:
        """The exact key of the pathway so far: the measure, then the tie-breaks."""
        time, hops = self.journey.time, len(self.moves)
        return (time, self.cost, hops) if by == "months" else (self.cost, time, hops)

    def dominates(self, other: _Label) -> bool:
        """Whether every completion of ``other`` is matched, simple and no worse, by one of
        this label (see the module's docstring)."""
        mine, theirs = self.journey, other.journey
        if (
            mine.time > theirs.time + EPSILON
            or self.cost > other.cost + EPSILON
            or len(self.moves) > len(other.moves)
            or mine.role != theirs.role
            or not mine.accruing >= theirs.accruing
            or not self.visited <= other.visited
            or not mine.holdings.nodes >= theirs.holdings.nodes
        ):
            return False
        later = theirs.time - mine.time
        have = mine.holdings.experience
        for kind, months in theirs.holdings.experience.items():
            if have.get(kind, 0.0) + (later if kind in mine.accruing else 0.0) < months - EPSILON:
                return False
        obtained = theirs.holdings.obtained
        for node_id, month in mine.holdings.obtained.items():
            if node_id in obtained:
                if month > obtained[node_id] + EPSILON:
                    return False
            elif node_id in theirs.holdings.nodes:
                return False  # they held it from before the pathway: no wait after it
        return True


class _Estimate:
    """Lower bounds on the key of any pathway a label can still become: the measure, then
    the tie-breaks (what they are so far: they only grow)."""

    def __init__(self, bound: Bound, target: str, plans: Plans):
        self.by = bound.by
        self.target = target
        self.bound = bound
        self.plans = plans
        self.obtainable: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self.guide: tuple[Mapping, tuple[float, float] | None] = _UNGUIDED
        backend = bound.backend
        goal = backend.node(target)
        self.target_months, self.target_cost = goal.months, goal.cost_usd
        self.groups = Floors(backend).requirements(target)  # the facts the floors read

    def guide_now(self) -> None:
        """From now on, bound by ``Bound.toward``: the moves' own times or costs still
        ahead, and the earliest the target can be had at all; a node that cannot reach the
        target is dropped. Keys already on the heap stay lower bounds, so the order stays
        exact."""
        self.guide = self.bound.toward(self.target)

    def demands(self, journey: Journey, cost: float) -> tuple[float, float]:
        """Bounds from the target's own requirements, met from ``journey`` (whose pathway
        has cost ``cost`` so far): each group needs one alternative. In months: the earliest
        they can be met, plus the target's own months; experience accrues at most a month a
        month, a credential not held takes its own months and the wait after it. In
        dollars: what is paid so far, the target's own cost, and the dearest group's
        cheapest alternative not held."""
        holdings = journey.holdings
        if self.target in holdings.nodes:
            return -math.inf, -math.inf
        months_needed = cost_needed = 0.0
        for alternatives in self.groups:
            least_months = least_cost = math.inf
            for source, months, _, accrues, own_months, own_cost, _ in alternatives:
                if accrues:
                    least_months = min(least_months, max(0.0, months - holdings.months(source)))
                    least_cost = 0.0
                elif source in holdings.nodes:
                    least_months = least_cost = 0.0
                else:
                    least_months = min(least_months, own_months + months)
                    least_cost = min(least_cost, own_cost)
            months_needed = max(months_needed, least_months)
            cost_needed = max(cost_needed, least_cost)
        return journey.time + months_needed + self.target_months, cost + cost_needed + self.target_cost

    def after(
        self, journey: Journey, node: str, arrival: float, demands: tuple[float, float]
    ) -> tuple[float, float]:
        """``demands`` (the bounds from ``journey``) for a pathway whose next move goes into
        ``node`` and ends at ``arrival`` at the earliest. During that move an experience
        grows only if the journey is accruing it or the move's plan can gain it (a kind its
        target's requirements name, or counts as); if neither, the move ends with it
        still lacking what it lacks now. A credential the plan cannot obtain (not among
        its target's requirements) is obtained after the move, and ``node`` itself when
        the move ends. Only the months sharpen: what must be paid is the same."""
        holdings = journey.holdings
        delay = arrival - journey.time
        if delay <= 0 or self.target in holdings.nodes:
            return demands
        reads, gains = self._obtainable(node)
        months_needed = 0.0
        for alternatives in self.groups:
            least = math.inf
            for source, months, _, accrues, own_months, _, _ in alternatives:
                if accrues:
                    missing = max(0.0, months - holdings.months(source))
                    if missing > 0 and source not in journey.accruing and source not in gains:
                        missing += delay
                    least = min(least, missing)
                elif source in holdings.nodes:
                    least = 0.0
                elif source == node:
                    least = min(least, delay + months)
                else:
                    least = min(least, own_months + months + (0.0 if source in reads else delay))
            months_needed = max(months_needed, least)
        return max(demands[0], journey.time + months_needed + self.target_months), demands[1]

    def _obtainable(self, node: str) -> tuple[frozenset[str], frozenset[str]]:
        """What a move into ``node`` can obtain on the way (its requirements, transitively)
        and the experience kinds its plan can gain (those requirements that accrue, and
        what they count as). Kept once worked out."""
        found = self.obtainable.get(node)
        if found is None:
            backend = self.bound.backend
            reads = self.plans.closure(backend, node)
            gains = {
                kind
                for source in reads
                if source != node and backend.node(source).accrues
                for kind in counts_as_closure(backend, source)
            }
            found = self.obtainable[node] = (reads, frozenset(gains))
        return found

    def key(
        self, node: str, time: float, cost: float, hops: int, demands: tuple[float, float]
    ) -> tuple[float, float, int] | None:
        """The bound on the key of a label at ``node`` (or of a move into it) at month
        ``time`` having paid ``cost`` so far; None when the target cannot be reached."""
        if self.guide is _UNGUIDED:  # ``_ahead`` with nothing known of the way ahead
            arrived = node == self.target
            if self.by == "months":
                return (time if arrived else max(time, demands[0]), cost, hops)
            return (cost if arrived else max(cost, demands[1]), time, hops)
        if self.by == "months":
            months = _ahead(self.guide, node, time, demands[0], node == self.target)
            return None if months is None else (months, cost, hops)
        dollars = _ahead(self.guide, node, cost, demands[1], node == self.target)
        return None if dollars is None else (dollars, time, hops)


def _ahead(guide, node: str, value: float, demand: float, arrived: bool) -> float | None:
    estimates, unknown = guide
    ahead = estimates.get(node, unknown)
    if ahead is None:
        return None
    if arrived:
        return value
    h, late = ahead
    return max(value + h, late, demand)


@dataclass(frozen=True)
class Corridor:
    """The pathways of at most ``most`` moves. A move into ``node`` as a pathway's
    ``hops``-th is in it when ``hops`` and the least moves left from ``node`` (``left``:
    ``Bound.toward`` by hops, exact near the target and a lower bound beyond) come to at
    most ``most``; a pathway of more moves fails that at some move, at the latest its last.

    ``expected`` says which moves of a journey the corridor holds no pathway through: a
    journey that lacks the experience the target's employers expect, and does not accrue
    it, must enter a node that starts it accruing (or gains it) while the moves left still
    reach the target (queries/expected.py). The search pushes no such move, once every
    pathway through the label is above the least bound left out (``_Search.outside``)."""

    left: Mapping[str, tuple[float, float]]  # the hops ball (``Backend.ball``)
    most: float
    expected: Expected

    @classmethod
    def around(cls, fewest: Bound, source: str, target: str) -> Corridor | None:
        """The pathways at most CORRIDOR_SLACK moves longer than the fewest (``fewest`` is a
        Bound by hops); None when no walk leads from ``source`` to ``target`` at all."""
        least = fewest_moves(fewest, source, target)
        if least is None:
            return None
        left, _ = fewest.toward(target)
        most = least + CORRIDOR_SLACK
        # A move as a pathway's hops-th leaves ``most - hops`` moves after it. The first
        # moves are not asked about (a handful a query, where the walk's deepest level
        # was three quarters of its time): the second ones leave ``most - 2``.
        return cls(left, most, Expected(fewest.backend, target, left, most - 2))

    def moves(self, node: str, most: float, far: bool) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """The moves a pathway may make out of ``node`` (each a target and its edge's
        position, as ``Bound.walkable``): those into a node with at most ``most`` moves left
        (``left``: a lower bound beyond the hops ball), and with ``far`` (else none) those
        the corridor leaves out whose target still leads on to the target, in more moves.
        A move as a pathway's ``hops``-th is in the corridor when its target has at most
        ``self.most - hops`` moves left. The ball picks them (over arrays on a large graph:
        a label's moves are walked by the tens of thousands a query, most of them left
        out)."""
        return self.left.moves(node, most, far)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Searched:
    """What a journey search answers: the best pathways it found, best first; whether they
    are proven the k best of all pathways; when not, ``floor``, a proven lower bound on the
    measure of every pathway it did not find; and whether it searched all it was asked to
    (``whole``; False: it stopped after MAX_LABELS)."""

    found: list[Ranked]
    proven: bool
    floor: float
    whole: bool


def best_journeys(
    bound: Bound,
    start: Journey,
    source: str,
    target: str,
    k: int,
    plans: Plans | None = None,
    corridor: Corridor | None = None,
) -> Searched:
    """The k best pathways from ``source`` to ``target`` by ``bound.by`` ("months" or
    "cost"), priced from ``start``; within ``corridor`` if one is given (see the module's
    docstring)."""
    search = _Search(bound, start, source, target, k, Plans() if plans is None else plans)
    return search.answer(whole=search.run(MAX_LABELS, corridor))


class _Search:
    """The state of one journey search: its heap, the least bound of the moves a corridor
    left out, the labels kept at each node, the pathways found."""

    def __init__(self, bound: Bound, start: Journey, source: str, target: str, k: int, plans: Plans):
        self.bound, self.source, self.target, self.k, self.plans = bound, source, target, k, plans
        self.estimate = _Estimate(bound, target, plans)
        self.floors = Floors(bound.backend)
        self.counter = itertools.count(0, -1)  # among equal keys the newest first: deeper labels
        root = _Label(source, start, 0.0, (), frozenset((source,)))
        first = self.estimate.key(source, 0.0, 0.0, 0, self.estimate.demands(start, 0.0))
        # heap items: (bound on the key, order, label or None, the move not yet priced: see _expand)
        self.heap: list = [] if first is None else [(first, next(self.counter), root, None)]
        self.outside: tuple | None = None  # the least bound of a move a corridor left out
        self.kept: dict[str, _Kept] = {}
        self.found: list[Ranked] = []
        self.pops = 0

    def _none_better(self, least: tuple | None) -> bool:
        """Whether nothing bounded by the key ``least`` (None: nothing at all) can enter the
        k best found."""
        k, found = self.k, self.found
        return least is None or (len(found) >= k and least >= found[k - 1].key)

    def run(self, limit: int, corridor: Corridor | None) -> bool:
        """Take labels off the heap until it is settled (True) or ``limit`` pops (False)."""
        bound, estimate, heap, by = self.bound, self.estimate, self.heap, self.bound.by
        k, found = self.k, self.found
        # Until nothing left on the heap can enter the k best found (``_none_better``,
        # inlined: it is asked before every pop).
        while heap and not (len(found) >= k and heap[0][0] >= found[k - 1].key):
            if self.pops >= limit:
                return False
            popped, _, label, pending = heapq.heappop(heap)
            if label is None:
                parent, edge, arrival, paid, demands, fresh = pending
                if fresh and by == "months":
                    # The move's ``b`` (not within a corridor: see the module's docstring)
                    # and the target's requirements after it, asked for only now: a later
                    # bound goes back on the heap.
                    if corridor is None:
                        arrival = max(arrival, bound.b(edge))
                    demands = estimate.after(parent.journey, edge.target, arrival, demands)
                    key = estimate.key(edge.target, arrival, paid, len(parent.moves) + 1, demands)
                    if key is not None and corridor is not None:
                        within = corridor.most - len(parent.moves) - 1
                        key = self._expected(parent.journey, edge.target, within, arrival, key, corridor)
                    if key is None:
                        continue
                    if key > popped:
                        move = (parent, edge, arrival, paid, demands, False)
                        heapq.heappush(heap, (key, next(self.counter), None, move))
                        continue
            self.pops += 1
            if self.pops == GUIDE_AFTER and corridor is None and bound.holds_all(self.target):
                estimate.guide_now()
            if label is None:
                self._keep(_priced(bound.backend, by, parent, edge, self.plans))
            elif label.node == self.target:
                self.found.append(Ranked(label.key(by), [m.edge for m in label.moves], list(label.moves)))
            else:
                self._expand(label, corridor)
        return True

    def _expected(
        self, journey: Journey, node: str, within: float, entering: float, key: tuple, corridor: Corridor
    ) -> tuple | None:
        """``key``, the bound of a move from ``journey`` into ``node`` that ends at ``entering``
        at the earliest, or a later one from the experience the target's employers expect
        that the journey neither has nor accrues: not before the month
        ``Expected.earliest`` gives, with ``within`` moves left after ``node``, and the
        target's own months (None: no pathway of the corridor through it has it). Asked
        only where every pathway through the move is at least the least bound left out
        (``outside``), so those outside the corridor are bounded already, and with at most
        EXPECTED_WITHIN moves left."""
        if within > EXPECTED_WITHIN or node == self.target or self.outside is None or key < self.outside:
            return key
        expected = corridor.expected
        unmet = expected.unmet(journey)
        if not unmet:
            return key
        floors, months = self.floors, self.estimate.target_months
        month = months + expected.earliest(
            journey,
            node,
            within,
            unmet,
            lambda source: floors.earliest_end(journey, source),
            entering,
            key[0] - months,
        )
        if month == math.inf:
            return None
        return key if month <= key[0] else (month, *key[1:])

    def _keep(self, label: _Label | None) -> None:
        """Push a label just priced, unless k kept at its node dominate it."""
        if label is None:
            return
        time, cost, hops = label.journey.time, label.cost, len(label.moves)
        key = self.estimate.key(label.node, time, cost, hops, self.estimate.demands(label.journey, cost))
        at = self.kept.get(label.node)
        if at is None:
            at = self.kept[label.node] = _Kept(self.source, label.node)
        if key is None or at.dominated(label, self.k):
            return
        at.add(label)
        heapq.heappush(self.heap, (key, next(self.counter), label, None))

    def _expand(self, label: _Label, corridor: Corridor | None) -> None:
        """Push the moves out of ``label``, each with its own bound (priced when it is
        popped); of those ``corridor`` leaves out, only the least bound is kept."""
        bound, estimate = self.bound, self.estimate
        journey, cost, hops = label.journey, label.cost, len(label.moves) + 1
        demands = estimate.demands(journey, cost)
        most = math.inf if corridor is None else corridor.most - hops
        # Every move left out is bounded by at least this, whatever its own time: if the
        # least bound kept is no greater, none of this label's moves can lower it.
        floor = estimate.key(label.node, journey.time, cost, hops, demands)
        lowers = floor is not None and (self.outside is None or floor < self.outside)
        node, out_edge, visited = label.node, bound.backend.out_edge, label.visited
        unmet: list[int] = []
        if corridor is None:
            moves = bound.walkable(node)  # an edge is built only when taken
        else:
            moves, left_out = corridor.moves(node, most, far=lowers)
            if lowers:  # not pushed: every pathway through them is at least this late and dear
                for target, position in left_out:
                    if target not in visited:
                        self._leave_out(journey, cost, hops, demands, out_edge(node, position))
            else:  # every pathway through a move is above ``outside`` already
                unmet = corridor.expected.unmet(journey)
        for target, position in moves:
            if target not in visited:
                if unmet and not corridor.expected.leads(target, most, unmet):  # type: ignore[union-attr]
                    continue  # the corridor holds no pathway through it: see ``Corridor``
                self._push(label, out_edge(node, position), hops, demands)

    def _leave_out(self, journey: Journey, cost: float, hops: int, demands: tuple, edge: Edge) -> None:
        """Keep the bound of a move the corridor leaves out, if it is the least yet: by
        months its floor and what the target requires seen from after it, as for a move
        popped (on 12 pairs of a 1M-edge graph this raised 7 of the answers' lower bounds,
        61 → 90 months the most)."""
        if self.bound.by == "months":
            time, paid = self.floors.end(journey, edge), cost  # it waits out ``a`` (``_push``)
            if time == math.inf:
                return  # the move cannot be made: no pathway through it
            demands = self.estimate.after(journey, edge.target, time, demands)
        else:
            time, paid = journey.time, cost + self.bound.a(edge)
        key = self.estimate.key(edge.target, time, paid, hops, demands)
        if key is not None and (self.outside is None or key < self.outside):
            self.outside = key

    def _push(self, label: _Label, edge: Edge, hops: int, demands: tuple) -> None:
        """Push the move along ``edge`` out of ``label`` with its own bounds: its floors
        from this journey, and ``b`` if known (sharper bounds when it is popped: ``run``)."""
        bound, journey, cost = self.bound, label.journey, label.cost
        end = self.floors.end(journey, edge)
        if end == math.inf:
            return  # employers expect experience this journey neither has nor accrues
        paid = cost + self.floors.cost(journey, edge)
        if bound.by == "months":
            # ``end`` already waits out the move's own time ``a`` (its target's months, and
            # the tenure of a role the pathway entered), so only ``b`` can add to it.
            b = bound.b_known(edge)
            arrival = end if b is None else max(end, b)
            key = self.estimate.key(edge.target, arrival, paid, hops, demands)
        else:
            arrival = end
            key = self.estimate.key(edge.target, end, max(cost + bound.a(edge), paid), hops, demands)
        if key is not None:  # the move, with the arrival and demands its key used
            move = (label, edge, arrival, paid, demands, True)
            heapq.heappush(self.heap, (key, next(self.counter), None, move))

    def answer(self, whole: bool) -> Searched:
        """What the search found; proven when nothing left on the heap or left out by a
        corridor could enter the k best; else the least key of those bounds the rest."""
        bounds = [item[0] for item in self.heap[:1]]
        if self.outside is not None:
            bounds.append(self.outside)
        least = min(bounds, default=None)
        if whole and self._none_better(least):
            return Searched(self.found, True, math.inf, True)
        return Searched(self.found, False, math.inf if least is None else least[0], whole)


def _priced(backend: Backend, by: str, parent: _Label, edge: Edge, plans: Plans) -> _Label | None:
    result = move(backend, parent.journey, edge, by, plans)
    if result is None:
        return None
    priced, journey = result
    return _Label(
        edge.target,
        journey,
        parent.cost + priced.cost_usd,
        (*parent.moves, priced),
        parent.visited | {edge.target},
    )


class _Kept:
    """The labels kept at one node. A label that dominates another visited nothing the
    other did not, so it is kept under a subset of the other's visited nodes: where the
    subsets of a pathway's interior are fewer than the labels kept (plateaus of equal
    bounds keep thousands at one node), only the labels under them are compared; else
    every kept label is."""

    def __init__(self, source: str, node: str):
        self.ends = (source, node)  # visited by every pathway that ends here
        self.labels: list[_Label] = []
        self.by_visited: dict[frozenset[str], list[_Label]] = {}

    def add(self, label: _Label) -> None:
        self.labels.append(label)
        self.by_visited.setdefault(label.visited, []).append(label)

    def dominated(self, label: _Label, k: int) -> bool:
        """Whether k kept labels dominate ``label``."""
        interior = label.visited.difference(self.ends)
        if 2 ** len(interior) >= len(self.labels):
            return _dominators(label, self.labels, k) >= k
        count = 0
        for size in range(len(interior) + 1):
            for subset in itertools.combinations(interior, size):
                others = self.by_visited.get(frozenset((*self.ends, *subset)))
                if others is not None:
                    count += _dominators(label, others, k - count)
                    if count >= k:
                        return True
        return False


def _dominators(label: _Label, others: list[_Label], limit: int) -> int:
    """How many of ``others`` dominate ``label``, counted up to ``limit``."""
    found = 0
    visited, holds = label.visited, label.journey.holdings.nodes
    for other in others:
        # Most fail on what they visited or hold: two set comparisons, before the rest.
        if not other.visited <= visited or not other.journey.holdings.nodes >= holds:
            continue
        if other.dominates(label):
            found += 1
            if found >= limit:
                break
    return found
