"""Whether a pathway could enter a node at all: a relaxation that proves there is none.

A search that stops at its limits without a pathway cannot say there is none. This
check can, for the commonest reason: a role whose employers expect experience that no
pathway from FROM can come by (a Technical Project Manager cannot become an Engineering
Manager without years of software development, and no move from there gives them).

Walking forward from FROM, a node is entered if it is held, or was obtainable in the
plan of a node entered before, or its employers' expectations can be met: in each such
group of a role some alternative is a kind of experience that could have months by then
(or asks for none).
A kind could have months if FROM or the person has them or accrues them, a role (or
experience) entered gives them, or the plan of a node entered could gain them (a kind in
its requirements), each widened through ``counts_as``. Everything else a move needs is
taken as met and months are not counted, so the set entered holds every node a real
pathway enters (a move the plan engine prices is one this allows); a node outside it is
entered by no pathway.
"""

from __future__ import annotations

from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE, Edge, requirement_groups
from careergraph.queries.holdings import counts_as_closure
from careergraph.queries.moves import Journey
from careergraph.queries.schedule import EPSILON


def could_enter(
    backend: Backend,
    journey: Journey,
    source: str,
    target: str,
    edge_types: tuple[str, ...],
    avoid: frozenset[str],
    limit: int | None = None,
) -> bool | None:
    """Whether some pathway from ``source``, standing at ``journey``, could enter ``target``
    along ``edge_types`` without entering ``avoid`` (False proves no pathway does). With a
    ``limit``, None once more nodes than that are entered: the check is left undecided."""
    check = _Relaxation(backend, journey)
    entered, waiting, queue = {source}, set(), [source]
    awaiting: dict[str, set[str]] = {}  # kind -> nodes waiting that expect it
    while queue:
        if target in entered:
            return True
        if limit is not None and len(entered) > limit:
            return None
        node = queue.pop()
        for edge in backend.out_edges(node):
            following = edge.target
            if edge.type not in edge_types or following in avoid or following in entered:
                continue
            awaited = check.awaited(following)
            if awaited:
                waiting.add(following)  # until a kind it waits for could have months
                for kind in awaited:
                    awaiting.setdefault(kind, set()).add(following)
                continue
            entering = [following]
            while entering:  # what entering adds may let nodes waiting in
                entered.update(entering)
                queue.extend(entering)
                kinds, free = set(), set()
                for node_id in entering:
                    more_kinds, more_free = check.gain(node_id)
                    kinds |= more_kinds
                    free |= more_free
                ready = waiting & free
                for kind in kinds:
                    ready |= {n for n in awaiting.pop(kind, ()) if n in waiting and not check.awaited(n)}
                waiting -= ready
                entering = list(ready)
    return target in entered


class _Relaxation:
    """The kinds of experience that could have months, and the nodes obtainable, so far."""

    def __init__(self, backend: Backend, journey: Journey):
        self.backend = backend
        holdings = journey.holdings
        self.free = set(holdings.nodes)
        self.kinds = set(journey.accruing) | {k for k, months in holdings.experience.items() if months > 0}

    def awaited(self, node_id: str) -> set[str]:
        """The kinds a node waits for before it can be entered: those of each of a role's
        employers' expectations that no kind could meet yet. Empty: it can be entered."""
        if node_id in self.free or self.backend.node(node_id).kind != "Role":
            return set()
        return {
            e.source
            for edges in requirement_groups(self.backend.in_edges(node_id, PREREQUISITE)).values()
            if all(self._unmet(e) for e in edges)
            for e in edges
        }

    def _unmet(self, edge: Edge) -> bool:
        """An employer's expectation of months of a kind nothing could have given yet."""
        return (
            edge.basis == "employers"
            and edge.months > EPSILON
            and edge.source not in self.kinds
            and self.backend.node(edge.source).accrues
        )

    def gain(self, node_id: str) -> tuple[set[str], set[str]]:
        """What entering a node adds: its own experience, and what its plan could obtain
        and gain; returned as the kinds and the nodes new to the relaxation."""
        kinds: set[str] = set()
        free: set[str] = set()
        if self.backend.node(node_id).accrues:
            kinds.update(counts_as_closure(self.backend, node_id))
        for edge in self.backend.prerequisite_closure(node_id):
            free.add(edge.source)
            if self.backend.node(edge.source).accrues:
                kinds.update(counts_as_closure(self.backend, edge.source))
        kinds -= self.kinds
        free -= self.free
        self.kinds |= kinds
        self.free |= free
        return kinds, free
