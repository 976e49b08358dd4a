"""The k best pathways under an exact price that is not a sum of edge weights.

A pathway's exact price (queries/moves.py) depends on everything gained before each
move, so no edge has a fixed weight. What does hold is a lower bound of the form

    arrival(v) >= max(arrival(u) + a(u, v), b(u, v))

for a move ``u → v``: ``a`` is the time the move itself must take (waiting after ``u``,
``v``'s own course or exam), and ``b`` the earliest ``v`` can be had at all from the
person's holdings (every requirement met as early as possible, experience accruing
from month 0). Such arrival functions are monotone and never arrive before they
leave, so Dijkstra is exact for them and Yen's algorithm lists simple paths in
non-decreasing order of the bound. Candidates are priced exactly as they come; once
the next candidate's bound is no better than the k-th exact price found, no pathway
left can enter the k best, and the answer is exact. The search stops after
MAX_CANDIDATES, or once its searches have taken MAX_WORK nodes, and then says it may
not be exact.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE, Edge, group_key
from careergraph.queries.holdings import Holdings, counting_as, expected_experience

MAX_CANDIDATES = 400
# Nodes Yen's spur searches may take off their heaps in one query, all searches together:
# on a large graph a plateau of equal bounds can hold most of it, and 400 candidates of
# ten spur searches each would take hours. Past it the search answers the best found and
# says it may not be exact, as past MAX_CANDIDATES. (Counted, not timed: the same answer
# on every machine.)
MAX_WORK = 500_000
GUIDE_AFTER = 20_000  # heap pops before the searches are guided by ``Bound.toward``
HOPS_BALL = 2_000  # nodes around the target whose moves left are counted exactly, by hops
GUIDE_BALL = 5_000  # by months or cost: nodes nearest the target the guide works out one by one
_OUTSIDE = "\0outside"  # in the guide's second pass: every node beyond its ball, as one
_NO_ESTIMATE = (0.0, -math.inf)  # unguided: nothing known about the way to the target
TIE_SWEEP = 100  # candidates tying the proven measure still priced, for the tie-breaks
INFINITY = math.inf


@dataclass(frozen=True)
class Bound:
    """Lower-bound arrival functions for one query: by, holdings, allowed edges."""

    backend: Backend
    by: str
    holdings: Holdings
    edge_types: tuple[str, ...]
    avoid: frozenset[str]

    accruing: frozenset[str] = frozenset()  # what FROM accrues: its tenure and counts_as

    def __post_init__(self) -> None:
        object.__setattr__(self, "_earliest", {})
        object.__setattr__(self, "_requirable", {})
        object.__setattr__(self, "_entry", {})
        object.__setattr__(self, "_giving", {})
        object.__setattr__(self, "_out", {})
        object.__setattr__(self, "_toward", {})
        object.__setattr__(self, "_holds", {})
        object.__setattr__(self, "_nearest", {})
        object.__setattr__(self, "_b", {})
        object.__setattr__(self, "_entered", {})
        object.__setattr__(self, "_walkable_out", {})
        object.__setattr__(self, "work", [0])  # nodes the searches took off their heaps
        object.__setattr__(self, "_twin", None)

    @property
    def spent(self) -> bool:
        """Whether the searches have used up MAX_WORK."""
        return self.work[0] >= MAX_WORK  # type: ignore[attr-defined]

    def toward(self, target: str) -> tuple[Mapping[str, tuple[float, float]], tuple[float, float] | None]:
        """For every node that can reach ``target``, ``(h, late)``: at least ``h`` more months
        to arrive from it (the sum of the moves' own times ``a``), and no arrival before
        ``late`` (each later move's ``b`` plus the times after it). Arriving from ``v`` left
        at ``t`` then takes at least ``max(t + h, late)``, and that estimate never decreases
        along a move (``h(u) <= a + h(v)``, ``late(u) <= max(b + h(v), late(v))``), so an A*
        search guided by it returns the same least bound as Dijkstra, visiting only nodes
        that can still reach the target, nearest first. Worked out once a target.

        Also returns the estimate of a node the guide does not hold: None when the guide
        holds every node that can reach the target (the others cannot), else a bound of
        its own (``_hops_ball``, ``_backward``)."""
        memo: dict = self._toward  # type: ignore[attr-defined]
        if target not in memo:
            memo[target] = self._hops_ball(target) if self.by == "hops" else self._backward(target)
        return memo[target]

    def by_hops(self) -> Bound:
        """This query's bound by hops (the same holdings, edges and nodes avoided), made
        once: its guide, the hops ball, is shared by everything that asks."""
        if self.by == "hops":
            return self  # (not kept: a bound holding itself would be a reference cycle)
        twin = self._twin  # type: ignore[attr-defined]
        if twin is None:
            twin = Bound(self.backend, "hops", self.holdings, self.edge_types, self.avoid, self.accruing)
            object.__setattr__(self, "_twin", twin)
        return twin

    def holds_all(self, target: str) -> bool:
        """Whether ``toward(target)`` by months or cost holds every node that can reach the
        target (at most GUIDE_BALL of them), so that it bounds each on its own, not by the
        ball's radius. The hops ball (``by_hops``) answers when it holds every node that
        can reach the target, or more than GUIDE_BALL; else a breadth-first count
        backwards, stopped past GUIDE_BALL nodes. Once a target."""
        memo: dict[str, bool] = self._holds  # type: ignore[attr-defined]
        if target not in memo:
            ball, beyond = self.by_hops().toward(target)
            if beyond is None or len(ball) > GUIDE_BALL:
                memo[target] = len(ball) <= GUIDE_BALL
            else:
                memo[target] = self._count_reaching(target) <= GUIDE_BALL
        return memo[target]

    def _count_reaching(self, target: str) -> int:
        """The nodes that can reach ``target`` along walkable edges: all of them, or more
        than GUIDE_BALL (whole rings, ``Backend.in_rings``)."""
        rings, _ = self.backend.in_rings(target, self.edge_types, self.avoid, GUIDE_BALL)
        return sum(map(len, rings))

    def _hops_ball(self, target: str) -> tuple[Mapping[str, tuple[float, float]], tuple[float, float] | None]:
        """By hops: the moves left to the target, by a breadth-first search backwards that
        stops with the first whole ring past HOPS_BALL nodes. Inside that radius ``r`` the
        count is exact; outside, a node is at least ``r + 1`` moves away. That estimate
        never drops by more than one along a move (a node one move from the ball is at
        most ``r + 1`` away), so A* stays exact; and from FROM it searches only a ball of
        its own, of the radius the target's ball leaves: the two meet in the middle, as a
        bidirectional search does, however large the graph. The ball is
        ``Backend.ball``'s: over arrays on a large graph (graph/rings.py), which also pick
        the moves out of a node into it (``Corridor``, queries/journeys.py)."""
        ball = self.backend.ball(target, self.edge_types, self.avoid, HOPS_BALL)
        return ball, ball.beyond  # type: ignore[attr-defined]  # a Ball or DictBall

    def _backward(self, target: str) -> tuple[Mapping[str, tuple[float, float]], tuple[float, float] | None]:
        """By months or cost: Dijkstra backwards on the moves' own times ``a`` from the
        target, stopping once GUIDE_BALL nodes are settled (a large graph's every node can
        reach the target; a query needs the part near it). Every node outside that ball is
        at least ``radius`` away, the ``h`` at which it stopped. ``late`` then comes from a
        second pass backwards over the ball, where everything outside is one node: entered
        from the ball along an edge at ``b`` plus the radius at least, and leaving into the
        ball no earlier than the least of its entering edges. Both stay lower bounds that
        never decrease along a move (see ``toward``)."""
        into: dict[str, list[tuple[Edge, float, float]]] = {}
        shortest = {target: 0.0}
        heap = [(0.0, target)]
        radius = None
        while heap:  # Dijkstra backwards on the moves' own times a
            h, node = heapq.heappop(heap)
            if h > shortest[node]:
                continue
            if len(into) >= GUIDE_BALL:
                radius = h  # nothing left unsettled is nearer
                break
            edges = into[node] = [
                (e, *self._constants(e)) for e in self.backend.in_edges(node) if self._walkable(e)
            ]
            for edge, a, _ in edges:
                if h + a < shortest.get(edge.source, INFINITY):
                    shortest[edge.source] = h + a
                    heapq.heappush(heap, (h + a, edge.source))
        late = self._late(target, into, shortest, radius)
        outside = late.pop(_OUTSIDE, INFINITY)
        # A node without ``late`` reaches the target only through moves that can never be
        # made (b infinite): it is as good as unable to reach it.
        guide = {node: (shortest[node], late[node]) for node in into if node in late}
        return guide, (None if radius is None or outside == INFINITY else (radius, outside))

    def _late(self, target: str, into: dict, shortest: dict[str, float], radius: float | None) -> dict:
        """Backwards on ``late``, which only grows along a pathway, over the settled ball;
        with a radius, the nodes outside it as the one node _OUTSIDE."""
        leaving = {} if radius is None else self._leaving(into)
        late = {target: -INFINITY}
        heap = [(-INFINITY, target)]
        while heap:
            value, node = heapq.heappop(heap)
            if value > late[node]:
                continue
            if node == _OUTSIDE:
                followers = [
                    (u, max(self._least_b(edges) + radius, value))  # type: ignore[operator]
                    for u, edges in leaving.items()
                    if max(edges[0][0] + radius, value) < late.get(u, INFINITY)  # type: ignore[operator]
                ]
            else:
                followers = [
                    (e.source if e.source in into else _OUTSIDE, max(b + shortest[node], value))
                    for e, _, b in into[node]
                ]
            for source, candidate in followers:
                if candidate < late.get(source, INFINITY):
                    late[source] = candidate
                    heapq.heappush(heap, (candidate, source))
        return late

    def _leaving(self, into: dict) -> dict[str, list[tuple[float, Edge]]]:
        """Each ball node's edges out of the ball, with a cheap floor under each one's ``b``
        (the earliest its target can be had at all), least first. Only the least ``b`` of a
        node's edges counts, and working ``b`` out means the entry bound of a role outside
        the ball: ``_least_b`` works out as few as that takes."""
        leaving = {}
        for u in into:
            edges = [
                (self._floor_b(e), e)
                for e in self.backend.out_edges(u)
                if self._walkable(e) and e.target not in into
            ]
            if edges:
                edges.sort(key=lambda pair: pair[0])
                leaving[u] = edges
        return leaving

    def _floor_b(self, edge: Edge) -> float:
        """At most the edge's ``b`` (see ``b``: every ``b`` by months is at least
        the earliest its target can be had at all, and by hops or cost it is 0)."""
        if self.by != "months" or edge.target in self.holdings.nodes:
            return 0.0
        return self.earliest(edge.target)

    def _least_b(self, edges: list[tuple[float, Edge]]) -> float:
        """The least ``b`` of edges sorted by their floors: once a floor is no less than the
        least ``b`` found, no later edge can beat it."""
        least = INFINITY
        for floor, edge in edges:
            if floor >= least:
                break
            least = min(least, self.b(edge))
        return least

    def out_edges(self, node_id: str) -> list[tuple[Edge, float, float]]:
        """The edges a pathway may walk out of a node, each with its bound's constants
        ``a`` and ``b``: arriving takes ``max(leave + a, b)``. Worked out once a query."""
        cache: dict = self._out  # type: ignore[attr-defined]
        found = cache.get(node_id)
        if found is None:
            edges = [self.backend.out_edge(node_id, position) for _, position in self.walkable(node_id)]
            found = cache[node_id] = [(e, self.a(e), self.b(e)) for e in edges]
        return found

    def walkable(self, node_id: str) -> list[tuple[str, int]]:
        """The moves a pathway may make out of a node: each one's target and the position
        of its edge among the node's edges out (``Backend.out_edge`` builds it), read
        without building the edges. Worked out once a query."""
        cache: dict = self._walkable_out  # type: ignore[attr-defined]
        found = cache.get(node_id)
        if found is None:
            # ``_walkable`` on (target, type) pairs, inlined: a call per edge here cost 4%
            # more Python calls on a 1M-edge search.
            types, avoid = self.edge_types, self.avoid
            found = cache[node_id] = [
                (target, position)
                for position, (target, edge_type) in enumerate(self.backend.out_neighbours(node_id))
                if edge_type in types and target not in avoid
            ]
        return found

    def nearest_first(self, node_id: str, target: str) -> list[tuple[Edge, float]]:
        """By hops: the moves a pathway may make out of a node toward ``target``, each with
        the moves its target has left at least (``toward``), least first; moves into nodes
        that cannot reach the target left out. Worked out once a node and target."""
        memo: dict[tuple[str, str], list[tuple[Edge, float]]] = self._nearest  # type: ignore[attr-defined]
        found = memo.get((node_id, target))
        if found is None:
            ball, _ = self.toward(target)  # by hops: the ball reads its moves left at once
            lefts = ball.lefts(node_id)  # type: ignore[attr-defined]
            found = [
                (edge, ahead)
                for edge, ahead in zip(self.backend.out_edges(node_id), lefts, strict=True)
                if ahead < INFINITY and self._walkable(edge)
            ]
            found.sort(key=lambda pair: pair[1])
            memo[(node_id, target)] = found
        return found

    def _walkable(self, edge: Edge) -> bool:
        """Whether a pathway of this query may walk ``edge``: of a type it allows, into a
        node it does not avoid."""
        return edge.type in self.edge_types and edge.target not in self.avoid

    def arrive(self, edge: Edge, leave: float) -> float:
        """The least arrival at ``edge.target`` when leaving ``edge.source`` at ``leave``."""
        a, b = self._constants(edge)
        return max(leave + a, b)

    def _constants(self, edge: Edge) -> tuple[float, float]:
        return self.a(edge), self.b(edge)

    def a(self, edge: Edge) -> float:
        """The bound's ``a`` for a move along ``edge``: the months (by cost: the dollars; by
        hops: the one move) the move itself takes at least, whenever it starts."""
        if self.by == "hops":
            return 1.0
        held = edge.target in self.holdings.nodes
        if self.by == "cost":
            # A node a move's plan can obtain may have been paid for earlier: free then.
            free = held or self.requirable(edge.target)
            return 0.0 if free else self.backend.node(edge.target).cost_usd + edge.cost_usd
        # Held, or gained earlier on the pathway as something a move needed: free.
        if held or self.requirable(edge.target):
            return 0.0
        own = self.backend.node(edge.target).months
        if self._entered_role(edge.source):
            # A role the pathway entered: its tenure starts when the pathway enters it.
            return edge.months + own
        return own

    def b(self, edge: Edge) -> float:
        """The bound's ``b`` for a move along ``edge``: the earliest it can arrive at all (0
        by hops or cost). It reads the target's requirements, transitively: kept once
        worked out, and the journey search works it out only for the moves it reaches."""
        found = self.b_known(edge)
        if found is None:
            found = self._b[(edge.source, edge.target)] = self._arrival_floor(edge)  # type: ignore[attr-defined]
        return found

    def b_known(self, edge: Edge) -> float | None:
        """``b(edge)`` if it is already worked out (or needs no work), else None."""
        if self.by != "months" or edge.target in self.holdings.nodes:
            return 0.0
        return self._b.get((edge.source, edge.target))  # type: ignore[attr-defined]

    def _arrival_floor(self, edge: Edge) -> float:
        at_all = max(self.earliest(edge.target), self.entry(edge.target))
        if self.requirable(edge.target) or self._entered_role(edge.source):
            # Gained earlier on the pathway, it was had no earlier than it can be at all;
            # a role's tenure starts with the pathway (``a``).
            return at_all
        source = self.backend.node(edge.source)
        own = self.backend.node(edge.target).months
        if source.accrues:
            # Its months may have accrued before the pathway walked into it: held, obtained
            # by a move's plan, or counted from another kind, from month 0 at the earliest.
            return max(edge.months - self.holdings.months(edge.source) + own, at_all)
        if edge.source in self.holdings.nodes:
            return at_all  # held since before the pathway: any wait after it is over
        # The source was obtained no earlier than it can be at all, perhaps before the
        # pathway entered it.
        return max(self.earliest(edge.source) + edge.months + own, at_all)

    def _entered_role(self, node_id: str) -> bool:
        """Whether a node is a role not held whose months only the pathway entering it gives
        (``_only_entered``). Kept once worked out."""
        memo: dict[str, bool] = self._entered  # type: ignore[attr-defined]
        found = memo.get(node_id)
        if found is None:
            found = memo[node_id] = (
                self.backend.node(node_id).kind == "Role"
                and node_id not in self.holdings.nodes
                and self._only_entered(node_id)
            )
        return found

    def entry(self, node_id: str) -> float:
        """The earliest a pathway can enter a role: what its employers expect must be
        accrued in roles on the pathway (or held), and those roles entered first."""
        memo: dict[str, float] = self._entry  # type: ignore[attr-defined]
        if node_id not in memo:
            self._entries(node_id)
        return memo[node_id]

    def _entries(self, root: str, rounds: int = 12) -> None:
        """The entry bound of ``root`` and of every role it depends on: the roles that give
        a kind of experience one of them expects, transitively (a handful, however large
        the graph). Each is raised round by round from the plan relaxation: a kind starts
        accruing no earlier than the first role (or experience walked into) giving it can
        be entered. Every round keeps a valid bound, so stopping after ``rounds`` is safe."""
        memo: dict[str, float] = self._entry  # type: ignore[attr-defined]
        demands: dict[str, list[list[tuple[str, float]]]] = {}
        seen, todo = {root}, [root]
        while todo:  # a role worked out before keeps its bound: it is final
            expected = self._expected(todo.pop())
            if expected is None:
                continue
            demands[expected[0]] = expected[1]
            for alternatives in expected[1]:
                for kind, _ in alternatives:
                    for giver in self._givers(kind):
                        if giver not in seen and giver not in memo:
                            seen.add(giver)
                            todo.append(giver)
        bound = {role: self.earliest(role) for role in demands}

        settled: dict[str, float] = {}  # by kind: the least start among givers whose bound is final
        raised: dict[str, list[str]] = {}  # by kind: its givers whose bound the rounds raise

        def starts(kind: str) -> float:
            if kind in self.accruing:
                return 0.0
            if kind not in settled:
                givers = self._givers(kind)
                # A held role gives its experience again once the pathway walks back into it.
                settled[kind] = min(
                    (max(memo.get(g, 0.0), self.earliest(g)) for g in givers if g not in bound),
                    default=INFINITY,
                )
                raised[kind] = [g for g in givers if g in bound]
            return min(settled[kind], min((bound[g] for g in raised[kind]), default=INFINITY))

        for _ in range(rounds):
            changed = False
            for role, groups in demands.items():
                value = bound[role]
                for alternatives in groups:
                    value = max(
                        value, min(self._accrued_by(kind, months, starts) for kind, months in alternatives)
                    )
                if value > bound[role] + 1e-9:
                    bound[role], changed = value, True
            if not changed:
                break
        for node_id in seen:
            memo[node_id] = bound.get(node_id, 0.0)

    def _expected(self, node_id: str) -> tuple[str, list[tuple[tuple[str, float], ...]]] | None:
        """A role's employers' expectations of experience (``expected_experience``); None
        for anything else, a role held, or a role that expects none."""
        if node_id in self.holdings.nodes:
            return None
        expected = expected_experience(self.backend, node_id)
        return (node_id, expected) if expected else None

    def _givers(self, kind: str) -> list[str]:
        """The roles, and the experience walked into, whose months count as ``kind``."""
        memo: dict[str, list[str]] = self._giving  # type: ignore[attr-defined]
        if kind not in memo:
            memo[kind] = [n for n in counting_as(self.backend, kind) if self._gives(n)]
        return memo[kind]

    def _only_entered(self, role: str) -> bool:
        """Whether a role's months come only from being in it: no move's plan can obtain it
        and no other kind counts as it."""
        return not self.requirable(role) and len(counting_as(self.backend, role)) == 1

    def _gives(self, node_id: str) -> bool:
        node = self.backend.node(node_id)
        return node.kind == "Role" or bool(
            node.experience and any(e.type in self.edge_types for e in self.backend.in_edges(node_id))
        )

    def _accrued_by(self, kind: str, months: float, starts) -> float:
        missing = months - self.holdings.months(kind)
        return 0.0 if missing <= 0 else starts(kind) + missing

    def requirable(self, node_id: str) -> bool:
        """Whether a node is a requirement of another, so a move's plan can obtain it."""
        memo: dict[str, bool] = self._requirable  # type: ignore[attr-defined]
        if node_id not in memo:
            memo[node_id] = bool(self.backend.out_edges(node_id, PREREQUISITE))
        return memo[node_id]

    def earliest(self, node_id: str) -> float:
        """The earliest finish of ``node_id`` from the holdings, every requirement met as
        soon as it can be, experience accruing from month 0 (a relaxation of any pathway)."""
        memo: dict[str, float] = self._earliest  # type: ignore[attr-defined]
        stack = [node_id]
        while stack:
            current = stack[-1]
            if current in memo:
                stack.pop()
                continue
            if current in self.holdings.nodes:
                memo[current] = 0.0
                stack.pop()
                continue
            groups: dict[str, list[Edge]] = {}
            for edge in self.backend.in_edges(current, PREREQUISITE):
                groups.setdefault(group_key(edge), []).append(edge)
            missing = [e.source for edges in groups.values() for e in edges if e.source not in memo]
            if missing:
                stack.extend(missing)
                continue
            start = 0.0
            for edges in groups.values():
                start = max(start, min(self._ready(e, memo) for e in edges))
            memo[current] = start + self.backend.node(current).months
            stack.pop()
        return memo[node_id]

    def _ready(self, edge: Edge, memo: dict[str, float]) -> float:
        source = self.backend.node(edge.source)
        if source.accrues:
            return memo[edge.source] + max(0.0, edge.months - self.holdings.months(edge.source))
        if edge.source in self.holdings.nodes:
            return 0.0
        return memo[edge.source] + edge.months


def _dijkstra(
    bound: Bound, source: str, target: str, leave: float, banned_nodes: set[str], banned_edges: set
) -> tuple[float, list[Edge]] | None:
    """The least-bound path from ``source`` (left at ``leave``) to ``target``: Dijkstra, then,
    once the searches have taken GUIDE_AFTER nodes, A* guided by ``bound.toward(target)``,
    which never overestimates and never decreases along a move, so either way the first
    time the target is taken its arrival is the least."""
    if bound.by == "hops":
        return _fewest_moves(bound, source, target, leave, banned_nodes, banned_edges)
    work = bound.work  # type: ignore[attr-defined]
    # The guide costs a backward pass over everything that can reach the target: worth it
    # once the searches have shown they are many, not for a query the first ones settle.
    # By hops it is a small ball around the target (``Bound._hops_ball``): worth it at once.
    guided = bound.by == "hops" or work[0] >= GUIDE_AFTER
    guide, unknown = bound.toward(target) if guided else ({}, _NO_ESTIMATE)
    # unknown None: the guide holds every node that can reach the target
    if unknown is None and source not in guide:
        return None
    best = {source: leave}
    came: dict[str, Edge] = {}
    counter = itertools.count()
    h, late = guide.get(source, _NO_ESTIMATE)
    heap = [(max(leave + h, late), -leave, next(counter), leave, source)]
    done: set[str] = set()
    while heap:
        _, _, _, arrival, node = heapq.heappop(heap)
        if node in done:
            continue
        work[0] += 1
        if node == target:
            return arrival, _walked_back(came, source, target)
        done.add(node)
        for edge, a, b in bound.out_edges(node):
            nxt = edge.target
            ahead = guide.get(nxt, unknown)
            if ahead is None or nxt in done or nxt in banned_nodes or (node, nxt) in banned_edges:
                continue
            value = arrival + a if arrival + a > b else b
            if value < best.get(nxt, INFINITY):
                best[nxt] = value
                came[nxt] = edge
                h, late = ahead
                estimate = value + h if value + h > late else late
                heapq.heappush(heap, (estimate, -value, next(counter), value, nxt))
    return None


def _fewest_moves(
    bound: Bound, source: str, target: str, leave: float, banned_nodes: set[str], banned_edges: set
) -> tuple[float, list[Edge]] | None:
    """``_dijkstra`` by hops: the same A*, guided at once, with each node's moves made one at
    a time, nearest the target first (``Bound.nearest_first``). A move arrives one later
    than its node, so in that order its estimates never decrease: a heap entry stands for
    a node's next move, and a node with hundreds of moves (a degree that many roles ask
    for) makes only those the search reaches. Moves come off the heap in the same order of
    estimates as when all are pushed at once, so the first time the target is taken its
    count is the least."""
    work = bound.work  # type: ignore[attr-defined]
    guide, unknown = bound.toward(target)
    if unknown is None and source not in guide:
        return None
    best = {source: leave}
    came: dict[str, Edge] = {}
    counter = itertools.count()
    # heap items: (estimate, -moves so far, order, moves so far, node, index of its next
    # move or -1 for the node itself, its moves or None)
    heap = [(leave + guide.get(source, unknown)[0], -leave, next(counter), leave, source, -1, None)]  # type: ignore[index]
    done: set[str] = set()
    while heap:
        _, _, _, arrival, node, index, moves = heapq.heappop(heap)
        if index < 0:  # the node itself, first taken
            if node in done:
                continue
            work[0] += 1
            if node == target:
                return arrival, _walked_back(came, source, target)
            done.add(node)
            index = 0
            moves = bound.nearest_first(node, target)
        else:  # the node's move ``index``, now the least estimate
            edge, ahead = moves[index]
            nxt = edge.target
            value = arrival + 1
            if nxt not in done and nxt not in banned_nodes and (node, nxt) not in banned_edges:
                if value < best.get(nxt, INFINITY):
                    best[nxt] = value
                    came[nxt] = edge
                    heapq.heappush(heap, (value + ahead, -value, next(counter), value, nxt, -1, None))
            index += 1
        if index < len(moves):
            value = arrival + 1
            estimate = value + moves[index][1]
            heapq.heappush(heap, (estimate, -value, next(counter), arrival, node, index, moves))
    return None


def fewest_moves(bound: Bound, source: str, target: str) -> float | None:
    """The fewest moves from ``source`` to ``target`` (``bound`` by hops); None when no walk
    leads there."""
    found = _fewest_moves(bound, source, target, 0.0, set(), set())
    return None if found is None else found[0]


def _walked_back(came: dict[str, Edge], source: str, node: str) -> list[Edge]:
    """The path a search took from ``source`` to ``node``, from the edge it came by to each."""
    path = []
    while node != source:
        edge = came[node]
        path.append(edge)
        node = edge.source
    return path[::-1]


def bound_of(bound: Bound, edges: list[Edge], leave: float = 0.0) -> float:
    """The least arrival at the end of ``edges`` leaving their first node at ``leave``: by
    the measure, at least what a pathway walking them from there reaches (``Bound``)."""
    for edge in edges:
        leave = bound.arrive(edge, leave)
    return leave


def candidates(bound: Bound, source: str, target: str) -> Iterator[tuple[float, list[Edge]]]:
    """Simple paths from source to target in non-decreasing order of the bound (Yen)."""
    first = _dijkstra(bound, source, target, 0.0, set(), set())
    if first is None:
        return
    # For each root (a prefix of an accepted path, as (source, target) pairs): the edges
    # the accepted paths sharing it take next, which a spur search from it may not.
    taken: dict[tuple, set[tuple[str, str]]] = {}
    heap: list = []
    counter = itertools.count()
    seen: set[tuple] = set()
    current, deviates = first, 0
    while True:
        value, path = current
        roots = [()]
        for e in path:
            roots.append((*roots[-1], (e.source, e.target)))
        for i, e in enumerate(path):
            taken.setdefault(roots[i], set()).add((e.source, e.target))
        yield value, path
        nodes = [source] + [e.target for e in path]
        leave = 0.0
        for i in range(len(path)):
            # Lawler: a root shorter than where this path left the one it was found from
            # bans nothing new (this path's edge after it was its parent's), so its spur
            # search was made when the last edge it bans was taken.
            if i >= deviates:
                if bound.spent:
                    return
                spur = _dijkstra(bound, nodes[i], target, leave, set(nodes[:i]), taken[roots[i]])
                if spur is not None:
                    whole = path[:i] + spur[1]
                    key = tuple((e.source, e.target) for e in whole)
                    if key not in seen:
                        seen.add(key)
                        heapq.heappush(heap, (spur[0], next(counter), whole, i))
            leave = bound.arrive(path[i], leave)
        if not heap:
            return
        value, _, path, deviates = heapq.heappop(heap)
        current = (value, path)


@dataclass(frozen=True)
class Ranked:
    """A priced candidate: its exact key (the measure, then the tie-breaks) and what pricing returned."""

    key: tuple[float, ...]
    edges: list[Edge]
    priced: object


def k_best(
    bound: Bound,
    source: str,
    target: str,
    k: int,
    price: Callable[[list[Edge], float], tuple[tuple[float, ...], object] | None],
    stream: Iterator[tuple[float, list[Edge]]] | None = None,
    ordered: bool = True,
    limit: int | None = None,
) -> tuple[list[Ranked], bool]:
    """The k best candidates by exact price, and whether that is proven exact.

    ``price`` returns ((measure, tie-breaks...), payload) or None for a pathway that cannot
    be walked; its second argument is the k-th best measure found so far (infinite until
    k are found): it may return None for a pathway it can show ends above it. ``stream``
    gives candidates (default: Yen by the bound); ``ordered`` says whether it comes in
    non-decreasing order of a valid bound, which is what lets the search stop early with a
    proof. ``limit``: candidates priced at most (default
    MAX_CANDIDATES)."""
    limit = MAX_CANDIDATES if limit is None else limit
    found: list[Ranked] = []
    stream = stream if stream is not None else candidates(bound, source, target)
    sweep = None  # once the measure is proven: how many tying candidates may still be priced
    for count, (lower, edges) in enumerate(stream):
        if ordered and len(found) >= k and lower >= found[k - 1].key[0] - 1e-9:
            # No candidate left is better by the measure. One whose bound equals the k-th
            # measure may still tie it and win on the tie-breaks: price a few of those.
            sweep = TIE_SWEEP if sweep is None else sweep - 1
            if lower > found[k - 1].key[0] + 1e-9 or sweep <= 0:
                return found[:k], True
        if count >= limit:
            return found[:k], sweep is not None
        ceiling = found[k - 1].key[0] if len(found) >= k else INFINITY
        result = price(edges, ceiling)
        if result is None:
            continue
        key, payload = result
        found.append(Ranked(key, edges, payload))
        found.sort(key=lambda r: r.key)
    return found[:k], not bound.spent or sweep is not None
