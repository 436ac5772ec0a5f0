"""The open deadlines of the incidents one person may see, as an iCalendar file (RFC 5545) that
Outlook, Google Calendar, Apple Calendar and Thunderbird import.

Each deadline is one event that starts at the due time, in Swedish time (``TZID=Europe/Stockholm``
with its ``VTIMEZONE``; in UTC within the hour that repeats in autumn), and lasts a quarter of an hour: a calendar shows an event at its start,
so the grid and the agenda read the deadline's own time ("09:00 BR-2026-0001: ..."); an event
that ends at the deadline would show a time before it, and a zero-length one is drawn as a
sliver or an all-day mark by some calendars. The event is transparent (it does not make the
person busy) and private (a shared calendar shows others only that the time is taken); it alerts
at the hours before the deadline it is given (the organisation's reminder hours).

An event's UID is fixed by the incident and the clock, so that importing a newer file moves the
same event when the awareness time is corrected instead of adding a second one; its SEQUENCE
grows with every change of the incident (a new facts version or a filing), as RFC 5545 asks of
a changed event.

View models in, bytes out: nothing here reads storage, and an entry carries only the incident's
reference, the deadline's label and legal basis, its due time and a link to the incident, never
facts of the breach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from ..domain.clock_model import time_left_text
from ..domain.times import format_local, to_stockholm, to_utc
from ..i18n import _

PRODID = "-//breachreport//deadlines//EN"
# How long each event lasts on the calendar, from the deadline on.
SHOWN_FOR = timedelta(minutes=15)
TIMEZONE = "Europe/Stockholm"

CALENDAR_NAME = _("Breach deadlines")
CALENDAR_DESCRIPTION = _(
    "The open deadlines of the personal data breaches you may see, as of {at}. Download the "
    "calendar again when a deadline changes: importing it again updates the same events."
)
SUMMARY_IF = _("{reference}: {deadline} ({condition})")
SUMMARY = _("{reference}: {deadline}")
DUE_AT = _("Due {due}.")
LEFT_AT_EXPORT = _("At export ({at}): {left}.")
BASIS = _("Legal basis: {basis}")
APPLIES_IF = _("Applies only {condition}.")
OPEN_AT = _("Open the incident: {link}")
OPEN_IN_APP = _("Open incident {reference} in breachreport.")
ALARM = _("{hours} h to the deadline: {summary}")


@dataclass(frozen=True)
class FeedEntry:
    """One open deadline of one incident, in the feed's language.

    ``uid`` is stable for the incident and the clock; ``sequence`` grows when the incident
    changes; ``modified`` is when it last did. ``link`` is None when no address of the app is
    configured."""

    uid: str
    reference: str
    label: str
    basis: str
    due: datetime
    condition: str | None = None
    link: str | None = None
    sequence: int = 0
    modified: datetime | None = None
    # This deadline's own alarms (the reminder rules' hours for it); None: the feed's.
    alarms: tuple[timedelta, ...] | None = None


def summary_of(entry: FeedEntry, lang: str) -> str:
    """'BR-2026-0001: Tidig varning till CERT-SE (om incidenten är betydande)'."""
    if entry.condition:
        return SUMMARY_IF(lang).format(
            reference=entry.reference, deadline=entry.label, condition=entry.condition
        )
    return SUMMARY(lang).format(reference=entry.reference, deadline=entry.label)


def _description(entry: FeedEntry, lang: str, now: datetime) -> str:
    lines = [DUE_AT(lang).format(due=format_local(entry.due, lang, weekday=True))]
    if entry.condition:
        lines.append(APPLIES_IF(lang).format(condition=entry.condition))
    left = time_left_text(to_utc(entry.due) - now, lang)
    lines.append(LEFT_AT_EXPORT(lang).format(at=format_local(now, lang), left=left))
    lines.append(BASIS(lang).format(basis=entry.basis))
    if entry.link:
        lines.append(OPEN_AT(lang).format(link=entry.link))
    else:
        lines.append(OPEN_IN_APP(lang).format(reference=entry.reference))
    return "\n\n".join(lines)


def _hours(value: timedelta) -> str:
    hours = value.total_seconds() / 3600
    return f"{hours:g}"


def _wall_clock(instant: datetime) -> datetime:
    """``instant`` in Swedish time, as the event's TZID time; in UTC instead during the hour that
    repeats when the clocks go back, where RFC 5545 reads a local time as its first occurrence
    and the second (02:30 CET after 02:30 CEST) would come out an hour early."""
    local = to_stockholm(instant)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return to_utc(instant)
    return local


def _event(entry: FeedEntry, lang: str, now: datetime, alarms: Sequence[timedelta]) -> Event:
    due = to_utc(entry.due)
    summary = summary_of(entry, lang)
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", now)
    event.add("sequence", max(entry.sequence, 0))
    if entry.modified is not None:
        event.add("last-modified", to_utc(entry.modified))
    event.add("dtstart", _wall_clock(due))
    event.add("dtend", _wall_clock(due + SHOWN_FOR))
    event.add("summary", summary)
    event.add("description", _description(entry, lang, now))
    if entry.link:
        event.add("url", entry.link)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    own = entry.alarms if entry.alarms is not None else alarms
    for before in sorted(set(own), reverse=True):
        if before <= timedelta(0):
            continue
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -before)
        alarm.add("description", ALARM(lang).format(hours=_hours(before), summary=summary))
        event.add_component(alarm)
    return event


def calendar_feed(
    entries: Sequence[FeedEntry],
    *,
    lang: str,
    now: datetime,
    alarms: Sequence[timedelta] = (),
) -> bytes:
    """The ``.ics`` file of ``entries`` (soonest first), exported at ``now``; ``alarms`` are how
    long before each deadline the calendar should remind (none: the calendar's own default)."""
    now = to_utc(now)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME(lang))
    calendar.add("x-wr-caldesc", CALENDAR_DESCRIPTION(lang).format(at=format_local(now, lang)))
    calendar.add("x-wr-timezone", TIMEZONE)
    ordered = sorted(entries, key=lambda e: (to_utc(e.due), e.reference, e.uid))
    for entry in ordered:
        calendar.add_component(_event(entry, lang, now, alarms))
    if ordered:
        # The zone's rules for the years the events fall in (and the next), not since 1970.
        first = to_stockholm(ordered[0].due).year
        last = to_stockholm(ordered[-1].due).year + 1
        calendar.add_missing_timezones(first_date=date(first, 1, 1), last_date=date(last, 12, 31))
    return calendar.to_ical()
