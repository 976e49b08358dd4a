"""What is reachable from a node within a budget of months or money, every move meeting
its target's requirements on what the person holds so far."""

from __future__ import annotations

import heapq
import itertools
import math
from dataclasses import dataclass

from careergraph.errors import UsageError
from careergraph.graph.backend import EDGE_SELECTIONS, Backend
from careergraph.graph.collector import paused
from careergraph.graph.model import KINDS, Node, tidy
from careergraph.queries.holdings import Holdings, make_holdings
from careergraph.queries.local import in_process
from careergraph.queries.moves import Floors, Journey, Plans, move, start_journey


@dataclass(frozen=True)
class Reachable:
    node: Node
    cost: float

    def to_dict(self, by: str) -> dict:
        key = "months" if by == "months" else "cost_usd"
        return {**self.node.ref(), key: self.cost}


@dataclass(frozen=True)
class ReachResult:
    source: Node
    by: str
    budget: float
    kind: str | None
    have: list[Node]
    reachable: list[Reachable]

    def to_dict(self) -> dict:
        return {
            "from": self.source.ref(),
            "by": self.by,
            "within": self.budget,
            "kind": self.kind,
            "have": [n.ref() for n in self.have],
            "reachable": [r.to_dict(self.by) for r in self.reachable],
        }


@paused()  # hundreds of thousands of short-lived objects a query, none in a cycle
def reach(
    backend: Backend,
    source: Node,
    by: str,
    budget: float,
    kind: str | None = None,
    edges: str = "all",
    holdings: Holdings | None = None,
) -> ReachResult:
    """Every node a pathway from ``source`` reaches within ``budget`` (``by`` "months":
    elapsed calendar months; "cost": dollars), cheapest first, ties by name.

    The search keeps one pathway per node, the first found by the measure (a label-
    setting search with each move priced on that pathway's holdings): every node listed
    is reachable at the figure shown; a node reachable in budget only through a slower
    pathway that gains more on the way can be missed (docs/data-model.md)."""
    if by not in ("months", "cost"):
        raise UsageError("reach needs --within-months or --within-cost")
    if not math.isfinite(budget) or budget < 0:
        raise UsageError("the budget must be a finite, non-negative number")
    if kind is not None and kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}")
    backend = in_process(backend)
    holdings = holdings if holdings is not None else make_holdings(backend)
    start = start_journey(backend, source, holdings)
    best = _search(backend, source.id, start, by, budget, EDGE_SELECTIONS[edges])
    best.pop(source.id, None)
    found = [Reachable(backend.node(node_id), tidy(value)) for node_id, value in best.items()]
    found = [r for r in found if kind is None or r.node.kind == kind]
    found.sort(key=lambda r: (r.cost, r.node.name.casefold(), r.node.id))
    return ReachResult(source, by, budget, kind, list(holdings.given), found)


def _search(
    backend: Backend, source: str, start: Journey, by: str, budget: float, types: tuple[str, ...]
) -> dict[str, float]:
    """Label-setting from ``source``: each node's figure on the first pathway found best.
    A move is priced only when its floors (``moves.Floors``: lower bounds on its end and
    cost) leave it within the budget and better than its target's figure so far; plans
    that read the same things are shared (``moves.Plans``); an edge is built only when
    its move is priced. None of this changes an answer: a move left unpriced could not
    have been listed or improved a figure."""
    best: dict[str, float] = {source: 0.0}
    journeys: dict[str, Journey] = {source: start}
    counter = itertools.count()
    heap = [(0.0, next(counter), source)]
    done: set[str] = set()
    floors, plans = Floors(backend), Plans()
    while heap:
        value, _, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        journey = journeys[node]
        for position, (target, edge_type) in enumerate(backend.out_neighbours(node)):
            if edge_type not in types or target in done:
                continue
            edge = backend.out_edge(node, position)
            floor = floors.end(journey, edge) if by == "months" else value + floors.cost(journey, edge)
            if floor > budget + 1e-9 or floor >= best.get(target, math.inf):
                continue  # it could neither be within the budget nor better than found
            result = move(backend, journey, edge, by, plans)
            if result is None:
                continue
            priced, after = result
            figure = after.time if by == "months" else value + priced.cost_usd
            if figure <= budget + 1e-9 and figure < best.get(edge.target, math.inf):
                best[edge.target], journeys[edge.target] = figure, after
                heapq.heappush(heap, (figure, next(counter), edge.target))
    return best
