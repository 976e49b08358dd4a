"""Facts of a graph worked out once and kept for the backend's life.

A backend's graph does not change while it is open, so what a query works out from it
alone (a node's requirement groups, the kinds its months count as, the closure a plan
for it reads) holds for every later query on the same backend: the next search meets the
same degrees and certifications. ``PerBackend`` keeps one dict of such facts per backend,
dropped with the backend (a finalizer on it), so a test's or a server's backends do not pile up.
"""

from __future__ import annotations

import weakref

from careergraph.graph.backend import Backend


class PerBackend:
    """One dict per backend: ``facts(backend)`` is that backend's, made empty the first
    time it is asked for. Kept by the backend's id and dropped when the backend is
    (``weakref.finalize``, which runs before its id can be another's): a search asks
    thousands of times a query, and a weak dictionary makes a weak reference to look
    each one up."""

    def __init__(self) -> None:
        self._kept: dict[int, dict] = {}

    def __call__(self, backend: Backend) -> dict:
        found = self._kept.get(id(backend))
        if found is None:
            found = self._kept[id(backend)] = {}
            weakref.finalize(backend, self._kept.pop, id(backend), None)
        return found
