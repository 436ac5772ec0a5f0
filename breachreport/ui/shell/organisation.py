"""The organisation page: the profile that fills every new incident; a DPO or an administrator
edits it, others read it. Below it, which recipients' report chains the profile turns on, and the
reminder rules with the mail status (``reminder_rules``).
"""

from __future__ import annotations

import streamlit as st

from ...errors import BreachReportError
from ...i18n import _
from ...services.accounts import MANAGERS
from ...services.organisation import OrganisationProfile, regimes
from .. import context, texts
from ..context import t
from . import reminder_rules
from .organisation_form import organisation_form

TITLE = _("The organisation")
READ_ONLY = _("Only the data protection officer or an administrator can change these details.")
APPLIES_TO_NEW = _(
    "Changes apply to incidents started from now on; open incidents are changed in their own "
    "questions."
)
CHAINS = _("Who incidents are reported to")
CHAINS_INTRO = _(
    "What the answers above turn on for the organisation's incidents. Each incident shows its own "
    "deadlines."
)
ON = _("Applies")
OFF = _("Does not apply")
OPEN = _("Depends")


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
    if profile is not None:
        try:
            with st.spinner(t(texts.WORKING)):
                accounts.save_organisation(by=user, profile=profile)
        except BreachReportError as error:
            context.show_error(error)
        else:
            st.success(t(texts.SAVED))
    show_chains(accounts.organisation())
    reminder_rules.show(user)


def show_chains(profile: OrganisationProfile) -> None:
    """Each recipient's chain as the saved profile sets it: on, off, or depending on the answer
    still missing or on the incident, with why."""
    st.header(t(CHAINS))
    st.caption(t(CHAINS_INTRO))
    states = {True: ON, False: OFF, None: OPEN}
    lines = [f"- **{t(states[regime.on])}**: {t(regime.says)}" for regime in regimes(profile)]
    st.markdown("\n".join(lines))
