"""Is the incident significant under the cybersäkerhetslag? The sector's thresholds from the rule
table suggest it, the DPO's answer wins, and what is not yet known stays "if significant": the
CERT-SE chain is shown with its deadlines, never hidden, and a misdirected letter judged not
significant starts no CERT-SE clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from breachreport.domain.changes import apply
from breachreport.domain.clocks import ClockStatus, clocks
from breachreport.domain.facts import Facts
from breachreport.domain.rule_table import chains_for, parse_rules
from breachreport.domain.significance import judge
from breachreport.domain.times import from_stockholm

FACTS_NOW = datetime(2028, 1, 1, tzinfo=UTC)
AWARE = "2026-01-17 14:00"


def local(text: str) -> datetime:
    return from_stockholm(datetime.fromisoformat(text))


def facts_with(aware: str = AWARE, **changes) -> Facts:
    answers = {
        "controller.sector": "region",
        "controller.nis2_entity": "essential",
        "times.aware_at": local(aware),
        **{k.replace("__", "."): v for k, v in changes.items()},
    }
    return apply(Facts(), answers, now=FACTS_NOW)


def met(facts: Facts, **kwargs) -> dict:
    return {t.key: t.met for t in judge(facts, **kwargs).thresholds}


def test_nothing_answered_is_not_yet_known_with_every_threshold_open():
    found = judge(facts_with())
    assert found.status == "unknown"
    assert {t.key: t.met for t in found.thresholds} == {
        "outage_hours": None,
        "protected_info_leaked": None,
        "leaked_subjects": None,
    }
    texts = [t.text.en for t in found.thresholds]
    assert texts == [
        "Sector-critical systems out of service for more than 4 hours",
        "Another party's protected information has leaked",
        "Data on 500 or more people have leaked",
    ]
    assert "section N" in found.reasons[0].en


@pytest.mark.parametrize(("hours", "expected"), [(4, False), (4.5, True), (12, True), (0, False)])
def test_an_outage_counts_when_longer_than_the_sectors_hours(hours, expected):
    facts = facts_with(cyber__critical_systems_hit=True, cyber__outage_hours=hours)
    assert met(facts)["outage_hours"] is expected
    assert (judge(facts).status == "significant") is expected


def test_no_critical_system_hit_means_no_outage():
    assert met(facts_with(cyber__critical_systems_hit=False))["outage_hours"] is False


def test_another_partys_protected_information_leaked_makes_it_significant():
    found = judge(facts_with(cyber__protected_info_leaked=True))
    assert found.status == "significant"
    assert found.reasons == (found.thresholds[1].text,)


@pytest.mark.parametrize(
    ("count", "kinds", "expected"),
    [
        (500, ["confidentiality"], True),
        (14_000, ["confidentiality", "availability"], True),
        (499, ["confidentiality"], False),
        (14_000, ["availability"], False),  # out of reach, not leaked
        (14_000, None, None),  # leaked or not: not yet known
        (None, ["confidentiality"], None),
    ],
)
def test_data_on_500_or_more_people_leaked(count, kinds, expected):
    changes = {}
    if count is not None:
        changes["data__subjects_count"] = {"value": count}
    if kinds is not None:
        changes["description__kinds"] = kinds
    assert met(facts_with(**changes))["leaked_subjects"] is expected


def test_the_dpos_answer_wins_over_the_thresholds_both_ways():
    leaked = {"cyber__protected_info_leaked": True}
    no = judge(facts_with(cyber__significant=False, **leaked))
    assert (no.status, no.suggestion) == ("not_significant", "significant")
    assert "not significant" in no.reasons[0].en
    assert "met all the same" in no.reasons[1].en
    yes = judge(facts_with(cyber__significant=True, cyber__critical_systems_hit=False))
    assert yes.status == "significant" and "You judged" in yes.reasons[0].en


def test_thresholds_all_unmet_without_an_answer_stay_for_the_dpo_to_judge():
    facts = facts_with(
        cyber__critical_systems_hit=False,
        cyber__protected_info_leaked=False,
        data__subjects_count={"value": 1},
    )
    found = judge(facts)
    assert (found.status, found.suggestion) == ("unknown", "not_significant")
    assert "None of the sector's thresholds" in found.reasons[0].en


def test_before_the_cybersecurity_act_there_are_no_thresholds():
    found = judge(facts_with("2024-01-20 14:00", cyber__protected_info_leaked=True))
    assert (found.status, found.thresholds) == ("unknown", ())


def test_a_sectors_own_threshold_from_a_rules_file_overrides_the_default():
    table = parse_rules(
        "[sets.cybersecurity-act-2026.significance.healthcare]\noutage_hours = 2\n",
        source="sector.toml",
    )
    outage = {"cyber__critical_systems_hit": True, "cyber__outage_hours": 3}
    care = facts_with(controller__sector="healthcare", **outage)
    assert judge(care, rules=table).status == "significant"
    assert "2 hours" in judge(care, rules=table).thresholds[0].text.en
    assert judge(facts_with(**outage), rules=table).status == "unknown"  # region: 4 hours
    assert judge(care).status == "unknown"  # the built-in table: 4 hours for every sector


# --- what the chain and the clocks make of it -----------------------------------------------------

CERT_KEYS = ("nis2_early_warning", "nis2_notification", "nis2_progress_report", "nis2_final_report")


def cert_clocks(facts: Facts, now: str = "2026-01-17 15:00") -> dict:
    return {c.key: c for c in clocks(facts, now=local(now)) if c.key in CERT_KEYS}


def test_not_yet_known_shows_the_cert_se_clocks_if_significant_with_their_deadlines():
    found = cert_clocks(facts_with())
    early = found["nis2_early_warning"]
    assert early.status is ClockStatus.RUNNING and early.due == local("2026-01-18 14:00")
    assert early.condition.en == "If the incident is significant"
    assert early.condition.sv == "Om incidenten är betydande"
    assert early.to_json()["condition"]["en"] == "If the incident is significant"
    assert found["nis2_final_report"].due is not None
    progress = found["nis2_progress_report"]
    assert progress.due is not None
    assert progress.condition.en == (
        "If the incident is significant and the incident is still ongoing"
    )
    assert progress.condition.sv == "Om incidenten är betydande och incidenten fortfarande pågår"


def test_a_significant_incident_runs_the_clocks_without_a_condition():
    found = cert_clocks(facts_with(cyber__significant=True, times__ongoing=True))
    assert {c.condition for c in found.values()} == {None}
    assert {c.status for c in found.values()} == {ClockStatus.RUNNING}


def test_an_incident_that_has_ended_needs_no_progress_report():
    found = cert_clocks(facts_with(cyber__significant=True, times__ongoing=False))
    assert found["nis2_progress_report"].status is ClockStatus.NOT_APPLICABLE
    assert found["nis2_final_report"].status is ClockStatus.RUNNING


def test_a_misdirected_letter_judged_not_significant_starts_no_cert_se_clock():
    letter = facts_with(
        description__breach_type="misdirected",
        description__cause="human_error",
        description__kinds=["confidentiality"],
        data__subjects_count={"value": 1},
        cyber__critical_systems_hit=False,
        cyber__protected_info_leaked=False,
        cyber__significant=False,
    )
    found = cert_clocks(letter)
    assert {c.status for c in found.values()} == {ClockStatus.NOT_APPLICABLE}
    assert all(c.due is None and c.time_left is None for c in found.values())
    assert found["nis2_early_warning"].note.en.startswith("Not significant: You judged")
    chain = next(c for c in chains_for(letter) if c.recipient == "cert-se")
    assert chain.applies is False and "Inte betydande" in chain.reason.sv


def test_the_sector_threshold_met_runs_the_clocks_before_the_dpo_answers():
    found = cert_clocks(facts_with(cyber__critical_systems_hit=True, cyber__outage_hours=6))
    assert found["nis2_early_warning"].condition is None
    assert found["nis2_early_warning"].status is ClockStatus.RUNNING


def test_a_final_report_made_in_time_needs_no_progress_report():
    from breachreport.domain.clocks import FiledReport

    facts = facts_with(cyber__significant=True)
    filings = [
        FiledReport("cert-se", "incident-notification", local("2026-01-19 10:00")),
        FiledReport("cert-se", "final-report", local("2026-02-10 10:00")),
    ]
    found = {
        c.key: c
        for c in clocks(facts, now=local("2026-02-11 10:00"), filings=filings)
        if c.key in CERT_KEYS
    }
    assert found["nis2_final_report"].status is ClockStatus.MET
    progress = found["nis2_progress_report"]
    assert progress.status is ClockStatus.NOT_APPLICABLE
    assert progress.note.en == "Final report to CERT-SE: already made."
    assert progress.note.sv == "Slutrapport till CERT-SE: redan lämnad."
