"""Within a corridor, whether a pathway can still come to have the experience its target's
employers expect.

A role's employers' expectation of experience (an ``employers`` requirement group of a role
whose alternatives all accrue) is met only by months held or accruing when the role is entered
(queries/moves.py): a course does not make an engineer a Scrum Master. A journey that
neither holds enough of any alternative nor accrues one can come to meet it only by
entering a node that starts one accruing (a role or experience whose months count as it)
or whose plan can gain one (a node with one, or something counting as one, among its
requirements, transitively). Those nodes are the group's *sources*.

So a pathway of a corridor (queries/journeys.py: at most ``most`` moves) from such a journey
must enter a source before its last move, and that source must still lead to the target in
the moves left. ``Expected.leads`` answers whether any walk of the corridor's ball does
(``through``, graph/rings.py). At 1M edges most labels a search by months expanded sat at a
plateau of equal bounds and were such journeys: in roles of another track, with no walk
left to a role giving the target's experience. Over the bench's 100 pairs the search then
expanded 354 labels a query instead of 539 and pushed 1,354 moves instead of 2,474, with
the same answers and lower bounds (docs/benchmarks.md).

``Expected.earliest`` bounds *when* such a journey can have it. A kind it lacks grows only
from a source entered later on the pathway: from the end of the move into a node that
counts as it, which that node's own requirements delay (``Floors.earliest_end``), or
during the plan of a move into a node whose requirements demand at least the months
expected (a plan demanding fewer raises it to those at most). So the target is entered no
sooner than the least such month over the sources the corridor's walks from here still
enter (``through``'s ``onward``), plus the months still to accrue. The journey search
asks it of a move only where that could decide something (queries/journeys.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE
from careergraph.queries.holdings import counting_as, expected_experience
from careergraph.queries.moves import Journey
from careergraph.queries.schedule import EPSILON


@dataclass(frozen=True)
class _Way:
    """How the sources of a group come to give one of its alternatives, ``months`` of
    ``kind``, as bits of the group's sources: entering one of ``counted`` starts it
    accruing; the plan of a move into one of ``gainers`` can raise it to ``months`` (a
    requirement in its plan asks for that much); the plan of any other raises it to
    ``below`` at most."""

    kind: str
    months: float
    counted: int
    gainers: int
    below: float


class Expected:
    """The target's employers' expectations of experience, and which nodes of a corridor's
    hops ball (``Ball`` or ``DictBall``) a pathway lacking them can still enter within at
    most ``most`` moves left."""

    def __init__(self, backend: Backend, target: str, ball, most: float):
        """``ball`` is the corridor's hops ball around ``target``; ``most`` the most moves
        left ``leads`` is asked about (a move with more is never refused)."""
        self.target, self.most = target, most
        self.groups = expected_experience(backend, target)
        self._sources: list[list[str]] = []  # by group: its sources, bit i the i-th
        self._bits: list[dict[str, int]] = []
        self._ways: list[list[_Way]] = []
        for group in self.groups:
            sources, bits, ways = _ways(backend, group)
            self._sources.append(sources)
            self._bits.append(bits)
            self._ways.append(ways)
        self._through = [ball.through(sources, most) for sources in self._sources]

    def unmet(self, journey: Journey) -> list[int]:
        """The groups ``journey`` neither holds enough of nor accrues, by index; none once it
        holds the target, which a pathway then enters again at once (``moves.move``)."""
        if self.target in journey.holdings.nodes:
            return []
        held, accruing = journey.holdings.months, journey.accruing
        return [
            index
            for index, group in enumerate(self.groups)
            if not any(kind in accruing or held(kind) >= months - EPSILON for kind, months in group)
        ]

    def leads(self, node: str, most: float, unmet: list[int]) -> bool:
        """Whether a pathway entering ``node`` with at most ``most`` moves left can still
        meet every group of ``unmet``: ``node`` is a source of each, or a walk of the ball
        from it enters one with the target still within the moves left (``through``). A
        move into the target itself is not this check's to refuse (its floor does:
        queries/moves.py)."""
        if node == self.target or most > self.most:
            return True
        return all(self._through[g].walks(node, most) for g in unmet)

    def earliest(
        self,
        journey: Journey,
        node: str,
        within: float,
        unmet: list[int],
        end: Callable[[str], float],
        entering: float | None = None,
        beyond: float = -math.inf,
    ) -> float:
        """A month before which a pathway from ``journey`` at ``node``, with at most ``within``
        moves left after it, cannot have what the groups of ``unmet`` ask. With
        ``entering``, ``node`` is entered by a move that ends then at the earliest (and may
        be a source itself); else the journey stands at it. A kind not accruing grows only
        from a source the pathway enters on the way (``onward``): from when the move into a
        counted one ends (``end``: at the earliest), or during the plan of a gainer's move,
        which ends before the target's; either way at most a month a month from now. A
        group whose month is no later than ``beyond`` is not looked at further."""
        if within - 1 > self.most:
            return -math.inf  # more moves left than ``leads`` was built for
        now, held = journey.time, journey.holdings.months
        ends: dict[str, float] = {}
        latest = -math.inf
        entry = -math.inf if entering is None else entering  # a source is entered no sooner
        for group in unmet:
            sources = self._sources[group]
            onward = self._through[group].onward(node, within) if within >= 2 else 0
            least = math.inf
            entered = 0 if entering is None else self._bits[group].get(node, 0)  # a source itself
            for way in self._ways[group]:
                have = held(way.kind)
                accrued = now + way.months - have
                accruing = way.months - max(have, way.below)  # from entering a counted source
                if entered:
                    if entered & way.gainers:
                        least = min(least, max(entry, accrued))
                    elif entered & way.counted:
                        least = min(least, max(entry + accruing, accrued))
                giving = onward & (way.gainers | way.counted)
                while giving and least > beyond:
                    bit = giving & -giving
                    giving ^= bit
                    source = sources[bit.bit_length() - 1]
                    ended = ends.get(source)
                    if ended is None:
                        ended = ends[source] = max(end(source), entry)
                    if bit & way.gainers:
                        least = min(least, max(ended, accrued))
                    else:
                        least = min(least, max(ended + accruing, accrued))
            if least > beyond:
                latest = max(latest, least)
        return latest


def _ways(
    backend: Backend, group: tuple[tuple[str, float], ...]
) -> tuple[list[str], dict[str, int], list[_Way]]:
    """The nodes whose entering can start a kind of ``group`` accruing or gain it (its
    sources, sorted: a superset, as a bound may only be loose), each one's bit, and each
    alternative as a ``_Way`` over those bits. Every node counting as a kind starts it; the
    plan of a move into a node a kind's demands reach can gain it (``_demands``)."""
    reached = [(kind, months, counting_as(backend, kind), _demands(backend, kind)) for kind, months in group]
    sources = sorted({node for *_, counted, most in reached for node in (*counted, *most)})
    bit = {source: 1 << i for i, source in enumerate(sources)}
    ways = []
    for kind, months, counted, most in reached:
        gainers = sum(bit[node] for node, demand in most.items() if demand >= months - EPSILON)
        below = max((demand for demand in most.values() if demand < months - EPSILON), default=0.0)
        ways.append(_Way(kind, months, sum(bit[node] for node in counted), gainers, below))
    return sources, bit, ways


def _demands(backend: Backend, kind: str) -> dict[str, float]:
    """The nodes whose move's plan can gain ``kind``, each with the most months of it that
    plan can demand. A plan gains it only by meeting a requirement on a node counting as
    it, and not an employer's expectation of a role (``schedule.frozen``: the journey does
    not accrue it), so the target of any other such requirement gains what it asks, and
    everything requiring that target as much, transitively."""
    most: dict[str, float] = {}
    todo = [
        (edge.target, edge.months)
        for node in counting_as(backend, kind)
        for edge in backend.out_edges(node, PREREQUISITE)
        if not (edge.basis == "employers" and backend.node(edge.target).kind == "Role")
    ]
    while todo:
        node, demand = todo.pop()
        if demand > most.get(node, -1.0):
            most[node] = demand
            todo.extend((edge.target, demand) for edge in backend.out_edges(node, PREREQUISITE))
    return most
