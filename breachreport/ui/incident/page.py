"""What every incident page shares: loading the selected incident with its heading, one-off
messages after a rerun, who may act, and a guard that turns any error into a clear message.
Keeps nothing decrypted between reruns except what a page puts in its own state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from ...documents.markdown import escape_markdown
from ...domain.labels import Text
from ...domain.status import Role
from ...domain.times import format_local
from ...i18n import Message, _
from ...services import Incident
from ...services.accounts import Account
from .. import context, texts
from ..context import t

log = logging.getLogger(__name__)

# Only the DPO decides, files and records IMY's case number (design.md: the DPO's decision).
DECIDERS = frozenset({Role.DPO})

ONLY_DPO = _("Only the data protection officer can do this; you can read but not change it here.")


@dataclass(frozen=True)
class Opened:
    """The signed-in user and the incident the page is about, as read at the start of this run."""

    user: Account
    incident: Incident

    @property
    def ref(self) -> str:
        return self.incident.reference

    @property
    def may_decide(self) -> bool:
        return self.user.role in DECIDERS


def guarded(render: Callable[[], None]) -> Callable[[], None]:
    """Run a page through the app's one error guard (see ``context.guard``)."""
    return context.guard(render)


def open_incident(title: Text | Message) -> Opened | None:
    """The page's heading and the selected incident, or None (with a hint) when none is chosen.
    (The sidebar shows the incident's 72-hour deadline on every page.)"""
    user = context.require_user()
    ref = context.selected_incident()
    if not ref:
        st.title(t(title))
        st.info(t(texts.NO_INCIDENT))
        return None
    with st.spinner(t(texts.WORKING)):
        incident = context.workspace().incident(ref)
    st.title(f"{t(title)} · {incident.reference}")
    name = incident.facts.description.title_internal
    status = incident.status.label(context.lang())
    st.caption(f"{literal(name)} · {status}" if name else status)
    return Opened(user, incident)


def literal(text: str | None) -> str:
    """User text for st.markdown: shown as written, never as markup, maths or Streamlit colour."""
    if not text:
        return ""
    return escape_markdown(text).replace("$", "\\$")


def when(value: datetime) -> str:
    """A time for people, in Swedish time and the user's language."""
    return format_local(value, context.lang())


def state(name: str) -> dict:
    """One of the pages' stores in the session (e.g. "seen" or "refused"), keyed as they like.
    All live under one key, so that signing out drops them at once (``context.sign_out``)."""
    return st.session_state.setdefault(context.PAGE_STATE, {}).setdefault(name, {})


def flash(message: Text | Message) -> None:
    """A message to show once, after the rerun that follows a save."""
    state("flash")["message"] = message


def show_flash() -> None:
    message = state("flash").pop("message", None)
    if message is not None:
        st.success(t(message), icon=":material/check:")


def require_decider(opened: Opened) -> bool:
    if not opened.may_decide:
        st.caption(t(ONLY_DPO))
    return opened.may_decide
