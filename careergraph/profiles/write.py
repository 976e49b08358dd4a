"""Writing profile YAML: entries with comments, a credential added to a file, atomic saves."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from careergraph.errors import InvalidData, Problem, UsageError
from careergraph.profiles.load import SECTIONS, parse_profile

_DATE_TEXT = re.compile(r"\d{4}-\d{2}(-\d{2})?|present")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass
class Entry:
    """One profile entry to write: its fields in order, comment lines above it, and
    whether it is written commented out (a record the person must finish by hand)."""

    section: str
    fields: dict[str, object]
    comments: list[str] = field(default_factory=list)
    disabled: bool = False


def one_line(text: str) -> str:
    """Imported text as one clean line: control characters and line breaks become spaces."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def _scalar(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    # JSON strings are YAML double-quoted scalars; dates stay plain so they read as dates.
    return text if _DATE_TEXT.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def render_entry(entry: Entry, indent: str = "  ") -> list[str]:
    """An entry as YAML list-item lines, its comments first."""
    lines = [f"{indent}# {one_line(comment)}" for comment in entry.comments]
    prefix = f"{indent}# " if entry.disabled else indent
    for number, (key, value) in enumerate(entry.fields.items()):
        lead = "- " if number == 0 else "  "
        lines.append(f"{prefix}{lead}{key}: {_scalar(value)}")
    return lines


def render_profile(entries: list[Entry], header: list[str]) -> str:
    """A whole profile file: header comment lines, then each section's entries."""
    lines = [f"# {one_line(line)}" for line in header]
    for section in SECTIONS:
        chosen = [entry for entry in entries if entry.section == section]
        if not chosen:
            continue
        active = any(not entry.disabled for entry in chosen)
        lines.append(f"{section}:" if active else f"{section}: []")
        for entry in chosen:
            lines.extend(render_entry(entry))
    return "\n".join(lines) + "\n"


def add_entry(text: str, entry: Entry, name: str) -> str:
    """``text`` (a profile) with ``entry`` added at the end of its section, comments and
    layout kept; the result is checked by reading it back.

    Raises UsageError when the section is written in flow style (``[...]`` with items).
    """
    lines = text.splitlines()
    header = re.compile(rf"{entry.section}:\s*(\[\s*\])?\s*(#.*)?")
    start = next((i for i, line in enumerate(lines) if header.fullmatch(line)), None)
    if start is None:
        if any(line.startswith(f"{entry.section}:") for line in lines):
            raise UsageError(f"{name}: {entry.section}: is a flow-style list; write it as one item per line")
        lines += [f"{entry.section}:", *render_entry(entry)]
    else:
        lines[start] = f"{entry.section}:"
        end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#-]", lines[i])), len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        item = next(
            (re.match(r"(\s*)- ", line) for line in lines[start + 1 : end] if re.match(r"\s*- ", line)), None
        )
        lines[end:end] = render_entry(entry, item.group(1) if item else "  ")
    result = "\n".join(lines) + "\n"
    parse_profile(result, name)
    return result


def write_atomically(path: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so a failure
    leaves the old file (or none). Refuses to replace an existing file unless ``force``.

    Raises UsageError for an existing file, InvalidData when the place cannot be written.
    """
    if path.exists() and not force:
        raise UsageError(f"{path} exists: use --force to replace it")
    descriptor, temporary = None, None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            descriptor = None
            stream.write(text)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise InvalidData([Problem(str(path), None, f"cannot write: {exc.strerror or exc}")]) from None
    finally:
        if descriptor is not None:
            os.close(descriptor)
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
