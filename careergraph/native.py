"""Whether the pathway search runs compiled, and never from a stale build.

Installing careergraph compiles the modules the pathway search spends its time in
(``COMPILED``) with mypyc, where a C compiler is found (setup.py): the same source, as C
extension modules beside it, which Python imports before the ``.py`` files. The build
records a digest of the sources it compiled (``DIGEST_FILE``, beside the extensions).

Compiled modules call one another directly, so they are used together or not at all:
the finder ``guard`` places when the package is imported keeps the compiled ones only
when every source still has the digest of the build (``choose``, asked when the first of
them is imported), and otherwise imports every one of them from its source. So an
edited source is never shadowed by an older build (an editable install builds in
place), and ``CAREERGRAPH_PURE=1`` runs the search from source on purpose (tests that
replace a module's functions need that). ``state`` says which it is; the
``--version`` line shows it (docs/native.md).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path

# The modules compiled (setup.py reads this list): the journey search, its moves and
# floors, the plan engine, the bound from employers' expectations and holdings.
COMPILED: tuple[str, ...] = (
    "careergraph.queries.journeys",
    "careergraph.queries.moves",
    "careergraph.queries.schedule",
    "careergraph.queries.expected",
    "careergraph.queries.holdings",
)
DIGEST_FILE = "native.sha256"  # beside the compiled modules (careergraph/queries)
PURE_VARIABLE = "CAREERGRAPH_PURE"
PACKAGE = Path(__file__).resolve().parent


def sources(package: Path = PACKAGE) -> list[Path]:
    """The ``.py`` file of each compiled module under ``package`` (the careergraph folder)."""
    return [package.joinpath(*name.split(".")[1:]).with_suffix(".py") for name in COMPILED]


def digest(files: list[Path]) -> str:
    """What a build records of the sources it compiled: their names and bytes."""
    hashed = hashlib.sha256()
    for path in files:
        hashed.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()


def _extension(path: Path) -> Path | None:
    """The compiled module beside a source, if there is one for this Python."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


def state(package: Path = PACKAGE, environ: dict | os._Environ = os.environ) -> str:
    """ "compiled", or why the search runs from source: "pure: CAREERGRAPH_PURE=1", "pure:
    not compiled" (no build, or no C compiler when it was installed) or "pure: compiled
    from other sources" (a source edited since the build: reinstall to compile it)."""
    if environ.get(PURE_VARIABLE, "") not in ("", "0"):
        return f"pure: {PURE_VARIABLE}=1"
    files = sources(package)
    if any(_extension(path) is None for path in files):
        return "pure: not compiled"
    recorded = files[0].parent / DIGEST_FILE
    try:
        built = recorded.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "pure: compiled from other sources"
    return "compiled" if built == digest(files) else "pure: compiled from other sources"


class _Guard:
    """Placed first on ``sys.meta_path`` (``guard``): imports a compiled module from its
    source unless ``decide()`` says "compiled", else leaves it to Python, which prefers the
    extension beside the source."""

    def __init__(self, files: dict[str, Path], decide: Callable[[], str]):
        self.files, self.decide = files, decide

    def find_spec(self, name: str, path=None, target=None):
        found = self.files.get(name)
        if found is None or self.decide() == "compiled":
            return None
        return importlib.util.spec_from_file_location(name, found)


_chosen: str | None = None


def choose() -> str:
    """``state()``, worked out once a process: when a compiled module is first imported
    (or this is asked), not at start-up, so a command that runs no search reads no source."""
    global _chosen
    if _chosen is None:
        _chosen = state()
    return _chosen


def guard() -> None:
    """From now on, the compiled modules are used together or not at all (see the
    module's docstring): run when the package is imported, before any of them is."""
    if not any(isinstance(finder, _Guard) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Guard(dict(zip(COMPILED, sources(), strict=True)), choose))
