"""What a legal clock is: its status, its due time and time left, the report that meets it, and
the filed reports the clocks are fed with. Shared by ``clocks`` (GDPR, processors, IMY's window)
and ``report_clocks`` (the chains of the other recipients). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .labels import Choice, Text
from .times import format_local, format_span


class ClockStatus(Choice):
    RUNNING = ("running", "Pågår", "Running")
    MET = ("met", "Uppfylld", "Met")
    MISSED = ("missed", "Missad", "Missed")
    NOT_APPLICABLE = ("not_applicable", "Gäller inte", "Not applicable")


@dataclass(frozen=True)
class FiledReport:
    """A report made to one recipient: its kind (a key of recipients.toml) and when it was made."""

    recipient: str
    kind: str
    filed_at: datetime


@dataclass(frozen=True)
class Clock:
    """One deadline: what, on which legal basis, when, and where it stands at ``now``.

    ``time_left`` is set while the deadline has not been met: positive while running, negative
    once overdue. ``note`` says why a clock does not apply, or how its due time was reckoned.
    ``recipient`` and ``report`` name the report that meets it (None: no report, e.g. telling the
    data subjects); ``condition`` is set while the clock runs only "if ..." (if significant).
    """

    key: str
    label: Text
    basis: Text
    status: ClockStatus
    starts_at: datetime | None = None
    due: datetime | None = None
    time_left: timedelta | None = None
    met_at: datetime | None = None
    note: Text | None = None
    recipient: str | None = None
    report: str | None = None
    condition: Text | None = None

    def to_json(self) -> dict[str, Any]:
        def instant(value: datetime | None) -> str | None:
            return value.astimezone(UTC).isoformat() if value else None

        def text(value: Text | None) -> dict[str, str] | None:
            return {"sv": value.sv, "en": value.en} if value else None

        left = None
        if self.time_left is not None:
            left = Text(*(time_left_text(self.time_left, lang) for lang in ("sv", "en")))
        due_local = None
        if self.due is not None:
            due_local = Text(*(format_local(self.due, lang, weekday=True) for lang in ("sv", "en")))
        return {
            "key": self.key,
            "label": text(self.label),
            "basis": text(self.basis),
            "status": self.status.value,
            "status_label": text(self.status.text),
            "starts_at": instant(self.starts_at),
            "due": instant(self.due),
            "due_local": text(due_local),
            "time_left_seconds": int(self.time_left.total_seconds())
            if self.time_left is not None
            else None,
            "time_left": text(left),
            "met_at": instant(self.met_at),
            "note": text(self.note),
            "recipient": self.recipient,
            "report": self.report,
            "condition": text(self.condition),
        }


def time_left_text(delta: timedelta, lang: str) -> str:
    """'29 dagar kvar' / '29 days left', '51 tim kvar' below two days, '2 h overdue' past due."""
    span = format_span(delta, lang)
    if delta >= timedelta(0):
        return f"{span} kvar" if lang == "sv" else f"{span} left"
    return f"{span} över tiden" if lang == "sv" else f"{span} overdue"


def deadline_clock(
    key: str,
    label: Text,
    basis: Text,
    *,
    start: datetime,
    due: datetime,
    done: datetime | None,
    now: datetime,
    note: Text | None = None,
    recipient: str | None = None,
    report: str | None = None,
    condition: Text | None = None,
) -> Clock:
    """Met when done at or before ``due``; missed when done late, or not done and past due."""
    where = {"recipient": recipient, "report": report, "condition": condition}
    if done is not None:
        status = ClockStatus.MET if done <= due else ClockStatus.MISSED
        return Clock(key, label, basis, status, start, due, None, done, note, **where)
    status = ClockStatus.RUNNING if now <= due else ClockStatus.MISSED
    return Clock(key, label, basis, status, start, due, due - now, None, note, **where)


def not_applicable(
    key: str,
    label: Text,
    basis: Text,
    note: Text,
    *,
    recipient: str | None = None,
    report: str | None = None,
) -> Clock:
    return Clock(
        key,
        label,
        basis,
        ClockStatus.NOT_APPLICABLE,
        note=note,
        recipient=recipient,
        report=report,
    )


NO_AWARENESS = Text(
    "Startar när tidpunkten för kännedom är angiven.",
    "Starts once the time of awareness is recorded.",
)
