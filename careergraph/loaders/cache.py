"""A cache of validated datasets keyed by the files' contents, so start-up skips parsing.

Reading and validating costs far more than the rest of a CLI run: the curated YAML is read
in a fraction of a second from the cache, a 1M-edge CSV graph in about a second instead of
ten. The key hashes every data file's path and bytes with the source of the model, the
readers and the validation, so an edited file or a new careergraph gives a new key, never
a stale graph.

A cache file holds plain data only (tuples of each node's fields, the edges' fields and
locations as columns, the warnings, the adjacency index and, for a large graph, its edges
into each node as arrays in bytes, graph/rings.py): nothing but builtins
unpickles from it, a damaged or foreign file is a miss and the data is read afresh, and
rebuilding the records from plain data is several times faster than unpickling objects.
Edges are rebuilt as a query reads them (graph/rows.py): a command that reads a few
thousand of a million edges builds only those. Set
CAREERGRAPH_NO_CACHE=1 to bypass it; CAREERGRAPH_CACHE_DIR moves it (default
``$XDG_CACHE_HOME/careergraph/datasets``). The newest KEEP files stay, and no more than
MAX_BYTES of them.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Sequence
from dataclasses import fields
from operator import attrgetter
from pathlib import Path

from careergraph.errors import Problem, UsageError
from careergraph.files import write_atomically
from careergraph.graph import model
from careergraph.graph.collector import paused
from careergraph.graph.model import EDGE_FIELDS, Dataset, Edge, Location, Node, edge_at
from careergraph.graph.rings import EdgeArrays, edge_arrays_of
from careergraph.graph.rows import Rows

KEEP = 16
MAX_BYTES = 1024**3  # a 1M-edge graph's file is about 150 MB
FORMAT = 5  # edges and their locations kept as columns; a large graph's EdgeArrays, both ways
_NODE_FIELDS = attrgetter(*(f.name for f in fields(Node)))
_EDGE_FIELDS = attrgetter(*(f.name for f in fields(Edge)))


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
    the errors, every reader and check, and its EdgeArrays (read as files:
    importing PyYAML would cost the start-up the cache saves)."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    sources = [Path(model.__file__), Path(sys.modules[Problem.__module__].__file__)]
    sources.append(Path(sys.modules[EdgeArrays.__module__].__file__))
    sources += sorted(Path(__file__).parent.glob("*.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.digest()


def cache_key(files: Sequence[Path], variant: str = "") -> str | None:
    """A key for these files' current contents and a ``variant`` of how they were
    validated, or None when they should not be cached (caching off, a file unreadable)."""
    if cache_dir() is None:
        return None
    digest = hashlib.sha256(_code_fingerprint())
    if variant:
        digest.update(variant.encode() + b"\0")
    try:
        for path in files:
            data = path.read_bytes()
            # The same digest as of the concatenation, without copying a large file's bytes.
            digest.update(str(path.resolve()).encode() + b"\0" + len(data).to_bytes(8, "big"))
            digest.update(data)
    except OSError:
        return None
    return digest.hexdigest()


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles builtins only: a cache file never names a class or a function."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a dataset cache")


def _plain(dataset: Dataset) -> dict:
    """The dataset as plain data (locations as (file, line) tuples)."""
    node_ids = list(dataset.nodes)
    return {
        "format": FORMAT,
        "nodes": [_NODE_FIELDS(dataset.nodes[i]) for i in node_ids],
        "node_locations": [
            tuple(dataset.node_locations[i]) if i in dataset.node_locations else None for i in node_ids
        ],
        # Columns, not a tuple an edge: a million fewer objects to read back, and the
        # edges rebuilt by one call of map (in C), not a Python loop.
        "edges": [list(column) for column in zip(*map(_EDGE_FIELDS, dataset.edges), strict=True)],
        "edge_locations": [
            [location.file for location in dataset.edge_locations],
            [location.line for location in dataset.edge_locations],
        ],
        "warnings": [(p.file, p.line, p.message, p.warning) for p in dataset.warnings],
        "adjacency": dataset.adjacency(),
        "edge_arrays": _edge_arrays(dataset),
    }


def _edge_arrays(dataset: Dataset) -> tuple[bytes, ...] | None:
    """A large graph's edges both ways as arrays (graph/rings.py), built now if not yet:
    kept with the graph, a command reading it back need not build them again."""
    arrays = edge_arrays_of(dataset)
    return None if arrays is None else arrays.plain()


def _dataset(plain: dict) -> Dataset:
    """The dataset back from ``_plain``'s form."""
    nodes = [Node(*values) for values in plain["nodes"]]
    located = zip(nodes, plain["node_locations"], strict=True)
    dataset = Dataset(
        nodes={node.id: node for node in nodes},
        # Built an edge at a time as a query reads them: a command reads few of a million.
        edges=Rows(Edge, plain["edges"], EDGE_FIELDS, edge_at(plain["edges"])) if plain["edges"] else [],
        node_locations={node.id: Location(*at) for node, at in located if at},
        edge_locations=Rows(Location, plain["edge_locations"]) if plain["edges"] else [],
        warnings=[Problem(*values) for values in plain["warnings"]],
    )
    outgoing, incoming = plain["adjacency"]
    dataset._adjacency = (outgoing, incoming)
    if plain["edge_arrays"] is not None:
        dataset.edge_arrays = EdgeArrays(list(dataset.nodes), plain["edge_arrays"])
    return dataset


def load_cached(key: str) -> Dataset | None:
    """The dataset stored under key, or None (missing, unreadable, or not a dataset)."""
    directory = cache_dir()
    if directory is None:
        return None
    with paused():  # a million new records and none in a cycle: collecting only rescans them
        try:
            data = (directory / f"{key}.pickle").read_bytes()
            plain = _PlainUnpickler(io.BytesIO(data)).load()
            if not isinstance(plain, dict) or plain.get("format") != FORMAT:
                return None
            return _dataset(plain)
        except Exception:  # a damaged cache file is only a miss
            return None


def store(key: str, dataset: Dataset) -> None:
    """Keep the dataset under key, written atomically; beyond the newest KEEP files, or
    MAX_BYTES of them, the oldest go. A cache that cannot be written is silently skipped."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(_plain(dataset), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(directory / f"{key}.pickle", data)
        entries = sorted(directory.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        total = 0
        for count, entry in enumerate(entries):
            total += entry.stat().st_size
            if count >= KEEP or (count > 0 and total > MAX_BYTES):
                entry.unlink(missing_ok=True)
    except (OSError, UsageError):
        return
