"""CSV nodes and edges checked a column at a time: the same dataset and the same problems
as checking them row by row, and a row that breaks a rule still named by file and line."""

from __future__ import annotations

import pytest

from careergraph.errors import InvalidData
from careergraph.graph.model import Dataset
from careergraph.loaders import load_dataset
from careergraph.loaders.csv_format import read_csv
from careergraph.loaders.dataset import read_sources
from careergraph.loaders.raw import RawData
from careergraph.loaders.validation import _add_edge_table, _add_node_table, build_dataset

NODES = """id,kind,name,sources
a,Role,A,https://e.org/a
b,Certification,B,https://e.org/b
c,Skill,C,https://e.org/c
d,Education,D,https://e.org/d
"""
HEADER = "source,target,type,months,cost_usd,group,note,source_url,basis,window_months,confidence\n"
ROWS = [
    "d,b,PREREQUISITE,36,0,education,four years,https://e.org/rule,rule,96,confirmed",
    "c,b,prerequisite,1.5,12.5,,,,employers,,",
    "a,c,RECOMMENDS,0,0,,'=not a formula,,,,",
    "d,a,PREREQUISITE,,,,,,,,",
    "c,a,recommends,2,,,,,,,unconfirmed",
]


def write(tmp_path, rows, nodes=NODES):
    (tmp_path / "nodes.csv").write_text(nodes, encoding="utf-8")
    (tmp_path / "edges.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def row_by_row(raw: RawData) -> RawData:
    """The same raw data with every table turned into records, as YAML would give them."""
    return RawData(nodes=list(raw.node_records()), edges=list(raw.edge_records()), problems=raw.problems)


def test_a_clean_table_is_added_at_once_and_equals_the_row_by_row_dataset(tmp_path):
    raw = read_sources([write(tmp_path, ROWS)])
    [table] = raw.edge_tables
    by_rows, _ = build_dataset(row_by_row(raw))
    at_once, _ = build_dataset(raw)
    assert [e.to_dict() for e in at_once.edges] == [e.to_dict() for e in by_rows.edges]
    assert list(at_once.edge_locations) == list(by_rows.edge_locations)
    assert at_once.edges[1].months == 1.5 and at_once.edges[1].type == "PREREQUISITE"
    assert at_once.edges[2].note == "=not a formula" and at_once.edges[3].months == 0
    fresh, _ = build_dataset(RawData(nodes=list(raw.node_records())))
    assert _add_edge_table(table, fresh, {}) is True


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,a,PREREQUISITE,,,,,,,,", "edge from 'a' to itself"),
        ("a,zz,PREREQUISITE,,,,,,,,", "unknown node 'zz'"),
        ("a,b,RECOMMENDS,,,g,,,,,", "group is only allowed on PREREQUISITE"),
        ("a,b,PREREQUISITE,-1,,,,,,,", "months must not be negative"),
        ("a,b,PREREQUISITE,nan,,,,,,,", "months must be a finite number"),
        ("a,b,NEEDS,,,,,,,,", "unknown edge type 'NEEDS'"),
        ("a,b,PREREQUISITE,,,,,ftp://e.org,,,", "is not an http(s) URL"),
        ("a,b,PREREQUISITE,,,,,,sometimes,,", "unknown basis 'sometimes'"),
        ("d,b,RECOMMENDS,,,,,,,,", "both PREREQUISITE and RECOMMENDS on 'd' -> 'b'"),
        (",b,PREREQUISITE,,,,,,,,", "missing source"),
    ],
)
def test_a_row_that_breaks_a_rule_is_named_by_its_line(tmp_path, row, message):
    problem = only_problem(write(tmp_path, [*ROWS, row]))
    assert problem.line == len(ROWS) + 2 and message in problem.message


def only_problem(data):
    """The one problem loading ``data`` finds."""
    with pytest.raises(InvalidData) as caught:
        load_dataset([data])
    [problem] = caught.value.problems
    return problem


def test_tables_keep_their_place_among_records_of_other_files(tmp_path):
    write(tmp_path, ROWS[:2])
    (tmp_path / "a.yaml").write_text(
        "edges:\n  - {source: a, target: b, type: RECOMMENDS}\n", encoding="utf-8"
    )
    (tmp_path / "z.yaml").write_text(
        "edges:\n  - {source: b, target: a, type: RECOMMENDS}\n", encoding="utf-8"
    )
    dataset = load_dataset([tmp_path])
    files = [location.file.rsplit("/", 1)[-1] for location in dataset.edge_locations]
    assert files == ["a.yaml", "edges.csv", "edges.csv", "z.yaml"]


def test_a_row_of_the_wrong_width_is_named_and_the_rows_before_it_kept(tmp_path):
    path = tmp_path / "edges.csv"
    path.write_text(HEADER + ROWS[0] + '\nd,a,"PREREQ\n' + ROWS[1] + "\n", encoding="utf-8")
    raw = read_csv(path, path.read_text(encoding="utf-8"))
    assert [(p.line, p.message) for p in raw.problems] == [(4, "expected 11 columns, found 3")]
    assert raw.edge_tables[0].lines == [2]


NODE_HEADER = (
    "id,kind,name,aliases,sources,description,months,cost_usd,experience,counts_as,renewal_credits\n"
)
NODE_ROWS = [
    "a,Role,A,Alpha|The A,https://e.org/a,,,,,,",
    "b,certification,B,,https://e.org/b|http://e.org/b2,'=not a formula,1.5,575,,,60",
    "c,Skill,C,,https://e.org/c,a skill,,,,,",
    "d,Education,D,,https://e.org/d,,48,0,,,",
    "x,Skill,Leading,,https://e.org/x,,,,true,,",
    "y,Skill,Leading more,,https://e.org/y,,,,TRUE,x,",
    "r,Role,R,,https://e.org/r,,,,,x|y,",
]


def write_nodes(tmp_path, rows):
    (tmp_path / "nodes.csv").write_text(NODE_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "edges.csv").write_text(HEADER, encoding="utf-8")
    return tmp_path


def node_dicts(dataset):
    return [(n.to_dict(), dataset.node_locations[n.id]) for n in dataset.nodes.values()]


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["z,Role,Z,, https://e.org/z |https://e.org/z2,,,,,,"],  # items to strip: row by row
        ["z,Role,Z,Zed||Z,https://e.org/z,,,,,,"],  # an empty item dropped: row by row
    ],
)
def test_a_nodes_table_gives_the_row_by_row_dataset(tmp_path, extra):
    raw = read_sources([write_nodes(tmp_path, NODE_ROWS + extra)])
    [table] = raw.node_tables
    by_rows, by_rows_warnings = build_dataset(row_by_row(raw))
    at_once, warnings = build_dataset(raw)
    assert node_dicts(at_once) == node_dicts(by_rows) and warnings == by_rows_warnings
    assert at_once.nodes["b"].kind == "Certification" and at_once.nodes["b"].months == 1.5
    assert at_once.nodes["b"].description == "=not a formula"
    assert at_once.nodes["b"].sources == ("https://e.org/b", "http://e.org/b2")
    assert at_once.nodes["y"].experience is True and at_once.nodes["r"].counts_as == ("x", "y")
    assert at_once.nodes["a"].counts_as is None and at_once.nodes["a"].aliases == ("Alpha", "The A")
    assert _add_node_table(table, Dataset(), {}, []) is not bool(extra)  # at once only when tidy


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,Role,Again,,https://e.org/a2,,,,,,", "duplicate id 'a'"),
        ("A,Role,Again,,https://e.org/a2,,,,,,", "id collides after case-folding with 'A'"),
        ("z,Job,Z,,https://e.org/z,,,,,,", "unknown kind 'Job'"),
        ("z,Role,,,https://e.org/z,,,,,,", "missing name"),
        (" z,Role,Z,,https://e.org/z,,,,,,", "has leading or trailing spaces"),
        ("z,Role,Z,,ftp://e.org/z,,,,,,", "is not an http(s) URL"),
        ("z,Role,Z,,https://e.org/z,,-1,,,,", "months must not be negative"),
        ("z,Role,Z,,https://e.org/z,,,,maybe,,", "experience must be true or false"),
        ("z,Role,Z,,https://e.org/z,,,,true,,", "experience: true is for Skill nodes"),
        ("z,Certification,Z,,https://e.org/z,,,,,x,", "counts_as is for roles and experience skills"),
        ("z,Role,Z\u202e,,https://e.org/z,,,,,,", "bidirectional-override"),
    ],
)
def test_a_node_row_that_breaks_a_rule_is_named_by_its_line(tmp_path, row, message):
    problem = only_problem(write_nodes(tmp_path, [*NODE_ROWS, row]))
    assert problem.line == len(NODE_ROWS) + 2 and message in problem.message


def test_a_node_without_sources_in_a_users_table_is_a_warning_at_its_line(tmp_path):
    data = write_nodes(tmp_path, [*NODE_ROWS, "z,Role,Z,,,,,,,,", "w,Role,W,,,,,,,,"])
    raw = read_sources([data])
    [table] = raw.node_tables
    problems = []
    assert _add_node_table(table, Dataset(), {}, problems, sources_optional=True)  # at once
    assert not _add_node_table(table, Dataset(), {}, [], sources_optional=False)  # row by row
    by_rows = build_dataset(row_by_row(raw), sources_optional_in={table.file})
    at_once = build_dataset(raw, sources_optional_in={table.file})
    assert at_once[1] == by_rows[1] == problems
    dataset = load_dataset([data])
    assert [w.line for w in dataset.warnings if "no sources" in w.message] == [
        len(NODE_ROWS) + 2,
        len(NODE_ROWS) + 3,
    ]
    assert "z" in dataset.nodes and dataset.nodes["z"].sources == ()
    with pytest.raises(InvalidData):
        load_dataset([data], strict=True)
