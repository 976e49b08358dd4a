"""Fuzzing the loaders with hypothesis: random bytes and structured-but-wrong YAML, JSON and
CSV documents either load as valid data or raise InvalidData whose problems are one line
each, naming the file; never any other exception."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careergraph.errors import InvalidData
from careergraph.graph.model import EDGE_FIELDS, EDGE_TYPES, KINDS, NODE_FIELDS, Dataset
from careergraph.loaders import load_dataset

FUZZ = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
FOLDER = Path(tempfile.mkdtemp(prefix="careergraph-fuzz-"))

# Values that are nearly right: real field names, kinds, types and ids, odd numbers and text.
ids = st.sampled_from(["a", "b", "c", "A", "pmp", "PMP", "straße", "STRASSE", ""])
text = st.text(max_size=30) | st.sampled_from(
    ["'}) DETACH DELETE n //", "<script>x</script>", "\u202e", "\x00", "\ud800", "a\nb", "https://x.org"]
)
numbers = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["12", "-1", "1e999", "nan", "twelve", ""]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, text, ids)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


def record(fields: tuple[str, ...], kinds: st.SearchStrategy) -> st.SearchStrategy:
    good = {
        "id": ids,
        "source": ids,
        "target": ids,
        "kind": kinds,
        "type": st.sampled_from([*EDGE_TYPES, "prerequisite", "REQUIRES"]),
        "name": text,
        "sources": st.lists(st.sampled_from(["https://x.org", "ftp://x", "javascript:alert(1)"]), max_size=2),
        "months": numbers,
        "cost_usd": numbers,
    }
    keys = st.sampled_from([*fields, "colour", "__line__"])
    return st.dictionaries(keys, values, max_size=8).flatmap(
        lambda extra: st.fixed_dictionaries({k: v for k, v in good.items() if k in fields}).map(
            lambda base: {**base, **extra}
        )
    ) | st.dictionaries(keys, values, max_size=8)


nodes = st.lists(record(NODE_FIELDS, st.sampled_from([*KINDS, "role", "Robot"])), max_size=5)
edges = st.lists(record(EDGE_FIELDS, st.just("Role")), max_size=5)
documents = st.fixed_dictionaries({"nodes": nodes, "edges": edges}) | values


def outcome(name: str, data: bytes) -> Dataset | InvalidData:
    """Load one file; anything but a Dataset or InvalidData propagates and fails the test."""
    path = FOLDER / name
    path.write_bytes(data)
    try:
        return load_dataset([path])
    except InvalidData as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == str(path)
            assert "\n" not in str(problem) and "\r" not in str(problem), str(problem)
        return exc


@pytest.mark.parametrize("suffix", ["yaml", "json", "csv"])
@FUZZ
@given(data=st.binary(max_size=2_000))
def test_random_bytes_load_or_raise_invalid_data(suffix, data):
    outcome(f"random.{suffix}", data)


@FUZZ
@given(document=documents, flavour=st.sampled_from(["block", "flow", "anchors"]))
def test_structured_yaml_loads_or_raises_invalid_data(document, flavour):
    try:
        text = yaml.safe_dump(document, default_flow_style=flavour == "flow", allow_unicode=True)
    except yaml.YAMLError:
        return
    if flavour == "anchors":
        text = "x: &x [1, 2]\n" + text.replace("- ", "- *x\n- ", 1)
    outcome("structured.yaml", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(document=documents, cut=st.integers(min_value=0, max_value=400))
def test_structured_json_loads_or_raises_invalid_data(document, cut):
    text = json.dumps(document, ensure_ascii=cut % 2 == 0)
    if cut % 3 == 0:
        text = text[: len(text) - cut]  # truncated
    outcome("structured.json", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    header=st.lists(st.sampled_from([*NODE_FIELDS, *EDGE_FIELDS, "colour", ""]), min_size=0, max_size=8),
    rows=st.lists(st.lists(text | numbers.map(str), max_size=9), max_size=6),
)
def test_structured_csv_loads_or_raises_invalid_data(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    outcome("structured.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))


def test_the_fuzzer_also_reaches_valid_data():
    # The strategies are not all noise: a plain valid document goes through the same path.
    document = {"nodes": [{"id": "a", "kind": "Role", "name": "A", "sources": ["https://x.org"]}]}
    assert isinstance(outcome("valid.yaml", yaml.safe_dump(document).encode()), Dataset)
    assert isinstance(outcome("valid.json", json.dumps(document).encode()), Dataset)
