"""Everything about one node: facts, grouped requirements, what it unlocks and recommends."""

from __future__ import annotations

from dataclasses import dataclass

from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE, RECOMMENDS, Edge, Node, requirement_groups


@dataclass(frozen=True)
class Neighbour:
    """A node at the other end of an edge, with the edge."""

    node: Node
    edge: Edge

    def to_dict(self) -> dict:
        out = {**self.node.ref(), "months": self.edge.months, "cost_usd": self.edge.cost_usd}
        if self.edge.note:
            out["note"] = self.edge.note
        if self.edge.source_url:
            out["source_url"] = self.edge.source_url
        return out


@dataclass(frozen=True)
class NodeDetails:
    """A node and its neighbourhood; ``requires`` is a list of groups (AND), each a list of
    alternatives (OR)."""

    node: Node
    requires: list[tuple[str, list[Neighbour]]]
    unlocks: list[Neighbour]
    recommends: list[Neighbour]
    recommended_by: list[Neighbour]

    def to_dict(self) -> dict:
        return {
            "node": self.node.to_dict(),
            "requires": [
                {"group": key, "any_of": [n.to_dict() for n in alternatives]}
                for key, alternatives in self.requires
            ],
            "unlocks": [n.to_dict() for n in self.unlocks],
            "recommends": [n.to_dict() for n in self.recommends],
            "recommended_by": [n.to_dict() for n in self.recommended_by],
        }


def show(backend: Backend, node: Node) -> NodeDetails:
    """The node, what it requires (AND of OR-groups), unlocks, recommends and is
    recommended by; neighbours sorted by name."""

    def neighbours(edges: list[Edge], end: str) -> list[Neighbour]:
        found = [Neighbour(backend.node(getattr(e, end)), e) for e in edges]
        return sorted(found, key=lambda n: (n.node.name.casefold(), n.node.id))

    groups = requirement_groups(backend.in_edges(node.id, PREREQUISITE))
    return NodeDetails(
        node=node,
        requires=[(key, neighbours(edges, "source")) for key, edges in sorted(groups.items())],
        unlocks=neighbours(backend.out_edges(node.id, PREREQUISITE), "target"),
        recommends=neighbours(backend.out_edges(node.id, RECOMMENDS), "target"),
        recommended_by=neighbours(backend.in_edges(node.id, RECOMMENDS), "source"),
    )
