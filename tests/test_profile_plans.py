"""Plans from a dated profile on the curated data: months merged across positions,
eligibility as a calendar date, --have on top of the profile."""

import datetime
import json
import textwrap

from careergraph.profiles import load_profile, profile_state
from careergraph.queries.holdings import make_holdings, with_profile
from careergraph.queries.plan import make_plan
from careergraph.queries.resolve import resolve


def profile(tmp_path, text: str):
    path = tmp_path / "me.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_profile(path)


OVERLAPPING = """\
    as_of: 2023-01-01
    education:
      - name: Bachelor's in Computer Science
        earned: 2015-06
      - name: 35 contact hours of project management education
        earned: 2018-10
    positions:
      - title: Technical Project Manager
        start: 2019-01
        end: 2021-12
      - title: Project Manager
        start: 2021-06
        end: 2022-06
"""


def test_overlapping_positions_count_once_and_eligibility_is_the_36th_month(curated, tmp_path):
    person = profile_state(profile(tmp_path, OVERLAPPING), curated)
    assert person.months("project-leadership-experience") == 42  # not 48
    plan = make_plan(
        curated, resolve(curated, "PMP"), holdings=with_profile(curated, person, make_holdings(curated))
    )
    assert [s.node.id for s in plan.steps if not s.node.accrues][-1] == "pmp"
    assert plan.eligible_month == 0
    # 2019-01 .. 2021-12 is the 36th month of leading projects.
    assert plan.eligible_from == datetime.date(2021, 12, 31)
    assert plan.to_dict()["eligible_from"] == "2021-12-31"


def test_eligibility_still_ahead_is_dated_from_the_profile(curated, tmp_path):
    text = OVERLAPPING.replace("end: 2022-06", "end: present").replace("start: 2021-06", "start: 2022-01")
    text = text.replace("start: 2019-01\n        end: 2021-12", "start: 2021-01\n        end: 2021-12")
    person = profile_state(profile(tmp_path, text), curated)
    assert person.months("project-leadership-experience") == 24
    plan = make_plan(
        curated, resolve(curated, "PMP"), holdings=with_profile(curated, person, make_holdings(curated))
    )
    assert plan.eligible_month == 12  # 12 more months of leading projects
    assert plan.eligible_from == datetime.date(2024, 1, 1)
    first = plan.to_dict()["steps"][0]
    assert first["start_date"] == "2023-01-01"


def test_an_expired_credential_is_not_held_in_a_plan(curated, tmp_path):
    text = (
        OVERLAPPING
        + "    credentials:\n      - name: CSM\n        earned: 2019-03\n        expires: 2021-03\n"
    )
    person = profile_state(profile(tmp_path, text), curated)
    assert "csm" not in person.held
    assert ("csm", datetime.date(2021, 3, 31)) in person.lapsed or any(c == "csm" for c, _ in person.lapsed)


def test_the_cli_prints_dates_for_a_profile(run, tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text(textwrap.dedent(OVERLAPPING), encoding="utf-8")
    code, out, err = run("plan", "PMP", "--profile", str(path))
    assert code == 0, err
    assert "Eligible for Project Management Professional from 2021-12-31" in out
    assert "2023-01 → 2023-04  Project Management Professional" in out


def test_as_of_takes_the_same_dates_on_plan_as_on_profile_show(run, tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text(textwrap.dedent(OVERLAPPING).replace("as_of: 2023-01-01\n", ""), encoding="utf-8")
    code, out, err = run("plan", "PMP", "--profile", str(path), "--as-of", "2023-01", "--json")
    assert code == 0, err
    assert json.loads(out)["eligible_from"] == "2021-12-31"
    code, _, err = run("plan", "PMP", "--profile", str(path), "--as-of", "2023-13")
    assert code == 2 and "Invalid value for '--as-of': '2023-13' is not a date" in err


def test_have_adds_to_the_profile(run, tmp_path):
    import json

    path = tmp_path / "me.yaml"
    path.write_text(textwrap.dedent(OVERLAPPING), encoding="utf-8")
    code, out, _ = run("plan", "PgMP", "--profile", str(path), "--json")
    without = json.loads(out)
    code, out, _ = run("plan", "PgMP", "--profile", str(path), "--have", "Leading programs=48", "--json")
    assert code == 0
    with_months = json.loads(out)
    assert without["elapsed_months"] >= 48
    # 42 months of leading projects fall short of PgMP's 48: a PMP (3 months) is faster
    # than 6 more months, then the PgMP exam.
    assert with_months["elapsed_months"] == 9
    assert [s["id"] for s in with_months["steps"]][-2:] == ["pgmp-route-degree", "pgmp"]
