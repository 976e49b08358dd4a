"""Finding, decoding and reading data files of any format, then validating them together."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from careergraph.errors import InvalidData, Problem
from careergraph.graph.collector import paused
from careergraph.graph.model import Dataset, Location
from careergraph.loaders.cache import cache_key, load_cached, store
from careergraph.loaders.csv_format import read_csv
from careergraph.loaders.json_format import read_json
from careergraph.loaders.raw import RawData
from careergraph.loaders.validation import build_dataset

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_yaml(path: Path, text: str) -> RawData:
    """The YAML reader, imported on first use: PyYAML costs start-up that a dataset read
    from the cache never needs."""
    from careergraph.loaders.yaml_format import read_yaml as read

    return read(path, text)


READERS = {".yaml": read_yaml, ".yml": read_yaml, ".json": read_json, ".csv": read_csv}


def data_files(paths: Sequence[str | Path] | None) -> list[Path]:
    """The files to read: each path itself, or a directory's data files in name order.

    Without paths, the curated default dataset shipped inside the package.
    """
    if not paths:
        paths = [DEFAULT_DATA_DIR]
    files: list[Path] = []
    problems: list[Problem] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in READERS)
            if not found:
                problems.append(Problem(str(path), None, "directory holds no .yaml, .json or .csv file"))
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                problems.append(
                    Problem(str(path), None, "unknown format: expected .yaml, .yml, .json or .csv")
                )
            files.append(path)
        else:
            problems.append(Problem(str(path), None, "no such file or directory"))
    if problems:
        raise InvalidData(problems)
    return files


def decode(path: Path, data: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a byte-order mark is dropped); binary or other encodings are problems."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(str(path), None, "file is UTF-16: save it as UTF-8")
    if b"\x00" in data[:8192]:
        return None, Problem(str(path), None, "file looks binary (NUL bytes): expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(str(path), line, f"invalid UTF-8 at byte {exc.start}: save it as UTF-8")
    return text, None


def read_sources(paths: Sequence[str | Path] | None) -> RawData:
    """Read every file into raw records, problems included; nothing is validated yet."""
    raw = RawData()
    for path in data_files(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raw.problems.append(Problem(str(path), None, f"cannot read: {exc.strerror}"))
            continue
        text, problem = decode(path, data)
        if problem is not None:
            raw.problems.append(problem)
            continue
        if not text or text.isspace():
            raw.problems.append(Problem(str(path), None, "the file is empty"))
            continue
        raw.extend(READERS[path.suffix.lower()](path, text))
    return raw


def _curated(path: Path) -> bool:
    return path.resolve().is_relative_to(DEFAULT_DATA_DIR)


def load_dataset(paths: Sequence[str | Path] | None = None, strict: bool = False) -> Dataset:
    """Read, merge and validate datasets; the default dataset when no path is given.

    A node without sources is a warning in a user's files and an error with ``strict``;
    the curated dataset is always checked strictly (every fact there has a source).

    Raises InvalidData with every problem found (file and line for each). Warnings are
    kept on the dataset as ``dataset.warnings``.
    """
    files = data_files(paths)
    lenient = frozenset() if strict else frozenset(str(f) for f in files if not _curated(f))
    # Strictness changes what user files give (warnings, or a refusal): its own key.
    key = cache_key(files, variant="strict" if strict and not all(map(_curated, files)) else "")
    dataset = load_cached(key) if key else None
    if dataset is None:
        with paused():  # millions of new records and none in a cycle: collecting only rescans them
            dataset, warnings = build_dataset(read_sources(files), sources_optional_in=lenient)
            dataset.warnings = warnings
            if key:
                store(key, dataset)
    return dataset.settle()


__all__ = ["DEFAULT_DATA_DIR", "Location", "data_files", "load_dataset", "read_sources"]
