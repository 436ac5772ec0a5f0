"""The guided questions on one page with one save: the answers that could change a duty and those a
preliminary filing still needs come first, the rest by section below. The decision is taken on the
assessment page; the English texts are asked under their Swedish question, never as a step.
"""

from __future__ import annotations

import streamlit as st

from ...domain.assessment import assess
from ...domain.contradictions import contradictions
from ...domain.facts import Facts
from ...domain.labels import Text
from ...domain.problems import Problem
from ...domain.walk import priority, progress
from ...i18n import _
from .. import texts
from ..context import t
from . import section_editor
from .page import guarded, open_incident, show_flash

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


def _contradictions(facts: Facts) -> dict[str, list[Text]]:
    """Answers that contradict each other, as warnings by question."""
    found: dict[str, list[Text]] = {}
    problem: Problem
    for problem in contradictions(facts):
        path = ".".join(problem.path.split(".")[:2])
        found.setdefault(path, []).append(Text(problem.sv, problem.en))
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
    layout = section_editor.Layout(
        first=[p for p in priority(facts, assessment) if p.split(".", 1)[0] in STEPS],
        sections=STEPS,
        warnings=_contradictions(facts),
        offers=section_editor.invited_names(opened),
        why_first={m.path: m.would_change for m in assessment.missing},
    )
    section_editor.edit(opened, layout)
    st.caption(t(DECISION_ELSEWHERE))
