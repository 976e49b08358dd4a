"""Every CLI command through click's CliRunner: output, JSON and exit codes."""

import json

import pytest

from careergraph.backends import open_backend
from careergraph.errors import UsageError

from .conftest import FIXTURES, MINI

D = ("--data", str(MINI))


COMMANDS = {
    "path", "plan", "reach", "show", "search", "list", "stats", "validate", "export", "load", "html",
    "cypher", "browser", "generate",
}  # fmt: skip
EXAMPLES = ("path", "plan", "reach", "export", "cypher", "browser", "generate")


def test_help_lists_every_command(run):
    code, out, _ = run("--help")
    section = out.split("Commands:\n", 1)[1]
    listed = {line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.strip()}
    assert code == 0 and COMMANDS <= listed


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_help_with_its_own_usage_line(run, command):
    code, out, _ = run(command, "--help")
    assert code == 0 and out.startswith(f"Usage: cli {command} [OPTIONS]")


@pytest.mark.parametrize("command", EXAMPLES)
def test_help_shows_a_runnable_example_of_the_command(run, command):
    code, out, _ = run(command, "--help")
    example = out.split("Example", 1)[1]
    assert code == 0 and f"careergraph {command} " in example


def test_path_prints_numbered_steps_and_totals(run):
    code, out, _ = run(*D, "path", "Developer", "Program Manager")
    assert code == 0
    assert "Best pathway: 2 moves, 108 months (effort 108 months), $0" in out
    assert "1. ─recommends→ Team Lead [Role]   month    0 → 36" in out


def test_path_json_follows_the_schema(run):
    code, out, _ = run(*D, "path", "dev", "pgm", "--json", "--k", "2")
    assert code == 0
    data = json.loads(out)
    assert data["from"] == {"id": "dev", "name": "Developer", "kind": "Role"}
    assert data["to"]["id"] == "pgm" and data["by"] == "hops"
    first = data["paths"][0]
    assert [n["id"] for n in first["nodes"]] == ["dev", "lead", "pgm"]
    assert set(first["edges"][0]) == {
        "source",
        "target",
        "type",
        "months",
        "cost_usd",
        "start_month",
        "end_month",
        "effort_months",
        "requirement_months",
        "requirement_cost_usd",
        "gained",
        "also_requires",
    }
    assert first["months"] == first["elapsed_months"] == sum(e["months"] for e in first["edges"]) == 108
    assert data["exact"] is True
    assert first["hops"] == len(first["edges"]) == 2
    assert data["paths"][1]["hops"] >= first["hops"]


def test_path_step_prices_the_targets_other_requirements(run):
    code, out, _ = run(*D, "path", "dev", "pmp", "--json")
    step = json.loads(out)["paths"][0]["edges"][0]
    # dev -RECOMMENDS(12 months as a developer)-> pmp; pmp's eligibility in the move: the
    # diploma route's 60 months of leading projects beat the degree route's 48 months of
    # full-time study and then 36; the associate cert runs alongside; then 3 months.
    assert code == 0 and (step["start_month"], step["end_month"], step["months"]) == (0, 63, 63)
    assert step["requirement_months"] == 63 - 12 - 3
    assert [g["id"] for g in step["gained"]] == ["experience", "diploma", "capm", "route-diploma"]
    assert {r["group"] for r in step["also_requires"]} == {"eligibility", "education"}


def test_no_pathway_exits_1(run):
    code, _, err = run(*D, "path", "pgm", "dev")
    assert code == 1 and err.startswith("careergraph: error: no pathway from Program Manager to Developer")


def test_unknown_name_exits_2_with_suggestions(run):
    code, _, err = run(*D, "show", "Projekt Manager")
    assert code == 2 and "did you mean Project Manager (pm)" in err and "Traceback" not in err


def test_ambiguous_alias_exits_2(run):
    code, _, err = run(*D, "path", "dev", "TPM")
    assert code == 2 and "ambiguous" in err and len(err.strip().splitlines()) == 1


def test_bad_option_exits_2(run):
    code, _, _ = run(*D, "path", "dev", "pgm", "--by", "vibes")
    assert code == 2


def test_plan_json_has_steps_with_reasons_and_totals(run):
    code, out, _ = run(*D, "plan", "PMP", "--have", "Four-year degree", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["goal"]["id"] == "pmp" and [h["id"] for h in data["have"]] == ["degree"]
    assert [s["id"] for s in data["steps"]][-1] == "pmp"
    assert data["months"] == sum(s["months"] for s in data["steps"])
    assert all(s["because"] for s in data["steps"])


def test_plan_explain_shows_alternatives(run):
    code, out, _ = run(*D, "plan", "pmp", "--explain")
    assert code == 0 and "requirement eligibility:" in out and "[✓]" in out


def test_reach_needs_exactly_one_budget(run):
    assert run(*D, "reach", "dev")[0] == 2
    assert run(*D, "reach", "dev", "--within-months", "1", "--within-cost", "1")[0] == 2


def test_reach_json_is_sorted_by_cost(run):
    code, out, _ = run(*D, "reach", "dev", "--within-months", "60", "--json", "--kind", "role")
    data = json.loads(out)
    assert code == 0 and [r["id"] for r in data["reachable"]] == ["lead", "pm"]
    assert [r["months"] for r in data["reachable"]] == [36, 60]


def test_show_groups_requirements(run):
    code, out, _ = run(*D, "show", "pmp", "--json")
    data = json.loads(out)
    groups = {g["group"]: sorted(a["id"] for a in g["any_of"]) for g in data["requires"]}
    assert groups == {"education": ["capm", "hours35"], "eligibility": ["route-degree", "route-diploma"]}
    assert [n["id"] for n in data["recommends"]] == ["pm"]


def test_search_ranks_typos(run):
    code, out, _ = run(*D, "search", "projct managr", "--json")
    assert code == 0 and json.loads(out)["results"][0]["id"] == "pm"


def test_list_and_stats(run):
    code, out, _ = run(*D, "list", "--kind", "Education", "--json")
    assert code == 0 and [n["id"] for n in json.loads(out)["nodes"]] == ["degree", "diploma", "hours35"]
    code, out, _ = run(*D, "stats", "--json")
    assert json.loads(out) == {
        "nodes": 12,
        "edges": 17,
        "by_kind": {"Role": 4, "Certification": 2, "Skill": 3, "Education": 3},
        "by_type": {"PREREQUISITE": 9, "RECOMMENDS": 8},
    }


def test_validate_clean_and_broken(run):
    assert run("validate", str(MINI))[0] == 0
    code, _, err = run("validate", str(FIXTURES / "broken" / "prerequisite-cycle.yaml"))
    assert code == 2 and "prerequisite-cycle.yaml:6: PREREQUISITE cycle" in err


def test_validate_json_lists_problems(run):
    code, out, _ = run("validate", "--json", str(FIXTURES / "broken" / "many-problems.yaml"))
    data = json.loads(out)
    assert code == 2 and data["valid"] is False and len(data["problems"]) == 4


@pytest.mark.parametrize("command", [("stats",), ("path", "a", "b"), ("show", "x")])
def test_invalid_data_refused_by_every_loading_command(run, command):
    code, _, err = run("--data", str(FIXTURES / "broken" / "dangling-edge.yaml"), *command)
    assert code == 2 and "dangling-edge.yaml:4" in err and "Traceback" not in err


def test_export_writes_files_and_stdout(run, tmp_path):
    code, out, _ = run(*D, "export", "--format", "graphml")
    assert code == 0 and out.startswith("<?xml")
    code, _, _ = run(*D, "export", "--format", "csv", "--out", str(tmp_path / "csv"))
    assert code == 0 and sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["edges.csv", "nodes.csv"]
    assert run(*D, "export", "--format", "csv")[0] == 2


def test_an_unknown_backend_name_is_refused_not_taken_for_networkx():
    with pytest.raises(UsageError, match="unknown backend 'sqlite'"):
        open_backend("sqlite")


FROZEN_RUN = """
import gc, sys
from careergraph.cli import main
gc.freeze()  # what loading a graph of 100,000 edges or more does
sys.argv = ["careergraph", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    ("argv", "code", "out", "err"),
    [
        (["stats", "--json"], 0, '"nodes"', ""),
        (["show", "no-such-node"], 2, "", "careergraph: error: unknown node"),
    ],
)
def test_after_a_large_graph_the_cli_leaves_at_once_with_its_output_and_code(argv, code, out, err):
    """With a frozen (large) graph, main leaves by os._exit: the answer, the error line and
    the exit code must still all come out."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", FROZEN_RUN, *argv], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == code
    assert out in done.stdout and err in done.stderr
    if code == 0:
        assert json.loads(done.stdout)["edges"] > 0  # the whole answer, flushed before leaving
