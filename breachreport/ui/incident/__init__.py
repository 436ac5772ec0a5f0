"""The pages about one incident: the guided questions, the assessment and decision, the clocks, the
history, the legal review, the notice to the data subjects, the filings, the supplier contacts and
the evidence. ``pages()`` gives them to the router; each page calls services only.
"""

from __future__ import annotations

import streamlit as st

from ...errors import BreachReportError
from ...services.accounts import Account
from ...services.permissions import UseCase, may
from ...services.waiting import pending_proposals
from .. import context, texts
from ..context import t
from . import (
    answers_view,
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
    """The incident's pages, the questions first (the landing page of an incident). Each page is
    there only for a role that may use it (``permissions.may``, the one table): who may not change
    the facts reads the answers instead of the guided questions. The services refuse the rest."""
    user = context.current_user()
    role = user.role if user is not None else None

    def allowed(*use_cases: UseCase) -> bool:
        return role is not None and any(may(role, use_case) for use_case in use_cases)

    # One address for both, so that a link to an incident's questions works for every role.
    first = (
        st.Page(
            questions.page,
            title=t(texts.NAV_QUESTIONS),
            url_path="questions",
            icon=":material/checklist:",
        )
        if allowed(UseCase.REVISE)
        else st.Page(
            answers_view.page,
            title=t(answers_view.TITLE),
            url_path="questions",
            icon=":material/visibility:",
        )
    )
    found = [
        first,
        st.Page(
            assessment.page,
            title=t(texts.NAV_ASSESSMENT),
            url_path="assessment",
            icon=":material/balance:",
        ),
        st.Page(
            clocks.page, title=t(texts.NAV_CLOCKS), url_path="deadlines", icon=":material/timer:"
        ),
    ]
    if allowed(UseCase.READ_HISTORY):
        found.append(
            st.Page(
                history.page,
                title=t(texts.NAV_HISTORY),
                url_path="history",
                icon=":material/history:",
            )
        )
    found.append(
        st.Page(review.page, title=t(texts.NAV_REVIEW), url_path="review", icon=":material/gavel:")
    )
    if allowed(UseCase.RENDER_DRAFT):
        found.append(
            st.Page(
                notice.page,
                title=t(texts.NAV_NOTICE),
                url_path="notice",
                icon=":material/campaign:",
            )
        )
    if allowed(UseCase.RENDER_DRAFT, UseCase.DOWNLOAD_FILING):
        found.append(
            st.Page(
                filings.page,
                title=t(texts.NAV_FILINGS),
                url_path="filings",
                icon=":material/send:",
            )
        )
    if allowed(UseCase.INVITE_SUPPLIER, UseCase.REVIEW_PROPOSAL):
        found.append(
            st.Page(
                suppliers.page,
                title=_suppliers_title(user, context.selected_incident()),
                url_path="suppliers",
                icon=":material/handshake:",
            )
        )
    if allowed(UseCase.DOWNLOAD_EVIDENCE):
        found.append(
            st.Page(
                evidence.page,
                title=t(texts.NAV_EVIDENCE),
                url_path="evidence",
                icon=":material/attach_file:",
            )
        )
    return found


def _suppliers_title(user: Account | None, ref: str | None) -> str:
    """The suppliers page's name, with how many proposals wait, so the DPO sees them from any
    page without opening this one."""
    title = t(texts.NAV_SUPPLIERS)
    if user is None or not ref:
        return title
    try:
        waiting = pending_proposals(context.resources().workspace, user.actor, ref)
    except BreachReportError:  # the page itself will say what is wrong
        return title
    return f"{title} ({waiting})" if waiting else title
