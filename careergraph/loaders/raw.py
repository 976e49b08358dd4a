"""Raw records as read from a file, before validation: plain dicts with their location."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from careergraph.errors import Problem
from careergraph.graph.model import Location


@dataclass
class EdgeTable:
    """The rows of one CSV edges file kept as columns (cells as read, guard quotes removed,
    "" for unset), so that validation can check a column at a time; ``records`` gives the
    rows as records when it must look at them one by one. ``at``: how many edge records of
    the same RawData come before these rows."""

    file: str
    header: list[str]
    columns: list[tuple[str, ...]]
    lines: list[int]
    at: int = 0

    def column(self, name: str) -> tuple[str, ...]:
        """The cells of a column, all "" when the file has no such column."""
        if name in self.header:
            return self.columns[self.header.index(name)]
        return ("",) * len(self.lines)

    def records(self) -> Iterator[tuple[dict, Location]]:
        for row, line in zip(zip(*self.columns, strict=True), self.lines, strict=True):
            yield (
                {key: cell for key, cell in zip(self.header, row, strict=True) if cell != ""},
                Location(self.file, line),
            )


@dataclass
class RawData:
    """What a reader found in one or more files; problems found while reading included.
    Edges come as records (YAML, JSON) and as tables (CSV), each table placed among the
    records by its ``at``."""

    nodes: list[tuple[dict, Location]] = field(default_factory=list)
    edges: list[tuple[dict, Location]] = field(default_factory=list)
    edge_tables: list[EdgeTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: RawData) -> None:
        for table in other.edge_tables:
            table.at += len(self.edges)
            self.edge_tables.append(table)
        self.nodes.extend(other.nodes)
        self.edges.extend(other.edges)
        self.problems.extend(other.problems)

    def edge_records(self) -> Iterator[tuple[dict, Location]]:
        """Every edge record in file order, tables' rows included."""
        tables = sorted(self.edge_tables, key=lambda t: t.at)
        position = 0
        for table in tables:
            yield from self.edges[position : table.at]
            position = table.at
            yield from table.records()
        yield from self.edges[position:]

    def problem(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location.file, location.line, message))
