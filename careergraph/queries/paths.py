"""Pathways between two nodes: the best by elapsed months, cost or hops, k alternatives,
via and avoid, each move priced on what the person holds so far.

A pathway walks edges from FROM to TO. Entering a node still means meeting all its
requirements: each move is priced by the plan engine on the holdings accumulated so far
(queries/moves.py), so a skill or course a role needs is never a shortcut into it, and
nothing FROM implies, ``--have`` holds or the pathway gained is paid twice. Candidates
come from Yen's algorithm under a proven lower bound and are ranked by their exact
price (queries/kbest.py); the answer says whether it is proven exact.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from careergraph.errors import NoPathway, UsageError
from careergraph.graph.backend import EDGE_SELECTIONS, MEASURES, Backend
from careergraph.graph.collector import paused
from careergraph.graph.model import PREREQUISITE, Edge, Node, requirement_groups, tidy
from careergraph.queries.enterable import could_enter
from careergraph.queries.holdings import Holdings, make_holdings
from careergraph.queries.journeys import Corridor, best_journeys
from careergraph.queries.kbest import Bound, Ranked, bound_of, candidates, k_best
from careergraph.queries.local import in_process
from careergraph.queries.moves import Journey, Move, Plans, move, start_journey
from careergraph.queries.schedule import EPSILON, Scheduled

ENTERABLE_LIMIT = 1_000  # nodes the check before a search may enter before it is left undecided
# Candidates by fewest moves priced where the journey search searched a corridor (a graph
# larger than its guide's ball) and it held fewer than k pathways or the search stopped:
# Yen's own limit of 400 missed pathways 29-154 months faster on three of nine 1M-edge
# pairs that 1,000 found (docs/benchmarks.md). Where the search was guided, Yen's limit stands.
UNGUIDED_CANDIDATES = 1_000


@dataclass(frozen=True)
class UnmetRequirement:
    """A requirement group of a step's target that no earlier node of the pathway meets:
    the move's plan meets it (see ``gained``)."""

    group: str
    any_of: tuple[Node, ...]

    def to_dict(self) -> dict:
        return {"group": self.group, "any_of": [n.ref() for n in self.any_of]}


@dataclass(frozen=True)
class Gained:
    """Something a move had to obtain on the way: a requirement of its target."""

    node: Node
    months: float
    cost_usd: float
    start_month: float
    end_month: float

    @classmethod
    def of(cls, scheduled: Scheduled) -> Gained:
        return cls(
            scheduled.node,
            tidy(scheduled.months),
            tidy(scheduled.cost_usd),
            tidy(scheduled.start),
            tidy(scheduled.end),
        )

    def to_dict(self) -> dict:
        return {
            **self.node.ref(),
            "months": self.months,
            "cost_usd": self.cost_usd,
            "start_month": self.start_month,
            "end_month": self.end_month,
        }


@dataclass(frozen=True)
class PathStep:
    """One move of a pathway: walking an edge into its target, with everything the
    target needs that the person does not hold yet.

    ``months`` is the calendar time the move adds (``end_month - start_month``),
    ``cost_usd`` what it costs, ``effort_months`` the work in it; ``requirement_*`` is
    the part spent on the target's other requirements (``gained``)."""

    source: Node
    target: Node
    edge: Edge
    start_month: float
    end_month: float
    cost_usd: float
    effort_months: float
    gained: tuple[Gained, ...] = ()
    also_requires: tuple[UnmetRequirement, ...] = ()

    @property
    def months(self) -> float:
        return tidy(self.end_month - self.start_month)

    @property
    def requirement_months(self) -> float:
        own = self.edge.months + self.target.months
        return tidy(max(0.0, self.months - own))

    @property
    def requirement_cost_usd(self) -> float:
        return tidy(sum(g.cost_usd for g in self.gained))

    def to_dict(self) -> dict:
        return {
            "source": self.source.id,
            "target": self.target.id,
            "type": self.edge.type,
            "months": self.months,
            "cost_usd": self.cost_usd,
            "start_month": self.start_month,
            "end_month": self.end_month,
            "effort_months": self.effort_months,
            "requirement_months": self.requirement_months,
            "requirement_cost_usd": self.requirement_cost_usd,
            "gained": [g.to_dict() for g in self.gained],
            "also_requires": [r.to_dict() for r in self.also_requires],
        }


@dataclass(frozen=True)
class Pathway:
    """A simple path with its moves and totals: ``elapsed_months`` is when the last move
    ends, ``effort_months`` and ``cost_usd`` the sums over the moves."""

    nodes: list[Node]
    steps: list[PathStep]
    hops: int = field(init=False)
    elapsed_months: float = field(init=False)
    effort_months: float = field(init=False)
    cost_usd: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hops", len(self.steps))
        object.__setattr__(self, "elapsed_months", self.steps[-1].end_month if self.steps else 0)
        object.__setattr__(self, "effort_months", tidy(sum(s.effort_months for s in self.steps)))
        object.__setattr__(self, "cost_usd", tidy(sum(s.cost_usd for s in self.steps)))

    @property
    def months(self) -> float:
        return self.elapsed_months

    def total(self, by: str) -> float:
        return {"hops": self.hops, "months": self.elapsed_months, "cost": self.cost_usd}[by]

    def to_dict(self) -> dict:
        return {
            "nodes": [node.ref() for node in self.nodes],
            "edges": [step.to_dict() for step in self.steps],
            "hops": self.hops,
            "months": self.elapsed_months,
            "elapsed_months": self.elapsed_months,
            "effort_months": self.effort_months,
            "cost_usd": self.cost_usd,
        }


@dataclass(frozen=True)
class PathResult:
    """The answer to a path query: the request and the pathways, best first."""

    source: Node
    target: Node
    by: str
    edges: str
    via: list[Node]
    avoid: list[Node]
    have: list[Node]
    paths: list[Pathway]
    exact: bool = True
    # When not exact, by months or cost: no pathway is faster (cheaper) than this.
    lower_bound: float | None = None

    def to_dict(self) -> dict:
        return {
            "from": self.source.ref(),
            "to": self.target.ref(),
            "by": self.by,
            "edges": self.edges,
            "via": [n.ref() for n in self.via],
            "avoid": [n.ref() for n in self.avoid],
            "have": [n.ref() for n in self.have],
            "exact": self.exact,
            **({} if self.lower_bound is None else {"lower_bound": tidy(self.lower_bound)}),
            "paths": [p.to_dict() for p in self.paths],
        }


class _Pricer:
    """Prices candidate pathways move by move, remembering every priced prefix (Yen's
    candidates share long prefixes) and, through ``plans``, every plan (they share moves
    after different prefixes, and with the journey search).

    Given a ``ceiling`` (the k-th best measure found so far), a candidate is left unpriced
    as soon as its priced prefix and the query's ``bound`` on the rest of it exceed the
    ceiling: it could not enter the k best. (On 1M-edge graphs a third of the fallback's
    candidates were then never priced in full, with the same answers.)"""

    def __init__(self, backend: Backend, start: Journey, by: str, plans: Plans, bound: Bound):
        self.backend = backend
        self.by = by
        self.plans = plans
        self.bound = bound
        self.prefixes: dict[tuple, tuple[list[Move], Journey] | None] = {(): ([], start)}

    def __call__(self, edges: list[Edge], ceiling: float = math.inf):
        keys = tuple((e.source, e.target) for e in edges)
        known = len(keys)
        while keys[:known] not in self.prefixes:
            known -= 1
        for i in range(known, len(keys)):
            previous = self.prefixes[keys[:i]]
            if previous is None:
                self.prefixes[keys[: i + 1]] = None
                continue
            moves, journey = previous
            if ceiling < math.inf and self._beyond(moves, journey, edges[i:], ceiling):
                return None
            result = move(self.backend, journey, edges[i], self.by, self.plans)
            self.prefixes[keys[: i + 1]] = None if result is None else ([*moves, result[0]], result[1])
        found = self.prefixes[keys]
        if found is None:
            return None
        moves = found[0]
        elapsed = moves[-1].end if moves else 0.0
        cost = sum(m.cost_usd for m in moves)
        hops = len(moves)
        keys = {"months": (elapsed, cost, hops), "cost": (cost, elapsed, hops), "hops": (hops, elapsed, cost)}
        key = keys[self.by]
        return key, moves

    def _beyond(self, moves: list[Move], journey: Journey, rest: list[Edge], ceiling: float) -> bool:
        """Whether a pathway priced as far as ``moves`` (standing at ``journey``) and going
        on along ``rest`` ends above ``ceiling`` by the measure, whatever the rest costs."""
        so_far = {"months": journey.time, "cost": sum(m.cost_usd for m in moves), "hops": len(moves)}
        return bound_of(self.bound, rest, so_far[self.by]) > ceiling + EPSILON


def _via_stream(bound: Bound, ends: list[str]) -> Iterator[tuple[float, list[Edge]]]:
    """Simple paths through ``ends`` in order: each segment's candidates by its own bound,
    combined best-first by the sum of those bounds (an order, not a proven bound)."""
    segments = len(ends) - 1
    streams = [candidates(bound, ends[i], ends[i + 1]) for i in range(segments)]
    cached: list[list[tuple[float, list[Edge]]]] = [[] for _ in range(segments)]

    def item(segment: int, index: int):
        while len(cached[segment]) <= index:
            found = next(streams[segment], None)
            if found is None:
                return None
            cached[segment].append(found)
        return cached[segment][index]

    if any(item(s, 0) is None for s in range(segments)):
        return
    start = (0,) * segments
    heap = [(sum(item(s, 0)[0] for s in range(segments)), start)]
    seen = {start}
    while heap:
        value, indices = heapq.heappop(heap)
        combined = [e for s, i in enumerate(indices) for e in item(s, i)[1]]
        visited = [combined[0].source] + [e.target for e in combined]
        if len(set(visited)) == len(visited):
            yield value, combined
        for s in range(segments):
            following = indices[:s] + (indices[s] + 1,) + indices[s + 1 :]
            if following not in seen and item(s, following[s]) is not None:
                seen.add(following)
                heapq.heappush(heap, (sum(item(t, following[t])[0] for t in range(segments)), following))


@paused()  # hundreds of thousands of short-lived objects a query, none in a cycle
def find_paths(
    backend: Backend,
    source: Node,
    target: Node,
    by: str = "hops",
    k: int = 1,
    via: list[Node] | None = None,
    avoid: list[Node] | None = None,
    edges: str = "all",
    holdings: Holdings | None = None,
) -> PathResult:
    """The ``k`` best simple pathways from ``source`` to ``target``.

    Parameters
    ----------
    by : "hops", "months" (elapsed calendar months) or "cost" — what "best" minimises;
        ties go to the faster (or, by months, the cheaper).
    k : how many distinct alternatives, best first.
    via : nodes every pathway passes through, in this order.
    avoid : nodes no pathway enters (never ``source`` or ``target`` themselves).
    edges : "prerequisite", "recommends" or "all" — which edge types may be walked.
    holdings : what the person holds beyond ``source`` (queries/holdings.py).

    Raises
    ------
    NoPathway when no pathway exists; UsageError for a bad measure, k or edge selection.
    """
    if by not in MEASURES:
        raise UsageError(f"--by must be one of {', '.join(MEASURES)}")
    if edges not in EDGE_SELECTIONS:
        raise UsageError(f"--edges must be one of {', '.join(EDGE_SELECTIONS)}")
    if k < 1:
        raise UsageError("--k must be at least 1")
    via = via or []
    avoid = avoid or []
    ends = [source.id] + [v.id for v in via] + [target.id]
    if len(set(ends)) != len(ends):
        raise UsageError("--via nodes must differ from each other and from FROM and TO")
    blocked = frozenset(n.id for n in avoid) - {source.id, target.id}
    if blocked & set(ends):
        raise UsageError("a --via node is also given to --avoid")
    backend = in_process(backend)
    holdings = holdings if holdings is not None else make_holdings(backend)
    journey = start_journey(backend, source, holdings)
    bound = Bound(backend, by, journey.holdings, EDGE_SELECTIONS[edges], blocked, journey.accruing)
    found, exact, lower = _search(bound, _Pricer(backend, journey, by, Plans(), bound), journey, ends, k)
    if not found:
        through = f" via {', '.join(v.name for v in via)}" if via else ""
        if not exact:
            raise NoPathway(
                f"no pathway from {source.name} to {target.name}{through} along {edges} edges found "
                "within the search's limits (every candidate searched fails a requirement on the "
                "way); one may still exist"
            )
        raise NoPathway(
            f"no pathway from {source.name} to {target.name}{through} along {edges} edges "
            "that meets every requirement on the way"
        )
    return PathResult(
        source=source,
        target=target,
        by=by,
        edges=edges,
        via=list(via),
        avoid=list(avoid),
        have=list(holdings.given),
        paths=[_pathway(backend, ranked.priced) for ranked in found],
        exact=exact,
        lower_bound=lower,
    )


def _search(bound: Bound, pricer: _Pricer, journey: Journey, ends: list[str], k: int):
    """``_best``, with no search where no pathway could enter the target: where the guide's
    ball holds everything that can reach the target, that is known at once
    (queries/enterable.py), unless the check passes ENTERABLE_LIMIT nodes; on a larger
    graph the check, which would stop there undecided, is not made before the search (it
    cost 60 ms a query at 1M edges). Either way it is made in full if the search finds
    nothing without proving there is nothing. No pathway found, and none possible: proven."""
    source, target = ends[0], ends[-1]
    backend, edge_types, avoid = bound.backend, bound.edge_types, bound.avoid
    reachable = None
    if bound.holds_all(target):
        reachable = could_enter(backend, journey, source, target, edge_types, avoid, ENTERABLE_LIMIT)
        if reachable is False:
            return [], True, None
    found, exact, lower = _best(bound, pricer, journey, ends, k)
    if not found and not exact and reachable is None:
        if not could_enter(backend, journey, source, target, edge_types, avoid):
            return [], True, None
    return found, exact, lower


def _best(bound: Bound, pricer: _Pricer, journey: Journey, ends: list[str], k: int):
    """The k best pathways through ``ends``, whether that is proven, and when it is not, a
    proven lower bound on the best one's measure (None when none is known). By months or
    cost: the journey search, guided where its guide would hold every node that can reach
    the target, else within the corridor of pathways a few moves longer than the fewest.
    If it stops at its limit, or the corridor holds fewer than k pathways, Yen's
    candidates in order of moves, fewest first, are priced too (UNGUIDED_CANDIDATES of them
    beside a corridor) and the better kept. By hops, or through --via: Yen's."""
    source, target = ends[0], ends[-1]
    if len(ends) > 2:
        found, exact = k_best(
            bound, source, target, k, pricer, stream=_via_stream(bound, ends), ordered=False
        )
        return found, exact, None
    if bound.by == "hops":
        found, exact = k_best(bound, source, target, k, pricer)
        return found, exact, None
    fewest = bound.by_hops()
    corridor = None
    if not bound.holds_all(target):
        corridor = Corridor.around(fewest, source, target)
        if corridor is None:
            return [], True, None  # no walk leads there, let alone a pathway
    searched = best_journeys(bound, journey, source, target, k, pricer.plans, corridor)
    if searched.proven:
        return searched.found, True, None
    found = searched.found
    if not searched.whole or len(found) < k:
        limit = None if corridor is None else UNGUIDED_CANDIDATES
        more, _ = k_best(fewest, source, target, k, pricer, ordered=False, limit=limit)
        found = _best_of(found, more, k)
    return found, False, min([searched.floor, *(r.key[0] for r in searched.found)])


def _best_of(first: list[Ranked], second: list[Ranked], k: int) -> list[Ranked]:
    """The k best of two lists of ranked pathways, each pathway once."""
    seen = set()
    best = []
    for ranked in sorted([*first, *second], key=lambda r: r.key):
        walked = tuple((e.source, e.target) for e in ranked.edges)
        if walked not in seen:
            seen.add(walked)
            best.append(ranked)
    return best[:k]


def _pathway(backend: Backend, moves: list[Move]) -> Pathway:
    """A Pathway from priced moves, with each step's unmet requirement groups."""
    nodes = [backend.node(moves[0].edge.source)]
    seen = {nodes[0].id}
    steps = []
    for priced in moves:
        target = backend.node(priced.edge.target)
        groups = requirement_groups(backend.in_edges(target.id, PREREQUISITE))
        unmet = tuple(
            UnmetRequirement(
                key, tuple(backend.node(e.source) for e in sorted(group, key=lambda e: e.source))
            )
            for key, group in sorted(groups.items())
            if not any(e.source in seen for e in group)
        )
        steps.append(
            PathStep(
                source=nodes[-1],
                target=target,
                edge=priced.edge,
                start_month=tidy(priced.start),
                end_month=tidy(priced.end),
                cost_usd=tidy(priced.cost_usd),
                effort_months=tidy(priced.effort),
                gained=tuple(Gained.of(s) for s in priced.gained),
                also_requires=unmet,
            )
        )
        nodes.append(target)
        seen.add(target.id)
    return Pathway(nodes=nodes, steps=steps)
