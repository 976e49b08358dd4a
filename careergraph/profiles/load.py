"""Reading a profile file: bounded, safe YAML, every problem reported with its file:line."""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path

import yaml

from careergraph.errors import InvalidData, Problem
from careergraph.loaders.dataset import decode
from careergraph.loaders.yaml_format import LINE_KEY, _LineLoader
from careergraph.profiles.dates import parse_date
from careergraph.profiles.model import Holding, Position, Profile, StatedExperience

MAX_BYTES = 5_000_000  # a person's history fits in kilobytes; more is a mistake or hostile
MAX_RECORDS = 10_000
MAX_TEXT = 500
MAX_MONTHS = 1_200  # a hundred years
PRESENT = "present"
SECTIONS = ("education", "credentials", "positions", "experience")
_FIELDS = {
    "education": ({"name", "earned"}, set()),
    "credentials": ({"name", "earned"}, {"expires"}),
    "positions": ({"title", "start", "end"}, {"company", "role", "counts_as"}),
    "experience": ({"kind", "months"}, set()),
}
# Control, bidirectional-override and line-break characters could forge a line of output.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def read_text(path: Path) -> str:
    """A profile file's text: at most MAX_BYTES, UTF-8 (a byte-order mark is dropped).

    Raises InvalidData naming the file when it is missing, too large or not UTF-8.
    """
    name = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidData([Problem(name, None, f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > MAX_BYTES:
        raise InvalidData([Problem(name, None, f"the file is larger than {MAX_BYTES:,} bytes")])
    text, problem = decode(path, data)
    if problem is not None:
        raise InvalidData([problem])
    return text


def _parse_yaml(name: str, text: str) -> object:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = str(exc.problem or exc.context)
        if "nesting depth" in problem:
            problem = "the document is nested too deeply"
        raise InvalidData(
            [Problem(name, mark.line + 1 if mark else None, f"YAML error: {problem}")]
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidData([Problem(name, None, f"YAML error: {str(exc).splitlines()[0]}")]) from None
    except RecursionError:
        raise InvalidData([Problem(name, None, "YAML error: the document is nested too deeply")]) from None


class _Reader:
    """Collects problems while turning records into profile entries."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def text(self, record: dict, key: str, line: int | None) -> str | None:
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(line, f"{key}: must be text, not {type(value).__name__}")
            return None
        text = str(value).strip()
        if not text:
            self.problem(line, f"{key}: must not be empty")
        elif len(text) > MAX_TEXT:
            self.problem(line, f"{key}: is {len(text):,} characters long (at most {MAX_TEXT})")
        elif _FORBIDDEN.search(text):
            self.problem(line, f"{key}: must be one line of text without control characters")
        else:
            return text
        return None

    def date(self, record: dict, key: str, line: int | None, end: bool = False) -> datetime.date | None:
        try:
            return parse_date(record[key], end=end)
        except ValueError as exc:
            self.problem(line, f"{key}: {exc}")
            return None

    def fields(self, section: str, record: dict, line: int | None) -> bool:
        required, optional = _FIELDS[section]
        ok = True
        for key in sorted(required - record.keys()):
            self.problem(line, f"{section}: missing field {key!r}")
            ok = False
        for key in sorted(record.keys() - required - optional, key=str):
            self.problem(line, f"{section}: unknown field {str(key)[:60]!r}")
            ok = False
        return ok

    def holding(self, section: str, record: dict, line: int | None) -> Holding | None:
        name = self.text(record, "name", line)
        earned = self.date(record, "earned", line)
        expires = self.date(record, "expires", line, end=True) if record.get("expires") is not None else None
        if earned and expires and expires < earned:
            self.problem(line, f"expires {expires.isoformat()} is before earned {earned.isoformat()}")
            return None
        if name is None or earned is None:
            return None
        return Holding(name, earned, expires, line)

    def position(self, record: dict, line: int | None) -> Position | None:
        title = self.text(record, "title", line)
        company = self.text(record, "company", line)
        role = self.text(record, "role", line)
        start = self.date(record, "start", line)
        present = isinstance(record["end"], str) and record["end"].strip().casefold() == PRESENT
        end = None if present else self.date(record, "end", line, end=True)
        counts_as = None
        if "counts_as" in record:
            counts_as = self.names(record["counts_as"], "counts_as", line)
        if start and end and end < start:
            self.problem(line, f"end {end.isoformat()} is before start {start.isoformat()}")
            return None
        if title is None or start is None or (end is None and not present):
            return None
        return Position(title, start, end, company, role, counts_as, line)

    def names(self, value: object, key: str, line: int | None) -> tuple[str, ...] | None:
        items = value if isinstance(value, list) else [value]
        names = [self.text({key: item}, key, line) for item in items]
        return tuple(n for n in names if n is not None) if all(names) else None

    def stated(self, record: dict, line: int | None) -> StatedExperience | None:
        kind = self.text(record, "kind", line)
        months = record["months"]
        if isinstance(months, bool) or not isinstance(months, int | float) or not math.isfinite(months):
            self.problem(line, "months: must be a number")
            return None
        if not 0 <= months <= MAX_MONTHS:
            self.problem(line, f"months: must be between 0 and {MAX_MONTHS}")
            return None
        return StatedExperience(kind, float(months), line) if kind else None


def load_profile(path: str | Path) -> Profile:
    """Read and check a profile file (docs/profile.md).

    Names are not matched to the graph here (profile_state does that); dates, fields and
    shapes are checked, and every problem is reported at once.

    Raises InvalidData with a ``file:line`` Problem for each problem found.
    """
    path = Path(path)
    return parse_profile(read_text(path), str(path))


def parse_profile(text: str, name: str) -> Profile:
    """A profile from its text; ``name`` is the file that problems name."""
    if not text.strip():
        raise InvalidData([Problem(name, None, "the file is empty")])
    document = _parse_yaml(name, text)
    if not isinstance(document, dict):
        raise InvalidData([Problem(name, 1, "expected a mapping with education:, credentials:, positions:")])
    reader = _Reader(name)
    top = document.pop(LINE_KEY, 1)
    for key in document:
        if key not in SECTIONS and key != "as_of":
            reader.problem(top, f"unknown top-level key {str(key)[:60]!r}")
    as_of = reader.date(document, "as_of", top) if document.get("as_of") is not None else None
    entries: dict[str, list] = {section: [] for section in SECTIONS}
    count = 0
    for section in SECTIONS:
        records = document.get(section) or []
        if not isinstance(records, list):
            reader.problem(top, f"{section}: must be a list of entries")
            continue
        count += len(records)
        if count > MAX_RECORDS:
            raise InvalidData(
                [Problem(name, top, f"more than {MAX_RECORDS:,} entries: not a person's history")]
            )
        for record in records:
            if not isinstance(record, dict):
                reader.problem(top, f"{section}: each entry must be a mapping")
                continue
            line = record.pop(LINE_KEY, None)
            if not reader.fields(section, record, line):
                continue
            if section in ("education", "credentials"):
                entry = reader.holding(section, record, line)
            elif section == "positions":
                entry = reader.position(record, line)
            else:
                entry = reader.stated(record, line)
            if entry is not None:
                entries[section].append(entry)
    if reader.problems:
        raise InvalidData(reader.problems)
    return Profile(
        file=name,
        as_of=as_of,
        education=tuple(entries["education"]),
        credentials=tuple(entries["credentials"]),
        positions=tuple(entries["positions"]),
        experience=tuple(entries["experience"]),
    )
