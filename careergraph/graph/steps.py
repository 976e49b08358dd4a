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
    """Each node's (months, cost) to obtain it with nothing held, nothing shared."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(dataset.nodes)
    graph.add_edges_from((e.source, e.target) for e in dataset.edges if e.type == PREREQUISITE)
    estimate: dict[str, tuple[float, float]] = {}
    for node_id in nx.topological_sort(graph):
        node = dataset.nodes[node_id]
        months, cost = node.months, node.cost_usd
        for edges in groups.get(node_id, {}).values():
            months += min(e.months + estimate[e.source][0] for e in edges)
            cost += min(e.cost_usd + estimate[e.source][1] for e in edges)
        estimate[node_id] = (months, cost)
    return estimate


def step_costs(dataset: Dataset) -> dict[tuple[str, str], StepCost]:
    """The cost of walking every edge, keyed by (source, target)."""
    incoming: dict[str, list[Edge]] = defaultdict(list)
    for edge in dataset.edges:
        if edge.type == PREREQUISITE:
            incoming[edge.target].append(edge)
    groups = {target: requirement_groups(edges) for target, edges in incoming.items()}
    estimate = _from_scratch(dataset, groups)
    # Per target, each group's cheapest price: the sum over all groups, less the one an
    # edge satisfies, is that edge's requirement price.
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
    costs: dict[tuple[str, str], StepCost] = {}
    for edge in dataset.edges:
        target = dataset.nodes[edge.target]
        prices = group_price.get(edge.target, {})
        own_group = group_key(edge) if edge.type == PREREQUISITE else None
        months = sum(m for key, (m, _) in prices.items() if key != own_group)
        cost = sum(c for key, (_, c) in prices.items() if key != own_group)
        costs[(edge.source, edge.target)] = StepCost(
            months=edge.months + target.months + months,
            cost_usd=edge.cost_usd + target.cost_usd + cost,
            requirement_months=months,
            requirement_cost_usd=cost,
        )
    return costs
