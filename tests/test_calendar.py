"""The deadline calendar (``workspace.calendar``), read back with the icalendar library on both
backends: one event per open deadline at its due time in Swedish time, on both sides of the
spring and autumn clock changes; the same event moved when the awareness time is corrected; a met
deadline gone; a legal reviewer's calendar holding their assigned incidents only; and nothing of
the breach or its people in the file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from collaboration_support import MINIMUM, World, at, build_world
from icalendar import Calendar, Event

from breachreport.demo.cast import PEOPLE
from breachreport.demo.loading import load_demo
from breachreport.demo.scenario import PRELIMINARY_AT
from breachreport.domain.clocks import ClockStatus
from breachreport.domain.personal_data import find_personal_data
from breachreport.domain.times import to_stockholm
from breachreport.errors import InputError, NotFound, PermissionDenied
from breachreport.services import Workspace
from breachreport.services.calendar import event_uid

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BASE = "https://incidenter.nordmark.example.se"


@pytest.fixture
def world(store) -> World:
    return build_world(store)


def _open(world: World, aware: str) -> str:
    """An incident the DPO became aware of at ``aware`` (Swedish time), opened an hour later."""
    world.clock.now = at(aware) + timedelta(hours=1)
    return world.workspace.open_incident(
        actor=world.dpo.actor, changes={**MINIMUM, "times.aware_at": aware}
    ).reference


def _events(data: bytes) -> dict[str, Event]:
    """The file's events by UID, as a calendar program reads them."""
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _open_deadlines(world: World, ref: str, now: datetime) -> dict[str, datetime]:
    """What the incident's clocks say is open at ``now``: {UID: due}."""
    incident_id = world.workspace.incident(ref).id
    return {
        event_uid(incident_id, clock.key): clock.due
        for clock in world.workspace.clocks(ref, now=now)
        if clock.due is not None
        and clock.met_at is None
        and (
            clock.status is ClockStatus.RUNNING
            or (clock.status is ClockStatus.MISSED and clock.condition is None)
        )
    }


def _feed(world: World, username: str = "dpo@nordmark.example.se", **kwargs) -> bytes:
    return world.workspace.calendar.feed(username=username, base_url=BASE, **kwargs)


def test_each_open_deadline_is_one_event_at_its_due_time_after_the_spring_change(world):
    # Aware Friday 27 March 2026 at 10:00 (CET); 72 hours later the clocks have gone forward, so
    # the deadline is Monday 30 March at 11:00 (CEST): the same instant, 09:00 UTC.
    ref = _open(world, "2026-03-27T10:00")
    now = at("2026-03-28T12:00")
    data = _feed(world, now=now)
    events = _events(data)
    expected = _open_deadlines(world, ref, now)
    assert set(expected) <= set(events)
    assert len(expected) >= 2  # IMY's 72 hours and CERT-SE's chain (if significant)
    for uid, due in expected.items():
        start = events[uid].decoded("DTSTART")
        assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Stockholm"
        assert start.astimezone(UTC) == due
    art33 = events[event_uid(world.workspace.incident(ref).id, "gdpr_art33")]
    start = art33.decoded("DTSTART")
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2026, 3, 30, 11, 0)
    assert start.utcoffset() == timedelta(hours=2)
    assert start.astimezone(UTC) == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert art33.decoded("DTEND") - start == timedelta(minutes=15)
    assert str(art33["SUMMARY"]) == f"{ref}: Anmälan till IMY (72 timmar)"
    assert str(art33["URL"]) == f"{BASE}/?incident={ref}"
    description = str(art33["DESCRIPTION"])
    assert "GDPR art. 33.1" in description and f"{BASE}/?incident={ref}" in description
    # At export, Saturday 12:00 (CET), Monday 11:00 (CEST) is 46 hours away, not 47.
    assert "46 tim kvar" in description
    # The zone's rules travel with the file, for calendars that read them rather than the name.
    text = data.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm" in text
    assert "DTSTART;TZID=Europe/Stockholm:20260330T110000" in text


def test_a_deadline_after_the_autumn_change_keeps_its_instant(world):
    # Aware Friday 23 October 2026 at 10:00 (CEST); due Monday 26 October at 09:00 (CET).
    ref = _open(world, "2026-10-23T10:00")
    events = _events(_feed(world, now=at("2026-10-24T08:00"), lang="en"))
    art33 = events[event_uid(world.workspace.incident(ref).id, "gdpr_art33")]
    start = art33.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Stockholm"
    assert (start.day, start.hour, start.utcoffset()) == (26, 9, timedelta(hours=1))
    assert start.astimezone(UTC) == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    assert str(art33["SUMMARY"]) == f"{ref}: Notification to IMY (72 hours)"
    # A chain that applies only if the incident is significant says so in its title.
    conditional = [str(e["SUMMARY"]) for e in events.values() if "CERT-SE" in str(e["SUMMARY"])]
    assert conditional and all("(if the incident is significant" in s for s in conditional)


def test_a_deadline_in_the_hour_that_repeats_in_autumn_is_not_an_hour_early(world):
    # Aware Thursday 22 October 2026 at 03:30 (CEST): due 72 hours later, at 01:30 UTC on
    # Sunday 25 October, the second 02:30 of that night (CET). Written as 02:30 local time a
    # calendar would read the first one (CEST), an hour early.
    ref = _open(world, "2026-10-22T03:30")
    events = _events(_feed(world, now=at("2026-10-23T08:00")))
    art33 = events[event_uid(world.workspace.incident(ref).id, "gdpr_art33")]
    assert art33.decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert art33.decoded("DTEND").astimezone(UTC) == datetime(2026, 10, 25, 1, 45, tzinfo=UTC)
    # The first 02:30 (CEST) of the same night stays in Swedish time.
    ref = _open(world, "2026-10-22T02:30")
    events = _events(_feed(world, now=at("2026-10-23T08:00")))
    art33 = events[event_uid(world.workspace.incident(ref).id, "gdpr_art33")]
    start = art33.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Stockholm"
    assert start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_corrected_awareness_time_moves_the_same_event(world):
    ref = _open(world, "2026-04-14T08:00")
    now = at("2026-04-15T09:00")
    uid = event_uid(world.workspace.incident(ref).id, "gdpr_art33")
    before = _events(_feed(world, now=now))[uid]
    world.clock.now = now
    incident = world.workspace.incident(ref)
    world.workspace.revise(
        actor=world.dpo.actor,
        ref=ref,
        changes={"times.aware_at": "2026-04-14T15:30"},
        expected_version=incident.version,
        reason="Kännedom först efter driftleverantörens samtal",
    )
    after = _events(_feed(world, now=now))
    assert uid in after and len(after) == len(_events(_feed(world, now=now)))
    moved = after[uid]
    assert moved.decoded("DTSTART").astimezone(UTC) == at("2026-04-17T15:30")
    assert before.decoded("DTSTART").astimezone(UTC) == at("2026-04-17T08:00")
    assert int(moved["SEQUENCE"]) > int(before["SEQUENCE"])
    assert moved.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_a_met_deadline_leaves_the_calendar(world):
    ref = _open(world, "2026-05-04T09:00")
    now = at("2026-05-05T10:00")
    uid = event_uid(world.workspace.incident(ref).id, "gdpr_art33")
    assert uid in _events(_feed(world, now=now))
    world.clock.now = now
    world.workspace.file(actor=world.dpo.actor, ref=ref, kind="preliminary", submitted_at=now)
    later = _events(_feed(world, now=now + timedelta(hours=1)))
    assert uid not in later
    # Its other deadlines (CERT-SE's, if significant) are still open and still there.
    assert set(_open_deadlines(world, ref, now + timedelta(hours=1))) <= set(later)


def test_an_overdue_deadline_stays_until_a_month_has_passed(world):
    ref = _open(world, "2026-06-01T09:00")
    uid = event_uid(world.workspace.incident(ref).id, "gdpr_art33")
    overdue = _events(_feed(world, now=at("2026-06-05T09:00")))
    assert uid in overdue
    assert "över tiden" in str(overdue[uid]["DESCRIPTION"])
    assert uid not in _events(_feed(world, now=at("2026-07-10T09:00")))


def test_a_deadline_that_applied_only_if_significant_leaves_once_it_passed(world):
    ref = _open(world, "2026-06-01T09:00")
    incident_id = world.workspace.incident(ref).id
    early = event_uid(incident_id, "nis2_early_warning")  # 24 hours, if significant
    assert early in _events(_feed(world, now=at("2026-06-01T10:00")))
    later = _events(_feed(world, now=at("2026-06-02T10:00")))
    assert early not in later
    assert event_uid(incident_id, "gdpr_art33") in later  # still running, and unconditional


def _alarms(event: Event) -> list[timedelta]:
    return sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))


def test_each_event_reminds_at_the_organisations_reminder_hours(world):
    ref = _open(world, "2026-09-07T09:00")
    uid = event_uid(world.workspace.incident(ref).id, "gdpr_art33")
    now = at("2026-09-07T12:00")
    # The defaults: 24 and 6 hours before, as the mails.
    assert _alarms(_events(_feed(world, now=now))[uid]) == [
        -timedelta(hours=24),
        -timedelta(hours=6),
    ]
    world.workspace.reminders.set_rules(actor=world.dpo.actor, rules={"before_hours": [48, 2]})
    event = _events(_feed(world, now=now, lang="en"))[uid]
    assert _alarms(event) == [-timedelta(hours=48), -timedelta(hours=2)]
    [first, _] = event.walk("VALARM")
    assert str(first["ACTION"]) == "DISPLAY"
    assert (
        str(first["DESCRIPTION"]) == f"48 h to the deadline: {ref}: Notification to IMY (72 hours)"
    )


def test_a_legal_reviewer_gets_only_the_incidents_assigned_to_them(world):
    assigned = _open(world, "2026-02-02T09:00")
    other = _open(world, "2026-02-02T10:00")
    world.workspace.reviews.assign_reviewer(
        actor=world.dpo.actor, ref=assigned, reviewer=world.reviewer.actor
    )
    now = at("2026-02-03T09:00")
    reviewers = _feed(world, username=world.reviewer.username, now=now).decode()
    assert assigned in reviewers and other not in reviewers
    dpos = _feed(world, now=now).decode()
    assert assigned in dpos and other in dpos
    # The signed-in reviewer (the app's download) gets the same scope.
    signed_in = world.workspace.calendar.feed(actor=world.reviewer.actor, now=now).decode()
    assert assigned in signed_in and other not in signed_in


def test_an_unknown_or_disabled_user_or_a_supplier_contact_gets_no_calendar(world):
    with pytest.raises(NotFound, match="No account with that username"):
        _feed(world, username="nobody@nordmark.example.se")
    with pytest.raises(PermissionDenied, match="may not download the deadline calendar"):
        _feed(world, username=world.supplier_account.username)
    world.accounts.disable(by=world.dpo, account_id=world.reviewer.id)
    with pytest.raises(PermissionDenied, match="disabled"):
        _feed(world, username=world.reviewer.username)
    with pytest.raises(InputError, match="choose sv or en"):
        _feed(world, lang="de")


def test_an_empty_calendar_is_still_a_calendar(world):
    data = world.workspace.calendar.feed(
        actor=world.dpo.actor, now=at("2030-01-01T09:00"), lang="en"
    )
    calendar = Calendar.from_ical(data)
    assert list(calendar.walk("VEVENT")) == []
    assert str(calendar["X-WR-CALNAME"]) == "Breach deadlines"


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_file_holds_no_facts_of_the_breach_and_no_one_in_it(store):
    # The worked example a day into its 72 hours: names, the summary, the people's details.
    until = PRELIMINARY_AT - timedelta(hours=3)
    workspace = Workspace(store, clock=lambda: until)
    incident = load_demo(workspace, until=until)
    data = workspace.calendar.feed(lang="sv", now=until, base_url=BASE)
    text = Calendar.from_ical(data).to_ical().decode()  # unfolded values, as a calendar reads
    unfolded = text.replace("\r\n ", "")
    events = _events(data)
    assert events, "the example's 72 hours are open a day in"
    for person in PEOPLE:
        assert person.name not in unfolded
    facts = incident.facts.to_json_dict()
    free_text = [
        s for s in _strings(facts) if len(s) >= 12 and " " in s and not s.startswith("http")
    ]
    assert free_text, "the example has free text to look for"
    for written in free_text:
        assert written not in unfolded, written
    assert find_personal_data(unfolded) == []
    assert incident.reference in unfolded
    assert to_stockholm(until).year == 2024
