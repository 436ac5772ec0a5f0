"""What a filing to IMY must contain: preliminary, supplement, complete or withdrawal.

Pure rules over facts and earlier filings; returns bilingual problems and never refuses silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .choices import FilingKind, InformStatus
from .circumstances import Outcome
from .facts import Facts
from .fields import question_meta
from .labels import Text
from .problems import Problem

ARTICLE_33_WINDOW = timedelta(hours=72)


@dataclass(frozen=True)
class PriorFiling:
    """What the rules need to know about an earlier filing."""

    kind: FilingKind
    filed_at: datetime
    case_number: str | None
    delay_reasons: str | None = None  # given when it was filed (filing metadata)


_TEXTS = {
    "required": Text(
        "Frågan ”{label_sv}” måste besvaras innan anmälan kan skickas.",
        "The question '{label_en}' must be answered before this can be filed.",
    ),
    "required_or_unknown": Text(
        "Frågan ”{label_sv}” måste besvaras eller markeras som ännu inte känd.",
        "The question '{label_en}' must be answered or marked as not yet known.",
    ),
    "still_unknown": Text(
        "Frågan ”{label_sv}” är fortfarande markerad som ännu inte känd; en fullständig anmälan "
        "behöver ett svar.",
        "The question '{label_en}' is still marked as not yet known; a complete notification "
        "needs an answer.",
    ),
    "contact_channel": Text(
        "Ange kontaktpersonens telefon eller e-post.",
        "Give the contact person's phone or email.",
    ),
    "delay_reasons": Text(
        "Anmälan görs mer än 72 timmar efter kännedomen ({hours} timmar); ange skälen till "
        "förseningen (art. 33.1).",
        "This is filed more than 72 hours after awareness ({hours} hours); give the reasons for "
        "the delay (Art. 33(1)).",
    ),
    "first_must_be_new": Text(
        "Den första anmälan måste vara preliminär eller fullständig.",
        "The first notification must be preliminary or complete.",
    ),
    "preliminary_after_filing": Text(
        "En anmälan är redan gjord; skicka en komplettering i stället.",
        "A notification has already been filed; send a supplement instead.",
    ),
    "case_number_needed": Text(
        "Registrera IMY:s diarienummer för den tidigare anmälan först; en komplettering måste ange det.",
        "Record IMY's case number for the earlier notification first; a supplement must quote it.",
    ),
    "nothing_changed": Text(
        "Inget har ändrats sedan förra anmälan; det finns inget att komplettera med.",
        "Nothing has changed since the previous filing; there is nothing to supplement.",
    ),
    "withdrawal_needs_decision": Text(
        "En återkallelse kräver ett beslut om att endast dokumentera internt, med motivering.",
        "A withdrawal needs a decision to document internally only, with a reason.",
    ),
    "final_only_supplement": Text(
        "Bara en komplettering kan ange att anmälan nu är fullständig.",
        "Only a supplement can state that the notification is now complete.",
    ),
    "already_withdrawn": Text(
        "Anmälan är redan återkallad.",
        "The notification has already been withdrawn.",
    ),
}


def _problem(path: str, code: str, **ctx: object) -> Problem:
    text = _TEXTS[code]
    return Problem(path=path, code=code, sv=text.sv.format(**ctx), en=text.en.format(**ctx))


def _label(facts: Facts, path: str) -> Text:
    section, name = path.split(".", 1)
    return question_meta(type(facts.section(section)).model_fields[name])[0]


# Preliminary: enough for IMY to open a case inside 72 hours. Complete: Art. 33(3) a to d in full.
PRELIMINARY_ANSWERED = [
    "controller.name",
    "controller.org_number",
    "contact.contact_name",
    "times.aware_at",
    "description.summary",
    "description.breach_type",
]
PRELIMINARY_ANSWERED_OR_UNKNOWN = [
    "description.kinds",
    "data.subjects_count",
    "data.subject_categories",
    "data.data_categories",
]
COMPLETE_ANSWERED = [
    "controller.name",
    "controller.org_number",
    "controller.postal_address",
    "contact.contact_name",
    "times.occurred_from",
    "times.discovered_at",
    "times.aware_at",
    "times.discovery",
    "times.ongoing",
    "description.summary",
    "description.breach_type",
    "description.cause",
    "description.kinds",
    "data.subjects_count",
    "data.records_count",
    "data.subject_categories",
    "data.data_categories",
    "consequences.likely",
    "consequences.severity",
    "measures.taken",
    "communication.status",
]


def hours_late(facts: Facts, filed_at: datetime) -> float | None:
    """Hours past the 72-hour window at ``filed_at``; None when on time or awareness unknown."""
    aware = facts.times.aware_at
    if aware is None or filed_at - aware <= ARTICLE_33_WINDOW:
        return None
    return (filed_at - aware - ARTICLE_33_WINDOW).total_seconds() / 3600


def _content_problems(facts: Facts, kind: FilingKind, *, final: bool = False) -> list[Problem]:
    problems = []
    # A supplement that completes the notification answers for the notification as a whole.
    complete = kind is FilingKind.COMPLETE or final
    for path in COMPLETE_ANSWERED if complete else PRELIMINARY_ANSWERED:
        section, name = path.split(".", 1)
        label = _label(facts, path)
        if facts.section(section).is_answered(name):
            continue
        code = "still_unknown" if facts.section(section).is_unknown(name) else "required"
        problems.append(_problem(path, code, label_sv=label.sv, label_en=label.en))
    if not complete:
        for path in PRELIMINARY_ANSWERED_OR_UNKNOWN:
            section, name = path.split(".", 1)
            sect = facts.section(section)
            if not (sect.is_answered(name) or sect.is_unknown(name)):
                label = _label(facts, path)
                problems.append(
                    _problem(path, "required_or_unknown", label_sv=label.sv, label_en=label.en)
                )
    if facts.contact.contact_phone is None and facts.contact.contact_email is None:
        problems.append(_problem("contact.contact_phone", "contact_channel"))
    if complete:
        problems.extend(_complete_only(facts))
    return problems


def _complete_only(facts: Facts) -> list[Problem]:
    """Follow-up questions that become required by an earlier answer."""
    needed = []
    if facts.times.ongoing is False:
        needed.append("times.ended_at")
    status = facts.communication.status
    if status is InformStatus.INFORMED:
        needed += ["communication.informed_at", "communication.channels"]
    elif status is InformStatus.WILL_INFORM:
        needed += ["communication.planned_at", "communication.channels"]
    elif status is InformStatus.WILL_NOT_INFORM:
        needed.append("communication.reason_not")
    problems = []
    for path in needed:
        section, name = path.split(".", 1)
        sect = facts.section(section)
        if not sect.is_answered(name):
            label = _label(facts, path)
            code = "still_unknown" if sect.is_unknown(name) else "required"
            problems.append(_problem(path, code, label_sv=label.sv, label_en=label.en))
    return problems


def filing_problems(
    facts: Facts,
    kind: FilingKind,
    *,
    filed_at: datetime,
    prior: Sequence[PriorFiling] = (),
    changed_paths: Sequence[str] | None = None,
    final: bool = False,
    delay_reasons: str | None = None,
) -> list[Problem]:
    """Everything that stops ``facts`` from being filed as ``kind`` now; empty when it may be filed.

    ``changed_paths`` are the IMY questions changed since the previous filing (for supplements).
    ``final`` marks a supplement that completes the notification: the content rules of a complete
    notification apply. ``delay_reasons`` given with the filing (or with the first filing) stand
    in for ``times.delay_reasons``.
    """
    problems: list[Problem] = []
    if final and kind is not FilingKind.SUPPLEMENT:
        return [_problem("", "final_only_supplement")]
    if any(p.kind is FilingKind.WITHDRAWAL for p in prior):
        return [_problem("", "already_withdrawn")]
    first = not prior
    if first and kind in (FilingKind.SUPPLEMENT, FilingKind.WITHDRAWAL):
        problems.append(_problem("", "first_must_be_new"))
        return problems
    if not first:
        if kind is FilingKind.PRELIMINARY:
            return [_problem("", "preliminary_after_filing")]
        if not any(p.case_number for p in prior):
            problems.append(_problem("", "case_number_needed"))
        if kind is not FilingKind.WITHDRAWAL and changed_paths is not None and not changed_paths:
            problems.append(_problem("", "nothing_changed"))
    if kind is FilingKind.WITHDRAWAL:
        decision = facts.decision
        if decision.outcome is not Outcome.DOCUMENT_ONLY or not decision.reason:
            problems.append(_problem("decision.outcome", "withdrawal_needs_decision"))
        return problems
    problems.extend(_content_problems(facts, kind, final=final))
    late = hours_late(facts, filed_at if first else prior[0].filed_at)
    given = (
        delay_reasons or facts.times.delay_reasons or (prior[0].delay_reasons if prior else None)
    )
    if late is not None and not given:
        total = int((late * 3600 + ARTICLE_33_WINDOW.total_seconds()) // 3600)
        problems.append(_problem("times.delay_reasons", "delay_reasons", hours=total))
    return problems
