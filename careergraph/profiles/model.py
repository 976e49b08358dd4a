"""A person's profile as read from its file: education, credentials, positions, experience."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Holding:
    """An education or a credential entry: what it names, when it was earned, when it
    expires (credentials only; None when it does not)."""

    name: str
    earned: datetime.date
    expires: datetime.date | None = None
    line: int | None = None


@dataclass(frozen=True)
class Position:
    """A job held from ``start`` to ``end`` (None: "present").

    ``role`` names the Role when the title does not (an importer's fuzzy match);
    ``counts_as`` lists the kinds of experience it counts as, replacing the default (the
    role and that role's own ``counts_as``).
    """

    title: str
    start: datetime.date
    end: datetime.date | None
    company: str | None = None
    role: str | None = None
    counts_as: tuple[str, ...] | None = None
    line: int | None = None

    @property
    def current(self) -> bool:
        return self.end is None

    def to_dict(self) -> dict:
        """The position as JSON shows it: dates as text, "present" for an open end."""
        out = {"title": self.title, "company": self.company, "start": self.start.isoformat()}
        out["end"] = self.end.isoformat() if self.end is not None else "present"
        return out


@dataclass(frozen=True)
class StatedExperience:
    """Months of one kind of experience stated directly, without dates (from a CV)."""

    kind: str
    months: float
    line: int | None = None


@dataclass(frozen=True)
class Profile:
    """What a profile file says, checked for shape but not yet matched to the graph."""

    file: str
    as_of: datetime.date | None = None
    education: tuple[Holding, ...] = ()
    credentials: tuple[Holding, ...] = ()
    positions: tuple[Position, ...] = ()
    experience: tuple[StatedExperience, ...] = ()
