"""A cache of validated datasets keyed by the files' contents, so start-up skips parsing.

Reading and validating the curated YAML costs more than the rest of a CLI run after
networkx is imported; a validated dataset unpickles in about a millisecond. The key
hashes every data file's path and bytes with the source of the model, the readers and
the validation, so an edited file or a new careergraph gives a new key, never a stale
graph. Only careergraph's own classes unpickle from a cache file (anything else is refused and the
data is read afresh). Set CAREERGRAPH_NO_CACHE=1 to bypass it; CAREERGRAPH_CACHE_DIR
moves it (default ``$XDG_CACHE_HOME/careergraph/datasets``). The newest KEEP files stay.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from careergraph.errors import Problem, UsageError
from careergraph.files import write_atomically
from careergraph.graph import model
from careergraph.graph.model import Dataset

KEEP = 16
MAX_INPUT_BYTES = 16 * 1024 * 1024  # about 100k edges of CSV; beyond, KEEP copies cost gigabytes
_ALLOWED = {
    ("careergraph.graph.model", "Dataset"),
    ("careergraph.graph.model", "Node"),
    ("careergraph.graph.model", "Edge"),
    ("careergraph.graph.model", "Location"),
    ("careergraph.errors", "Problem"),
}


def cache_dir() -> Path | None:
    """Where cached datasets live, or None when caching is switched off."""
    if os.environ.get("CAREERGRAPH_NO_CACHE"):
        return None
    configured = os.environ.get("CAREERGRAPH_CACHE_DIR")
    if configured:
        return Path(configured)
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "careergraph" / "datasets"


def _code_fingerprint() -> bytes:
    """The source of the modules that decide what a validated dataset holds: the model,
    the errors and every reader and check (read as files: importing PyYAML would cost
    the start-up the cache saves)."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    sources = [Path(model.__file__), Path(sys.modules[Problem.__module__].__file__)]
    sources += sorted(Path(__file__).parent.glob("*.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.digest()


def cache_key(files: Sequence[Path], variant: str = "") -> str | None:
    """A key for these files' current contents and a ``variant`` of how they were
    validated, or None when they should not be cached (caching off, a file unreadable or
    the input too large)."""
    if cache_dir() is None:
        return None
    digest = hashlib.sha256(_code_fingerprint())
    if variant:
        digest.update(variant.encode() + b"\0")
    total = 0
    try:
        for path in files:
            data = path.read_bytes()
            total += len(data)
            if total > MAX_INPUT_BYTES:
                return None
            digest.update(str(path.resolve()).encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    except OSError:
        return None
    return digest.hexdigest()


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a dataset cache")
        return super().find_class(module, name)


def load_cached(key: str) -> Dataset | None:
    """The dataset stored under key, or None (missing, unreadable, or not a dataset)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        data = (directory / f"{key}.pickle").read_bytes()
        dataset = _ModelUnpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged cache file is only a miss
        return None
    return dataset if isinstance(dataset, Dataset) else None


def store(key: str, dataset: Dataset) -> None:
    """Keep the dataset under key, written atomically; the oldest files beyond KEEP go.
    A cache that cannot be written is silently skipped."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_atomically(directory / f"{key}.pickle", pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL))
        entries = sorted(directory.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, UsageError):
        return
