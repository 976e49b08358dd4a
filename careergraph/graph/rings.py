"""The nodes whose edges lead into a node, ring by ring, breadth-first backwards.

The hops ball of a pathway search (queries/kbest.py, ``Bound._hops_ball``) is such rings
around the target, until a whole ring brings them past a couple of thousand nodes. On a
graph of a million edges that last ring reads the sources of hundreds of thousands of
edges: 8-36 ms a target in Python, most of a search by hops and a tenth to a third of one
by months. ``InIndex`` keeps a large graph's edges into each node as three arrays (each
node's first edge, each edge's source and type, by node number: compressed sparse rows),
and reads a ring with a few array operations instead. A dataset read back from the cache
carries its index (loaders/cache.py); any other large dataset builds it once. Below
ARRAYS_FROM_EDGES the rings are read in Python (``rings_by_sources``): importing numpy
would cost a small graph's query more than it saves.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Container

from careergraph.graph.model import EDGE_TYPES, Dataset

ARRAYS_FROM_EDGES = 50_000
Rings = tuple[list[list[str]], bool]


def rings_by_sources(
    in_sources: Callable[[str, Container[str]], list[str]],
    target: str,
    edge_types: Container[str],
    avoid: Container[str],
    past: int,
) -> Rings:
    """The rings into ``target``: ring r holds the nodes r moves away along edges of
    ``edge_types`` (ring 0 is ``target``), each node in the first ring that reaches it. A
    node of ``avoid`` is in its ring, but nothing is reached through it. They stop with
    the first whole ring that brings the count past ``past``; with them, whether they
    stopped because no ring followed (True) rather than for their size."""
    seen = {target}
    ring = [target]
    rings = [ring]
    while len(seen) <= past:
        following = []
        for node in ring:
            if node in avoid:
                continue
            for source in in_sources(node, edge_types):
                if source not in seen:
                    seen.add(source)
                    following.append(source)
        if not following:
            return rings, True
        rings.append(following)
        ring = following
    return rings, False


def in_index_of(dataset: Dataset) -> InIndex | None:
    """``dataset``'s InIndex: the one it has, else one built and kept with it when it has
    ARRAYS_FROM_EDGES edges or more; None for a smaller graph."""
    if dataset.in_index is None and len(dataset.edges) >= ARRAYS_FROM_EDGES:
        dataset.in_index = InIndex.build(dataset)
    return dataset.in_index


class InIndex:
    """A graph's edges into each node as arrays, read as ``rings_by_sources`` reads its
    rings (each ring's nodes in node order, not in the order first reached).

    ``plain`` is the arrays as bytes (``plain()``: what the cache keeps); they are made
    arrays when first read, so a dataset read from the cache imports nothing for a
    command that reads no rings."""

    def __init__(self, ids: list[str], plain: tuple[bytes, bytes, bytes]):
        self._ids = ids  # node number -> id: the dataset's nodes, in order
        self._plain = plain
        self._arrays: tuple | None = None

    @classmethod
    def build(cls, dataset: Dataset) -> InIndex:
        """The index of ``dataset``'s edges, from its adjacency index (which holds every
        edge once each way: validation has every edge join two of its nodes)."""
        import numpy as np

        ids = list(dataset.nodes)
        count, edges = len(ids), len(dataset.edges)
        outgoing, incoming = dataset.adjacency()

        def flat(index: dict[str, list[int]]):
            lengths = np.fromiter((len(index.get(i, ())) for i in ids), np.int64, count)
            positions = itertools.chain.from_iterable(index.get(i, ()) for i in ids)
            return lengths, np.fromiter(positions, np.int64, edges)

        out_lengths, out_positions = flat(outgoing)
        sources = np.empty(edges, np.int32)
        sources[out_positions] = np.repeat(np.arange(count, dtype=np.int32), out_lengths)
        codes = {edge_type: code for code, edge_type in enumerate(EDGE_TYPES)}
        types = np.fromiter(map(codes.__getitem__, dataset.edge_values("type")), np.int8, edges)
        in_lengths, in_positions = flat(incoming)
        first = np.zeros(count + 1, np.int64)
        np.cumsum(in_lengths, out=first[1:])
        arrays = (first, sources[in_positions], types[in_positions])
        return cls(ids, tuple(a.tobytes() for a in arrays))  # type: ignore[arg-type]

    def plain(self) -> tuple[bytes, bytes, bytes]:
        """The arrays as bytes: builtins, as the cache keeps everything."""
        return self._plain

    def _read(self) -> tuple:
        if self._arrays is None:
            import numpy as np

            first, sources, types = self._plain
            self._arrays = (
                np.frombuffer(first, np.int64),
                np.frombuffer(sources, np.int32),
                np.frombuffer(types, np.int8),
                np.array(self._ids, dtype=object),
                {node: n for n, node in enumerate(self._ids)},
            )
        return self._arrays

    def rings(self, target: str, edge_types: Collection[str], avoid: Collection[str], past: int) -> Rings:
        """``rings_by_sources`` over the arrays."""
        import numpy as np

        first, sources, types, names, number = self._read()
        count = len(names)
        seen = np.zeros(count, bool)
        ring = np.array([number[target]])
        seen[ring] = True
        blocked = None
        if avoid:
            blocked = np.zeros(count, bool)
            blocked[[number[node] for node in avoid if node in number]] = True
        allowed = np.array([edge_type in edge_types for edge_type in EDGE_TYPES])
        rings, total = [[target]], 1
        while total <= past:
            if blocked is not None:
                ring = ring[~blocked[ring]]
            starts = first[ring]
            lengths = first[ring + 1] - starts
            # Every edge into the ring: each node's run of positions, end to end.
            positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
            reached = sources[positions]
            if not allowed.all():
                reached = reached[allowed[types[positions]]]
            fresh = np.zeros(count, bool)
            fresh[reached] = True
            fresh &= ~seen
            ring = np.flatnonzero(fresh)
            if not len(ring):
                return rings, True
            seen |= fresh
            total += len(ring)
            rings.append(names[ring].tolist())
        return rings, False
