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
from . import answers
from .page import guarded, open_incident, when

KINDS = {
    "opened": Text("Öppnad", "Opened"),
    "revised": Text("Ändrad", "Changed"),
    "decided": Text("Beslut", "Decision"),
    "filed": Text("Anmälan registrerad", "Filing recorded"),
    "case_number": Text("IMY:s diarienummer", "IMY's case number"),
}
WHEN = Text("När", "When")
WHO = Text("Vem", "Who")
ROLE = Text("Roll", "Role")
WHAT = Text("Vad", "What")
QUESTIONS = Text("Frågor", "Questions")
CHANGES = Text("Ändringar", "Changes")
REASON = Text("Skäl", "Reason")
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


def row(entry: HistoryEntry) -> dict[str, str]:
    kind = KINDS.get(entry.kind)
    return {
        t(WHEN): when(entry.at),
        t(WHO): entry.actor,
        t(ROLE): _role(entry.role),
        t(WHAT): t(kind) if kind else entry.kind,
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
    st.dataframe(
        [row(entry) for entry in reversed(entries)],
        hide_index=True,
        width="stretch",
        column_config={
            t(CHANGES): st.column_config.TextColumn(width="large"),
            t(QUESTIONS): st.column_config.TextColumn(width="medium"),
        },
    )
