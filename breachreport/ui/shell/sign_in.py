"""The sign-in screen: username and password, one neutral message when it fails, and a notice
after an idle session expired. Never says whether a username exists.
"""

from __future__ import annotations

import streamlit as st

from ...domain.labels import Text
from ...errors import AuthenticationFailed, BreachReportError
from .. import context, texts
from ..context import t
from . import sso

TITLE = Text("Logga in", "Sign in")
LEAD = Text(
    "Registret över personuppgiftsincidenter och anmälningar till IMY.",
    "The register of personal data breaches and notifications to IMY.",
)
USERNAME = Text("Användarnamn", "Username")
PASSWORD = Text("Lösenord", "Password")
SUBMIT = Text("Logga in", "Sign in")
FAILED = Text(
    "Inloggningen misslyckades. Kontrollera användarnamn och lösenord. Efter flera misslyckade "
    "försök i rad spärras kontot en stund.",
    "Sign-in failed. Check the username and the password. After several failed attempts in a "
    "row, the account is locked for a while.",
)
CHECKING = Text("Kontrollerar …", "Checking …")
NO_ACCOUNT = Text(
    "Saknar du konto? Be dataskyddsombudet eller en administratör att lägga upp ett.",
    "No account? Ask the data protection officer or an administrator to add one.",
)
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
