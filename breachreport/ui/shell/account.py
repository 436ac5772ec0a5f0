"""The account page: who you are, your role and last sign-in, and changing your password."""

from __future__ import annotations

import streamlit as st

from ...domain.times import format_local
from ...errors import AuthenticationFailed, BreachReportError
from ...i18n import _
from .. import context, texts
from ..context import t
from .passwords import NEW_PASSWORD, REPEAT, RULES, new_password_problems
from .sign_in import client_address

TITLE = _("My account")
USERNAME = _("Username")
NAME = _("Name")
ROLE = _("Role")
LAST_SIGN_IN = _("Last sign-in")
CHANGE = _("Change password")
CURRENT = _("Current password")
SAME = _("The new password must differ from the current one.")
FIX = _("The password could not be changed:")
WRONG_CURRENT = _(
    "The current password was not accepted; nothing was changed. After several wrong attempts, "
    "wait a few minutes before trying again."
)
CHANGED = _("Your password has been changed.")


def account() -> None:
    user = context.require_user()
    lang = context.lang()
    st.title(t(TITLE))
    rows = [
        (USERNAME, user.username),
        (NAME, user.display_name),
        (ROLE, user.role.label(lang)),
        (LAST_SIGN_IN, format_local(user.last_login_at, lang) if user.last_login_at else "–"),
    ]
    st.markdown("\n".join(f"- **{t(label)}**: {value}" for label, value in rows))
    st.header(t(CHANGE))
    with st.form("br_change_password", clear_on_submit=True):
        current = st.text_input(
            t(CURRENT), type="password", key="br_password_current", autocomplete="current-password"
        )
        new = st.text_input(
            t(NEW_PASSWORD), type="password", key="br_password_new", autocomplete="new-password"
        )
        repeated = st.text_input(
            t(REPEAT), type="password", key="br_password_again", autocomplete="new-password"
        )
        st.caption(t(RULES))
        sent = st.form_submit_button(t(CHANGE), type="primary")
    if not sent:
        return
    problems = new_password_problems(new, repeated)
    if new and new == current:
        problems.append(SAME)
    if problems:
        st.error(t(FIX) + "\n\n" + "\n".join(f"- {t(p)}" for p in problems))
        return
    try:
        with st.spinner(t(texts.WORKING)):
            context.accounts().change_password(
                account_id=user.id,
                old_password=current,
                new_password=new,
                client=client_address(),
            )
    except AuthenticationFailed:
        st.error(t(WRONG_CURRENT))
        return
    except BreachReportError as error:
        context.show_error(error)
        return
    st.success(t(CHANGED))
