"""The shapes of the dated rule table: a rule set, its recipients' chains of reports (each with
its deadline, what it counts from, its condition and legal basis) and its significance
thresholds, and the calendar arithmetic a deadline is reckoned with. Pure.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from .labels import Text
from .recipients import recipient
from .times import STOCKHOLM, to_stockholm, to_utc, utc_now

CONDITIONS = ("none", "significant", "ongoing", "high-risk", "care-injury")
SCOPES = ("all", "nis2-entity", "care-provider")
COUNTED_FROM = ("awareness", "previous")
THRESHOLD_KEYS = ("outage_hours", "protected_info_leaked", "leaked_subjects")
CONDITION_TEXT = {
    "significant": Text("om incidenten är betydande", "if the incident is significant"),
    "ongoing": Text("om incidenten fortfarande pågår", "if the incident is still ongoing"),
    "high-risk": Text(
        "om incidenten sannolikt leder till hög risk för de registrerade",
        "if the breach is likely to result in a high risk to the data subjects",
    ),
    "care-injury": Text(
        "om en patient har drabbats av eller utsatts för risk för en allvarlig vårdskada",
        "if a patient suffered, or was at risk of, a serious care injury",
    ),
}


def after_hours(start: datetime, hours: int) -> datetime:
    """``hours`` elapsed hours after ``start``: nights, weekends and clock changes all count."""
    return to_utc(start) + timedelta(hours=hours)


def after_calendar(start: datetime, *, months: int = 0, days: int = 0) -> datetime:
    """The same Swedish wall-clock time ``months`` and ``days`` later (clamped to the month's end).

    A wall time skipped by the spring change resolves to the same instant an hour later in summer
    time; a repeated one to its first occurrence.
    """
    local = to_stockholm(start).replace(tzinfo=None)
    year, month = divmod(local.month - 1 + months, 12)
    year, month = local.year + year, month + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    moved = local.replace(year=year, month=month, day=day) + timedelta(days=days)
    return moved.replace(tzinfo=STOCKHOLM, fold=0).astimezone(UTC)


class RulesError(ValueError):
    """A rule table that cannot be used: says where and what, in English (an operator's file)."""


@dataclass(frozen=True)
class Deadline:
    """Elapsed ``hours``, or Swedish calendar ``days``/``months``; none: no fixed deadline."""

    hours: int | None = None
    days: int | None = None
    months: int | None = None

    @property
    def fixed(self) -> bool:
        return any(v is not None for v in (self.hours, self.days, self.months))

    def due(self, start: datetime) -> datetime | None:
        """When a report counted from ``start`` is due; None without a fixed deadline."""
        if self.hours is not None:
            return after_hours(start, self.hours)
        if self.days is not None or self.months is not None:
            return after_calendar(start, months=self.months or 0, days=self.days or 0)
        return None

    def text(self) -> Text:
        if self.hours is not None:
            return _amount(self.hours, ("timme", "timmar"), ("hour", "hours"))
        if self.days is not None:
            return _amount(self.days, ("dag", "dagar"), ("day", "days"))
        if self.months is not None:
            return _amount(self.months, ("månad", "månader"), ("month", "months"))
        return Text("ingen fast frist", "no fixed deadline")

    def to_json(self) -> dict[str, int | None]:
        return {"hours": self.hours, "days": self.days, "months": self.months}


def _amount(n: int, sv: tuple[str, str], en: tuple[str, str]) -> Text:
    if n == 1:
        return Text(f"en {sv[0]}", f"one {en[0]}")
    return Text(f"{n} {sv[1]}", f"{n} {en[1]}")


@dataclass(frozen=True)
class ReportRule:
    """One report of a chain: its deadline, what it counts from, its condition and legal basis."""

    recipient: str
    kind: str
    label: Text
    deadline: Deadline
    counted_from: str  # "awareness", "previous", or the kind of an earlier report
    condition: str
    basis: Text
    applies_from: date | None
    deadline_label: Text | None = None

    @property
    def deadline_text(self) -> Text:
        return self.deadline_label or self.deadline.text()

    @property
    def title(self) -> Text:
        """The label with its deadline: 'Anmälan till IMY (72 timmar)'."""
        d = self.deadline_text
        if not self.deadline.fixed:
            return self.label
        return Text(f"{self.label.sv} ({d.sv})", f"{self.label.en} ({d.en})")

    @property
    def counted_from_text(self) -> Text:
        if self.counted_from == "awareness":
            return Text("från kännedom", "from awareness")
        if self.counted_from == "previous":
            return Text("från föregående rapport", "from the previous report")
        found = recipient(self.recipient)
        kind = found.kind(self.counted_from) if found else None
        name = kind.text if kind else Text(self.counted_from, self.counted_from)
        return Text(f"från {name.sv.lower()}", f"from the {name.en.lower()}")

    @property
    def condition_text(self) -> Text | None:
        return CONDITION_TEXT.get(self.condition)


@dataclass(frozen=True)
class ChainRule:
    """One recipient's reports in order, whose incidents they concern and on which condition."""

    recipient: str
    scope: str
    condition: str
    reports: tuple[ReportRule, ...]

    def report(self, kind: str) -> ReportRule | None:
        return next((r for r in self.reports if r.kind == kind), None)

    @property
    def condition_text(self) -> Text | None:
        return CONDITION_TEXT.get(self.condition)


@dataclass(frozen=True)
class Thresholds:
    """What makes an incident significant in one sector; None: not a threshold there."""

    outage_hours: float | None = None
    protected_info_leaked: bool = False
    leaked_subjects: int | None = None


@dataclass(frozen=True)
class RuleSet:
    version: str
    name: Text
    applies_from: date | None
    in_force: bool = True
    proposed_on: date | None = None
    based_on: str | None = None
    chains: tuple[ChainRule, ...] = ()
    significance: dict[str, Thresholds] = field(default_factory=dict)

    def chain(self, recipient_key: str) -> ChainRule | None:
        return next((c for c in self.chains if c.recipient == recipient_key), None)

    def report(self, recipient_key: str, kind: str) -> ReportRule | None:
        chain = self.chain(recipient_key)
        return chain.report(kind) if chain else None

    def thresholds(self, sector: str | None) -> Thresholds | None:
        """The sector's thresholds (the default's where the sector has none of its own)."""
        return self.significance.get(sector or "default") or self.significance.get("default")


@dataclass(frozen=True)
class RuleTable:
    sets: tuple[RuleSet, ...]

    def set(self, version: str) -> RuleSet | None:
        return next((s for s in self.sets if s.version == version), None)

    def rules_at(self, aware_at: datetime | None, *, now: datetime | None = None) -> RuleSet:
        """The set in force on the Swedish date of ``aware_at`` (unknown: of ``now``): the
        in-force set with the latest date on or before it; the earliest set before them all."""
        day = to_stockholm(aware_at or now or utc_now()).date()
        live = sorted(
            (s for s in self.sets if s.in_force and s.applies_from is not None),
            key=lambda s: s.applies_from,  # type: ignore[arg-type, return-value]
        )
        current = [s for s in live if s.applies_from <= day]  # type: ignore[operator]
        return current[-1] if current else live[0]

    def latest_chain(self, recipient_key: str) -> ChainRule | None:
        """The chain of the latest in-force set that has one (for its labels where an incident's
        own set has none)."""
        for rule_set in sorted(
            (s for s in self.sets if s.in_force and s.applies_from),
            key=lambda s: s.applies_from,  # type: ignore[arg-type, return-value]
            reverse=True,
        ):
            if (chain := rule_set.chain(recipient_key)) is not None:
                return chain
        return None
