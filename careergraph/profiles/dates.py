"""Profile dates (YYYY-MM or YYYY-MM-DD) and whole calendar months of experience."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable

_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def parse_date(value: object, end: bool = False) -> datetime.date:
    """A profile date: ``YYYY-MM`` (the month's first day, or its last day when ``end``)
    or ``YYYY-MM-DD``. YAML already turns an unquoted ``2015-06-15`` into a date.

    Raises ValueError with a message fit for a ``file:line`` problem.

    >>> parse_date("2021-12", end=True)
    datetime.date(2021, 12, 31)
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip() if isinstance(value, str | int) else None
    match = _DATE.fullmatch(text) if text is not None else None
    if match is None:
        raise ValueError(f"{_shown(value)} is not a date: write YYYY-MM or YYYY-MM-DD")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 1:
        raise ValueError(f"{_shown(value)} is not a date: month {month} of year {year}")
    if match[3] is not None:
        try:
            return datetime.date(year, month, int(match[3]))
        except ValueError as exc:
            raise ValueError(f"{_shown(value)} is not a date: {exc}") from None
    return month_end(year, month) if end else datetime.date(year, month, 1)


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def month_end(year: int, month: int) -> datetime.date:
    """The last day of a month."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_index(day: datetime.date) -> int:
    """A month as one integer (year * 12 + month - 1), so months subtract and compare."""
    return day.year * 12 + day.month - 1


def index_month_end(index: int) -> datetime.date:
    """The last day of the month with this index."""
    return month_end(index // 12, index % 12 + 1)


def last_complete_month(as_of: datetime.date) -> int:
    """The latest month that has ended on ``as_of``: its own month when as_of is the
    month's last day, otherwise the month before."""
    index = month_index(as_of)
    return index if as_of == index_month_end(index) else index - 1


def whole_months(
    intervals: Iterable[tuple[datetime.date, datetime.date]], as_of: datetime.date
) -> frozenset[int]:
    """The calendar months (as indices) that the intervals, merged, cover from their first
    to their last day, counting only months that have ended by ``as_of``.

    A month on two intervals counts once; a month covered only in part (a start on the
    15th) does not count.

    >>> d = datetime.date
    >>> len(whole_months([(d(2019, 1, 1), d(2021, 12, 31)), (d(2021, 6, 1), d(2022, 6, 30))], d(2023, 1, 1)))
    42
    """
    days: list[tuple[datetime.date, datetime.date]] = sorted(intervals)
    merged: list[list[datetime.date]] = []
    for start, end in days:
        # Intervals that touch (one ends on the 31st, the next starts on the 1st) merge too.
        if merged and start <= merged[-1][1] + datetime.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    limit = last_complete_month(as_of)
    months: set[int] = set()
    for start, end in merged:
        first = month_index(start) if start.day == 1 else month_index(start) + 1
        last = month_index(end) if end == index_month_end(month_index(end)) else month_index(end) - 1
        months.update(range(first, min(last, limit) + 1))
    return frozenset(months)
