"""The pages about one incident: the guided questions, the assessment and decision, the clocks, the
history, the legal review, the notice to the data subjects, the filings, the supplier contacts and
the evidence. ``pages()`` gives them to the router; each page calls services only.
"""

from __future__ import annotations

import streamlit as st

from ...permissions import UseCase, may
from .. import context, texts
from ..context import t
from . import (
    assessment,
    clocks,
    evidence,
    filings,
    history,
    notice,
    questions,
    review,
    suppliers,
)

__all__ = ["pages"]


def pages() -> list[st.Page]:
    """The incident's pages, the guided questions first (the landing page of an incident). Pages
    for work a role may not do are left out; the services refuse it anyway."""
    found = [
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
    ]
    user = context.current_user()
    role = user.role if user is not None else None
    if role is not None and may(role, UseCase.RENDER_DRAFT):
        found.append(
            st.Page(
                notice.page,
                title=t(texts.NAV_NOTICE),
                url_path="notice",
                icon=":material/campaign:",
            )
        )
    found.append(
        st.Page(
            filings.page, title=t(texts.NAV_FILINGS), url_path="filings", icon=":material/send:"
        )
    )
    if role is not None and (
        may(role, UseCase.INVITE_SUPPLIER) or may(role, UseCase.REVIEW_PROPOSAL)
    ):
        found.append(
            st.Page(
                suppliers.page,
                title=t(texts.NAV_SUPPLIERS),
                url_path="suppliers",
                icon=":material/handshake:",
            )
        )
    if role is not None and may(role, UseCase.DOWNLOAD_EVIDENCE):
        found.append(
            st.Page(
                evidence.page,
                title=t(texts.NAV_EVIDENCE),
                url_path="evidence",
                icon=":material/attach_file:",
            )
        )
    return found
