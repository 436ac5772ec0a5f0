"""How the EDPB template's later parts are answered from the facts: the consequences and the
controller's view of the risk (part 4), telling the data subjects (part 5), and other
authorities and countries (part 6). Each function returns the export's value or None. Pure.
"""

from __future__ import annotations

from typing import Any

from . import edpb_choices as E
from .choices import (
    Authority,
    Channel,
    Consequence,
    InformStatus,
    NotInformReason,
    SeverityEstimate,
)
from .circumstances import Outcome
from .edpb_fill import Source, iso

# -- part 4 ---------------------------------------------------------------------------------


def consequences_if(kind_field: int, affected: tuple[str, ...]):
    """The described consequences, for a kind of loss (C, I or A) that applies; the facts hold one
    description for all kinds, so each applying kind carries it."""

    def fill(src: Source) -> str | None:
        if src.values.get(kind_field) not in affected:
            return None
        return src.facts.consequences.details

    fill.path = "consequences.details"  # type: ignore[attr-defined] - its English text is there
    return fill


_IMPACT = {
    Consequence.IDENTITY_THEFT: E.Impact.IDENTITY_THEFT,
    Consequence.FINANCIAL_LOSS: E.Impact.FINANCIAL_LOSS,
    Consequence.REPUTATION: E.Impact.REPUTATION,
    Consequence.DISCRIMINATION: E.Impact.DISCRIMINATION,
    Consequence.LOSS_OF_CONTROL: E.Impact.LOSS_OF_CONTROL,
    Consequence.LOSS_OF_SECRECY: E.Impact.PROFESSIONAL_SECRECY,
    Consequence.PHYSICAL_HARM: E.Impact.PHYSICAL_HARM,
    Consequence.DISTRESS: E.Impact.DISTRESS,
    Consequence.OTHER: E.Impact.OTHER,
}


def impacts(src: Source) -> list[str] | None:
    likely = src.facts.consequences.likely
    return [_IMPACT[c].value for c in likely] if likely else None


_SEVERITY = {
    SeverityEstimate.LOW: E.Severity.MINOR,
    SeverityEstimate.MEDIUM: E.Severity.MODERATE,
    SeverityEstimate.HIGH: E.Severity.SEVERE,
    SeverityEstimate.VERY_HIGH: E.Severity.SEVERE,
}


def severity(src: Source) -> str | None:
    estimate = src.facts.consequences.severity
    return None if estimate is None else _SEVERITY[estimate].value


_DECIDED = {
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: E.RiskOutcome.HIGH,
    Outcome.NOTIFY_AUTHORITY: E.RiskOutcome.RISK,
    Outcome.DOCUMENT_ONLY: E.RiskOutcome.UNLIKELY,
}


def risk_outcome(src: Source) -> str:
    """The DPO's decision where one is made; otherwise the assessment's recommendation, and "more
    information needed" while an open answer could still change it."""
    decided = src.facts.decision.outcome
    if decided is not None:
        # A high risk the data subjects need not hear of (Art. 34(3)(a) or (b)) is still high.
        reason = src.facts.communication.reason_not
        if decided is Outcome.NOTIFY_AUTHORITY and reason in (
            NotInformReason.UNINTELLIGIBLE,
            NotInformReason.RISK_REMOVED,
            NotInformReason.DISPROPORTIONATE,
        ):
            return E.RiskOutcome.HIGH.value
        return _DECIDED[decided].value
    assessment = src.assessment
    if assessment.notify_data_subjects is True:
        return E.RiskOutcome.HIGH.value
    if assessment.notify_authority is None or assessment.notify_data_subjects is None:
        return E.RiskOutcome.MORE_INFO.value
    return (E.RiskOutcome.RISK if assessment.notify_authority else E.RiskOutcome.UNLIKELY).value


# -- part 5 ---------------------------------------------------------------------------------


def communication(src: Source) -> str | None:
    c = src.facts.communication
    if c.status is InformStatus.INFORMED:
        return E.Communication.DONE.value
    if c.status is InformStatus.WILL_INFORM:
        return E.Communication.PLANNED.value
    if c.status is InformStatus.WILL_NOT_INFORM:
        if c.reason_not is NotInformReason.NO_HIGH_RISK:
            return E.Communication.NOT_NEEDED.value
        return None if c.reason_not is None else E.Communication.EXEMPTION.value
    return E.Communication.NOT_YET.value if src.unknown("communication.status") else None


def exemption(src: Source) -> str | None:
    reason = src.facts.communication.reason_not
    if reason is None or reason is NotInformReason.NO_HIGH_RISK:
        return None
    return reason.value  # art34_3a | art34_3b | art34_3c, as the template names them


_MEANS = {
    Channel.LETTER: E.Means.LETTER,
    Channel.EMAIL: E.Means.EMAIL,
    Channel.SMS: E.Means.SMS,
    Channel.HEALTH_PORTAL: E.Means.PORTAL,
    Channel.WEBSITE: E.Means.WEBSITE,
    Channel.PRESS: E.Means.PRESS,
    Channel.OTHER: E.Means.OTHER,
}


def means(src: Source) -> list[str] | None:
    channels = src.facts.communication.channels
    return [_MEANS[c].value for c in channels] if channels else None


# -- part 6 ---------------------------------------------------------------------------------


def _reports(src: Source, police: bool) -> list[Any]:
    reports = src.facts.other.reports or []
    return [r for r in reports if (r.authority is Authority.POLICE) is police]


def police_reported(src: Source) -> bool:
    """The IMY notification's reading: no report listed means none was made."""
    return bool(_reports(src, police=True))


def police_reference(src: Source) -> str | None:
    return next((r.reference for r in _reports(src, police=True) if r.reference), None)


def police_reported_at(src: Source) -> str | None:
    return next((iso(r.reported_at) for r in _reports(src, police=True) if r.reported_at), None)


def others_reported(src: Source) -> bool:
    return bool(_reports(src, police=False))


_AUTHORITY = {
    Authority.CSIRT: E.OtherAuthority.CSIRT,
    Authority.IVO: E.OtherAuthority.SECTOR,
    Authority.SECURITY_SERVICE: E.OtherAuthority.SECURITY,
    Authority.OTHER_SUPERVISORY: E.OtherAuthority.SUPERVISORY,
    Authority.OTHER: E.OtherAuthority.OTHER,
}


def other_authorities(src: Source) -> list[dict[str, Any]] | None:
    found = []
    for report in _reports(src, police=False):
        item: dict[str, Any] = {"authority": _AUTHORITY[report.authority].value}
        if report.reference:
            item["reference"] = report.reference
        if report.reported_at:
            item["reported_at"] = iso(report.reported_at)
        found.append(item)
    return found or None


def cross_border(src: Source) -> bool | None:
    flag = src.facts.notification.cross_border
    if flag is None and src.facts.other.other_countries:
        return True
    return flag


def countries(src: Source) -> list[dict[str, Any]] | None:
    codes = src.facts.other.other_countries
    return [{"country": code} for code in codes] if codes else None
