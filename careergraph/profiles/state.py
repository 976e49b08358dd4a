"""What a profile means on a date: held, lapsed, current role, months of each experience."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from careergraph.errors import InvalidData, Problem, UnknownNode
from careergraph.graph.backend import Backend
from careergraph.graph.model import Node
from careergraph.profiles.dates import index_month_end, last_complete_month, month_index, whole_months
from careergraph.profiles.model import Holding, Position, Profile
from careergraph.queries.resolve import resolve

_SECTION_KIND = {"education": "Education", "credentials": "Certification"}
_HORIZON = 1_200  # months a projection looks ahead before it gives up: a hundred years


@dataclass(frozen=True)
class ProfileState:
    """A profile as of one date (see docs/profile.md for how months are counted).

    ``experience`` is all-time; ``months`` counts within a look-back window. ``covered``,
    ``stated`` and ``accruing`` are what both are computed from: the calendar months
    (as ``year * 12 + month - 1``) each kind covers, the months stated without dates,
    and the kinds the current positions keep adding to.
    """

    as_of: datetime.date
    held: frozenset[str]
    lapsed: list[tuple[str, datetime.date]]
    current_role: str | None
    experience: dict[str, float]
    positions_by_kind: dict[str, list[Position]]
    warnings: list[str]
    covered: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    stated: dict[str, float] = field(default_factory=dict, repr=False)
    accruing: frozenset[str] = frozenset()

    def months(self, kind: str, window_months: float | None = None) -> float:
        """Months of ``kind`` (a Role or experience-skill id), merged, within the
        ``window_months`` whole calendar months ending at as_of (all time when None).

        Months stated without dates count in every window: they cannot be placed.
        """
        return self._months_until(
            kind, window_months, last_complete_month(self.as_of), self.covered.get(kind)
        )

    def _months_until(
        self, kind: str, window_months: float | None, last: int, covered: frozenset[int] | set[int] | None
    ) -> float:
        covered = covered or frozenset()
        if window_months is None:
            counted = sum(1 for month in covered if month <= last)
        else:
            first = last - int(window_months) + 1
            counted = sum(1 for month in covered if first <= month <= last)
        return float(counted + self.stated.get(kind, 0.0))

    def first_reached(
        self, kind: str, months: float, window_months: float | None = None
    ) -> datetime.date | None:
        """The last day of the month in which the person, by as_of, had first built up
        ``months`` of ``kind`` (months stated without dates counted first); None when
        not reached by as_of, or when only undated months reach it.

        The window is read as of that month: months before it that have fallen out of
        the window by then are not counted."""
        if self.months(kind, window_months) < months:
            return None
        covered = sorted(m for m in self.covered.get(kind, ()) if m <= last_complete_month(self.as_of))
        for month in covered:
            if self._months_until(kind, window_months, month, frozenset(covered)) >= months:
                return index_month_end(month)
        return None

    def reached_on(
        self, kind: str, months: float, window_months: float | None = None
    ) -> datetime.date | None:
        """The date the person has ``months`` of ``kind`` (within the window), assuming
        the current positions go on: as_of when already reached, else the last day of
        the month that completes it; None when no current position adds to it.

        >>> state.reached_on("project-leadership-experience", 36)  # doctest: +SKIP
        datetime.date(2027, 2, 28)
        """
        if self.months(kind, window_months) >= months:
            return self.as_of
        if kind not in self.accruing:
            return None
        covered = set(self.covered.get(kind, ()))
        last = last_complete_month(self.as_of)
        for month in range(last + 1, last + _HORIZON + 1):
            covered.add(month)
            if self._months_until(kind, window_months, month, covered) >= months:
                return index_month_end(month)
        return None


class _Resolver:
    """Matches profile names to nodes, turning misses into problems or warnings."""

    def __init__(self, profile: Profile, backend: Backend):
        self.profile = profile
        self.backend = backend
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.profile.file, line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(str(Problem(self.profile.file, line, message, warning=True)))

    def node(self, text: str, line: int | None, what: str) -> Node | None:
        try:
            return resolve(self.backend, text)
        except UnknownNode as exc:
            self.problem(line, f"{what}: {exc}")
            return None

    def accruing(self, text: str, line: int | None, what: str) -> Node | None:
        node = self.node(text, line, what)
        if node is not None and not node.accrues:
            self.problem(
                line, f"{what}: {node.name} ({node.id}) is a {node.kind}, not a role or an experience"
            )
            return None
        return node

    def kinds(self, start: list[str]) -> set[str]:
        """The kinds and, recursively, every kind their ``counts_as`` lists."""
        seen: set[str] = set()
        todo = list(start)
        while todo:
            kind = todo.pop()
            if kind in seen:
                continue
            seen.add(kind)
            try:
                todo.extend(self.backend.node(kind).counts_as or ())
            except KeyError:
                continue
        return seen

    def role(self, position: Position) -> Node | None:
        if position.role is not None:
            node = self.node(position.role, position.line, "role")
            if node is not None and node.kind != "Role":
                self.problem(position.line, f"role: {node.name} ({node.id}) is a {node.kind}, not a Role")
                return None
            return node
        try:
            node = resolve(self.backend, position.title)
        except UnknownNode as exc:
            self.warn(position.line, f"position title: {exc}; it counts only for its counts_as")
            return None
        if node.kind != "Role":
            self.warn(position.line, f"position title {position.title!r} names a {node.kind}, not a role")
            return None
        return node


def profile_state(profile: Profile, backend: Backend, as_of: datetime.date | None = None) -> ProfileState:
    """What ``profile`` holds and has done as of a date (``as_of``, else the profile's
    own ``as_of``, else today).

    Raises InvalidData (file:line problems) for an unknown or ambiguous credential,
    education or experience kind, or a date after as_of. Unmatched position titles are
    warnings: such a position counts only for its explicit ``counts_as``.
    """
    as_of = as_of or profile.as_of or datetime.date.today()
    resolver = _Resolver(profile, backend)

    held, lapsed = _holdings(resolver, profile, as_of)

    intervals: dict[str, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    positions_by_kind: dict[str, list[Position]] = defaultdict(list)
    accruing: set[str] = set()
    current: list[tuple[datetime.date, str]] = []
    for position in profile.positions:
        late = _after(position.start, as_of) or (position.end is not None and _after(position.end, as_of))
        if late:
            resolver.problem(position.line, f"{late.isoformat()} is after the as-of date {as_of.isoformat()}")
            continue
        role = resolver.role(position)
        if position.counts_as is not None:
            nodes = [resolver.accruing(name, position.line, "counts_as") for name in position.counts_as]
            start = [node.id for node in nodes if node is not None]
        else:
            start = [role.id] if role is not None else []
        if role is not None and position.current:
            current.append((position.start, role.id))
        for kind in resolver.kinds(start):
            intervals[kind].append((position.start, min(position.end or as_of, as_of)))
            positions_by_kind[kind].append(position)
            if position.current:
                accruing.add(kind)

    stated: dict[str, float] = defaultdict(float)
    for claim in profile.experience:
        node = resolver.accruing(claim.kind, claim.line, "experience kind")
        if node is not None:
            for kind in resolver.kinds([node.id]):
                stated[kind] += claim.months

    if resolver.problems:
        raise InvalidData(resolver.problems)
    current_role = max(current)[1] if current else None
    if current_role is not None:
        held.add(current_role)
    covered = {kind: whole_months(spans, as_of) for kind, spans in intervals.items()}
    experience = {
        kind: float(len(covered.get(kind, ())) + stated.get(kind, 0.0))
        for kind in sorted(covered.keys() | stated.keys())
    }
    return ProfileState(
        as_of=as_of,
        held=frozenset(held),
        lapsed=lapsed,
        current_role=current_role,
        experience=experience,
        positions_by_kind={
            kind: sorted(found, key=lambda p: p.start) for kind, found in positions_by_kind.items()
        },
        warnings=resolver.warnings,
        covered=covered,
        stated=dict(stated),
        accruing=frozenset(accruing),
    )


def _holdings(
    resolver: _Resolver, profile: Profile, as_of: datetime.date
) -> tuple[set[str], list[tuple[str, datetime.date]]]:
    """Education and live credentials held; credentials none of whose entries is live,
    with their latest expiry."""
    held: set[str] = set()
    expiries: dict[str, list[datetime.date]] = defaultdict(list)
    for section, entries in (("education", profile.education), ("credentials", profile.credentials)):
        for entry in entries:
            node = _holding(resolver, section, entry, as_of)
            if node is None:
                continue
            if entry.expires is not None and entry.expires < as_of:
                expiries[node.id].append(entry.expires)
            else:
                held.add(node.id)
    lapsed = sorted(
        ((node_id, max(dates)) for node_id, dates in expiries.items() if node_id not in held),
        key=lambda item: (item[1], item[0]),
    )
    return held, lapsed


def _holding(resolver: _Resolver, section: str, entry: Holding, as_of: datetime.date) -> Node | None:
    what = "credential" if section == "credentials" else "education"
    node = resolver.node(entry.name, entry.line, what)
    if node is None:
        return None
    if node.kind != _SECTION_KIND[section]:
        resolver.problem(
            entry.line, f"{what}: {node.name} ({node.id}) is a {node.kind}, not a {_SECTION_KIND[section]}"
        )
        return None
    if _after(entry.earned, as_of):
        resolver.problem(
            entry.line, f"earned {entry.earned.isoformat()} is after the as-of date {as_of.isoformat()}"
        )
        return None
    return node


def _after(day: datetime.date, as_of: datetime.date) -> datetime.date | None:
    """``day`` when it lies in a month after as_of's: a month-precision date ("2026-11")
    is not in the future during its own month."""
    return day if month_index(day) > month_index(as_of) else None
