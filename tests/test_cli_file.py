"""``breachreport file`` end to end: every warning on stderr, one line each, in the chosen
language; the time it went in through IMY's e-service; a supplement that completes the
notification; reasons for lateness that change no facts; a refused filing leaves nothing behind."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import run

from breachreport.demo.scenario import CASE_NUMBER, COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.domain.changes import diff
from breachreport.domain.status import Role
from breachreport.runtime.home import open_home
from breachreport.services import Actor, Workspace
from breachreport.settings import load_settings

AWARE = "2024-01-20T14:00"
ON_TIME = "2024-01-22T16:00"  # 50 hours after awareness, Swedish time


def preliminary_facts() -> dict:
    return {
        "controller": {"name": "Region Nordmark", "org_number": "232100-0180"},
        "contact": {"contact_name": "Karin Holm", "contact_email": "dso@nordmark.example.se"},
        "times": {"aware_at": AWARE, "discovered_at": "2024-01-20T08:30"},
        "description": {
            "summary": "The discharge-planning system is down after ransomware at the host.",
            "breach_type": "malware",
            "kinds": ["availability"],
        },
        "data": {
            "data_categories": ["health"],
            "subject_categories": ["patients"],
            "not_yet_known": ["subjects_count"],
        },
        "communication": {"status": "will_not_inform", "channels": ["letter"]},
    }


def imported(capsys, tmp_path: Path) -> str:
    assert run(capsys, "init")[0] == 0
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(preliminary_facts()), encoding="utf-8")
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    return out.strip()


def history(capsys, ref: str) -> list[dict]:
    code, out, _ = run(capsys, "history", ref, "--json")
    assert code == 0
    return json.loads(out)


def warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line]


def test_every_warning_is_printed_on_stderr_one_line_each(home, capsys, tmp_path):
    ref = imported(capsys, tmp_path)
    code, out, err = run(capsys, "file", ref, "--kind", "preliminary", "--submitted-at", ON_TIME)
    assert code == 0, err
    assert "Filed preliminary notification no. 1 at 22 January 2024, 16:00 (CET)" in out
    lines = warnings(err)
    assert all(line.startswith("warning: ") for line in lines)
    assert any("No legal reviewer has approved this version" in line for line in lines)
    assert any(
        "'not yet known, to follow'" in line and "how many data subjects" in line for line in lines
    )
    assert any("Contradiction" in line and "Letter" in line for line in lines)
    assert any("questions are not answered yet" in line for line in lines)
    assert len(lines) == 4


def test_the_warnings_come_in_swedish_with_lang_sv(home, capsys, tmp_path):
    ref = imported(capsys, tmp_path)
    code, out, err = run(
        capsys, "file", ref, "--kind", "preliminary", "--submitted-at", ON_TIME, "--lang", "sv"
    )
    assert code == 0, err
    assert "Registrerade preliminär anmälan nr 1" in out
    assert any("Ingen juridisk granskare har godkänt" in line for line in warnings(err))
    assert any("ännu inte känt, kompletteras" in line for line in warnings(err))


def test_the_submitted_time_is_what_the_clocks_and_the_filing_carry(home, capsys, tmp_path):
    ref = imported(capsys, tmp_path)
    # Recorded long after (today), but it went in on Monday afternoon: not late.
    assert run(capsys, "file", ref, "--kind", "preliminary", "--submitted-at", ON_TIME)[0] == 0
    code, out, _ = run(capsys, "clocks", ref, "--json")
    art33 = next(c for c in json.loads(out) if c["key"] == "gdpr_art33")
    assert (art33["status"], art33["met_at"]) == ("met", "2024-01-22T15:00:00+00:00")
    [filed] = [e for e in history(capsys, ref) if e["kind"] == "filed"]
    assert not filed["at"].startswith("2024-01-22")  # the history keeps when it was recorded
    assert filed["submitted_at"] == "2024-01-22T15:00:00+00:00"  # ... and when it went in


def test_a_submitted_time_in_the_future_or_before_awareness_is_refused(home, capsys, tmp_path):
    ref = imported(capsys, tmp_path)
    code, _, err = run(
        capsys, "file", ref, "--kind", "preliminary", "--submitted-at", "2999-01-01T10:00"
    )
    assert code == 1 and "submitted to IMY is in the future" in err
    code, _, err = run(
        capsys, "file", ref, "--kind", "preliminary", "--submitted-at", "2024-01-20T13:00"
    )
    assert code == 1 and "before awareness" in err
    assert not [e for e in history(capsys, ref) if e["kind"] == "filed"]


def test_late_reasons_given_when_filing_change_no_facts(home, capsys, tmp_path):
    ref = imported(capsys, tmp_path)
    code, _, err = run(capsys, "file", ref, "--kind", "preliminary")
    assert code == 1 and "give the reasons for the delay" in err
    code, _, err = run(
        capsys,
        "file",
        ref,
        "--kind",
        "preliminary",
        "--delay-reasons",
        "The supplier told us only after the weekend.",
    )
    assert code == 0, err
    assert any("past the 72-hour deadline" in line for line in warnings(err))
    assert [e["kind"] for e in history(capsys, ref)] == ["opened", "filed"]


def test_final_is_for_a_supplement_only(home, capsys, tmp_path):
    ref = imported(capsys, tmp_path)
    code, _, err = run(
        capsys, "file", ref, "--kind", "preliminary", "--submitted-at", ON_TIME, "--final"
    )
    assert code == 1 and "Only a supplement can state that the notification is now complete" in err


def test_a_refused_supplement_leaves_no_case_number_behind(home, capsys, tmp_path):
    ref = imported(capsys, tmp_path)
    assert run(capsys, "file", ref, "--kind", "preliminary", "--submitted-at", ON_TIME)[0] == 0
    # Nothing changed since: the supplement is refused, and so is the case number given with it.
    code, _, err = run(
        capsys, "file", ref, "--kind", "supplement", "--case-number", "IMY-2024-0412"
    )
    assert code == 1 and "Nothing has changed since the previous filing" in err
    assert "case_number" not in [e["kind"] for e in history(capsys, ref)]
    code, out, _ = run(capsys, "list", "--json")
    assert json.loads(out)[0]["case_number"] is None


def test_final_on_a_supplement_completes_the_notification_and_the_filing_says_so(
    home, capsys, tmp_path
):
    assert run(capsys, "init")[0] == 0
    source = tmp_path / "scenario.json"
    first, last = scenario_facts(PRELIMINARY_AT), scenario_facts(COMPLETE_AT)
    source.write_text(first.model_dump_json(), encoding="utf-8")
    ref = run(capsys, "import", str(source))[1].strip()
    assert run(capsys, "file", ref, "--kind", "preliminary", "--submitted-at", ON_TIME)[0] == 0
    # What the supplier's forensic report brought by 12 February, saved as the DPO would.
    workspace = Workspace(open_home(load_settings()))
    workspace.revise(
        actor=Actor(name="Karin Holm", role=Role.DPO),
        ref=ref,
        changes={path: new for path, (_old, new) in diff(first, last).items()},
        expected_version=1,
    )
    assert run(capsys, "reviewer", ref, "Johan Ek")[0] == 0
    assert run(capsys, "--as", "Johan Ek", "--role", "legal_reviewer", "approve", ref)[0] == 0
    code, out, err = run(
        capsys,
        "file",
        ref,
        "--kind",
        "supplement",
        "--final",
        "--case-number",
        CASE_NUMBER,
        "--submitted-at",
        "2024-02-12T11:00",
    )
    assert code == 0, err
    assert "Filed supplement (the notification is now complete) no. 2" in out
    code, out, _ = run(capsys, "list", "--json")
    [row] = json.loads(out)
    assert (row["status"], row["case_number"]) == ("complete", CASE_NUMBER)
    code, out, _ = run(capsys, "render", ref, "--filing", "2", "--lang", "en", "--format", "md")
    assert "Complete – this supplement completes the notification" in out
    assert "Preliminary (more will follow)" not in out


# -- filing to every recipient: the scenario moved to Saturday 17 January 2026 --------------------

CERT_NUMBER = "CERT-SE-2026-0042"
IMY_NUMBER = "IMY-2026-0123"


def facts_2026() -> dict:
    """The region, an essential entity, aware on Saturday 17 January 2026 at 14:00 of a
    significant incident (the cybersäkerhetslag in force since the 15th)."""
    facts = preliminary_facts()
    facts["controller"].update({"sector": "region", "nis2_entity": "essential"})
    facts["times"] = {"aware_at": "2026-01-17T14:00", "discovered_at": "2026-01-17T08:30"}
    facts["cyber"] = {"significant": True, "critical_systems_hit": True, "suspected_crime": True}
    return facts


def imported_2026(capsys, tmp_path: Path) -> str:
    assert run(capsys, "init")[0] == 0
    source = tmp_path / "facts-2026.json"
    source.write_text(json.dumps(facts_2026()), encoding="utf-8")
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    return out.strip()


def both_chains(capsys, ref: str) -> None:
    code, out, err = run(
        capsys, "file", ref, "--to", "cert-se", "--kind", "early-warning",
        "--case-number", CERT_NUMBER, "--submitted-at", "2026-01-17T18:30",
    )  # fmt: skip
    assert code == 0, err
    assert "Filed early warning to CERT-SE no. 1 at 17 January 2026, 18:30 (CET)" in out
    assert f"Case number: {CERT_NUMBER}" in out
    code, out, err = run(
        capsys, "file", ref, "--kind", "preliminary", "--submitted-at", "2026-01-19T16:00"
    )
    assert code == 0, err
    assert "Filed preliminary notification no. 2 at 19 January 2026, 16:00 (CET)" in out
    code, out, err = run(
        capsys, "file", ref, "--to", "cert-se", "--kind", "incident-notification",
        "--case-number", CERT_NUMBER, "--submitted-at", "2026-01-20T10:00",
    )  # fmt: skip
    assert code == 0, err
    assert "Filed incident notification to CERT-SE no. 3" in out
    assert run(capsys, "case-number", ref, IMY_NUMBER, "--filing", "2")[0] == 0


def filings_json(capsys, ref: str) -> list[dict]:
    code, out, err = run(capsys, "filings", ref, "--json")
    assert code == 0, err
    return json.loads(out)


def test_both_chains_are_filed_each_with_its_own_case_number(home, capsys, tmp_path):
    ref = imported_2026(capsys, tmp_path)
    both_chains(capsys, ref)
    listed = filings_json(capsys, ref)
    assert [(f["seq"], f["recipient"], f["kind"], f["filed_at"], f["case_number"]) for f in listed] == [
        (1, "cert-se", "early-warning", "2026-01-17T17:30:00+00:00", CERT_NUMBER),
        (2, "imy", "preliminary", "2026-01-19T15:00:00+00:00", IMY_NUMBER),
        (3, "cert-se", "incident-notification", "2026-01-20T09:00:00+00:00", CERT_NUMBER),
    ]  # fmt: skip
    code, out, _ = run(capsys, "filings", ref)
    lines = out.splitlines()
    assert lines[0].split() == ["No.", "Recipient", "Kind", "Submitted", "(Swedish", "time)", "Case", "number"]  # fmt: skip
    assert lines[1].split("  ")[0] == "1"
    assert "CERT-SE" in lines[1] and "Early warning" in lines[1] and CERT_NUMBER in lines[1]
    assert "17 January 2026, 18:30 (CET)" in lines[1]
    assert "IMY" in lines[2] and "Preliminary notification" in lines[2] and IMY_NUMBER in lines[2]
    # The register is IMY's (Art. 33(5)): one notification, IMY's number.
    [row] = json.loads(run(capsys, "list", "--json")[1])
    assert (row["filings"], row["case_number"]) == (1, IMY_NUMBER)
    # Each filing meets its own clock.
    clocks = {c["key"]: c for c in json.loads(run(capsys, "clocks", ref, "--json")[1])}
    assert clocks["nis2_early_warning"]["met_at"] == "2026-01-17T17:30:00+00:00"
    assert clocks["nis2_notification"]["met_at"] == "2026-01-20T09:00:00+00:00"
    assert clocks["gdpr_art33"]["met_at"] == "2026-01-19T15:00:00+00:00"


def test_render_of_a_filing_is_its_recipients_own_document(home, capsys, tmp_path):
    ref = imported_2026(capsys, tmp_path)
    both_chains(capsys, ref)
    code, early, err = run(capsys, "render", ref, "--filing", "1", "--lang", "en", "--format", "md")
    assert code == 0, err
    code, same, _ = run(
        capsys, "render", ref, "--filing", "1", "--document", "cert-se-early-warning",
        "--lang", "en", "--format", "md",
    )  # fmt: skip
    assert early == same and "Early warning" in early
    code, imy, _ = run(capsys, "render", ref, "--filing", "2", "--format", "md")
    assert "Preliminär anmälan nr 2, inlämnad till IMY" in imy
    code, _, err = run(capsys, "render", ref, "--filing", "1", "--document", "imy-notification")
    assert code == 1 and "frozen as cert-se-early-warning" in err


def test_the_supplement_counts_what_changed_since_the_last_report_to_imy(home, capsys, tmp_path):
    ref = imported_2026(capsys, tmp_path)
    both_chains(capsys, ref)
    workspace = Workspace(open_home(load_settings()))
    dpo = Actor(name="Karin Holm", role=Role.DPO)
    workspace.revise(
        actor=dpo,
        ref=ref,
        changes={"cyber.root_cause": "A phished password at the hosting provider."},
        expected_version=1,
    )
    # A CERT-SE question only: nothing to supplement for IMY.
    code, _, err = run(capsys, "file", ref, "--kind", "supplement")
    assert code == 1 and "Nothing has changed since the previous filing" in err
    code, _, err = run(
        capsys, "file", ref, "--to", "cert-se", "--kind", "progress-report",
        "--submitted-at", "2026-02-02T10:00",
    )  # fmt: skip
    assert code == 0, err
    workspace.revise(
        actor=dpo,
        ref=ref,
        changes={"data.subjects_count": {"value": 4120, "precision": "exact"}},
        expected_version=2,
    )
    code, _, err = run(capsys, "file", ref, "--kind", "supplement")
    assert code == 0, err
    changes = {f.seq: set(f.changes) for f in workspace.filings(ref)}
    assert changes[4] == {"cyber.root_cause"}  # CERT-SE's progress report
    assert "data.subjects_count" in changes[5] and "cyber.root_cause" not in changes[5]


def test_refused_filings_to_any_recipient_write_nothing(home, capsys, tmp_path):
    ref = imported_2026(capsys, tmp_path)
    both_chains(capsys, ref)
    before = (filings_json(capsys, ref), history(capsys, ref))
    code, _, err = run(capsys, "file", ref, "--to", "cert-se", "--kind", "final-report")
    assert code == 1
    assert "Who in management approved the final report?" in err
    code, _, err = run(capsys, "file", ref, "--to", "police", "--kind", "early-warning")
    assert code == 1 and "Police takes no report of the kind 'early-warning'" in err
    code, _, err = run(
        capsys, "file", ref, "--to", "cert-se", "--kind", "early-warning",
        "--case-number", "CERT-SE-2026-9999",
    )  # fmt: skip
    assert code == 1 and "an early warning cannot follow it" in err
    assert (filings_json(capsys, ref), history(capsys, ref)) == before


def test_a_police_report_is_recorded_by_reference(home, capsys, tmp_path):
    ref = imported_2026(capsys, tmp_path)
    code, out, err = run(
        capsys, "file", ref, "--to", "police", "--kind", "crime-report",
        "--case-number", "5000-K123456-26", "--submitted-at", "2026-01-19T09:00",
    )  # fmt: skip
    assert code == 0, err
    assert "Recorded crime report to Police as filing no. 1" in out
    assert "kept by reference" in out
    code, _, err = run(capsys, "render", ref, "--filing", "1")
    assert code == 1 and "kept by reference only" in err and "5000-K123456-26" in err


def test_a_tampered_recipient_column_is_reported_by_verify(home, capsys, tmp_path):
    import sqlite3

    ref = imported_2026(capsys, tmp_path)
    both_chains(capsys, ref)
    assert run(capsys, "verify")[0] == 0
    with sqlite3.connect(home / "breachreport.db") as db:
        db.execute("UPDATE filing SET recipient = 'imy' WHERE seq = 3")
    code, out, err = run(capsys, "verify")
    assert code == 3
    assert "filing 3: its MAC does not match" in out + err
