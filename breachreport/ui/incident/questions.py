"""The guided questions: IMY's sections A to J and the internal risk questions (R) as steps, with
how far the answers have come. Each step is one form (``section_editor``); the decision is taken on
the assessment page.
"""

from __future__ import annotations

import streamlit as st

from ...domain.facts import Facts, questions
from ...domain.labels import Text
from .. import texts
from ..context import t
from . import section_editor
from .page import guarded, open_incident, show_flash, state

# Every section but the decision, in the order of IMY's form; the risk questions come last.
STEPS = [name for name in Facts.section_names() if name != "decision"]

PROGRESS = Text(
    "{done} av {total} frågor besvarade eller markerade som ännu inte kända",
    "{done} of {total} questions answered or marked as not yet known",
)
STEP = Text("Steg", "Step")
NOT_SENT = Text(
    "Frågorna i det här steget skickas inte till IMY. De styr riskbedömningen och dokumenterar ert "
    "resonemang (art. 33.5).",
    "The questions in this step are not sent to IMY. They drive the risk assessment and document "
    "your reasoning (Art. 33(5)).",
)
DECISION_ELSEWHERE = Text(
    "Beslutet om att anmäla fattas på sidan Riskbedömning, när frågorna är besvarade.",
    "The decision whether to notify is taken on the Risk assessment page once the questions are "
    "answered.",
)


def progress(facts: Facts, section: str) -> tuple[int, int]:
    """(answered or marked 'not yet known', all) for one section."""
    part = facts.section(section)
    asked = questions(section)
    done = sum(part.is_answered(q.name) or part.is_unknown(q.name) for q in asked)
    return done, len(asked)


def _step_label(facts: Facts, section: str) -> str:
    cls = Facts.section_class(section)
    done, total = progress(facts, section)
    mark = " ✓" if done == total else ""
    return f"{cls.letter} · {t(cls.title)} ({done}/{total}){mark}"


def _choose_step(ref: str, facts: Facts) -> str:
    key = f"br_q_step.{ref}"
    following = state(section_editor.NEXT_STEP).pop(ref, None)
    if following is not None:
        st.session_state[key] = following
    names = {section: _step_label(facts, section) for section in STEPS}
    first_open = next((s for s in STEPS if progress(facts, s)[0] < progress(facts, s)[1]), STEPS[0])
    return st.pills(
        t(STEP),
        STEPS,
        default=first_open,
        required=True,
        format_func=names.__getitem__,
        key=key,
    )


def _introduce(section: str) -> None:
    cls = Facts.section_class(section)
    st.subheader(f"{cls.letter}. {t(cls.title)}")
    st.caption(t(cls.why))
    if not cls.sent_to_imy:
        st.info(t(NOT_SENT), icon=":material/lock:")
    elif section not in section_editor.OWN_CONTACT_SECTIONS:
        st.caption(f":material/public: {t(texts.PUBLIC_DOCUMENT)}")


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_QUESTIONS)
    if opened is None:
        return
    facts = opened.incident.facts
    pairs = [progress(facts, s) for s in STEPS]
    done, total = sum(d for d, _ in pairs), sum(n for _, n in pairs)
    st.progress(done / total, text=t(PROGRESS, done=done, total=total))
    section = _choose_step(opened.ref, facts)
    _introduce(section)
    show_flash()
    index = STEPS.index(section)
    following = STEPS[index + 1] if index + 1 < len(STEPS) else None
    section_editor.edit(opened, section, following=following)
    st.caption(t(DECISION_ELSEWHERE))
