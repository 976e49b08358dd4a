"""Hostile and broken input: every loader and every CLI argument answers with one line per
problem naming the file and place, exit 2, no traceback, and writes nothing anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from careergraph.cli import cli

SRC = "sources: ['https://example.org/a']"
NODE = f"{{id: a, kind: Role, name: A, {SRC}}}"
CSV_HEAD = "id,kind,name,sources\n"
JSON_NODE = {"id": "a", "kind": "Role", "name": "A", "sources": ["https://example.org/a"]}


def yaml_nodes(*records: str) -> str:
    return "nodes:\n" + "".join(f"  - {record}\n" for record in records)


def json_nodes(*records: dict) -> str:
    return json.dumps({"nodes": list(records), "edges": []})


def billion_laughs(levels: int = 9) -> str:
    """Each anchor is nine aliases of the one before: 9**9 = 387 million strings if expanded."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    lines.append(f"nodes: [{{id: a, kind: Role, name: *l{levels}, aliases: *l{levels}, {SRC}}}]")
    return "\n".join(lines) + "\n"


# (file name, content as text or bytes, a piece of the first error's message)
BROKEN_FILES = [
    ("empty.yaml", "", "the file is empty"),
    ("empty.json", "", "the file is empty"),
    ("empty.csv", "", "the file is empty"),
    ("blank.yaml", " \n\t\n", "the file is empty"),
    ("nulls.yaml", "~\n", "the file is empty"),
    ("truncated.yaml", "nodes:\n  - {id: a, kind: Ro", "YAML error"),
    ("truncated.json", '{"nodes": [{"id": "a"', "JSON error"),
    ("truncated.csv", "id,kind,na", "header must have"),
    ("utf16le.yaml", "nodes: []\n".encode("utf-16-le").join([b"\xff\xfe", b""]), "UTF-16"),
    ("utf16be.json", b"\xfe\xff" + "{}".encode("utf-16-be"), "UTF-16"),
    ("utf16.csv", CSV_HEAD.encode("utf-16"), "UTF-16"),
    ("invalid-utf8.yaml", b"nodes:\n  - {id: \xff\xfe, kind: Role}\n", "invalid UTF-8"),
    ("latin1.csv", (CSV_HEAD + "caf\xe9,Role,Caf\xe9,https://x.org\n").encode("latin-1"), "invalid UTF-8"),
    ("binary.yaml", bytes(range(256)) * 64, "looks binary"),
    ("binary.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    ("python-object.yaml", "nodes: !!python/object/apply:os.system ['touch pwned']\n", "constructor"),
    ("python-name.yaml", yaml_nodes("!!python/name:os.system {id: a}"), "constructor"),
    ("custom-tag.yaml", yaml_nodes(f"!Node {NODE}"), "constructor"),
    ("deep-flow.yaml", "nodes: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
    ("deep-map.yaml", "nodes: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n", "nested too deeply"),
    (
        "deep-block.yaml",
        "nodes:\n" + "".join(" " * i + "- \n" for i in range(2, 4_000, 2)),
        "nested too deeply",
    ),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (
        "million-characters.yaml",
        yaml_nodes(f"{{id: a, kind: Role, name: A, {SRC}, note: '{'x' * 10**6}'}}"),
        "1000000 characters",
    ),
    ("million-character-key.json", json_nodes({**JSON_NODE, "k" * 10**6: 1}), "unknown field 'kkkk"),
    ("nan.json", '{"nodes": [{"id": "a", "months": NaN}]}', "NaN is not a number"),
    ("infinity.json", '{"nodes": [{"id": "a", "months": -Infinity}]}', "Infinity is not a number"),
    ("huge-exponent.json", json_nodes(JSON_NODE).replace('"id"', '"months": 1e400, "id"'), "finite"),
    (
        "huge-integer.json",
        '{"nodes": [{"id": "a", "kind": "Role", "name": "A", "sources": ["https://x.org"], '
        '"months": ' + "9" * 5_000 + "}]}",
        "finite",
    ),
    (
        "huge-integer.yaml",
        yaml_nodes(f"{{id: a, kind: Role, name: A, {SRC}, months: {'9' * 5_000}}}"),
        "4300 digits",
    ),
    ("nan.yaml", yaml_nodes(f"{{id: a, kind: Role, name: A, {SRC}, months: .nan}}"), "finite"),
    ("inf.csv", CSV_HEAD.replace("\n", ",cost_usd\n") + "a,Role,A,https://x.org,inf\n", "finite"),
    ("negative.yaml", yaml_nodes(f"{{id: a, kind: Role, name: A, {SRC}, cost_usd: -1}}"), "negative"),
    ("negative.csv", CSV_HEAD.replace("\n", ",months\n") + "a,Role,A,https://x.org,-3\n", "negative"),
    ("too-large.json", json_nodes({**JSON_NODE, "exam_fee_usd": 1e12}), "implausibly large"),
    ("boolean-number.yaml", yaml_nodes(f"{{id: a, kind: Role, name: A, {SRC}, months: yes}}"), "number"),
    ("text-number.csv", CSV_HEAD.replace("\n", ",months\n") + "a,Role,A,https://x.org,twelve\n", "number"),
    ("duplicate-key.yaml", "nodes:\n  - id: a\n    id: b\n    kind: Role\n", "duplicate key 'id'"),
    ("duplicate-key.json", '{"nodes": [{"id": "a", "id": "b", "kind": "Role"}]}', "duplicate key 'id'"),
    ("duplicate-section.json", '{"nodes": [], "nodes": []}', "duplicate key 'nodes'"),
    ("duplicate-column.csv", "id,kind,name,name\na,Role,A,B\n", "column appears twice"),
    ("missing-column.csv", CSV_HEAD + "a,Role\n", "expected 4 columns, found 2"),
    ("extra-column.csv", CSV_HEAD + "a,Role,A,https://x.org,surplus\n", "expected 4 columns, found 5"),
    ("unknown-column.csv", "id,kind,name,colour\na,Role,A,red\n", "unknown columns: colour"),
    ("open-quote.csv", CSV_HEAD + '"a,Role,A,https://x.org\n', "expected 4 columns"),
    ("no-header.csv", "a,Role,A,https://x.org\n", "header must have"),
    ("control-character.csv", CSV_HEAD + 'a,Role,"A\x07B",https://x.org\n', "control"),
    ("escape-sequence.yaml", yaml_nodes(f'{{id: a, kind: Role, name: "\\e[31mred", {SRC}}}'), "control"),
    (
        "right-to-left-override.yaml",
        yaml_nodes(f'{{id: a, kind: Role, name: "A\u202eB", {SRC}}}'),
        "bidirectional",
    ),
    ("isolate.json", json_nodes({**JSON_NODE, "name": "A\u2067B"}), "bidirectional"),
    ("nul-in-id.json", json_nodes({**JSON_NODE, "id": "a\u0000b"}), "control"),
    (
        "lone-surrogate.json",
        '{"nodes": [{"id": "a\\ud800", "kind": "Role", "name": "A", "sources": ["https://x.org"]}]}',
        "surrogate",
    ),
    ("newline-in-id.yaml", yaml_nodes(f'{{id: "a\\nb", kind: Role, name: A, {SRC}}}'), "one line"),
    (
        "tab-in-alias.csv",
        CSV_HEAD.replace("\n", ",aliases\n") + 'a,Role,A,https://x.org,"x\ty"\n',
        "one line",
    ),
    ("line-separator-in-name.json", json_nodes({**JSON_NODE, "name": "A\u2028B"}), "one line"),
    (
        "case-fold-collision.yaml",
        yaml_nodes(
            f"{{id: Straße, kind: Role, name: A, {SRC}}}", f"{{id: STRASSE, kind: Role, name: B, {SRC}}}"
        ),
        "collides after case-folding",
    ),
    (
        "kelvin-collision.json",
        json_nodes(JSON_NODE | {"id": "k"}, JSON_NODE | {"id": "\u212a"}),
        "collides after case-folding",
    ),
    (
        "same-id-as-number.yaml",
        yaml_nodes(f"{{id: 12, kind: Role, name: A, {SRC}}}", f"{{id: '12', kind: Role, name: B, {SRC}}}"),
        "duplicate id",
    ),
    ("spaces-in-id.yaml", yaml_nodes(f"{{id: ' a', kind: Role, name: A, {SRC}}}"), "leading or trailing"),
    ("long-id.yaml", yaml_nodes(f"{{id: {'i' * 201}, kind: Role, name: A, {SRC}}}"), "at most 200"),
    ("mapping-as-name.yaml", yaml_nodes(f"{{id: a, kind: Role, name: {{x: 1}}, {SRC}}}"), "must be text"),
    ("list-key.yaml", yaml_nodes(f"{{? [a, b] : 1, id: a, kind: Role, name: A, {SRC}}}"), "plain text"),
    (
        "bad-date.yaml",
        yaml_nodes(f"{{id: a, kind: Role, name: A, {SRC}, as_of: 2026-13-45}}"),
        "month must be in 1..12",
    ),
    (
        "javascript-url.yaml",
        yaml_nodes("{id: a, kind: Role, name: A, sources: ['javascript:alert(1)']}"),
        "not an http(s) URL",
    ),
    ("two-documents.yaml", "nodes: []\n---\nnodes: []\n", "another document"),
    ("top-level-list.json", "[1, 2, 3]", "expected a node-link object"),
    ("scalar.yaml", "just text\n", "expected a mapping"),
    ("nodes-not-list.json", '{"nodes": "abc", "links": 5}', "must be a list"),
    ("record-not-object.json", '{"nodes": [1, "two", null]}', "must be an object"),
    ("alias-bomb.yaml", billion_laughs(), "must be text"),
    (
        "merge-key-bomb.yaml",
        "b: &b {kind: Role}\nnodes: [{<<: *b, id: a, name: A, " + SRC + "}]\n",
        "unknown top-level key 'b'",
    ),
]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty working directory (which must stay empty) and a folder for the inputs."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    monkeypatch.chdir(cwd)
    return cwd, inputs


def invoke(*args: str):
    """The CLI in process: an uncaught exception fails the test (no traceback allowed)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_errors(stderr: str, where: str) -> list[str]:
    lines = stderr.splitlines()
    assert lines, "no error message"
    for line in lines:
        assert line.startswith(f"careergraph: {where}"), line
        assert len(line) < 400, f"an error line of {len(line)} characters"
    return lines


@pytest.mark.parametrize(("name", "content", "message"), BROKEN_FILES, ids=[c[0] for c in BROKEN_FILES])
def test_a_broken_file_is_refused_with_its_name_and_place_and_nothing_is_written(
    workdir, name, content, message
):
    cwd, inputs = workdir
    path = write(inputs, name, content)
    before = snapshot(inputs)
    for command in (["validate", str(path)], ["--data", str(path), "stats"], ["--data", str(path), "html"]):
        code, out, err = invoke(*command)
        assert code == 2, (command, err)
        lines = assert_one_line_errors(err, str(path))
        assert message in "\n".join(lines)
        assert out == ""
    assert snapshot(inputs) == before and list(cwd.iterdir()) == []


@pytest.mark.parametrize("suffix", ["yaml", "json", "csv"])
def test_a_utf8_byte_order_mark_is_accepted(workdir, suffix):
    _, inputs = workdir
    text = {
        "yaml": yaml_nodes(NODE),
        "json": json_nodes(JSON_NODE),
        "csv": CSV_HEAD + "a,Role,A,https://example.org/a\n",
    }[suffix]
    path = write(inputs, f"bom.{suffix}", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert invoke("validate", str(path)) == (0, "valid: 1 nodes, 0 edges\n", "")


def test_the_validator_reports_every_problem_of_a_file_at_once(workdir):
    _, inputs = workdir
    path = write(inputs, "many.csv", CSV_HEAD + "a,Role\nb,Nope,B,https://x.org\nc,Role,C,ftp://x\n")
    code, _, err = invoke("validate", str(path))
    assert code == 2
    assert [line.split(": ", 2)[1] for line in err.splitlines()] == [f"{path}:2", f"{path}:3", f"{path}:4"]


MEASURE = textwrap.dedent(
    """
    import json, sys, time
    from careergraph.errors import InvalidData
    from careergraph.loaders import load_dataset
    started = time.perf_counter()
    try:
        dataset = load_dataset([sys.argv[1]])
        outcome = f"valid: {len(dataset.nodes)} nodes"
    except InvalidData as exc:
        outcome = " | ".join(sorted({p.message[:100] for p in exc.problems}))
    seconds = time.perf_counter() - started
    # VmHWM is this process's own peak: ru_maxrss on Linux starts from the parent's RSS at
    # fork, so a big test session would be counted in it.
    status = open("/proc/self/status").read()
    rss_mb = int(status.split("VmHWM:")[1].split()[0]) / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "outcome": outcome}))
    """
)


def measure(path: Path) -> dict:
    """Load in a fresh interpreter: its peak RSS is this load's, not the test session's."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout)
    print(
        f"\n{path.name}: {path.stat().st_size / 1e6:.1f} MB in {figures['seconds']:.2f} s, "
        f"peak RSS {figures['rss_mb']:.0f} MB: {figures['outcome']}"
    )
    return figures


def test_an_alias_bomb_costs_no_time_and_no_memory(tmp_path):
    path = write(tmp_path, "bomb.yaml", billion_laughs(9))
    figures = measure(path)
    assert "name must be text, not list" in figures["outcome"]
    assert figures["seconds"] < 5 and figures["rss_mb"] < 300


def fifty_megabytes(kind: str, folder: Path) -> Path:
    """About 50 MB of valid records (generated here; never committed)."""
    count = 180_000
    if kind == "csv":
        head = CSV_HEAD.replace("\n", ",aliases,description,months\n")
        rows = (
            f"node-{i},Skill,Generated skill {i} with a longer name,https://example.org/s/{i},"
            f"gs{i}|skill {i},A generated description of node {i}; long enough to be realistic.,{i % 12}\n"
            for i in range(count + 120_000)
        )
        text = head + "".join(rows)
    elif kind == "json":
        text = json_nodes(
            *(
                {
                    "id": f"node-{i}",
                    "kind": "Skill",
                    "name": f"Generated skill {i} with a longer name",
                    "aliases": [f"gs{i}", f"skill {i}"],
                    "sources": [f"https://example.org/s/{i}"],
                    "description": f"A generated description of node {i}; long enough to be realistic.",
                    "months": i % 12,
                }
                for i in range(count)
            )
        )
    else:
        text = "nodes:\n" + "".join(
            f"  - id: node-{i}\n    kind: Skill\n    name: Generated skill {i} with a longer name\n"
            f"    aliases: [gs{i}, skill {i}]\n    sources: ['https://example.org/s/{i}']\n"
            f"    description: A generated description of node {i}, long enough to be realistic.\n"
            f"    months: {i % 12}\n"
            for i in range(count)
        )
    return write(folder, f"fifty.{kind}", text)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["csv", "json", "yaml"])
def test_a_50_megabyte_file_loads_in_bounded_time_and_memory(tmp_path, kind):
    path = fifty_megabytes(kind, tmp_path)
    assert 40e6 < path.stat().st_size < 70e6
    figures = measure(path)
    assert figures["outcome"].startswith("valid:")
    assert figures["seconds"] < 180 and figures["rss_mb"] < 4096


@pytest.mark.slow
def test_a_50_megabyte_string_is_refused_quickly(tmp_path):
    path = write(
        tmp_path,
        "one-string.yaml",
        yaml_nodes(f"{{id: a, kind: Role, name: A, {SRC}, description: '{'x' * 50_000_000}'}}"),
    )
    figures = measure(path)
    assert "50000000 characters long" in figures["outcome"]
    assert figures["seconds"] < 60 and figures["rss_mb"] < 1024


# -- CLI arguments ----------------------------------------------------------------------------

LONG = "x" * 10_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", LONG], "unknown node 'xxx"),
        (["path", "pmp", LONG], "unknown node 'xxx"),
        (["plan", "pmp", "--have", LONG], "(10,000 characters)"),
        (["show", "a\x00b"], "unknown node 'a\\x00b'"),
        (["show", "'}) DETACH DELETE n //"], "unknown node"),
        (["show", "\u202epmp"], "unknown node"),
        (["show", "\udcff"], "unknown node '\\udcff'"),
        (["reach", "pmp", "--within-months", "-5"], "finite, non-negative"),
        (["reach", "pmp", "--within-cost", "-0.5"], "finite, non-negative"),
        (["reach", "pmp"], "exactly one of"),
        (["reach", "pmp", "--within-months", "3", "--within-cost", "3"], "exactly one of"),
    ],
    ids=lambda value: repr(value)[:40] if isinstance(value, list) else None,
)
def test_an_odd_argument_is_one_short_line_and_exit_2(workdir, args, message):
    cwd, _ = workdir
    code, out, err = invoke(*args)
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("careergraph: error: ") and len(lines[0]) < 400, lines
    assert message in lines[0]
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["path", "swe", "pgm", "--k", "0"],
        ["path", "swe", "pgm", "--k", "1000000"],
        ["path", "swe", "pgm", "--k", "-1"],
        ["path", "swe", "pgm", "--k", "two"],
        ["path", "swe", "pgm", "--by", "love"],
        ["path", "swe"],
        ["search", "x", "--limit", "0"],
        ["reach", "pmp", "--within-months", "soon"],
        ["list", "--kind", "Robot"],
        ["--bogus", "show", "pmp"],
        ["show", "pmp", "--bogus"],
        ["--backend", "oracle", "show", "pmp"],
        ["export", "--format", "pdf"],
        ["no-such-command"],
    ],
    ids=lambda args: " ".join(args),
)
def test_bad_usage_is_exit_2_with_click_usage_and_no_traceback(workdir, args):
    cwd, _ = workdir
    code, out, err = invoke(*args)
    assert code == 2 and out == ""
    assert "Error:" in err and "Traceback" not in err
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("fmt", ["json", "csv", "graphml"])
def test_export_of_invalid_data_writes_no_file(workdir, fmt):
    cwd, inputs = workdir
    broken = write(inputs, "broken.yaml", "nodes:\n  - {id: a, kind: Ro")
    code, _, err = invoke("--data", str(broken), "export", "--format", fmt, "--out", str(cwd / "out"))
    assert code == 2 and err.startswith(f"careergraph: {broken}")
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("target", ["missing-folder/graph.json", "existing-folder"])
def test_export_to_an_impossible_place_is_one_line_and_leaves_no_partial_file(workdir, target):
    cwd, _ = workdir
    (cwd / "existing-folder").mkdir()
    code, _, err = invoke("export", "--format", "json", "--out", target)
    assert code == 2 and len(err.splitlines()) == 1
    assert sorted(p.name for p in cwd.rglob("*")) == ["existing-folder"]


def test_a_nan_budget_is_refused(workdir):
    code, _, err = invoke("reach", "swe", "--within-cost", "nan")
    assert code == 2 and "budget" in err


def test_html_into_a_missing_folder_is_one_line_and_writes_nothing(workdir):
    cwd, _ = workdir
    for args in (["html", "--out", "nowhere/x.html"], ["path", "swe", "pgm", "--html", "nowhere/p.html"]):
        code, _, err = invoke(*args)
        assert code == 2 and err.startswith("careergraph: error: cannot write nowhere/")
        assert len(err.splitlines()) == 1
    assert list(cwd.iterdir()) == []


def test_a_100_kilobyte_argument_through_a_real_process(tmp_path):
    # The OS caps one argument at 128 KiB; this is what a real shell can pass.
    done = subprocess.run(
        [sys.executable, "-m", "careergraph.cli", "show", "é" * 50_000],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and len(done.stderr) < 400
    assert "(50,000 characters)" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("command", ["show", "search"])
def test_a_million_character_name_is_answered_within_5_seconds(workdir, command):
    began = time.monotonic()
    invoke(command, "x" * 1_000_000)
    assert time.monotonic() - began < 5


# Cells a spreadsheet would run as a formula (OWASP "CSV injection"), and real text that
# starts with the guard quote itself.
FORMULA_NODES = [
    {
        **JSON_NODE,
        "id": "a",
        "name": '=HYPERLINK("https://evil.example","click")',
        "aliases": ["+cmd /C calc"],
    },
    {**JSON_NODE, "id": "b", "name": "-2+3", "aliases": ["@SUM(A1)"], "description": "\t=1+1"},
    {**JSON_NODE, "id": "c", "name": "'quoted", "description": "\r=2", "note": "''two quotes"},
]


def test_csv_export_guards_formula_cells_and_reads_back_to_the_same_graph(workdir):
    cwd, inputs = workdir
    source = write(inputs, "formulas.json", json.dumps({"nodes": FORMULA_NODES, "edges": []}))
    assert invoke("--data", str(source), "export", "--format", "csv", "--out", "csv")[0] == 0
    text = (cwd / "csv" / "nodes.csv").read_bytes().decode("utf-8")  # carriage returns kept
    for guarded in (
        "'=HYPERLINK",
        "'+cmd",
        "'-2+3",
        "'@SUM",
        "'\t=1+1",
        "'\r=2",
        "''quoted",
        "'''two quotes",
    ):
        assert guarded in text, guarded
    original = invoke("--data", str(source), "export", "--format", "json")[1]
    assert invoke("--data", str(cwd / "csv"), "export", "--format", "json")[1] == original
