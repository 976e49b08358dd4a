"""Builds careergraph; the metadata is in pyproject.toml.

Compiles the modules the pathway search spends its time in (careergraph/native.py,
``COMPILED``) with mypyc where it can, and records the digest of the sources compiled
beside them: the same source runs as C extension modules, a fifth to a quarter faster
(docs/native.md). Where mypyc or a C compiler is missing, or CAREERGRAPH_PURE=1 is set,
the build goes on without them and the search runs from source.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def _native():
    """careergraph/native.py, read without importing the package."""
    spec = importlib.util.spec_from_file_location("_careergraph_native", ROOT / "careergraph" / "native.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NATIVE = _native()
METADATA_ONLY = {"egg_info", "dist_info"}


def _say(text: str) -> None:
    print(f"careergraph: {text}", file=sys.stderr)


def extensions() -> list:
    if sys.argv[1:2] and sys.argv[1] in METADATA_ONLY:
        return []  # pip asks for the metadata first: nothing to compile yet
    if os.environ.get(NATIVE.PURE_VARIABLE, "") not in ("", "0"):
        _say(f"{NATIVE.PURE_VARIABLE} is set: the pathway search is not compiled")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _say("mypyc is not installed: the pathway search is not compiled")
        return []
    files = [str(path.relative_to(ROOT)) for path in NATIVE.sources(ROOT / "careergraph")]
    try:
        # Only the compiled modules must type-check; the rest are imported as Python.
        modules = mypycify(["--follow-imports=silent", "--ignore-missing-imports", *files], opt_level="3")
    except (Exception, SystemExit) as error:  # mypy reports type errors by exiting
        _say(f"mypyc could not compile the pathway search ({error}): it runs from source")
        return []
    for module in modules:
        module.optional = True  # no C compiler: installed without them
    return modules


class BuildExt(build_ext):
    """Builds the compiled modules, then records the digest of their sources beside them,
    only if every one was built (careergraph/native.py uses them together or not at all)."""

    def run(self) -> None:
        super().run()
        built = [Path(self.get_ext_fullpath(ext.name)) for ext in self.extensions]
        if not built or not all(path.exists() for path in built):
            if built:
                _say("the compiled modules could not all be built: the pathway search runs from source")
            return
        folder = Path(self.get_ext_fullpath(NATIVE.COMPILED[0])).parent
        sources = NATIVE.sources(ROOT / "careergraph")
        (folder / NATIVE.DIGEST_FILE).write_text(NATIVE.digest(sources) + "\n", encoding="ascii")


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildExt})
