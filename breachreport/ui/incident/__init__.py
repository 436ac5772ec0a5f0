"""The pages about one incident: the guided questions, the assessment and decision, the clocks, the
history, the legal review and the filings. ``pages()`` gives them to the router; each page calls services only.
"""

from __future__ import annotations

import streamlit as st

from .. import texts
from ..context import t
from . import assessment, clocks, filings, history, questions, review

__all__ = ["pages"]


def pages() -> list[st.Page]:
    """The incident's pages, the guided questions first (the landing page of an incident)."""
    return [
        st.Page(
            questions.page,
            title=t(texts.NAV_QUESTIONS),
            url_path="questions",
            icon=":material/checklist:",
        ),
        st.Page(
            assessment.page,
            title=t(texts.NAV_ASSESSMENT),
            url_path="assessment",
            icon=":material/balance:",
        ),
        st.Page(
            clocks.page, title=t(texts.NAV_CLOCKS), url_path="deadlines", icon=":material/timer:"
        ),
        st.Page(
            history.page, title=t(texts.NAV_HISTORY), url_path="history", icon=":material/history:"
        ),
        st.Page(review.page, title=t(texts.NAV_REVIEW), url_path="review", icon=":material/gavel:"),
        st.Page(
            filings.page, title=t(texts.NAV_FILINGS), url_path="filings", icon=":material/send:"
        ),
    ]
