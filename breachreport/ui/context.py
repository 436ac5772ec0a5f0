"""What every screen needs: the shared workspace, the signed-in user, the language, the selected
incident, and one way to show errors. Holds no decrypted data between reruns.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import streamlit as st

from breachreport.runtime.home import initialise, open_home

from ..domain.labels import Text
from ..domain.status import Role
from ..domain.times import utc_now
from ..errors import (
    BreachReportError,
    FactsInvalid,
    FilingRefused,
    InvitationRefused,
    VersionConflict,
)
from ..i18n import Message, _
from ..mail.config import MailConfig
from ..services import Workspace
from ..services.accounts import Account, Accounts, session_expired
from ..services.permissions import Actor
from ..settings import Settings, load_settings
from . import texts

log = logging.getLogger("breachreport.ui")

_USER = "br_account_id"
_LAST_SEEN = "br_last_seen"
_LANG = "br_lang"
_INCIDENT = "br_incident"
# A supplier contact who came through an invitation link: their name and invitation id, never the
# link's token. Every use case re-checks the invitation, so a revoked one ends this at once.
_SUPPLIER = "br_supplier"
# What pages keep between reruns (a form's answers as shown, a failed save): dropped at sign-out.
PAGE_STATE = "br_incident_pages"


@dataclass(frozen=True)
class Resources:
    """Shared by all sessions: the use cases over one store. No plaintext lives here."""

    settings: Settings
    workspace: Workspace
    accounts: Accounts


@st.cache_resource(show_spinner=False)
def _open(database_url: str, key_source: str) -> Resources:
    settings = load_settings()
    initialise(settings)  # first run: data folder, key file and database
    store = open_home(settings)
    mail = partial(MailConfig.from_settings, settings)
    return Resources(settings, Workspace(store, mail=mail), Accounts(store))


def resources() -> Resources:
    """The workspace and accounts for the configured data folder (opened once per process)."""
    settings = load_settings()
    return _open(settings.resolved_database_url, str(settings.resolved_key_file))


# Reads that take the acting person; the screens never read as the local operator.
_READS = frozenset({"incident", "filings", "history", "export", "assessment", "clocks", "render"})


class ActingWorkspace:
    """The workspace seen by the signed-in person: every read carries their actor, so the
    services' scope rules (a reviewer's assigned incidents only) hold on every screen."""

    def __init__(self, workspace: Workspace, actor: Any) -> None:
        self._workspace = workspace
        self._actor = actor

    def register(self) -> list:
        return self._workspace.register_for(self._actor)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._workspace, name)
        if name in _READS and callable(found):
            return functools.partial(_as, found, self._actor)
        return found


def _as(read: Callable[..., Any], actor: Any, *args: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("actor", actor)
    return read(*args, **kwargs)


def workspace() -> Workspace:
    """The use cases, as the signed-in person when there is one."""
    shared = resources().workspace
    supplier = supplier_actor()
    if supplier is not None:  # never the unscoped workspace for someone who came through a link
        return ActingWorkspace(shared, supplier)  # type: ignore[return-value]
    account_id = st.session_state.get(_USER)
    if account_id is None:
        return shared
    try:
        account = accounts().get(account_id)
    except BreachReportError:
        return shared
    return ActingWorkspace(shared, account.actor)  # type: ignore[return-value]


def accounts() -> Accounts:
    return resources().accounts


# -- language ------------------------------------------------------------------------------------


def lang() -> str:
    return st.session_state.get(_LANG, "sv")


def set_lang(value: str) -> None:
    st.session_state[_LANG] = value if value in ("sv", "en") else "sv"


def t(text: Text | Message, **values: object) -> str:
    """``text`` in the user's language, with ``{placeholders}`` filled in."""
    chosen = text(lang())
    return chosen.format(**values) if values else chosen


# -- who is signed in ----------------------------------------------------------------------------


def sign_in(account: Account) -> None:
    st.session_state.pop(_SUPPLIER, None)
    st.session_state[_USER] = account.id
    st.session_state[_LAST_SEEN] = utc_now()


def sign_out() -> None:
    """End whoever's session this is: a signed-in account or a supplier contact's link."""
    for key in (_USER, _LAST_SEEN, _INCIDENT, PAGE_STATE, _SUPPLIER):
        st.session_state.pop(key, None)


def sign_in_supplier(actor: Actor) -> None:
    """Start a supplier contact's session from a redeemed invitation link (``Invitations.redeem``).

    Whoever was signed in in this browser session is signed out first, so that a staff account and
    an invitation never mix. Keeps the name and the invitation id only, never the token.
    """
    if actor.role is not Role.SUPPLIER_CONTACT or not actor.invitation_id:
        raise ValueError("only a redeemed invitation starts a supplier contact's session")
    sign_out()
    st.session_state[_SUPPLIER] = {"name": actor.name, "invitation_id": actor.invitation_id}


def supplier_actor() -> Actor | None:
    """The supplier contact of this session, or None. Whether their invitation still holds is for
    the services to say, on every use."""
    found = st.session_state.get(_SUPPLIER)
    if not isinstance(found, dict) or not found.get("invitation_id"):
        return None
    return Actor(
        name=str(found.get("name") or ""),
        role=Role.SUPPLIER_CONTACT,
        invitation_id=str(found["invitation_id"]),
    )


def current_user(*, now: datetime | None = None) -> Account | None:
    """The signed-in account, or None. Idle sessions expire; each rerun counts as activity."""
    account_id = st.session_state.get(_USER)
    if account_id is None:
        return None
    now = now or utc_now()
    last_seen = st.session_state.get(_LAST_SEEN) or now
    if session_expired(last_seen, now, resources().settings.session_idle_minutes):
        sign_out()
        st.session_state["br_expired"] = True
        return None
    try:
        account = accounts().get(account_id)
    except BreachReportError:
        sign_out()
        return None
    if account.disabled:
        sign_out()
        return None
    st.session_state[_LAST_SEEN] = now
    return account


def require_user() -> Account:
    """The signed-in account; stops the page if there is none (the router shows sign-in)."""
    account = current_user()
    if account is None:
        st.stop()
    return account


# -- the incident being worked on ----------------------------------------------------------------


def selected_incident() -> str | None:
    ref = st.session_state.get(_INCIDENT) or st.query_params.get("incident")
    if ref and st.session_state.get(_INCIDENT) != ref:
        st.session_state[_INCIDENT] = ref
    return ref


def select_incident(ref: str | None) -> None:
    if ref is None:
        st.session_state.pop(_INCIDENT, None)
        st.query_params.pop("incident", None)
    else:
        st.session_state[_INCIDENT] = ref
        st.query_params["incident"] = ref


# -- errors --------------------------------------------------------------------------------------


def show_error(error: BreachReportError) -> None:
    """A clear message in the user's language; never a traceback."""
    if isinstance(error, FactsInvalid | FilingRefused):
        lines = "\n".join(f"- {p.text(lang())}" for p in error.problems)
        headline = (
            _("The answers need fixing:")
            if isinstance(error, FactsInvalid)
            else _("This cannot be filed yet:")
        )
        st.error(f"{t(headline)}\n\n{lines}")
    elif isinstance(error, VersionConflict):
        st.warning(
            t(
                _(
                    "Someone else saved changes to the same question while you worked. Nothing "
                    "of yours was saved; compare and choose below."
                )
            )
        )
    else:
        st.error(said(error, lang()))


def said(error: BreachReportError, code: str) -> str:
    """A deliberate error's message in ``code``, as the use cases catalogued it.

    A refused invitation link reads as the link page says it, so the contact meets one wording for
    a link that no longer works wherever they meet it.
    """
    if isinstance(error, InvitationRefused):
        return texts.LINK_REFUSED(code)
    return error.in_(code)


def show_unexpected(error: BaseException | None = None) -> None:
    """A plain apology for the user; the log gets the error's type and code frames only, since
    its message may quote what someone typed."""
    if error is not None:
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("unexpected %s in the app:\n%s", type(error).__name__, frames)
    st.error(t(texts.UNEXPECTED))


def guard(render: Callable[[], None]) -> Callable[[], None]:
    """Run a page: a deliberate error becomes its message, anything else a plain apology; never a
    traceback on screen. Streamlit's own stop and rerun signals pass through (BaseException)."""

    @functools.wraps(render)
    def run() -> None:
        try:
            render()
        except BreachReportError as error:
            show_error(error)
        except Exception as error:
            show_unexpected(error)

    return run
