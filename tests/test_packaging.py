"""The wheel installs into a fresh virtual environment and finds the default dataset."""

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from careergraph import native

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_directory(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    wheel = next(wheels.glob("careergraph-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [env_dir / "bin" / "careergraph", "stats", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    stats = json.loads(result.stdout)
    assert stats["nodes"] >= 80 and stats["edges"] >= 180
    assert all(stats["by_kind"].values()) and all(stats["by_type"].values())
    assert list(elsewhere.iterdir()) == []
    assert_serve_starts(env_dir / "bin" / "careergraph", elsewhere)
    # The wheel's pathway search is compiled wherever this checkout's could be (setup.py).
    careergraph = env_dir / "bin" / "careergraph"
    version = subprocess.run([careergraph, "--version"], cwd=elsewhere, capture_output=True, text=True)
    assert version.returncode == 0, version.stderr
    if native.choose() == "compiled":
        assert "(pathway search: compiled)" in version.stdout


def assert_serve_starts(careergraph: Path, cwd: Path) -> None:
    """`careergraph serve` from the installed wheel answers its page and a pathway."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [careergraph, "serve", "--port", str(port)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                page = urllib.request.urlopen(base + "/", timeout=5).read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.2)
        assert "<html" in page.lower()
        query = "/api/path?from=software-engineer&to=program-manager&by=months"
        answer = json.loads(urllib.request.urlopen(base + query, timeout=30).read())
        assert answer["paths"][0]["nodes"][-1]["id"] == "program-manager"
    finally:
        server.terminate()
        server.wait(timeout=10)
