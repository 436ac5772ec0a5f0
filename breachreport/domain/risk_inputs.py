"""What the risk method reads from the facts: a flat Reading, and the open questions it may assume.

Pure: it reads and derives, it never judges (see ``severity`` and ``risk_factors``), and no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from .choices import (
    BreachKind,
    BreachType,
    Cause,
    DataCategory,
    Sector,
    SubjectCategory,
)
from .circumstances import (
    AvailabilityImpact,
    Backup,
    CareImpact,
    Deletion,
    RecipientKind,
    BehaviouralInsight,
    DataContext,
    EaseOfIdentification,
    Encryption,
    Exfiltration,
    FinancialInsight,
    IntegrityImpact,
    Misuse,
    PasswordProtection,
    Reachability,
    Recipients,
    SensitiveInsight,
)
from .facts import Facts
from .labels import Text

# From this many people on, a breach counts as large (EDPB factor 7); the EDPB gives no number.
MANY_PEOPLE = 1000

HEALTH_AND_CARE = frozenset({Sector.HEALTHCARE, Sector.REGION, Sector.SOCIAL_SERVICES})

# The kinds of breach a type of breach has when the kinds were not given.
_KINDS_BY_TYPE = {
    BreachType.MISDIRECTED: {BreachKind.CONFIDENTIALITY},
    BreachType.UNAUTHORISED_ACCESS: {BreachKind.CONFIDENTIALITY},
    BreachType.UNAUTHORISED_DISCLOSURE: {BreachKind.CONFIDENTIALITY},
    BreachType.LOSS_OR_THEFT: {BreachKind.CONFIDENTIALITY, BreachKind.AVAILABILITY},
    BreachType.MALWARE: {BreachKind.AVAILABILITY},
    BreachType.ACCIDENTAL_CHANGE: {BreachKind.INTEGRITY},
}


class Holder(Enum):
    """Who may now hold the data, which is what the likelihood of harm turns on."""

    NOBODY = "nobody"  # exposed, no sign that anyone saw them
    KNOWN_FEW = "known_few"  # a few known recipients in good faith
    KNOWN_MALICIOUS = "known_malicious"  # a known person acting in bad faith (a former employee)
    UNKNOWN_OR_MANY = "unknown_or_many"  # many or unknown recipients, or published
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
    exfiltration: Exfiltration | None = None
    recipients: Recipients | None = None
    recipient_trusted: bool = False
    deletion_confirmed: bool = False
    encryption: Encryption | None = None
    passwords: PasswordProtection | None = None
    availability: AvailabilityImpact | None = None
    backup: Backup | None = None
    integrity: IntegrityImpact | None = None
    care_affected: bool = False
    misuse: Misuse | None = None
    ease_of_identification: EaseOfIdentification | None = None
    data_context: DataContext | None = None
    behavioural_insight: BehaviouralInsight | None = None
    financial_insight: FinancialInsight | None = None
    sensitive_insight: SensitiveInsight | None = None
    risk_removed: bool = False
    reachability: Reachability | None = None
    assumed: frozenset[str] = field(default_factory=frozenset)

    def but(self, **changes: Any) -> Reading:
        """The same reading with some answers changed (for what-if questions)."""
        return replace(self, **changes)

    @property
    def malicious(self) -> bool:
        """Malicious intent: an attack by cause, or malware whose cause was not given."""
        if self.cause is not None:
            return self.cause.malicious
        return self.breach_type is BreachType.MALWARE

    @property
    def unintelligible(self) -> bool:
        return self.encryption is Encryption.STRONG_KEY_SAFE

    @property
    def confidentiality_at_stake(self) -> bool:
        return (
            BreachKind.CONFIDENTIALITY in self.kinds
            or self.exfiltration is Exfiltration.CONFIRMED
            or self.recipients not in (None, Recipients.NONE_KNOWN)
        )

    @property
    def availability_lost(self) -> AvailabilityImpact | None:
        """How long the data were out of reach; None when availability was not affected.

        Not answered: a backup that was restored or is at hand counts as a quick restore; otherwise
        the data count as temporarily unavailable (ENISA's middle value).
        """
        if BreachKind.AVAILABILITY not in self.kinds:
            return None
        if self.availability is not None:
            return self.availability
        if self.backup in (Backup.RESTORED, Backup.AVAILABLE):
            return AvailabilityImpact.RESTORED_QUICKLY
        return AvailabilityImpact.TEMPORARY

    @property
    def integrity_lost(self) -> IntegrityImpact | None:
        """How the data were altered; None when integrity was not affected (unanswered: recoverable)."""
        if BreachKind.INTEGRITY not in self.kinds:
            return None
        return self.integrity or IntegrityImpact.RECOVERABLE

    @property
    def holder(self) -> Holder:
        """Who may hold the data: the recipients if answered, else exfiltration, else the type.

        An insider (a malicious internal cause) is a known person unless the data reached
        unknown or many recipients.
        """
        bad = self.malicious
        unknown_bad = (
            Holder.KNOWN_MALICIOUS if self.cause is Cause.MALICIOUS_INTERNAL else Holder.ATTACKER
        )
        if self.recipients is Recipients.FEW_KNOWN:
            return Holder.KNOWN_MALICIOUS if bad else Holder.KNOWN_FEW
        if self.recipients in (Recipients.UNKNOWN_OR_MANY, Recipients.PUBLISHED):
            return Holder.ATTACKER if bad else Holder.UNKNOWN_OR_MANY
        if self.exfiltration is Exfiltration.CONFIRMED:
            return unknown_bad if bad else Holder.UNKNOWN_OR_MANY
        if self.recipients is Recipients.NONE_KNOWN:
            return Holder.NOBODY
        if self.breach_type is BreachType.LOSS_OR_THEFT:
            return unknown_bad if bad else Holder.NOBODY
        if self.breach_type in (BreachType.MISDIRECTED, BreachType.UNAUTHORISED_DISCLOSURE):
            return Holder.KNOWN_MALICIOUS if bad else Holder.KNOWN_FEW
        return unknown_bad if bad else Holder.KNOWN_FEW

    @property
    def holder_paths(self) -> tuple[str, ...]:
        if self.recipients not in (None, Recipients.NONE_KNOWN):
            return ("circumstances.recipients", "description.cause")
        if self.exfiltration is Exfiltration.CONFIRMED:
            return ("circumstances.exfiltration", "description.cause")
        if self.recipients is Recipients.NONE_KNOWN:
            return ("circumstances.recipients",)
        return ("description.breach_type", "description.cause")

    @property
    def special(self) -> bool:
        return any(c.special or c is DataCategory.CRIMINAL for c in self.data)


@dataclass(frozen=True)
class OpenQuestion:
    """A question whose answer is not known yet, with the best and worst answers it may get."""

    path: str
    state: Text  # why it is open: not yet known, suspected, not answered
    best: Any
    worst: Any
    if_best: Text  # "exfiltration is ruled out"
    if_worst: Text  # "exfiltration is confirmed"


NOT_YET_KNOWN = Text("ännu inte känt", "not yet known")
NOT_ANSWERED = Text("inte besvarat", "not answered")
SUSPECTED = Text("misstänkt men inte bekräftat", "suspected but not confirmed")

# For each question the method may have to assume: (best, worst, if best, if worst), the answers
# ordered so that the worst never lowers the risk.
_ANSWERS: dict[str, tuple[Any, Any, Text, Text]] = {
    "description.kinds": (
        None,
        [BreachKind.CONFIDENTIALITY, BreachKind.INTEGRITY, BreachKind.AVAILABILITY],
        Text(
            "bara det som typen av incident innebär påverkades",
            "only what the type of breach implies was affected",
        ),
        Text(
            "konfidentialitet, riktighet och tillgänglighet påverkades",
            "confidentiality, integrity and availability were all affected",
        ),
    ),
    "description.cause": (
        Cause.HUMAN_ERROR,
        Cause.MALICIOUS_EXTERNAL,
        Text("orsaken var ett misstag", "the cause was a mistake"),
        Text("orsaken var ett angrepp", "the cause was an attack"),
    ),
    "data.data_categories": (
        [DataCategory.IDENTITY],
        [DataCategory.IDENTITY, DataCategory.PERSONAL_NUMBER, DataCategory.HEALTH],
        Text("bara namn berörs", "only names are affected"),
        Text(
            "personnummer och känsliga uppgifter berörs",
            "identity numbers and special categories are affected",
        ),
    ),
    "data.subject_categories": (
        [],
        [SubjectCategory.VULNERABLE],
        Text("inga sårbara grupper berörs", "no vulnerable people are affected"),
        Text("sårbara personer berörs", "vulnerable people are affected"),
    ),
    "data.subjects_count": (
        1,
        MANY_PEOPLE,
        Text(
            f"färre än {MANY_PEOPLE:,} personer berörs".replace(",", "\u00a0"),
            f"fewer than {MANY_PEOPLE:,} people are affected",
        ),
        Text(
            f"{MANY_PEOPLE:,} personer eller fler berörs".replace(",", "\u00a0"),
            f"{MANY_PEOPLE:,} people or more are affected",
        ),
    ),
    "circumstances.exfiltration": (
        Exfiltration.RULED_OUT,
        Exfiltration.CONFIRMED,
        Text("det utesluts att uppgifter förts ut", "exfiltration is ruled out"),
        Text("det bekräftas att uppgifter förts ut", "exfiltration is confirmed"),
    ),
    "circumstances.recipients": (
        Recipients.NONE_KNOWN,
        Recipients.UNKNOWN_OR_MANY,
        Text("ingen obehörig har sett uppgifterna", "no one unauthorised saw the data"),
        Text("okända eller många har fått uppgifterna", "unknown or many people got the data"),
    ),
    "circumstances.encryption": (
        Encryption.STRONG_KEY_SAFE,
        Encryption.NONE,
        Text(
            "uppgifterna var starkt krypterade med säker nyckel",
            "the data were strongly encrypted with a safe key",
        ),
        Text("uppgifterna var inte krypterade", "the data were not encrypted"),
    ),
    "circumstances.passwords": (
        PasswordProtection.STRONG_SALTED_HASH,
        PasswordProtection.PLAINTEXT,
        Text(
            "lösenorden var starkt hashade och saltade",
            "the passwords were strongly hashed and salted",
        ),
        Text("lösenorden låg i klartext", "the passwords were in plain text"),
    ),
    "circumstances.availability": (
        AvailabilityImpact.RESTORED_QUICKLY,
        AvailabilityImpact.PERMANENT,
        Text("uppgifterna återställs inom timmar", "the data are restored within hours"),
        Text("uppgifterna är permanent förlorade", "the data are permanently lost"),
    ),
    "circumstances.backup": (
        Backup.RESTORED,
        Backup.NONE,
        Text(
            "uppgifterna återställs från en säkerhetskopia", "the data are restored from a backup"
        ),
        Text("det finns ingen användbar säkerhetskopia", "there is no usable backup"),
    ),
    "circumstances.integrity": (
        IntegrityImpact.NONE,
        IntegrityImpact.NOT_RECOVERABLE,
        Text("inga uppgifter ändrades", "no data were altered"),
        Text("uppgifter ändrades och kan inte återställas", "data were altered beyond recovery"),
    ),
    "circumstances.care_affected": (
        CareImpact.NONE,
        CareImpact.DELAYED,
        Text("ingen vård eller viktig service försenades", "no care or vital service was delayed"),
        Text(
            "vård eller annan viktig service försenades eller ställdes in",
            "care or another vital service was delayed or cancelled",
        ),
    ),
    "circumstances.misuse": (
        Misuse.NONE_SEEN,
        Misuse.SUSPECTED,
        Text("det inte finns några tecken på missbruk", "there is no sign of misuse"),
        Text("missbruk misstänks", "misuse is suspected"),
    ),
}


def _open_state(facts: Facts, path: str) -> Text | None:
    """Why a question is open, or None when its answer (or its documented default) is used."""
    section, name = path.split(".", 1)
    if facts.section(section).is_unknown(name):
        return NOT_YET_KNOWN
    value = facts.value(path)
    if path == "data.data_categories" and value is None:
        return NOT_ANSWERED
    if path == "circumstances.exfiltration":
        if value is Exfiltration.SUSPECTED:
            return SUSPECTED
        # Ransomware is rarely cleared of exfiltration on day one: silence is not a "no".
        if value is None and facts.description.breach_type is BreachType.MALWARE:
            return NOT_ANSWERED
    if path == "circumstances.care_affected" and value is None:
        base = read(facts, {})
        health = base.sector in HEALTH_AND_CARE or SubjectCategory.PATIENTS in base.subjects
        if health and base.availability_lost is not None:
            return NOT_ANSWERED
    return None


def open_questions(facts: Facts) -> list[OpenQuestion]:
    """The questions the assessment must assume an answer to, in form order."""
    found = []
    for path, (best, worst, if_best, if_worst) in _ANSWERS.items():
        state = _open_state(facts, path)
        if state is not None:
            found.append(OpenQuestion(path, state, best, worst, if_best, if_worst))
    return found


def _kinds(facts: Facts, assumed: Mapping[str, Any]) -> frozenset[BreachKind]:
    given = assumed.get("description.kinds", facts.description.kinds)
    kinds = set(given or [])
    if not kinds:
        kinds = set(_KINDS_BY_TYPE.get(facts.description.breach_type, {BreachKind.CONFIDENTIALITY}))
    return frozenset(kinds)


def read(facts: Facts, assumed: Mapping[str, Any]) -> Reading:
    """The reading of ``facts``, with ``assumed`` answers (by path) for the open questions.

    Unanswered questions that are not open take their documented default: no credit for a
    protection that was not stated (encryption, backup, trusted recipient), no aggravation that
    was not stated (misuse, care delayed).
    """

    def get(path: str) -> Any:
        return assumed[path] if path in assumed else facts.value(path)

    c = facts.circumstances
    count = get("data.subjects_count")
    return Reading(
        kinds=_kinds(facts, assumed),
        breach_type=facts.description.breach_type,
        cause=get("description.cause"),
        data=frozenset(get("data.data_categories") or []),
        subjects=frozenset(get("data.subject_categories") or []),
        subjects_count=count if isinstance(count, int) or count is None else count.value,
        sector=facts.controller.sector,
        exfiltration=get("circumstances.exfiltration"),
        recipients=get("circumstances.recipients"),
        recipient_trusted=c.recipient_kind is RecipientKind.TRUSTED_SECRECY,
        deletion_confirmed=c.deletion is Deletion.CONFIRMED,
        encryption=get("circumstances.encryption"),
        passwords=get("circumstances.passwords"),
        availability=get("circumstances.availability"),
        backup=get("circumstances.backup"),
        integrity=get("circumstances.integrity"),
        care_affected=get("circumstances.care_affected") is CareImpact.DELAYED,
        misuse=get("circumstances.misuse"),
        ease_of_identification=c.ease_of_identification,
        data_context=c.data_context,
        behavioural_insight=c.behavioural_insight,
        financial_insight=c.financial_insight,
        sensitive_insight=c.sensitive_insight,
        risk_removed=bool(c.risk_removed),
        reachability=c.reachability,
        assumed=frozenset(assumed),
    )
