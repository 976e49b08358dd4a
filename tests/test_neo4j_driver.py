"""The Neo4j driver used as documented: no code or test reaches into its private parts."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A private attribute on something the driver made (driver._pool, session._connection,
# result._records, ...), or an import from one of its private modules (neo4j._sync).
PRIVATE = re.compile(
    r"\b(?:driver|session|tx|transaction|result|record|summary|counters|pool|connection)\._\w"
    r"|\b(?:from|import)\s+neo4j\._"
    r"|\bneo4j\._(?:sync|async|io|conf|codec|meta|work|routing|spatial|time|data)\b"
)


def private_uses() -> list[str]:
    found = []
    for folder in ("careergraph", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == Path(__file__).resolve():  # its examples are the patterns themselves
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PRIVATE.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_code_or_test_touches_a_private_attribute_of_the_driver():
    assert private_uses() == []


def test_the_scan_would_see_one():
    for line in ("backend.driver._pool.close()", "with session._connection:", "from neo4j._sync import x"):
        assert PRIVATE.search(line), line
    assert not PRIVATE.search("backend.driver.execute_query(query)")
