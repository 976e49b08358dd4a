"""The compiled pathway search (careergraph/native.py): used in CI, never from a stale build,
and answering exactly as the search from source."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

from careergraph import native
from tests.conftest import require

ROOT = Path(__file__).resolve().parent.parent

# Pathways (by months, by cost, k 3; with the guide and, GUIDE_BALL 1, in a corridor with
# its bounds) and plans on a generated graph, as the search answers them in a process.
ANSWERS = """
import json, random
from careergraph import native
from careergraph.devtools.generate import generate, of_class
from careergraph.errors import NoPathway
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.queries import kbest
from careergraph.queries.paths import find_paths
from careergraph.queries.plan import make_plan

answers = []
backend = NetworkxBackend(generate(3000, seed=7))
dataset = backend.dataset()
rng = random.Random(3)
entry, senior = of_class(dataset, "entry"), of_class(dataset, "senior")
for ball in (kbest.GUIDE_BALL, 1):
    kbest.GUIDE_BALL = ball
    for _ in range(6):
        source, target = rng.choice(entry), rng.choice(senior)
        for by, k in (("months", 1), ("cost", 1), ("months", 3)):
            try:
                answers.append(repr(find_paths(backend, source, target, by=by, k=k)))
            except NoPathway as error:
                answers.append(str(error))
answers += [repr(make_plan(backend, goal)) for goal in of_class(dataset, "expert")[:10]]
print(json.dumps({"search": native.choose(), "answers": answers}))
"""


def test_the_pathway_search_runs_compiled() -> None:
    """The test command installs careergraph with its search compiled (setup.py): in CI a
    build that fell back to source fails here, not silently in the benchmark."""
    require(native.choose() == "compiled", f"the compiled pathway search ({native.choose()})")
    for name in native.COMPILED:
        __import__(name)
        assert sys.modules[name].__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)), name


def _package(tmp_path: Path, compiled: bool) -> list[Path]:
    """A careergraph folder of the compiled modules' sources, with extensions if ``compiled``."""
    files = native.sources(tmp_path)
    for number, path in enumerate(files):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"VALUE = {number}\n")
        if compiled:
            path.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).write_bytes(b"")
    return files


def test_the_compiled_modules_are_used_only_with_the_digest_of_the_sources_they_were_built_from(
    tmp_path: Path,
) -> None:
    files = _package(tmp_path, compiled=True)
    assert native.state(tmp_path, {}) == "pure: compiled from other sources"  # no digest recorded
    recorded = files[0].parent / native.DIGEST_FILE
    recorded.write_text(native.digest(files) + "\n")
    assert native.state(tmp_path, {}) == "compiled"
    assert native.state(tmp_path, {native.PURE_VARIABLE: "0"}) == "compiled"
    assert native.state(tmp_path, {native.PURE_VARIABLE: "1"}) == f"pure: {native.PURE_VARIABLE}=1"
    files[-1].write_text(files[-1].read_text() + "# edited after the build\n")
    assert native.state(tmp_path, {}) == "pure: compiled from other sources"
    files[-1].with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).unlink()
    assert native.state(tmp_path, {}) == "pure: not compiled"


def test_a_stale_build_is_passed_over_for_every_source(tmp_path: Path) -> None:
    """The finder ``guard`` puts first imports each compiled module from its ``.py``
    unless the build is used, and leaves every other module to Python."""
    files = _package(tmp_path, compiled=True)
    modules = dict(zip(native.COMPILED, files, strict=True))
    stale = native._Guard(modules, lambda: "pure: compiled from other sources")
    for name, path in modules.items():
        assert stale.find_spec(name).origin == str(path)
    assert stale.find_spec("careergraph.queries.kbest") is None
    used = native._Guard(modules, lambda: "compiled")
    assert [used.find_spec(name) for name in modules] == [None] * len(modules)


def test_the_compiled_search_answers_as_the_search_from_source() -> None:
    """The same pathways, bounds and plans, to the last bit, from a process that runs the
    search as installed (compiled where it could be) and one that runs it from source."""

    def answers(pure: bool) -> dict:
        environ = {key: value for key, value in os.environ.items() if key != native.PURE_VARIABLE}
        if pure:
            environ[native.PURE_VARIABLE] = "1"
        run = subprocess.run(
            [sys.executable, "-c", ANSWERS], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
        )
        return json.loads(run.stdout)

    installed, source = answers(pure=False), answers(pure=True)
    assert installed["search"] == native.choose()
    assert source["search"] == f"pure: {native.PURE_VARIABLE}=1"
    assert len(installed["answers"]) == 46
    assert installed["answers"] == source["answers"]
