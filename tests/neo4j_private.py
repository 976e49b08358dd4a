"""A private Neo4j server for the fault, injection and load tests.

These tests kill the server, wipe it and fill it with hostile data, so they never touch
the default server (7687/7474) or anyone else's: this one has its own data home
(``$CAREERGRAPH_FAULTS_NEO4J_HOME``, default ``~/.cache/careergraph/neo4j-faults``, with
``-current`` appended for the current release) and ports (Bolt 7697, HTTP 7484), runs the
Neo4j line ``CAREERGRAPH_NEO4J_VERSION`` names (5.26 unless set), is started by
``scripts/neo4j start`` once per test session and stopped when the session ends, unless it
was already running. Without Java or the Neo4j jars the tests skip, or fail when CI=true.
"""

from __future__ import annotations

import atexit
import os
import shlex
import subprocess
import sys
from pathlib import Path

from careergraph.graph.neo4j_settings import Neo4jSettings

from .conftest import require

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j"
# Each Neo4j line keeps its own data home: a 2025+ server upgrades a 5.26 store for good.
_LINE_SUFFIX = "" if os.environ.get("CAREERGRAPH_NEO4J_VERSION", "5.26").startswith("5.") else "-current"
_DEFAULT_HOME = Path.home() / ".cache" / "careergraph" / "neo4j-faults"
HOME = Path(os.environ.get("CAREERGRAPH_FAULTS_NEO4J_HOME", str(_DEFAULT_HOME)) + _LINE_SUFFIX)
BOLT_PORT = 7697
HTTP_PORT = 7484


class PrivateNeo4j:
    """scripts/neo4j with this server's home and ports; the password stays in its file."""

    def __init__(self) -> None:
        self.script_env = {
            **os.environ,
            "CAREERGRAPH_NEO4J_HOME": str(HOME),
            "NEO4J_BOLT_PORT": str(BOLT_PORT),
            "NEO4J_HTTP_PORT": str(HTTP_PORT),
        }
        self.script_env.pop("NEO4J_PASSWORD", None)  # the server's own password file decides
        self.started = self.owned = False

    def script(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(SCRIPT), *args], env=self.script_env, capture_output=True, text=True, timeout=timeout
        )

    def start(self) -> bool:
        done = self.script("start")
        self.started = done.returncode == 0
        # A server another test session started here is used, but left running for it.
        self.owned = self.started and "already running" not in done.stdout
        if not self.started:
            sys.stderr.write(done.stderr[-2000:])
        return self.started

    def stop(self) -> None:
        if self.owned:
            self.script("stop")
        self.started = self.owned = False

    def java_pid(self) -> int:
        """The server's java process (scripts/neo4j writes its pid file)."""
        return int((HOME / "run" / "neo4j.pid").read_text().strip())

    def env(self) -> dict[str, str]:
        """NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE as `scripts/neo4j env` says."""
        out = self.script("env").stdout
        found = {}
        for line in out.splitlines():
            words = shlex.split(line)
            if len(words) == 2 and words[0] == "export":
                key, _, value = words[1].partition("=")
                found[key] = value
        return found

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{BOLT_PORT}"

    def settings(self) -> Neo4jSettings:
        env = self.env()
        return Neo4jSettings(
            env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"], env.get("NEO4J_DATABASE")
        )

    def cli_env(self, **overrides: str) -> dict[str, str]:
        """The environment for a `careergraph` subprocess talking to this server."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CAREERGRAPH_"))}
        env.update({k: v for k, v in self.env().items() if k != "NEO4J_HTTP_URL"})
        env.update(overrides)
        return env

    def wipe(self) -> None:
        """Delete everything: this server belongs to these tests only."""
        from careergraph.graph.neo4j_backend import Neo4jBackend

        backend = Neo4jBackend(self.settings())
        try:
            backend.run_auto("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        finally:
            backend.close()


_server: PrivateNeo4j | None = None


def private_server() -> PrivateNeo4j:
    """The session's private server, started on first use and stopped at exit."""
    global _server
    if _server is None:
        _server = PrivateNeo4j()
        require(SCRIPT.exists(), f"{SCRIPT}")
        if _server.start():
            atexit.register(_server.stop)
    require(
        _server.started, "a private Neo4j server (scripts/neo4j start: Java 17 and Maven or the jar cache)"
    )
    return _server


def careergraph_command(*args: str) -> list[str]:
    """The CLI as a subprocess of this Python."""
    return [sys.executable, "-m", "careergraph.cli", *args]
