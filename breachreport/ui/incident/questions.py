"""The guided questions on one page with one save: the answers that could change a duty and those a
preliminary filing still needs come first, the rest by section below. The decision is taken on the
assessment page; the English texts are asked under their Swedish question, never as a step.

The cyber section (the reports to CERT-SE) is a step only for an essential or important entity;
for one, "Is the incident significant?" comes first while it is open, with the suggestion of the
sector's thresholds beside it.
"""

from __future__ import annotations

import streamlit as st

from ...domain.assessment import assess
from ...domain.contradictions import contradictions
from ...domain.facts import Facts
from ...domain.labels import Text
from ...domain.problems import Problem
from ...domain.walk import priority, progress
from ...i18n import Message, _
from .. import texts
from ..context import t
from . import section_editor
from .page import guarded, open_incident, show_flash
from .significance_note import (
    CYBER,
    DIFFERS,
    SIGNIFICANT,
    disagrees,
    nis2_entity,
    open_question,
    suggestion,
)

# Every section but the decision (taken on the assessment page) and the English texts (asked
# under each Swedish question), in the order of IMY's form; the risk questions come last.
STEPS = [name for name in Facts.section_names() if name not in ("decision", "english")]

PROGRESS = _(
    "{done} of {total} questions answered or marked as not yet known (optional questions are not "
    "counted)"
)
DECISION_ELSEWHERE = _(
    "The decision whether to notify is taken on the Risk assessment page once the questions are "
    "answered."
)


def steps(facts: Facts) -> list[str]:
    """The sections asked for this incident: the cyber section only for an NIS2 entity."""
    return [name for name in STEPS if name != CYBER or nis2_entity(facts)]


def _contradictions(facts: Facts) -> dict[str, list[Text | Message]]:
    """Answers that contradict each other, as warnings by question; and a significance answer
    that differs from what the sector's thresholds suggest."""
    found: dict[str, list[Text | Message]] = {}
    problem: Problem
    for problem in contradictions(facts):
        path = ".".join(problem.path.split(".")[:2])
        found.setdefault(path, []).append(Text(problem.sv, problem.en))
    if disagrees(facts):
        found.setdefault(SIGNIFICANT, []).append(DIFFERS)
    return found


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_QUESTIONS)
    if opened is None:
        return
    facts = opened.incident.facts
    assessment = assess(facts)
    done, total = progress(facts, assessment=assessment)
    st.progress(done / total if total else 1.0, text=t(PROGRESS, done=done, total=total))
    show_flash()
    sections = steps(facts)
    first = [p for p in priority(facts, assessment) if p.split(".", 1)[0] in sections]
    why_first = {m.path: m.would_change for m in assessment.missing}
    suggested = suggestion(facts)
    if CYBER in sections and (open_question(facts) or disagrees(facts)):
        first.append(SIGNIFICANT)
        if suggested is not None:
            why_first[SIGNIFICANT] = suggested
    layout = section_editor.Layout(
        first=first,
        sections=sections,
        warnings=_contradictions(facts),
        offers=section_editor.invited_names(opened),
        why_first=why_first,
    )
    section_editor.edit(opened, layout)
    st.caption(t(DECISION_ELSEWHERE))
