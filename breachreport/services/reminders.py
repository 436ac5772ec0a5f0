"""Reminders and escalations about the legal deadlines (``workspace.reminders``): the
organisation's rules, what one run of ``breachreport remind`` sends, and each incident's schedule
of what went out and what is due.

A run reads the register to find the incidents whose deadlines may still fall due, computes their
clocks at the run's time (filings after it do not count), plans the mails the rules call for
(``domain.reminders``) and claims each one in the outbox under a purpose that names the incident,
the clock, its due time, the rule and the address, so that no mail is sent twice, however often
the runs come and even when two overlap: the database decides which one sends. A changed
awareness time moves the due time, and so makes new reminders. Then it sends, outside any
transaction, and retries what failed before (``services.outbox``). Mails carry the incident's
reference, the deadline and a link; never facts of the breach.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ..domain.labels import Text
from ..domain.reminders import Planned, ReminderRules, due_at, plan, superseded
from ..domain.status import Role
from ..domain.times import to_utc
from ..errors import BreachReportError
from ..mail.config import MailConfig
from ..storage import Store
from ..storage.outbox import OutboxRecord
from .base import UseCases, actor_row
from .notices import account_address
from .outbox import SendLine, deliver_all, record_label, retry, state_of
from .permissions import Actor, UseCase
from .reminding import (
    RULES_SETTING,
    Mail,
    Opened,
    Recipients,
    may_fall_due,
    message_of,
    organisation_name,
    purpose,
    stored_rules,
)

__all__ = [
    "RULES_SETTING",
    "ReminderLine",
    "Reminders",
    "RulesChange",
    "RunReport",
    "SendLine",
    "purpose",
]

State = Literal["sent", "failed", "due", "planned", "expired", "skipped"]


@dataclass(frozen=True)
class ReminderLine:
    """One mail of an incident's schedule: planned by the rules, or in the outbox. ``skipped``:
    a later reminder of the same deadline was due at the same time and went instead."""

    kind: str
    clock_key: str | None
    label: Text
    due: datetime | None
    send_at: datetime
    to: str
    state: State
    sent_at: datetime | None = None
    attempts: int = 0
    error: str | None = None


@dataclass(frozen=True)
class RunReport:
    """What one run did (or, dry, would do). ``mail_configured`` False: nothing was sent, as no
    mail server is set up. ``nobody``: references with a reminder due and no address to send it
    to; ``unreadable``: references whose stored data failed a check (``breachreport verify``)."""

    at: datetime
    lines: list[SendLine]
    mail_configured: bool
    nobody: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return any(line.outcome == "failed" for line in self.lines)


@dataclass(frozen=True)
class RulesChange:
    """Who last set the rules, and when."""

    by: str
    at: datetime


class Reminders(UseCases):
    """The reminder rules, the runs and the schedules."""

    def __init__(
        self, store: Store, clock: Callable[[], datetime], mail: Callable[[], MailConfig | None]
    ) -> None:
        super().__init__(store, clock)
        self.mail = mail

    # -- the rules -------------------------------------------------------------------------------

    def rules(self) -> ReminderRules:
        """The organisation's rules; the defaults until someone sets them."""
        with self.store.transaction(write=False) as tx:
            return stored_rules(tx)[0]

    def rules_changed(self) -> RulesChange | None:
        """Who set the rules and when; None while the defaults hold."""
        with self.store.transaction(write=False) as tx:
            _, by, at = stored_rules(tx)
            if by is None or at is None:
                return None
            return RulesChange(by=tx.actors.get(by).name, at=at)

    def set_rules(
        self,
        *,
        actor: Actor,
        rules: ReminderRules | Mapping[str, Any],
        at: datetime | None = None,
    ) -> ReminderRules:
        """Replace the rules (a DPO or an administrator); a mapping is read as the whole rules,
        what it leaves out taking the defaults. FactsInvalid names each bad answer."""
        if not isinstance(rules, ReminderRules):
            rules = ReminderRules.parse(rules)
        at = to_utc(at or self.clock())
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.MANAGE_REMINDERS)
            by = actor_row(tx, actor)
            value = {"rules": rules.to_json(), "set_by": by, "set_at": at.isoformat()}
            tx.settings.save_sealed(RULES_SETTING, value, at=at, by=by)
        return rules

    def mail_configured(self) -> bool:
        return self.mail() is not None

    def addressless_dpos(self) -> list[str]:
        """The display names of active DPO accounts whose username is not a mail address: the
        reminders to every DPO account cannot reach them."""
        with self.store.transaction(write=False) as tx:
            return sorted(
                a.display_name
                for a in tx.accounts.all()
                if a.role == Role.DPO.value
                and not a.disabled
                and account_address(a.username) is None
            )

    # -- one incident's schedule -----------------------------------------------------------------

    def schedule(
        self, ref: str, *, actor: Actor | None = None, now: datetime | None = None
    ) -> list[ReminderLine]:
        """The incident's mails: each one in the outbox as it stands, then each one the rules
        plan that is not there yet (due, planned, skipped, or expired with its deadline)."""
        now = to_utc(now or self.clock())
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_REMINDERS, ref)
            rules = stored_rules(tx)[0]
            incident = Opened.read(tx, ref, now)
            planned = plan(incident.clocks, rules)
            people = Recipients.read(tx, rules)
            mails = [m for p in planned for m in people.mails(incident, p)]
            stored = tx.outbox.for_incident(incident.id)
        lines = [_stored_line(r) for r in stored]
        sent = {_stored_key(r) for r in stored}
        for mail in mails:
            item = mail.planned
            key = (item.kind, item.clock_key, item.due, item.hours_before, mail.to.lower())
            if key in sent:
                continue
            lines.append(
                ReminderLine(
                    kind=item.kind,
                    clock_key=item.clock_key,
                    label=item.label,
                    due=item.due,
                    send_at=item.send_at,
                    to=mail.to,
                    state=_planned_state(item, planned, now),
                )
            )
        return sorted(lines, key=lambda line: (line.send_at, line.kind, line.to))

    # -- a run -----------------------------------------------------------------------------------

    def run(self, *, at: datetime | None = None, dry_run: bool = False) -> RunReport:
        """Send what is due at ``at`` (default now) and retry what failed before; ``dry_run``
        claims and sends nothing and lists what would go. Without a mail server nothing is sent
        (``mail_configured`` False): a dry run still lists."""
        at = to_utc(at or self.clock())
        config = self.mail()
        found, nobody, unreadable = self._due(at)
        with self.store.transaction(write=False) as tx:
            known = tx.outbox.known(m.purpose for m in found)
        fresh = [m for m in found if m.purpose not in known]
        report = {"at": at, "nobody": nobody, "unreadable": unreadable}
        if dry_run or config is None:
            lines = [_would_send(m) for m in fresh]
            return RunReport(lines=lines, mail_configured=config is not None, **report)
        claimed = self._claim(fresh, at, config)
        # The history records when a mail really went, also on a run "as if" at another time.
        recorded = to_utc(self.clock())
        lines = deliver_all(self.store, config, claimed, at=at, recorded_at=recorded)
        lines += retry(
            self.store,
            config,
            at=at,
            skip={r.id for r in claimed},
            give_up=_replaced_by(found),
            recorded_at=recorded,
        )
        return RunReport(lines=lines, mail_configured=True, **report)

    def _due(self, at: datetime) -> tuple[list[Mail], tuple[str, ...], tuple[str, ...]]:
        """Every mail due at ``at``, incident by incident; the references with a reminder due and
        nobody to send it to, and those that could not be read. Only incidents whose register
        row says a deadline may still be ahead are opened."""
        found: list[Mail] = []
        nobody: list[str] = []
        unreadable: list[str] = []
        with self.store.transaction(write=False) as tx:
            rules = stored_rules(tx)[0]
            people = Recipients.read(tx, rules)
            for summary in tx.register.rows():
                if summary.damaged:
                    unreadable.append(summary.reference)
                    continue
                if not may_fall_due(summary, at):
                    continue
                try:
                    incident = Opened.read(tx, summary.id, at)
                except BreachReportError:
                    unreadable.append(summary.reference)
                    continue
                due = due_at(plan(incident.clocks, rules), at)
                mails = [m for item in due for m in people.mails(incident, item)]
                reminders = [m for m in mails if m.planned.kind == "reminder"]
                if not reminders and any(item.kind == "reminder" for item in due):
                    nobody.append(incident.reference)
                found.extend(mails)
        return found, tuple(nobody), tuple(unreadable)

    def _claim(self, mails: list[Mail], at: datetime, config: MailConfig) -> list[Any]:
        """Claim each mail in the outbox, one transaction per incident; what another run claimed
        first is left to it."""
        from ..mail.messages import link_to

        by_incident: dict[str, list[Mail]] = defaultdict(list)
        for mail in mails:
            by_incident[mail.incident_id].append(mail)
        claimed = []
        for incident_id, group in by_incident.items():
            with self.store.transaction() as tx:
                rules = stored_rules(tx)[0]
                organisation = organisation_name(tx)
                for mail in group:
                    link = link_to(config.base_url, ref=mail.reference)
                    made = tx.outbox.claim(
                        incident_id=incident_id,
                        purpose=mail.purpose,
                        kind=mail.planned.kind,
                        message=message_of(mail, rules.language, link, organisation),
                        scheduled_at=mail.planned.send_at,
                        at=at,
                        clock_key=mail.planned.clock_key,
                        due=mail.planned.due,
                    )
                    if made is not None:
                        claimed.append(made)
        return claimed


def _replaced_by(due: list[Mail]) -> Callable[[OutboxRecord], bool]:
    """Whether a reminder waiting for a retry has been replaced by a later reminder of the same
    deadline to the same address that is due now: the later one goes instead, so that a server
    down for hours does not send both once it is back."""
    latest: dict[tuple[Any, ...], float] = {}
    for mail in due:
        if mail.planned.kind == "reminder":
            key = (mail.incident_id, mail.planned.clock_key, mail.planned.due, mail.to.lower())
            latest[key] = min(latest.get(key, mail.planned.hours_before), mail.planned.hours_before)

    def replaced(record: OutboxRecord) -> bool:
        if record.kind != "reminder":
            return False
        key = (
            record.incident_id,
            record.clock_key,
            record.due,
            str(record.message.get("to", "")).lower(),
        )
        hours = (record.message.get("context") or {}).get("hours_before")
        return key in latest and isinstance(hours, int | float) and hours > latest[key]

    return replaced


def _would_send(mail: Mail) -> SendLine:
    item = mail.planned
    return SendLine(mail.reference, item.kind, item.label, mail.to, item.due, "would_send")


def _stored_key(record: Any) -> tuple[Any, ...]:
    hours = (record.message.get("context") or {}).get("hours_before")
    to = str(record.message.get("to", "")).lower()
    return (record.kind, record.clock_key, record.due, hours, to)


def _stored_line(record: Any) -> ReminderLine:
    return ReminderLine(
        kind=record.kind,
        clock_key=record.clock_key,
        label=record_label(record.message, record.kind),
        due=record.due,
        send_at=record.scheduled_at,
        to=str(record.message.get("to", "")),
        state=state_of(record),  # type: ignore[arg-type]
        sent_at=record.sent_at,
        attempts=record.attempts,
        error=record.error,
    )


def _planned_state(item: Planned, planned: list[Planned], now: datetime) -> State:
    if superseded(item, planned, now):
        return "skipped"
    if now >= item.due:
        return "expired"
    return "due" if item.send_at <= now else "planned"
