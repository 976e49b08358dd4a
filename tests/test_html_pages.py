"""The HTML pages as files, without a browser: one self-contained UTF-8 file, nothing
fetched from the network, data text escaped, written atomically, opened only on request."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from careergraph import files
from careergraph.errors import UsageError
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset
from careergraph.present import vis
from careergraph.present.explorer import explorer_page, layered_layout
from careergraph.present.pathway import path_page, write_path_page
from careergraph.present.plan import plan_page
from careergraph.present.vis import script_json
from careergraph.queries.paths import find_paths
from careergraph.queries.plan import make_plan

from .conftest import FIXTURES, MINI

D = ("--data", str(MINI))
HOSTILE = FIXTURES / "hostile.yaml"
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "ol", "ul", "li",
    "span", "strong", "main", "div", "aside", "section", "script", "form", "label", "input",
    "datalist", "button", "fieldset", "legend",
}  # fmt: skip
CDN_WORDS = ("cdn.", "cdnjs", "jsdelivr", "unpkg", "bootstrap", "tom-select", "googleapis")


class Tags(HTMLParser):
    """Every start tag with its attributes; script and style content is not parsed."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.data_json: str | None = None
        self._in_data = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_data = attributes.get("id") == "careergraph-data"

    def handle_data(self, data):
        if self._in_data:
            self.data_json = (self.data_json or "") + data

    def handle_endtag(self, tag):
        self._in_data = False


@pytest.fixture(scope="module")
def hostile():
    return NetworkxBackend(load_dataset([HOSTILE]))


@pytest.fixture(scope="module")
def hostile_html(hostile):
    start = hostile.node("<script>window.__pwned=1;alert(1)</script>")
    result = find_paths(hostile, start, hostile.node("goal"), k=3)
    plan = make_plan(hostile, hostile.node("goal"), [hostile.node("skill")])
    return {
        "pathway": path_page(hostile, result),
        "plan": plan_page(hostile, plan),
        "explorer": explorer_page(hostile.dataset()),
    }


def test_path_html_writes_exactly_one_file_and_no_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(*D, "path", "dev", "pgm", "--by", "months", "--k", "3", "--html", "p.html")
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]


@pytest.mark.parametrize(
    "args",
    [
        ("path", "dev", "pgm", "--k", "3", "--html", "page.html"),
        ("plan", "pmp", "--have", "diploma", "--html", "page.html"),
        ("html", "--out", "page.html"),
    ],
)
def test_pages_reference_nothing_on_the_network(run, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(*D, *args)
    assert code == 0
    html = (tmp_path / "page.html").read_bytes().decode("utf-8")  # valid UTF-8 or raises
    tags = Tags(html).tags
    assert {tag for tag, _ in tags} <= PAGE_TAGS
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert len(scripts) == 3 and not any("src" in attrs for attrs in scripts)
    assert not any(tag == "link" for tag, _ in tags)
    for _, attrs in tags:
        for name in ("src", "href", "action", "srcset"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(name) or ""), attrs
    lowered = html.lower()
    assert not any(word in lowered for word in CDN_WORDS)
    assert "vis-network" in html and "@version 9.1.2" in html  # inlined, not fetched
    csp = next(
        a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp and "connect-src" not in csp
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "unsafe" not in script_src and script_src.count("'sha256-") == 2
    assert ("meta", {"charset": "utf-8"}) in tags


def test_page_does_not_open_a_browser_unless_asked(run, tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(vis.webbrowser, "open", opened.append)
    monkeypatch.chdir(tmp_path)
    assert run(*D, "path", "dev", "pgm", "--html", "p.html")[0] == 0
    assert opened == []
    assert run(*D, "path", "dev", "pgm", "--html", "p.html", "--open")[0] == 0
    assert opened == [(tmp_path / "p.html").resolve().as_uri()]


def test_page_is_written_atomically(mini, tmp_path, monkeypatch):
    target = tmp_path / "p.html"
    target.write_text("old page", encoding="utf-8")
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"))

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", failing_replace)
    with pytest.raises(UsageError, match="cannot write .*disk full"):
        write_path_page(mini, result, target)
    assert target.read_text(encoding="utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]  # no temporary file left
    monkeypatch.undo()
    write_path_page(mini, result, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]
    assert os.stat(target).st_mode & 0o777 == 0o644


def test_script_json_cannot_close_its_element_and_round_trips():
    data = {"name": "</script><script>alert(1)</script><!-- & \u2028\u2029 'x' \"y\""}
    text = str(script_json(data))
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert json.loads(text) == data


@pytest.mark.parametrize("which", ["pathway", "plan", "explorer"])
def test_hostile_text_never_becomes_markup(hostile_html, which):
    html = hostile_html[which]
    parsed = Tags(html)
    assert {tag for tag, _ in parsed.tags} <= PAGE_TAGS  # no img, svg, iframe, b, u, details...
    for raw in ("<script>window.__pwned", "<img src=x", "<svg", "<iframe", "<input autofocus", "<details"):
        assert raw not in html
    if which != "explorer":  # the goal's name is in the page title, escaped by Jinja
        assert "&lt;input autofocus onfocus=&#34;window.__pwned=1;alert(1)&#34;&gt;" in html
    data = json.loads(parsed.data_json)
    names = {facts["name"] for facts in data["facts"].values()}
    assert "</script><script>window.__pwned=1;alert(1)</script>" in names
    assert "Tom &amp; Jerry &lt;b&gt; & <u>co</u>" in names  # literal, neither decoded nor escaped twice


def test_pages_use_one_colour_per_kind_everywhere(mini):
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), by="months", k=3)
    plan = make_plan(mini, mini.node("pmp"), [mini.node("diploma")])
    for html in (path_page(mini, result), plan_page(mini, plan), explorer_page(mini.dataset())):
        data = json.loads(Tags(html).data_json)
        assert data["kindColours"] == vis.KIND_COLOURS
        for kind, colour in vis.KIND_COLOURS.items():
            assert f'--swatch: {colour}"></span>{kind}' in html  # the legend
        for node in data["nodes"]:
            if node.get("cgRole") not in ("context", "held", "unchosen"):
                assert node["color"]["background"] == vis.KIND_COLOURS[node["cgKind"]]


def test_explorer_layout_positions_every_node_deterministically(mini_dataset):
    first = layered_layout(mini_dataset)
    assert set(first) == set(mini_dataset.nodes)
    assert layered_layout(mini_dataset) == first
    assert len(set(first.values())) == len(first)  # no two nodes on one spot
    for edge in mini_dataset.edges:
        if edge.type == "PREREQUISITE":
            assert first[edge.source][0] < first[edge.target][0]  # prerequisites to the left


def test_a_bare_file_name_is_written_in_the_current_folder(mini, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = find_paths(mini, mini.node("dev"), mini.node("pgm"), k=2)
    out = Path("sub-dir-free.html")
    write_path_page(mini, result, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub-dir-free.html"]


def test_a_missing_folder_is_a_usage_error_not_a_traceback(run, tmp_path):
    code, _, err = run(*D, "path", "dev", "pgm", "--html", str(tmp_path / "missing" / "p.html"))
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "missing").exists()


def test_plan_page_for_a_goal_already_held_shows_it_done(mini):
    plan = make_plan(mini, mini.node("route-diploma"), [mini.node("route-diploma")])
    data = json.loads(Tags(plan_page(mini, plan)).data_json)
    assert [(n["id"], n["cgRole"]) for n in data["nodes"]] == [("route-diploma", "held")]


PROFILE = """\
as_of: 2026-01-01
education:
  - {name: Secondary diploma, earned: 2010-06}
positions:
  - {title: Team Lead, company: Initrode Secret Labs, start: 2019-03, end: 2021-11}
  - {title: Chief Widget Officer, company: Globex Hidden Corp, start: 2022-02, end: present,
     counts_as: [Leading projects]}
"""


def test_a_plan_page_from_a_profile_says_so_and_carries_only_what_the_plan_needs(run, tmp_path):
    profile = tmp_path / "me.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    code, _, err = run(*D, "plan", "pmp", "--profile", str(profile), "--html", str(tmp_path / "p.html"))
    assert code == 0, err
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert 'id="personal"' in html and "stays on this machine" in html
    # positions, companies, their dates and a holding the plan does not use
    private_text = ("Initrode", "Globex", "Chief Widget Officer", "Team Lead")
    private_text += ("2019-03", "2021-11", "2022-02")
    for private in private_text:
        assert private not in html, private
    data = json.loads(Tags(html).data_json)
    assert data["timeline"]["asOf"] == "2026-01-01" and data["timeline"]["eligibleFrom"]
    assert "Team Lead" not in {facts["name"] for facts in data["facts"].values()}


def test_a_plan_page_without_a_profile_has_no_personal_note(mini):
    html = plan_page(mini, make_plan(mini, mini.node("pmp"), [mini.node("diploma")]))
    assert 'id="personal"' not in html and "stays on this machine" not in html


def test_an_experience_node_scheduled_twice_is_drawn_once_with_both_step_numbers(curated):
    plan = make_plan(curated, curated.node("csp-sm"))
    twice = [s.node.id for s in plan.steps if [t.node.id for t in plan.steps].count(s.node.id) == 2]
    assert twice, "the curated CSP-SM plan schedules Scrum Master practice in two steps"
    data = json.loads(Tags(plan_page(curated, plan)).data_json)
    drawn = [n for n in data["nodes"] if n["id"] == twice[0]]
    numbers = [str(i) for i, s in enumerate(plan.steps, 1) if s.node.id == twice[0]]
    assert len(drawn) == 1 and drawn[0]["label"].startswith(", ".join(numbers) + ". ")
    assert len(data["timeline"]["steps"]) == len(plan.steps)
    assert data["pathNodeIds"] == list(dict.fromkeys(s.node.id for s in plan.steps))


@pytest.mark.parametrize(("by", "k"), [("months", 1), ("months", 3), ("cost", 10)])
def test_a_pathway_page_draws_the_pathways_that_fit_and_lists_them_all(curated, by, k):
    from careergraph.present.pathway import path_page
    from careergraph.queries.paths import find_paths

    ends = curated.node("software-engineer"), curated.node("program-manager")
    result = find_paths(curated, *ends, by=by, k=k)
    page = path_page(curated, result)
    data_json = re.search(r'<script id="careergraph-data" type="application/json">(.*?)</script>', page, re.S)
    data = json.loads(data_json[1])
    drawn = {n["id"] for n in data["nodes"] if n.get("cgRole") in ("best", "alternative")}
    listed = page.count('<li data-rank="')
    assert listed == len(result.paths)
    best = {n.id for n in result.paths[0].nodes}
    assert best <= drawn  # the best pathway is always drawn
    if k == 10:
        assert "the graph draws the first" in page
        assert drawn != {n.id for p in result.paths for n in p.nodes}  # not every pathway
    else:
        assert "the graph draws the first" not in page
