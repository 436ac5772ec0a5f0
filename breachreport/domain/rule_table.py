"""The dated, versioned rule table: which recipients' chains of reports apply to an incident, with
which deadlines, conditions and legal bases, as in force at the incident's awareness.

The rules are data (``rules/deadlines.toml``, and an organisation's own rules file over it, see
``parse_rules``); this module is the face the clocks, the documents and the screens use:
``active()``/``install(table)``, ``RuleTable.rules_at(aware_at)`` and ``chains_for(facts)``. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .assessment import assess
from .choices import Nis2Entity, Sector
from .circumstances import Outcome
from .facts import Facts
from .labels import Text
from .rule_model import (
    CONDITION_TEXT,
    ChainRule,
    Deadline,
    ReportRule,
    RulesError,
    RuleSet,
    RuleTable,
    Thresholds,
    after_calendar,
    after_hours,
)
from .rule_sets import active, builtin, install, parse_rules, resolve
from .significance import NOT_SIGNIFICANT, SIGNIFICANT, judge
from .times import format_date

__all__ = [
    "Chain",
    "ChainRule",
    "Deadline",
    "ReportRule",
    "RuleSet",
    "RuleTable",
    "RulesError",
    "Thresholds",
    "active",
    "after_calendar",
    "after_hours",
    "builtin",
    "chains_for",
    "install",
    "parse_rules",
    "resolve",
]


@dataclass(frozen=True)
class Chain:
    """One recipient's chain for one incident: whether it applies (None: only "if ..."), the
    condition still open, or why it does not apply."""

    recipient: str
    rule: ChainRule
    rule_set: RuleSet
    applies: bool | None
    condition: Text | None = None
    reason: Text | None = None

    def to_json(self) -> dict[str, Any]:
        def text(value: Text | None) -> dict[str, str] | None:
            return {"sv": value.sv, "en": value.en} if value else None

        return {
            "recipient": self.recipient,
            "rule_set": self.rule_set.version,
            "applies": self.applies,
            "condition": text(self.condition),
            "reason": text(self.reason),
        }


NOT_AN_ENTITY = Text(
    "Organisationen är inte angiven som väsentlig eller viktig verksamhetsutövare.",
    "The organisation is not recorded as an essential or important entity.",
)
NOT_CARE = Text(
    "Organisationen är inte angiven som vårdgivare.",
    "The organisation is not recorded as a care provider.",
)


def in_scope(facts: Facts, scope: str) -> Text | None:
    """None if the chain's scope covers the organisation, else why not."""
    controller = facts.controller
    if scope == "nis2-entity" and controller.nis2_entity not in (
        Nis2Entity.ESSENTIAL,
        Nis2Entity.IMPORTANT,
    ):
        return NOT_AN_ENTITY
    if scope == "care-provider" and not (
        controller.health_care is True or controller.sector is Sector.HEALTHCARE
    ):
        return NOT_CARE
    return None


def high_risk(facts: Facts) -> bool:
    """The DPO's decision when recorded, else the assessment's: is the risk high?"""
    outcome = facts.decision.outcome or assess(facts).outcome
    return outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS


def condition_met(
    facts: Facts, condition: str, rule_set: RuleSet
) -> tuple[bool | None, Text | None]:
    """Whether ``condition`` holds (None: not yet known) and, if it does not, why not."""
    if condition == "significant":
        found = judge(facts, rules=rule_set)
        if found.status == NOT_SIGNIFICANT:
            why = " ".join(r.sv for r in found.reasons), " ".join(r.en for r in found.reasons)
            return False, Text(f"Inte betydande: {why[0]}", f"Not significant: {why[1]}")
        return (True if found.status == SIGNIFICANT else None), None
    if condition == "high-risk":
        if high_risk(facts):
            return True, None
        return False, Text(
            "Enligt de regler som gäller anmäls bara incidenter som sannolikt leder till hög risk, "
            "och risken bedöms inte som hög.",
            "Under the rules in force only breaches likely to result in a high risk are notified, "
            "and the risk is not judged high.",
        )
    if condition == "ongoing":
        times = facts.times
        if times.ongoing is False or times.ended_at is not None:
            return False, Text("Incidenten har upphört.", "The incident has ended.")
        return (True if times.ongoing else None), None
    if condition == "care-injury":
        return None, None  # the facts do not say; the care provider judges
    return True, None


def chains_for(facts: Facts, *, rules: RuleTable | RuleSet | None = None) -> list[Chain]:
    """Every chain of the rule set in force at the incident's awareness (a recipient the set has
    no chain for, such as CERT-SE before 15 January 2026, is left out), each with whether it
    applies to this incident."""
    rule_set = resolve(rules, facts.times.aware_at)
    found = []
    for chain in rule_set.chains:
        reason = in_scope(facts, chain.scope)
        if reason is not None:
            found.append(Chain(chain.recipient, chain, rule_set, False, reason=reason))
            continue
        applies, why = condition_met(facts, chain.condition, rule_set)
        condition = CONDITION_TEXT.get(chain.condition) if applies is None else None
        found.append(Chain(chain.recipient, chain, rule_set, applies, condition, why))
    return found


def applies_from_text(rule: ReportRule | RuleSet, lang: str) -> str:
    """'15 januari 2026' / '15 January 2026', or 'not in force' for a proposal."""
    day = rule.applies_from
    if day is None:
        return "inte i kraft" if lang == "sv" else "not in force"
    return format_date(day, lang)
