"""ENISA's severity of a breach, SE = DPC x EI + CB, with its tables carried exactly from the method.

Pure arithmetic over a Reading; it measures severity only and never decides a duty (see assessment).
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import DataCategory, Sector, SubjectCategory
from .circumstance_choices import (
    AvailabilityImpact,
    BehaviouralInsight,
    DataContext,
    EaseOfIdentification,
    FinancialInsight,
    IntegrityImpact,
    Pseudonymisation,
    SensitiveInsight,
)
from .labels import Choice, Text
from .risk_inputs import AT_RISK_GROUPS, Holder, Reading


class DataKind(Choice):
    SIMPLE = ("simple", "enkla uppgifter", "simple data")
    BEHAVIOURAL = ("behavioural", "uppgifter om beteende", "behavioural data")
    FINANCIAL = ("financial", "ekonomiska uppgifter", "financial data")
    SENSITIVE = ("sensitive", "känsliga uppgifter", "sensitive data")


class Band(Choice):
    LOW = ("low", "låg", "low")
    MEDIUM = ("medium", "medel", "medium")
    HIGH = ("high", "hög", "high")
    VERY_HIGH = ("very_high", "mycket hög", "very high")


BASE_SCORE = {
    DataKind.SIMPLE: 1,
    DataKind.BEHAVIOURAL: 2,
    DataKind.FINANCIAL: 3,
    DataKind.SENSITIVE: 4,
}

_BEHAVIOURAL = {DataCategory.LOCATION, DataCategory.COMMUNICATION}
_SENSITIVE = {DataCategory.CRIMINAL} | {c for c in DataCategory if c.special}


def kind_of(category: DataCategory) -> DataKind:
    if category in _SENSITIVE:
        return DataKind.SENSITIVE
    if category is DataCategory.FINANCIAL:
        return DataKind.FINANCIAL
    if category in _BEHAVIOURAL:
        return DataKind.BEHAVIOURAL
    return DataKind.SIMPLE


# The adjustments, in whole steps, per kind of data (risk-method.md, "Adjust in whole steps").
SIMPLE_ADJUSTMENT = {
    DataContext.NOTHING_MORE: 0,
    DataContext.PROFILE: 1,
    DataContext.SENSITIVE_ASSUMPTIONS: 2,
    DataContext.SAFETY: 3,
}
BEHAVIOURAL_ADJUSTMENT = {
    BehaviouralInsight.NO_INSIGHT: -1,
    BehaviouralInsight.SOME: 0,
    BehaviouralInsight.EVERYDAY_PROFILE: 1,
}
FINANCIAL_ADJUSTMENT = {
    FinancialInsight.BEING_CUSTOMER: -2,
    FinancialInsight.LIMITED: -1,
    FinancialInsight.ORDINARY: 0,
    FinancialInsight.FULL: 1,
}
SENSITIVE_ADJUSTMENT = {
    SensitiveInsight.NO_INSIGHT: -3,
    SensitiveInsight.GENERAL: -2,
    SensitiveInsight.ASSUMPTIONS: -1,
    SensitiveInsight.DISCLOSED: 0,
}

EI_VALUE = {
    EaseOfIdentification.NEGLIGIBLE: 0.25,
    EaseOfIdentification.LIMITED: 0.5,
    EaseOfIdentification.SIGNIFICANT: 0.75,
    EaseOfIdentification.MAXIMUM: 1.0,
}

CONFIDENTIALITY_CB = {
    Holder.NOBODY: 0.0,
    Holder.KNOWN_FEW: 0.25,
    Holder.KNOWN_MANY: 0.5,
    Holder.KNOWN_MALICIOUS: 0.25,
    Holder.INTERESTED: 0.25,
    Holder.UNKNOWN_OR_MANY: 0.5,
    Holder.ATTACKER: 0.5,
}
INTEGRITY_CB = {
    IntegrityImpact.NONE: 0.0,
    IntegrityImpact.RECOVERABLE: 0.25,
    IntegrityImpact.NOT_RECOVERABLE: 0.5,
}
AVAILABILITY_CB = {
    AvailabilityImpact.NONE: 0.0,
    AvailabilityImpact.RESTORED_QUICKLY: 0.0,
    AvailabilityImpact.TEMPORARY: 0.25,
    AvailabilityImpact.PERMANENT: 0.5,
}
MALICIOUS_CB = 0.5

# Data that point at one person on their own.
_DIRECT = {
    DataCategory.PERSONAL_NUMBER,
    DataCategory.FOREIGN_ID,
    DataCategory.OFFICIAL_DOCUMENTS,
    DataCategory.BIOMETRIC,
    DataCategory.GENETIC,
}


def band_of(score: float) -> Band:
    if score < 2:
        return Band.LOW
    if score < 3:
        return Band.MEDIUM
    if score < 4:
        return Band.HIGH
    return Band.VERY_HIGH


def derived_context(reading: Reading) -> DataContext:
    """What plain data reveal through who the people are, as far as the facts show it.

    People whom disclosure can endanger (protected identity, victims, people at risk of
    persecution) make it a matter of safety; patients and vulnerable people reveal health or
    similar (a clinic's customer list); assessments, secrecy-protected data, family situation and
    social services clients allow profiling.
    """
    if reading.subjects & AT_RISK_GROUPS:
        return DataContext.SAFETY
    if reading.subjects & {SubjectCategory.PATIENTS, SubjectCategory.VULNERABLE}:
        return DataContext.SENSITIVE_ASSUMPTIONS
    if reading.data & {DataCategory.EVALUATIVE, DataCategory.SECRECY, DataCategory.FAMILY} or (
        reading.sector is Sector.SOCIAL_SERVICES
    ):
        return DataContext.PROFILE
    return DataContext.NOTHING_MORE


def data_context(reading: Reading) -> tuple[DataContext, bool]:
    """What plain data reveal through who the people are, and whether that was derived.

    An answer (or an assumption while the question is open) counts as given; an assumption never
    goes below what the facts already show.
    """
    derived = derived_context(reading)
    if reading.data_context is not None:
        if "circumstances.data_context" in reading.assumed:
            order = list(DataContext)
            return max(reading.data_context, derived, key=order.index), False
        return reading.data_context, False
    return derived, True


_INSIGHT = {
    DataKind.BEHAVIOURAL: "behavioural_insight",
    DataKind.FINANCIAL: "financial_insight",
    DataKind.SENSITIVE: "sensitive_insight",
}


def _adjustment(kind: DataKind, reading: Reading) -> int:
    if kind is DataKind.SIMPLE:
        return SIMPLE_ADJUSTMENT[data_context(reading)[0]]
    if kind is DataKind.BEHAVIOURAL:
        return BEHAVIOURAL_ADJUSTMENT.get(reading.behavioural_insight, 0)
    if kind is DataKind.FINANCIAL:
        return FINANCIAL_ADJUSTMENT.get(reading.financial_insight, 0)
    return SENSITIVE_ADJUSTMENT.get(reading.sensitive_insight, 0)


def ease_of_identification(reading: Reading) -> tuple[EaseOfIdentification, bool]:
    """The EI level, and whether it was derived rather than given.

    Derived: strong encryption with a safe key makes matching negligible; pseudonyms whose key is
    safe make it take significant effort (limited); an identity number, an
    identity document or biometric or genetic data, or a name with contact details or a date of
    birth, identify directly; a name or contact details alone make it relatively easy; anything
    else takes significant effort.
    """
    if reading.ease_of_identification is not None:
        return reading.ease_of_identification, False
    data = reading.data
    if reading.unintelligible:
        return EaseOfIdentification.NEGLIGIBLE, True
    if reading.pseudonymised is Pseudonymisation.KEY_SAFE:
        return EaseOfIdentification.LIMITED, True
    named = DataCategory.IDENTITY in data
    if data & _DIRECT or (named and data & {DataCategory.CONTACT, DataCategory.BIRTH_DATE}):
        return EaseOfIdentification.MAXIMUM, True
    if named or DataCategory.CONTACT in data:
        return EaseOfIdentification.SIGNIFICANT, True
    return EaseOfIdentification.LIMITED, True


@dataclass(frozen=True)
class Severity:
    """One ENISA score with its parts, so that a reason can show the sum."""

    dpc: int
    dpc_kind: DataKind
    dpc_adjustment: int
    ei_level: EaseOfIdentification
    confidentiality: float
    integrity: float
    availability: float
    malicious: float
    paths: tuple[str, ...]

    @property
    def ei(self) -> float:
        return EI_VALUE[self.ei_level]

    @property
    def cb(self) -> float:
        return self.confidentiality + self.integrity + self.availability + self.malicious

    @property
    def score(self) -> float:
        return self.dpc * self.ei + self.cb

    @property
    def band(self) -> Band:
        return band_of(self.score)

    def to_json(self) -> dict[str, object]:
        return {
            "score": self.score,
            "band": self.band.value,
            "dpc": self.dpc,
            "ei": self.ei,
            "cb": self.cb,
        }

    def formula(self) -> Text:
        """The sum written out: 'SE = 4 × 1 + 0,75 = 4,75 (mycket hög)'."""

        def line(lang: str) -> str:
            parts = (number(self.dpc, lang), number(self.ei, lang), number(self.cb, lang))
            total = number(self.score, lang)
            return f"SE = {parts[0]} × {parts[1]} + {parts[2]} = {total} ({self.band.label(lang)})"

        return Text(line("sv"), line("en"))


def number(value: float, lang: str) -> str:
    """0.75 as '0,75' in Swedish and '0.75' in English; whole numbers without decimals."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "sv" else text


def enisa(reading: Reading) -> Severity:
    """ENISA's severity for one reading of the facts.

    DPC: each kind of data present is scored from its base with its own adjustment, kept within
    1..4, and the highest counts (ENISA scores by the most critical kind; scoring each keeps a
    plainer kind with a strong adjustment, such as protected identity, from being hidden).
    """
    kinds = {kind_of(c) for c in reading.data} or {DataKind.SIMPLE}
    scores = {kind: min(4, max(1, BASE_SCORE[kind] + _adjustment(kind, reading))) for kind in kinds}
    # The highest score; on a tie, the more critical kind names it.
    kind = max(kinds, key=lambda k: (scores[k], BASE_SCORE[k]))
    dpc = scores[kind]
    ei_level, _ = ease_of_identification(reading)

    confidentiality = 0.0
    if reading.confidentiality_at_stake:
        confidentiality = CONFIDENTIALITY_CB[reading.holder]
    integrity = INTEGRITY_CB[reading.integrity_lost] if reading.integrity_lost else 0.0
    availability = AVAILABILITY_CB[reading.availability_lost] if reading.availability_lost else 0.0
    paths = ["data.data_categories"]
    if kind is DataKind.SIMPLE:
        context, derived = data_context(reading)
        if context is not DataContext.NOTHING_MORE:
            paths.append("data.subject_categories" if derived else "circumstances.data_context")
    elif getattr(reading, _INSIGHT[kind]) is not None:
        paths.append(f"circumstances.{_INSIGHT[kind]}")
    if reading.ease_of_identification is not None:
        paths.append("circumstances.ease_of_identification")
    elif reading.unintelligible:
        paths.append("circumstances.encryption")
    elif reading.pseudonymised is Pseudonymisation.KEY_SAFE:
        paths.append("circumstances.pseudonymised")
    if confidentiality:
        paths.extend(reading.holder_paths)
    if integrity:
        paths.append("circumstances.integrity")
    if availability:
        paths.append("circumstances.availability")
    if reading.malicious:
        paths.extend(reading.malicious_paths)
    return Severity(
        dpc=dpc,
        dpc_kind=kind,
        dpc_adjustment=dpc - BASE_SCORE[kind],
        ei_level=ei_level,
        confidentiality=confidentiality,
        integrity=integrity,
        availability=availability,
        malicious=MALICIOUS_CB if reading.malicious else 0.0,
        paths=tuple(dict.fromkeys(paths)),
    )
