"""``breachreport recipients [--json]``: each recipient, its regime, its chain of reports with each
deadline rule and the date the rule applies from, under the rules in force now or at ``--at``, and
with the organisation's BREACHREPORT_RULES_FILE over the built-in table."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from breachreport.cli.context import Run
from breachreport.cli.recipients import recipients_command
from breachreport.domain import rule_table
from breachreport.errors import SettingsError


@pytest.fixture(autouse=True)
def _own_table(tmp_path, monkeypatch):
    """Each test starts from the built-in table and puts back what was installed."""
    monkeypatch.setenv("BREACHREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BREACHREPORT_RULES_FILE", raising=False)
    previous = rule_table.install(None)
    yield
    rule_table.install(previous)


def invoke(*args: str):
    return CliRunner().invoke(recipients_command, list(args), obj=Run())


def listed(*args: str) -> dict:
    result = invoke("--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_json_lists_every_recipient_with_its_regime_and_chain_as_in_force_now():
    data = listed("--at", "2026-12-07T09:00")
    assert data["rule_set"]["version"] == "cybersecurity-act-2026"
    assert data["rule_set"]["applies_from"] == "2026-01-15"
    by_key = {r["key"]: r for r in data["recipients"]}
    assert list(by_key) == ["imy", "cert-se", "police", "ivo"]
    cert = by_key["cert-se"]
    assert cert["regime"]["key"] == "cybersecurity-act"
    assert cert["condition"] == "significant"
    assert [
        (r["kind"], r["deadline"], r["counted_from"], r["condition"], r["applies_from"])
        for r in cert["reports"]
    ] == [
        ("early-warning", {"hours": 24, "days": None, "months": None}, "awareness",
         "significant", "2026-01-15"),
        ("incident-notification", {"hours": 72, "days": None, "months": None}, "awareness",
         "significant", "2026-01-15"),
        ("progress-report", {"hours": None, "days": None, "months": 1}, "incident-notification",
         "ongoing", "2026-01-15"),
        ("final-report", {"hours": None, "days": None, "months": 1}, "incident-notification",
         "significant", "2026-01-15"),
    ]  # fmt: skip
    imy = by_key["imy"]["reports"][0]
    assert (imy["kind"], imy["deadline"]["hours"], imy["applies_from"]) == (
        "preliminary",
        72,
        "2018-05-25",
    )
    assert by_key["police"]["reports"][0]["deadline"] == {
        "hours": None,
        "days": None,
        "months": None,
    }
    assert by_key["ivo"]["scope"] == "care-provider"
    sets = {s["version"]: s for s in data["rule_sets"]}
    assert sets["digital-omnibus-proposal"]["in_force"] is False


def test_before_15_january_2026_cert_se_has_no_chain():
    data = listed("--at", "2024-01-20T14:00")
    assert data["rule_set"]["version"] == "gdpr-2018"
    cert = next(r for r in data["recipients"] if r["key"] == "cert-se")
    assert cert["reports"] == []


def test_the_listing_shows_each_deadline_rule_and_its_date_in_swedish():
    result = invoke("--at", "2026-12-07T09:00", "--lang", "sv")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "CERT-SE, Myndigheten för civilt försvar (MCF) [cert-se]" in out
    assert "1. Tidig varning till CERT-SE: 24 timmar från kännedom" in out
    assert "4. Slutrapport till CERT-SE: en månad från incidentanmälan" in out
    assert "15 januari 2026" in out and "25 maj 2018" in out
    assert "1. Lex Maria-anmälan till IVO: snarast, ingen fast frist" in out
    assert "digital-omnibus-proposal" in out


def test_the_listing_in_english():
    out = invoke("--at", "2026-12-07T09:00", "--lang", "en").output
    assert "Rules in force: GDPR, police reports, lex Maria and the Cybersecurity Act (2025:1506)" in out
    assert "1. Early warning to CERT-SE: 24 hours from awareness" in out
    assert "3. Progress report to CERT-SE: one month from the incident notification" in out
    assert "Only if the incident is still ongoing" in out
    assert "Applies from 15 January 2026" in out


def test_a_rules_file_switching_on_the_omnibus_shows_from_its_date(tmp_path, monkeypatch):
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "[sets.digital-omnibus-proposal]\nin_force = true\napplies_from = 2027-03-01\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BREACHREPORT_RULES_FILE", str(rules))
    assert listed("--at", "2027-02-28T12:00")["rule_set"]["version"] == "cybersecurity-act-2026"
    data = listed("--at", "2027-03-01T12:00")
    assert data["rule_set"]["version"] == "digital-omnibus-proposal"
    imy = next(r for r in data["recipients"] if r["key"] == "imy")
    first = imy["reports"][0]
    assert (first["deadline"]["hours"], first["condition"], first["applies_from"]) == (
        96,
        "high-risk",
        "2027-03-01",
    )
    assert imy["condition"] == "high-risk"


def test_a_bad_rules_file_is_a_clear_settings_error(tmp_path, monkeypatch):
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[sets.gdpr-2018.chains.imy.reports]]\nkind = "preliminary"\nhours = "96"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("BREACHREPORT_RULES_FILE", str(rules))
    result = invoke("--json")
    assert isinstance(result.exception, SettingsError)
    assert "rules.toml" in str(result.exception) and "hours" in str(result.exception)


def test_the_command_is_part_of_breachreport(capsys):
    from cli_support import run

    code, out, _ = run(capsys, "recipients", "--json", "--at", "2026-01-17T14:00")
    assert code == 0
    assert json.loads(out)["rule_set"]["version"] == "cybersecurity-act-2026"
