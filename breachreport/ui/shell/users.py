"""The users page (admins and DPOs): every account with its role, adding legal reviewers and other
users, and disabling or enabling an account. Supplier contacts come through invitation links.
"""

from __future__ import annotations

import streamlit as st

from ...domain.status import Role
from ...domain.times import format_local
from ...errors import BreachReportError
from ...i18n import _
from ...services.permissions import UseCase, may
from .. import context, texts
from ..context import t
from ..table_view import grid
from .passwords import NEW_PASSWORD, REPEAT, RULES, new_password_problems

TITLE = _("Users")
INTRO = _(
    "Accounts for the people who work in breachreport. Supplier contacts need no account: they are "
    "invited by a link to a single incident."
)
NOT_ALLOWED = _("Only administrators and data protection officers manage users.")
USERNAME = _("Username (an email address is fine)")
NAME = _("Name")
ROLE = _("Role")
STATE = _("Status")
ACTIVE = _("Active")
DISABLED = _("Disabled")
LAST_SIGN_IN = _("Last sign-in")
ADD = _("Add a user")
ADDED = _("{name} can now sign in as {role}.")
FIX = _("The user could not be added:")
REQUIRED = _("Give a username and a name.")
CHANGE = _("Disable or enable an account")
WHO = _("Account")
DISABLE = _("Disable")
ENABLE = _("Enable")
DONE = _("Changed. The history stays.")

# Roles given by this page; supplier contacts are invited per incident instead.
ROLES = (Role.LEGAL_REVIEWER, Role.DPO, Role.ADMIN)


def users() -> None:
    user = context.require_user()
    lang = context.lang()
    st.title(t(TITLE))
    st.caption(t(INTRO))
    if not may(user.role, UseCase.MANAGE_ACCOUNTS):
        st.info(t(NOT_ALLOWED))
        return
    accounts = context.accounts()
    everyone = accounts.list()
    grid(
        [
            {
                t(USERNAME): a.username,
                t(NAME): a.display_name,
                t(ROLE): a.role.label(lang),
                t(STATE): t(DISABLED) if a.disabled else t(ACTIVE),
                t(LAST_SIGN_IN): format_local(a.last_login_at, lang) if a.last_login_at else "–",
            }
            for a in everyone
        ],
        what=t(TITLE),
        hide_index=True,
        use_container_width=True,
    )
    _add_form(user)
    _change_form(user, [a for a in everyone if a.id != user.id])


def _add_form(user) -> None:
    st.header(t(ADD))
    lang = context.lang()
    with st.form("br_users_add", clear_on_submit=True):
        username = st.text_input(t(USERNAME), key="br_users_username")
        name = st.text_input(t(NAME), key="br_users_name")
        labels = {role.value: role.label(lang) for role in ROLES}
        role = st.selectbox(
            t(ROLE),
            list(labels),
            format_func=labels.__getitem__,
            placeholder=t(texts.CHOOSE),
            key="br_users_role",
        )
        password = st.text_input(t(NEW_PASSWORD), type="password", key="br_users_password")
        repeated = st.text_input(t(REPEAT), type="password", key="br_users_repeat")
        st.caption(t(RULES))
        sent = st.form_submit_button(t(ADD), type="primary")
    if not sent:
        return
    problems = new_password_problems(password, repeated)
    if not username.strip() or not name.strip():
        problems.insert(0, REQUIRED)
    if problems:
        st.error(t(FIX) + "\n\n" + "\n".join(f"- {t(p)}" for p in problems))
        return
    try:
        with st.spinner(t(texts.WORKING)):
            added = context.accounts().add(
                by=user, username=username, display_name=name, password=password, role=Role(role)
            )
    except BreachReportError as error:
        context.show_error(error)
        return
    st.success(t(ADDED, name=added.display_name, role=added.role.label(lang)))
    st.rerun()


def _change_form(user, others) -> None:
    if not others:
        return
    st.header(t(CHANGE))
    lang = context.lang()
    labels = {
        a.id: f"{a.display_name} ({a.role.label(lang)}, {t(DISABLED) if a.disabled else t(ACTIVE)})"
        for a in others
    }
    chosen = st.selectbox(
        t(WHO),
        list(labels),
        format_func=labels.__getitem__,
        placeholder=t(texts.CHOOSE),
        key="br_users_who",
    )
    target = next(a for a in others if a.id == chosen)
    action = ENABLE if target.disabled else DISABLE
    if not st.button(t(action), key="br_users_toggle"):
        return
    try:
        if target.disabled:
            context.accounts().enable(by=user, account_id=target.id)
        else:
            context.accounts().disable(by=user, account_id=target.id)
    except BreachReportError as error:
        context.show_error(error)
        return
    st.success(t(DONE))
    st.rerun()
