"""A supplier contact's proposals as the DPO reviews them: each waiting proposal beside the answers
now, the questions to accept ticked one by one, and the proposals already reviewed.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...errors import BreachReportError
from ...i18n import _, _p
from ...services.proposals import STATUS_LABELS, Proposal, ProposedChange
from .. import context
from ..context import lang, t
from ..table_view import grid
from . import answers, bulletin_source
from .page import Opened, flash, literal, state, when

NOT_YET = "–"  # an empty cell, as in the invitations table
VALUE_LIMIT = 10_000  # a proposal is judged on the whole answer, not a cut-off line


_SEEN = "proposal_versions"  # proposal id -> the incident version the review form showed


PROPOSALS = _("Proposals waiting for review")


NO_PROPOSALS = _("No proposals are waiting.")


FROM = _("From {who}, {at}")


THEIR_COMMENT = _("The contact's comment")


CONFLICTS = _(
    "Someone has changed {count} of these questions since the proposal was made (marked below). "
    "Compare the value now with the proposal: accepting replaces the value now."
)


CHANGED_SINCE = _("Changed since the proposal")


QUESTION = _("Question")


BASE = _("When proposed")


CURRENT = _("Now")


PROPOSED = _p("proposal", "Proposed")


PICK = _(
    "Untick the questions you do not want to accept. What you accept is saved as a change by "
    "{who}, accepted by you; the rest is rejected."
)


NOTE = _("Note (optional, kept in the history)")


ACCEPT = _("Accept selected")


REJECT = _("Reject all")


NONE_TICKED = _("Tick at least one question to accept, or choose Reject all.")


ACCEPTED_NOW = _("The proposal is reviewed: {accepted} questions accepted and {rejected} rejected.")


REJECTED_NOW = _("The proposal is rejected; nothing changed.")


REVIEWED = _("Reviewed proposals ({count})")


AUTHOR = _("From")


PROPOSED_AT = _p("proposed at", "Proposed")


STATUS = _("Outcome")


STATUSES = STATUS_LABELS


REVIEWED_BY = _("Reviewed by")


REVIEWED_AT = _("Reviewed")


ACCEPTED_COLUMN = _("Accepted questions")


REJECTED_COLUMN = _("Rejected questions")


NOTE_COLUMN = _("Note")


def value_text(change: ProposedChange, value: Any) -> str:
    """An answer in full, as people read it, safe for Markdown."""
    return literal(answers.short(change.path, value, lang(), limit=VALUE_LIMIT))


def show_pending(opened: Opened) -> None:
    st.header(t(PROPOSALS))
    found = context.workspace().proposals.pending(ref=opened.ref, actor=opened.user.actor)
    if not found:
        st.caption(t(NO_PROPOSALS))
        return
    for proposal in found:
        with st.container(border=True):
            _proposal(opened, proposal)


def _proposal(opened: Opened, proposal: Proposal) -> None:
    # Accept against the version the DPO was shown, not whatever is newest when they click.
    versions = state(_SEEN)
    seen = versions.get(proposal.id, proposal.current_version)
    versions[proposal.id] = proposal.current_version
    bulletin = (
        bulletin_source.source(proposal.id, opened.user.actor)
        if proposal.invitation_id is None
        else None
    )
    if bulletin is not None:  # from a supplier's signed bulletin: the supplier and its version
        who = literal(bulletin_source.author(bulletin))
        bulletin_source.show(bulletin)
    else:
        who = literal(proposal.author)
        st.markdown(f"**{t(FROM, who=who, at=when(proposal.proposed_at))}**")
    if proposal.comment:
        st.markdown(f"{t(THEIR_COMMENT)}:\n\n> {literal(proposal.comment)}")
    if proposal.conflicts:
        st.warning(t(CONFLICTS, count=len(proposal.conflicts)), icon=":material/warning:")
    st.caption(t(PICK, who=who))
    widths = [3, 3, 3, 3]
    ticked: dict[str, bool] = {}
    with st.form(f"br_sup_review.{proposal.id}"):
        for column, heading in zip(
            st.columns(widths), (QUESTION, BASE, CURRENT, PROPOSED), strict=True
        ):
            column.markdown(f"**{t(heading)}**")
        for change in proposal.changes:
            question, base, current, proposed = st.columns(widths)
            ticked[change.path] = question.checkbox(
                answers.label(change.path, lang()),
                value=True,
                key=f"br_sup_take.{proposal.id}.{change.path}",
            )
            base.markdown(value_text(change, change.base))
            with current:
                if change.conflict:
                    st.markdown(f":orange[:material/warning: **{t(CHANGED_SINCE)}**]")
                st.markdown(value_text(change, change.current))
            proposed.markdown(value_text(change, change.proposed))
        note = st.text_input(t(NOTE), key=f"br_sup_note.{proposal.id}")
        with st.container(horizontal=True):
            accept = st.form_submit_button(
                t(ACCEPT), type="primary", key=f"br_sup_accept.{proposal.id}"
            )
            reject = st.form_submit_button(t(REJECT), key=f"br_sup_reject.{proposal.id}")
    if not (accept or reject):
        return
    chosen = {path for path, take in ticked.items() if take} if accept else set()
    if accept and not chosen:
        st.error(t(NONE_TICKED))
        return
    try:
        reviewed = context.workspace().proposals.review(
            actor=opened.user.actor,
            proposal_id=proposal.id,
            accept=chosen,
            note=note.strip() or None,
            expected_version=seen,
        )
    except BreachReportError as error:
        context.show_error(error)
        return
    versions.pop(proposal.id, None)
    if reviewed.accepted:
        counts = {"accepted": len(reviewed.accepted), "rejected": len(reviewed.rejected)}
        flash(ACCEPTED_NOW.format(**counts))
    else:
        flash(REJECTED_NOW)
    st.rerun()


def reviewed_row(proposal: Proposal, actor: Any = None) -> dict[str, str]:
    status = STATUSES.get(proposal.status)
    bulletin = (
        bulletin_source.source(proposal.id, actor) if proposal.invitation_id is None else None
    )
    return {
        t(AUTHOR): bulletin_source.author(bulletin) if bulletin else proposal.author,
        t(PROPOSED_AT): when(proposal.proposed_at),
        t(STATUS): t(status) if status else proposal.status,
        t(REVIEWED_BY): proposal.reviewed_by or NOT_YET,
        t(REVIEWED_AT): when(proposal.reviewed_at) if proposal.reviewed_at else NOT_YET,
        t(ACCEPTED_COLUMN): ", ".join(answers.labels(proposal.accepted, lang())) or NOT_YET,
        t(REJECTED_COLUMN): ", ".join(answers.labels(proposal.rejected, lang())) or NOT_YET,
        t(NOTE_COLUMN): proposal.note or "",
    }


def show_reviewed(opened: Opened) -> None:
    found = context.workspace().proposals.reviewed(ref=opened.ref, actor=opened.user.actor)
    if not found:
        return
    with st.expander(t(REVIEWED, count=len(found)), expanded=False):
        grid(
            [reviewed_row(p, opened.user.actor) for p in reversed(found)],
            what=t(REVIEWED, count=len(found)),
            hide_index=True,
            width="stretch",
        )
