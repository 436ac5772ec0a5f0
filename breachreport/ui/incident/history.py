"""The history of an incident: every event with when (Swedish time), who, in which role, what kind,
which questions, the old and new answers in short, and the reason given.
"""

from __future__ import annotations

import streamlit as st

from ...domain.labels import Text
from ...domain.status import Role
from ...services import HistoryEntry
from .. import context, texts
from ..context import lang, t
from ..table_view import grid
from . import answers
from .page import guarded, open_incident, when

KINDS = {
    "opened": Text("Öppnad", "Opened"),
    "revised": Text("Ändrad", "Changed"),
    "decided": Text("Beslut", "Decision"),
    "filed": Text("Anmälan registrerad", "Filing recorded"),
    "case_number": Text("IMY:s diarienummer", "IMY's case number"),
    "invited": Text("Leverantörskontakt inbjuden", "Supplier contact invited"),
    "invitation_opened": Text("Inbjudan öppnad", "Invitation opened"),
    "invitation_revoked": Text("Inbjudan återkallad", "Invitation revoked"),
    "proposed": Text("Förslag lämnat", "Proposal made"),
    "proposal_reviewed": Text("Förslag granskat", "Proposal reviewed"),
    "proposal_accepted": Text("Godkänt förslag infört", "Accepted proposal applied"),
    "reviewer_assigned": Text("Granskare utsedd", "Reviewer assigned"),
    "reviewer_removed": Text("Granskare borttagen", "Reviewer removed"),
    "commented": Text("Kommentar", "Comment"),
    "approved": Text("Utkast godkänt", "Draft approved"),
    "evidence_uploaded": Text("Underlag bifogat", "Evidence attached"),
    "evidence_downloaded": Text("Underlag nedladdat", "Evidence downloaded"),
    "document_downloaded": Text("Dokument nedladdat", "Document downloaded"),
}
WHEN = Text("När", "When")
WHO = Text("Vem", "Who")
ROLE = Text("Roll", "Role")
WHAT = Text("Vad", "What")
QUESTIONS = Text("Frågor", "Questions")
CHANGES = Text("Ändringar", "Changes")
REASON = Text("Skäl", "Reason")
ABOUT = Text("Gäller", "About")
ACCEPTED_BY = Text("godkänt av {who}", "accepted by {who}")
SUBMITTED = Text("inlämnad till IMY {at}", "submitted to IMY {at}")
EMPTY = Text("Ingen historik ännu.", "No history yet.")
EXPLAIN = Text(
    "Varje ändring sparas med vem som gjorde den, i vilken roll och när; inget skrivs över. "
    "Senaste händelsen först.",
    "Every change is kept with who made it, in which role and when; nothing is overwritten. "
    "Latest event first.",
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
