"""The supplier contact's own proposals through this invitation: when, what, and what the DPO made
of them, newest first."""

from __future__ import annotations

import streamlit as st

from ...i18n import Message, _
from ...services.permissions import Actor
from ...services.proposals import STATUS_LABELS, Proposal
from .. import context
from ..context import lang, t
from ..incident import answers
from ..incident.page import literal, when
from ..table_view import grid

TITLE = _("Your proposals")
NONE_YET = _("You have not sent a proposal yet.")
STATUS = STATUS_LABELS
SENT_AT = _("Sent {when}")
REVIEWED_AT = _("reviewed {when}")
QUESTION = _("Question")
PROPOSED = _("Proposed answer")
OUTCOME = _("Outcome")
TAKEN = _("Accepted")
NOT_TAKEN = _("Not accepted")
WAITING = _("Waiting")
YOUR_COMMENT = _("Your comment: {comment}")
NOTE = _("The data protection officer's note: {note}")


def status_label(status: str) -> str:
    found = STATUS.get(status)
    return t(found) if found else status


def show(actor: Actor) -> None:
    st.header(t(TITLE))
    mine = context.resources().workspace.proposals.mine(actor=actor)
    if not mine:
        st.caption(t(NONE_YET))
        return
    for proposal in reversed(mine):
        _proposal(proposal)


def _proposal(proposal: Proposal) -> None:
    with st.container(border=True):
        heading = (
            f"**{status_label(proposal.status)}** · {t(SENT_AT, when=when(proposal.proposed_at))}"
        )
        if proposal.reviewed_at is not None:
            heading += f", {t(REVIEWED_AT, when=when(proposal.reviewed_at))}"
        st.markdown(heading)
        grid(
            [
                {
                    t(QUESTION): answers.label(change.path, lang()),
                    t(PROPOSED): answers.short(change.path, change.proposed, lang(), limit=400),
                    t(OUTCOME): t(_outcome(proposal, change.path)),
                }
                for change in proposal.changes
            ],
            what=t(SENT_AT, when=when(proposal.proposed_at)),
            hide_index=True,
            width="stretch",
        )
        if proposal.comment:
            st.caption(t(YOUR_COMMENT, comment=literal(proposal.comment)))
        if proposal.note:
            st.info(t(NOTE, note=literal(proposal.note)), icon=":material/chat:")


def _outcome(proposal: Proposal, path: str) -> Message:
    if path in proposal.accepted:
        return TAKEN
    if path in proposal.rejected:
        return NOT_TAKEN
    return WAITING
