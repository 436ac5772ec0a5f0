"""The command line end to end on the embedded default: a data folder, SQLite and a key file."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import run

from breachreport.crypto import KeyRing

MARKER = "MARKER-7f3c9e-Sjukhuspatient-19121212-1212"


def facts_with_marker() -> dict:
    return {
        "controller": {"name": "Region Nordmark", "org_number": "232199-0000"},
        "contact": {"contact_name": MARKER, "contact_email": "dso@nordmark.example.se"},
        "times": {"aware_at": "2024-01-20T14:00", "discovered_at": "2024-01-20T08:30"},
        "description": {
            "summary": f"Patient {MARKER} was listed in the discharge system.",
            "breach_type": "malware",
            "kinds": ["availability"],
        },
        "data": {"data_categories": ["health"], "not_yet_known": ["subjects_count"]},
    }


def all_bytes_under(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def database_file(home: Path) -> Path:
    return home / "breachreport.db"


def test_init_creates_the_folder_database_and_a_private_key_file(home, capsys):
    code, out, _ = run(capsys, "init")
    assert code == 0
    key_file = home / "master.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert database_file(home).exists()
    assert str(key_file) in out and "Back up the key file apart from the database" in out
    again = run(capsys, "init")
    assert again[0] == 0 and "already there, kept" in again[1]


def test_demo_then_list_shows_the_scenario_incident(home, capsys):
    assert run(capsys, "demo")[0] == 0
    code, out, _ = run(capsys, "list", "--json")
    [row] = json.loads(out)
    assert row["reference"] == "BR-2024-0001"
    assert row["status"] == "complete"
    assert row["case_number"] == "IMY-2024-0412"
    assert row["filings"] == 2
    assert row["decision"] == "notify_authority_and_subjects"
    assert row["decided_by"] == "Karin Holm" and row["decision_reason"]


def test_render_in_swedish_html_carries_imys_section_headings(home, capsys, tmp_path):
    run(capsys, "demo")
    output = tmp_path / "draft.html"
    code, _, _ = run(
        capsys,
        "render",
        "BR-2024-0001",
        "--lang",
        "sv",
        "--format",
        "html",
        "--output",
        str(output),
    )
    assert code == 0
    html = output.read_text(encoding="utf-8")
    for heading in ("Personuppgiftsansvarig", "Kontaktuppgifter", "Tidpunkter", "Åtgärder"):
        assert heading in html
    code, english, _ = run(
        capsys, "render", "BR-2024-0001", "--filing", "1", "--lang", "en", "--format", "md"
    )
    assert code == 0 and "Controller" in english


def test_a_marker_imported_appears_in_no_file_under_the_data_folder(home, capsys, tmp_path):
    run(capsys, "init")
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(facts_with_marker()), encoding="utf-8")
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    reference = out.strip()
    # Read it back through every path that decrypts, so caches and journals get their chance.
    assert MARKER in run(capsys, "export", reference)[1]
    assert MARKER in run(capsys, "render", reference, "--format", "md")[1]
    run(capsys, "list")
    run(capsys, "file", reference, "--kind", "preliminary")
    run(capsys, "verify")
    files = all_bytes_under(home)
    assert database_file(home) in files
    needles = [MARKER.encode(), MARKER.encode("utf-16-le"), b"Sjukhuspatient"]
    for path, content in files.items():
        for needle in needles:
            assert needle not in content, f"{needle!r} found in plain text in {path}"


def test_verify_passes_on_a_clean_folder(home, capsys):
    run(capsys, "demo")
    code, out, _ = run(capsys, "verify")
    assert code == 0 and out.startswith("OK: 1 incident")


@pytest.mark.parametrize(
    ("table", "column", "where"),
    [
        ("incident", "facts_ct", "1=1"),
        ("incident", "summary_ct", "1=1"),
        ("incident_event", "payload_ct", "seq = 3"),
        ("filing", "snapshot_ct", "seq = 2"),
        ("filing_document", "content_ct", "name LIKE '%sv.html'"),
        ("data_key", "wrapped", "purpose = 'incident'"),
    ],
)
def test_one_flipped_byte_in_a_stored_ciphertext_makes_verify_fail_and_name_the_incident(
    home, capsys, table, column, where
):
    run(capsys, "demo")
    with sqlite3.connect(database_file(home)) as db:
        query = f"SELECT rowid, {column} FROM {table} WHERE {where} LIMIT 1"
        rowid, blob = db.execute(query).fetchone()
        damaged = bytearray(blob)
        damaged[len(damaged) // 2] ^= 0x01
        db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (bytes(damaged), rowid))
    code, _, err = run(capsys, "verify")
    assert code == 3
    assert "BR-2024-0001" in err


def test_verify_prints_what_an_attacker_wrote_without_letting_it_drive_the_terminal(home, capsys):
    """A meta entry added behind the application's back is reported by its key; a key holding an
    escape sequence and a line break is printed with those written as code points."""
    run(capsys, "demo")
    with sqlite3.connect(database_file(home)) as db:
        db.execute("INSERT INTO meta (key, value) VALUES (?, 'x')", ("\x1b[2Jwiped\nOK",))
    code, out, err = run(capsys, "verify")
    assert code == 3
    assert "\x1b" not in err and "\nOK" not in err
    assert "meta U+001B[2JwipedU+000AOK: an entry the application never writes" in err


def test_a_wrong_master_key_gives_one_line_and_writes_nothing(home, capsys, tmp_path, monkeypatch):
    run(capsys, "demo")
    before = {p: hashlib.sha256(c).hexdigest() for p, c in all_bytes_under(home).items()}
    other = KeyRing.generate()
    other_file = tmp_path / "other.key"
    other.save_file(other_file)
    monkeypatch.setenv("BREACHREPORT_KEY_FILE", str(other_file))
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(facts_with_marker()), encoding="utf-8")
    code, out, err = run(capsys, "import", str(source))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "master key" in err.lower()
    after = {p: hashlib.sha256(c).hexdigest() for p, c in all_bytes_under(home).items()}
    assert after == before


def test_malformed_json_gets_one_clear_line(home, capsys, tmp_path):
    run(capsys, "init")
    source = tmp_path / "broken.json"
    source.write_text("{ this is not json", encoding="utf-8")
    code, _, err = run(capsys, "import", str(source))
    assert code == 1
    assert err.startswith("breachreport: error: The facts are not valid JSON")
    assert len(err.strip().splitlines()) == 1


def test_invalid_facts_list_each_problem(home, capsys, tmp_path):
    run(capsys, "init")
    data = facts_with_marker()
    data["controller"]["org_number"] = "232199-0001"
    data["times"]["discovered_at"] = "2024-01-21T08:30"
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "import", str(source))
    assert code == 1
    assert "controller.org_number" in err and "times.aware_at" in err
    assert MARKER not in err


def test_an_unknown_incident_is_one_line(home, capsys):
    run(capsys, "init")
    code, _, err = run(capsys, "export", "BR-2099-0042")
    assert code == 1 and "BR-2099-0042" in err and len(err.strip().splitlines()) == 1


def test_filing_and_case_number_from_the_command_line(home, capsys, tmp_path):
    run(capsys, "init")
    source = tmp_path / "facts.json"
    data = facts_with_marker()
    data["contact"]["contact_name"] = "Karin Holm"
    data["description"]["summary"] = "Ransomware at a supplier's hosting provider."
    data["data"]["subject_categories"] = ["patients"]
    data["description"]["kinds"] = ["availability"]
    data["times"]["delay_reasons"] = "Demonstration of a late filing."
    source.write_text(json.dumps(data), encoding="utf-8")
    reference = run(capsys, "import", str(source))[1].strip()
    code, out, err = run(capsys, "file", reference, "--kind", "preliminary")
    assert code == 0, err
    assert "no. 1" in out
    code, out, _ = run(capsys, "case-number", reference, "IMY-2024-0412")
    assert code == 0 and "IMY-2024-0412" in out
    code, _, err = run(capsys, "file", reference, "--kind", "supplement")
    assert code == 1 and "Nothing has changed" in err


def test_schema_prints_the_json_schema_of_the_facts(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and "times" in schema["properties"] and "$defs" in schema


def test_errors_never_show_a_traceback_to_a_user(home, tmp_path):
    env = {**os.environ, "BREACHREPORT_HOME": str(tmp_path / "nowhere")}
    result = subprocess.run(
        [sys.executable, "-m", "breachreport", "--lang", "en", "list"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "No master key" in result.stderr and "breachreport init" in result.stderr


def test_assess_prints_the_assessment_of_a_facts_file_as_json(capsys, tmp_path):
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(facts_with_marker()), encoding="utf-8")
    code, out, _ = run(capsys, "assess", str(source))
    result = json.loads(out)
    assert code == 0
    assert set(result) >= {
        "severity",
        "notify_authority",
        "notify_data_subjects",
        "exemption",
        "reasons",
        "missing",
    }
    assert set(result["severity"]) == {"score", "band", "dpc", "ei", "cb"}
    assert result["notify_authority"] is True
    assert all(r["sv"] and r["en"] for r in result["reasons"])


def test_clocks_of_the_demo_incident_as_json(home, capsys):
    run(capsys, "demo")
    code, out, _ = run(capsys, "clocks", "BR-2024-0001", "--json", "--at", "2024-01-21T14:00")
    clocks = {c["key"]: c for c in json.loads(out)}
    assert code == 0
    assert clocks["gdpr_art33"]["status"] == "running"
    assert clocks["gdpr_art33"]["due"].startswith("2024-01-23T13:00")


def test_a_time_that_is_not_a_time_is_one_line(home, capsys):
    run(capsys, "demo")
    code, _, err = run(capsys, "clocks", "BR-2024-0001", "--at", "yesterday")
    assert code == 1 and "is not a time" in err


def test_a_complete_filing_from_the_command_line_needs_a_reviewers_approval(home, capsys, tmp_path):
    run(capsys, "init")
    data = facts_with_marker()
    data["contact"]["contact_name"] = "Karin Holm"
    data["data"]["subject_categories"] = ["patients"]
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    reference = run(capsys, "import", str(source))[1].strip()
    code, out, err = run(
        capsys, "--role", "legal_reviewer", "--as", "Johan Ek", "approve", reference
    )
    assert code == 1 and "Johan Ek" not in out
    assert run(capsys, "reviewer", reference, "Johan Ek")[0] == 0
    code, out, err = run(
        capsys, "--role", "legal_reviewer", "--as", "Johan Ek", "approve", reference
    )
    assert code == 0, err
    assert "Approved" in out
    code, out, _ = run(capsys, "four-eyes")
    assert code == 0 and "Four eyes is on" in out
    assert run(capsys, "four-eyes", "off")[0] == 0
    assert "Four eyes is off" in run(capsys, "four-eyes")[1]
