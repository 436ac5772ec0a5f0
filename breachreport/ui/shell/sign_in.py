"""The sign-in screen: username and password, one neutral message when it fails, and a notice
after an idle session expired. Never says whether a username exists.
"""

from __future__ import annotations

import streamlit as st

from ...errors import AuthenticationFailed, BreachReportError
from ...i18n import _
from .. import context, texts
from ..context import t
from . import sso

TITLE = _("Sign in")
LEAD = _("The register of personal data breaches and notifications to IMY.")
USERNAME = _("Username")
PASSWORD = _("Password")
SUBMIT = _("Sign in")
FAILED = _(
    "Sign-in failed. Check the username and the password. After several failed attempts in a "
    "row, the account is locked for a while."
)
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
            account = context.accounts().authenticate(username=username, password=password)
    except AuthenticationFailed:
        st.error(t(FAILED))
        return
    except BreachReportError as error:
        context.show_error(error)
        return
    context.sign_in(account)
    st.rerun()
