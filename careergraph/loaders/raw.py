"""Raw records as read from a file, before validation: plain dicts with their location."""

from __future__ import annotations

from dataclasses import dataclass, field

from careergraph.errors import Problem
from careergraph.graph.model import Location


@dataclass
class RawData:
    """What a reader found in one or more files; problems found while reading included."""

    nodes: list[tuple[dict, Location]] = field(default_factory=list)
    edges: list[tuple[dict, Location]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: RawData) -> None:
        self.nodes.extend(other.nodes)
        self.edges.extend(other.edges)
        self.problems.extend(other.problems)

    def problem(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location.file, location.line, message))
