"""``breachreport calendar --user EMAIL --output FILE.ics``: a person's open deadlines as a private
iCalendar file (or on standard output), one line saying how many and where; an unknown or
disabled user is one line of error and nothing written."""

from __future__ import annotations

import stat
from datetime import UTC, datetime

import pytest
from cli_support import run
from icalendar import Calendar

from breachreport.cli import main
from breachreport.demo.scenario import ORGANISATION
from breachreport.domain.status import Role
from breachreport.runtime.home import open_home
from breachreport.services import Actor, Workspace
from breachreport.settings import load_settings

PASSWORD = "fyra gröna äpplen i korgen"
DPO = "karin.holm@nordmark.example.se"
REVIEWER = "johan.ek@nordmark.example.se"
AT = "2026-03-28T12:00"
OPENING = {
    **ORGANISATION,  # an essential entity under the cybersäkerhetslag: CERT-SE's chain too
    "times.aware_at": "2026-03-27T10:00",
    "description.summary": "Ransomware hos en leverantörs driftleverantör.",
}
# When the incident is recorded: its reference takes the year of this, so a clock of today would
# make it BR-2027-0001 from January 2027 on.
OPENED = datetime(2026, 3, 27, 9, 30, tzinfo=UTC)


@pytest.fixture
def home(app_home, monkeypatch, capsys):
    """A data folder with a DPO and a legal reviewer account and one incident, aware Friday 27
    March 2026 (its 72 hours end after the clocks go forward)."""
    monkeypatch.setenv("BREACHREPORT_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("BREACHREPORT_BASE_URL", "https://incidenter.nordmark.example.se/")
    assert main(["init"]) == 0
    for user, name, role in ((DPO, "Karin Holm", "dpo"), (REVIEWER, "Johan Ek", "legal_reviewer")):
        assert main(["user", "add", user, "--name", name, "--role", role]) == 0
    workspace = Workspace(open_home(load_settings()), clock=lambda: OPENED)
    workspace.open_incident(actor=Actor(name="Karin Holm", role=Role.DPO), changes=OPENING)
    capsys.readouterr()
    return app_home


def _events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_the_file_holds_the_users_open_deadlines_and_is_theirs_only(home, capsys, tmp_path):
    target = tmp_path / "deadlines.ics"
    code, out, err = run(capsys, "calendar", "--user", DPO, "--output", str(target), "--at", AT)
    assert code == 0 and out == ""
    events = _events(target.read_bytes())
    assert err.strip() == (
        f"Wrote {len(events)} open deadlines to {target} (readable by you only)."
    )
    assert len(events) >= 2  # IMY's 72 hours and CERT-SE's early warning (if significant)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    [art33] = [e for e in events if "IMY" in str(e["SUMMARY"])]
    assert str(art33["SUMMARY"]) == "BR-2026-0001: Notification to IMY (72 hours)"
    start = art33.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Stockholm" and (start.day, start.hour) == (30, 11)
    # The link is the configured address's, without a doubled slash.
    assert str(art33["URL"]) == "https://incidenter.nordmark.example.se/?incident=BR-2026-0001"


def test_swedish_on_standard_output(home, capsys):
    # The calendar is in the language of the command's messages: --lang after it too.
    code, out, err = run(
        capsys, "calendar", "--user", DPO, "--output", "-", "--at", AT, "--lang", "sv"
    )
    assert code == 0
    events = _events(out.encode())
    assert "BR-2026-0001: Anmälan till IMY (72 timmar)" in [str(e["SUMMARY"]) for e in events]
    assert len(err.strip().splitlines()) == 1 and str(len(events)) in err


def test_a_reviewer_not_assigned_gets_an_empty_calendar(home, capsys, tmp_path):
    target = tmp_path / "johan.ics"
    code, _, err = run(capsys, "calendar", "--user", REVIEWER, "--output", str(target), "--at", AT)
    assert code == 0 and _events(target.read_bytes()) == []
    assert err.strip() == f"Wrote 0 open deadlines to {target} (readable by you only)."


def test_an_unknown_or_disabled_user_is_one_line_and_nothing_written(home, capsys, tmp_path):
    target = tmp_path / "nobody.ics"
    code, out, err = run(capsys, "calendar", "--user", "nobody@example.se", "--output", str(target))
    assert code != 0 and out == "" and not target.exists()
    assert len(err.strip().splitlines()) == 1 and "No account with that username" in err
    assert "Traceback" not in err
    from breachreport.services.accounts import LOCAL_OPERATOR, Accounts

    accounts = Accounts(open_home(load_settings()))
    reviewer = accounts.find(REVIEWER)
    accounts.disable(by=LOCAL_OPERATOR, account_id=reviewer.id)
    code, _, err = run(capsys, "calendar", "--user", REVIEWER, "--output", str(target))
    assert code != 0 and not target.exists()
    assert len(err.strip().splitlines()) == 1 and "disabled" in err


def test_a_time_that_is_not_one_is_refused(home, capsys, tmp_path):
    target = tmp_path / "x.ics"
    code, _, err = run(
        capsys, "calendar", "--user", DPO, "--output", str(target), "--at", "i morgon"
    )
    assert code != 0 and not target.exists() and "is not a time" in err


def test_user_and_output_are_required(home, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "en", "calendar", "--output", "x.ics"])
    assert exit_.value.code == 2
    assert "--user" in capsys.readouterr().err
