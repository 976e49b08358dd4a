"""What walking one edge costs in months and money.

A step ``u → v`` costs the edge's own months/dollars (time with ``u`` first), what
obtaining ``v`` itself takes, and what ``v``'s *other* hard requirements take: every
PREREQUISITE group of ``v`` except the one the edge itself satisfies (a RECOMMENDS edge
satisfies none), each priced at its cheapest alternative from scratch (that
alternative's edge plus, recursively, everything it needs, as if nothing were held and
nothing shared). Without that last part a pathway could walk into PMP from CAPM and skip
the 36 or 60 months of experience PMP demands.

The estimate is static per edge, so shortest-path algorithms stay exact and both
backends store the same weights. It is conservative: a requirement met earlier on the
same pathway is priced again. `plan` is the query that prices requirements exactly,
given what a person holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from careergraph.graph.model import PREREQUISITE, Dataset, Edge, group_key, requirement_groups


@dataclass(frozen=True, slots=True)
class StepCost:
    """A step's months and dollars, and how much of each is the target's other
    requirements."""

    months: float
    cost_usd: float
    requirement_months: float
    requirement_cost_usd: float


def _from_scratch(dataset: Dataset, groups: dict[str, dict[str, list[Edge]]]) -> dict[str, tuple]:
    """Each node's (months, cost) to obtain it with nothing held, nothing shared, worked out
    in topological order of the PREREQUISITE edges (acyclic: validation checks it)."""
    waiting = {target: sum(len(edges) for edges in g.values()) for target, g in groups.items()}
    needed_by: dict[str, list[str]] = defaultdict(list)
    for target_groups in groups.values():
        for edges in target_groups.values():
            for edge in edges:
                needed_by[edge.source].append(edge.target)
    ready = [node_id for node_id in dataset.nodes if not waiting.get(node_id)]
    estimate: dict[str, tuple[float, float]] = {}
    while ready:
        node_id = ready.pop()
        node = dataset.nodes[node_id]
        months, cost = node.months, node.cost_usd
        for edges in groups.get(node_id, {}).values():
            months += min(e.months + estimate[e.source][0] for e in edges)
            cost += min(e.cost_usd + estimate[e.source][1] for e in edges)
        estimate[node_id] = (months, cost)
        for target in needed_by.get(node_id, ()):
            waiting[target] -= 1
            if not waiting[target]:
                ready.append(target)
    return estimate


def step_costs(dataset: Dataset) -> list[StepCost]:
    """The cost of walking each edge of ``dataset.edges``, in the same order."""
    incoming: dict[str, list[Edge]] = defaultdict(list)
    for edge in dataset.edges:
        if edge.type == PREREQUISITE:
            incoming[edge.target].append(edge)
    groups = {target: requirement_groups(edges) for target, edges in incoming.items()}
    estimate = _from_scratch(dataset, groups)
    # Per target, each group's cheapest price and their sum: an edge's requirement price
    # is the sum less the group it satisfies.
    group_price: dict[str, dict[str, tuple[float, float]]] = {
        target: {
            key: (
                min(e.months + estimate[e.source][0] for e in edges),
                min(e.cost_usd + estimate[e.source][1] for e in edges),
            )
            for key, edges in target_groups.items()
        }
        for target, target_groups in groups.items()
    }
    # What an edge adds is the sum over the other groups (every group for a RECOMMENDS
    # edge, key None), summed in group order as before, once per target and group.
    others = {
        (target, own): (
            sum(m for key, (m, _) in prices.items() if key != own),
            sum(c for key, (_, c) in prices.items() if key != own),
        )
        for target, prices in group_price.items()
        for own in (None, *prices)
    }
    nothing = (0, 0)
    costs: list[StepCost] = []
    for edge in dataset.edges:
        target = dataset.nodes[edge.target]
        own = group_key(edge) if edge.type == PREREQUISITE else None
        months, cost = others.get((edge.target, own), nothing)
        total_months = edge.months + target.months + months
        costs.append(StepCost(total_months, edge.cost_usd + target.cost_usd + cost, months, cost))
    return costs
