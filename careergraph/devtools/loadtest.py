"""Concurrent clients against both backends: mixed path/plan/show/search queries, every
answer compared with the single-threaded one, latencies recorded.

    scripts/load-test                      60 s per backend, 8 clients, writes docs/reliability.md
    scripts/load-test --seconds 10 --no-write
    python -m careergraph.devtools.loadtest --no-neo4j   the same, without the wrapper

Neo4j: NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE (127.0.0.1 only; use a
server of your own, e.g. the private test server, see docs/reliability.md). The curated
dataset is loaded into it first (idempotent MERGE, careergraph's own nodes only). Each
Neo4j client has its own Neo4jBackend; --shared-neo4j makes all share one.
tests/test_concurrency.py imports this module and runs the same workload for a few seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from careergraph.files import write_atomically

# In a checkout: the repository's docs folder, two levels above this package.
REPORT = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
BEGIN, END = "<!-- load-test:begin -->", "<!-- load-test:end -->"

PATHS = [
    ("software-engineer", "program-manager", "hops", 1),
    ("software-engineer", "program-manager", "months", 3),
    ("software-engineer", "agile-coach", "cost", 2),
    ("scrum-master", "program-manager", "months", 1),
]
PLANS = [("pmp", ["bachelor-computer-science"]), ("pgmp", []), ("cissp", ["bachelors-degree"]), ("a-csm", [])]
SHOWS = ["pmp", "cissp", "csm", "agile-coach"]
SEARCHES = ["scrum mastr", "aws arch", "program"]


def workload() -> list[tuple[str, Callable]]:
    """(label, query(backend) -> plain data) for every request a client may send."""
    from careergraph.queries.paths import find_paths
    from careergraph.queries.plan import make_plan
    from careergraph.queries.resolve import resolve
    from careergraph.queries.search import search
    from careergraph.queries.show import show

    requests: list[tuple[str, Callable]] = []
    for source, target, by, k in PATHS:
        requests.append(
            (
                f"path {source} {target} --by {by} --k {k}",
                lambda b, s=source, t=target, by=by, k=k: find_paths(
                    b, resolve(b, s), resolve(b, t), by=by, k=k
                ).to_dict(),
            )
        )
    for goal, have in PLANS:
        requests.append(
            (
                f"plan {goal} --have {' '.join(have)}",
                lambda b, g=goal, h=have: make_plan(b, resolve(b, g), [resolve(b, x) for x in h]).to_dict(),
            )
        )
    for node in SHOWS:
        requests.append((f"show {node}", lambda b, n=node: show(b, resolve(b, n)).to_dict()))
    for text in SEARCHES:
        requests.append((f"search {text}", lambda b, t=text: [h.to_dict() for h in search(b, t)]))
    return requests


@dataclass
class Figures:
    backend: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def served(self) -> int:
        return len(self.latencies)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else 0.0

    def line(self) -> str:
        return (
            f"{self.backend}: {self.clients} clients x {self.seconds:.0f} s: {self.served} requests, "
            f"{self.served / self.seconds:.0f}/s, p50 {self.percentile(50):.1f} ms, "
            f"p95 {self.percentile(95):.1f} ms, max {max(self.latencies, default=0) * 1000:.0f} ms, "
            f"{len(self.errors)} errors, {len(self.mismatches)} answers unlike the single-threaded ones"
        )


def run_clients(
    name: str,
    open_client: Callable[[], object],
    expected: dict[str, object],
    clients: int,
    seconds: float,
    max_requests: int = 1_000_000,
    owns: bool = False,
) -> Figures:
    """``clients`` threads, each with ``open_client()`` (closed at the end when ``owns``),
    sending random requests for ``seconds`` (and at most ``max_requests`` in all); answers
    compared with ``expected``."""
    requests = workload()
    figures = Figures(name, clients, seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    start = threading.Barrier(clients)

    def client(number: int) -> None:
        rng = random.Random(number)
        backend = open_client()
        start.wait()
        try:
            while time.monotonic() < deadline:
                with lock:
                    if figures.served + len(figures.errors) >= max_requests:
                        return
                label, query = rng.choice(requests)
                began = time.perf_counter()
                try:
                    answer = query(backend)
                except Exception as exc:  # every failure counts; none may happen
                    with lock:
                        figures.errors.append(f"{label}: {type(exc).__name__}: {exc}")
                    continue
                took = time.perf_counter() - began
                with lock:
                    figures.latencies.append(took)
                    if answer != expected[label]:
                        figures.mismatches.append(label)
        finally:
            if owns:
                backend.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return figures


def single_threaded(backend) -> dict[str, object]:
    return {label: query(backend) for label, query in workload()}


def networkx_run(clients: int, seconds: float, max_requests: int = 1_000_000) -> Figures:
    """One NetworkxBackend shared by every client thread."""
    from careergraph.graph.networkx_backend import NetworkxBackend
    from careergraph.loaders import load_dataset

    backend = NetworkxBackend(load_dataset())
    expected = single_threaded(backend)
    return run_clients(
        "networkx (one shared backend)", lambda: backend, expected, clients, seconds, max_requests
    )


def neo4j_run(settings, clients: int, seconds: float, shared: bool = False, max_requests: int = 1_000_000):
    """Load the curated dataset, then the clients; each with its own Neo4jBackend unless
    ``shared``."""
    from careergraph.backends import open_backend
    from careergraph.graph.neo4j_load import load
    from careergraph.loaders import load_dataset

    host = urlsplit(settings.uri).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"load-test: refusing to load {settings.uri}: 127.0.0.1 only")
    first = open_backend("neo4j", neo4j=settings)
    load(first, load_dataset())
    expected = single_threaded(first)
    name = "neo4j (one shared backend)" if shared else "neo4j (one backend per client)"
    if shared:
        figures = run_clients(name, lambda: first, expected, clients, seconds, max_requests)
    else:
        figures = run_clients(
            name,
            lambda: open_backend("neo4j", neo4j=settings),
            expected,
            clients,
            seconds,
            max_requests,
            owns=True,
        )
    first.close()
    return figures


def write_report(rows: list[Figures]) -> None:
    table = [
        BEGIN,
        "| backend | clients × seconds | requests served | per second | p50 | p95 | max | errors "
        "| unlike single-threaded |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in rows:
        table.append(
            f"| {f.backend} | {f.clients} × {f.seconds:.0f} s | {f.served:,} | {f.served / f.seconds:.0f} | "
            f"{f.percentile(50):.1f} ms | {f.percentile(95):.1f} ms | "
            f"{max(f.latencies, default=0) * 1000:.0f} ms | "
            f"{len(f.errors)} | {len(f.mismatches)} |"
        )
    table.append(f"\n(`scripts/load-test`, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs.)")
    table.append(END)
    text = REPORT.read_text(encoding="utf-8")
    block = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not block.search(text):
        raise SystemExit(f"load-test: {REPORT} has no {BEGIN} ... {END} block")
    write_atomically(REPORT, block.sub(lambda _: "\n".join(table), text))
    print(f"wrote the figures into {REPORT}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--no-neo4j", action="store_true", help="networkx only")
    parser.add_argument("--shared-neo4j", action="store_true", help="also run with one shared Neo4jBackend")
    parser.add_argument("--no-write", action="store_true", help=f"do not update {REPORT.name}")
    args = parser.parse_args()

    rows = [networkx_run(args.clients, args.seconds, args.max_requests)]
    print(rows[-1].line(), flush=True)
    if not args.no_neo4j:
        from careergraph.graph.neo4j_settings import Neo4jSettings

        settings = Neo4jSettings(
            os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD"),
            os.environ.get("NEO4J_DATABASE"),
        )
        rows.append(neo4j_run(settings, args.clients, args.seconds, False, args.max_requests))
        print(rows[-1].line(), flush=True)
        if args.shared_neo4j:
            rows.append(neo4j_run(settings, args.clients, args.seconds, True, args.max_requests))
            print(rows[-1].line(), flush=True)
    for figures in rows:
        for error in figures.errors[:5]:
            print(f"  error: {error}", file=sys.stderr)
    if not args.no_write:
        write_report(rows)
    return 0 if all(not f.errors and not f.mismatches for f in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
