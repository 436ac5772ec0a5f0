"""Instants in UTC, shown in Europe/Stockholm: parsing of local times and formatting for people.

Naive times given by a user are Swedish wall-clock times; a time that does not exist (spring
forward) or occurs twice (fall back) is refused rather than guessed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .labels import Text

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class LocalTimeError(ValueError):
    """A naive local time that is skipped or repeated by a daylight saving change."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def from_stockholm(naive: datetime) -> datetime:
    """Read a naive wall-clock time as Swedish time and return it in UTC."""
    early = naive.replace(tzinfo=STOCKHOLM, fold=0)
    late = naive.replace(tzinfo=STOCKHOLM, fold=1)
    if early.utcoffset() != late.utcoffset():
        # Either skipped (no instant shows this wall time) or repeated (two instants do).
        round_trip = early.astimezone(UTC).astimezone(STOCKHOLM).replace(tzinfo=None)
        raise LocalTimeError("time_nonexistent" if round_trip != naive else "time_ambiguous")
    return early.astimezone(UTC)


def to_utc(value: datetime) -> datetime:
    """Any datetime as an aware UTC instant; naive values are Swedish wall-clock time."""
    if value.tzinfo is None or value.utcoffset() is None:
        return from_stockholm(value)
    return value.astimezone(UTC)


def to_stockholm(value: datetime) -> datetime:
    return to_utc(value).astimezone(STOCKHOLM)


_WEEKDAYS = Text(
    "måndag tisdag onsdag torsdag fredag lördag söndag",
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
)
_MONTHS = Text(
    "januari februari mars april maj juni juli augusti september oktober november december",
    "January February March April May June July August September October November December",
)


def format_local(value: datetime, lang: str, *, weekday: bool = False) -> str:
    """A time for people: '20 januari 2024 kl. 14:00 (CET)' / '20 January 2024, 14:00 (CET)'."""
    local = to_stockholm(value)
    month = _MONTHS(lang).split()[local.month - 1]
    zone = local.tzname() or ""
    day = ""
    if weekday:
        day = _WEEKDAYS(lang).split()[local.weekday()] + " "
        day = day if lang == "sv" else day.capitalize()
    if lang == "en":
        return f"{day}{local.day} {month} {local.year}, {local:%H:%M} ({zone})"
    return f"{day}{local.day} {month} {local.year} kl. {local:%H:%M} ({zone})"


def format_date(day: date, lang: str) -> str:
    """A calendar date for people: '15 januari 2026' / '15 January 2026'."""
    return f"{day.day} {_MONTHS(lang).split()[day.month - 1]} {day.year}"


def format_duration(delta: timedelta, lang: str) -> str:
    """A span of time in whole hours and minutes, e.g. '71 h 5 min'."""
    minutes = int(abs(delta).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    unit_h, unit_min = ("tim", "min") if lang == "sv" else ("h", "min")
    if hours and minutes:
        return f"{hours} {unit_h} {minutes} {unit_min}"
    if hours:
        return f"{hours} {unit_h}"
    return f"{minutes} {unit_min}"


def format_span(delta: timedelta, lang: str) -> str:
    """A span as a deadline reads it: hours and minutes up to two days; beyond, days (and hours
    while under a week), e.g. '51 tim', '2 dagar 3 tim', '29 days'."""
    size = abs(delta)
    if size <= timedelta(days=2):
        return format_duration(delta, lang)
    days, rest = divmod(size, timedelta(days=1))
    hours = int(rest.total_seconds() // 3600)
    if lang == "sv":
        text = f"{days} {'dag' if days == 1 else 'dagar'}"
        return f"{text} {hours} tim" if hours and days < 7 else text
    text = f"{days} {'day' if days == 1 else 'days'}"
    return f"{text} {hours} h" if hours and days < 7 else text


def utc_now() -> datetime:
    return datetime.now(UTC)
