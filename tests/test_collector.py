"""The collector's pause (graph/collector.py), and that what runs under it makes no
reference cycle (a cycle made while the collector is paused waits for the next
collection: a query making thousands would hold their memory that long)."""

from __future__ import annotations

import gc
import threading

import pytest

from careergraph.graph.collector import paused
from careergraph.queries.paths import find_paths
from careergraph.queries.reach import reach


@pytest.fixture
def collecting():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_pause_nests_and_resumes_only_what_was_running(collecting) -> None:
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still runs
    assert gc.isenabled()
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()  # it was not running before: it stays stopped
    gc.enable()


def test_pauses_on_several_threads_resume_when_the_last_ends(collecting) -> None:
    inside, leave = threading.Barrier(3), threading.Event()

    def query() -> None:
        with paused():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=query) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait()
    assert not gc.isenabled()
    leave.set()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


def test_an_exception_ends_the_pause(collecting) -> None:
    with pytest.raises(ValueError), paused():
        raise ValueError("a query that fails")
    assert gc.isenabled()


@pytest.mark.parametrize("by, k", [("months", 1), ("months", 3), ("cost", 2), ("hops", 3)])
def test_a_pathway_search_makes_no_reference_cycle(curated, by: str, k: int) -> None:
    source, target = curated.node("software-engineer"), curated.node("program-manager")
    find_paths(curated, source, target, by=by, k=k)  # what is kept for the backend's life
    gc.collect()
    with paused():
        find_paths(curated, source, target, by=by, k=k)
        find_paths(curated, curated.node("qa-engineer"), target, by=by, k=k)
        assert gc.collect() == 0


def test_reach_makes_no_reference_cycle(curated) -> None:
    reach(curated, curated.node("software-engineer"), "months", 60)
    gc.collect()
    with paused():
        reach(curated, curated.node("software-engineer"), "months", 60)
        reach(curated, curated.node("software-engineer"), "cost", 3000)
        assert gc.collect() == 0


def test_facts_kept_per_backend_go_with_their_backend() -> None:
    """queries/perbackend.py: each backend has its own dict of facts, the same one each
    time it asks, and it is dropped when the backend is, so backends that come and go
    (a test's, a server's) do not pile up."""
    import gc

    from careergraph.graph.model import Dataset
    from careergraph.graph.networkx_backend import NetworkxBackend
    from careergraph.queries.perbackend import PerBackend

    facts = PerBackend()
    one, other = NetworkxBackend(Dataset()), NetworkxBackend(Dataset())
    facts(one)["x"] = 1
    assert facts(one) == {"x": 1} and facts(other) == {}
    assert len(facts._kept) == 2
    del one
    gc.collect()
    assert list(facts._kept.values()) == [{}]
    assert facts(other) == {}
