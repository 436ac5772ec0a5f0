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
