"""Importing a LinkedIn data export (a folder or its zip) into a profile file."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from careergraph.errors import InvalidData, Problem
from careergraph.graph.backend import Backend
from careergraph.loaders.dataset import decode
from careergraph.profiles.dates import month_index
from careergraph.profiles.load import MAX_BYTES, MAX_RECORDS, MAX_TEXT
from careergraph.profiles.match import Match, match_identifier, match_name, profile_name
from careergraph.profiles.write import Entry, one_line, render_profile

# The columns each file needs; LinkedIn writes more (Description, Location, ...), ignored.
REQUIRED = {
    "Positions.csv": ("Title", "Started On", "Finished On"),
    "Certifications.csv": ("Name", "Started On"),
    "Education.csv": ("Degree Name", "End Date"),
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_MONTH_YEAR = re.compile(r"([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})")
_YEAR = re.compile(r"(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")


@dataclass(frozen=True)
class Row:
    """One CSV record: where it is (``file:line``) and its cells by column name."""

    place: str
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return one_line(self.cells.get(column) or "")


def linkedin_month(text: str, end: bool = False) -> str | None:
    """A LinkedIn date ("Jan 2020", "2020", "2020-01") as a profile month ``YYYY-MM``; a
    bare year is its January, or its December when ``end``. None for an empty cell.

    Raises ValueError for anything else.
    """
    text = text.strip()
    if not text:
        return None
    if match := _MONTH_YEAR.fullmatch(text):
        month = _MONTHS.get(match[1].casefold())
        if month is not None:
            return f"{match[2]}-{month:02d}"
    elif match := _ISO.fullmatch(text):
        if 1 <= int(match[2]) <= 12:
            return f"{match[1]}-{match[2]}"
    elif match := _YEAR.fullmatch(text):
        return f"{match[1]}-{12 if end else 1:02d}"
    raise ValueError(f'{text[:40]!r} is not a date (LinkedIn writes "Jan 2020" or "2020")')


def _month_value(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


class _Export:
    """The three CSV files of an export, read from a folder or a zip."""

    def __init__(self, path: Path):
        self.path = path
        self.files: dict[str, tuple[str, bytes]] = {}
        wanted = {name.casefold(): name for name in REQUIRED}
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.casefold() in wanted and child.is_file():
                    self.files[wanted[child.name.casefold()]] = (str(child), self._read(child))
        elif path.is_file():
            self._read_zip(wanted)
        else:
            raise InvalidData([Problem(str(path), None, "no such file or directory")])
        if not self.files:
            raise InvalidData(
                [Problem(str(path), None, f"no {', '.join(REQUIRED)} found: not a LinkedIn export")]
            )

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InvalidData([Problem(str(path), None, f"cannot read: {exc.strerror}")]) from None
        if len(data) > MAX_BYTES:
            raise InvalidData([Problem(str(path), None, f"the file is larger than {MAX_BYTES:,} bytes")])
        return data

    def _read_zip(self, wanted: dict[str, str]) -> None:
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InvalidData(
                [Problem(str(self.path), None, f"not a folder or a zip file ({exc})")]
            ) from None
        with archive:
            for info in archive.infolist():
                base = info.filename.rsplit("/", 1)[-1].casefold()
                if base not in wanted or info.is_dir():
                    continue
                place = f"{self.path}/{info.filename}"
                # The declared size can lie (a zip bomb): read at most one byte past the cap.
                try:
                    with archive.open(info) as stream:
                        data = stream.read(MAX_BYTES + 1)
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
                    raise InvalidData([Problem(place, None, f"cannot read from the zip: {exc}")]) from None
                if len(data) > MAX_BYTES:
                    raise InvalidData([Problem(place, None, f"the file is larger than {MAX_BYTES:,} bytes")])
                self.files[wanted[base]] = (place, data)

    def rows(self, name: str, problems: list[Problem]) -> list[Row]:
        if name not in self.files:
            return []
        place, data = self.files[name]
        text, problem = decode(Path(place), data)
        if problem is not None:
            problems.append(problem)
            return []
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [cell.strip() for cell in next(reader, [])]
            missing = [column for column in REQUIRED[name] if column not in header]
            if missing:
                columns = ", ".join(repr(c) for c in missing)
                problems.append(
                    Problem(place, 1, f"missing column {columns} (found: {', '.join(header)[:120]})")
                )
                return []
            rows = []
            for cells in reader:
                if len(rows) >= MAX_RECORDS:
                    problems.append(Problem(place, reader.line_num, f"more than {MAX_RECORDS:,} records"))
                    return []
                if any(cell.strip() for cell in cells):
                    rows.append(Row(f"{place}:{reader.line_num}", dict(zip(header, cells, strict=False))))
            return rows
        except csv.Error as exc:
            problems.append(Problem(place, reader.line_num, f"CSV error: {exc}"))
            return []


@dataclass
class LinkedInImport:
    """An import's result: the profile text and one line per record that needs a look."""

    text: str
    report: list[str]


def import_linkedin(path: str | Path, backend: Backend, today: datetime.date | None = None) -> LinkedInImport:
    """A profile from a LinkedIn data export (the folder or the zip).

    Positions keep their titles (a title that names no role exactly gets a ``role:`` from
    a fuzzy match, marked, or is reported); certifications and degrees are matched to
    nodes, fuzzily with their authority when no name matches, and marked so. A record
    that matches nothing, or several nodes, is written as a comment and reported.

    Raises InvalidData (exit 2, nothing written) when a file is missing a column, is not
    UTF-8, is too large, or the path is no export.
    """
    today = today or datetime.date.today()
    export = _Export(Path(path))
    problems: list[Problem] = []
    tables = {name: export.rows(name, problems) for name in REQUIRED}
    if problems:
        raise InvalidData(problems)
    importer = _Importer(backend, today)
    for row in tables["Education.csv"]:
        importer.education(row)
    for row in tables["Certifications.csv"]:
        importer.certification(row)
    for row in tables["Positions.csv"]:
        importer.position(row)
    missing = [name for name in REQUIRED if name not in export.files]
    report = [f"{export.path}: no {name} in the export" for name in missing] + importer.report
    header = [
        f"Imported from the LinkedIn export {Path(path).name} on {today.isoformat()} by careergraph.",
        "Check every line marked fuzzy and finish the commented-out records by hand.",
    ]
    return LinkedInImport(render_profile(importer.entries, header), report)


class _Importer:
    def __init__(self, backend: Backend, today: datetime.date):
        self.backend = backend
        self.today = today
        self.entries: list[Entry] = []
        self.report: list[str] = []

    def note(self, row: Row, message: str) -> None:
        self.report.append(f"{row.place}: {message}")

    def month(self, row: Row, column: str, end: bool = False) -> str | None:
        """A month from a cell (raises ValueError); an end in this year given as the
        bare year is this month."""
        month = linkedin_month(row.get(column), end=end)
        if end and row.get(column) == str(self.today.year):
            month = self.today.strftime("%Y-%m")  # "2026" ends this month, not in December
        return month

    def dates(self, row: Row, columns: tuple[str, str], label: str) -> tuple[str | None, str | None] | None:
        try:
            return self.month(row, columns[0]), self.month(row, columns[1], end=True)
        except ValueError as exc:
            self.note(row, f"{label} skipped: {exc}")
            return None

    def future(self, month: str | None) -> bool:
        return month is not None and _month_value(month) > month_index(self.today)

    def matched(self, row: Row, match: Match, entry: Entry, what: str) -> None:
        """Add ``entry`` as matched, or commented out with the reason, and report."""
        if match.node is None:
            entry.disabled = True
            entry.comments.append(f"{what} {match.text!r}: {match.explain()}")
            self.note(row, f"{what} {match.text!r}: {match.explain()}")
        else:
            entry.fields["name"] = profile_name(self.backend, match.node)
            if match.fuzzy or match.by == "identifier":
                how = (
                    "by its URL" if match.by == "identifier" else f"fuzzy (score {match.score:.0f}): check it"
                )
                entry.comments.append(f"{match.text!r} matched {how}")
                if match.fuzzy:
                    self.note(row, f"{what} {match.text!r}: {match.explain()}")
        self.entries.append(entry)

    def education(self, row: Row) -> None:
        degree = row.get("Degree Name")
        school = row.get("School Name")
        dates = self.dates(row, ("Start Date", "End Date"), f"education {degree!r}")
        if dates is None:
            return
        earned = dates[1]
        if not degree or len(degree) > MAX_TEXT:
            self.note(row, f"education at {school or 'an unnamed school'!r} skipped: no degree name")
            return
        if earned is None or self.future(earned):
            self.note(row, f"education {degree!r} skipped: no end date yet, so not earned")
            return
        match = match_name(self.backend, degree, ("Education",))
        if match.node is None and row.get("Notes"):
            match = (
                match_name(self.backend, f"{degree} {row.get('Notes')}", ("Education",))
                if not match.ambiguous
                else match
            )
        entry = Entry(
            "education", {"name": degree, "earned": earned}, [f"{degree} at {school}" if school else degree]
        )
        self.matched(row, match, entry, "education")

    def certification(self, row: Row) -> None:
        name = row.get("Name")
        authority = row.get("Authority") or None
        dates = self.dates(row, ("Started On", "Finished On"), f"certification {name!r}")
        if dates is None:
            return
        earned, expires = dates
        if not name or len(name) > MAX_TEXT:
            self.note(row, "certification skipped: no name")
            return
        if earned is None or self.future(earned):
            self.note(
                row, f"certification {name!r} skipped: no date earned (Started On) or one still to come"
            )
            return
        if expires is not None and _month_value(expires) < _month_value(earned):
            self.note(row, f"certification {name!r} skipped: it expires ({expires}) before it was earned")
            return
        match = (
            match_identifier(self.backend, [row.get("Url")], ("Certification",)) if row.get("Url") else None
        )
        if match is None or match.node is None:
            match = match_name(self.backend, name, ("Certification",), issuer=authority)
        fields: dict[str, object] = {"name": name, "earned": earned}
        if expires is not None:
            fields["expires"] = expires
        entry = Entry("credentials", fields, [f"{name} ({authority})" if authority else name])
        self.matched(row, match, entry, "certification")

    def position(self, row: Row) -> None:
        title = row.get("Title")
        company = row.get("Company Name")
        dates = self.dates(row, ("Started On", "Finished On"), f"position {title!r}")
        if dates is None:
            return
        start, end = dates
        if not title or len(title) > MAX_TEXT or start is None:
            self.note(row, f"position {title or '(no title)'!r} skipped: no title or no start date")
            return
        if self.future(start) or (end is not None and _month_value(end) < _month_value(start)):
            self.note(row, f"position {title!r} skipped: it starts after today or ends before it starts")
            return
        fields: dict[str, object] = {"title": title}
        if company and len(company) <= MAX_TEXT:
            fields["company"] = company
        fields["start"] = start
        fields["end"] = end or "present"
        entry = Entry("positions", fields)
        match = match_name(self.backend, title, ("Role",))
        if match.node is not None and match.fuzzy:
            fields["role"] = profile_name(self.backend, match.node)
            entry.comments.append(f"role matched fuzzy (score {match.score:.0f}): check it")
            self.note(row, f"position {title!r}: {match.explain()}")
        elif match.node is None:
            entry.comments.append(f"no role matched ({match.explain()}): add role: or counts_as:")
            self.note(
                row, f"position {title!r}: {match.explain()}; it counts for no experience until you add one"
            )
        self.entries.append(entry)
