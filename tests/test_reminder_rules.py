"""The reminder rules and the plan they make for an incident's clocks: when each reminder and
escalation goes out, quiet hours in Swedish time across the changes to and from summer time, the
mails a late run collapses, and the rules' refusals in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from breachreport.demo.scenario import scenario_facts
from breachreport.domain.clock_model import Clock, deadline_clock
from breachreport.domain.clocks import clocks
from breachreport.domain.labels import Text
from breachreport.domain.reminders import (
    DEFAULT_RULES,
    QuietHours,
    ReminderRules,
    after_quiet,
    deadline_names,
    due_at,
    plan,
    reminded,
    wall_clock,
)
from breachreport.domain.times import from_stockholm, to_stockholm
from breachreport.errors import FactsInvalid

LABEL = Text("Anmälan till IMY", "Notification to IMY")
BASIS = Text("GDPR art. 33.1", "GDPR Art. 33(1)")
IF_SIGNIFICANT = Text("Om incidenten är betydande", "If the incident is significant")


def local(text: str) -> datetime:
    return from_stockholm(datetime.fromisoformat(text))


def clock(
    start: str,
    hours: float,
    *,
    now: str | None = None,
    key: str = "gdpr_art33",
    recipient: str | None = "imy",
    done: str | None = None,
    condition: Text | None = None,
) -> Clock:
    begins = local(start)
    return deadline_clock(
        key,
        LABEL,
        BASIS,
        start=begins,
        due=begins + timedelta(hours=hours),
        done=local(done) if done else None,
        now=local(now) if now else begins,
        recipient=recipient,
        report="preliminary",
        condition=condition,
    )


def sends(planned, kind="reminder"):
    return [
        (p.hours_before, to_stockholm(p.send_at).strftime("%Y-%m-%d %H:%M"))
        for p in planned
        if p.kind == kind
    ]


# -- the defaults ----------------------------------------------------------------------------------


def test_the_defaults_serve_on_day_one():
    assert DEFAULT_RULES.before_hours == (24, 6)
    assert DEFAULT_RULES.to_dpo_accounts and DEFAULT_RULES.to_incident_dpo
    assert DEFAULT_RULES.escalation_hours == 2
    # No address, no escalation: nobody is escalated to by default.
    assert DEFAULT_RULES.escalation_address is None and not DEFAULT_RULES.escalates
    assert DEFAULT_RULES.quiet_hours is None
    found = plan([clock("2024-01-20T14:00", 72)])
    assert sends(found) == [(24, "2024-01-22 14:00"), (6, "2024-01-23 08:00")]
    assert sends(found, "escalation") == []


def test_an_escalation_goes_where_an_address_is_set_and_never_waits():
    rules = ReminderRules(
        escalation_address="Ledning@Nordmark.example.se",
        quiet_hours=QuietHours(start=time(22), end=time(7)),
        urgent_hours=0,
    )
    # A 30-day clock due at 01:00: the reminders wait for the morning's end of quiet hours unless
    # that passes the deadline; the escalation at 23:00 goes at 23:00.
    found = plan([clock("2024-01-01T01:00", 30 * 24)], rules)
    assert sends(found, "escalation") == [(2, "2024-01-30 23:00")]
    assert sends(found) == [(24, "2024-01-30 07:00"), (6, "2024-01-30 19:00")]
    assert rules.escalation_address == "Ledning@nordmark.example.se"


def test_the_rules_from_hours_before_a_deadline_are_elapsed_hours():
    # Due at 12:00 summer time on 31 March 2024, the day summer time begins: 24 elapsed hours
    # earlier is 11:00 winter time the day before.
    found = plan([clock("2024-03-28T12:00", 71)])
    assert [p.due for p in found] == [local("2024-03-31T12:00")] * 2
    assert sends(found)[0] == (24, "2024-03-30 11:00")


# -- what is reminded --------------------------------------------------------------------------


def test_only_open_reports_to_a_recipient_are_reminded():
    running = clock("2024-01-20T14:00", 72, now="2024-01-21T10:00")
    met = clock("2024-01-20T14:00", 72, now="2024-01-22T10:00", done="2024-01-21T09:00")
    overdue = clock("2024-01-20T14:00", 72, now="2024-01-24T10:00")
    processor = clock("2024-01-20T06:45", 24, key="processor:x", recipient=None)
    assert reminded([running, met, overdue, processor]) == [running, overdue]
    assert plan([met, processor]) == []


def test_the_scenario_reminds_imy_and_not_the_suppliers_contracts():
    """The worked example at its first evening: the processors' 24- and 48-hour contract clocks
    run, and only IMY's 72-hour deadline is reminded (the data subjects' has no due time)."""
    at = local("2024-01-20T18:00")
    open_clocks = clocks(scenario_facts(at), now=at)
    assert any(c.key.startswith("processor:") for c in open_clocks)
    found = plan(open_clocks)
    assert {p.clock_key for p in found} == {"gdpr_art33"}
    assert sends(found) == [(24, "2024-01-22 14:00"), (6, "2024-01-23 08:00")]


def test_a_conditional_clock_is_reminded_with_its_condition():
    found = plan([clock("2026-03-02T09:00", 72, key="nis2_notification", condition=IF_SIGNIFICANT)])
    assert {p.condition for p in found} == {IF_SIGNIFICANT}


def test_a_rule_before_the_clock_started_is_left_out():
    # CERT-SE's early warning runs 24 hours: "24 hours before" is its start.
    found = plan([clock("2026-03-02T09:00", 24, key="nis2_early_warning")])
    assert sends(found) == [(6, "2026-03-03 03:00")]


# -- when it goes out ------------------------------------------------------------------------


def test_nothing_goes_out_after_the_deadline_not_even_the_escalation():
    rules = ReminderRules(escalation_address="ledning@nordmark.example.se")
    found = plan([clock("2024-01-20T14:00", 72)], rules)
    late = due_at(found, local("2024-01-23T12:30"))
    assert [(p.kind, p.hours_before) for p in late] == [("reminder", 6), ("escalation", 2)]
    assert due_at(found, local("2024-01-23T14:00")) == []
    assert due_at(found, local("2024-01-25T14:00")) == []


def test_a_run_after_a_gap_sends_the_latest_reminder_only_and_for_good():
    found = plan([clock("2024-01-20T14:00", 72)])
    assert [p.hours_before for p in due_at(found, local("2024-01-22T14:00"))] == [24]
    # The timer was stopped from before 24 h until after 6 h before: one mail, the 6-hour one,
    # and the 24-hour one stays skipped at every later run.
    for when in ("2024-01-23T08:00", "2024-01-23T09:00", "2024-01-23T13:59"):
        assert [p.hours_before for p in due_at(found, local(when))] == [6]


def test_regular_runs_send_each_rule_once():
    rules = ReminderRules(
        before_hours=(48, 24, 6), escalation_address="ledning@nordmark.example.se"
    )
    found = plan([clock("2024-01-20T14:00", 72)], rules)
    seen: list[tuple[str, float]] = []
    when = local("2024-01-20T14:00")
    while when < local("2024-01-24T00:00"):
        for item in due_at(found, when):
            if (item.kind, item.hours_before) not in seen:
                seen.append((item.kind, item.hours_before))
        when += timedelta(minutes=5)
    assert seen == [("reminder", 48), ("reminder", 24), ("reminder", 6), ("escalation", 2)]


# -- quiet hours -----------------------------------------------------------------------------


QUIET = QuietHours(start=time(22), end=time(7))


def test_quiet_hours_hold_a_reminder_until_they_end():
    rules = ReminderRules(quiet_hours=QUIET)
    # IMY's supplement window, four weeks: due at 03:00, so 24 h before is 03:00 the night before.
    found = plan([clock("2024-01-02T03:00", 28 * 24, key="imy_supplement_window")], rules)
    # The 6-hour one (21:00) is outside the quiet hours and goes as it falls.
    assert sends(found) == [(24, "2024-01-29 07:00"), (6, "2024-01-29 21:00")]


def test_a_72_hour_deadline_overrides_the_quiet_hours():
    rules = ReminderRules(quiet_hours=QUIET)
    found = plan([clock("2024-01-20T04:00", 72)], rules)
    assert sends(found) == [(24, "2024-01-22 04:00"), (6, "2024-01-22 22:00")]


def test_quiet_hours_that_would_pass_the_deadline_do_not_hold_the_reminder():
    rules = ReminderRules(quiet_hours=QUIET, urgent_hours=0)
    found = plan([clock("2024-01-01T06:00", 30 * 24)], rules)
    # 6 h before a 06:00 deadline is 00:00; the quiet hours end at 07:00, after the deadline.
    assert sends(found) == [(24, "2024-01-30 07:00"), (6, "2024-01-31 00:00")]


@pytest.mark.parametrize(
    ("nominal", "expected"),
    [
        # The night summer time begins (02:00 -> 03:00): the end at 07:00 is 05:00 UTC.
        ("2024-03-30T23:30", "2024-03-31T07:00+02:00"),
        # The night it ends (03:00 -> 02:00): 07:00 is 06:00 UTC.
        ("2024-10-26T23:30", "2024-10-27T07:00+01:00"),
        ("2024-10-27T02:30+02:00", "2024-10-27T07:00+01:00"),
        ("2024-10-27T02:30+01:00", "2024-10-27T07:00+01:00"),
    ],
)
def test_quiet_hours_are_swedish_wall_clock_time_across_summer_time(nominal, expected):
    at = datetime.fromisoformat(nominal)
    at = at if at.tzinfo else from_stockholm(at)
    far = at + timedelta(days=10)
    assert after_quiet(at.astimezone(UTC), QUIET, before=far) == datetime.fromisoformat(expected)


def test_a_quiet_end_the_spring_change_skips_ends_when_summer_time_begins():
    night = QuietHours(start=time(23), end=time(2, 30))
    nominal = from_stockholm(datetime(2024, 3, 31, 1, 30))
    ends = after_quiet(nominal, night, before=nominal + timedelta(days=1))
    assert ends == datetime(2024, 3, 31, 1, 0, tzinfo=UTC)  # 03:00 summer time
    # The autumn's repeated 02:30 ends the first time it comes.
    assert wall_clock(datetime(2024, 10, 27).date(), time(2, 30)) == datetime(
        2024, 10, 27, 0, 30, tzinfo=UTC
    )


# -- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "path", "english", "swedish"),
    [
        ({"before_hours": [24, 0]}, "before_hours", "greater than 0", "större än 0"),
        ({"before_hours": [24, 6, 24]}, "before_hours", "given twice", "två gånger"),
        ({"before_hours": [800]}, "before_hours", "At most 744 hours", "Högst 744 timmar"),
        ({"escalation_hours": -2}, "escalation_hours", "greater than 0", "större än 0"),
        ({"escalation_address": "ledning"}, "escalation_address", "not valid", "inte giltig"),
        (
            {"quiet_hours": {"start": "22:00", "end": "22:00"}},
            "quiet_hours",
            "same time",
            "samma klockslag",
        ),
        ({"urgent_hours": float("inf")}, "urgent_hours", "not valid values", "inga giltiga"),
        ({"language": "de"}, "language", "Choose one", "Välj ett"),
        ({"quiet": "22-07"}, "quiet", "no such field", "Okänt fält"),
        ({"by_deadline": {"imy_72h": [24]}}, "by_deadline", "Unknown deadline", "Okänd frist"),
        ({"by_deadline": {"gdpr_art33": [0]}}, "by_deadline", "greater than 0", "större än 0"),
    ],
)
def test_bad_rules_are_refused_in_both_languages(data, path, english, swedish):
    with pytest.raises(FactsInvalid) as caught:
        ReminderRules.parse(data)
    problem = caught.value.problems[0]
    assert problem.path == path
    assert english in problem.en and swedish in problem.sv
    assert english in caught.value.in_("en") and swedish in caught.value.in_("sv")


def test_the_rules_read_back_as_they_were_stored():
    rules = ReminderRules.parse(
        {
            "before_hours": [6, 48, 24],
            "quiet_hours": {"start": "22:00", "end": "07:00"},
            "escalation_address": "ledning@nordmark.example.se",
            "language": "en",
        }
    )
    assert rules.before_hours == (48, 24, 6)
    stored = rules.to_json()
    assert stored["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    assert ReminderRules.parse(stored) == rules


# -- hours of their own for one deadline -----------------------------------------------------------


def test_a_deadline_with_hours_of_its_own_is_reminded_at_those_and_the_others_at_the_general():
    rules = ReminderRules.parse(
        {"before_hours": [24, 6], "by_deadline": {"nis2_final_report": [168, 24]}}
    )
    month = clock("2026-03-02T09:00", 31 * 24, key="nis2_final_report", recipient="cert-se")
    found = plan([month, clock("2026-03-02T09:00", 72)], rules)
    assert sorted((p.clock_key, p.hours_before) for p in found) == [
        ("gdpr_art33", 6),
        ("gdpr_art33", 24),
        ("nis2_final_report", 24),
        ("nis2_final_report", 168),
    ]
    # No hours at all for a deadline: nothing about it, the others unchanged.
    quiet = ReminderRules.parse({"by_deadline": {"nis2_final_report": []}})
    assert [p.clock_key for p in plan([month], quiet)] == []


def test_every_deadline_that_can_be_reminded_has_a_name_in_both_languages():
    names = deadline_names()
    assert {"gdpr_art33", "imy_supplement_window", "nis2_final_report"} <= set(names)
    assert names["gdpr_art33"].sv.startswith("Anmälan till IMY")
    assert names["gdpr_art33"].en.startswith("Notification to IMY")
