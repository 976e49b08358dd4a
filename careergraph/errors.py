"""The exceptions careergraph raises; cli.py maps each to one exit code."""

from __future__ import annotations

from dataclasses import dataclass


def shorten(text: str, limit: int = 80) -> str:
    """``repr(text)`` cut to ``limit`` characters: an argument can be a megabyte long, and
    an error stays one readable line."""
    shown = repr(text)
    return shown if len(shown) <= limit else f"{shown[: limit - 4]}...' ({len(text):,} characters)"


class CareerGraphError(Exception):
    """Base class: every error a user can cause or meet."""

    exit_code = 2


class NoPathway(CareerGraphError):
    """No pathway (or plan) exists between the given nodes."""

    exit_code = 1


class UnknownNode(CareerGraphError):
    """A node argument matched no node, or more than one (ambiguous)."""

    exit_code = 2

    def __init__(self, query: str, candidates: list[str], ambiguous: bool = False):
        self.query = query
        self.candidates = candidates
        self.ambiguous = ambiguous
        shown = shorten(query)
        if ambiguous:
            message = f"{shown} is ambiguous: it could be {', '.join(candidates)}"
        elif candidates:
            message = f"unknown node {shown}; did you mean {', '.join(candidates)}?"
        else:
            message = f"unknown node {shown}"
        super().__init__(message)


class UsageError(CareerGraphError):
    """Arguments that make no sense together."""

    exit_code = 2


def where(file: str, line: int | str | None) -> str:
    """A place in a data file as messages show it: ``file:line``, or the file alone."""
    return f"{file}:{line}" if line is not None else file


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file, located by file and line (or row)."""

    file: str
    line: int | str | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{where(self.file, self.line)}: {'warning: ' if self.warning else ''}{self.message}"

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "severity": "warning" if self.warning else "error",
        }


class InvalidData(CareerGraphError):
    """The data failed validation; carries every problem found, not only the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if not p.warning]
        first = str(errors[0]) if errors else "invalid data"
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        super().__init__(first + more)


class BackendUnavailable(CareerGraphError):
    """The graph backend cannot be reached (Neo4j down, wrong credentials, ...)."""

    exit_code = 3
