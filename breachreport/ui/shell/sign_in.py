"""The sign-in screen: username and password, one neutral message when it fails (with the wait
the throttle asks for, if any), and a notice after an idle session expired. Never says whether a
username exists.
"""

from __future__ import annotations

import ipaddress

import streamlit as st

from ...errors import AuthenticationFailed, BreachReportError
from ...i18n import Message, _, _n
from .. import context, texts
from ..context import t
from . import sso

TITLE = _("Sign in")
LEAD = _("The register of personal data breaches and notifications to IMY.")
USERNAME = _("Username")
PASSWORD = _("Password")
SUBMIT = _("Sign in")
FAILED = _("Sign-in failed. Check the username and the password.")
CHECKING = _("Checking …")
NO_ACCOUNT = _("No account? Ask the data protection officer or an administrator to add one.")
_EXPIRED = "br_expired"


def sign_in() -> None:
    st.title(t(TITLE))
    st.caption(t(LEAD))
    if st.session_state.pop(_EXPIRED, False):
        st.warning(t(texts.SESSION_EXPIRED))
    sso.sign_in_button()
    with st.form("br_sign_in"):
        username = st.text_input(t(USERNAME), key="br_sign_in_username", autocomplete="username")
        password = st.text_input(
            t(PASSWORD), type="password", key="br_sign_in_password", autocomplete="current-password"
        )
        sent = st.form_submit_button(t(SUBMIT), type="primary")
    st.caption(t(NO_ACCOUNT))
    if not sent:
        return
    try:
        with st.spinner(t(CHECKING)):
            account = context.accounts().authenticate(
                username=username, password=password, client=client_address()
            )
    except AuthenticationFailed as refused:
        seconds = getattr(refused, "wait_seconds", 0)
        st.error(f"{t(FAILED)} {t(wait(seconds))}" if seconds else t(FAILED))
        return
    except BreachReportError as error:
        context.show_error(error)
        return
    context.sign_in(account)
    st.rerun()


def wait(seconds: int) -> Message:
    """The wait the sign-in throttle asks for; the same for every name, known or not."""
    return _n(
        "Wait {count} second before trying again.",
        "Wait {count} seconds before trying again.",
        seconds,
        count=seconds,
    )


def client_address() -> str | None:
    """The address the sign-in throttle counts this browser under: the connection's own, or,
    when that is this machine (Streamlit on 127.0.0.1 behind a reverse proxy, as SECURITY.md
    advises), the one the proxy put last in X-Forwarded-For. None when neither is known (then
    the throttle counts the attempt under one neutral address)."""
    peer = st.context.ip_address
    if peer is None:
        forwarded = ",".join(st.context.headers.get_all("X-Forwarded-For"))
        peer = forwarded.rsplit(",", 1)[-1].strip() or None
    try:
        return None if peer is None else str(ipaddress.ip_address(peer[:64]))
    except ValueError:
        return None
