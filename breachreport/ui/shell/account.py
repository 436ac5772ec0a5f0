"""The account page: who you are, your role and last sign-in, and changing your password."""

from __future__ import annotations

import streamlit as st

from ...domain.labels import Text
from ...domain.times import format_local
from ...errors import AuthenticationFailed, BreachReportError
from .. import context, texts
from ..context import t
from .passwords import NEW_PASSWORD, REPEAT, RULES, new_password_problems

TITLE = Text("Mitt konto", "My account")
USERNAME = Text("Användarnamn", "Username")
NAME = Text("Namn", "Name")
ROLE = Text("Roll", "Role")
LAST_SIGN_IN = Text("Senaste inloggning", "Last sign-in")
CHANGE = Text("Byt lösenord", "Change password")
CURRENT = Text("Nuvarande lösenord", "Current password")
SAME = Text(
    "Det nya lösenordet måste skilja sig från det nuvarande.",
    "The new password must differ from the current one.",
)
FIX = Text("Lösenordet kunde inte bytas:", "The password could not be changed:")
WRONG_CURRENT = Text(
    "Det nuvarande lösenordet godtogs inte; inget ändrades. Efter flera felaktiga försök, vänta "
    "några minuter innan du försöker igen.",
    "The current password was not accepted; nothing was changed. After several wrong attempts, "
    "wait a few minutes before trying again.",
)
CHANGED = Text("Lösenordet är bytt.", "Your password has been changed.")


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
                account_id=user.id, old_password=current, new_password=new
            )
    except AuthenticationFailed:
        st.error(t(WRONG_CURRENT))
        return
    except BreachReportError as error:
        context.show_error(error)
        return
    st.success(t(CHANGED))
