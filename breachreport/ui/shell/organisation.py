"""The organisation page: the profile that fills every new incident; a DPO or an administrator
edits it, others read it.
"""

from __future__ import annotations

import streamlit as st

from ...errors import BreachReportError
from ...i18n import _
from ...services.accounts import MANAGERS
from .. import context, texts
from ..context import t
from .organisation_form import organisation_form

TITLE = _("The organisation")
READ_ONLY = _("Only the data protection officer or an administrator can change these details.")
APPLIES_TO_NEW = _(
    "Changes apply to incidents started from now on; open incidents are changed in their own "
    "questions."
)


def organisation() -> None:
    user = context.require_user()
    st.title(t(TITLE))
    may_edit = user.role in MANAGERS
    if not may_edit:
        st.info(t(READ_ONLY))
    accounts = context.accounts()
    profile = organisation_form(
        accounts.organisation(), key="br_organisation", submit=texts.SAVE, disabled=not may_edit
    )
    st.caption(t(APPLIES_TO_NEW))
    if profile is None:
        return
    try:
        with st.spinner(t(texts.WORKING)):
            accounts.save_organisation(by=user, profile=profile)
    except BreachReportError as error:
        context.show_error(error)
        return
    st.success(t(texts.SAVED))
