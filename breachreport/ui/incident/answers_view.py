"""The answers, read-only: every section's questions with the answer given, "not yet known" or
nothing yet. What a legal reviewer (who may read but not change the facts) gets instead of the
guided questions.
"""

from __future__ import annotations

import streamlit as st

from ...domain.changes import flatten
from ...domain.facts import Facts, questions
from ...domain.translations import SECTION as ENGLISH
from ...domain.translations import english_text
from ...i18n import _
from .. import texts
from ..context import lang, t
from . import answers
from .page import Opened, guarded, literal, open_incident

TITLE = _("Answers")
READ_ONLY = _("You can read the answers but not change them; comment on the Review page.")
QUESTION = _("Question")
ANSWER = _("Answer")
IN_ENGLISH = _("In English")
FULL = 2000  # a reviewer judges the whole answer, not a cut-off line
# Shown elsewhere: the decision on the assessment page, each English text under its question.
NOT_HERE = frozenset({"decision", ENGLISH})


def rows(facts: Facts, section: str, code: str) -> list[dict[str, str]]:
    """One row per question of ``section``: its label, the answer as people read it, and the
    English text of a free-text answer when one is given."""
    values = flatten(facts)
    part = facts.section(section)
    found = []
    for question in questions(section):
        if part.is_unknown(question.name):
            said = texts.NOT_YET_KNOWN(code)
        else:
            said = answers.short(question.path, values.get(question.path), code, limit=FULL)
        row = {t(QUESTION): question.label(code), t(ANSWER): said}
        english = english_text(facts, question.path)
        if english:
            row[t(IN_ENGLISH)] = english
        found.append(row)
    return found


def _section(opened: Opened, section: str) -> None:
    cls = Facts.section_class(section)
    with st.expander(answers.section_label(section, lang()), expanded=True):
        st.caption(t(cls.why))
        for row in rows(opened.incident.facts, section, lang()):
            question, answer, *english = row.values()
            st.markdown(f"**{literal(question)}**  \n{literal(answer)}")
            for text in english:
                st.caption(f"{t(IN_ENGLISH)}: {literal(text)}")


@guarded
def page() -> None:
    opened = open_incident(TITLE)
    if opened is None:
        return
    st.info(t(READ_ONLY), icon=":material/visibility:")
    for section in Facts.section_names():
        if section not in NOT_HERE:
            _section(opened, section)
