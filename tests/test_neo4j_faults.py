"""Faults around Neo4j, on a private server (tests/neo4j_private.py): a server that is
down, killed in the middle of a load, a transaction that fails halfway, wrong
credentials, nothing listening, a server that never answers. Nothing is lost, nothing
is half written, every failure is one line and a bounded wait."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time

import pytest

from careergraph.devtools.generate import generate
from careergraph.errors import BackendUnavailable, CareerGraphError
from careergraph.graph.neo4j_backend import MARK, Neo4jBackend
from careergraph.graph.neo4j_settings import Neo4jSettings
from careergraph.loaders.export import write_export

from .neo4j_private import careergraph_command, private_server

pytestmark = pytest.mark.neo4j

UNREACHABLE_BOUND_S = 12.0  # connection timeout 5 s, plus the driver's retry window
KILL_EDGES = 50_000


@pytest.fixture(scope="module")
def server():
    return private_server()


@pytest.fixture
def backend(server):
    opened = Neo4jBackend(server.settings())
    yield opened
    opened.close()


def counts(backend: Neo4jBackend) -> dict[str, int]:
    nodes = backend.run(f"MATCH (n:{MARK}) RETURN count(n) AS n, count(DISTINCT n.id) AS ids")[0]
    rels = backend.run(f"MATCH (:{MARK})-[r]->(:{MARK}) RETURN count(r) AS n")[0]["n"]
    pairs = backend.run(
        f"MATCH (a:{MARK})-[r]->(b:{MARK}) RETURN count(DISTINCT [a.id, b.id, type(r)]) AS n"
    )[0]["n"]
    everything = backend.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
    return {"nodes": nodes["n"], "ids": nodes["ids"], "edges": rels, "pairs": pairs, "all": everything}


def error_lines(stderr: str) -> list[str]:
    """stderr without the progress bar's lines."""
    return [
        line for line in stderr.replace("\r", "\n").splitlines() if line.strip() and "loading" not in line
    ]


def test_a_server_killed_mid_load_exits_3_and_a_rerun_converges_to_a_clean_load(server, tmp_path):
    dataset = generate(KILL_EDGES, seed=7)
    data = tmp_path / "data"
    write_export(dataset, "csv", data)
    server.wipe()
    started = time.monotonic()
    load = subprocess.Popen(
        careergraph_command("--data", str(data), "load", "--batch-size", "1000"),
        env=server.cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    watcher = Neo4jBackend(server.settings())
    try:
        while True:  # some edge batches are in: the load is well under way
            written = watcher.run(f"MATCH (:{MARK})-[r]->() RETURN count(r) AS n")[0]["n"]
            if written >= 3_000 or load.poll() is not None:
                break
            assert time.monotonic() - started < 300, "the load never got going"
            time.sleep(0.2)
    finally:
        watcher.close()
    assert load.poll() is None, "the load finished before the kill: use a larger graph"
    os.kill(server.java_pid(), signal.SIGKILL)
    killed_at = time.monotonic()
    out, err = load.communicate(timeout=120)
    failed_after = time.monotonic() - killed_at
    server.started = False
    print(f"\nkilled after {written} relationships; the CLI failed {failed_after:.1f} s later")

    assert load.returncode == 3, err
    assert "Traceback" not in err
    ours = [line for line in error_lines(err) if line.startswith("careergraph:")]
    assert len(ours) == 1 and ours[0].startswith(f"careergraph: error: Neo4j at {server.uri} "), err
    assert failed_after < 30

    # While it is down, a new load fails at once with the same one line.
    began = time.monotonic()
    down = subprocess.run(
        careergraph_command("--data", str(data), "load"),
        env=server.cli_env(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert down.returncode == 3 and "Traceback" not in down.stderr
    ours = [line for line in error_lines(down.stderr) if line.startswith("careergraph:")]
    assert ours == [
        f"careergraph: error: Neo4j at {server.uri} is unreachable (ServiceUnavailable); is it running?"
    ]
    assert time.monotonic() - began < UNREACHABLE_BOUND_S + 10  # + validating 50,000 edges

    assert server.start(), "the server did not come back after kill -9"
    rerun = subprocess.run(
        careergraph_command("--data", str(data), "load", "--batch-size", "1000"),
        env=server.cli_env(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    again = Neo4jBackend(server.settings())
    try:
        found = counts(again)
    finally:
        again.close()
    expected = {"nodes": len(dataset.nodes), "edges": len(dataset.edges)}
    assert found["nodes"] == found["ids"] == found["all"] == expected["nodes"]
    assert found["edges"] == found["pairs"] == expected["edges"]
    assert os.listdir(tmp_path) == ["data"]


def test_a_transaction_that_fails_halfway_leaves_the_database_as_it_was(backend):
    backend.write(f"MERGE (n:{MARK}:Skill {{id: 'tx-probe-existing'}}) SET n.name = 'before'")
    before = counts(backend)
    rows = [{"id": f"tx-probe-{i}", "props": {"id": f"tx-probe-{i}", "name": f"n{i}"}} for i in range(50)]
    rows.append({"id": "tx-probe-bad", "props": {"id": "tx-probe-bad", "name": {"a map": "is no property"}}})
    with pytest.raises(CareerGraphError):
        backend.write(
            f"UNWIND $rows AS row MERGE (n:{MARK}:Skill {{id: row.id}}) SET n = row.props", rows=rows
        )
    assert counts(backend) == before
    # A constraint violation after writes in the same transaction: all or nothing.
    with pytest.raises(CareerGraphError):
        backend.write(
            f"UNWIND range(1, 20) AS i CREATE (:{MARK}:Skill {{id: 'tx-probe-new-' + i}}) "
            f"WITH count(*) AS made CREATE (:{MARK}:Skill {{id: 'tx-probe-existing'}})"
        )
    assert counts(backend) == before
    assert backend.run(f"MATCH (n:{MARK} {{id: 'tx-probe-existing'}}) RETURN n.name AS name") == [
        {"name": "before"}
    ]
    backend.write(f"MATCH (n:{MARK}) WHERE n.id STARTS WITH 'tx-probe' DETACH DELETE n")


AUTH_LOCK_S = 6  # Neo4j locks a user for 5 s after 3 failed logins in a row


def wrong_password_cli(server, tmp_path, secret, args, env):
    return subprocess.run(
        careergraph_command(*args),
        env=server.cli_env(**env),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )


def test_wrong_credentials_fail_fast_with_one_line_that_never_shows_the_password(server, tmp_path):
    secret = "Not-The-Password-8f3a1c"
    began = time.monotonic()
    with pytest.raises(BackendUnavailable) as caught:
        Neo4jBackend(Neo4jSettings(server.uri, "neo4j", secret))
    assert time.monotonic() - began < UNREACHABLE_BOUND_S
    assert "refused the credentials of user 'neo4j'" in str(caught.value)
    assert secret not in str(caught.value)
    attempts = (
        (["--backend", "neo4j", "show", "pmp"], {"NEO4J_PASSWORD": secret}),
        (["--backend", "neo4j", "--neo4j-password", secret, "search", "scrum"], {}),
        (["--neo4j-password", secret, "load"], {}),
        (["--neo4j-password", secret, "cypher", "skills-for-role"], {}),
    )
    for number, (args, env) in enumerate(attempts, start=2):
        if number >= 4:  # each later failure locks the user again
            time.sleep(AUTH_LOCK_S)
        done = wrong_password_cli(server, tmp_path, secret, args, env)
        assert done.returncode == 3, (args, done.stderr)
        assert secret not in done.stdout + done.stderr
        assert error_lines(done.stderr) == [
            f"careergraph: error: Neo4j at {server.uri} refused the credentials of user 'neo4j'"
        ]
    assert os.listdir(tmp_path) == []
    time.sleep(AUTH_LOCK_S)  # the lock would refuse the right password too


def test_too_many_wrong_passwords_is_still_exit_3_and_never_shows_the_password(server, tmp_path):
    secret = "Not-The-Password-8f3a1c"
    try:
        for _ in range(4):
            done = wrong_password_cli(
                server, tmp_path, secret, ["--backend", "neo4j", "show", "pmp"], {"NEO4J_PASSWORD": secret}
            )
            assert secret not in done.stdout + done.stderr
        assert done.returncode == 3, done.stderr
    finally:
        time.sleep(AUTH_LOCK_S)


@pytest.mark.parametrize(
    "uri",
    ["bolt://127.0.0.1:7699", "bolt://127.0.0.2:7697", "neo4j://127.0.0.1:7699"],
    ids=["closed-port", "other-loopback-address", "routing-scheme-closed-port"],
)
def test_nothing_listening_fails_within_the_bound_and_says_so(uri):
    began = time.monotonic()
    with pytest.raises(BackendUnavailable) as caught:
        Neo4jBackend(Neo4jSettings(uri, "neo4j", "whatever-password"))
    elapsed = time.monotonic() - began
    print(f"\n{uri}: {elapsed:.2f} s")
    assert elapsed < UNREACHABLE_BOUND_S
    assert str(caught.value) == f"Neo4j at {uri} is unreachable (ServiceUnavailable); is it running?"


@pytest.fixture
def silent_port():
    """A port that accepts connections and never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for connection in accepted:
        connection.close()


def test_a_server_that_never_answers_fails_within_the_bound(silent_port):
    began = time.monotonic()
    with pytest.raises(BackendUnavailable):
        Neo4jBackend(Neo4jSettings(f"bolt://127.0.0.1:{silent_port}", "neo4j", "whatever-password"))
    assert time.monotonic() - began < UNREACHABLE_BOUND_S


def test_the_cli_says_one_line_when_nothing_listens(tmp_path):
    done = subprocess.run(
        careergraph_command("--backend", "neo4j", "--neo4j-uri", "bolt://127.0.0.1:7699", "show", "pmp"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert error_lines(done.stderr) == [
        "careergraph: error: Neo4j at bolt://127.0.0.1:7699 is unreachable (ServiceUnavailable); "
        "is it running?"
    ]


def test_an_impossible_host_name_is_one_line_exit_3(tmp_path):
    done = subprocess.run(
        careergraph_command("--backend", "neo4j", "--neo4j-uri", "bolt://" + "a" * 300, "show", "pmp"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert len(error_lines(done.stderr)) == 1
