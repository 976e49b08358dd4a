"""What a person holds: nodes, and months of experience already accrued.

A holding is a node (a degree, a certification, a role) or an amount of experience
("Leading projects=24": 24 months). Holding a node implies what it could not have been
obtained without (a requirement group with a single alternative), including the months
such a requirement demanded. Months of one experience also count as each experience it
``counts_as`` (a Technical Project Manager's months are months of leading projects).
"""

from __future__ import annotations

import datetime
import math
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from careergraph.errors import UsageError, shorten
from careergraph.graph.backend import Backend
from careergraph.graph.model import PREREQUISITE, Node, group_key, requirement_groups
from careergraph.queries.perbackend import PerBackend

# "NAME=MONTHS": the last "=" followed by a number; a name may itself contain "=".
_AMOUNT = re.compile(r"^(?P<name>.+?)\s*=\s*(?P<months>[0-9]+(?:\.[0-9]+)?)\s*$")
MAX_MONTHS = 1200  # a century of experience is a typo


@dataclass(frozen=True)
class HaveItem:
    """One --have argument: a name, and months when an amount was given."""

    text: str
    months: float | None = None


def parse_have(text: str) -> HaveItem:
    """``"Leading projects=24"`` is 24 months of that experience; anything else is a name.

    Raises UsageError for an amount that is not a finite number of months."""
    match = _AMOUNT.match(text)
    if not match:
        return HaveItem(text)
    months = float(match["months"])
    if not math.isfinite(months) or months > MAX_MONTHS:
        raise UsageError(f"{shorten(text)}: months must be a number from 0 to {MAX_MONTHS}")
    return HaveItem(match["name"], int(months) if months.is_integer() else months)


@dataclass(frozen=True)
class Holdings:
    """Held node ids (requirements they imply included) and accrued months by node id.

    ``experience`` has an entry for every accruing node with months (a role's tenure, an
    experience skill's practice), already widened through ``counts_as``."""

    nodes: frozenset[str] = frozenset()
    experience: Mapping[str, float] = field(default_factory=dict)
    given: tuple[Node, ...] = ()
    # A profile knows when its months fell: months of a kind within a look-back window,
    # and the date a number of months was first reached.
    # On a pathway: the month each node gained on the way was obtained (a wait after it
    # runs from then); what was held before the pathway was obtained long before.
    obtained: Mapping[str, float] = field(default_factory=dict)
    within: Callable[[str, float], float] | None = None
    reached: Callable[[str, float, float | None], datetime.date | None] | None = None
    as_of: datetime.date | None = None

    def months(self, node_id: str, window_months: float | None = None) -> float:
        """Months of experience held; with a window, only those inside it where the
        holdings know their dates (a profile), else all of them."""
        if window_months and self.within is not None:
            return self.within(node_id, window_months)
        return self.experience.get(node_id, 0.0)


def counts_as_closure(backend: Backend, node_id: str) -> tuple[str, ...]:
    """The experience kinds that months of ``node_id`` count as: itself, then what it
    counts as, transitively. A fact of the graph, kept for the backend's life (a pathway
    search asks again at every move and every journey widened)."""
    kept = _COUNTS_AS(backend)
    found = kept.get(node_id)
    if found is None:
        found = kept[node_id] = tuple(_closure(node_id, lambda kind: backend.node(kind).counts_as or ()))
    return found


def expected_experience(backend: Backend, node_id: str) -> list[tuple[tuple[str, float], ...]]:
    """What a role's employers expect of experience: its requirement groups whose every
    alternative is an employers' expectation of something that accrues, each as (kind,
    months) alternatives; none for anything but a role. On a pathway only months held or
    accruing meet them (``schedule.frozen``)."""
    if backend.node(node_id).kind != "Role":
        return []
    groups = requirement_groups(backend.in_edges(node_id, PREREQUISITE))
    return [
        tuple((e.source, e.months) for e in edges)
        for edges in groups.values()
        if all(e.basis == "employers" and backend.node(e.source).accrues for e in edges)
    ]


def counting_as(backend: Backend, kind: str) -> list[str]:
    """``kind`` and everything whose months count as it (its counts_as closure holds it).
    Who counts as what is one pass over the nodes, kept for the backend's life."""
    counted_by = _COUNTED_BY.get(backend)
    if counted_by is None:
        counted_by = {}
        for node in backend.nodes():
            for other in node.counts_as or ():
                counted_by.setdefault(other, []).append(node.id)
        _COUNTED_BY[backend] = counted_by
    return _closure(kind, lambda other: counted_by.get(other, ()))


_COUNTED_BY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_COUNTS_AS = PerBackend()


def _closure(first: str, following: Callable[[str], Iterable[str]]) -> list[str]:
    """``first``, then everything ``following`` leads to from it, transitively, in the
    order first reached."""
    found, index = [first], 0
    while index < len(found):
        for other in following(found[index]):
            if other not in found:
                found.append(other)
        index += 1
    return found


def widen(backend: Backend, amounts: Mapping[str, float]) -> dict[str, float]:
    """Amounts widened through counts_as: a kind has at least the months of any kind that
    counts as it. The largest, not the sum: two kinds' months may be the same months."""
    wide: dict[str, float] = {}
    for node_id, months in amounts.items():
        for kind in counts_as_closure(backend, node_id):
            wide[kind] = max(wide.get(kind, 0.0), months)
    return wide


def make_holdings(
    backend: Backend,
    nodes: Iterable[Node] = (),
    amounts: Mapping[str, float] | None = None,
) -> Holdings:
    """Holdings from held nodes and months of experience by node id.

    A held node implies, transitively, every requirement group of it that has a single
    alternative; an implied experience demand implies its months."""
    given = tuple(nodes)
    raw = dict(amounts or {})
    held = {n.id for n in given} | set(raw)
    stack = list(held)
    while stack:
        node_id = stack.pop()
        groups: dict[str, list] = {}
        for edge in backend.in_edges(node_id, PREREQUISITE):
            groups.setdefault(group_key(edge), []).append(edge)
        for edges in groups.values():
            if len(edges) != 1:
                continue
            edge = edges[0]
            if edge.months and backend.node(edge.source).accrues:
                raw[edge.source] = max(raw.get(edge.source, 0.0), edge.months)
            if edge.source not in held:
                held.add(edge.source)
                stack.append(edge.source)
    return Holdings(nodes=frozenset(held), experience=widen(backend, raw), given=given)


def holdings_from_have(backend: Backend, items: Iterable[HaveItem], resolve) -> Holdings:
    """Holdings from --have arguments, resolving names with ``resolve(backend, text)``.

    An amount is only for something that accrues (a role, an experience skill); an
    experience skill needs an amount, since holding it says nothing of how long."""
    nodes: list[Node] = []
    amounts: dict[str, float] = {}
    for item in items:
        node = resolve(backend, item.text)
        if item.months is None:
            if node.experience:
                example = shorten(node.name + "=24")
                raise UsageError(f"{node.name} is experience: say how many months, e.g. --have {example}")
            nodes.append(node)
            continue
        if not node.accrues:
            raise UsageError(f"{node.name} is a {node.kind}: months are for roles and experience")
        amounts[node.id] = max(amounts.get(node.id, 0.0), item.months)
        nodes.append(node)
    return make_holdings(backend, nodes, amounts)


def with_profile(backend: Backend, state, extra: Holdings) -> Holdings:
    """Holdings from a profile as of its date (careergraph/profiles), with ``extra``
    (--have) added: nodes held by either, the larger months of each kind."""
    nodes = [backend.node(node_id) for node_id in sorted(state.held)]
    amounts = dict(state.experience)
    for kind, months in extra.experience.items():
        amounts[kind] = max(amounts.get(kind, 0.0), months)
    merged = make_holdings(backend, [*nodes, *extra.given], amounts)
    extra_months = dict(extra.experience)

    def within(kind: str, window: float) -> float:
        return max(state.months(kind, window), extra_months.get(kind, 0.0))

    def reached(kind: str, months: float, window: float | None) -> datetime.date | None:
        return state.first_reached(kind, months, window)

    return Holdings(merged.nodes, merged.experience, merged.given, {}, within, reached, state.as_of)
