"""The CSV format: `nodes.csv` and `edges.csv`, one record a row, lists joined by `|`.

Formula cells: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula (``=HYPERLINK(...)``, ``+cmd|...``). The writer
guards such a cell the OWASP way, with a leading single quote, which spreadsheets show
as text; so that the guard can always be told from data, a cell that really starts with
a quote is guarded too. The reader removes exactly one leading quote from a cell: write
``'=x`` for the text ``=x`` and ``''x`` for ``'x`` (docs/reliability.md).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from careergraph.graph.model import EDGE_FIELDS, NODE_FIELDS, Location
from careergraph.loaders.raw import RawData, Table

GUARD = "'"
GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r", GUARD)
NODE_COLUMNS = NODE_FIELDS
EDGE_COLUMNS = EDGE_FIELDS
REQUIRED_NODE_COLUMNS = ("id", "kind", "name")
REQUIRED_EDGE_COLUMNS = ("source", "target", "type")

csv.field_size_limit(16 * 1024 * 1024)


def guard_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: the guard quote before a formula-like start."""
    return GUARD + text if text.startswith(GUARDED_STARTS) else text


def unguard_cell(text: str) -> str:
    """The cell's text without the one leading guard quote ``guard_cell`` adds."""
    return text[1:] if text.startswith(GUARD) else text


def csv_role(header: list[str]) -> str | None:
    """Which table a header belongs to: 'nodes', 'edges' or None."""
    columns = set(header)
    if set(REQUIRED_EDGE_COLUMNS) <= columns:
        return "edges"
    if set(REQUIRED_NODE_COLUMNS) <= columns:
        return "nodes"
    return None


def read_csv(path: Path, text: str) -> RawData:
    """Read nodes.csv or edges.csv (told apart by the header); empty cells are unset."""
    raw = RawData()
    name = str(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raw.problem(Location(name), "the file is empty: expected a header row")
        return raw
    except csv.Error as exc:
        raw.problem(Location(name, 1), f"CSV error: {exc}")
        return raw
    header = [column.strip() for column in header]
    role = csv_role(header)
    if role is None:
        raw.problem(
            Location(name, 1),
            "header must have id,kind,name (nodes) or source,target,type (edges) columns",
        )
        return raw
    known = NODE_COLUMNS if role == "nodes" else EDGE_COLUMNS
    unknown = [column for column in header if column not in known]
    if unknown:
        shown = ", ".join(column[:60] for column in unknown[:10])
        raw.problem(Location(name, 1), f"unknown columns: {shown}" + (", ..." if len(unknown) > 10 else ""))
        return raw
    if len(set(header)) != len(header):
        raw.problem(Location(name, 1), "a column appears twice in the header")
        return raw
    _read_table(raw, name, header, reader, text, raw.node_tables if role == "nodes" else raw.edge_tables)
    return raw


def _unguarded(column: tuple[str, ...]) -> tuple[str, ...]:
    if ("\n" + "\n".join(column)).find("\n" + GUARD) < 0:
        return column  # no cell starts with the guard (found in C, not cell by cell)
    return tuple(map(unguard_cell, column))


def _rows_with_lines(raw: RawData, name: str, text: str) -> tuple[list[list[str]], list[int]]:
    """The non-blank rows after the header, each with the line it starts on, up to a CSV
    error (reported at its line)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if row:
                rows.append(row)
                lines.append(reader.line_num)
    except csv.Error as exc:
        raw.problem(Location(name, reader.line_num), f"CSV error: {exc}")
    return rows, lines


def _read_table(raw: RawData, name: str, header: list[str], reader, text: str, tables: list[Table]) -> None:
    """A file's rows as one Table: a million rows are read and checked a column at a time
    (validation.py), not as a million records."""
    width = len(header)
    try:
        rows = list(reader)  # in C, when every row is one line and none is blank
        simple = reader.line_num == len(rows) + 1 and all(rows)
    except csv.Error:
        simple = False
    if simple:
        lines = list(range(2, len(rows) + 2))
    else:
        rows, lines = _rows_with_lines(raw, name, text)
    if set(map(len, rows)) - {width}:
        kept = []
        for row, line in zip(rows, lines, strict=True):
            if len(row) == width:
                kept.append((row, line))
            else:
                raw.problem(Location(name, line), f"expected {width} columns, found {len(row)}")
        rows, lines = [row for row, _ in kept], [line for _, line in kept]
    columns = [tuple(column) for column in zip(*rows, strict=True)] if rows else [() for _ in header]
    if GUARD in text:  # only a file with a quote somewhere can hold a guarded cell
        columns = [_unguarded(column) for column in columns]
    tables.append(Table(name, header, columns, lines))
