"""What the risk method reads from the facts: a flat Reading, with each open question resolved to
one assumed answer.

Which questions are open, and the answers they are tried at, is ``open_questions``. A protection
that was not stated (encryption, a backup, a deletion) gets no credit here, and the assessment
lists it as something that could lower the duties.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Any

from .choices import (
    BreachKind,
    BreachType,
    Cause,
    Consequence,
    DataCategory,
    Sector,
    SeverityEstimate,
    SubjectCategory,
)
from .circumstance_choices import (
    KNOWN_RECIPIENTS,
    Access,
    AvailabilityImpact,
    Backup,
    BehaviouralInsight,
    CareImpact,
    DataContext,
    Deletion,
    DeviceState,
    EaseOfIdentification,
    Encryption,
    Exfiltration,
    FinancialInsight,
    IntegrityImpact,
    Medium,
    Misuse,
    MisuseKind,
    PasswordProtection,
    Pseudonymisation,
    Reachability,
    RecipientKind,
    Recipients,
    SensitiveGravity,
    SensitiveInsight,
)
from .facts import Facts

# From this many people on, a breach counts as large (EDPB factor 7); the EDPB gives no number.
MANY_PEOPLE = 1000
# Out of reach for longer than this is "more than a day" (WP250's hospital example: 30 hours).
A_DAY = 24.0

HEALTH_AND_CARE = frozenset({Sector.HEALTHCARE, Sector.REGION, Sector.SOCIAL_SERVICES})
# People whom a disclosure of who they are can put in danger (ENISA: +3 for plain data).
AT_RISK_GROUPS = frozenset(
    {
        SubjectCategory.PROTECTED_IDENTITY,
        SubjectCategory.VICTIMS,
        SubjectCategory.PERSECUTION_RISK,
    }
)

# The kinds of breach a type of breach has when the kinds were not given.
_KINDS_BY_TYPE = {
    BreachType.MISDIRECTED: {BreachKind.CONFIDENTIALITY},
    BreachType.UNAUTHORISED_ACCESS: {BreachKind.CONFIDENTIALITY},
    BreachType.UNAUTHORISED_DISCLOSURE: {BreachKind.CONFIDENTIALITY},
    BreachType.LOSS_OR_THEFT: {BreachKind.CONFIDENTIALITY, BreachKind.AVAILABILITY},
    BreachType.MALWARE: {BreachKind.AVAILABILITY},
    BreachType.ACCIDENTAL_CHANGE: {BreachKind.INTEGRITY},
}
# What became of the data that good-faith recipients got, when it takes them out of reach.
RECOVERED = frozenset({Deletion.DELETED_BY_US, Deletion.RETURNED_UNREAD})


class Holder(Enum):
    """Who may now hold the data, which is what the likelihood of harm turns on."""

    NOBODY = "nobody"  # exposed or lost, no sign that anyone saw them
    KNOWN_FEW = "known_few"  # one or a few known recipients in good faith
    KNOWN_MANY = "known_many"  # many known recipients in good faith (a mailing list)
    KNOWN_MALICIOUS = "known_malicious"  # a known person acting in bad faith (a former employee)
    INTERESTED = "interested"  # known, in good faith, but with power over the people (employer)
    UNKNOWN_OR_MANY = "unknown_or_many"  # unknown recipients, or published
    ATTACKER = "attacker"  # an unknown person with malicious intent (hacker, thief, impostor)


@dataclass(frozen=True)
class Reading:
    """The facts the method uses, with each open question resolved to one assumed answer.

    ``assumed`` names the paths whose values are assumptions, so that reasons can say so.
    """

    kinds: frozenset[BreachKind]
    breach_type: BreachType | None
    cause: Cause | None
    data: frozenset[DataCategory]
    subjects: frozenset[SubjectCategory]
    subjects_count: int | None
    sector: Sector | None
    records_count: int | None = None
    sensitive_count: int | None = None
    exfiltration: Exfiltration | None = None
    recipients: Recipients | None = None
    recipient_kind: RecipientKind | None = None
    deletion: Deletion | None = None
    access: Access | None = None
    exposure_hours: float | None = None
    misuse: Misuse | None = None
    misuse_kinds: frozenset[MisuseKind] = frozenset()
    encryption: Encryption | None = None
    pseudonymised: Pseudonymisation | None = None
    passwords: PasswordProtection | None = None
    medium: Medium | None = None
    device_state: frozenset[DeviceState] = frozenset()
    availability: AvailabilityImpact | None = None
    unavailable_hours: float | None = None
    backup: Backup | None = None
    care: CareImpact | None = None
    integrity: IntegrityImpact | None = None
    ease_of_identification: EaseOfIdentification | None = None
    data_context: DataContext | None = None
    behavioural_insight: BehaviouralInsight | None = None
    financial_insight: FinancialInsight | None = None
    sensitive_insight: SensitiveInsight | None = None
    sensitive_gravity: SensitiveGravity | None = None
    consequences: frozenset[Consequence] = frozenset()
    own_severity: SeverityEstimate | None = None
    undetected_days: float | None = None
    measures_stated: bool = False
    authority_aware: bool = False
    risk_removed: bool = False
    reachability: Reachability | None = None
    assumed: frozenset[str] = field(default_factory=frozenset)

    def but(self, **changes: Any) -> Reading:
        """The same reading with some answers changed (for what-if questions)."""
        return replace(self, **changes)

    @property
    def malicious(self) -> bool:
        """Someone meant harm: an attack or a theft by cause, a known person in bad faith among
        the recipients, or malware whose cause was not given."""
        if self.recipient_kind is RecipientKind.MALICIOUS:
            return True
        if self.cause is not None:
            return self.cause.malicious
        return self.breach_type is BreachType.MALWARE

    @property
    def malicious_paths(self) -> tuple[str, ...]:
        if self.recipient_kind is RecipientKind.MALICIOUS:
            return ("circumstances.recipient_kind",)
        return ("description.cause",) if self.cause is not None else ("description.breach_type",)

    @property
    def unintelligible(self) -> bool:
        return self.encryption is Encryption.STRONG_KEY_SAFE

    @property
    def lost(self) -> bool:
        """A device, medium or paper went missing."""
        return self.breach_type is BreachType.LOSS_OR_THEFT

    @property
    def confidentiality_at_stake(self) -> bool:
        return (
            BreachKind.CONFIDENTIALITY in self.kinds
            or self.exfiltration is Exfiltration.CONFIRMED
            or self.recipients not in (None, Recipients.NONE_KNOWN)
        )

    @property
    def care_data(self) -> bool:
        """Data that care depends on: patients, or health data held by a care provider."""
        return SubjectCategory.PATIENTS in self.subjects or (
            DataCategory.HEALTH in self.data and self.sector in HEALTH_AND_CARE
        )

    @property
    def availability_lost(self) -> AvailabilityImpact | None:
        """How long the data were out of reach; None when availability was not affected.

        The answer if given; else the hours (within a day counts as restored quickly); else a
        backup that was restored, is at hand or a copy held elsewhere counts as a quick restore;
        otherwise the data count as temporarily unavailable (ENISA's middle value).
        """
        if BreachKind.AVAILABILITY not in self.kinds:
            return None
        if self.availability is not None:
            return self.availability
        if self.unavailable_hours is not None:
            if self.unavailable_hours == 0:
                return AvailabilityImpact.NONE
            if self.unavailable_hours <= A_DAY:
                return AvailabilityImpact.RESTORED_QUICKLY
            return AvailabilityImpact.TEMPORARY
        if self.backup in (Backup.RESTORED, Backup.AVAILABLE, Backup.HELD_ELSEWHERE):
            return AvailabilityImpact.RESTORED_QUICKLY
        return AvailabilityImpact.TEMPORARY

    @property
    def out_longer_than_a_day(self) -> bool:
        lost = self.availability_lost
        if lost in (None, AvailabilityImpact.NONE, AvailabilityImpact.RESTORED_QUICKLY):
            return False
        if self.unavailable_hours is not None and self.availability is None:
            return self.unavailable_hours > A_DAY
        return True

    @property
    def integrity_lost(self) -> IntegrityImpact | None:
        """How the data were altered; None when integrity was not affected (unanswered: recoverable)."""
        if BreachKind.INTEGRITY not in self.kinds:
            return None
        return self.integrity or IntegrityImpact.RECOVERABLE

    @property
    def holder(self) -> Holder:
        """Who may hold the data: the recipients if answered, else exfiltration, else the type.

        Logs that show nobody opened the data put them with nobody, unless they were copied out.
        An insider (a malicious internal cause) is a known person unless the data reached
        unknown or many recipients.
        """
        bad = self.malicious
        insider = self.cause is Cause.MALICIOUS_INTERNAL or (
            self.recipient_kind is RecipientKind.MALICIOUS
        )
        unknown_bad = Holder.KNOWN_MALICIOUS if insider else Holder.ATTACKER
        if self.access is Access.NOT_ACCESSED and self.exfiltration is not Exfiltration.CONFIRMED:
            return Holder.NOBODY
        if self.recipients is Recipients.ONE_UNKNOWN:
            if bad:
                return Holder.ATTACKER
            return Holder.NOBODY if self.lost else Holder.UNKNOWN_OR_MANY
        if self.recipients in (Recipients.UNKNOWN_OR_MANY, Recipients.PUBLISHED):
            return Holder.ATTACKER if bad else Holder.UNKNOWN_OR_MANY
        if self.recipients is Recipients.MANY_KNOWN:
            return Holder.ATTACKER if bad else Holder.KNOWN_MANY
        if self.recipients in KNOWN_RECIPIENTS:
            if bad:
                return Holder.KNOWN_MALICIOUS
            if self.recipient_kind is RecipientKind.INTERESTED_PARTY:
                return Holder.INTERESTED
            return Holder.KNOWN_FEW
        if self.exfiltration is Exfiltration.CONFIRMED:
            return unknown_bad if bad else Holder.UNKNOWN_OR_MANY
        if self.recipients is Recipients.NONE_KNOWN or self.exfiltration is Exfiltration.RULED_OUT:
            return Holder.NOBODY
        if self.lost:
            return unknown_bad if bad else Holder.NOBODY
        if self.breach_type in (BreachType.MISDIRECTED, BreachType.UNAUTHORISED_DISCLOSURE):
            return Holder.KNOWN_MALICIOUS if bad else Holder.KNOWN_FEW
        return unknown_bad if bad else Holder.KNOWN_FEW

    @property
    def holder_paths(self) -> tuple[str, ...]:
        if self.access is Access.NOT_ACCESSED and self.exfiltration is not Exfiltration.CONFIRMED:
            return ("circumstances.access",)
        if self.recipients not in (None, Recipients.NONE_KNOWN):
            return ("circumstances.recipients", *self.malicious_paths)
        if self.exfiltration is Exfiltration.CONFIRMED:
            return ("circumstances.exfiltration", *self.malicious_paths)
        if self.recipients is Recipients.NONE_KNOWN:
            return ("circumstances.recipients",)
        if self.exfiltration is Exfiltration.RULED_OUT:
            return ("circumstances.exfiltration",)
        return ("description.breach_type", *self.malicious_paths)

    @property
    def special(self) -> bool:
        return any(c.special or c is DataCategory.CRIMINAL for c in self.data)


def _kinds(facts: Facts, assumed: Mapping[str, Any]) -> frozenset[BreachKind]:
    given = assumed.get("description.kinds", facts.description.kinds)
    kinds = set(given or [])
    if not kinds:
        kinds = set(_KINDS_BY_TYPE.get(facts.description.breach_type, {BreachKind.CONFIDENTIALITY}))
    return frozenset(kinds)


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) or value is None else value.value


def _undetected_days(facts: Facts) -> float | None:
    start = facts.times.occurred_from
    end: datetime | None = facts.times.discovered_at or facts.times.aware_at
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds() / 86400


def _cause(facts: Facts, assumed: Mapping[str, Any]) -> Cause | None:
    if "description.cause" in assumed:
        return assumed["description.cause"]
    return facts.description.cause


def read(facts: Facts, assumed: Mapping[str, Any]) -> Reading:
    """The reading of ``facts``, with ``assumed`` answers (by path) for the open questions.

    Unanswered questions that are not open take their documented default: no credit for a
    protection that was not stated (encryption, backup, deletion), and nothing worse than the
    facts say for a question that does not apply.
    """

    def get(path: str) -> Any:
        return assumed[path] if path in assumed else facts.value(path)

    c = facts.circumstances
    return Reading(
        kinds=_kinds(facts, assumed),
        breach_type=facts.description.breach_type,
        cause=_cause(facts, assumed),
        data=frozenset(get("data.data_categories") or []),
        subjects=frozenset(get("data.subject_categories") or []),
        subjects_count=_count(get("data.subjects_count")),
        records_count=_count(facts.data.records_count),
        sensitive_count=_count(facts.data.sensitive_subjects_count),
        sector=facts.controller.sector,
        exfiltration=get("circumstances.exfiltration"),
        recipients=get("circumstances.recipients"),
        recipient_kind=get("circumstances.recipient_kind"),
        deletion=get("circumstances.deletion"),
        access=get("circumstances.access"),
        exposure_hours=c.exposure_hours,
        misuse=get("circumstances.misuse"),
        misuse_kinds=frozenset(get("circumstances.misuse_kinds") or []),
        encryption=get("circumstances.encryption"),
        pseudonymised=get("circumstances.pseudonymised"),
        passwords=get("circumstances.passwords"),
        medium=c.medium,
        device_state=frozenset(get("circumstances.device_state") or []),
        availability=get("circumstances.availability"),
        unavailable_hours=get("circumstances.unavailable_hours"),
        backup=get("circumstances.backup"),
        care=get("circumstances.care_affected"),
        integrity=get("circumstances.integrity"),
        ease_of_identification=get("circumstances.ease_of_identification"),
        data_context=get("circumstances.data_context"),
        behavioural_insight=get("circumstances.behavioural_insight"),
        financial_insight=get("circumstances.financial_insight"),
        sensitive_insight=get("circumstances.sensitive_insight"),
        sensitive_gravity=get("circumstances.sensitive_gravity"),
        consequences=frozenset(facts.consequences.likely or []),
        own_severity=facts.consequences.severity,
        undetected_days=_undetected_days(facts),
        measures_stated=bool(facts.measures.taken),
        authority_aware=bool(c.authority_aware),
        risk_removed=bool(c.risk_removed),
        reachability=c.reachability,
        assumed=frozenset(assumed),
    )
