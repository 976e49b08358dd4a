"""Python's cyclic garbage collector, paused while work makes many objects and no cycle.

A collection walks every object the collector tracks that it has not frozen
(``Dataset.settle``), and the collector runs after every few hundred new objects: a load
of a million records, or a pathway search at 1M edges making hundreds of thousands of
tuples and labels while the graph's lazily built edges and memos grow by thousands a
query, spends much of its time in collections that free nothing. Objects that form no
reference cycle are freed by their reference counts anyway, so pausing the collector
loses no memory; what does form a cycle waits for the first collection after the pause.

``paused`` nests and may be used from several threads at once (the server answers
queries in a thread pool): the collector resumes when the last pause ends, and only if
it was running when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_resume = False


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs (see the module's docstring)."""
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()
