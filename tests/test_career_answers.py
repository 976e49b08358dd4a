"""The coach's table: every question of scripts/career-answers.yaml answered within its range,
and docs/career-answers.md exactly what scripts/career-answers writes."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest
from click.testing import CliRunner

from careergraph.cli import cli

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "career-answers"


def load_script():
    """scripts/career-answers has no .py suffix, so it is loaded from its path."""
    loader = SourceFileLoader("career_answers", str(SCRIPT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    sys.modules[loader.name] = module  # dataclasses look their module up there
    loader.exec_module(module)
    return module


career_answers = load_script()
QUESTIONS = career_answers.load_questions()


def run_in_process(args: list[str]) -> tuple[int, str, str]:
    """The same CLI as the console script, in process (26 subprocesses would take ten seconds)."""
    result = CliRunner().invoke(
        cli,
        args,
        env=dict.fromkeys(career_answers.IGNORED_ENV),
        prog_name="careergraph",
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout, result.stderr


def row_id(number: int, question: dict) -> str:
    return f"{number + 1:02d}-" + re.sub(r"[^A-Za-z0-9]+", "-", " ".join(question["command"])).strip("-")


@pytest.fixture(scope="module")
def answers():
    return career_answers.answer_all(QUESTIONS, run_in_process)


@pytest.mark.parametrize("number", range(len(QUESTIONS)), ids=[row_id(n, q) for n, q in enumerate(QUESTIONS)])
def test_answer_falls_in_the_range_a_coach_expects(answers, number):
    row = answers[number]
    got = row.summary if row.value is None else f"{row.value} ({row.summary})"
    assert row.in_range, (
        f"{row.question['question']} careergraph: {got}; "
        f"a coach expects {career_answers.expected(row.question)} ({row.question['source']})"
    )


def test_committed_page_is_what_the_script_writes(answers, tmp_path):
    regenerated = tmp_path / "career-answers.md"
    regenerated.write_text(career_answers.render(answers), encoding="utf-8")
    committed = career_answers.PAGE.read_text(encoding="utf-8")
    assert committed == regenerated.read_text(encoding="utf-8"), (
        "docs/career-answers.md is stale: run .venv/bin/python scripts/career-answers"
    )


def one_question(tmp_path: Path, low: float, high: float) -> Path:
    questions = tmp_path / "questions.yaml"
    question = {
        "question": "How long is the PMP for a new graduate?",
        "command": ["plan", "PMP", "--have", "Bachelor's degree", "--by", "months"],
        "measure": "elapsed_months",
        "expect": {"min": low, "max": high},
        "source": "https://www.pmi.org/certifications/project-management-pmp",
        "why": "A range chosen for the test.",
    }
    questions.write_text(json.dumps({"questions": [question]}), encoding="utf-8")  # JSON is YAML
    return questions


def check(questions: Path, page: Path) -> int:
    return career_answers.main(["--check", "--questions", str(questions), "--out", str(page)], run_in_process)


def test_check_passes_on_a_current_page_with_every_row_in_range(tmp_path):
    questions, page = one_question(tmp_path, 0, 1000), tmp_path / "page.md"
    career_answers.main(["--questions", str(questions), "--out", str(page)], run_in_process)
    assert check(questions, page) == 0


def test_check_fails_on_an_edited_page(tmp_path):
    questions, page = one_question(tmp_path, 0, 1000), tmp_path / "page.md"
    career_answers.main(["--questions", str(questions), "--out", str(page)], run_in_process)
    page.write_text(page.read_text(encoding="utf-8").replace("yes", "no"), encoding="utf-8")
    assert check(questions, page) == 1


def test_check_fails_on_a_row_out_of_range_even_with_a_current_page(tmp_path):
    questions, page = one_question(tmp_path, 0, 1), tmp_path / "page.md"
    career_answers.main(["--questions", str(questions), "--out", str(page)], run_in_process)
    assert "| **no** |" in page.read_text(encoding="utf-8") and check(questions, page) == 1


def test_a_failing_command_is_a_row_out_of_range_with_the_cli_error(tmp_path):
    row = career_answers.answer(
        {
            "command": ["plan", "No Such Credential"],
            "measure": "elapsed_months",
            "expect": {"min": 0, "max": 1},
        },
        run_in_process,
    )
    assert not row.in_range and row.summary.startswith("error (exit 2): careergraph:")


def test_the_script_runs_the_installed_console_script():
    code, out, _ = career_answers.run_console_script(["show", "PMP", "--json"])
    assert code == 0 and json.loads(out)["node"]["id"] == "pmp"
