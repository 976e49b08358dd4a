"""What is reachable from a node within a budget of months or money."""

from __future__ import annotations

import math
from dataclasses import dataclass

from careergraph.errors import UsageError
from careergraph.graph.backend import EDGE_SELECTIONS, Backend
from careergraph.graph.model import KINDS, Node, tidy


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
    reachable: list[Reachable]

    def to_dict(self) -> dict:
        return {
            "from": self.source.ref(),
            "by": self.by,
            "within": self.budget,
            "kind": self.kind,
            "reachable": [r.to_dict(self.by) for r in self.reachable],
        }


def reach(
    backend: Backend,
    source: Node,
    by: str,
    budget: float,
    kind: str | None = None,
    edges: str = "all",
) -> ReachResult:
    """Every node reachable from ``source`` whose cheapest pathway costs at most
    ``budget`` (``by`` "months" or "cost"), cheapest first, ties by name."""
    if by not in ("months", "cost"):
        raise UsageError("reach needs --within-months or --within-cost")
    if not math.isfinite(budget) or budget < 0:
        raise UsageError("the budget must be a finite, non-negative number")
    if kind is not None and kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}")
    lengths = backend.reach(source.id, by, budget, EDGE_SELECTIONS[edges])
    found = [Reachable(backend.node(node_id), tidy(cost)) for node_id, cost in lengths.items()]
    found = [r for r in found if kind is None or r.node.kind == kind]
    found.sort(key=lambda r: (r.cost, r.node.name.casefold(), r.node.id))
    return ReachResult(source=source, by=by, budget=budget, kind=kind, reachable=found)
