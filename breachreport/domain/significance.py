"""Is the incident significant under the cybersäkerhetslag? The sector's thresholds (data in the
rule set in force at awareness) suggest an answer; the DPO's own answer (``cyber.significant``)
wins.

Without the DPO's answer a met threshold makes the incident significant; otherwise it stays "not
yet known" (the CERT-SE chain then shows "if significant", with its deadlines) until the DPO says
no: thresholds that are not met do not prove that nothing else makes it significant. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .choices import BreachKind
from .facts import Facts
from .labels import Text
from .rule_model import RuleSet, RuleTable, Thresholds
from .rule_sets import resolve

SIGNIFICANT = "significant"
NOT_SIGNIFICANT = "not_significant"
UNKNOWN = "unknown"

STATUS_TEXT = {
    SIGNIFICANT: Text("Betydande", "Significant"),
    NOT_SIGNIFICANT: Text("Inte betydande", "Not significant"),
    UNKNOWN: Text("Ännu inte känt", "Not yet known"),
}


@dataclass(frozen=True)
class Threshold:
    """One threshold of the sector and whether this incident meets it (None: not yet known)."""

    key: str
    text: Text
    met: bool | None

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "text": {"sv": self.text.sv, "en": self.text.en}, "met": self.met}


@dataclass(frozen=True)
class Significance:
    status: str  # "significant" | "not_significant" | "unknown"
    reasons: tuple[Text, ...]
    thresholds: tuple[Threshold, ...]
    # What the thresholds alone suggest, whatever the DPO answered.
    suggestion: str = UNKNOWN

    @property
    def text(self) -> Text:
        return STATUS_TEXT[self.status]

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "status_label": {"sv": self.text.sv, "en": self.text.en},
            "suggestion": self.suggestion,
            "reasons": [{"sv": r.sv, "en": r.en} for r in self.reasons],
            "thresholds": [t.to_json() for t in self.thresholds],
        }


def _hours(value: float) -> str:
    return f"{value:g}"


def _outage(facts: Facts, limit: float) -> Threshold:
    cyber = facts.cyber
    text = Text(
        f"Sektorkritiska system har varit ur drift i mer än {_hours(limit)} timmar",
        f"Sector-critical systems out of service for more than {_hours(limit)} hours",
    )
    if cyber.outage_hours is not None:
        return Threshold("outage_hours", text, cyber.outage_hours > limit)
    if cyber.critical_systems_hit is False:
        return Threshold("outage_hours", text, False)
    return Threshold("outage_hours", text, None)


def _protected(facts: Facts) -> Threshold:
    text = Text(
        "En annan parts skyddsvärda information har läckt",
        "Another party's protected information has leaked",
    )
    return Threshold("protected_info_leaked", text, facts.cyber.protected_info_leaked)


def _leaked_subjects(facts: Facts, limit: int) -> Threshold:
    text = Text(
        f"Uppgifter om {limit} personer eller fler har läckt",
        f"Data on {limit} or more people have leaked",
    )
    kinds = facts.description.kinds
    count = facts.data.subjects_count
    leaked = None if not kinds else BreachKind.CONFIDENTIALITY in kinds
    if leaked is False or (count is not None and count.value < limit):
        return Threshold("leaked_subjects", text, False)
    if count is None or leaked is None:
        return Threshold("leaked_subjects", text, None)
    return Threshold("leaked_subjects", text, True)


def thresholds_of(facts: Facts, limits: Thresholds | None) -> tuple[Threshold, ...]:
    if limits is None:
        return ()
    found = []
    if limits.outage_hours is not None:
        found.append(_outage(facts, limits.outage_hours))
    if limits.protected_info_leaked:
        found.append(_protected(facts))
    if limits.leaked_subjects is not None:
        found.append(_leaked_subjects(facts, limits.leaked_subjects))
    return tuple(found)


_ANSWER = {
    True: Text(
        "Ni har bedömt incidenten som betydande.", "You judged the incident to be significant."
    ),
    False: Text(
        "Ni har bedömt att incidenten inte är betydande.",
        "You judged that the incident is not significant.",
    ),
}
_NONE_MET = Text(
    "Inget av sektorns tröskelvärden är uppnått; bedöm om något annat gör incidenten betydande.",
    "None of the sector's thresholds is met; judge whether anything else makes the incident "
    "significant.",
)
_OPEN = Text(
    "Ännu inte känt: svara på frågorna om betydande incident (avsnitt N).",
    "Not yet known: answer the questions on significance (section N).",
)


def judge(facts: Facts, *, rules: RuleTable | RuleSet | None = None) -> Significance:
    """Whether the incident is significant, why, and each threshold of its sector met or not,
    under the rule set in force at its awareness (``rules``: a table or one set; default: the
    active table)."""
    rule_set = resolve(rules, facts.times.aware_at)
    sector = facts.controller.sector.value if facts.controller.sector else None
    found = thresholds_of(facts, rule_set.thresholds(sector))
    met = tuple(t.text for t in found if t.met)
    if met:
        suggestion = SIGNIFICANT
    elif found and all(t.met is False for t in found):
        suggestion = NOT_SIGNIFICANT
    else:
        suggestion = UNKNOWN
    answer = facts.cyber.significant
    if answer is True:
        return Significance(SIGNIFICANT, (_ANSWER[True], *met), found, suggestion)
    if answer is False:
        despite = tuple(
            Text(
                f"Tröskelvärdet är ändå uppnått: {t.sv}.",
                f"A threshold is met all the same: {t.en}.",
            )
            for t in met
        )
        return Significance(NOT_SIGNIFICANT, (_ANSWER[False], *despite), found, suggestion)
    if met:
        return Significance(SIGNIFICANT, met, found, suggestion)
    reasons = (_NONE_MET,) if suggestion == NOT_SIGNIFICANT else (_OPEN,)
    return Significance(UNKNOWN, reasons, found, suggestion)
