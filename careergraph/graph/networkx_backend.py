"""The embedded backend (``--backend networkx``): the dataset in this process, each node's
edges indexed, and the same graph as a networkx DiGraph for networkx's own algorithms."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Container, Iterable, Iterator
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING

from careergraph.graph.backend import NameRecord
from careergraph.graph.collector import paused
from careergraph.graph.model import EDGE_TYPES, KINDS, PREREQUISITE, Dataset, Edge, Node
from careergraph.graph.rings import Ball, DictBall, ball_by_sources, edge_arrays_of, rings_by_sources
from careergraph.graph.rows import Rows

if TYPE_CHECKING:
    import networkx as nx


class NetworkxBackend:
    """Backend over a dataset held in process.

    Queries read each node's edges from the dataset's adjacency index (``Dataset.adjacency``,
    built once, or read with the dataset from the cache), so opening a large graph costs no
    more than indexing it. ``graph`` is the same graph as a ``networkx.DiGraph`` (node
    attribute ``node`` holds the Node, edge attributes ``edge`` the Edge and ``type`` its
    type), built on first use. Reads change nothing but what is built on first use (the
    graph, the name index, a cached dataset's edges, each node's edge lists and
    prerequisite closure), so one instance is safe to share between threads.
    """

    name = "networkx"

    def __init__(self, dataset: Dataset):
        self._dataset = dataset
        self._nodes = dataset.nodes  # the dict itself: a search reads thousands of nodes a query
        self._out, self._in = dataset.adjacency()
        self._out_edges: dict[str, list[Edge]] = {}
        self._in_edges: dict[str, list[Edge]] = {}
        # A cached dataset's edge types, sources and targets, as columns: a node's edges of
        # one type can then be built without its others (most are RECOMMENDS; rules read
        # only PREREQUISITE), and a node's neighbours read without building any edge.
        edges = dataset.edges
        self._types: list[str] | None = edges.column("type") if isinstance(edges, Rows) else None
        self._sources: list[str] | None = edges.column("source") if isinstance(edges, Rows) else None
        self._targets: list[str] | None = edges.column("target") if isinstance(edges, Rows) else None
        self._typed: dict[tuple[str, str, bool], list[Edge]] = {}
        self._names: dict[str, list[tuple[str, str]]] | None = None
        self._closures: dict[str, list[Edge]] = {}

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The graph as a networkx DiGraph (validation forbids two edges of different
        types between one ordered pair, so a DiGraph holds it exactly)."""
        import networkx as nx

        with paused():  # a million new dicts, none in a cycle: collection would only rescan them
            graph = nx.DiGraph()
            graph.add_nodes_from((node.id, {"node": node}) for node in self._dataset.nodes.values())
            graph.add_edges_from(
                (edge.source, edge.target, {"edge": edge, "type": edge.type}) for edge in self._dataset.edges
            )
        return graph

    # -- nodes and edges -------------------------------------------------------------

    def node(self, node_id: str) -> Node:
        return self._nodes[node_id]

    def nodes(self, kind: str | None = None) -> list[Node]:
        found = self._dataset.nodes.values()
        return sorted((n for n in found if kind is None or n.kind == kind), key=lambda n: n.id)

    def edges(self) -> Iterator[Edge]:
        return iter(self._dataset.edges)

    def _indexed(self, memo: dict[str, list[Edge]], index: dict[str, list[int]], node_id: str) -> list[Edge]:
        """A node's edges one way, built from the index the first time they are read (a
        query reads the same nodes' edges again and again)."""
        found = memo.get(node_id)
        if found is None:
            edges = self._dataset.edges
            found = memo[node_id] = [edges[i] for i in index.get(node_id, ())]
        return found

    def _of_type(self, incoming: bool, node_id: str, edge_type: str) -> list[Edge]:
        """A node's edges of one type one way, kept once read (a degree that hundreds of
        roles ask for is read again and again): filtered from its edges when they are
        built (or there is no type column: a graph read from Neo4j), else built alone from
        the type column."""
        key = (node_id, edge_type, incoming)
        found = self._typed.get(key)
        if found is None:
            memo, index = (self._in_edges, self._in) if incoming else (self._out_edges, self._out)
            if self._types is None or node_id in memo:
                found = [e for e in self._indexed(memo, index, node_id) if e.type == edge_type]
            else:
                edges, types = self._dataset.edges, self._types
                found = [edges[i] for i in index.get(node_id, ()) if types[i] == edge_type]
            self._typed[key] = found
        return list(found)

    def in_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        if edge_type is not None:
            return self._of_type(True, node_id, edge_type)
        return list(self._indexed(self._in_edges, self._in, node_id))

    def out_edges(self, node_id: str, edge_type: str | None = None) -> list[Edge]:
        if edge_type is not None:
            return self._of_type(False, node_id, edge_type)
        return list(self._indexed(self._out_edges, self._out, node_id))

    def in_sources(self, node_id: str, edge_types: Container[str]) -> list[str]:
        """Read from a cached dataset's source and type columns, without building the
        edges: a search backwards by rings over tens of thousands of nodes
        (``kbest.Bound._hops_ball``) would build a million edges it never reads again."""
        if self._types is None or node_id in self._in_edges:
            return [e.source for e in self.in_edges(node_id) if e.type in edge_types]
        sources, types = self._sources, self._types
        return [sources[i] for i in self._in.get(node_id, ()) if types[i] in edge_types]

    def in_rings(
        self, node_id: str, edge_types: Collection[str], avoid: Collection[str], past: int
    ) -> tuple[list[list[str]], bool]:
        """Over the dataset's ``EdgeArrays`` where it has them or is large enough to build
        them (once, kept with the dataset), else in Python (graph/rings.py)."""
        arrays = edge_arrays_of(self._dataset)
        if arrays is None:
            return rings_by_sources(self.in_sources, node_id, edge_types, avoid, past)
        return arrays.rings(node_id, edge_types, avoid, past)

    def ball(
        self, node_id: str, edge_types: Collection[str], avoid: Collection[str], past: int
    ) -> Ball | DictBall:
        """As ``in_rings``: over the dataset's ``EdgeArrays``, else in Python."""
        arrays = edge_arrays_of(self._dataset)
        if arrays is None:
            return ball_by_sources(self.in_sources, self.out_neighbours, node_id, edge_types, avoid, past)
        return arrays.ball(node_id, edge_types, avoid, past)

    def out_neighbours(self, node_id: str) -> list[tuple[str, str]]:
        """Read from the target and type columns, as ``in_sources``: a pathway search
        leaves most of a node's edges out (a corridor, or a node visited already) and
        builds only those it takes (``out_edge``)."""
        if self._types is None or node_id in self._out_edges:
            return [(e.target, e.type) for e in self.out_edges(node_id)]
        targets, types = self._targets, self._types
        return [(targets[i], types[i]) for i in self._out.get(node_id, ())]

    def out_edge(self, node_id: str, position: int) -> Edge:
        built = self._out_edges.get(node_id)
        if built is not None:
            return built[position]
        return self._dataset.edges[self._out[node_id][position]]  # built alone, and kept

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
        by_kind = Counter(map(attrgetter("kind"), self._dataset.nodes.values()))
        by_type = Counter(self._dataset.edge_values("type"))
        return {
            "nodes": len(self._dataset.nodes),
            "edges": len(self._dataset.edges),
            "by_kind": {kind: by_kind.get(kind, 0) for kind in KINDS},
            "by_type": {edge_type: by_type.get(edge_type, 0) for edge_type in EDGE_TYPES},
        }

    # -- queries -------------------------------------------------------------------

    def prerequisite_closure(self, goal: str) -> list[Edge]:
        """Kept once worked out: the plan engine asks again for every move into a node."""
        closure = self._closures.get(goal)
        if closure is None:
            closure = []
            seen = {goal}
            stack = [goal]
            while stack:
                current = stack.pop()
                for edge in self.in_edges(current, PREREQUISITE):
                    closure.append(edge)
                    if edge.source not in seen:
                        seen.add(edge.source)
                        stack.append(edge.source)
            self._closures[goal] = closure
        return list(closure)

    def dataset(self) -> Dataset:
        return self._dataset

    def close(self) -> None:
        """Nothing to release."""
