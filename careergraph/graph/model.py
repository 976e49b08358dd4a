"""The career graph's domain model: node kinds, edge types, nodes, edges and a dataset."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, NamedTuple

from careergraph.graph.rows import Rows

# The fixed vocabulary. Neo4j labels and relationship types come only from these tuples,
# never from user text.
KINDS: tuple[str, ...] = ("Role", "Certification", "Skill", "Education")
EDGE_TYPES: tuple[str, ...] = ("PREREQUISITE", "RECOMMENDS")
PREREQUISITE, RECOMMENDS = EDGE_TYPES


def tidy(value: float) -> float:
    """A total as people write it: float noise rounded away (0.1 + 0.2 is 0.3), whole
    numbers as ints."""
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def usd(value: float) -> str:
    """Dollars as people write them: $1,000, or $12.50 when there are cents."""
    value = tidy(value)
    return f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"


def number(value: float) -> str:
    """A count as people write it: 1,234, 2.5 or 0.25 (two decimals at most)."""
    value = tidy(value)
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def months(value: float, short: bool = False) -> str:
    """A duration: "36 months", "1 month", or with ``short`` "36 mo"."""
    if short:
        return f"{number(value)} mo"
    return f"{number(value)} month" + ("" if tidy(value) == 1 else "s")


def amount(value: float, measure: str) -> str:
    """A total in the measure it was asked by: "months" gives months, "cost" dollars."""
    return months(value) if measure == "months" else usd(value)


class Location(NamedTuple):
    """Where a record was read from: file and line (YAML), row (CSV) or index (JSON).

    A named tuple: a million of them (one an edge of a large CSV graph) are made several
    times faster than frozen dataclasses, which matters when a cached graph is read."""

    file: str
    line: int | str | None = None


@dataclass(slots=True)
class Node:
    """A role, certification, skill or education.

    ``months`` and ``cost_usd`` are what obtaining the node itself takes (a course's
    length and fee, an exam fee, a degree's duration); the time spent *before* it (for
    example experience in a role) lives on the incoming edge.
    """

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    sources: tuple[str, ...] = ()
    as_of: str = ""
    issuer: str | None = None
    exam_fee_usd: float | None = None
    renewal: str | None = None
    months: float = 0
    cost_usd: float = 0
    confidence: str | None = None
    note: str | None = None
    # Experience: a Skill with ``experience: true`` is a kind of experience that accrues
    # month by month (leading projects, security work). A Role accrues tenure. Months
    # spent in a role or doing an experience also count as each kind in ``counts_as``.
    experience: bool | None = None
    counts_as: tuple[str, ...] | None = None
    # Keeping a certification: the cycle, the continuing-education credits per cycle and
    # their name (PDU, SEU, CPE, CEU), the renewal fee per cycle and any annual fee.
    renewal_cycle_months: float | None = None
    renewal_credits: float | None = None
    renewal_credit_type: str | None = None
    renewal_fee_usd: float | None = None
    annual_fee_usd: float | None = None

    @property
    def accrues(self) -> bool:
        """Whether time spent in or doing this node counts as experience: roles (tenure)
        and experience skills."""
        return self.kind == "Role" or bool(self.experience)

    def ref(self) -> dict:
        """The short form used wherever a node is named in output: id, name, kind."""
        return {"id": self.id, "name": self.name, "kind": self.kind}

    def to_dict(self) -> dict:
        """Every field, lists as lists, unset optional fields left out."""
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(slots=True)
class Edge:
    """A directed edge pointing forward in time: having ``source`` comes before ``target``.

    PREREQUISITE edges into one target that share a ``group`` are alternatives (any one
    suffices); different groups (an edge without a group is a group of its own) are all
    required.
    """

    source: str
    target: str
    type: str
    months: float = 0
    cost_usd: float = 0
    group: str | None = None
    note: str | None = None
    source_url: str | None = None
    # PREREQUISITE only: "rule" (an issuer's eligibility rule, the default) or "employers"
    # (what employers typically expect to enter a role).
    basis: str | None = None
    # Experience demands: the look-back window the rule counts months in.
    window_months: float | None = None
    confidence: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.type)

    def to_dict(self) -> dict:
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = value
        return out


def group_key(edge: Edge) -> str:
    """The requirement group an incoming PREREQUISITE edge belongs to: its ``group``, or a
    group of its own when it has none."""
    return edge.group if edge.group is not None else f"requires {edge.source}"


def requirement_groups(edges: Iterable[Edge]) -> dict[str, list[Edge]]:
    """A node's requirements from its incoming PREREQUISITE edges: every group is required
    (AND), any one edge of a group suffices (OR). Groups in first-seen order, edges in the
    order given; edges of other types are left out."""
    groups: dict[str, list[Edge]] = {}
    for edge in edges:
        if edge.type == PREREQUISITE:
            groups.setdefault(group_key(edge), []).append(edge)
    return groups


NODE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Node))
EDGE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Edge))


def edge_at(columns: Sequence[Sequence]) -> Callable[[int], Edge]:
    """The edge at an index of ``columns`` (one a field, in EDGE_FIELDS' order), built with
    one call: a list of the values and a call with it took twice as long (graph/rows.py;
    the first queries on a cached graph of a million edges build a couple of thousand
    edges each)."""
    source, target, type_, months, cost_usd, group, note, source_url, basis, window, confidence = columns

    def at(i: int) -> Edge:
        return Edge(
            source[i],
            target[i],
            type_[i],
            months[i],
            cost_usd[i],
            group[i],
            note[i],
            source_url[i],
            basis[i],
            window[i],
            confidence[i],
        )

    return at


NUMERIC_NODE_FIELDS = (
    "exam_fee_usd",
    "months",
    "cost_usd",
    "renewal_cycle_months",
    "renewal_credits",
    "renewal_fee_usd",
    "annual_fee_usd",
)
NUMERIC_EDGE_FIELDS = ("months", "cost_usd", "window_months")
LIST_NODE_FIELDS = ("aliases", "sources", "counts_as")
BOOLEAN_NODE_FIELDS = ("experience",)
BASES = ("rule", "employers")
FREEZE_EDGES = 100_000  # a graph this large is kept out of the cyclic collector (Dataset.settle)


@dataclass
class Dataset:
    """Nodes by id and edges in file order, with where each was read from.

    Read back from the cache, ``edges`` and ``edge_locations`` are read-only ``Rows``
    (graph/rows.py) that build each record on first read; adding edges makes them lists."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    node_locations: dict[str, Location] = field(default_factory=dict)
    edge_locations: list[Location] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    _adjacency: tuple[dict[str, list[int]], dict[str, list[int]]] | None = field(
        default=None, repr=False, compare=False
    )
    # A large graph's edges both ways as arrays (graph/rings.py ``EdgeArrays``), once
    # built or read from the cache; adding edges drops them.
    edge_arrays: Any = field(default=None, repr=False, compare=False)

    def add_node(self, node: Node, location: Location | None = None) -> None:
        self.nodes[node.id] = node
        if location is not None:
            self.node_locations[node.id] = location

    def add_edge(self, edge: Edge, location: Location | None = None) -> None:
        self._writable()
        self.edges.append(edge)
        self.edge_locations.append(location or Location("<memory>"))
        self._adjacency = self.edge_arrays = None

    def add_edges(self, edges: list[Edge], locations: list[Location]) -> None:
        """Add many edges at once, each with its location."""
        self._writable()
        self.edges.extend(edges)
        self.edge_locations.extend(locations)
        self._adjacency = self.edge_arrays = None

    def _writable(self) -> None:
        """Edges read back from the cache are built as read (graph/rows.py): a list again
        before any is added."""
        if not isinstance(self.edges, list):
            self.edges = list(self.edges)
        if not isinstance(self.edge_locations, list):
            self.edge_locations = list(self.edge_locations)

    def edge_values(self, name: str) -> Iterable:
        """One field of every edge, in order; from the cached columns when the edges are
        ``Rows``, so counting a field builds no edge."""
        if isinstance(self.edges, Rows):
            return self.edges.column(name)
        return map(attrgetter(name), self.edges)

    def adjacency(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """The positions in ``edges`` of the edges out of and into each node, in file
        order; computed once and kept (the dataset cache stores it too)."""
        if self._adjacency is None:
            outgoing: dict[str, list[int]] = {}
            incoming: dict[str, list[int]] = {}
            for position, edge in enumerate(self.edges):
                outgoing.setdefault(edge.source, []).append(position)
                incoming.setdefault(edge.target, []).append(position)
            self._adjacency = (outgoing, incoming)
        return self._adjacency

    def settle(self) -> Dataset:
        """Mark a large graph as living as long as the process. It holds no reference
        cycle, so the cyclic collector is kept from rescanning its millions of objects on
        every later collection (``gc.freeze``: a name index over 100k nodes took a second
        of collections, not work; a pathway search on a 1M-edge copy of a Neo4j graph, a
        third of its time)."""
        if len(self.edges) >= FREEZE_EDGES:
            gc.freeze()
        return self

    def located_edges(self) -> Iterator[tuple[Edge, Location]]:
        return zip(self.edges, self.edge_locations, strict=True)

    @classmethod
    def from_records(cls, nodes: Iterable[Node], edges: Iterable[Edge]) -> Dataset:
        dataset = cls()
        for node in nodes:
            dataset.add_node(node)
        edges = list(edges)
        dataset.add_edges(edges, [Location("<memory>")] * len(edges))
        return dataset
