"""Profiles: reading the file, what it holds and how months count as of a date, profile show."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from careergraph.errors import InvalidData
from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset
from careergraph.profile_commands import profile
from careergraph.profiles import load_profile, profile_state

GRAPH = Path(__file__).parent / "fixtures" / "profiles" / "graph.yaml"
EXAMPLE = Path(__file__).parent / "fixtures" / "profiles" / "me.yaml"
LEADING = "project-leadership-experience"
D = datetime.date


@pytest.fixture(scope="module")
def graph():
    return NetworkxBackend(load_dataset([GRAPH]))


def write(tmp_path: Path, text: str, name: str = "me.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def state_of(tmp_path, graph, text, as_of=None):
    return profile_state(load_profile(write(tmp_path, text)), graph, as_of)


def run(graph, *args):
    result = CliRunner().invoke(
        profile, list(args), obj=SimpleNamespace(backend=graph), catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


OVERLAP = """\
positions:
  - {title: Technical Project Manager, start: 2019-01, end: 2021-12}
  - {title: Technical Project Manager, start: 2021-06, end: 2022-06}
"""


def test_overlapping_positions_count_each_month_once(tmp_path, graph):
    state = state_of(tmp_path, graph, OVERLAP, D(2023, 1, 1))
    assert state.experience[LEADING] == 42
    assert state.months(LEADING) == 42


def test_a_position_counts_as_its_role_and_the_roles_experience(tmp_path, graph):
    state = state_of(tmp_path, graph, OVERLAP, D(2023, 1, 1))
    assert set(state.experience) == {"technical-project-manager", LEADING}
    assert len(state.positions_by_kind[LEADING]) == 2


def test_counts_as_follows_experience_skills_that_count_as_others(tmp_path, graph):
    text = "positions:\n  - {title: Security Manager, start: 2020-01, end: 2020-12}\n"
    state = state_of(tmp_path, graph, text, D(2023, 1, 1))
    assert state.experience == {
        "security-manager": 12,
        "security-management-experience": 12,
        "security-experience": 12,
    }


def test_a_window_counts_only_the_months_that_end_inside_it(tmp_path, graph):
    state = state_of(tmp_path, graph, OVERLAP, D(2023, 1, 1))
    assert state.months(LEADING, window_months=12) == 6  # 2022-01..2022-06 of 2022-01..2022-12
    assert state.months(LEADING, window_months=96) == 42


def test_a_month_covered_in_part_does_not_count(tmp_path, graph):
    text = "positions:\n  - {title: X, start: 2022-01-15, end: 2022-04-10, counts_as: [Leading projects]}\n"
    state = state_of(tmp_path, graph, text, D(2023, 1, 1))
    assert state.months(LEADING) == 2  # February and March only


def test_the_current_month_counts_once_it_has_ended(tmp_path, graph):
    text = "positions:\n  - {title: Technical Project Manager, start: 2022-01, end: present}\n"
    assert state_of(tmp_path, graph, text, D(2022, 3, 30)).months(LEADING) == 2
    assert state_of(tmp_path, graph, text, D(2022, 3, 31)).months(LEADING) == 3


def test_the_latest_current_position_is_the_current_role_and_held(tmp_path, graph):
    text = """\
positions:
  - {title: Software Engineer, start: 2015-01, end: present}
  - {title: Technical Project Manager, start: 2021-06, end: present}
"""
    state = state_of(tmp_path, graph, text, D(2023, 1, 1))
    assert state.current_role == "technical-project-manager"
    assert state.held == {"technical-project-manager"}


def test_an_expired_credential_is_lapsed_not_held(tmp_path, graph):
    text = "credentials:\n  - {name: Certified ScrumMaster, earned: 2019-03, expires: 2021-03}\n"
    state = state_of(tmp_path, graph, text, D(2023, 1, 1))
    assert "csm" not in state.held
    assert state.lapsed == [("csm", D(2021, 3, 31))]


def test_a_credential_is_held_until_its_expiry_day(tmp_path, graph):
    text = "credentials:\n  - {name: CSM, earned: 2019-03, expires: 2021-03}\n"
    assert "csm" in state_of(tmp_path, graph, text, D(2021, 3, 31)).held


def test_a_renewed_credential_is_held_not_lapsed(tmp_path, graph):
    text = """\
credentials:
  - {name: CSM, earned: 2019-03, expires: 2021-03}
  - {name: CSM, earned: 2021-03, expires: 2023-03}
"""
    state = state_of(tmp_path, graph, text, D(2022, 1, 1))
    assert "csm" in state.held and state.lapsed == []


def test_education_is_held_by_any_name_or_alias(tmp_path, graph):
    text = "education:\n  - {name: BS Computer Science, earned: 2015-06}\n"
    assert state_of(tmp_path, graph, text, D(2023, 1, 1)).held == {"bachelor-computer-science"}


def test_an_unknown_title_is_a_warning_and_its_counts_as_still_counts(tmp_path, graph):
    text = "positions:\n  - {title: Lead, start: 2020-01, end: 2020-12, counts_as: [Leading projects]}\n"
    state = state_of(tmp_path, graph, text, D(2023, 1, 1))
    assert state.months(LEADING) == 12
    assert len(state.warnings) == 1 and "me.yaml:2: warning:" in state.warnings[0]


def test_an_ambiguous_title_is_listed_not_guessed(tmp_path, graph):
    state = state_of(
        tmp_path, graph, "positions:\n  - {title: TPM, start: 2020-01, end: 2020-12}\n", D(2023, 1, 1)
    )
    assert state.experience == {}
    assert (
        "technical-program-manager" in state.warnings[0] and "technical-project-manager" in state.warnings[0]
    )


def test_stated_months_add_to_the_total_and_count_in_every_window(tmp_path, graph):
    text = OVERLAP + "experience:\n  - {kind: Leading projects, months: 6}\n"
    state = state_of(tmp_path, graph, text, D(2023, 1, 1))
    assert state.months(LEADING) == 48
    assert state.months(LEADING, window_months=12) == 12


def test_reached_on_projects_a_current_position_forward(tmp_path, graph):
    text = "positions:\n  - {title: Technical Project Manager, start: 2021-01, end: present}\n"
    state = state_of(tmp_path, graph, text, D(2023, 1, 1))  # 24 months so far
    assert state.reached_on(LEADING, 36) == D(2023, 12, 31)
    assert state.reached_on(LEADING, 12) == D(2023, 1, 1)


def test_reached_on_is_none_when_nothing_accrues(tmp_path, graph):
    state = state_of(tmp_path, graph, OVERLAP, D(2023, 1, 1))
    assert state.reached_on(LEADING, 60) is None


def test_as_of_comes_from_the_file_unless_given(tmp_path, graph):
    text = "as_of: 2022-01-01\n" + OVERLAP.replace("2022-06", "2021-12")
    assert state_of(tmp_path, graph, text).as_of == D(2022, 1, 1)
    assert state_of(tmp_path, graph, text, D(2024, 1, 1)).as_of == D(2024, 1, 1)


def test_the_documented_example_profile_loads(graph):
    state = profile_state(load_profile(EXAMPLE), graph)
    assert state.months(LEADING) == 48 and state.lapsed == [("csm", D(2021, 3, 31))]


def test_unknown_credentials_are_all_reported_with_their_lines(tmp_path, graph):
    text = (
        "credentials:\n  - {name: Certfied ScrumMaster, earned: 2019-03}\n  - {name: Nope, earned: 2019-03}\n"
    )
    with pytest.raises(InvalidData) as caught:
        state_of(tmp_path, graph, text, D(2023, 1, 1))
    assert [p.line for p in caught.value.problems] == [2, 3]
    assert "did you mean Certified ScrumMaster (csm)" in str(caught.value.problems[0])


def test_profile_show_says_when_a_credential_lapsed(graph):
    code, out, _ = run(graph, "show", str(EXAMPLE))
    assert code == 0
    assert "Certified ScrumMaster (csm)  lapsed 2021-03-31" in out
    assert "Leading projects (project-leadership-experience)  48 months" in out


def test_profile_show_json_lists_experience_with_its_positions(graph):
    code, out, _ = run(graph, "show", str(EXAMPLE), "--json", "--as-of", "2022-01-01")
    document = json.loads(out)
    leading = next(item for item in document["experience"] if item["kind"]["id"] == LEADING)
    assert code == 0 and document["as_of"] == "2022-01-01"
    assert leading["months"] == 36 and [p["company"] for p in leading["positions"]] == ["Acme", "Globex"]
    assert document["lapsed"] == [
        {"id": "csm", "name": "Certified ScrumMaster", "kind": "Certification", "lapsed_on": "2021-03-31"}
    ]


def test_profile_show_takes_the_backend_from_the_cli_state(tmp_path, graph):
    class State:  # the shape of cli.py's State: the backend is a property
        @property
        def backend(self):
            return graph

    result = CliRunner().invoke(profile, ["show", str(EXAMPLE), "--json"], obj=State())
    assert result.exit_code == 0 and json.loads(result.stdout)["held"][0]["id"] == "bachelor-computer-science"


def test_the_curated_graph_counts_overlapping_tenure_once(tmp_path, curated):
    text = """\
education:
  - {name: Bachelor's in Computer Science, earned: 2015-06}
positions:
  - {title: Technical Project Manager, start: 2019-01, end: 2021-12}
  - {title: Technical Project Manager, start: 2021-06, end: 2022-06}
"""
    state = state_of(tmp_path, curated, text, D(2023, 1, 1))
    assert state.months("technical-project-manager") == 42
    assert "bachelor-computer-science" in state.held


# Hostile and broken profiles: exit 2, one line naming the file (and line), no traceback.
HOSTILE = {
    "missing-field": (
        "positions:\n  - {title: Technical Project Manager, start: 2019-01}\n",
        "me.yaml:2: positions: missing field 'end'",
    ),
    "end-before-start": (
        "positions:\n  - {title: TPM, start: 2020-01, end: 2019-12}\n",
        "me.yaml:2: end 2019-12-31 is before start",
    ),
    "future-date": (
        "credentials:\n  - {name: CSM, earned: 2024-02}\n",
        "me.yaml:2: earned 2024-02-01 is after the as-of date 2023-01-01",
    ),
    "future-end": (
        "positions:\n  - {title: Software Engineer, start: 2020-01, end: 2023-05}\n",
        "me.yaml:2: 2023-05-31 is after the as-of date",
    ),
    "unknown-credential": (
        "credentials:\n  - {name: Certfied ScrumMaster, earned: 2019-03}\n",
        "me.yaml:2: credential: unknown node",
    ),
    "ambiguous-credential": (
        "credentials:\n  - {name: TPM, earned: 2019-03}\n",
        "me.yaml:2: credential: 'TPM' is ambiguous",
    ),
    "wrong-section": (
        "education:\n  - {name: PMP, earned: 2019-03}\n",
        "is a Certification, not a Education",
    ),
    "unknown-counts-as": (
        "positions:\n  - {title: X, start: 2019-01, end: 2019-02, counts_as: [Flying]}\n",
        "me.yaml:2: counts_as: unknown node",
    ),
    "not-experience": (
        "experience:\n  - {kind: Risk analysis, months: 3}\n",
        "is a Skill, not a role or an experience",
    ),
    "bad-date": (
        "education:\n  - {name: BS Computer Science, earned: 2015-13}\n",
        "me.yaml:2: earned: '2015-13' is not a date",
    ),
    "year-only": (
        "education:\n  - {name: BS Computer Science, earned: 2015}\n",
        "write YYYY-MM or YYYY-MM-DD",
    ),
    "impossible-day": (
        "education:\n  - {name: BS Computer Science, earned: 2015-02-30}\n",
        "me.yaml:2: YAML error: cannot read",
    ),
    "unknown-field": (
        "credentials:\n  - {name: CSM, earned: 2019-03, expiry: 2021-03}\n",
        "unknown field 'expiry'",
    ),
    "unknown-section": ("jobs: []\n", "me.yaml:1: unknown top-level key 'jobs'"),
    "negative-months": (
        "experience:\n  - {kind: Leading projects, months: -3}\n",
        "months: must be between 0",
    ),
    "newline-in-title": (
        'positions:\n  - {title: "a\\nb", start: 2019-01, end: 2019-02}\n',
        "must be one line",
    ),
    "not-a-mapping": ("- 1\n- 2\n", "me.yaml:1: expected a mapping"),
    "empty": ("", "me.yaml: the file is empty"),
    "python-tag": ("education: !!python/object/apply:os.system [echo hi]\n", "me.yaml:1: YAML error"),
    "duplicate-key": ("education: []\neducation: []\n", "me.yaml:2: YAML error: duplicate key"),
    "deep-nesting": ("education: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
    "too-many-records": (
        "experience:\n" + "  - {kind: Leading projects, months: 1}\n" * 10_001,
        "more than 10,000 entries",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_broken_profile_is_one_line_and_exit_2(tmp_path, graph, case):
    text, expected = HOSTILE[case]
    path = write(tmp_path, text)
    code, out, err = run(graph, "show", str(path), "--as-of", "2023-01-01")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"careergraph: {tmp_path}/"), err[:300]
    assert expected in err, err[:300]


def test_an_alias_bomb_is_refused_at_once(tmp_path, graph):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    code, _, err = run(graph, "show", str(write(tmp_path, "\n".join(lines) + "\n")))
    assert code == 2 and "unknown top-level key 'a'" in err


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("education: []\n".encode("utf-16"), "file is UTF-16"),
        (
            "education:\n  - {name: Caf\u00e9, earned: 2019-03}\n".encode("latin-1"),
            "me.yaml:2: invalid UTF-8",
        ),
        (b"education: []\n" + b"#" * 5_000_001, "larger than 5,000,000 bytes"),
    ],
    ids=["utf16", "latin1", "huge"],
)
def test_a_profile_in_another_encoding_or_too_large_is_refused(tmp_path, graph, data, expected):
    path = tmp_path / "me.yaml"
    path.write_bytes(data)
    code, _, err = run(graph, "show", str(path))
    assert code == 2 and err.count("\n") == 1 and expected in err


def test_a_utf8_byte_order_mark_is_accepted(tmp_path, graph):
    path = tmp_path / "me.yaml"
    path.write_bytes(b"\xef\xbb\xbfeducation:\n  - {name: BS Computer Science, earned: 2015-06}\n")
    assert run(graph, "show", str(path))[0] == 0


def test_a_missing_profile_and_a_bad_as_of_are_exit_2(tmp_path, graph):
    assert run(graph, "show", str(tmp_path / "none.yaml"))[0] == 2
    code, _, err = run(graph, "show", str(EXAMPLE), "--as-of", "yesterday")
    assert code == 2 and "Invalid value for '--as-of': 'yesterday' is not a date" in err
