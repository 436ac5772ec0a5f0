"""``breachreport reminders show|set`` and ``breachreport remind [--at] [--dry-run] [--json]`` on the
worked example, against a real SMTP server on 127.0.0.1: one line per mail, nothing due is not an
error, a failed send is reported and exits non-zero, and no mail server is one line saying which
settings to set."""

from __future__ import annotations

import json

import pytest
from cli_support import run

from breachreport.cli import main

PASSWORD = "fyra gröna äpplen i korgen"
DPO_ACCOUNT = "karin.holm@nordmark.example.se"
INCIDENT_DPO = "dataskyddsombud@nordmark.example.se"
REMINDER_AT = "2024-01-22T14:00"  # 24 hours before IMY's deadline in the worked example


@pytest.fixture
def home(app_home, monkeypatch, capsys, smtp_server):
    """A data folder with the worked example, a DPO account with a mail address, and the test
    SMTP server set up as the organisation's."""
    monkeypatch.setenv("BREACHREPORT_ACTOR", "Karin Holm")
    monkeypatch.setenv("BREACHREPORT_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("BREACHREPORT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BREACHREPORT_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("BREACHREPORT_SMTP_SECURITY", "none")
    monkeypatch.setenv("BREACHREPORT_SMTP_SENDER", "breachreport@nordmark.example.se")
    # Generous: on a busy machine a client that gives up after the server has taken a mail counts
    # it as failed (the old 2 s made "sent" lines read "failed" and the retry send it twice).
    monkeypatch.setenv("BREACHREPORT_SMTP_TIMEOUT", "15")
    monkeypatch.setenv("BREACHREPORT_BASE_URL", "https://incidenter.nordmark.example.se")
    assert main(["init"]) == 0
    assert main(["demo"]) == 0
    assert main(["user", "add", DPO_ACCOUNT, "--name", "Karin Holm", "--role", "dpo"]) == 0
    capsys.readouterr()
    return app_home


# -- the rules -------------------------------------------------------------------------------------


def test_the_defaults_serve_on_day_one(home, capsys):
    code, out, err = run(capsys, "reminders", "show")
    assert code == 0 and err == ""
    assert out.splitlines()[:3] == [
        "Reminders: 24 h, 6 h before each deadline.",
        "Sent to: the incident's DPO address (else the organisation profile's); every active DPO "
        "account whose username is a mail address.",
        "Escalation: none (no escalation address is set).",
    ]
    assert "These are the defaults; nobody has changed them." in out
    code, out, _ = run(capsys, "reminders", "show", "--json")
    shown = json.loads(out)
    assert shown["rules"]["before_hours"] == [24, 6]
    assert shown["rules"]["escalation_hours"] == 2 and shown["rules"]["escalation_address"] is None
    assert shown["mail_configured"] is True and shown["changed_by"] is None


def test_set_changes_what_is_given_and_shows_the_rules(home, capsys):
    code, out, err = run(
        capsys,
        "reminders", "set", "--before", "48,24", "--escalation-address", "ledning@nordmark.example.se",
        "--quiet", "22:00-07:00", "--language", "en",
    )  # fmt: skip
    assert code == 0, err
    assert "Reminders: 48 h, 24 h before each deadline." in out
    assert (
        "Escalation: 2 h before a deadline with no report, to ledning@nordmark.example.se." in out
    )
    assert "Quiet hours: 22:00–07:00 Swedish time" in out
    assert "Language of the mails: English." in out
    assert "Last changed by Karin Holm," in out
    code, out, _ = run(capsys, "reminders", "set", "--no-escalation", "--no-quiet")
    assert code == 0
    rules = json.loads(run(capsys, "reminders", "show", "--json")[1])["rules"]
    assert rules["before_hours"] == [48, 24] and rules["language"] == "en"
    assert rules["escalation_address"] is None and rules["quiet_hours"] is None


def test_one_deadline_gets_hours_of_its_own_and_goes_back_to_the_general(home, capsys):
    code, out, err = run(
        capsys, "reminders", "set", "--before-for", "nis2_final_report=168,24", "--lang", "en"
    )
    assert code == 0, err
    assert "Final report to CERT-SE (one month) (nis2_final_report): 168 h, 24 h before." in out
    rules = json.loads(run(capsys, "reminders", "show", "--json")[1])["rules"]
    assert rules["by_deadline"] == {"nis2_final_report": [168, 24]}
    assert rules["before_hours"] == [24, 6]
    code, out, _ = run(capsys, "reminders", "set", "--before-for", "nis2_final_report=")
    assert code == 0
    assert json.loads(run(capsys, "reminders", "show", "--json")[1])["rules"]["by_deadline"] == {}


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--before", "24,abc"], "--before takes hours separated by commas"),
        (["--before-for", "imy=24"], "Unknown deadline imy"),
        (["--before-for", "24"], "--before-for takes a deadline and its hours"),
        (["--before", "24,0"], "before_hours: The number of hours before the deadline must be"),
        (["--quiet", "22:00"], "--quiet takes two Swedish times"),
        (["--quiet", "22:00-22:00"], "start and end at the same time"),
        (["--escalation-address", "ledning"], "escalation_address: The email address is not valid"),
        ([], "Nothing to change"),
    ],
)
def test_bad_rules_are_one_line_and_change_nothing(home, capsys, argv, says):
    code, out, err = run(capsys, "reminders", "set", *argv)
    assert code == 1 and out == ""
    assert err.startswith("breachreport: error: ") and says in err.splitlines()[0]
    assert json.loads(run(capsys, "reminders", "show", "--json")[1])["changed_by"] is None


def test_contradicting_options_are_a_usage_error(home, capsys):
    with pytest.raises(SystemExit) as done:
        main(["reminders", "set", "--escalation-address", "a@b.se", "--no-escalation"])
    assert done.value.code == 2


# -- remind ----------------------------------------------------------------------------------------


def test_nothing_due_is_not_an_error(home, capsys, smtp_server):
    code, out, err = run(capsys, "remind", "--at", "2024-01-22T13:00")
    assert (code, out, err) == (0, "Nothing due at 22 January 2024, 13:00 (CET).\n", "")
    assert smtp_server.messages == []


def test_remind_sends_each_mail_once_one_line_each(home, capsys, smtp_server):
    code, out, err = run(capsys, "remind", "--at", REMINDER_AT, "--dry-run")
    assert code == 0 and err == ""
    width = max(len(INCIDENT_DPO), len(DPO_ACCOUNT))  # the lines read as a table
    assert out.splitlines() == [
        f"would send  BR-2024-0001  reminder  Notification to IMY (72 hours)  "
        f"{address.ljust(width)}  23 January 2024, 14:00 (CET)"
        for address in (INCIDENT_DPO, DPO_ACCOUNT)
    ]
    assert smtp_server.messages == []
    code, out, err = run(capsys, "remind", "--at", REMINDER_AT)
    assert code == 0 and err == ""
    assert [line.split()[0] for line in out.splitlines()] == ["sent", "sent"]
    mails = smtp_server.wait_for(2)
    assert "https://incidenter.nordmark.example.se/?incident=BR-2024-0001" in mails[0].get_content()
    code, out, _ = run(capsys, "remind", "--at", "2024-01-22T14:05")
    assert out.startswith("Nothing due at")
    # The history says so, once per mail.
    code, out, _ = run(capsys, "history", "BR-2024-0001", "--json")
    assert sum(1 for entry in json.loads(out) if entry["kind"] == "mail_sent") == 2


def test_remind_as_json(home, capsys):
    code, out, _ = run(capsys, "remind", "--at", REMINDER_AT, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["mail_configured"] is True and report["dry_run"] is False
    assert [(line["outcome"], line["to"]) for line in report["lines"]] == [
        ("sent", INCIDENT_DPO),
        ("sent", DPO_ACCOUNT),
    ]
    assert report["lines"][0]["label"]["sv"] == "Anmälan till IMY (72 timmar)"


def test_a_failed_send_is_reported_exits_non_zero_and_is_retried(home, capsys, smtp_server):
    smtp_server.refuse(451, "4.3.0 Try again later")
    code, out, err = run(capsys, "remind", "--at", REMINDER_AT)
    assert code == 1
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["failed", "failed"]
    assert all(
        "(The mail server refused the mail: 451 4.3.0 Try again later.)" in line for line in lines
    )
    assert err == "2 mails failed; the next run of breachreport remind tries them again.\n"
    smtp_server.accept()
    code, out, err = run(capsys, "remind", "--at", "2024-01-22T14:05")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["sent", "sent"]
    assert len(smtp_server.wait_for(2)) == 2


def test_without_a_mail_server_remind_says_what_to_set(home, capsys, monkeypatch):
    monkeypatch.delenv("BREACHREPORT_SMTP_HOST")
    code, out, err = run(capsys, "remind", "--at", REMINDER_AT)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1
    assert "BREACHREPORT_SMTP_HOST" in err and "BREACHREPORT_SMTP_SENDER" in err
    code, out, err = run(capsys, "remind", "--at", REMINDER_AT, "--dry-run")
    assert code == 0 and out.count("would send") == 2


def test_a_time_that_is_not_one_is_refused(home, capsys):
    code, out, err = run(capsys, "remind", "--at", "tomorrow")
    assert code == 1 and out == ""
    assert "'tomorrow' is not a time" in err


def test_remind_speaks_swedish(home, capsys):
    code = main(["--lang", "sv", "remind", "--at", REMINDER_AT, "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].startswith("skulle skickas")  # once the Swedish is merged
    assert "Anmälan till IMY (72 timmar)" in out and "23 januari 2024 kl. 14:00 (CET)" in out


# -- trying the mail settings ------------------------------------------------------------------


def test_check_tries_the_server_and_sends_a_test_mail_only_when_asked(home, capsys, smtp_server):
    code, out, err = run(capsys, "reminders", "check")
    assert code == 0, err
    assert "answered and accepted the settings" in out and "(none)" in out
    assert smtp_server.messages == []
    code, out, err = run(capsys, "reminders", "check", "--to", "it@nordmark.example.se")
    assert code == 0, err
    assert "A test mail went to it@nordmark.example.se" in out
    (received,) = smtp_server.wait_for(1)
    assert received["To"] == "it@nordmark.example.se"
    assert "BR-2024-0001" not in received.get_content()  # a test mail names no incident


def test_check_says_what_is_wrong_in_one_line(home, capsys, smtp_server, monkeypatch):
    code, _, err = run(capsys, "reminders", "check", "--to", "not-an-address")
    assert code != 0 and "is not a mail address" in err
    smtp_server.refuse(550, "no such mailbox")
    code, _, err = run(capsys, "reminders", "check", "--to", "it@nordmark.example.se")
    assert code != 0 and "550" in err and "Traceback" not in err
    monkeypatch.delenv("BREACHREPORT_SMTP_HOST")
    code, _, err = run(capsys, "reminders", "check")
    assert code != 0 and "BREACHREPORT_SMTP_HOST" in err
