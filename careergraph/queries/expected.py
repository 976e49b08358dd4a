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
"""

from __future__ import annotations

from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE
from careergraph.queries.holdings import counting_as, expected_experience
from careergraph.queries.moves import Journey
from careergraph.queries.schedule import EPSILON


class Expected:
    """The target's employers' expectations of experience, and which nodes of a corridor's
    hops ball (``Ball`` or ``DictBall``) a pathway lacking them can still enter within at
    most ``most`` moves left."""

    def __init__(self, backend: Backend, target: str, ball, most: float):
        """``ball`` is the corridor's hops ball around ``target``; ``most`` the most moves
        left ``leads`` is asked about (a move with more is never refused)."""
        self.target, self.most = target, most
        self.groups = expected_experience(backend, target)
        self._walks = [ball.through(_sources(backend, group), most) for group in self.groups]

    def unmet(self, journey: Journey) -> list[int]:
        """The groups ``journey`` neither holds enough of nor accrues, by index."""
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
        return all(self._walks[g](node, most) for g in unmet)


def _sources(backend: Backend, group: tuple[tuple[str, float], ...]) -> set[str]:
    """The nodes whose entering can start a kind of ``group`` accruing or gain it (a
    superset: a bound may only be loose). Every node counting as one starts it. A plan
    gains one only by meeting a requirement on a node counting as one, and not an
    employer's expectation of a role (``schedule.frozen``: the journey does not accrue
    it), so the target of any other such requirement gains it, and everything requiring
    that target, transitively."""
    counted = {node for kind, _ in group for node in counting_as(backend, kind)}
    found = set(counted)
    todo = [
        edge.target
        for node in counted
        for edge in backend.out_edges(node, PREREQUISITE)
        if not (edge.basis == "employers" and backend.node(edge.target).kind == "Role")
    ]
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo.extend(edge.target for edge in backend.out_edges(node, PREREQUISITE))
    return found
