"""The embedded backend: the dataset held in a networkx DiGraph, queried in process."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

import networkx as nx

from careergraph.graph.backend import NameRecord
from careergraph.graph.model import EDGE_TYPES, KINDS, PREREQUISITE, Dataset, Edge, Node
from careergraph.graph.steps import StepCost, step_costs


class NetworkxBackend:
    """Backend over a ``networkx.DiGraph``; node attribute ``node`` holds the Node, edge
    attribute ``edge`` the Edge and ``months``/``cost`` the step weights.

    Validation forbids two edges of different types between one ordered pair, so a
    DiGraph (not a MultiDiGraph) holds the graph exactly. Reads never mutate the graph, so
    one instance is safe to share between threads.
    """

    name = "networkx"

    def __init__(self, dataset: Dataset, costs: dict[tuple[str, str], StepCost] | None = None):
        """``costs``: the step costs to use, when the dataset is a part of a larger graph
        whose requirements it does not hold (the Neo4j backend's subgraphs)."""
        self._dataset = dataset
        self._costs = costs if costs is not None else step_costs(dataset)
        collecting = gc.isenabled()
        gc.disable()  # a million new dicts, none in a cycle: collection would only rescan them
        try:
            self.graph = nx.DiGraph()
            self.graph.add_nodes_from((node.id, {"node": node}) for node in dataset.nodes.values())
            self.graph.add_edges_from(
                (
                    edge.source,
                    edge.target,
                    {
                        "edge": edge,
                        "type": edge.type,
                        "months": self._costs[edge.source, edge.target].months,
                        "cost": self._costs[edge.source, edge.target].cost_usd,
                    },
                )
                for edge in dataset.edges
            )
        finally:
            if collecting:
                gc.enable()
        self._names: dict[str, list[tuple[str, str]]] | None = None

    # -- nodes and edges -------------------------------------------------------------

    def node(self, node_id: str) -> Node:
        return self.graph.nodes[node_id]["node"]

    def nodes(self, kind: str | None = None) -> list[Node]:
        found = (data["node"] for _, data in self.graph.nodes(data=True))
        return sorted((n for n in found if kind is None or n.kind == kind), key=lambda n: n.id)

    def edges(self) -> Iterator[Edge]:
        return (data["edge"] for _, _, data in self.graph.edges(data=True))

    def in_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        found = (d["edge"] for _, _, d in self.graph.in_edges(node_id, data=True))
        return [e for e in found if edge_type is None or e.type == edge_type]

    def out_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        found = (d["edge"] for _, _, d in self.graph.out_edges(node_id, data=True))
        return [e for e in found if edge_type is None or e.type == edge_type]

    def step(self, edge: Edge) -> StepCost:
        return self._costs[edge.source, edge.target]

    # -- names ---------------------------------------------------------------------

    def lookup(self, text: str) -> list[tuple[str, str]]:
        if self._names is None:
            names: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for node in self._dataset.nodes.values():
                names[node.id.casefold()].append(("id", node.id))
                names[node.name.casefold()].append(("name", node.id))
                for alias in node.aliases:
                    names[alias.casefold()].append(("alias", node.id))
            self._names = names
        return list(self._names.get(text.casefold(), ()))

    def name_records(self) -> Iterable[NameRecord]:
        return (
            NameRecord(n.id, n.name, n.kind, n.aliases, n.description) for n in self._dataset.nodes.values()
        )

    def stats(self) -> dict:
        by_kind = Counter(n.kind for n in self._dataset.nodes.values())
        by_type = Counter(e.type for e in self._dataset.edges)
        return {
            "nodes": self.graph.number_of_nodes(),
            "edges": self.graph.number_of_edges(),
            "by_kind": {kind: by_kind.get(kind, 0) for kind in KINDS},
            "by_type": {edge_type: by_type.get(edge_type, 0) for edge_type in EDGE_TYPES},
        }

    # -- queries -------------------------------------------------------------------

    def _weight(self, by: str, edge_types: tuple[str, ...], avoid: frozenset[str]):
        attribute = {"hops": None, "months": "months", "cost": "cost"}[by]
        all_types = len(edge_types) == len(EDGE_TYPES)

        def weight(u: str, v: str, data: dict) -> float | None:
            if v in avoid or u in avoid:
                return None
            if not all_types and data["type"] not in edge_types:
                return None
            return 1 if attribute is None else data[attribute]

        return weight

    def paths(
        self,
        source: str,
        target: str,
        by: str,
        k: int,
        edge_types: tuple[str, ...],
        avoid: frozenset[str] = frozenset(),
    ) -> Iterator[list[Edge]]:
        blocked = avoid - {source, target}
        weight = self._weight(by, edge_types, blocked)
        try:
            if k == 1 and by == "hops" and not blocked and len(edge_types) == len(EDGE_TYPES):
                # Nothing to filter: a breadth-first search, without a weight call per edge.
                node_paths: Iterable[list[str]] = [nx.bidirectional_shortest_path(self.graph, source, target)]
            elif k == 1:
                _, found = nx.bidirectional_dijkstra(self.graph, source, target, weight=weight)
                node_paths = [found]
            else:
                node_paths = islice(nx.shortest_simple_paths(self.graph, source, target, weight=weight), k)
            for node_path in node_paths:
                yield [self.graph.edges[u, v]["edge"] for u, v in zip(node_path, node_path[1:], strict=False)]
        except nx.NetworkXNoPath:
            return

    def reach(self, source: str, by: str, budget: float, edge_types: tuple[str, ...]) -> dict[str, float]:
        weight = self._weight(by, edge_types, frozenset())
        lengths = nx.single_source_dijkstra_path_length(self.graph, source, cutoff=budget, weight=weight)
        lengths.pop(source, None)
        return lengths

    def prerequisite_closure(self, goal: str) -> list[Edge]:
        closure: list[Edge] = []
        seen = {goal}
        stack = [goal]
        while stack:
            current = stack.pop()
            for u, _, data in self.graph.in_edges(current, data=True):
                if data["type"] != PREREQUISITE:
                    continue
                closure.append(data["edge"])
                if u not in seen:
                    seen.add(u)
                    stack.append(u)
        return closure

    def dataset(self) -> Dataset:
        return self._dataset

    def close(self) -> None:
        """Nothing to release."""
