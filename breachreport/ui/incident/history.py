"""The history of an incident: every event with when (Swedish time), who, in which role, what kind,
which questions, the old and new answers in short, and the reason given.
"""

from __future__ import annotations

import streamlit as st

from ...domain.status import Role
from ...i18n import _, _p
from ...services import HistoryEntry
from .. import context, texts
from ..context import lang, t
from ..table_view import grid
from . import answers
from .page import guarded, open_incident, when

KINDS = {
    "opened": _("Opened"),
    "revised": _("Changed"),
    "decided": _("Decision"),
    "filed": _("Filing recorded"),
    "case_number": _("Case number recorded"),
    "invited": _("Supplier contact invited"),
    "invitation_opened": _("Invitation opened"),
    "invitation_revoked": _("Invitation revoked"),
    "proposed": _("Proposal made"),
    "proposal_reviewed": _("Proposal reviewed"),
    "proposal_accepted": _("Accepted proposal applied"),
    "bulletin_imported": _("Supplier's bulletin imported"),
    "reviewer_assigned": _("Reviewer assigned"),
    "reviewer_removed": _("Reviewer removed"),
    "commented": _("Comment"),
    "approved": _("Draft approved"),
    "evidence_uploaded": _("Evidence attached"),
    "evidence_downloaded": _("Evidence downloaded"),
    "document_downloaded": _("Document downloaded"),
    "mail_sent": _("Mail sent"),
    "invitation_mailed": _("Invitation link mailed"),
}
WHEN = _("When")
WHO = _("Who")
ROLE = _("Role")
WHAT = _("What")
QUESTIONS = _("Questions")
CHANGES = _("Changes")
REASON = _p("history", "Reason")
ABOUT = _("About")
ACCEPTED_BY = _("accepted by {who}")
FROM_BULLETIN = _("from the supplier's bulletin {source}")
SUBMITTED = _("submitted to IMY {at}")
EMPTY = _("No history yet.")
EXPLAIN = _(
    "Every change is kept with who made it, in which role and when; nothing is overwritten. "
    "Latest event first."
)
CHANGE_WIDTH = 60


def _role(value: str) -> str:
    try:
        return Role(value).label(lang())
    except ValueError:
        return value


def _changes(entry: HistoryEntry) -> str:
    lines = []
    for path, (old, new) in entry.changes.items():
        before = answers.short(path, old, lang(), limit=CHANGE_WIDTH)
        after = answers.short(path, new, lang(), limit=CHANGE_WIDTH)
        lines.append(f"{answers.label(path, lang())}: {before} → {after}")
    return "\n".join(lines)


def _reason(entry: HistoryEntry) -> str:
    """The reason given: for a decision, its own stated reason."""
    if entry.reason:
        return entry.reason
    if entry.kind == "decided" and "decision.reason" in entry.changes:
        return entry.changes["decision.reason"][1] or ""
    return ""


def _about(entry: HistoryEntry) -> str:
    """Whom or what the event concerns: the contact or reviewer, who accepted a proposal, which
    document was taken away."""
    parts = [entry.subject, entry.document]
    if entry.submitted_at is not None:
        parts.append(t(SUBMITTED, at=when(entry.submitted_at)))
    if entry.approved_by:
        parts.append(t(ACCEPTED_BY, who=entry.approved_by))
    if entry.source:
        parts.append(t(FROM_BULLETIN, source=entry.source))
    return " · ".join(part for part in parts if part)


def row(entry: HistoryEntry) -> dict[str, str]:
    kind = KINDS.get(entry.kind)
    return {
        t(WHEN): when(entry.at),
        t(WHO): entry.actor,
        t(ROLE): _role(entry.role),
        t(WHAT): t(kind) if kind else entry.kind,
        t(ABOUT): _about(entry),
        t(QUESTIONS): ", ".join(answers.labels(entry.fields, lang())),
        t(CHANGES): _changes(entry),
        t(REASON): _reason(entry),
    }


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_HISTORY)
    if opened is None:
        return
    with st.spinner(t(texts.WORKING)):
        entries = context.workspace().history(opened.ref)
    if not entries:
        st.info(t(EMPTY))
        return
    st.caption(t(EXPLAIN))
    grid(
        [row(entry) for entry in reversed(entries)],
        what=t(texts.NAV_HISTORY),
        hide_index=True,
        width="stretch",
        column_config={
            t(CHANGES): st.column_config.TextColumn(width="large"),
            t(QUESTIONS): st.column_config.TextColumn(width="medium"),
        },
    )
