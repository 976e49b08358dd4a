"""The graph in this process for queries that walk it node by node.

Pathways, reach and plans look at many nodes and edges one by one; on a server each look
would be a round trip. A backend whose graph is not already in this process (Neo4j) is
read once, in one query (``dataset()``), into the embedded backend, and kept for the
backend's life, so both backends answer from the same code and give the same answers.
The CLI resolves these commands' names on the same copy (cli.py ``_walked``).
"""

from __future__ import annotations

import weakref

from careergraph.graph.backend import Backend

_COPIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def in_process(backend: Backend) -> Backend:
    """``backend`` itself when its graph is in this process, else a copy read once."""
    if backend.name == "networkx":
        return backend
    copy = _COPIES.get(backend)
    if copy is None:
        from careergraph.graph.networkx_backend import NetworkxBackend

        copy = NetworkxBackend(backend.dataset())
        _COPIES[backend] = copy
    return copy
