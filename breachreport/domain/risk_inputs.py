"""What the risk method reads from the facts: a flat Reading, and the open questions it must try.

A question the outcome depends on is open when it is marked "not yet known" or, for a question
whose silence would otherwise read as the mild answer, when it is simply unanswered: the method
then tries it at both ends. A protection that was not stated (encryption, a backup, a deletion)
gets no credit, and the assessment lists it as something that could lower the duties.
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
from .circumstances import (
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
from .labels import Text

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
# Types whose cause is plain from the type itself when it is not given: a mis-sent letter, a
# disclosure or a deletion by mistake are not attacks (a leak in bad faith says so through the
# cause or the recipients), and malware is an attack.
_CAUSE_BY_TYPE = {
    BreachType.MISDIRECTED: False,
    BreachType.UNAUTHORISED_DISCLOSURE: False,
    BreachType.ACCIDENTAL_CHANGE: False,
    BreachType.MALWARE: True,
}
# Types where data may have been copied out by whoever got in.
_INTRUSIONS = frozenset({BreachType.MALWARE, BreachType.UNAUTHORISED_ACCESS, BreachType.OTHER})
# Types where someone received or could see the data.
_DISCLOSURES = frozenset(
    {BreachType.MISDIRECTED, BreachType.UNAUTHORISED_DISCLOSURE, BreachType.OTHER}
)
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


@dataclass(frozen=True)
class OpenQuestion:
    """A question whose answer is not known yet, with the best and worst answers it may get.

    ``counts`` is False for a protection that was simply not stated: the reading gives it no
    credit and the duties do not wait for it, but the assessment says what it could lower.
    """

    path: str
    state: Text  # why it is open: not yet known, suspected, not answered
    best: Any
    worst: Any
    if_best: Text  # "exfiltration is ruled out"
    if_worst: Text  # "exfiltration is confirmed"
    counts: bool = True


NOT_YET_KNOWN = Text("ännu inte känt", "not yet known")
NOT_ANSWERED = Text("inte besvarat", "not answered")
SUSPECTED = Text("misstänkt men inte bekräftat", "suspected but not confirmed")
NO_CREDIT = Text(
    "inte besvarat; ingen hänsyn tas till ett skydd som inte angetts",
    "not answered; a protection that was not stated is given no credit",
)


def _people(n: int, sv: str, en: str) -> Text:
    return Text(sv.format(f"{n:,}".replace(",", "\u00a0")), en.format(f"{n:,}"))


# For each question the method may have to assume: (best, worst, if best, if worst), the answers
# ordered so that the worst never lowers the risk. Counts are filled in per incident.
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
        Text("orsaken var ett angrepp eller en stöld", "the cause was an attack or a theft"),
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
        [SubjectCategory.CHILDREN, SubjectCategory.VULNERABLE, SubjectCategory.PROTECTED_IDENTITY],
        Text("inga sårbara grupper berörs", "no vulnerable people are affected"),
        Text(
            "barn, sårbara personer eller personer med skyddade personuppgifter berörs",
            "children, vulnerable people or people with protected identity are affected",
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
        Recipients.PUBLISHED,
        Text("ingen obehörig har sett uppgifterna", "no one unauthorised saw the data"),
        Text(
            "uppgifterna publicerades eller nådde okända",
            "the data were published or reached unknown people",
        ),
    ),
    "circumstances.recipient_kind": (
        RecipientKind.TRUSTED_SECRECY,
        RecipientKind.MALICIOUS,
        Text(
            "mottagarna är betrodda och bundna av tystnadsplikt",
            "the recipients are trusted and bound by secrecy",
        ),
        Text("en mottagare handlar i ond tro", "a recipient acts in bad faith"),
    ),
    "circumstances.deletion": (
        Deletion.RETURNED_UNREAD,
        Deletion.NOT_ASKED,
        Text("uppgifterna kom tillbaka olästa", "the data came back unread"),
        Text("mottagarna har inte raderat uppgifterna", "the recipients have not deleted the data"),
    ),
    "circumstances.access": (
        Access.NOT_ACCESSED,
        Access.ACCESSED,
        Text("loggar visar att ingen öppnade uppgifterna", "logs show that nobody opened the data"),
        Text("någon öppnade uppgifterna", "someone opened the data"),
    ),
    "circumstances.misuse": (
        Misuse.NONE_SEEN,
        Misuse.CONFIRMED,
        Text("det inte finns några tecken på missbruk", "there is no sign of misuse"),
        Text("missbruk bekräftas", "misuse is confirmed"),
    ),
    "circumstances.misuse_kinds": (
        [MisuseKind.CONTACT],
        [MisuseKind.FRAUD],
        Text(
            "missbruket bara bestod i att personerna kontaktades",
            "the misuse was only contacting the people",
        ),
        Text("missbruket var bedrägeri", "the misuse was fraud"),
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
    "circumstances.pseudonymised": (
        Pseudonymisation.KEY_SAFE,
        Pseudonymisation.NO,
        Text(
            "uppgifterna var pseudonymiserade med en nyckel som inte röjts",
            "the data were pseudonymised with a key that was not compromised",
        ),
        Text("uppgifterna var inte pseudonymiserade", "the data were not pseudonymised"),
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
    "circumstances.device_state": (
        [DeviceState.RECOVERED_UNOPENED],
        None,
        Text("enheten återfanns oöppnad", "the device was recovered unopened"),
        Text("enheten var varken låst eller raderad", "the device was neither locked nor wiped"),
    ),
    "circumstances.availability": (
        AvailabilityImpact.RESTORED_QUICKLY,
        AvailabilityImpact.PERMANENT,
        Text("uppgifterna återställs inom timmar", "the data are restored within hours"),
        Text("uppgifterna är permanent förlorade", "the data are permanently lost"),
    ),
    "circumstances.unavailable_hours": (
        1,
        30 * 24,
        Text(
            "uppgifterna var borta högst några timmar",
            "the data were out of reach for hours at most",
        ),
        Text(
            "uppgifterna var borta i mer än ett dygn",
            "the data were out of reach for more than a day",
        ),
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
        Text("ingen vård eller viktig service påverkas", "no care or vital service is affected"),
        Text(
            "vård eller annan viktig service försenas eller ställs in",
            "care or another vital service is delayed or cancelled",
        ),
    ),
    "circumstances.ease_of_identification": (
        EaseOfIdentification.NEGLIGIBLE,
        EaseOfIdentification.MAXIMUM,
        Text(
            "personerna knappast går att identifiera",
            "the people can hardly be identified",
        ),
        Text("uppgifterna identifierar personerna direkt", "the data identify the people directly"),
    ),
    "circumstances.data_context": (
        DataContext.NOTHING_MORE,
        DataContext.SAFETY,
        Text(
            "uppgifterna inte avslöjar något utöver sig själva",
            "the data reveal nothing beyond themselves",
        ),
        Text(
            "vilka personerna är kan hota deras säkerhet",
            "who the people are could endanger their safety",
        ),
    ),
    "circumstances.financial_insight": (
        FinancialInsight.BEING_CUSTOMER,
        FinancialInsight.FULL,
        Text(
            "de ekonomiska uppgifterna inte ger någon egentlig insyn",
            "the financial data give no real insight",
        ),
        Text(
            "de ekonomiska uppgifterna möjliggör bedrägeri",
            "the financial data enable fraud",
        ),
    ),
    "circumstances.behavioural_insight": (
        BehaviouralInsight.NO_INSIGHT,
        BehaviouralInsight.EVERYDAY_PROFILE,
        Text("uppgifterna om beteende inte visar något", "the behavioural data show nothing"),
        Text(
            "uppgifterna om beteende ger en profil av vardagen",
            "the behavioural data profile everyday life",
        ),
    ),
    "circumstances.sensitive_insight": (
        SensitiveInsight.NO_INSIGHT,
        SensitiveInsight.DISCLOSED,
        Text(
            "de känsliga uppgifterna inte ger någon egentlig insyn",
            "the sensitive data give no real insight",
        ),
        Text("de känsliga uppgifterna röjs", "the sensitive data are disclosed"),
    ),
    "circumstances.sensitive_gravity": (
        SensitiveGravity.MINOR,
        SensitiveGravity.GRAVE,
        Text("de känsliga uppgifterna är mindre allvarliga", "the sensitive data are minor"),
        Text(
            "de känsliga uppgifterna är allvarliga eller stigmatiserande",
            "the sensitive data are grave or stigmatising",
        ),
    ),
}

# Protections: not stated means no credit; listed so that the DPO knows what could lower a duty.
PROTECTIONS = frozenset(
    {
        "circumstances.deletion",
        "circumstances.encryption",
        "circumstances.pseudonymised",
        "circumstances.passwords",
        "circumstances.device_state",
        "circumstances.backup",
        "circumstances.access",
        "circumstances.sensitive_insight",
    }
)


def _relevant(path: str, base: Reading) -> bool:
    """Whether an unanswered question can matter for this incident at all."""
    t = base.breach_type
    if path == "description.kinds":
        return t is None
    if path == "description.cause":
        return t not in _CAUSE_BY_TYPE
    if path in ("data.data_categories", "data.subject_categories", "data.subjects_count"):
        return True
    if path == "circumstances.exfiltration":
        return t is None or t in _INTRUSIONS
    if path == "circumstances.recipients":
        return (t is None or t in _DISCLOSURES) and BreachKind.CONFIDENTIALITY in base.kinds
    if path in ("circumstances.recipient_kind", "circumstances.deletion"):
        return base.recipients in KNOWN_RECIPIENTS
    if path == "circumstances.access":
        return base.confidentiality_at_stake and base.holder is Holder.NOBODY and not base.lost
    if path == "circumstances.misuse_kinds":
        return base.misuse in (Misuse.CONFIRMED, Misuse.SUSPECTED)
    if path == "circumstances.encryption":
        return (
            base.confidentiality_at_stake
            and (t is None or t in _INTRUSIONS or t is BreachType.LOSS_OR_THEFT)
            and base.medium not in (Medium.PAPER, Medium.PHOTO_OF_PAPER)
        )
    if path == "circumstances.pseudonymised":
        return base.confidentiality_at_stake and base.special
    if path == "circumstances.passwords":
        return DataCategory.CREDENTIALS in base.data
    if path == "circumstances.device_state":
        return base.lost and base.medium not in (Medium.PAPER, Medium.PHOTO_OF_PAPER)
    if path == "circumstances.availability":
        return (
            BreachKind.AVAILABILITY in base.kinds
            and base.unavailable_hours is None
            and (base.backup not in (Backup.RESTORED, Backup.AVAILABLE, Backup.HELD_ELSEWHERE))
        )
    if path == "circumstances.unavailable_hours":
        return (
            BreachKind.AVAILABILITY in base.kinds
            and base.availability is None
            and (base.care_data or base.care in (CareImpact.POSSIBLE, CareImpact.DELAYED))
        )
    if path == "circumstances.backup":
        return BreachKind.AVAILABILITY in base.kinds and base.availability is None
    if path == "circumstances.integrity":
        return BreachKind.INTEGRITY in base.kinds
    if path == "circumstances.care_affected":
        return BreachKind.AVAILABILITY in base.kinds and (
            base.care_data or base.sector in HEALTH_AND_CARE
        )
    if path == "circumstances.financial_insight":
        return DataCategory.FINANCIAL in base.data
    if path == "circumstances.behavioural_insight":
        return bool(base.data & {DataCategory.LOCATION, DataCategory.COMMUNICATION})
    if path in ("circumstances.sensitive_insight", "circumstances.sensitive_gravity"):
        return base.special
    return False


def _bounds(path: str, base: Reading) -> tuple[Any, Any, Text, Text] | None:
    if path == "data.subjects_count":
        most = MANY_PEOPLE
        if base.records_count is not None:
            most = min(most, base.records_count)
        best = 1 if base.sensitive_count is None else base.sensitive_count
        if most <= best:
            return None
        return (
            best,
            most,
            _people(
                MANY_PEOPLE, "färre än {} personer berörs", "fewer than {} people are affected"
            ),
            _people(most, "{} personer eller fler berörs", "{} people or more are affected")
            if most == MANY_PEOPLE
            else _people(
                most, "alla {} poster gäller olika personer", "all {} records are different people"
            ),
        )
    return _ANSWERS.get(path)


_QUESTIONS = [
    "description.kinds",
    "description.cause",
    "data.subjects_count",
    "data.subject_categories",
    "data.data_categories",
    *[p for p in _ANSWERS if p.startswith("circumstances.")],
]


def _state(facts: Facts, path: str, base: Reading) -> tuple[Text, bool] | None:
    """Why a question is open and whether it counts, or None when its answer is used."""
    section, name = path.split(".", 1)
    if facts.section(section).is_unknown(name):
        return NOT_YET_KNOWN, True
    value = facts.value(path)
    if path == "circumstances.exfiltration" and value is Exfiltration.SUSPECTED:
        return SUSPECTED, True
    if path == "circumstances.misuse" and value is Misuse.SUSPECTED:
        return SUSPECTED, True
    if value not in (None, []) or not _relevant(path, base):
        return None
    if path in PROTECTIONS:
        return NO_CREDIT, False
    return NOT_ANSWERED, True


def open_questions(facts: Facts) -> list[OpenQuestion]:
    """The questions the assessment must try at both ends (and the protections it could credit),
    in form order."""
    base = read(facts, {})
    found = []
    for path in _QUESTIONS:
        state = _state(facts, path, base)
        if state is None:
            continue
        bounds = _bounds(path, base)
        if bounds is None:
            continue
        best, worst, if_best, if_worst = bounds
        found.append(OpenQuestion(path, state[0], best, worst, if_best, if_worst, state[1]))
    return found


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
