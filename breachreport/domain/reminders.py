"""Reminder rules and the plan of reminders and escalations for an incident's legal clocks.

The rules are the organisation's: how long before each deadline the people who must meet it are
reminded (24 and 6 hours by default), whether an escalation goes to someone else when a deadline
is close and nothing has been reported (2 hours by default, only where an address is set), and
quiet hours during which a reminder waits. ``plan`` turns an incident's clocks into the mails
those rules call for; ``due_at`` says which of them go out at a given moment. Pure: the caller
passes the clocks and the time.

What is reminded, and why:

- Only a deadline the organisation meets by making a report: a clock with a recipient (IMY,
  CERT-SE, IVO), a due time, and no report made yet. A clock without a fixed due time (telling the
  data subjects "without undue delay") has nothing to count down to.
- A conditional clock (CERT-SE's chain "if the incident is significant") is reminded with its
  condition, so that whoever reads the mail decides whether it applies.
- A processor's contractual clock is the supplier's deadline, not the DPO's: nothing the DPO does
  meets it, so it is not reminded (the app shows it).
- A deadline that has passed gets no more mail, not even its escalation. A reminder or an
  escalation says "act before this time"; after it, the clock shows as missed in the app, and a
  late report is the DPO's work with the app open, not an hourly mail. A mail that could not be
  delivered before its deadline is given up (``expired``) for the same reason.
- A rule that falls before its clock started (24 hours before CERT-SE's 24-hour early warning) is
  left out: the clock did not exist yet, and whoever started it knows.
- Hours are elapsed time: "6 hours before" a deadline at 08:00 on the morning summer time begins
  is 01:00 Swedish time.
- Quiet hours are Swedish wall-clock time (they follow summer time): a reminder that falls in them
  waits until they end, unless the clock's whole span is at most ``urgent_hours`` (the 72-hour
  and shorter deadlines) or waiting would pass the deadline. Escalations never wait.
- When a run finds several reminders of one clock due at once (a timer that was stopped, an
  awareness time entered late), only the latest goes out; the earlier ones are skipped for good,
  so that one mail per rule holds when the runs are regular and one mail in all after a gap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import FactsInvalid
from ..i18n import _
from .clock_model import Clock, ClockStatus
from .fields import Email
from .labels import Text
from .problems import Problem, problems_from
from .recipients import CERT_SE, IMY, IVO
from .report_clocks import key_of
from .rule_model import RuleTable
from .rule_table import active
from .times import STOCKHOLM

MAX_HOURS = 31 * 24  # a month: no deadline worth a reminder is further off than its own span
MAX_REMINDERS = 6

Kind = Literal["reminder", "escalation"]

# The reminder rules' own problems, in both languages (pydantic's are translated by ``problems``).
_RULES: dict[str, Text] = {
    "reminder_hours_positive": Text(
        "Antalet timmar före fristen måste vara större än 0.",
        "The number of hours before the deadline must be greater than 0.",
    ),
    "reminder_hours_too_large": Text(
        "Högst {max_hours} timmar (en månad) före fristen.",
        "At most {max_hours} hours (a month) before the deadline.",
    ),
    "reminder_hours_repeated": Text(
        "Samma tid före fristen står två gånger; ange varje tid en gång.",
        "The same time before the deadline is given twice; give each time once.",
    ),
    "reminder_too_many": Text(
        "Högst {max_count} påminnelser per frist.",
        "At most {max_count} reminders per deadline.",
    ),
    "reminder_urgent_negative": Text(
        "Antalet timmar kan inte vara negativt.",
        "The number of hours cannot be negative.",
    ),
    "reminder_quiet_empty": Text(
        "Den tysta tiden börjar och slutar vid samma klockslag; ange två olika klockslag.",
        "The quiet hours start and end at the same time; give two different times.",
    ),
    "reminder_quiet_zone": Text(
        "Ange den tysta tiden som svensk tid utan tidszon, t.ex. 22:00.",
        "Give the quiet hours as Swedish time without a time zone, e.g. 22:00.",
    ),
    "reminder_unknown_deadline": Text(
        "Okänd frist {key}; fristerna som kan få egna tider är: {known}.",
        "Unknown deadline {key}; the deadlines that can have times of their own are: {known}.",
    ),
    "finite_number": Text(
        "NaN och Infinity är inga giltiga värden; ange ett tal.",
        "NaN and Infinity are not valid values; give a number.",
    ),
}


def _error(code: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(code, _RULES[code].en, ctx or None)


class QuietHours(BaseModel):
    """Swedish wall-clock times between which reminders wait (``start`` inclusive, ``end``
    exclusive); 22:00 to 07:00 wraps midnight."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: time
    end: time

    @field_validator("start", "end")
    @classmethod
    def _wall_clock(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise _error("reminder_quiet_zone")
        return value.replace(second=0, microsecond=0)

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if self.start == self.end:
            raise _error("reminder_quiet_empty")
        return self

    @field_serializer("start", "end")
    def _minutes(self, value: time) -> str:
        return f"{value:%H:%M}"

    def contains(self, local: time) -> bool:
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def text(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


class ReminderRules(BaseModel):
    """The organisation's reminder rules (see the module's docstring for what they mean)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    before_hours: tuple[float, ...] = (24, 6)
    # Hours of its own for a deadline, by clock key (a month-long final report may want a week's
    # notice): {"nis2_final_report": (168, 24)}; the others keep ``before_hours``.
    by_deadline: dict[str, tuple[float, ...]] = {}
    to_dpo_accounts: bool = True
    to_incident_dpo: bool = True
    escalation_hours: float | None = 2
    escalation_address: Email = None
    quiet_hours: QuietHours | None = None
    urgent_hours: float = 72
    language: Literal["sv", "en"] = "sv"

    @field_validator("before_hours")
    @classmethod
    def _reminder_hours(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        return _hours_list(value)

    @field_validator("by_deadline")
    @classmethod
    def _deadline_hours(cls, value: dict[str, tuple[float, ...]]) -> dict[str, tuple[float, ...]]:
        known = deadline_names()
        for key in value:
            if key not in known:
                raise _error("reminder_unknown_deadline", key=key, known=", ".join(known))
        return {key: _hours_list(hours) for key, hours in sorted(value.items())}

    def hours_for(self, clock_key: str) -> tuple[float, ...]:
        """The hours before the deadline ``clock_key`` at which its reminders go."""
        return self.by_deadline.get(clock_key, self.before_hours)

    @field_validator("escalation_hours")
    @classmethod
    def _escalation_hours(cls, value: float | None) -> float | None:
        return None if value is None else _check_hours(value)

    @field_validator("urgent_hours")
    @classmethod
    def _urgent_hours(cls, value: float) -> float:
        if value < 0:
            raise _error("reminder_urgent_negative")
        if value > MAX_HOURS:
            raise _error("reminder_hours_too_large", max_hours=MAX_HOURS)
        return value

    @property
    def escalates(self) -> bool:
        return self.escalation_hours is not None and self.escalation_address is not None

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> ReminderRules:
        """Rules from stored or typed answers; FactsInvalid names each bad answer, in Swedish and
        English."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as error:
            problems = rules_problems(error)
            listed = Text(
                *("; ".join(f"{p.path}: {p.text(lang)}" for p in problems) for lang in ("sv", "en"))
            )
            raise FactsInvalid(
                problems, _("The reminder rules are not valid: {problems}", problems=listed)
            ) from None

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _hours_list(value: tuple[float, ...]) -> tuple[float, ...]:
    if len(value) > MAX_REMINDERS:
        raise _error("reminder_too_many", max_count=MAX_REMINDERS)
    for hours in value:
        _check_hours(hours)
    if len(set(value)) != len(value):
        raise _error("reminder_hours_repeated")
    return tuple(sorted(value, reverse=True))


# IMY's reports whose clocks are reminded, by the key the clocks give them.
_IMY_KEYS = {"preliminary": "gdpr_art33", "supplement": "imy_supplement_window"}


def deadline_names(table: RuleTable | None = None) -> dict[str, Text]:
    """Every deadline a reminder can be for, by clock key, with its name ('Anmälan till IMY (72
    timmar)'), from every rule set of the table (default: the active one)."""
    names: dict[str, Text] = {}
    for rule_set in (table or active()).sets:
        for chain in rule_set.chains:
            for report in chain.reports:
                if chain.recipient == IMY:
                    key = _IMY_KEYS.get(report.kind)
                elif chain.recipient in (CERT_SE, IVO):
                    key = key_of(chain.recipient, report.kind)
                else:
                    key = None  # kept by reference (the police): no clock of its own
                if key is not None:
                    names.setdefault(key, report.title)
    return names


def _check_hours(hours: float) -> float:
    if hours <= 0:
        raise _error("reminder_hours_positive")
    if hours > MAX_HOURS:
        raise _error("reminder_hours_too_large", max_hours=MAX_HOURS)
    return hours


def rules_problems(error: ValidationError) -> list[Problem]:
    """The rules' validation errors as bilingual problems: ours from this module's texts, the
    rest as every model's (``problems.problems_from``)."""
    found = []
    for item, problem in zip(error.errors(include_url=False), problems_from(error), strict=True):
        text = _RULES.get(item["type"])
        if text is None:
            found.append(problem)
            continue
        ctx = {k: v for k, v in (item.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        sv, en = text.sv.format(**ctx), text.en.format(**ctx)
        found.append(Problem(path=problem.path, code=problem.code, sv=sv, en=en))
    return found


DEFAULT_RULES = ReminderRules()


@dataclass(frozen=True)
class Planned:
    """One mail the rules call for: a reminder (to the people who must report) or an escalation
    (to the escalation address), ``hours_before`` the clock's ``due``, sent from ``send_at`` (after
    quiet hours). ``span`` is the clock's whole length, from its start to its due time."""

    kind: Kind
    clock_key: str
    label: Text
    condition: Text | None
    due: datetime
    hours_before: float
    send_at: datetime
    span: timedelta

    @property
    def nominal(self) -> datetime:
        """When the rule falls, before any wait for quiet hours."""
        return self.due - timedelta(hours=self.hours_before)


def reminded(clocks: Sequence[Clock]) -> list[Clock]:
    """The clocks reminders are for: a report to a recipient, a due time, nothing reported yet,
    and (for the span) a start. Overdue ones are kept: ``due_at`` sends nothing for them, and a
    schedule shows what they missed."""
    return [
        c
        for c in clocks
        if c.recipient is not None
        and c.due is not None
        and c.starts_at is not None
        and c.met_at is None
        and c.status in (ClockStatus.RUNNING, ClockStatus.MISSED)
    ]


def plan(clocks: Sequence[Clock], rules: ReminderRules = DEFAULT_RULES) -> list[Planned]:
    """Every reminder and escalation the rules call for on the clocks that are still open, in the
    order they go out (``send_at``, then the deadline)."""
    found: list[Planned] = []
    for clock in reminded(clocks):
        due, start = _utc(clock.due), _utc(clock.starts_at)  # type: ignore[arg-type]
        span = due - start
        urgent = span <= timedelta(hours=rules.urgent_hours)
        named = {"clock_key": clock.key, "label": clock.label, "condition": clock.condition}
        for hours in rules.hours_for(clock.key):
            nominal = due - timedelta(hours=hours)
            if nominal <= start:
                continue
            send_at = nominal
            if rules.quiet_hours is not None and not urgent:
                send_at = after_quiet(nominal, rules.quiet_hours, before=due)
            found.append(
                Planned(
                    "reminder", due=due, hours_before=hours, send_at=send_at, span=span, **named
                )
            )
        if rules.escalates:
            hours = rules.escalation_hours  # type: ignore[assignment]
            nominal = due - timedelta(hours=hours)
            if nominal > start:
                found.append(
                    Planned(
                        "escalation",
                        due=due,
                        hours_before=hours,
                        send_at=nominal,
                        span=span,
                        **named,
                    )
                )
    return sorted(found, key=lambda p: (p.send_at, p.due, p.clock_key, p.kind, -p.hours_before))


def superseded(item: Planned, planned: Sequence[Planned], now: datetime) -> bool:
    """Whether a later mail of the same kind for the same deadline is also due at ``now``: then
    ``item`` is skipped for good (the later one says more, and says it closer to the deadline)."""
    return any(
        other.kind == item.kind
        and other.clock_key == item.clock_key
        and other.due == item.due
        and other.hours_before < item.hours_before
        and other.send_at <= now
        for other in planned
    )


def due_at(planned: Sequence[Planned], now: datetime) -> list[Planned]:
    """What goes out at ``now``: what has reached its ``send_at`` while its deadline is still
    ahead, less what a later mail of the same deadline supersedes."""
    now = _utc(now)
    return [p for p in planned if p.send_at <= now < p.due and not superseded(p, planned, now)]


def after_quiet(nominal: datetime, quiet: QuietHours, *, before: datetime) -> datetime:
    """``nominal``, or the end of the quiet hours it falls in (Swedish wall-clock time, across a
    change to or from summer time); ``nominal`` when waiting would reach ``before``."""
    local = nominal.astimezone(STOCKHOLM)
    wall = local.time().replace(tzinfo=None)
    if not quiet.contains(wall):
        return nominal
    day = local.date()
    if quiet.start > quiet.end and wall >= quiet.start:
        day += timedelta(days=1)  # late evening: the quiet hours end the next morning
    ends = wall_clock(day, quiet.end)
    return nominal if ends >= before else ends


def wall_clock(day: date, at: time) -> datetime:
    """The first instant (UTC) at or after Swedish wall-clock time ``at`` on ``day``: a time the
    spring change skips gives the moment summer time begins; one the autumn change repeats, its
    first occurrence."""
    naive = datetime.combine(day, at)
    for minutes in range(0, 121):
        candidate = naive + timedelta(minutes=minutes)
        aware = candidate.replace(tzinfo=STOCKHOLM, fold=0)
        if aware.astimezone(UTC).astimezone(STOCKHOLM).replace(tzinfo=None) == candidate:
            return aware.astimezone(UTC)
    raise AssertionError("no Swedish wall-clock time within two hours")  # pragma: no cover


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)
