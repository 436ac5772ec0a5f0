"""The dated rule table: which rule set an incident follows (the one in force on the Swedish date of
its awareness), each recipient's chain as data, the scenario moved to January 2026 with both chains
side by side, daylight saving, an organisation's rules file, and the Omnibus switched on from a
future date changing new incidents only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from breachreport.domain import rule_table
from breachreport.domain.changes import apply
from breachreport.domain.clocks import ClockStatus, FiledReport, clocks
from breachreport.domain.facts import Facts
from breachreport.domain.rule_table import RulesError, chains_for, parse_rules
from breachreport.domain.times import from_stockholm, to_stockholm
from breachreport.errors import SettingsError

FACTS_NOW = datetime(2028, 1, 1, tzinfo=UTC)


def local(text: str) -> datetime:
    return from_stockholm(datetime.fromisoformat(text))


def wall(instant: datetime) -> str:
    shown = to_stockholm(instant)
    return f"{shown:%a %Y-%m-%d %H:%M} {shown.tzname()}"


# The scenario: identity numbers and care data taken at a region through its supplier.
SCENARIO = {
    "description.breach_type": "unauthorised_access",
    "description.cause": "malicious_external",
    "description.kinds": ["confidentiality", "availability"],
    "data.data_categories": ["identity", "personal_number", "health"],
    "data.subject_categories": ["patients"],
    "data.subjects_count": {"value": 14_000},
    "circumstances.recipients": "unknown_or_many",
    "controller.sector": "region",
    "controller.nis2_entity": "essential",
}


def region(aware: str, **changes) -> Facts:
    answers = {**SCENARIO, **{k.replace("__", "."): v for k, v in changes.items()}}
    answers["times.aware_at"] = local(aware)
    return apply(Facts(), answers, now=FACTS_NOW)


def by_key(facts: Facts, **kwargs) -> dict:
    return {c.key: c for c in clocks(facts, **kwargs)}


# --- the built-in table -----------------------------------------------------------------------


def test_the_built_in_sets_are_dated_and_the_omnibus_is_not_in_force():
    table = rule_table.builtin()
    found = {s.version: (s.applies_from, s.in_force) for s in table.sets}
    assert found == {
        "gdpr-2018": (date(2018, 5, 25), True),
        "cybersecurity-act-2026": (date(2026, 1, 15), True),
        "digital-omnibus-proposal": (None, False),
    }
    omnibus = table.set("digital-omnibus-proposal")
    assert omnibus.report("imy", "preliminary").deadline.hours == 96
    assert omnibus.chain("imy").condition == "high-risk"
    assert omnibus.proposed_on == date(2025, 11, 19)


def test_the_cert_se_chain_is_data_with_its_deadlines_origins_conditions_and_dates():
    chain = rule_table.builtin().set("cybersecurity-act-2026").chain("cert-se")
    assert (chain.scope, chain.condition) == ("nis2-entity", "significant")
    rows = [
        (r.kind, r.deadline.hours, r.deadline.months, r.counted_from, r.condition, r.applies_from)
        for r in chain.reports
    ]
    since = date(2026, 1, 15)
    assert rows == [
        ("early-warning", 24, None, "awareness", "significant", since),
        ("incident-notification", 72, None, "awareness", "significant", since),
        ("progress-report", None, 1, "incident-notification", "ongoing", since),
        ("final-report", None, 1, "incident-notification", "significant", since),
    ]
    final = chain.report("final-report")
    assert final.title.sv == "Slutrapport till CERT-SE (en månad)"
    assert final.counted_from_text.en == "from the incident notification"
    assert "23(4)(d)" in final.basis.en and "23.4 d" in final.basis.sv


def test_the_gdpr_rules_keep_their_own_date_inside_the_later_set():
    later = rule_table.builtin().set("cybersecurity-act-2026")
    imy = later.report("imy", "preliminary")
    assert (imy.deadline.hours, imy.applies_from) == (72, date(2018, 5, 25))
    ivo = later.chain("ivo")
    assert (ivo.scope, ivo.condition, ivo.reports[0].deadline.fixed) == (
        "care-provider",
        "care-injury",
        False,
    )
    assert later.report("police", "crime-report").deadline.fixed is False


@pytest.mark.parametrize(
    ("aware", "version"),
    [
        ("2024-01-20 14:00", "gdpr-2018"),
        ("2026-01-14 23:59", "gdpr-2018"),
        ("2026-01-15 00:30", "cybersecurity-act-2026"),  # 14 January in UTC, 15th in Sweden
        ("2026-01-17 14:00", "cybersecurity-act-2026"),
    ],
)
def test_an_incident_follows_the_set_in_force_on_the_swedish_date_of_its_awareness(aware, version):
    assert rule_table.active().rules_at(local(aware)).version == version


def test_before_awareness_is_known_the_set_in_force_now_is_used():
    table = rule_table.builtin()
    assert table.rules_at(None, now=local("2025-06-01 12:00")).version == "gdpr-2018"
    assert table.rules_at(None, now=local("2026-06-01 12:00")).version == "cybersecurity-act-2026"


# --- the scenario moved to Saturday 17 January 2026 ---------------------------------------------


def test_the_2026_scenario_has_both_chains_side_by_side_with_cert_se_if_significant():
    # Day one: how many people are hit is not yet known, nor is any other threshold.
    facts = region("2026-01-17 14:00", data__subjects_count=None)
    chains = {c.recipient: c for c in chains_for(facts)}
    assert list(chains) == ["imy", "cert-se", "police", "ivo"]
    assert chains["imy"].applies is True
    assert chains["cert-se"].applies is None
    assert chains["cert-se"].condition.en == "if the incident is significant"
    assert chains["ivo"].applies is False and "care provider" in chains["ivo"].reason.en


def test_the_2026_scenario_clocks_early_warning_sunday_notification_tuesday_final_a_month_on():
    facts = region("2026-01-17 14:00", cyber__significant=True)
    found = by_key(facts, now=local("2026-01-17 15:00"))
    early, notification = found["nis2_early_warning"], found["nis2_notification"]
    assert wall(early.due) == "Sun 2026-01-18 14:00 CET"
    assert wall(notification.due) == "Tue 2026-01-20 14:00 CET"
    assert wall(found["gdpr_art33"].due) == "Tue 2026-01-20 14:00 CET"
    assert (early.recipient, early.report, early.condition) == ("cert-se", "early-warning", None)
    final = found["nis2_final_report"]
    assert wall(final.due) == "Fri 2026-02-20 14:00 CET"  # from the notification's deadline
    assert "incidentanmälan" in final.note.sv
    # Filed on Monday 10:00: the final report is due a month after the filing itself.
    filings = [
        FiledReport("cert-se", "early-warning", local("2026-01-18 09:00")),
        FiledReport("cert-se", "incident-notification", local("2026-01-19 10:00")),
        ("preliminary", local("2026-01-19 11:00")),
    ]
    after = by_key(facts, now=local("2026-01-19 12:00"), filings=filings)
    assert after["nis2_early_warning"].status is ClockStatus.MET
    assert after["nis2_notification"].status is ClockStatus.MET
    assert after["gdpr_art33"].status is ClockStatus.MET
    assert wall(after["nis2_final_report"].due) == "Thu 2026-02-19 10:00 CET"
    assert after["nis2_final_report"].to_json()["time_left"]["sv"] == "30 dagar kvar"


def test_the_scenario_at_its_2024_dates_gets_no_cybersecurity_act_chain():
    facts = region("2024-01-20 14:00", cyber__significant=True)
    assert [c.recipient for c in chains_for(facts)] == ["imy", "police", "ivo"]
    cert = [c for c in clocks(facts, now=local("2024-01-20 15:00")) if c.recipient == "cert-se"]
    assert {c.status for c in cert} == {ClockStatus.NOT_APPLICABLE}
    assert "15 January 2026" in cert[0].note.en and "15 januari 2026" in cert[0].note.sv


# --- daylight saving ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware", "early", "notification"),
    [
        # spring: Saturday 14:00 CET + 24 elapsed hours is Sunday 15:00 summer time
        ("2026-03-28 14:00", "Sun 2026-03-29 15:00 CEST", "Tue 2026-03-31 15:00 CEST"),
        # autumn: Saturday 14:00 CEST + 24 elapsed hours is Sunday 13:00 winter time
        ("2026-10-24 14:00", "Sun 2026-10-25 13:00 CET", "Tue 2026-10-27 13:00 CET"),
    ],
)
def test_the_hour_deadlines_count_elapsed_hours_across_the_clock_change(aware, early, notification):
    facts = region(aware, cyber__significant=True)
    found = by_key(facts, now=local(aware))
    assert wall(found["nis2_early_warning"].due) == early
    assert found["nis2_early_warning"].due - local(aware) == timedelta(hours=24)
    assert wall(found["nis2_notification"].due) == notification


def test_the_month_deadline_keeps_the_wall_clock_time_across_the_clock_change():
    facts = region("2026-03-27 09:00", cyber__significant=True)
    filings = [FiledReport("cert-se", "incident-notification", local("2026-03-28 20:00"))]
    final = by_key(facts, now=local("2026-03-29 09:00"), filings=filings)["nis2_final_report"]
    assert wall(final.due) == "Tue 2026-04-28 20:00 CEST"  # sent in winter time, due in summer


# --- an organisation's rules file: the Omnibus from a future date --------------------------------

OMNIBUS_FROM_2027 = """
[sets.digital-omnibus-proposal]
in_force = true
applies_from = 2027-03-01
"""

# A misdirected letter with names only, to few, decided as a risk but not a high one.
LOW_RISK = {
    "decision.outcome": "notify_authority",
    "decision.reason": "Names only, to a few known recipients.",
    "description.breach_type": "misdirected",
    "description.cause": "human_error",
    "data.data_categories": ["identity"],
    "data.subject_categories": ["customers"],
    "data.subjects_count": {"value": 3},
    "circumstances.recipients": "few_known",
}


def low_risk(aware: str) -> Facts:
    return apply(Facts(), {**LOW_RISK, "times.aware_at": local(aware)}, now=FACTS_NOW)


def test_switching_on_the_omnibus_from_a_future_date_changes_new_incidents_only():
    table = parse_rules(OMNIBUS_FROM_2027, source="omnibus.toml")
    assert table.rules_at(local("2027-02-28 14:00")).version == "cybersecurity-act-2026"
    assert table.rules_at(local("2027-03-01 00:30")).version == "digital-omnibus-proposal"
    # An incident aware before the date keeps 72 hours, risk or no high risk.
    older = by_key(region("2027-02-27 14:00"), now=local("2027-03-02 09:00"), rules=table)
    assert older["gdpr_art33"].due - local("2027-02-27 14:00") == timedelta(hours=72)
    before = by_key(low_risk("2027-02-27 14:00"), now=local("2027-02-27 15:00"), rules=table)
    assert before["gdpr_art33"].status is ClockStatus.RUNNING
    # A new incident: 96 hours when the risk is high, no notification to IMY when it is not.
    new = by_key(region("2027-03-02 14:00"), now=local("2027-03-02 15:00"), rules=table)
    assert new["gdpr_art33"].due - local("2027-03-02 14:00") == timedelta(hours=96)
    assert new["gdpr_art33"].label.en == "Notification to IMY (96 hours)"
    assert "Digital Omnibus" in new["gdpr_art33"].basis.en
    low = by_key(low_risk("2027-03-02 14:00"), now=local("2027-03-02 15:00"), rules=table)
    assert low["gdpr_art33"].status is ClockStatus.NOT_APPLICABLE
    assert "high risk" in low["gdpr_art33"].note.en
    # The CERT-SE chain is the cybersäkerhetslag's still, by inheritance.
    assert new["nis2_early_warning"].due - local("2027-03-02 14:00") == timedelta(hours=24)
    # The built-in table is untouched: the same new incident still gets 72 hours there.
    plain = by_key(region("2027-03-02 14:00"), now=local("2027-03-02 15:00"))
    assert plain["gdpr_art33"].due - local("2027-03-02 14:00") == timedelta(hours=72)


def test_an_installed_table_is_the_one_the_clocks_and_chains_use():
    previous = rule_table.install(parse_rules(OMNIBUS_FROM_2027))
    try:
        facts = low_risk("2027-03-02 14:00")
        assert by_key(facts, now=local("2027-03-02 15:00"))["gdpr_art33"].status is (
            ClockStatus.NOT_APPLICABLE
        )
        imy = next(c for c in chains_for(facts) if c.recipient == "imy")
        assert imy.applies is False and imy.rule_set.version == "digital-omnibus-proposal"
    finally:
        rule_table.install(previous)
    assert rule_table.active() is previous


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[sets.x\n", "not valid TOML"),
        ("[other]\na = 1\n", "[sets.NAME]"),
        ("[sets.digital-omnibus-proposal]\nin_force = true\n", "needs applies_from"),
        (
            '[sets.new]\nname = { sv = "N", en = "N" }\napplies_from = 2027-01-01\n'
            '[sets.new.chains.imy]\nscope = "all"\n',
            "at least one",
        ),
        (
            '[[sets.gdpr-2018.chains.imy.reports]]\nkind = "preliminary"\nhour = 96\n',
            "unknown key 'hour'",
        ),
        (
            '[[sets.gdpr-2018.chains.fbi.reports]]\nkind = "x"\n',
            "unknown recipient 'fbi'",
        ),
        (
            '[sets.new]\nname = { sv = "N", en = "N" }\napplies_from = 2027-01-01\n'
            'based_on = "nothing"\n',
            "based_on 'nothing'",
        ),
        (
            "[sets.gdpr-2018]\nin_force = false\n[sets.cybersecurity-act-2026]\nin_force = false\n",
            "no rule set is in force",
        ),
        (
            "[sets.cybersecurity-act-2026.significance.space]\noutage_hours = 2\n",
            "neither default nor a sector",
        ),
    ],
)
def test_a_bad_rules_file_is_refused_naming_the_file_and_the_fault(text, says):
    with pytest.raises(RulesError) as error:
        parse_rules(text, source="org-rules.toml")
    assert "org-rules.toml" in str(error.value) and says in str(error.value)


def test_the_rules_file_setting_refuses_a_missing_or_broken_file_and_installs_a_good_one(tmp_path):
    from breachreport.runtime.rules import install_rules
    from breachreport.settings import load_settings

    with pytest.raises(SettingsError, match="BREACHREPORT_RULES_FILE.*does not exist"):
        load_settings(home=tmp_path, rules_file=tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[sets.x\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="BREACHREPORT_RULES_FILE.*TOML"):
        load_settings(home=tmp_path, rules_file=broken)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[sets.digital-omnibus-proposal]\nin_force = true\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="wrong.toml.*applies_from"):
        install_rules(load_settings(home=tmp_path, rules_file=wrong))
    good = tmp_path / "rules.toml"
    good.write_text(OMNIBUS_FROM_2027, encoding="utf-8")
    previous = rule_table.active()
    try:
        install_rules(load_settings(home=tmp_path, rules_file=good))
        assert rule_table.active().rules_at(local("2027-03-02 14:00")).version == (
            "digital-omnibus-proposal"
        )
    finally:
        rule_table.install(previous)


def test_the_rules_file_is_read_from_the_environment(tmp_path, monkeypatch):
    from breachreport.settings import load_settings

    good = tmp_path / "rules.toml"
    good.write_text(OMNIBUS_FROM_2027, encoding="utf-8")
    monkeypatch.setenv("BREACHREPORT_RULES_FILE", str(good))
    assert load_settings(home=tmp_path).rules_file == good
