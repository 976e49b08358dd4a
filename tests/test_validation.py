"""Every validation error, each with a broken fixture: named with file and line."""

import re

import pytest

from careergraph.errors import InvalidData
from careergraph.loaders import load_dataset

from .conftest import FIXTURES

BROKEN = FIXTURES / "broken"


def problems_of(name: str) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        load_dataset([BROKEN / name], strict=True)
    return [str(p) for p in caught.value.problems if not p.warning]


@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("dangling-edge.yaml", "dangling-edge.yaml:4: edge refers to unknown node 'nowhere'"),
        ("duplicate-id.yaml", "duplicate-id.yaml:4: duplicate id 'a' (first defined at"),
        ("prerequisite-cycle.yaml", "PREREQUISITE cycle: a -> b -> c -> a"),
        ("unknown-kind.yaml", "unknown-kind.yaml:2: unknown kind 'Hobby'"),
        ("unknown-edge-type.yaml", "unknown-edge-type.yaml:5: unknown edge type 'LEADS_TO'"),
        ("group-on-recommends.yaml", "group is only allowed on PREREQUISITE edges"),
        ("negative-months.yaml", "negative-months.yaml:5: months must not be negative"),
        ("non-numeric-cost.yaml", "cost_usd must be a number, not 'about 500 dollars'"),
        ("no-sources.yaml", "no-sources.yaml:2: node has no sources"),
    ],
)
def test_each_error_is_named_with_file_and_line(fixture, expected):
    assert any(expected in problem for problem in problems_of(fixture)), problems_of(fixture)


def test_the_experience_rules_are_checked():
    found = [p.split("/")[-1] for p in problems_of("experience-rules.yaml")]
    expected = [
        "experience-rules.yaml:3: counts_as cycle among lead, run: they are one kind of experience",
        "experience-rules.yaml:6: counts_as 'course' is not a different experience skill",
        "experience-rules.yaml:7: experience: true is for Skill nodes",
        "experience-rules.yaml:9: experience 'lead' cannot have requirements",
        "experience-rules.yaml:10: basis is only allowed on PREREQUISITE edges",
        "experience-rules.yaml:11: unknown basis 'usually'",
    ]
    for message in expected:
        assert any(p.startswith(message) for p in found), (message, found)


def test_every_problem_is_reported_at_once():
    problems = problems_of("many-problems.yaml")
    assert len(problems) == 4
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in problems] == ["3", "4", "6", "7"]


def test_a_user_node_without_sources_is_a_warning_naming_the_field_and_strict():
    dataset = load_dataset([BROKEN / "no-sources.yaml"])
    [warning] = dataset.warnings
    assert warning.warning and str(warning).startswith(f"{BROKEN / 'no-sources.yaml'}:2: warning:")
    assert "`sources`" in warning.message and "--strict" in warning.message


def test_strict_reports_the_missing_sources_but_not_edges_to_those_nodes_as_dangling(tmp_path):
    path = write(
        tmp_path,
        "nodes:\n  - {id: a, kind: Role, name: A}\n  - {id: b, kind: Role, name: B}\n"
        "edges:\n  - {source: a, target: b, type: RECOMMENDS}\n",
    )
    with pytest.raises(InvalidData) as caught:
        load_dataset([path], strict=True)
    assert [p.line for p in caught.value.problems] == [2, 3]
    assert all("node has no sources" in p.message and not p.warning for p in caught.value.problems)


def test_strict_and_lenient_loads_of_the_same_file_are_cached_apart(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CAREERGRAPH_NO_CACHE", raising=False)
    assert load_dataset([BROKEN / "no-sources.yaml"]).warnings
    with pytest.raises(InvalidData, match="node has no sources"):
        load_dataset([BROKEN / "no-sources.yaml"], strict=True)


def test_the_curated_dataset_is_strict_even_when_loading_leniently(tmp_path, monkeypatch):
    curated = tmp_path / "data"
    curated.mkdir()
    (curated / "roles.yaml").write_text("nodes:\n  - {id: a, kind: Role, name: A}\n")
    monkeypatch.setattr("careergraph.loaders.dataset.DEFAULT_DATA_DIR", curated)
    monkeypatch.setenv("CAREERGRAPH_NO_CACHE", "1")
    with pytest.raises(InvalidData, match="roles.yaml:2: node has no sources"):
        load_dataset()
    with pytest.raises(InvalidData, match="node has no sources"):
        load_dataset([curated / "roles.yaml"])


def test_shared_alias_is_a_warning_not_an_error():
    dataset = load_dataset([FIXTURES / "shared-alias.yaml"])
    assert len(dataset.warnings) == 1 and "shared by a, b" in str(dataset.warnings[0])


def write(tmp_path, body: str):
    path = tmp_path / "data.yaml"
    path.write_text(body, encoding="utf-8")
    return path


SRC = "sources: ['https://e.org']"
TWO_NODES = f"nodes:\n  - {{id: a, kind: Role, name: A, {SRC}}}\n  - {{id: b, kind: Role, name: B, {SRC}}}\n"


@pytest.mark.parametrize(
    "record, message",
    [
        (f"{{id: a, kind: Role, name: 'A\u202eB', {SRC}}}", "bidirectional-override"),
        ('{id: a, kind: Role, name: "x\\x07y", ' + SRC + "}", "control"),
        (f"{{id: ' a', kind: Role, name: A, {SRC}}}", "leading or trailing spaces"),
        (f"{{id: a, kind: Role, name: A, months: .inf, {SRC}}}", "finite"),
        (f"{{id: a, kind: Role, name: A, months: 1e20, {SRC}}}", "implausibly large"),
        (f"{{id: a, kind: Role, name: A, months: true, {SRC}}}", "must be a number"),
        (f"{{id: a, kind: Role, name: A, colour: red, {SRC}}}", "unknown field 'colour'"),
        ("{id: a, kind: Role, name: A, sources: ['ftp://e.org']}", "not an http(s) URL"),
        (f"{{id: a, kind: Role, name: [x], {SRC}}}", "name must be text"),
        (f"{{id: a, kind: Role, {SRC}}}", "missing name"),
    ],
)
def test_field_checks(tmp_path, record, message):
    path = write(tmp_path, f"nodes:\n  - {record}\n")
    with pytest.raises(InvalidData, match=re.escape(message)):
        load_dataset([path])


def test_million_character_string_is_refused(tmp_path):
    path = write(
        tmp_path, f"nodes:\n  - {{id: a, kind: Role, name: A, description: {'x' * 1_000_000}, {SRC}}}\n"
    )
    with pytest.raises(InvalidData, match="characters long"):
        load_dataset([path])


def test_ids_that_collide_after_case_folding(tmp_path):
    path = write(
        tmp_path,
        f"nodes:\n  - {{id: PMP, kind: Role, name: A, {SRC}}}\n  - {{id: pmp, kind: Role, name: B, {SRC}}}\n",
    )
    with pytest.raises(InvalidData, match="collides after case-folding"):
        load_dataset([path])


def test_both_edge_types_on_one_pair_is_refused(tmp_path):
    path = write(
        tmp_path,
        TWO_NODES + "edges:\n  - {source: a, target: b, type: PREREQUISITE}\n"
        "  - {source: a, target: b, type: RECOMMENDS}\n",
    )
    with pytest.raises(InvalidData, match="both PREREQUISITE and RECOMMENDS"):
        load_dataset([path])


def test_recommends_may_cycle(tmp_path):
    path = write(
        tmp_path,
        TWO_NODES + "edges:\n  - {source: a, target: b, type: RECOMMENDS}\n"
        "  - {source: b, target: a, type: RECOMMENDS}\n",
    )
    assert len(load_dataset([path]).edges) == 2


def test_duplicate_across_files_names_both(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(f"nodes:\n  - {{id: dev, kind: Role, name: Dev again, {SRC}}}\n")
    with pytest.raises(InvalidData) as caught:
        load_dataset([FIXTURES / "mini.yaml", other])
    message = str(caught.value)
    assert "other.yaml:2: duplicate id 'dev'" in message and "mini.yaml:3" in message
