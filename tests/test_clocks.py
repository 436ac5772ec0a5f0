"""The legal clocks: GDPR Art. 33 and 34, NIS2, processors' contracts and IMY's supplement window,
each across the daylight saving changes, with status, time left and legal basis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from breachreport.domain.changes import apply
from breachreport.domain.clocks import Clock, ClockStatus, after_calendar, clocks
from breachreport.domain.facts import Facts
from breachreport.domain.times import format_local, from_stockholm, to_stockholm

FACTS_NOW = datetime(2027, 1, 1, tzinfo=UTC)


def local(text: str) -> datetime:
    """A Swedish wall-clock time ('2024-03-30 14:00') as a UTC instant."""
    return from_stockholm(datetime.fromisoformat(text))


def wall(instant: datetime) -> str:
    """A UTC instant as Swedish wall-clock time with its zone: '2024-04-02 15:00 CEST'."""
    shown = to_stockholm(instant)
    return f"{shown:%Y-%m-%d %H:%M} {shown.tzname()}"


# A breach that must be notified and told: identity numbers mailed to many.
NOTIFIABLE = {
    "description.breach_type": "misdirected",
    "description.cause": "human_error",
    "data.data_categories": ["identity", "personal_number"],
    "circumstances.recipients": "unknown_or_many",
}


def facts_with(aware: str | None = None, **changes) -> Facts:
    answers = {**NOTIFIABLE, **{k.replace("__", "."): v for k, v in changes.items()}}
    if aware:
        answers["times.aware_at"] = local(aware)
    return apply(Facts(), answers, now=FACTS_NOW)


def clock(key: str, facts: Facts, **kwargs) -> Clock:
    return next(c for c in clocks(facts, **kwargs) if c.key == key)


# --- GDPR Art. 33 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        ("2024-03-30 14:00", "2024-04-02 15:00 CEST"),  # spring forward: 72 h, one wall hour more
        ("2024-10-26 14:00", "2024-10-29 13:00 CET"),  # fall back: one wall hour less
        ("2024-01-20 14:00", "2024-01-23 14:00 CET"),  # the scenario, no change
    ],
)
def test_art33_ends_72_elapsed_hours_after_awareness_across_daylight_saving(aware, due):
    result = clock("gdpr_art33", facts_with(aware), now=local(aware))
    assert wall(result.due) == due
    assert result.due - result.starts_at == timedelta(hours=72)
    assert result.due.tzinfo is UTC
    assert (result.status, result.time_left) == (ClockStatus.RUNNING, timedelta(hours=72))


def test_art33_due_time_is_shown_in_swedish_time_in_both_languages():
    data = clock(
        "gdpr_art33", facts_with("2024-03-30 14:00"), now=local("2024-03-31 12:00")
    ).to_json()
    assert data["due"] == "2024-04-02T13:00:00+00:00"
    assert data["due_local"] == {
        "sv": "tisdag 2 april 2024 kl. 15:00 (CEST)",
        "en": "Tuesday 2 April 2024, 15:00 (CEST)",
    }
    # 12:00 summer time on 31 March is 10:00 UTC: 51 elapsed hours to 13:00 UTC on 2 April,
    # more than two days: read in days (and hours, while under a week).
    assert data["time_left"] == {"sv": "2 dagar 3 tim kvar", "en": "2 days 3 h left"}
    later = clock("gdpr_art33", facts_with("2024-03-30 14:00"), now=local("2024-03-31 20:00"))
    # 20:00 summer time is 18:00 UTC: 43 hours, two days or less, still read in hours.
    assert later.to_json()["time_left"] == {"sv": "43 tim kvar", "en": "43 h left"}


@pytest.mark.parametrize(
    ("filed", "now", "status", "met_at"),
    [
        (None, "2024-04-01 09:00", ClockStatus.RUNNING, None),
        ("2024-04-02 15:00", "2024-04-05 09:00", ClockStatus.MET, "2024-04-02 15:00"),
        ("2024-04-02 15:01", "2024-04-05 09:00", ClockStatus.MISSED, "2024-04-02 15:01"),
        (None, "2024-04-02 15:01", ClockStatus.MISSED, None),
    ],
    ids=["running", "filed_on_the_minute", "filed_late", "not_filed_and_past_due"],
)
def test_art33_is_met_by_the_first_notification_in_time(filed, now, status, met_at):
    filings = [("preliminary", local(filed))] if filed else []
    result = clock("gdpr_art33", facts_with("2024-03-30 14:00"), now=local(now), filings=filings)
    assert result.status is status
    assert result.met_at == (local(met_at) if met_at else None)


def test_art33_overdue_shows_negative_time_left():
    result = clock("gdpr_art33", facts_with("2024-03-30 14:00"), now=local("2024-04-02 17:00"))
    assert result.time_left == timedelta(hours=-2)
    assert result.to_json()["time_left"]["en"] == "2 h overdue"


def test_art33_first_filed_at_stands_for_the_filings():
    result = clock(
        "gdpr_art33",
        facts_with("2024-03-30 14:00"),
        now=local("2024-04-05 09:00"),
        first_filed_at=local("2024-04-01 10:00"),
    )
    assert result.status is ClockStatus.MET


def test_art33_does_not_apply_when_the_decision_is_to_document_only():
    facts = facts_with(
        "2024-03-30 14:00", decision__outcome="document_only", decision__reason="Trusted recipient."
    )
    result = clock("gdpr_art33", facts, now=local("2024-04-05 09:00"))
    assert result.status is ClockStatus.NOT_APPLICABLE
    assert result.due is None


def test_art33_waits_for_the_awareness_time():
    result = clock("gdpr_art33", facts_with(), now=local("2024-04-05 09:00"))
    assert result.status is ClockStatus.NOT_APPLICABLE
    assert result.note.en == "Starts once the time of awareness is recorded."


# --- GDPR Art. 34 -------------------------------------------------------------------------------


def test_art34_runs_without_a_fixed_deadline_when_the_people_must_be_told():
    result = clock("gdpr_art34", facts_with("2024-03-30 14:00"), now=local("2024-04-05 09:00"))
    assert (result.status, result.due, result.time_left) == (ClockStatus.RUNNING, None, None)
    assert result.starts_at == local("2024-03-30 14:00")


def test_art34_is_met_when_the_people_were_told():
    facts = facts_with(
        "2024-03-30 14:00",
        communication__status="informed",
        communication__informed_at=local("2024-03-31 09:00"),
    )
    result = clock("gdpr_art34", facts, now=local("2024-04-05 09:00"))
    assert (result.status, result.met_at) == (ClockStatus.MET, local("2024-03-31 09:00"))


def test_art34_notified_subjects_at_is_taken_when_given():
    result = clock(
        "gdpr_art34",
        facts_with("2024-03-30 14:00"),
        now=local("2024-04-05 09:00"),
        notified_subjects_at=local("2024-04-01 08:00"),
    )
    assert result.met_at == local("2024-04-01 08:00")


def test_art34_does_not_apply_when_the_risk_is_not_high():
    facts = facts_with(
        "2024-03-30 14:00",
        data__data_categories=["identity"],
        data__subject_categories=["customers"],
        data__subjects_count={"value": 3},
        circumstances__recipients="few_known",
    )
    result = clock("gdpr_art34", facts, now=local("2024-04-05 09:00"))
    assert result.status is ClockStatus.NOT_APPLICABLE


def test_art34_the_assessment_says_why_no_one_need_be_told_before_a_decision():
    facts = facts_with(
        "2024-03-30 14:00",
        data__data_categories=["identity"],
        data__subject_categories=["customers"],
        data__subjects_count={"value": 3},
        circumstances__recipients="few_known",
    )
    note = clock("gdpr_art34", facts, now=local("2024-04-05 09:00")).note
    assert "no decision is recorded yet" in note.en and "inget beslut" in note.sv


def test_art34_an_art_34_3_b_answer_stops_the_clock_that_an_earlier_decision_started():
    # The scenario: the decision of 22 January was to tell the patients; the forensic answer of
    # 9 February lets the DPO record Art. 34(3)(b). The deadline page must agree with that.
    told = facts_with(
        "2024-01-20 14:00",
        decision__outcome="notify_authority_and_subjects",
        decision__follows_recommendation=True,
    )
    assert clock("gdpr_art34", told, now=local("2024-02-12 09:00")).status is ClockStatus.RUNNING
    exempt = apply(
        told,
        {"communication.status": "will_not_inform", "communication.reason_not": "art34_3b"},
        now=FACTS_NOW,
    )
    result = clock("gdpr_art34", exempt, now=local("2024-02-12 09:00"))
    assert result.status is ClockStatus.NOT_APPLICABLE
    assert "Art. 34(3)(b)" in result.note.en and "Art. 34.3 b" in result.note.sv


def test_art34_the_decision_not_to_tell_them_is_named_on_the_clock():
    facts = facts_with(
        "2024-01-20 14:00",
        decision__outcome="notify_authority",
        decision__reason="Backups restored; no sign of exfiltration.",
    )
    result = clock("gdpr_art34", facts, now=local("2024-02-12 09:00"))
    assert result.status is ClockStatus.NOT_APPLICABLE
    assert "'Notify IMY'" in result.note.en and "”Anmäl till IMY”" in result.note.sv


def test_art34_a_public_notice_under_art_34_3_c_keeps_the_clock_running():
    facts = facts_with(
        "2024-01-20 14:00",
        communication__status="will_not_inform",
        communication__reason_not="art34_3c",
    )
    result = clock("gdpr_art34", facts, now=local("2024-02-12 09:00"))
    assert result.status is ClockStatus.RUNNING
    assert "Art. 34(3)(c)" in result.note.en


# --- NIS2 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "due"),
    [
        ("nis2_early_warning", "2026-03-29 15:00 CEST"),  # across the spring change (29 March 2026)
        ("nis2_notification", "2026-03-31 15:00 CEST"),
    ],
)
def test_nis2_hour_clocks_count_elapsed_hours_across_daylight_saving(key, due):
    facts = facts_with("2026-03-28 14:00", controller__nis2_entity="essential")
    result = clock(key, facts, now=local("2026-03-28 15:00"))
    assert (result.status, wall(result.due)) == (ClockStatus.RUNNING, due)


@pytest.mark.parametrize(
    ("notified", "due"),
    [
        ("2026-03-28 20:00", "2026-04-28 20:00 CEST"),  # sent in winter time, due in summer time
        ("2026-10-20 10:00", "2026-11-20 10:00 CET"),  # sent in summer time, due in winter time
        ("2026-01-31 10:00", "2026-02-28 10:00 CET"),  # no 31 February: the month's last day
    ],
)
def test_nis2_final_report_is_due_one_calendar_month_after_the_incident_notification(notified, due):
    aware = local(notified) - timedelta(hours=30)
    reports = [
        {"authority": "csirt", "reported_at": aware + timedelta(hours=2)},
        {"authority": "csirt", "reported_at": local(notified)},
    ]
    facts = facts_with(controller__nis2_entity="important", other__reports=reports)
    facts = apply(facts, {"times.aware_at": aware}, now=FACTS_NOW)
    early, notification, final = (
        clock(k, facts, now=local(notified) + timedelta(days=1))
        for k in ("nis2_early_warning", "nis2_notification", "nis2_final_report")
    )
    assert (early.status, notification.status) == (ClockStatus.MET, ClockStatus.MET)
    assert final.starts_at == local(notified)
    assert (final.status, wall(final.due)) == (ClockStatus.RUNNING, due)


def test_nis2_final_report_counts_from_the_notification_deadline_until_it_is_made():
    facts = facts_with("2026-03-28 14:00", controller__nis2_entity="essential")
    final = clock("nis2_final_report", facts, now=local("2026-03-28 15:00"))
    assert wall(final.due) == "2026-04-30 15:00 CEST"
    assert final.note is not None


def test_nis2_a_late_early_warning_is_missed():
    facts = facts_with(
        "2026-03-28 14:00",
        controller__nis2_entity="essential",
        other__reports=[{"authority": "csirt", "reported_at": local("2026-03-29 16:00")}],
    )
    result = clock("nis2_early_warning", facts, now=local("2026-03-30 09:00"))
    assert result.status is ClockStatus.MISSED
    assert (
        clock("nis2_notification", facts, now=local("2026-03-30 09:00")).status
        is ClockStatus.RUNNING
    )


def test_nis2_reports_to_other_authorities_do_not_count():
    facts = facts_with(
        "2026-03-28 14:00",
        controller__nis2_entity="essential",
        other__reports=[{"authority": "police", "reported_at": local("2026-03-28 16:00")}],
    )
    assert (
        clock("nis2_early_warning", facts, now=local("2026-03-28 17:00")).status
        is ClockStatus.RUNNING
    )


@pytest.mark.parametrize(
    ("entity", "aware"),
    [
        ("not_covered", "2026-03-28 14:00"),
        (None, "2026-03-28 14:00"),
        ("essential", "2024-01-20 14:00"),  # before the Cybersecurity Act (15 January 2026)
    ],
)
def test_nis2_clocks_do_not_apply_outside_the_law(entity, aware):
    facts = facts_with(aware, controller__nis2_entity=entity)
    found = [c for c in clocks(facts, now=local(aware)) if c.key.startswith("nis2_")]
    assert [c.key for c in found] == [
        "nis2_early_warning",
        "nis2_notification",
        "nis2_progress_report",
        "nis2_final_report",
    ]
    assert {c.status for c in found} == {ClockStatus.NOT_APPLICABLE}
    assert all(c.note for c in found)


# --- processors ----------------------------------------------------------------------------------


def _processor(**fields) -> dict:
    return {"name": "Drift AB", "contract_hours": 24, **fields}


@pytest.mark.parametrize(
    ("told", "status"),
    [
        ("2024-03-31 21:00", ClockStatus.MET),  # 24 elapsed hours: 21:00 summer time
        ("2024-03-31 21:30", ClockStatus.MISSED),
        (None, ClockStatus.MISSED),
    ],
)
def test_processor_clock_counts_contract_hours_across_daylight_saving(told, status):
    processor = _processor(
        aware_at=local("2024-03-30 20:00"), notified_controller_at=local(told) if told else None
    )
    facts = facts_with("2024-03-31 22:00", description__processors=[processor])
    result = clock("processor:Drift AB", facts, now=local("2024-04-01 09:00"))
    assert wall(result.due) == "2024-03-31 21:00 CEST"
    assert result.status is status
    assert "24" in result.label.en and "Art. 33(2)" in result.basis.en


def test_processors_without_contract_hours_have_no_clock():
    facts = facts_with("2024-03-31 22:00", description__processors=[{"name": "Värd AB"}])
    assert not [
        c for c in clocks(facts, now=local("2024-04-01 09:00")) if c.key.startswith("processor:")
    ]


# --- IMY's supplement window ----------------------------------------------------------------------


def test_supplement_window_is_four_calendar_weeks_across_daylight_saving():
    filings = [("preliminary", local("2024-03-20 10:00"))]
    result = clock(
        "imy_supplement_window",
        facts_with("2024-03-19 10:00"),
        now=local("2024-03-25 10:00"),
        filings=filings,
    )
    assert (result.status, wall(result.due)) == (ClockStatus.RUNNING, "2024-04-17 10:00 CEST")


@pytest.mark.parametrize(
    ("later", "now", "status"),
    [
        ([("supplement", "2024-04-01 10:00")], "2024-04-05 10:00", ClockStatus.RUNNING),
        ([("complete", "2024-04-10 10:00")], "2024-04-20 10:00", ClockStatus.MET),
        ([("supplement", "2024-04-01 10:00")], "2024-04-18 10:00", ClockStatus.MISSED),
        ([("complete", "2024-04-18 10:00")], "2024-04-20 10:00", ClockStatus.MISSED),
    ],
)
def test_supplement_window_is_met_by_a_complete_notification_in_time(later, now, status):
    filings = [("preliminary", local("2024-03-20 10:00"))] + [(k, local(at)) for k, at in later]
    result = clock(
        "imy_supplement_window", facts_with("2024-03-19 10:00"), now=local(now), filings=filings
    )
    assert result.status is status


@pytest.mark.parametrize("filings", [[], [("complete", "2024-03-20 10:00")]])
def test_supplement_window_does_not_apply_without_a_preliminary_first_filing(filings):
    filings = [(k, local(at)) for k, at in filings]
    result = clock(
        "imy_supplement_window",
        facts_with("2024-03-19 10:00"),
        now=local("2024-03-21 10:00"),
        filings=filings,
    )
    assert result.status is ClockStatus.NOT_APPLICABLE


# --- all clocks -------------------------------------------------------------------------------------


def test_every_clock_has_a_label_and_a_legal_basis_in_both_languages_and_a_stable_json_shape():
    from breachreport.demo.scenario import PRELIMINARY_AT, scenario_facts

    facts = scenario_facts(PRELIMINARY_AT)
    found = clocks(facts, now=PRELIMINARY_AT, filings=[("preliminary", PRELIMINARY_AT)])
    assert [c.key for c in found] == [
        "gdpr_art33",
        "gdpr_art34",
        "nis2_early_warning",
        "nis2_notification",
        "nis2_progress_report",
        "nis2_final_report",
        "processor:Samplan Systems AB",
        "processor:Nordförråd AB",
        "imy_supplement_window",
    ]
    for item in found:
        assert item.label.sv and item.label.en and item.basis.sv and item.basis.en
        assert set(item.to_json()) == {
            "key",
            "label",
            "basis",
            "status",
            "status_label",
            "starts_at",
            "due",
            "due_local",
            "time_left_seconds",
            "time_left",
            "met_at",
            "note",
            "recipient",
            "report",
            "condition",
        }


def test_scenario_clock_before_the_preliminary_filing_has_22_hours_left():
    from breachreport.demo.scenario import PRELIMINARY_AT, scenario_facts

    result = clock("gdpr_art33", scenario_facts(PRELIMINARY_AT), now=PRELIMINARY_AT)
    assert (result.status, result.time_left) == (ClockStatus.RUNNING, timedelta(hours=22))
    assert format_local(result.due, "sv") == "23 januari 2024 kl. 14:00 (CET)"


def test_after_calendar_keeps_the_day_of_month_or_clamps_it():
    assert wall(after_calendar(local("2024-02-29 10:00"), months=1)) == "2024-03-29 10:00 CET"
    assert wall(after_calendar(local("2024-01-31 10:00"), months=1)) == "2024-02-29 10:00 CET"
    assert wall(after_calendar(local("2024-12-15 10:00"), months=1)) == "2025-01-15 10:00 CET"


def test_after_calendar_resolves_a_wall_time_skipped_by_the_spring_change():
    moved = after_calendar(local("2024-03-30 02:30"), days=1)  # 31 March 02:30 does not exist
    assert wall(moved) == "2024-03-31 03:30 CEST"


# --- filings per recipient, IVO, days ----------------------------------------------------------


def test_a_cert_se_filing_of_the_right_kind_meets_its_clock_and_no_other():
    from breachreport.domain.clocks import FiledReport

    facts = facts_with(
        "2026-01-17 14:00", controller__nis2_entity="essential", cyber__significant=True
    )
    filings = [
        FiledReport("cert-se", "early-warning", local("2026-01-18 09:00")),
        FiledReport("police", "crime-report", local("2026-01-17 16:00")),
    ]
    found = {c.key: c for c in clocks(facts, now=local("2026-01-18 10:00"), filings=filings)}
    assert found["nis2_early_warning"].status is ClockStatus.MET
    assert found["nis2_early_warning"].met_at == local("2026-01-18 09:00")
    assert found["nis2_notification"].status is ClockStatus.RUNNING
    assert found["gdpr_art33"].status is ClockStatus.RUNNING  # a CERT-SE report is not IMY's
    late = [FiledReport("cert-se", "incident-notification", local("2026-01-18 09:00"))]
    found = {c.key: c for c in clocks(facts, now=local("2026-01-18 15:00"), filings=late)}
    assert found["nis2_early_warning"].status is ClockStatus.MISSED
    assert found["nis2_notification"].status is ClockStatus.MET


def test_imy_filings_as_filed_reports_count_like_the_pairs():
    from breachreport.domain.clocks import FiledReport

    filed = [FiledReport("imy", "preliminary", local("2024-04-01 10:00"))]
    result = clock(
        "gdpr_art33", facts_with("2024-03-30 14:00"), now=local("2024-04-05 09:00"), filings=filed
    )
    assert (result.status, result.recipient, result.report) == (
        ClockStatus.MET,
        "imy",
        "preliminary",
    )


def test_a_care_provider_gets_the_lex_maria_clock_if_a_care_injury_without_fixed_hours():
    from breachreport.domain.clocks import FiledReport

    care = facts_with("2026-01-17 14:00", controller__health_care=True)
    ivo = clock("ivo_lex_maria", care, now=local("2026-01-17 15:00"))
    assert (ivo.status, ivo.due, ivo.recipient) == (ClockStatus.RUNNING, None, "ivo")
    assert "care injury" in ivo.condition.en and "vårdskada" in ivo.condition.sv
    assert ivo.note.en == "As soon as possible, no fixed deadline."
    filed = [FiledReport("ivo", "lex-maria", local("2026-01-19 09:00"))]
    done = clock("ivo_lex_maria", care, now=local("2026-01-20 09:00"), filings=filed)
    assert (done.status, done.condition) == (ClockStatus.MET, None)
    not_care = facts_with("2026-01-17 14:00", controller__health_care=False)
    assert "ivo_lex_maria" not in {c.key for c in clocks(not_care, now=local("2026-01-17 15:00"))}


def test_time_left_more_than_two_days_away_reads_in_days():
    from breachreport.domain.clocks import time_left_text

    assert time_left_text(timedelta(days=29, hours=5), "sv") == "29 dagar kvar"
    assert time_left_text(timedelta(days=29, hours=5), "en") == "29 days left"
    assert time_left_text(timedelta(days=3, hours=2), "en") == "3 days 2 h left"
    assert time_left_text(timedelta(hours=48), "sv") == "48 tim kvar"
    assert time_left_text(timedelta(hours=-80), "en") == "3 days 8 h overdue"
    facts = facts_with(
        "2026-01-17 14:00", controller__nis2_entity="essential", cyber__significant=True
    )
    final = clock("nis2_final_report", facts, now=local("2026-01-21 14:00"))
    assert final.to_json()["time_left"] == {"sv": "30 dagar kvar", "en": "30 days left"}
