"""The nodes whose edges lead into a node, ring by ring, breadth-first backwards, and the
hops ball they make.

The hops ball of a pathway search (queries/kbest.py, ``Bound._hops_ball``) is such rings
around the target, until a whole ring brings them past a couple of thousand nodes: the
least moves left from each node to the target. On a graph of a million edges that last
ring reads the sources of hundreds of thousands of edges: 8-36 ms a target in Python,
most of a search by hops and a tenth to a third of one by months. ``EdgeArrays`` keeps a
large graph's edges both ways as arrays (each node's first edge, each edge's other end
and type, by node number: compressed sparse rows), and reads a ring with a few array
operations instead. Its ``Ball`` keeps the moves left as an array too, so a search within
a corridor of the ball (queries/journeys.py) picks the moves out of a node into it with a
few more, not a Python loop over the node's tens of edges. A dataset read back from the
cache carries its arrays (loaders/cache.py); any other large dataset builds them once.
Below ARRAYS_FROM_EDGES the rings and the ball are read in Python (``rings_by_sources``,
``DictBall``): importing numpy would cost a small graph's query more than it saves.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass

from careergraph.graph.model import EDGE_TYPES, Dataset

ARRAYS_FROM_EDGES = 50_000
# ``Ball.through``: what walks enter onward within this many moves is worked out for every
# node at once.
ONWARD_AT_ONCE = 3
Rings = tuple[list[list[str]], bool]
Moves = list[tuple[str, int]]  # each a move's target and its edge's position among the node's edges out
Walks = Callable[[str, float], bool]  # by node id, within so many moves (``through``)
Onward = Callable[[str, float], int]  # by node id, within so many moves: a bit a marked node


@dataclass(frozen=True)
class Through:
    """What ``through`` answers of the walks of a ball to its target that enter a marked
    node: ``walks(node_id, within)``, whether one from ``node_id`` (which counts) takes at
    most ``within`` moves; ``onward(node_id, within)``, the marked nodes such walks enter
    after ``node_id``, bit i for the i-th of ``marked``. Each answer is kept."""

    walks: Walks
    onward: Onward


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


def ball_by_sources(
    in_sources: Callable[[str, Container[str]], list[str]],
    out_neighbours: Callable[[str], list[tuple[str, str]]],
    target: str,
    edge_types: Collection[str],
    avoid: Collection[str],
    past: int,
) -> DictBall:
    """The hops ball of ``rings_by_sources``' rings, in Python: a backend without arrays
    (or a graph too small for them) reads its nodes' neighbours with these two."""
    rings = rings_by_sources(in_sources, target, edge_types, avoid, past)
    return DictBall(rings, out_neighbours, edge_types, avoid)


def edge_arrays_of(dataset: Dataset) -> EdgeArrays | None:
    """``dataset``'s EdgeArrays: the ones it has, else ones built and kept with it when it
    has ARRAYS_FROM_EDGES edges or more; None for a smaller graph."""
    if dataset.edge_arrays is None and len(dataset.edges) >= ARRAYS_FROM_EDGES:
        dataset.edge_arrays = EdgeArrays.build(dataset)
    return dataset.edge_arrays


class DictBall(dict):
    """A hops ball in Python: ``(moves left, -inf)`` by node id (the ``(h, late)`` of a guide
    in queries/kbest.py, by hops), for every node of the rings; a node outside them is
    ``beyond``: at least one move further than the last ring, or None when the rings hold
    every node that can reach the target."""

    def __init__(
        self,
        rings: Rings,
        out_neighbours: Callable[[str], list[tuple[str, str]]],
        edge_types: Container[str],
        avoid: Container[str],
    ):
        super().__init__()
        found, exhausted = rings
        for radius, ring in enumerate(found):
            self.update(dict.fromkeys(ring, (float(radius), -math.inf)))  # one tuple a ring
        self.beyond: tuple[float, float] | None = None if exhausted else (float(len(found)), -math.inf)
        self._out_neighbours, self._types, self._avoid = out_neighbours, edge_types, avoid

    def moves(self, node_id: str, most: float, far: bool = False) -> tuple[Moves, Moves]:
        """The moves out of ``node_id`` along edges of the ball's types into nodes it does
        not avoid: those into a node at most ``most`` moves from the target, and (with
        ``far``, else none) those into one further away that still reaches it."""
        near: Moves = []
        further: Moves = []
        beyond, types, avoid = self.beyond, self._types, self._avoid
        for position, (target, edge_type) in enumerate(self._out_neighbours(node_id)):
            if edge_type in types and target not in avoid:
                ahead = self.get(target, beyond)
                if ahead is not None:
                    if ahead[0] <= most:
                        near.append((target, position))
                    elif far:
                        further.append((target, position))
        return near, further

    def lefts(self, node_id: str) -> list[float]:
        """The moves left from the target of each edge out of ``node_id``, in edge order:
        ``beyond``'s for a node outside the ball, infinite for one that cannot reach."""
        beyond = math.inf if self.beyond is None else self.beyond[0]
        found = []
        for target, _ in self._out_neighbours(node_id):
            ahead = self.get(target)
            found.append(beyond if ahead is None else ahead[0])
        return found

    def through(self, marked: Sequence[str], most: float) -> Through:
        """The walks of the ball's moves to the target, never through the target before
        their end, that enter a node of ``marked`` on the way (``Through``), asked about
        within at most ``most`` moves. A node's moves left are a lower bound on any such
        walk, exact where the rings hold every node that can reach the target. Worked out
        as asked, each answer kept (the ball of a small graph, or of one read from Neo4j).
        """
        bits = {node: 1 << i for i, node in enumerate(marked)}
        beyond, kept, ahead_of = self.beyond, {}, {}

        def walks(node_id: str, within: float) -> bool:
            ahead = self.get(node_id, beyond)
            if ahead is None or not 0 < ahead[0] <= within:
                return False  # the target itself, or too far from it
            if node_id in bits:
                return True
            found = kept.get((node_id, within))
            if found is None:
                onward = self.moves(node_id, within - 1)[0]
                found = kept[node_id, within] = any(walks(t, within - 1) for t, _ in onward)
            return found

        def onward(node_id: str, within: float) -> int:
            found = ahead_of.get((node_id, within))
            if found is None:
                found = 0
                for following, _ in self.moves(node_id, within - 1)[0]:
                    if walks(following, within - 1):
                        found |= bits.get(following, 0)
                        if within > 2:
                            found |= onward(following, within - 1)
                ahead_of[node_id, within] = found
            return found

        return Through(walks, onward)


class EdgeArrays:
    """A graph's edges both ways as arrays, read as ``rings_by_sources`` reads its rings
    (each ring's nodes in node order, not in the order first reached), and made into a
    ``Ball``.

    ``plain`` is the arrays as bytes (``plain()``: what the cache keeps); they are made
    arrays when first read, so a dataset read from the cache imports nothing for a
    command that reads no rings."""

    def __init__(self, ids: list[str], plain: tuple[bytes, ...]):
        self._ids = ids  # node number -> id: the dataset's nodes, in order
        self._plain = plain
        self._arrays: tuple | None = None

    @classmethod
    def build(cls, dataset: Dataset) -> EdgeArrays:
        """The arrays of ``dataset``'s edges, from its adjacency index (which holds every
        edge once each way: validation has every edge join two of its nodes). A node's
        edges out keep the index's order, so a position among them is ``out_edge``'s."""
        import numpy as np

        ids = list(dataset.nodes)
        count, edges = len(ids), len(dataset.edges)
        outgoing, incoming = dataset.adjacency()

        def flat(index: dict[str, list[int]]):
            lengths = np.fromiter((len(index.get(i, ())) for i in ids), np.int64, count)
            positions = itertools.chain.from_iterable(index.get(i, ()) for i in ids)
            first = np.zeros(count + 1, np.int64)
            np.cumsum(lengths, out=first[1:])
            return (
                first,
                np.repeat(np.arange(count, dtype=np.int32), lengths),
                np.fromiter(positions, np.int64, edges),
            )

        out_first, out_owner, out_positions = flat(outgoing)
        in_first, in_owner, in_positions = flat(incoming)
        sources = np.empty(edges, np.int32)
        sources[out_positions] = out_owner
        targets = np.empty(edges, np.int32)
        targets[in_positions] = in_owner
        codes = {edge_type: code for code, edge_type in enumerate(EDGE_TYPES)}
        types = np.fromiter(map(codes.__getitem__, dataset.edge_values("type")), np.int8, edges)
        arrays = (
            in_first,
            sources[in_positions],
            types[in_positions],
            out_first,
            targets[out_positions],
            types[out_positions],
        )
        return cls(ids, tuple(a.tobytes() for a in arrays))

    def plain(self) -> tuple[bytes, ...]:
        """The arrays as bytes: builtins, as the cache keeps everything."""
        return self._plain

    def _read(self) -> tuple:
        if self._arrays is None:
            import numpy as np

            kinds = (np.int64, np.int32, np.int8) * 2
            self._arrays = (
                *(np.frombuffer(data, kind) for data, kind in zip(self._plain, kinds, strict=True)),
                np.array(self._ids, dtype=object),
                {node: n for n, node in enumerate(self._ids)},
            )
        return self._arrays

    def _rings(self, target: str, edge_types: Collection[str], avoid: Collection[str], past: int):
        """The rings as arrays of node numbers (ring 0 the target's), then whether they
        stopped because no ring followed: ``rings_by_sources``' walk."""
        import numpy as np

        first, sources, types, *_, number = self._read()
        count = len(first) - 1
        seen = np.zeros(count, bool)
        ring = np.array([number[target]])
        seen[ring] = True
        blocked = self._blocked(avoid)
        allowed = _type_mask(edge_types)
        rings, total = [ring], 1
        while total <= past:
            reached = _reaching((first, sources, types), ring, allowed, blocked)
            fresh = np.zeros(count, bool)
            fresh[reached] = True
            fresh &= ~seen
            ring = np.flatnonzero(fresh)
            if not len(ring):
                return rings, True
            seen |= fresh
            total += len(ring)
            rings.append(ring)
        return rings, False

    def _blocked(self, avoid: Collection[str]):
        if not avoid:
            return None
        import numpy as np

        number = self._read()[-1]
        blocked = np.zeros(len(self._ids), bool)
        blocked[[number[node] for node in avoid if node in number]] = True
        return blocked

    def rings(self, target: str, edge_types: Collection[str], avoid: Collection[str], past: int) -> Rings:
        """``rings_by_sources`` over the arrays."""
        rings, exhausted = self._rings(target, edge_types, avoid, past)
        names = self._read()[-2]
        return [names[ring].tolist() for ring in rings], exhausted

    def ball(self, target: str, edge_types: Collection[str], avoid: Collection[str], past: int) -> Ball:
        """``DictBall``'s ball, kept as an array of moves left by node number."""
        import numpy as np

        rings, exhausted = self._rings(target, edge_types, avoid, past)
        left = np.full(len(self._ids), math.inf if exhausted else float(len(rings)))
        for radius, ring in enumerate(rings):
            left[ring] = radius
        return Ball(self, left, len(rings), sum(map(len, rings)), exhausted, edge_types, avoid)


class Ball(Mapping):
    """``DictBall`` over ``EdgeArrays``: ``(moves left, -inf)`` by node id, read from an
    array of moves left by node number (infinite: cannot reach the target); ``moves``
    picks a node's moves with array operations."""

    def __init__(self, arrays: EdgeArrays, left, rings: int, size: int, exhausted: bool, edge_types, avoid):
        *edges_in, out_first, out_targets, out_types, _, number = arrays._read()
        self._left, self._size = left, size
        self._read_left = memoryview(left)  # a Python float per read, without numpy's scalars
        self._first = memoryview(out_first)
        self._targets, self._types, self._ids, self._number = out_targets, out_types, arrays._ids, number
        self._outer = math.inf if exhausted else float(rings)  # a node in no ring
        self.beyond: tuple[float, float] | None = None if exhausted else (float(rings), -math.inf)
        self._values = {}  # one tuple a ring
        self._allowed = _type_mask(edge_types)
        self._blocked = arrays._blocked(avoid)
        self._in = edges_in  # each node's first edge in, their sources and types

    def get(self, node_id: str, default=None):
        n = self._number.get(node_id)
        if n is None:
            return default
        value = self._read_left[n]
        if value >= self._outer:  # not in a ring
            return default
        found = self._values.get(value)
        if found is None:
            found = self._values[value] = (value, -math.inf)
        return found

    def __getitem__(self, node_id: str):
        found = self.get(node_id)
        if found is None:
            raise KeyError(node_id)
        return found

    def __contains__(self, node_id: object) -> bool:
        return self.get(node_id) is not None  # type: ignore[arg-type]

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        return (node for node in self._ids if node in self)

    def moves(self, node_id: str, most: float, far: bool = False) -> tuple[Moves, Moves]:
        """``DictBall.moves``, with array operations on the node's edges out."""
        n = self._number[node_id]
        start, end = self._first[n], self._first[n + 1]
        targets = self._targets[start:end]
        left = self._left[targets]
        near = left <= most
        usable = None
        if self._allowed is not None or self._blocked is not None or far or most == math.inf:
            usable = left < math.inf
            if self._allowed is not None:
                usable &= self._allowed[self._types[start:end]]
            if self._blocked is not None:
                usable &= ~self._blocked[targets]
            near &= usable
        picked = _picked(self._ids, targets, near.nonzero()[0])
        return picked, (_picked(self._ids, targets, (usable & ~near).nonzero()[0]) if far else [])

    def lefts(self, node_id: str) -> list[float]:
        """``DictBall.lefts``, read from the array."""
        n = self._number[node_id]
        return self._left[self._targets[self._first[n] : self._first[n + 1]]].tolist()

    def through(self, marked: Sequence[str], most: float) -> Through:
        """``DictBall.through``, its walks worked out at once for every node by a
        breadth-first walk backwards from the marked nodes over the arrays, ``most`` moves
        deep. A search at 1M edges asks about a thousand nodes a query with tens of edges
        each: walked forwards from each in Python, that was 19 ms a query; this walk takes
        about 1 ms. What the walks enter onward within up to ONWARD_AT_ONCE moves is worked
        out for every node at once too (``_onward_levels``); within more, forwards from a
        node, as asked (~200 nodes a query at 1M edges, against ~1,100 when every level
        was read that way)."""
        import numpy as np

        number, left = self._number, self._left
        marks = np.zeros(len(left), bool)
        marks[[number[node] for node in marked if node in number]] = True
        marks &= left > 0  # the target is never a step on the way
        # The moves left after entering each node, having entered a marked one on the way.
        within = np.where(marks, left, math.inf)
        for moves in range(1, int(min(most, len(left)))):
            # An avoided node is never entered, so never a step on the way.
            reached = _reaching(self._in, np.flatnonzero(within == moves), self._allowed, self._blocked)
            reached = reached[(within[reached] > moves + 1) & (left[reached] > 0)]
            within[reached] = moves + 1
        # Each marked node's bit (Python integers past 62 marked nodes: no overflow).
        own = np.zeros(len(left), np.int64 if len(marked) < 63 else object)
        for i, node in enumerate(marked):
            if node in number:
                own[number[node]] = 1 << i
        levels = self._onward_levels(within, own)
        view = memoryview(within)
        first, targets, types, allowed, blocked = (
            self._first,
            self._targets,
            self._types,
            self._allowed,
            self._blocked,
        )
        kept: dict[tuple[int, float], int] = {}

        def onward(n: int, most: float) -> int:
            if most <= ONWARD_AT_ONCE:
                return int(levels[int(most) - 1][n]) if most >= 1 else 0
            found = kept.get((n, most))
            if found is None:
                start, end = first[n], first[n + 1]
                following = targets[start:end]
                usable = within[following] <= most - 1  # walks on from there
                if allowed is not None:
                    usable &= allowed[types[start:end]]
                if blocked is not None:
                    usable &= ~blocked[following]
                ahead = following[usable]
                if most - 1 <= ONWARD_AT_ONCE:
                    after = levels[int(most) - 2][ahead]
                else:
                    after = np.array([onward(t, most - 1) for t in ahead.tolist()], own.dtype)
                found = kept[n, most] = int(np.bitwise_or.reduce(own[ahead] | after, initial=0))
            return found

        return Through(
            lambda node_id, limit: view[number[node_id]] <= limit,
            lambda node_id, limit: onward(number[node_id], limit),
        )

    def _onward_levels(self, within, own) -> list:
        """For m = 1 to ONWARD_AT_ONCE, what the walks from every node enter onward within m
        moves (``Through.onward``), each an array by node number: a move into a node
        whose walks go on within m - 1 moves brings that node's bit and what its own walks
        enter within m - 1. Backwards from those nodes: at 1M edges about a hundred
        nodes and 10,000 edges into them for m = 3 (for m = 4 it would be ~6,000 nodes
        and 150,000 edges, dearer than the forward reads it would save)."""
        import numpy as np

        levels = [np.zeros_like(own)]  # within one move: a walk enters the target next
        for moves in range(2, ONWARD_AT_ONCE + 1):
            ahead = np.flatnonzero(within <= moves - 1)
            reached, entered = _reaching(self._in, ahead, self._allowed, self._blocked, entered=True)
            found = np.zeros_like(own)
            np.bitwise_or.at(found, reached, (own | levels[-1])[entered])
            levels.append(found)
        return levels


def _reaching(edges_in: tuple, ring, allowed, blocked, entered: bool = False):
    """The sources of the edges of allowed types into the nodes of ``ring`` (node numbers)
    that are not blocked: one step of a walk backwards over the arrays. With ``entered``,
    also the node each of those edges enters."""
    import numpy as np

    first, sources, types = edges_in
    if blocked is not None:
        ring = ring[~blocked[ring]]
    starts = first[ring]
    lengths = first[ring + 1] - starts
    # Every edge into the ring: each node's run of positions, end to end.
    positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    reached = sources[positions]
    kept = None if allowed is None else allowed[types[positions]]
    if not entered:
        return reached if kept is None else reached[kept]
    into = np.repeat(ring, lengths)
    return (reached, into) if kept is None else (reached[kept], into[kept])


def _type_mask(edge_types: Collection[str]):
    """Which of EDGE_TYPES (by code, as the arrays keep them) may be walked; None for all."""
    import numpy as np

    allowed = np.array([edge_type in edge_types for edge_type in EDGE_TYPES])
    return None if allowed.all() else allowed


def _picked(ids: list[str], targets, positions) -> Moves:
    return [(ids[t], p) for t, p in zip(targets[positions].tolist(), positions.tolist(), strict=True)]
