"""Shared fixtures: datasets, backends, the CLI runner, and the real Neo4j server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from careergraph import native
from careergraph.cli import cli
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, what: str) -> None:
    """Skip locally, fail in CI: a component the test needs is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI=true: the test command must provide it")
    pytest.skip(f"{what} is missing")


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked ``pure`` replace functions of the compiled modules, which compiled code
    calls directly: with the search compiled they are left out here, and scripts/test runs
    them again from source (CAREERGRAPH_PURE=1)."""
    if native.choose() != "compiled":
        return
    pure = [item for item in items if item.get_closest_marker("pure") is not None]
    if pure:
        config.hook.pytest_deselected(items=pure)
        items[:] = [item for item in items if item.get_closest_marker("pure") is None]


@pytest.fixture(scope="session")
def mini_dataset():
    return load_dataset([MINI])


@pytest.fixture(scope="session")
def mini(mini_dataset):
    return NetworkxBackend(mini_dataset)


@pytest.fixture(scope="session")
def curated_dataset():
    return load_dataset()


@pytest.fixture(scope="session")
def curated(curated_dataset):
    return NetworkxBackend(curated_dataset)


class Runner:
    """Runs the CLI in process and returns (exit code, stdout, stderr)."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict | None = None):
        result = self.runner.invoke(cli, list(args), env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def run():
    return Runner()
