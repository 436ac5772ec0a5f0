"""The supplier contact's page: who they are and until when, the invited sections as a proposal to
the DPO, their proposals so far, and their evidence. Nothing about other sections, other
incidents, the register, the documents, the history or the DPO's decision.

Each run reads the invitation afresh; once it is revoked or expired the session ends.
"""

from __future__ import annotations

import streamlit as st

from ...errors import InvitationRefused
from ...i18n import _
from ...services.permissions import Actor
from ...services.proposals import InvitedView
from .. import context
from ..context import t
from ..incident.page import literal, show_flash, when
from . import evidence, link, proposal_form, sent

TITLE = _("Incident {ref}")
WHO = _("You are signed in as {name} through an invitation, until {until}.")
EXPLAIN = _(
    "The data protection officer has asked for your help with the questions below. You see the "
    "current answers and can propose changes and attach evidence, such as a technical report. "
    "Nothing you propose changes anything until the data protection officer has reviewed it; you "
    "see the outcome under Your proposals."
)
SIDEBAR_WHO = _("Invited: {name}")
LEAVE = _("Leave")


def page() -> None:
    """The whole page; a link that stopped working ends the session and says so."""
    actor = context.supplier_actor()
    if actor is None:
        st.stop()
    try:
        _show(actor)
    except InvitationRefused:
        typed = proposal_form.rescue(actor)  # before the session's state is dropped
        link.end(refused=True)
        if typed:
            link.keep_unsent(typed)
        st.rerun()


def _show(actor: Actor) -> None:
    workspace = context.resources().workspace
    view = workspace.proposals.invited(actor=actor)  # refused once revoked or expired
    _sidebar(view)
    st.title(t(TITLE, ref=view.reference))
    st.caption(t(WHO, name=literal(view.contact_name), until=when(view.expires_at)))
    st.markdown(t(EXPLAIN))
    show_flash()
    proposal_form.edit(actor, view)
    st.divider()
    sent.show(actor)
    st.divider()
    evidence.show(actor, view)


def _sidebar(view: InvitedView) -> None:
    with st.sidebar:
        st.caption(t(SIDEBAR_WHO, name=literal(view.contact_name)))
        if st.button(t(LEAVE), key="br_supplier_leave", icon=":material/logout:"):
            link.end(refused=False)
            st.rerun()
