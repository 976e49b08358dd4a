"""The latency proxy (careergraph/devtools/latency_proxy.py) carries real Bolt traffic: a
CLI query through it answers as it does directly. No timing is asserted (timed tests flake);
scripts/bench-latency measures."""

from __future__ import annotations

import pytest

from careergraph.devtools.latency_proxy import BackgroundProxy, LatencyProxy, main

from .neo4j_fixtures import neo4j_env, neo4j_fixture, neo4j_settings  # noqa: F401


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "args",
    [("show", "PMP"), ("path", "Software Engineer", "Program Manager", "--by", "months", "--k", "3")],
    ids=" ".join,
)
def test_a_cli_query_through_the_proxy_answers_as_it_does_directly(neo4j, run, args):
    settings = neo4j_settings()
    direct = run("--backend", "neo4j", *args, "--json", env=neo4j_env(settings))
    host, _, port = settings.uri.rpartition("/")[2].rpartition(":")
    with BackgroundProxy(int(port), delay=0.005, target_host=host) as proxy:
        env = {**neo4j_env(settings), "NEO4J_URI": f"bolt://127.0.0.1:{proxy.port}"}
        through = run("--backend", "neo4j", *args, "--json", env=env)
    assert direct[0] == 0, direct[2]
    assert through == direct
    assert proxy.proxy.traffic.connections >= 1 and proxy.proxy.traffic.round_trips >= 2


def test_the_proxy_forwards_to_this_machine_only():
    with pytest.raises(ValueError, match="127.0.0.1 only"):
        LatencyProxy(0, "192.0.2.1", 7687, 0.03)


def test_the_command_refuses_another_host_with_one_line(capsys):
    assert main(["--listen", "0", "--to", "192.0.2.1:7687"]) == 2
    assert capsys.readouterr().err == "latency_proxy: the latency proxy forwards to 127.0.0.1 only\n"


def test_the_command_refuses_a_target_without_a_port(capsys):
    assert main(["--listen", "0", "--to", "127.0.0.1"]) == 2
    assert capsys.readouterr().err == "latency_proxy: --to must be 127.0.0.1:PORT, not '127.0.0.1'\n"
