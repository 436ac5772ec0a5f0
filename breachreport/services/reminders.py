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

from ..domain.clocks import Clock, clocks
from ..domain.facts import stored_facts
from ..domain.labels import Text
from ..domain.reminders import DEFAULT_RULES, Planned, ReminderRules, due_at, plan, superseded
from ..domain.status import Role
from ..domain.times import to_utc
from ..errors import BreachReportError
from ..mail.config import MailConfig
from ..storage import Store, Transaction
from ..storage.records import IncidentRecord
from .base import UseCases, actor_row
from .notices import account_address
from .outbox import SendLine, deliver_all, record_label, retry, state_of
from .permissions import Actor, UseCase
from .views import filed_reports, register_row
from .waiting import LONGEST

__all__ = [
    "RULES_SETTING",
    "ReminderLine",
    "Reminders",
    "RulesChange",
    "RunReport",
    "SendLine",
    "purpose",
]

RULES_SETTING = "reminders"

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


@dataclass(frozen=True)
class _Mail:
    """One planned mail to one address."""

    incident_id: str
    reference: str
    planned: Planned
    to: str

    @property
    def purpose(self) -> str:
        return purpose(self.incident_id, self.planned, self.to)


def purpose(incident_id: str, planned: Planned, address: str) -> str:
    """The outbox purpose: one mail per incident, clock, due time, rule and address."""
    due = to_utc(planned.due).isoformat()
    return "|".join(
        (
            planned.kind,
            incident_id,
            planned.clock_key,
            due,
            f"{planned.hours_before:g}",
            address.lower(),
        )
    )


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
            record = tx.incidents.load(ref)
            planned = plan(clocks_at(tx, record, now), rules)
            people = Recipients.read(tx, rules)
            mails = [m for p in planned for m in people.mails(record, p)]
            stored = tx.outbox.for_incident(record.id)
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
        lines = deliver_all(self.store, config, claimed, at=at)
        lines += retry(self.store, config, at=at, skip={r.id for r in claimed})
        return RunReport(lines=lines, mail_configured=True, **report)

    def _due(self, at: datetime) -> tuple[list[_Mail], tuple[str, ...], tuple[str, ...]]:
        """Every mail due at ``at``, by incident; the references with nobody to send to and
        those that could not be read."""
        found: list[_Mail] = []
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
                    record = tx.incidents.load(summary.id)
                    due = due_at(plan(clocks_at(tx, record, at), rules), at)
                except BreachReportError:
                    unreadable.append(summary.reference)
                    continue
                mails = [m for item in due for m in people.mails(record, item)]
                if any(item.kind == "reminder" for item in due) and not any(
                    m.planned.kind == "reminder" for m in mails
                ):
                    nobody.append(record.reference)
                found.extend(mails)
        return found, tuple(nobody), tuple(unreadable)

    def _claim(self, mails: list[_Mail], at: datetime, config: MailConfig) -> list[Any]:
        """Claim each mail in the outbox, one transaction per incident; what another run claimed
        first is left to it."""
        from ..mail.messages import link_to

        by_incident: dict[str, list[_Mail]] = defaultdict(list)
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


# -- reading ---------------------------------------------------------------------------------------


def stored_rules(tx: Transaction) -> tuple[ReminderRules, str | None, datetime | None]:
    """The rules as stored, who stored them (an actor id) and when; the defaults if never set."""
    stored = tx.settings.get_sealed(RULES_SETTING)
    if not isinstance(stored, dict):
        return DEFAULT_RULES, None, None
    rules = ReminderRules.parse(stored.get("rules") or {})
    at = stored.get("set_at")
    return rules, stored.get("set_by"), datetime.fromisoformat(at) if isinstance(at, str) else None


def clocks_at(tx: Transaction, record: IncidentRecord, at: datetime) -> list[Clock]:
    """The incident's clocks at ``at``: its filings made by then count, later ones do not."""
    facts = stored_facts(record.facts)
    return clocks(facts, now=at, filings=filed_reports(tx.filings.for_incident(record.id)))


def may_fall_due(summary: Any, at: datetime) -> bool:
    """Whether a deadline of the incident can still be ahead at ``at``, from its register row
    alone (awareness and filings, no facts): every clock starts at one of them and runs at most
    ``waiting.LONGEST``. An incident opened after ``at`` did not exist yet."""
    if summary.created_at > at:
        return False
    row = register_row(summary)
    starts = [t for t in (row.aware_at, *row.filed_at, *row.reported_at) if t is not None]
    return bool(starts) and at - max(starts) <= LONGEST


def organisation_name(tx: Transaction) -> str | None:
    name = (tx.organisation.profile() or {}).get("name")
    return name if isinstance(name, str) and name.strip() else None


@dataclass(frozen=True)
class Recipients:
    """Whom the rules send to: the DPO accounts' addresses, the organisation profile's DPO address
    (for an incident whose facts name none) and the escalation address."""

    rules: ReminderRules
    accounts: tuple[str, ...]
    profile_dpo: str | None

    @classmethod
    def read(cls, tx: Transaction, rules: ReminderRules) -> Recipients:
        accounts: list[str] = []
        if rules.to_dpo_accounts:
            for account in tx.accounts.all():
                address = account_address(account.username)
                if account.role == Role.DPO.value and not account.disabled and address:
                    accounts.append(address)
        profile = (tx.organisation.profile() or {}).get("dpo_email")
        return cls(rules, tuple(accounts), profile if isinstance(profile, str) else None)

    def addresses(self, record: IncidentRecord, kind: str) -> list[str]:
        """The addresses of one mail of ``kind`` about the incident, each once (by its lower case)."""
        if kind == "escalation":
            found = [self.rules.escalation_address] if self.rules.escalates else []
        else:
            found = []
            if self.rules.to_incident_dpo:
                own = stored_facts(record.facts).contact.dpo_email
                found.append(own or self.profile_dpo)
            found.extend(self.accounts)
        unique: dict[str, str] = {}
        for address in found:
            if address:
                unique.setdefault(address.lower(), address)
        return list(unique.values())

    def mails(self, record: IncidentRecord, item: Planned) -> list[_Mail]:
        return [
            _Mail(record.id, record.reference, item, address)
            for address in self.addresses(record, item.kind)
        ]


def message_of(
    mail: _Mail, lang: str, link: str | None, organisation: str | None
) -> dict[str, Any]:
    """What the outbox keeps (sealed) to compose the mail from: the address, the language, the
    deadline's label and the mail's context. Nothing of the breach."""
    from ..mail.messages import MailContext

    item = mail.planned
    condition = item.condition(lang) if item.condition else None
    context = MailContext(
        reference=mail.reference,
        link=link,
        deadline=item.label(lang),
        due=item.due,
        condition=condition[:1].lower() + condition[1:] if condition else None,
        hours_before=item.hours_before,
        organisation=organisation,
    )
    return {
        "to": mail.to,
        "name": None,
        "lang": lang,
        "label": {"sv": item.label.sv, "en": item.label.en},
        "context": context.to_json(),
    }


def _would_send(mail: _Mail) -> SendLine:
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
