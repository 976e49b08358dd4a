"""A request's query string as typed, bounded arguments: every bad value is a UsageError
(HTTP 400), never an exception from deeper down."""

from __future__ import annotations

import math
from collections.abc import Sequence

from starlette.datastructures import QueryParams

from careergraph.errors import UsageError, shorten
from careergraph.graph.backend import Backend
from careergraph.graph.model import Node
from careergraph.queries.holdings import Holdings, holdings_from_have, parse_have
from careergraph.queries.resolve import resolve

MAX_TEXT = 500  # characters of one parameter: a node name is never longer
MAX_K = 10
MAX_VIA = 5
MAX_AVOID = 20
MAX_HAVE = 200
MAX_LIMIT = 100


class Query:
    """The query parameters of one request, read and checked one by one."""

    def __init__(self, params: QueryParams, backend: Backend):
        self.params = params
        self.backend = backend

    def texts(self, name: str, most: int) -> list[str]:
        values = [v for v in self.params.getlist(name) if v.strip()]
        if len(values) > most:
            raise UsageError(f"{name}: at most {most} values, got {len(values)}")
        for value in values:
            if len(value) > MAX_TEXT:
                raise UsageError(f"{name}: {shorten(value)} is longer than {MAX_TEXT} characters")
        return values

    def text(self, name: str, default: str | None = None) -> str:
        values = self.texts(name, 1)
        if values:
            return values[0]
        if default is None:
            raise UsageError(f"missing parameter {name!r}")
        return default

    def optional(self, name: str) -> str | None:
        values = self.texts(name, 1)
        return values[0] if values else None

    def choice(self, name: str, choices: Sequence[str], default: str | None) -> str | None:
        value = self.optional(name)
        if value is None:
            return default
        if value not in choices:
            raise UsageError(f"{name} must be one of {', '.join(choices)}, not {shorten(value)}")
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        value = self.optional(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise UsageError(f"{name} must be a whole number, not {shorten(value)}") from None
        if not low <= number <= high:
            raise UsageError(f"{name} must be from {low} to {high}")
        return number

    def number(self, name: str) -> float | None:
        value = self.optional(name)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"{name} must be a number, not {shorten(value)}") from None
        if not math.isfinite(number) or number < 0:
            raise UsageError(f"{name} must be a finite, non-negative number")
        return number

    def flag(self, name: str) -> bool:
        value = self.choice(name, ("1", "0", "true", "false"), "false")
        return value in ("1", "true")

    def node(self, name: str) -> Node:
        return resolve(self.backend, self.text(name))

    def nodes(self, name: str, most: int) -> list[Node]:
        return [resolve(self.backend, text) for text in self.texts(name, most)]

    def holdings(self) -> Holdings | None:
        """``have`` values as the CLI's --have reads them ("Leading projects=24" is 24
        months); None when there are none, as when the CLI gets no --have."""
        items = [parse_have(text) for text in self.texts("have", MAX_HAVE)]
        return holdings_from_have(self.backend, items, resolve) if items else None
