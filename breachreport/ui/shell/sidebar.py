"""The signed-in part of the sidebar: who is signed in, sign-out, and the selected incident with its
72-hour deadline to IMY and the next deadline of every other chain that runs (the early warning to
CERT-SE, "if significant" while that is not known), so that they are visible on every page.
"""

from __future__ import annotations

import streamlit as st

from ...domain.recipients import IMY
from ...errors import BreachReportError, NotFound
from ...i18n import _
from ...services.accounts import Account
from .. import context, texts
from ..context import t
from . import sso
from .chains import OTHER, chains
from .deadline_box import show_deadline
from .deadlines import from_clock

_ART33_KEY = "gdpr_art33"
ART33_TITLE = _("Notification to IMY (72 hours)")
LEAVE = _("Leave the incident")
GONE = _("Incident {ref} no longer exists; it has been deselected.")


def signed_in_sidebar(user: Account) -> None:
    with st.sidebar:
        st.caption(
            t(texts.SIGNED_IN_AS, name=user.display_name, role=user.role.label(context.lang()))
        )
        if st.button(t(texts.SIGN_OUT), key="br_sign_out", icon=":material/logout:"):
            context.sign_out()
            sso.end_provider_session()
            st.rerun()
        ref = context.selected_incident()
        if ref:
            _incident_deadline(ref)


def _incident_deadline(ref: str) -> None:
    st.divider()
    st.markdown(f"**{t(texts.SECTION_INCIDENT, ref=ref)}**")
    try:
        clocks = context.workspace().clocks(ref)
    except NotFound:
        context.select_incident(None)
        st.warning(t(GONE, ref=ref))
        return
    except BreachReportError as error:
        context.show_error(error)
        return
    clock = next((c for c in clocks if c.key == _ART33_KEY), None)
    if clock is not None:
        show_deadline(from_clock(clock), title=t(ART33_TITLE))
    for chain in chains(clocks):
        upcoming = chain.next_clock()
        if chain.recipient in (IMY, OTHER) or upcoming is None:
            continue
        show_deadline(chain.deadline(upcoming), title=upcoming.label(context.lang()))
    if st.button(t(LEAVE), key="br_leave_incident", icon=":material/close:"):
        context.select_incident(None)
        st.rerun()
