"""How each field of the EDPB template is answered from the facts: one small function per field
that needs more than a path, each returning the export's value or None (left out).

A function answers with the template's own "to be determined" or "cannot be assessed" value
where the template has one and the facts say "not yet known". Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Protocol

from . import edpb_choices as E
from .assessment import Assessment, assess
from .choices import (
    BreachKind,
    BreachType,
    Cause,
    DiscoveryMethod,
    Sector,
)
from .circumstance_choices import (
    AvailabilityImpact,
    Backup,
    Encryption,
    Exfiltration,
    IntegrityImpact,
    Medium,
    Recipients,
)
from .circumstances import Outcome
from .facts import Facts
from .filing_rules import hours_late
from .labels import Choice


class FilingLike(Protocol):
    """What the export reads of a filing (``documents.FilingInfo`` has it all)."""

    kind: Any
    case_number: str | None
    filed_at: datetime
    delay_reasons: str | None

    @property
    def follow_up(self) -> bool: ...

    @property
    def settled(self) -> bool: ...


@dataclass(frozen=True)
class Source:
    """The facts and what the export was asked for: a filing, or the case number of an earlier
    notification (a follow-up), and the moment the export is made."""

    facts: Facts
    generated_at: datetime
    filing: FilingLike | None = None
    previous: str | None = None
    first_filed_at: datetime | None = None
    # The values given so far, by field id: a field that follows another reads it here.
    values: dict[int, Any] = field(default_factory=dict)
    # The fields still to be determined so far.
    open: list[int] = field(default_factory=list)

    @cached_property
    def assessment(self) -> Assessment:
        return assess(self.facts)

    def unknown(self, path: str) -> bool:
        section, name = path.split(".", 1)
        return self.facts.section(section).is_unknown(name)


def path(dotted: str):
    """A fill that copies one answer: text as given, a time in UTC ISO 8601."""

    def fill(src: Source) -> Any:
        value = src.facts.value(dotted)
        if isinstance(value, datetime):
            return iso(value)
        if isinstance(value, Choice):
            return value.value
        return value

    fill.path = dotted  # type: ignore[attr-defined] - the document reads the English text there
    return fill


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _v(choice: Choice | None) -> str | None:
    return None if choice is None else choice.value


# -- part 1 ---------------------------------------------------------------------------------


def notification_type(src: Source) -> str:
    filing = src.filing
    earlier = src.previous is not None or src.first_filed_at is not None
    follow = filing.follow_up if filing is not None else earlier
    return (E.NotificationType.FOLLOW_UP if follow else E.NotificationType.NEW).value


def completeness(src: Source) -> str:
    """Withdrawal or complete as the filing says; otherwise complete only once nothing the
    template asks for is still to be determined."""
    filing = src.filing
    if filing is not None and getattr(filing.kind, "value", filing.kind) == "withdrawal":
        return E.Completeness.WITHDRAWAL.value
    if filing is not None:
        settled = filing.settled
    else:
        settled = not src.open and src.facts.times.ongoing is not True
    return (E.Completeness.COMPLETE if settled else E.Completeness.INCOMPLETE).value


def withdrawal_reasons(src: Source) -> str | None:
    decision = src.facts.decision
    return decision.reason if decision.outcome is Outcome.DOCUMENT_ONLY else None


def earlier_notification(src: Source) -> str | None:
    if src.filing is not None:
        return src.filing.case_number if src.filing.follow_up else None
    return src.previous


def identifier_type(src: Source) -> str | None:
    return E.IdentifierType.BUSINESS_REGISTER.value if src.facts.controller.org_number else None


def country(src: Source) -> str | None:
    """A Swedish organisation number places the controller in Sweden."""
    return "SE" if src.facts.controller.org_number else None


_PUBLIC = {Sector.REGION, Sector.MUNICIPALITY, Sector.GOVERNMENT}
_PRIVATE = {Sector.PRIVATE, Sector.FINANCE, Sector.TELECOM, Sector.NON_PROFIT}


def ownership(src: Source) -> str | None:
    """Public or private from the sector; care, schools and social services are run by both."""
    sector = src.facts.controller.sector
    if sector in _PUBLIC:
        return E.Ownership.PUBLIC.value
    if sector in _PRIVATE:
        return E.Ownership.PRIVATE.value
    return None


def sector(src: Source) -> str | None:
    sector = src.facts.controller.sector
    return None if sector is None else sector.label("en")


# -- part 2 ---------------------------------------------------------------------------------


def dpo_designated(src: Source) -> bool | None:
    return True if src.facts.contact.dpo_name else None


def parties_involved(src: Source) -> bool | None:
    processors = src.facts.description.processors
    if processors:
        return True
    return None if processors is None else False


def parties(src: Source) -> list[dict[str, Any]] | None:
    processors = src.facts.description.processors or []
    found = []
    for p in processors:
        item: dict[str, Any] = {"name": p.name, "role": p.role.value}
        if p.system:
            item["system"] = p.system
        if p.notified_controller_at:
            item["informed_controller_at"] = iso(p.notified_controller_at)
        found.append(item)
    return found or None


# -- part 3 ---------------------------------------------------------------------------------


def occurrence(src: Source) -> str | None:
    times = src.facts.times
    if times.occurred_from is None:
        return E.Occurrence.TBD.value if src.unknown("times.occurred_from") else None
    if times.ongoing is True:
        return E.Occurrence.ONGOING.value
    if times.occurred_to is not None or times.ended_at is not None:
        return E.Occurrence.PERIOD.value
    return E.Occurrence.DAY.value


def occurred_until(src: Source) -> str | None:
    times = src.facts.times
    return iso(times.occurred_to or times.ended_at)


def late(src: Source) -> bool:
    """Whether the notification came more than 72 hours after awareness: judged at the first
    notification (a follow-up's), at this filing, or now for a draft."""
    filing = src.filing
    if filing is not None and filing.follow_up:
        at = getattr(filing, "first_filed_at", None) or filing.filed_at
    elif filing is not None:
        at = filing.filed_at
    else:
        at = src.first_filed_at or src.generated_at
    return hours_late(src.facts, at) is not None


def late_reasons(src: Source) -> str | None:
    if src.filing is not None and src.filing.delay_reasons:
        return src.filing.delay_reasons
    return src.facts.times.delay_reasons


_DISCOVERER = {
    DiscoveryMethod.OWN_DETECTION: E.Discoverer.CONTROLLER,
    DiscoveryMethod.PROCESSOR: E.Discoverer.PROCESSOR,
    DiscoveryMethod.DATA_SUBJECT: E.Discoverer.DATA_SUBJECT,
    DiscoveryMethod.THIRD_PARTY: E.Discoverer.THIRD_PARTY,
    DiscoveryMethod.MEDIA: E.Discoverer.MEDIA,
    DiscoveryMethod.OTHER: E.Discoverer.OTHER,
}


def discoverer(src: Source) -> str | None:
    return _v(_DISCOVERER.get(src.facts.times.discovery))


def _kinds(src: Source) -> list[BreachKind] | None:
    return src.facts.description.kinds


def confidentiality(src: Source) -> str | None:
    kinds, exfiltration = _kinds(src), src.facts.circumstances.exfiltration
    if exfiltration is Exfiltration.CONFIRMED:
        return E.ConfidentialityLoss.EXFILTRATED.value
    if exfiltration is Exfiltration.SUSPECTED:
        return E.ConfidentialityLoss.LIKELY.value
    if kinds and BreachKind.CONFIDENTIALITY in kinds:
        return E.ConfidentialityLoss.LIKELY.value
    if exfiltration is Exfiltration.RULED_OUT or (kinds and not src.unknown("description.kinds")):
        # Named kinds without confidentiality: not a loss, unless the forensic answer is still open.
        if exfiltration is None and src.unknown("circumstances.exfiltration"):
            return E.ConfidentialityLoss.CANNOT_ASSESS.value
        return E.ConfidentialityLoss.NO.value
    if src.unknown("description.kinds") or src.unknown("circumstances.exfiltration"):
        return E.ConfidentialityLoss.CANNOT_ASSESS.value
    return None


def intelligibility(src: Source) -> str | None:
    encryption = src.facts.circumstances.encryption
    if encryption is Encryption.STRONG_KEY_SAFE:
        return E.Intelligibility.UNINTELLIGIBLE.value
    if encryption is not None:
        return E.Intelligibility.INTELLIGIBLE.value
    return E.Intelligibility.CANNOT_ASSESS.value


def integrity(src: Source) -> str | None:
    kinds, impact = _kinds(src), src.facts.circumstances.integrity
    if impact in (IntegrityImpact.RECOVERABLE, IntegrityImpact.NOT_RECOVERABLE):
        return E.IntegrityLoss.YES.value
    if kinds and BreachKind.INTEGRITY in kinds:
        return E.IntegrityLoss.LIKELY.value if impact is None else E.IntegrityLoss.NO.value
    if impact is IntegrityImpact.NONE or kinds:
        return E.IntegrityLoss.NO.value
    return E.IntegrityLoss.CANNOT_ASSESS.value if src.unknown("description.kinds") else None


def availability(src: Source) -> str | None:
    kinds = _kinds(src)
    if kinds:
        yes = BreachKind.AVAILABILITY in kinds
        return (E.AvailabilityLoss.YES if yes else E.AvailabilityLoss.NO).value
    return E.AvailabilityLoss.CANNOT_ASSESS.value if src.unknown("description.kinds") else None


def loss_duration(src: Source) -> str | None:
    circumstances = src.facts.circumstances
    if circumstances.availability is AvailabilityImpact.PERMANENT:
        return E.LossDuration.PERMANENT.value
    if circumstances.availability is not None or circumstances.backup is Backup.RESTORED:
        return E.LossDuration.TEMPORARY.value
    if circumstances.backup in (Backup.NONE, Backup.COMPROMISED):
        return E.LossDuration.PERMANENT.value
    return E.LossDuration.CANNOT_ASSESS.value


_DEVICES = {Medium.DEVICE, Medium.REMOVABLE}
_PAPER = {Medium.PAPER, Medium.PHOTO_OF_PAPER}


def nature(src: Source) -> list[str] | None:
    """The template's kinds of incident from IMY's breach type, the cause and the circumstances."""
    d, c = src.facts.description, src.facts.circumstances
    found: list[E.Nature] = []
    if d.breach_type is BreachType.MALWARE:
        encrypted = (d.kinds and BreachKind.AVAILABILITY in d.kinds) or c.availability
        found.append(E.Nature.RANSOMWARE if encrypted else E.Nature.MALWARE)
    elif d.breach_type is BreachType.UNAUTHORISED_ACCESS:
        insider = d.cause is Cause.MALICIOUS_INTERNAL
        found.append(E.Nature.INSIDER if insider else E.Nature.HACKING)
    elif d.breach_type is BreachType.LOSS_OR_THEFT:
        stolen = d.cause is Cause.THEFT or d.cause is Cause.MALICIOUS_EXTERNAL
        paper = c.medium in _PAPER
        found.append(
            (E.Nature.STOLEN_PAPER if paper else E.Nature.STOLEN_DEVICE)
            if stolen
            else (E.Nature.LOST_PAPER if paper else E.Nature.LOST_DEVICE)
        )
    elif d.breach_type is BreachType.MISDIRECTED:
        found.append(E.Nature.MISDELIVERED)
    elif d.breach_type is BreachType.UNAUTHORISED_DISCLOSURE:
        published = c.recipients is Recipients.PUBLISHED
        found.append(E.Nature.PUBLICATION if published else E.Nature.DISCLOSURE)
    elif d.breach_type is BreachType.ACCIDENTAL_CHANGE:
        found.append(E.Nature.ALTERATION)
    elif d.breach_type is BreachType.OTHER:
        found.append(E.Nature.OTHER)
    if d.cause is Cause.TECHNICAL_FAULT:
        found.append(E.Nature.SYSTEM_FAILURE)
    return [n.value for n in dict.fromkeys(found)] or None


_ORIGIN = {
    Cause.HUMAN_ERROR: E.CauseOrigin.INTERNAL,
    Cause.MALICIOUS_EXTERNAL: E.CauseOrigin.EXTERNAL,
    Cause.MALICIOUS_INTERNAL: E.CauseOrigin.INTERNAL,
    Cause.TECHNICAL_FAULT: E.CauseOrigin.INTERNAL,
    Cause.PROCESS_FAILURE: E.CauseOrigin.INTERNAL,
    Cause.THEFT: E.CauseOrigin.EXTERNAL,
}


def cause_origin(src: Source) -> str | None:
    return _v(_ORIGIN.get(src.facts.description.cause))


def cause_intent(src: Source) -> str | None:
    cause = src.facts.description.cause
    if cause is None:
        return None
    return (E.CauseIntent.MALICIOUS if cause.malicious else E.CauseIntent.NOT_MALICIOUS).value


def systems(src: Source) -> str | None:
    services = src.facts.cyber.affected_services
    if services:
        return services
    named = [p.system for p in src.facts.description.processors or [] if p.system]
    return "; ".join(dict.fromkeys(named)) or None
