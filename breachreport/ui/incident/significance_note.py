"""The significance suggestion beside the question "Is the incident significant?": what the
sector's thresholds (``domain.significance.judge``) say about the facts as they stand, in both
languages, for the questions page to show next to the DPO's own judgement.

Only for an essential or important entity (``controller.nis2_entity``): only they report to
CERT-SE, and only they are asked the cyber section's questions.
"""

from __future__ import annotations

import importlib
from typing import Any

from ...domain.choices import Nis2Entity
from ...domain.facts import Facts
from ...domain.labels import Text
from ...i18n import _

CYBER = "cyber"
SIGNIFICANT = "cyber.significant"
ENTITIES = (Nis2Entity.ESSENTIAL, Nis2Entity.IMPORTANT)

SUGGEST_YES = _("Suggestion from your sector's thresholds: significant.")
SUGGEST_NO = _("Suggestion from your sector's thresholds: not significant.")
SUGGEST_UNKNOWN = _("Your sector's thresholds cannot tell yet whether the incident is significant.")
DIFFERS = _("Your answer differs from what your sector's thresholds suggest.")
MET = "✅"
NOT_MET = "✖"
OPEN = "❔"


def nis2_entity(facts: Facts) -> bool:
    """Whether the organisation is an essential or important entity under the Cybersecurity Act."""
    return facts.controller.nis2_entity in ENTITIES


def _judge(facts: Facts) -> Any | None:
    """``domain.significance.judge(facts)``, or None where this install has no thresholds."""
    try:
        module = importlib.import_module("breachreport.domain.significance")
    except ImportError:
        return None
    return module.judge(facts)


def _in(lang: str, judged: Any) -> str:
    head = {"significant": SUGGEST_YES, "not_significant": SUGGEST_NO}.get(
        judged.status, SUGGEST_UNKNOWN
    )
    lines = [head(lang)]
    for threshold in judged.thresholds:
        mark = OPEN if threshold.met is None else (MET if threshold.met else NOT_MET)
        lines.append(f"{mark} {threshold.text(lang)}")
    lines.extend(f"– {reason(lang)}" for reason in judged.reasons)
    return "  \n".join(lines)


def suggestion(facts: Facts) -> Text | None:
    """The thresholds' suggestion with each threshold met, not met or not yet known, in both
    languages; None where the organisation is no NIS2 entity or no thresholds are known."""
    if not nis2_entity(facts):
        return None
    judged = _judge(facts)
    if judged is None:
        return None
    return Text(_in("sv", judged), _in("en", judged))


def disagrees(facts: Facts) -> bool:
    """Whether the DPO's answer differs from a definite suggestion of the thresholds."""
    answer = facts.cyber.significant
    judged = _judge(facts) if answer is not None and nis2_entity(facts) else None
    if judged is None or judged.status == "unknown":
        return False
    return answer != (judged.status == "significant")


def open_question(facts: Facts) -> bool:
    """Whether the DPO has not yet said whether the incident is significant."""
    return facts.cyber.significant is None
