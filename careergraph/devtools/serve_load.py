"""A load test of `careergraph serve` over HTTP on 127.0.0.1: N clients asking a mix of
questions for a while; every answer must be 200. Reports client latency and the server's
own time (its Server-Timing header), per endpoint, as p50/p95 in milliseconds.

    python -m careergraph.devtools.serve_load --clients 8 --seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from urllib.parse import urlencode

QUESTIONS = [
    ("path", {"from": "Software Engineer", "to": "Program Manager"}),
    ("path", {"from": "software-engineer", "to": "scrum-master", "k": "3"}),
    ("path", {"from": "software-engineer", "to": "program-manager", "by": "cost", "k": "3"}),
    ("plan", {"goal": "PMP", "have": "Bachelor's degree"}),
    ("plan", {"goal": "pgmp", "explain": "1"}),
    ("show", {"node": "pmp"}),
    ("search", {"q": "scrum mastr"}),
    ("reach", {"from": "software-engineer", "within_months": "24"}),
    ("stats", {}),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "careergraph.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def client(port: int, until: float, offset: int, questions: list, results: dict, errors: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = offset
    while time.monotonic() < until:
        endpoint, params = questions[index % len(questions)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("GET", f"/api/{endpoint}?{urlencode(params)}")
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{endpoint}: {type(exc).__name__}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        took = (time.perf_counter() - started) * 1000
        if response.status != 200:
            errors.append(f"{endpoint}: HTTP {response.status}")
            continue
        timing = response.getheader("server-timing", "app;dur=nan")
        results[endpoint].append((took, float(timing.split("dur=")[1])))
    connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", choices=sorted({e for e, _ in QUESTIONS}), help="Ask only this endpoint.")
    args = parser.parse_args()
    questions = [q for q in QUESTIONS if args.only in (None, q[0])]
    port = free_port()
    server = start_server(port)
    results: dict[str, list[tuple[float, float]]] = defaultdict(list)
    errors: list[str] = []
    try:
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client, args=(port, until, i, questions, results, errors))
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(10)
    total = sum(len(v) for v in results.values())
    rate = total / args.seconds
    print(
        f"{args.clients} clients, {args.seconds:g} s: {total} requests ({rate:.1f}/s), {len(errors)} errors"
    )
    print("| endpoint | requests | client p50 ms | client p95 ms | server p50 ms | server p95 ms |")
    print("|---|---|---|---|---|---|")
    rows = sorted(results.items()) + [("all", [x for v in results.values() for x in v])]
    for endpoint, found in rows:
        client_ms = [c for c, _ in found]
        server_ms = [s for _, s in found]
        figures = [statistics.median(client_ms), percentile(client_ms, 0.95)]
        figures += [statistics.median(server_ms), percentile(server_ms, 0.95)]
        print(f"| {endpoint} | {len(found)} | " + " | ".join(f"{x:.1f}" for x in figures) + " |")
    for message in sorted(set(errors))[:10]:
        print(f"error: {message}")
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
