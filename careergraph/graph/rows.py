"""Records kept as columns and built the first time each is read.

A dataset read back from the cache (loaders/cache.py) holds a million edges; a command
that answers one question reads a few thousand of them. ``Rows`` is the read-only list
such a dataset keeps its edges (and their locations) in: indexing builds and keeps one
record; iterating builds every record not built yet, in one pass; ``column`` gives a
field's values without building any record. Threads may share one: a record two threads
build at once is built twice, equal, and either is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any


class Rows(Sequence):
    """A read-only sequence of ``make(*values)`` records over equal-length columns."""

    __slots__ = ("_make", "_columns", "_names", "_built", "_at")

    def __init__(
        self,
        make: Callable[..., Any],
        columns: Sequence[list],
        names: Sequence[str] = (),
        at: Callable[[int], Any] | None = None,
    ):
        """``at``, if given, builds the record at an index as ``make`` would from the
        columns' values there, faster (``edge_at``)."""
        self._make = make
        self._columns = list(columns)
        self._names = tuple(names)
        self._built: list = [None] * (len(self._columns[0]) if self._columns else 0)
        self._at = at

    def __len__(self) -> int:
        return len(self._built)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        record = self._built[index]
        if record is None:
            at = self._at
            record = at(index) if at is not None else self._make(*[column[index] for column in self._columns])
            self._built[index] = record
        return record

    def __iter__(self) -> Iterator:
        built = self._built
        if None in built:
            every = list(map(self._make, *self._columns))
            if built.count(None) != len(built):  # keep the records already handed out
                every = [old if old is not None else new for old, new in zip(built, every, strict=True)]
            self._built = built = every
        return iter(built)

    def column(self, name: str) -> list:
        """The values of one field, in order, without building the records."""
        return self._columns[self._names.index(name)]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, Rows)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Rows({len(self)} records)"

    def __reduce__(self):
        return list, (list(self),)
