"""The significance suggestion beside the question "Is the incident significant?": what the
sector's thresholds (``domain.significance.judge``, its ``suggestion``) say about the facts as they
stand, in both languages, for the questions page to show next to the DPO's own judgement.

Only for an essential or important entity (``controller.nis2_entity``): only they report to
CERT-SE, and only they are asked the cyber section's questions.
"""

from __future__ import annotations

from ...domain.choices import Nis2Entity
from ...domain.facts import Facts
from ...domain.labels import Text
from ...domain.significance import NOT_SIGNIFICANT, UNKNOWN, Significance, judge
from ...domain.significance import SIGNIFICANT as SUGGESTS_YES
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


def _in(lang: str, judged: Significance) -> str:
    """What the thresholds alone suggest, and each threshold met (✅), not met (✖) or not yet
    known (❔)."""
    head = {SUGGESTS_YES: SUGGEST_YES, NOT_SIGNIFICANT: SUGGEST_NO}.get(
        judged.suggestion, SUGGEST_UNKNOWN
    )
    lines = [head(lang)]
    for threshold in judged.thresholds:
        mark = OPEN if threshold.met is None else (MET if threshold.met else NOT_MET)
        lines.append(f"{mark} {threshold.text(lang)}")
    return "  \n".join(lines)


def suggestion(facts: Facts) -> Text | None:
    """The thresholds' suggestion with each threshold met, not met or not yet known, in both
    languages; None where the organisation is no NIS2 entity."""
    if not nis2_entity(facts):
        return None
    judged = judge(facts)
    return Text(_in("sv", judged), _in("en", judged))


def disagrees(facts: Facts) -> bool:
    """Whether the DPO's answer differs from a definite suggestion of the thresholds."""
    answer = facts.cyber.significant
    if answer is None or not nis2_entity(facts):
        return False
    suggested = judge(facts).suggestion
    return suggested != UNKNOWN and answer != (suggested == SUGGESTS_YES)


def open_question(facts: Facts) -> bool:
    """Whether the DPO has not yet said whether the incident is significant."""
    return facts.cyber.significant is None
