"""Importing an Open Badges 3.0 / W3C Verifiable Credential JSON as a profile credential."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from careergraph.errors import InvalidData, Problem
from careergraph.graph.backend import Backend
from careergraph.profiles.load import read_text
from careergraph.profiles.match import Match, match_identifier, match_name, profile_name
from careergraph.profiles.write import Entry, add_entry, one_line, render_profile

_CTID = re.compile(r"ce-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Badge:
    """What a badge says: the achievement's name, its issuer, its identifiers (CTIDs and
    URLs) and the credential's validity."""

    name: str
    issuer: str | None
    identifiers: tuple[str, ...]
    valid_from: datetime.date
    valid_until: datetime.date | None


@dataclass
class BadgeImport:
    """The resulting profile text, the match, and the line to report."""

    text: str
    match: Match
    report: list[str]


def _text(value: object) -> str | None:
    """A string, or the first value of a language map ({"en": "..."})."""
    if isinstance(value, dict):
        value = next((v for v in value.values() if isinstance(v, str)), None)
    return one_line(value) if isinstance(value, str) and value.strip() else None


def _date(document: dict, keys: tuple[str, ...], name: str) -> datetime.date | None:
    for key in keys:
        value = document.get(key)
        if value is None:
            continue
        match = _DAY.match(value) if isinstance(value, str) else None
        try:
            return datetime.date.fromisoformat(match[1]) if match else _bad_date(name, key, value)
        except ValueError:
            _bad_date(name, key, value)
    return None


def _bad_date(name: str, key: str, value: object) -> None:
    raise InvalidData([Problem(name, None, f"{key}: {str(value)[:40]!r} is not an ISO date-time")])


def read_badge(path: str | Path) -> Badge:
    """The parts of an Open Badges 3.0 credential a profile needs.

    Accepts ``validFrom``/``validUntil`` (VC 2.0) and ``issuanceDate``/``expirationDate``
    (VC 1.1, earlier OB 3.0 drafts). Raises InvalidData (file:line) for a file that is
    not JSON, too large or too deep, or has no achievement name or issue date.
    """
    path = Path(path)
    name = str(path)
    text = read_text(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidData([Problem(name, exc.lineno, f"JSON error: {exc.msg}")]) from None
    except RecursionError:
        raise InvalidData([Problem(name, None, "JSON error: the document is nested too deeply")]) from None
    if not isinstance(document, dict):
        raise InvalidData([Problem(name, 1, "expected a Verifiable Credential object")])
    subject = document.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else None
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if not isinstance(achievement, dict) or _text(achievement.get("name")) is None:
        raise InvalidData(
            [Problem(name, None, "no credentialSubject.achievement with a name: not an Open Badge 3.0")]
        )
    issuer = document.get("issuer") or achievement.get("creator")
    issuer_name = _text(issuer.get("name")) if isinstance(issuer, dict) else None
    identifiers = []
    for alignment in achievement.get("alignment") or []:
        if isinstance(alignment, dict):
            for key in ("targetCode", "targetUrl"):
                if isinstance(alignment.get(key), str):
                    identifiers.append(alignment[key].strip())
    criteria = achievement.get("criteria")
    for value in (
        achievement.get("id"),
        achievement.get("url"),
        criteria.get("id") if isinstance(criteria, dict) else None,
    ):
        if isinstance(value, str):
            identifiers.append(value.strip())
    valid_from = _date(document, ("validFrom", "issuanceDate", "awardedDate"), name)
    if valid_from is None:
        raise InvalidData([Problem(name, None, "no validFrom (or issuanceDate): the date earned is unknown")])
    valid_until = _date(document, ("validUntil", "expirationDate"), name)
    if valid_until is not None and valid_until < valid_from:
        raise InvalidData([Problem(name, None, f"validUntil {valid_until} is before validFrom {valid_from}")])
    ctids = [i for i in identifiers if _CTID.fullmatch(i)]
    urls = [i for i in identifiers if i.startswith(("http://", "https://"))]
    return Badge(_text(achievement["name"]) or "", issuer_name, tuple(ctids + urls), valid_from, valid_until)


def match_badge(backend: Backend, badge: Badge, table: dict[str, str] | None = None) -> Match:
    """The certification a badge is for: exactly by a CTID or a known URL, else by name
    and issuer (fuzzy, marked)."""
    found = match_identifier(backend, badge.identifiers, ("Certification",), table)
    if found is not None:
        return found
    return match_name(backend, badge.name, ("Certification",), issuer=badge.issuer)


def import_badge(
    path: str | Path,
    backend: Backend,
    into: tuple[str, str] | None = None,
    today: datetime.date | None = None,
    table: dict[str, str] | None = None,
) -> BadgeImport:
    """A profile with the badge's credential added: to ``into`` (its text and file name),
    or a new profile.

    Raises InvalidData when the badge is unreadable, matches no certification or several
    (listed), or was issued after today.
    """
    today = today or datetime.date.today()
    badge = read_badge(path)
    if badge.valid_from > today:
        raise InvalidData(
            [Problem(str(path), None, f"validFrom {badge.valid_from} is after today ({today})")]
        )
    match = match_badge(backend, badge, table)
    if match.node is None:
        what = f"{badge.name!r}" + (f" from {badge.issuer!r}" if badge.issuer else "")
        raise InvalidData([Problem(str(path), None, f"achievement {what}: {match.explain()}")])
    fields: dict[str, object] = {
        "name": profile_name(backend, match.node),
        "earned": badge.valid_from.isoformat(),
    }
    if badge.valid_until is not None:
        fields["expires"] = badge.valid_until.isoformat()
    how = "by its identifier" if match.by == "identifier" else "by name"
    if match.fuzzy:
        how = f"fuzzy by name and issuer (score {match.score:.0f}): check it"
    comment = (
        f"Open Badge {badge.name!r}" + (f" from {badge.issuer}" if badge.issuer else "") + f", matched {how}"
    )
    entry = Entry("credentials", fields, [comment])
    if into is None:
        header = [
            f"Profile started from the Open Badge {Path(path).name} on {today.isoformat()} by careergraph."
        ]
        text = render_profile([entry], header)
    else:
        text = add_entry(into[0], entry, into[1])
    report = [f"{path}: {badge.name!r}: {match.explain()}"] if match.fuzzy else []
    return BadgeImport(text, match, report)
