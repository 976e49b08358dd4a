"""The small interface every graph backend implements, and the types it speaks in."""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from careergraph.graph.model import EDGE_TYPES, PREREQUISITE, RECOMMENDS, Dataset, Edge, Node

MEASURES = ("hops", "months", "cost")
EDGE_SELECTIONS = {
    "prerequisite": (PREREQUISITE,),
    "recommends": (RECOMMENDS,),
    "all": EDGE_TYPES,
}


@dataclass(frozen=True)
class NameRecord:
    """What name resolution and search look at for one node."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    description: str


class Backend(Protocol):
    """Read access to a career graph, whatever stores it."""

    name: str

    def node(self, node_id: str) -> Node:
        """The node with this exact id; KeyError when there is none."""

    def nodes(self, kind: str | None = None) -> list[Node]:
        """All nodes (of one kind), ordered by id."""

    def edges(self) -> Iterator[Edge]:
        """Every edge."""

    def in_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        """Edges into a node, optionally of one type."""

    def out_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        """Edges out of a node, optionally of one type."""

    def in_sources(self, node_id: str, edge_types: Container[str]) -> list[str]:
        """The sources of the edges of these types into a node, in ``in_edges``' order."""

    def in_rings(
        self, node_id: str, edge_types: Collection[str], avoid: Collection[str], past: int
    ) -> tuple[list[list[str]], bool]:
        """The nodes whose edges of these types lead into a node, ring by ring, until a
        whole ring brings them past ``past`` nodes: graph/rings.py, ``rings_by_sources``."""

    def ball(self, node_id: str, edge_types: Collection[str], avoid: Collection[str], past: int) -> Mapping:
        """The hops ball of those rings: ``(moves left, -inf)`` by node, ``beyond`` for a
        node outside it, and ``moves(node, most)`` out of a node into it (graph/rings.py,
        ``DictBall``)."""

    def out_neighbours(self, node_id: str) -> list[tuple[str, str]]:
        """(target, type) of every edge out of a node, in ``out_edges``' order: for a
        search that needs no more of most of them."""

    def out_edge(self, node_id: str, position: int) -> Edge:
        """The edge at ``position`` in ``out_edges(node_id)``."""

    def lookup(self, text: str) -> list[tuple[str, str]]:
        """Nodes whose id, name or an alias equals text, case-insensitively: (field, id)."""

    def name_records(self) -> Iterable[NameRecord]:
        """Every node's names, for fuzzy search and did-you-mean hints."""

    def stats(self) -> dict:
        """Counts: nodes, edges, by_kind, by_type."""

    def prerequisite_closure(self, goal: str) -> list[Edge]:
        """Every PREREQUISITE edge among goal and its transitive prerequisites."""

    def dataset(self) -> Dataset:
        """The whole graph as a dataset (for export and rendering)."""

    def close(self) -> None:
        """Release connections."""
