"""The open questions of an incident: those the assessment must try at their best and worst
answers, and the protections it could credit if they were stated.

A question the outcome depends on is open when it is marked "not yet known" or, for a question
whose silence would otherwise read as the mild answer, when it is simply unanswered. A protection
that was not stated (encryption, a backup, a deletion) gets no credit; it is listed so that the
DPO knows what could lower a duty. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .assumed_answers import ANSWERS
from .choices import BreachKind, BreachType, DataCategory
from .circumstance_choices import KNOWN_RECIPIENTS, Backup, CareImpact, Exfiltration, Medium, Misuse
from .facts import Facts
from .labels import Text
from .risk_inputs import HEALTH_AND_CARE, MANY_PEOPLE, Holder, Reading, read

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
    return ANSWERS.get(path)


_QUESTIONS = [
    "description.kinds",
    "description.cause",
    "data.subjects_count",
    "data.subject_categories",
    "data.data_categories",
    *[p for p in ANSWERS if p.startswith("circumstances.")],
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
