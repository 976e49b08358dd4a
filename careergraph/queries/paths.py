"""Pathways between two nodes: best by hops, months or cost, k alternatives, via, avoid."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from careergraph.errors import NoPathway, UsageError
from careergraph.graph.backend import EDGE_SELECTIONS, MEASURES, Backend
from careergraph.graph.model import PREREQUISITE, Edge, Node, requirement_groups, tidy

# Combining k-best segments around --via nodes skips combinations that revisit a node;
# this bounds how many combinations are tried before giving up on finding k.
MAX_COMBINATIONS = 2_000


@dataclass(frozen=True)
class UnmetRequirement:
    """A requirement group of a step's target that the pathway does not pass through."""

    group: str
    any_of: tuple[Node, ...]

    def to_dict(self) -> dict:
        return {"group": self.group, "any_of": [n.ref() for n in self.any_of]}


@dataclass(frozen=True)
class PathStep:
    """One step of a pathway: walking an edge into its target node.

    ``months``/``cost_usd`` are the whole step (see graph/steps.py), of which
    ``requirement_*`` is the price of the target's other hard requirements.
    ``also_requires`` lists those requirement groups the pathway has not passed through
    (`careergraph plan TARGET` prices them exactly, given what a person holds).
    """

    source: Node
    target: Node
    edge: Edge
    months: float
    cost_usd: float
    requirement_months: float = 0
    requirement_cost_usd: float = 0
    also_requires: tuple[UnmetRequirement, ...] = ()

    def to_dict(self) -> dict:
        return {
            "source": self.source.id,
            "target": self.target.id,
            "type": self.edge.type,
            "months": self.months,
            "cost_usd": self.cost_usd,
            "requirement_months": self.requirement_months,
            "requirement_cost_usd": self.requirement_cost_usd,
            "also_requires": [r.to_dict() for r in self.also_requires],
        }


@dataclass(frozen=True)
class Pathway:
    """A simple path with its steps and totals (each total is the sum of its steps)."""

    nodes: list[Node]
    steps: list[PathStep]
    hops: int = field(init=False)
    months: float = field(init=False)
    cost_usd: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hops", len(self.steps))
        object.__setattr__(self, "months", tidy(sum(s.months for s in self.steps)))
        object.__setattr__(self, "cost_usd", tidy(sum(s.cost_usd for s in self.steps)))

    def total(self, by: str) -> float:
        return {"hops": self.hops, "months": self.months, "cost": self.cost_usd}[by]

    def to_dict(self) -> dict:
        return {
            "nodes": [node.ref() for node in self.nodes],
            "edges": [step.to_dict() for step in self.steps],
            "hops": self.hops,
            "months": self.months,
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
    paths: list[Pathway]

    def to_dict(self) -> dict:
        return {
            "from": self.source.ref(),
            "to": self.target.ref(),
            "by": self.by,
            "edges": self.edges,
            "via": [n.ref() for n in self.via],
            "avoid": [n.ref() for n in self.avoid],
            "paths": [p.to_dict() for p in self.paths],
        }


def pathway(backend: Backend, edges: list[Edge]) -> Pathway:
    """Build a Pathway from the edges of a path."""
    cache: dict[str, Node] = {}

    def node(node_id: str) -> Node:
        if node_id not in cache:
            cache[node_id] = backend.node(node_id)
        return cache[node_id]

    steps = [
        PathStep(
            source=node(e.source),
            target=node(e.target),
            edge=e,
            months=tidy(backend.step(e).months),
            cost_usd=tidy(backend.step(e).cost_usd),
            requirement_months=tidy(backend.step(e).requirement_months),
            requirement_cost_usd=tidy(backend.step(e).requirement_cost_usd),
        )
        for e in edges
    ]
    nodes = [steps[0].source] + [s.target for s in steps] if steps else []
    return Pathway(nodes=nodes, steps=steps)


def with_requirements(backend: Backend, path: Pathway) -> Pathway:
    """The pathway with each step's unmet requirement groups filled in: the groups of
    the target's PREREQUISITE requirements that no node earlier on the path satisfies."""
    seen: set[str] = {path.nodes[0].id} if path.nodes else set()
    steps = []
    for step in path.steps:
        groups = requirement_groups(backend.in_edges(step.target.id, PREREQUISITE))
        unmet = tuple(
            UnmetRequirement(
                key, tuple(backend.node(e.source) for e in sorted(edges, key=lambda e: e.source))
            )
            for key, edges in sorted(groups.items())
            if not any(e.source in seen for e in edges)
        )
        steps.append(replace(step, also_requires=unmet))
        seen.add(step.target.id)
    return Pathway(nodes=path.nodes, steps=steps)


def _segment_paths(
    backend: Backend, ends: list[str], by: str, k: int, types: tuple[str, ...], avoid: frozenset
) -> Iterator[list[Edge]]:
    """Simple paths through ``ends`` in order, non-decreasing in ``by``.

    Each segment's paths come from the backend in order; combinations are merged
    best-first over index tuples (the k-smallest-sums scheme), so the first k simple
    combinations found are the k best through the via nodes.
    """
    if len(ends) == 2:
        yield from backend.paths(ends[0], ends[1], by, k, types, avoid)
        return
    segments = len(ends) - 1
    # Not k deep: the best simple combination may need a segment's 9th or 90th path when
    # the better ones collide with another segment. The backends yield lazily, and no
    # segment index can pass the number of combinations tried.
    depth = MAX_COMBINATIONS
    generators = [backend.paths(ends[i], ends[i + 1], by, depth, types, avoid) for i in range(segments)]
    cached: list[list[tuple[float, list[Edge]]]] = [[] for _ in range(segments)]

    def item(segment: int, index: int) -> tuple[float, list[Edge]] | None:
        while len(cached[segment]) <= index:
            found = next(generators[segment], None)
            if found is None:
                return None
            cached[segment].append((pathway(backend, found).total(by), found))
        return cached[segment][index]

    start = (0,) * segments
    if any(item(s, 0) is None for s in range(segments)):
        return
    heap = [(sum(item(s, 0)[0] for s in range(segments)), start)]
    seen = {start}
    tried = 0
    while heap and tried < MAX_COMBINATIONS:
        _, indices = heapq.heappop(heap)
        tried += 1
        combined = [e for s, i in enumerate(indices) for e in item(s, i)[1]]
        visited = [combined[0].source] + [e.target for e in combined]
        if len(set(visited)) == len(visited):
            yield combined
        for s in range(segments):
            following = indices[:s] + (indices[s] + 1,) + indices[s + 1 :]
            if following not in seen and item(s, following[s]) is not None:
                seen.add(following)
                cost = sum(item(t, following[t])[0] for t in range(segments))
                heapq.heappush(heap, (cost, following))


def find_paths(
    backend: Backend,
    source: Node,
    target: Node,
    by: str = "hops",
    k: int = 1,
    via: list[Node] | None = None,
    avoid: list[Node] | None = None,
    edges: str = "all",
) -> PathResult:
    """The ``k`` best simple pathways from ``source`` to ``target``.

    Parameters
    ----------
    by : "hops", "months" or "cost" — what "best" minimises.
    k : how many distinct alternatives, in non-decreasing order of ``by``.
    via : nodes every pathway passes through, in this order.
    avoid : nodes no pathway enters (never ``source`` or ``target`` themselves).
    edges : "prerequisite", "recommends" or "all" — which edge types may be walked.

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
    found = list(islice(_segment_paths(backend, ends, by, k, EDGE_SELECTIONS[edges], blocked), k))
    if not found:
        through = f" via {', '.join(v.name for v in via)}" if via else ""
        raise NoPathway(f"no pathway from {source.name} to {target.name}{through} along {edges} edges")
    return PathResult(
        source=source,
        target=target,
        by=by,
        edges=edges,
        via=list(via),
        avoid=list(avoid),
        paths=[with_requirements(backend, pathway(backend, e)) for e in found],
    )
