"""What a run of the reminders reads and builds (``services.reminders`` uses it): the stored rules,
an incident's clocks at the run's time, whether its register row says a deadline may still be
ahead, whom each mail goes to, and what the outbox keeps of a mail (its context: the reference, the
deadline, the due time and a link, nothing of the breach).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.clocks import Clock, clocks
from ..domain.facts import Facts, stored_facts
from ..domain.reminders import DEFAULT_RULES, Planned, ReminderRules
from ..domain.status import Role
from ..domain.times import to_utc
from ..storage import Transaction
from .notices import account_address
from .views import filed_reports, register_row
from .waiting import LONGEST

RULES_SETTING = "reminders"


@dataclass(frozen=True)
class Mail:
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


# -- reading ---------------------------------------------------------------------------------------


def stored_rules(tx: Transaction) -> tuple[ReminderRules, str | None, datetime | None]:
    """The rules as stored, who stored them (an actor id) and when; the defaults if never set."""
    stored = tx.settings.get_sealed(RULES_SETTING)
    if not isinstance(stored, dict):
        return DEFAULT_RULES, None, None
    rules = ReminderRules.parse(stored.get("rules") or {})
    at = stored.get("set_at")
    return rules, stored.get("set_by"), datetime.fromisoformat(at) if isinstance(at, str) else None


@dataclass(frozen=True)
class Opened:
    """An incident as a run reads it: its id, reference, facts and clocks at the run's time."""

    id: str
    reference: str
    facts: Facts
    clocks: list[Clock]

    @classmethod
    def read(cls, tx: Transaction, incident: str, at: datetime) -> Opened:
        """The incident's clocks at ``at``: its filings made by then count, later ones do not."""
        record = tx.incidents.load(incident)
        facts = stored_facts(record.facts)
        filings = filed_reports(tx.filings.for_incident(record.id))
        return cls(record.id, record.reference, facts, clocks(facts, now=at, filings=filings))


def may_fall_due(summary: Any, at: datetime) -> bool:
    """Whether a deadline of the incident can still be ahead at ``at``, from its register row
    alone (awareness and filings, no facts): every clock starts at one of them and runs at most
    ``waiting.LONGEST``. (An incident recorded after ``at`` counts with the facts it has now, as
    its clocks do: ``--at`` moves the clock, not the facts.)"""
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

    def addresses(self, incident: Opened, kind: str) -> list[str]:
        """The addresses of one mail of ``kind`` about the incident, each once (by its lower case)."""
        if kind == "escalation":
            found = [self.rules.escalation_address] if self.rules.escalates else []
        else:
            found = []
            if self.rules.to_incident_dpo:
                found.append(incident.facts.contact.dpo_email or self.profile_dpo)
            found.extend(self.accounts)
        unique: dict[str, str] = {}
        for address in found:
            if address:
                unique.setdefault(address.lower(), address)
        return list(unique.values())

    def mails(self, incident: Opened, item: Planned) -> list[Mail]:
        return [
            Mail(incident.id, incident.reference, item, address)
            for address in self.addresses(incident, item.kind)
        ]


def message_of(mail: Mail, lang: str, link: str | None, organisation: str | None) -> dict[str, Any]:
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
