"""One person's deadline calendar: every open deadline of the incidents they may see, as an
iCalendar file (``workspace.calendar``), for the app's download and ``breachreport calendar``.

A deadline is open while it has a due time and no report has met it: running, or overdue and
still unmet. One overdue by more than ``OVERDUE_KEPT`` has left the calendar (the overview still
shows it as missed). The register's plain summaries say which incidents can have such a deadline
(``_may_be_open``), so only those are opened: a register of hundreds of incidents costs a read of
the few that are still running. The status alone cannot say it: an incident notified in full to
IMY may still owe CERT-SE its final report.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from ..documents.calendar_feed import FeedEntry, calendar_feed
from ..domain.clocks import Clock, ClockStatus, clocks
from ..domain.facts import stored_facts
from ..domain.reminders import ReminderRules
from ..domain.status import Role
from ..domain.times import to_utc
from ..errors import InputError, IntegrityError, NotFound, PermissionDenied
from ..i18n import _
from ..storage import Transaction
from .base import UseCases
from .permissions import Actor, UseCase, assigned_incidents
from .reminding import stored_rules
from .views import RegisterRow, filed_reports, register_row
from .waiting import LONGEST

LANGS = ("sv", "en")
# A deadline missed this long ago is no longer something a calendar helps with.
OVERDUE_KEPT = timedelta(days=30)
_PLAIN_KEY = re.compile(r"[a-z0-9_.:-]{1,64}")


@dataclass(frozen=True)
class CalendarFile:
    """The ``.ics`` bytes and how many deadlines they hold."""

    data: bytes
    count: int


class Calendar(UseCases):
    """The deadline calendar of one person (``workspace.calendar``)."""

    def feed(
        self,
        *,
        actor: Actor | None = None,
        username: str | None = None,
        lang: str = "sv",
        now: datetime | None = None,
        base_url: str | None = None,
    ) -> bytes:
        """The ``.ics`` file of every open deadline ``actor`` (or the account ``username``) may
        see at ``now``; neither: the local operator, who sees every incident. ``base_url`` is the
        app's address for the links to the incidents (None: no links)."""
        return self.file(actor=actor, username=username, lang=lang, now=now, base_url=base_url).data

    def file(
        self,
        *,
        actor: Actor | None = None,
        username: str | None = None,
        lang: str = "sv",
        now: datetime | None = None,
        base_url: str | None = None,
    ) -> CalendarFile:
        """``feed`` with the number of deadlines in it (the command line says how many). Each
        event reminds at the organisation's reminder hours before its deadline, as the mails do."""
        if lang not in LANGS:
            raise InputError(_("Unknown language '{lang}'; choose sv or en.", lang=lang))
        if actor is not None and username is not None:
            raise InputError(_("Give either the user or the actor of a calendar, not both."))
        now = to_utc(now or self.clock())
        with self.store.transaction(write=False) as tx:
            if username is not None:
                actor = _account_actor(tx, username)
            self.allow(tx, actor, UseCase.READ_CALENDAR)
            rules = stored_rules(tx)[0]
            found = _entries(tx, actor, lang=lang, now=now, base_url=base_url, rules=rules)
        return CalendarFile(calendar_feed(found, lang=lang, now=now), len(found))


def _entries(
    tx: Transaction,
    actor: Actor | None,
    *,
    lang: str,
    now: datetime,
    base_url: str | None,
    rules: ReminderRules,
) -> list[FeedEntry]:
    """The open deadlines ``actor`` may see at ``now`` as the feed's entries, soonest first."""
    found: list[FeedEntry] = []
    for row in _visible(tx, actor):
        if not _may_be_open(row, now):
            continue
        try:
            record = tx.incidents.load(row.id)
            filings = tx.filings.for_incident(row.id)
        except IntegrityError:  # verify names it; its page says what is wrong
            continue
        facts = stored_facts(record.facts)
        for clock in clocks(facts, now=now, filings=filed_reports(filings)):
            if not _open(clock, now):
                continue
            condition = _in_sentence(clock.condition(lang)) if clock.condition else None
            found.append(
                FeedEntry(
                    uid=event_uid(record.id, clock.key),
                    reference=record.reference,
                    label=clock.label(lang),
                    basis=clock.basis(lang),
                    due=clock.due,  # type: ignore[arg-type]
                    condition=condition,
                    link=incident_link(base_url, record.reference),
                    sequence=record.version + len(filings),
                    modified=record.updated_at,
                    alarms=tuple(timedelta(hours=h) for h in rules.hours_for(clock.key)),
                )
            )
    return sorted(found, key=lambda e: (e.due, e.reference, e.uid))


def _in_sentence(condition: str) -> str:
    """The clocks give a condition as a line of its own ("If the incident is significant"); the
    calendar says it inside a title and a sentence."""
    return condition[:1].lower() + condition[1:]


def _account_actor(tx: Transaction, username: str) -> Actor:
    """The actor of the account with ``username``; refused when there is none or it is disabled."""
    record = tx.accounts.find(username) if isinstance(username, str) else None
    if record is None:
        raise NotFound(_("No account with that username."))
    if record.disabled:
        raise PermissionDenied(
            _("The account {username} is disabled; it has no calendar.", username=username)
        )
    return Actor(name=record.display_name, role=Role(record.role), account_id=record.id)


def _visible(tx: Transaction, actor: Actor | None) -> list[RegisterRow]:
    """The register's live incidents ``actor`` may see: a legal reviewer's assigned ones only."""
    rows = [r for r in tx.register.rows() if not r.damaged]
    if actor is not None and Role(actor.role) is Role.LEGAL_REVIEWER:
        assigned = assigned_incidents(tx, actor)
        rows = [r for r in rows if r.id in assigned]
    return [register_row(r) for r in rows]


def _may_be_open(row: RegisterRow, now: datetime) -> bool:
    """Whether the incident can have a deadline due after ``now - OVERDUE_KEPT``: every clock
    starts at awareness (ours or a processor's, which comes first), at a report to a recipient or
    a few days after awareness, and is due at most ``LONGEST`` after its start."""
    if row.shredded_at is not None or row.damaged:
        return False
    starts = [t for t in (row.aware_at, *row.filed_at, *row.reported_at) if t is not None]
    return bool(starts) and now - max(starts) <= LONGEST + OVERDUE_KEPT


def _open(clock: Clock, now: datetime) -> bool:
    """A due time and no report yet: running, or missed and still not made (recently). A
    deadline that applies only "if" (the incident is significant) leaves the calendar once it has
    passed: whether it applied is the DPO's answer in the app, not a standing overdue event."""
    if clock.due is None or clock.met_at is not None:
        return False
    if clock.status is ClockStatus.RUNNING:
        return True
    if clock.status is not ClockStatus.MISSED or clock.condition is not None:
        return False
    return now - clock.due <= OVERDUE_KEPT


def event_uid(incident_id: str, clock_key: str) -> str:
    """The event's UID, the same in every export for one incident and clock; a key that is not
    plain ASCII (a processor's name) is replaced by its hash."""
    key = clock_key if _PLAIN_KEY.fullmatch(clock_key) else _hashed(clock_key)
    return f"{incident_id}-{key}@breachreport"


def _hashed(text: str) -> str:
    return "k" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def incident_link(base_url: str | None, reference: str) -> str | None:
    """Where the incident opens in the app (as the mails link it), or None without an address."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/?incident={quote(reference, safe='')}"
