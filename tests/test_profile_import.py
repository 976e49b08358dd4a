"""Importing a LinkedIn data export and Open Badges 3.0 credentials into a profile."""

from __future__ import annotations

import datetime
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from careergraph.graph.networkx_backend import NetworkxBackend
from careergraph.loaders import load_dataset
from careergraph.profile_commands import profile
from careergraph.profiles import load_profile, profile_state
from careergraph.profiles.badge import import_badge
from careergraph.profiles.linkedin import linkedin_month

FIXTURES = Path(__file__).parent / "fixtures" / "profiles"
EXPORT = FIXTURES / "linkedin"
BADGE = FIXTURES / "badge-csm.json"
CSM_PAGE = "https://www.scrumalliance.org/get-certified/scrum-master-track/certified-scrummaster"
UNMATCHED = (
    "Certifications.csv:4: certification 'AWS Certified Solutions Architect': ambiguous",
    "Certifications.csv:5: certification 'Underwater Basket Weaving Master': no matching node",
    "Positions.csv:5: position 'Chief Happiness Wizard': no matching node",
    "Positions.csv:6: position 'Software Engineer' skipped: 'Foo 2016' is not a date",
    'Education.csv:3: education "Master\'s degree" skipped: no end date yet',
)


@pytest.fixture(scope="module")
def graph():
    return NetworkxBackend(load_dataset([FIXTURES / "graph.yaml"]))


def run(graph, *args):
    result = CliRunner().invoke(
        profile, list(args), obj=SimpleNamespace(backend=graph), catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def zipped(tmp_path: Path, folder: Path = EXPORT) -> Path:
    """The export as LinkedIn delivers it: a zip of the CSV files."""
    path = tmp_path / "Basic_LinkedInDataExport_11-27-2026.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for child in sorted(folder.iterdir()):
            archive.write(child, child.name)
    return path


def test_linkedin_dates_read_as_months():
    assert linkedin_month("Jan 2020") == "2020-01"
    assert linkedin_month("September 2019") == "2019-09"
    assert linkedin_month("2018") == "2018-01"
    assert linkedin_month("2018", end=True) == "2018-12"
    assert linkedin_month("") is None


@pytest.mark.parametrize("source", ["folder", "zip"])
def test_a_linkedin_export_becomes_a_profile_that_loads(tmp_path, graph, source):
    path = EXPORT if source == "folder" else zipped(tmp_path)
    out = tmp_path / "me.yaml"
    code, _, err = run(graph, "import", "linkedin", str(path), "--out", str(out))
    assert code == 0, err
    state = profile_state(load_profile(out), graph, datetime.date(2026, 11, 1))
    assert state.held == {"bachelor-computer-science", "pmp", "technical-project-manager"}
    assert state.lapsed == [("csm", datetime.date(2021, 3, 31))]
    assert state.current_role == "technical-project-manager"


@pytest.mark.parametrize("source", ["folder", "zip"])
def test_a_linkedin_import_lists_every_record_it_could_not_match(tmp_path, graph, source):
    path = EXPORT if source == "folder" else zipped(tmp_path)
    code, out, err = run(graph, "import", "linkedin", str(path))
    assert code == 0 and out.startswith("# Imported from the LinkedIn export")
    for expected in UNMATCHED:
        assert expected in err


def test_a_linkedin_import_marks_fuzzy_matches_and_comments_out_the_unmatched(graph):
    _, out, _ = run(graph, "import", "linkedin", str(EXPORT))
    assert "# 'Certified ScrumMaster (CSM)' matched fuzzy (score 100): check it" in out
    assert '  # - name: "Underwater Basket Weaving Master"' in out
    assert '    role: "Technical Project Manager"' in out


def test_a_linkedin_url_on_an_issuer_page_matches_exactly(graph):
    _, out, _ = run(graph, "import", "linkedin", str(EXPORT))
    assert "# 'https://www.pmi.org/certifications/project-management-pmp/' matched by its URL" in out


def test_linkedin_import_refuses_to_overwrite_without_force(tmp_path, graph):
    out = tmp_path / "me.yaml"
    out.write_text("kept\n")
    code, _, err = run(graph, "import", "linkedin", str(EXPORT), "--out", str(out))
    assert code == 2 and "exists: use --force" in err and out.read_text() == "kept\n"
    assert run(graph, "import", "linkedin", str(EXPORT), "--out", str(out), "--force")[0] == 0
    assert out.read_text().startswith("# Imported")


def export_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    for child in EXPORT.iterdir():
        (folder / child.name).write_bytes(child.read_bytes())
    (folder / name).write_bytes(data)
    return folder


BROKEN_EXPORTS = {
    "missing-column": (
        "Positions.csv",
        b"Company Name,Title,Started On\nAcme,TPM,Jan 2020\n",
        "Positions.csv:1: missing column 'Finished On'",
    ),
    "utf16": ("Certifications.csv", "Name,Started On\nCSM,Jan 2020\n".encode("utf-16"), "file is UTF-16"),
    "latin1": (
        "Education.csv",
        "Degree Name,End Date\nLicence \u00e9s sciences,2015\n".encode("latin-1"),
        "Education.csv:2: invalid UTF-8",
    ),
    "huge": (
        "Positions.csv",
        b"Title,Started On,Finished On\n" + b"x" * 5_000_001,
        "larger than 5,000,000 bytes",
    ),
    "nul": ("Positions.csv", b"Title,Started On,Finished On\n\x00,\x00,\x00\n", "file looks binary"),
    "too-many-rows": (
        "Positions.csv",
        b"Title,Started On,Finished On\n" + b"Dev,2020,2021\n" * 10_001,
        "more than 10,000 records",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_EXPORTS))
def test_a_broken_export_is_one_line_exit_2_and_writes_nothing(tmp_path, graph, case):
    name, data, expected = BROKEN_EXPORTS[case]
    folder = export_with(tmp_path, name, data)
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = run(graph, "import", "linkedin", str(folder), "--out", str(out / "me.yaml"))
    assert code == 2 and stdout == "" and list(out.iterdir()) == []
    assert err.count("\n") == 1 and expected in err, err[:300]


def test_a_zip_bomb_member_is_refused_without_reading_it_all(tmp_path, graph):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Positions.csv", b"Title,Started On,Finished On\n" + b" " * 200_000_000)
    code, _, err = run(graph, "import", "linkedin", str(path))
    assert code == 2 and "export.zip/Positions.csv: the file is larger than 5,000,000 bytes" in err


@pytest.mark.parametrize("content", [b"", b"not a zip"], ids=["empty-file", "not-zip"])
def test_something_that_is_no_export_is_refused(tmp_path, graph, content):
    path = tmp_path / "export.zip"
    path.write_bytes(content)
    code, _, err = run(graph, "import", "linkedin", str(path))
    assert code == 2 and err.count("\n") == 1 and "not a folder or a zip file" in err


def test_an_empty_folder_is_no_export(tmp_path, graph):
    code, _, err = run(graph, "import", "linkedin", str(tmp_path))
    assert code == 2 and "not a LinkedIn export" in err


def test_a_badge_starts_a_profile_with_its_dates(graph):
    code, out, err = run(graph, "import", "badge", str(BADGE))
    assert code == 0
    assert '  - name: "Certified ScrumMaster"\n    earned: 2021-04-15\n    expires: 2023-04-15\n' in out
    assert "fuzzy by name and issuer" in out and "fuzzy match Certified ScrumMaster (csm)" in err


def test_a_badge_is_added_into_a_profile_keeping_its_comments(tmp_path, graph):
    me = tmp_path / "me.yaml"
    me.write_text((FIXTURES / "me.yaml").read_text())
    code, _, _ = run(graph, "import", "badge", str(BADGE), "--into", str(me))
    assert code == 0 and me.read_text().startswith("# An example profile")
    renewed = profile_state(load_profile(me), graph, datetime.date(2022, 1, 1))
    assert "csm" in renewed.held  # the badge: 2021-04-15 to 2023-04-15
    later = profile_state(load_profile(me), graph, datetime.date(2023, 5, 1))
    assert later.lapsed == [("csm", datetime.date(2023, 4, 15))]


def test_a_badge_into_a_profile_without_credentials_adds_the_section(tmp_path, graph):
    me = tmp_path / "me.yaml"
    me.write_text("education:\n  - {name: BS Computer Science, earned: 2015-06}\n")
    out = tmp_path / "new.yaml"
    assert run(graph, "import", "badge", str(BADGE), "--into", str(me), "--out", str(out))[0] == 0
    assert load_profile(out).credentials[0].expires == datetime.date(2023, 4, 15)
    assert "credentials" not in me.read_text()


def badge_with(tmp_path: Path, change) -> Path:
    document = json.loads(BADGE.read_text())
    change(document)
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(document))
    return path


def rename(name: str, **more):
    return lambda d: d["credentialSubject"]["achievement"].update(name=name, **more)


def test_a_badge_with_an_issuer_page_url_matches_exactly(tmp_path, graph):
    path = badge_with(tmp_path, rename("Something else", id=CSM_PAGE + "/"))
    code, out, err = run(graph, "import", "badge", str(path))
    assert code == 0 and "matched by its identifier" in out and err == ""


def test_a_badge_with_a_known_ctid_matches_exactly(tmp_path, graph):
    ctid = "ce-00000000-0000-4000-8000-000000000001"  # a test table entry, not a real CTID
    alignment = [{"type": ["Alignment"], "targetType": "ceterms:Credential", "targetCode": ctid}]
    path = badge_with(tmp_path, rename("Renamed", alignment=alignment))
    result = import_badge(path, graph, today=datetime.date(2026, 11, 1), table={ctid: "pmp"})
    assert result.match.node.id == "pmp" and not result.match.fuzzy


def test_an_ambiguous_badge_is_listed_not_guessed(tmp_path, graph):
    def change(document):
        rename("AWS Certified Solutions Architect")(document)
        document["issuer"]["name"] = "Amazon Web Services (AWS)"

    path = badge_with(tmp_path, change)
    code, out, err = run(graph, "import", "badge", str(path))
    assert code == 2 and out == ""
    assert "ambiguous: it could be" in err and "(aws-saa)" in err and "(aws-sap)" in err


BROKEN_BADGES = {
    "unknown": (rename("Underwater Basket Weaving"), "no matching node"),
    "no-achievement": (
        lambda d: d["credentialSubject"].pop("achievement"),
        "no credentialSubject.achievement",
    ),
    "no-date": (lambda d: d.pop("validFrom"), "no validFrom"),
    "future": (lambda d: d.update(validFrom="2999-01-01T00:00:00Z", validUntil=None), "is after today"),
    "bad-date": (lambda d: d.update(validFrom="yesterday"), "validFrom: 'yesterday' is not an ISO date-time"),
    "until-before-from": (
        lambda d: d.update(validUntil="2020-01-01T00:00:00Z"),
        "validUntil 2020-01-01 is before",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_BADGES))
def test_a_broken_badge_is_one_line_and_exit_2(tmp_path, graph, case):
    change, expected = BROKEN_BADGES[case]
    code, out, err = run(graph, "import", "badge", str(badge_with(tmp_path, change)))
    assert code == 2 and out == "" and err.count("\n") == 1 and expected in err, err


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{\n  "name": \n}', "badge.json:3: JSON error"),
        (b"[" * 100_000, "nested too deeply"),
        (b"[]", "expected a Verifiable Credential"),
    ],
    ids=["syntax", "deep", "not-object"],
)
def test_a_badge_that_is_not_a_credential_is_refused(tmp_path, graph, data, expected):
    path = tmp_path / "badge.json"
    path.write_bytes(data)
    code, _, err = run(graph, "import", "badge", str(path))
    assert code == 2 and err.count("\n") == 1 and expected in err, err


def test_a_badge_into_a_broken_profile_changes_nothing(tmp_path, graph):
    me = tmp_path / "me.yaml"
    me.write_text("credentials:\n  - {name: Nope\n")
    code, _, err = run(graph, "import", "badge", str(BADGE), "--into", str(me))
    assert code == 2 and "me.yaml" in err and me.read_text() == "credentials:\n  - {name: Nope\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.yaml"]
