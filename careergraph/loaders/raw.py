"""Raw records as read from a file, before validation: plain dicts with their location."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from careergraph.errors import Problem
from careergraph.graph.model import LIST_NODE_FIELDS, Location

LIST_SEPARATOR = "|"


@dataclass
class Table:
    """The rows of one CSV file kept as columns (cells as read, guard quotes removed, ""
    for unset), so that validation can check a column at a time; ``records`` gives the
    rows as records, list columns split, when it must look at them one by one. ``at``:
    how many records of the same kind in the same RawData come before these rows."""

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
        lists = [name in LIST_NODE_FIELDS for name in self.header]
        for row, line in zip(zip(*self.columns, strict=True), self.lines, strict=True):
            yield (
                {
                    key: split_list(cell) if listed else cell
                    for key, cell, listed in zip(self.header, row, lists, strict=True)
                    if cell != ""
                },
                Location(self.file, line),
            )


def split_list(cell: str) -> list[str]:
    """A list cell's items: joined by LIST_SEPARATOR, each stripped."""
    return [part.strip() for part in cell.split(LIST_SEPARATOR)]


@dataclass
class RawData:
    """What a reader found in one or more files; problems found while reading included.
    Nodes and edges come as records (YAML, JSON) and as tables (CSV), each table placed
    among the records of its kind by its ``at``."""

    nodes: list[tuple[dict, Location]] = field(default_factory=list)
    edges: list[tuple[dict, Location]] = field(default_factory=list)
    node_tables: list[Table] = field(default_factory=list)
    edge_tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: RawData) -> None:
        for tables, theirs, records in (
            (self.node_tables, other.node_tables, self.nodes),
            (self.edge_tables, other.edge_tables, self.edges),
        ):
            for table in theirs:
                table.at += len(records)
                tables.append(table)
        self.nodes.extend(other.nodes)
        self.edges.extend(other.edges)
        self.problems.extend(other.problems)

    def node_records(self) -> Iterator[tuple[dict, Location]]:
        """Every node record in file order, tables' rows included."""
        return _in_order(self.nodes, self.node_tables)

    def edge_records(self) -> Iterator[tuple[dict, Location]]:
        """Every edge record in file order, tables' rows included."""
        return _in_order(self.edges, self.edge_tables)

    def problem(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location.file, location.line, message))


def in_order(
    records: list[tuple[dict, Location]], tables: list[Table]
) -> Iterator[tuple[list[tuple[dict, Location]], Table | None]]:
    """Records and tables in file order: each run of records, then the table after it
    (None after the last run)."""
    position = 0
    for table in sorted(tables, key=lambda t: t.at):
        yield records[position : table.at], table
        position = table.at
    yield records[position:], None


def _in_order(records: list[tuple[dict, Location]], tables: list[Table]) -> Iterator[tuple[dict, Location]]:
    for run, table in in_order(records, tables):
        yield from run
        if table is not None:
            yield from table.records()
