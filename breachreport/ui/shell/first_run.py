"""The first run: the data folder and key are ready (made when the app opened its store); step 1
creates the first account, a DPO, and signs them in; step 2 asks for the organisation profile.

Step 1 needs the one-time setup code the operator got from `breachreport init` or
`breachreport setup-code`: whoever merely reaches the page first must not become the DPO.
"""

from __future__ import annotations

import streamlit as st

from ...errors import AuthenticationFailed, BreachReportError, PermissionDenied
from ...i18n import _
from ...services.accounts import MANAGERS, Account
from ...services.setup_code import REFUSED as CODE_REFUSED
from ...services.setup_code import create_first_dpo
from .. import context, texts
from ..context import t
from .organisation_form import organisation_form
from .passwords import PASSWORD, REPEAT, RULES, new_password_problems

TITLE = _("Get started with breachreport")
STEP_ACCOUNT = _("Step 1 of 2: your account as DPO")
STEP_ORGANISATION = _("Step 2 of 2: the organisation")
FOLDER_READY = _(
    "The data folder is ready at `{home}`, and everything entered is stored encrypted."
)
KEY_FILE = _(
    "The master key is in `{key}`. Back it up apart from the database: without the key the data "
    "cannot be read."
)
KEY_OUTSIDE = _("The master key comes from the environment variable BREACHREPORT_MASTER_KEY.")
ACCOUNT_LEAD = _(
    "The first account belongs to the data protection officer, who then adds legal reviewers and "
    "other users."
)
SETUP_CODE = _("Setup code")
SETUP_CODE_HELP = _(
    "The code was printed when `breachreport init` ran on the server. It works once, for 24 "
    "hours; whoever runs the server gets a fresh one with `breachreport setup-code`."
)
REQUIRED_CODE = _(
    "Enter the setup code. Whoever runs the server gets one with `breachreport setup-code`."
)
USERNAME = _("Username (your email address is fine)")
DISPLAY_NAME = _("Your name")
DISPLAY_NAME_HELP = _(
    "Your name appears in the history of everything you change and in the filings you make."
)
CREATE = _("Create the account")
CREATING = _("Creating the account …")
REQUIRED_USERNAME = _("Enter a username.")
REQUIRED_NAME = _("Enter your name.")
FIX = _("The account could not be created:")
ORGANISATION_LEAD = _(
    "Your account is ready and you are signed in. Now enter the organisation's details; its name "
    "is required, the rest can be filled in later under Settings."
)
SAVE_AND_START = _("Save and start")
_SETUP = "br_first_run_organisation"


def needs_setup(user: Account) -> bool:
    """Whether this session is in the first run's step 2: the first DPO, just created here, still
    has to give the organisation profile. (Elsewhere an empty profile only brings a reminder.)"""
    return bool(st.session_state.get(_SETUP)) and user.role in MANAGERS


def first_run() -> None:
    st.title(t(TITLE))
    user = context.current_user()
    if user is None:
        _storage_notice()
        _account_step()
    else:
        _organisation_step(user)


def _storage_notice() -> None:
    settings = context.resources().settings
    lines = [t(FOLDER_READY, home=settings.home)]
    if settings.master_key is None:
        lines.append(t(KEY_FILE, key=settings.resolved_key_file))
    else:
        lines.append(t(KEY_OUTSIDE))
    st.info("  \n".join(lines), icon=":material/lock:")


def _account_step() -> None:
    st.header(t(STEP_ACCOUNT))
    st.caption(t(ACCOUNT_LEAD))
    with st.form("br_first_account"):
        code = st.text_input(
            t(SETUP_CODE), key="br_first_setup_code", help=t(SETUP_CODE_HELP), autocomplete="off"
        )
        username = st.text_input(t(USERNAME), key="br_first_username", autocomplete="username")
        name = st.text_input(t(DISPLAY_NAME), key="br_first_name", help=t(DISPLAY_NAME_HELP))
        password = st.text_input(
            t(PASSWORD), type="password", key="br_first_password", autocomplete="new-password"
        )
        repeated = st.text_input(
            t(REPEAT), type="password", key="br_first_password_again", autocomplete="new-password"
        )
        st.caption(t(RULES))
        sent = st.form_submit_button(t(CREATE), type="primary")
    if not sent:
        return
    problems = []
    if not code.strip():
        problems.append(REQUIRED_CODE)
    if not username.strip():
        problems.append(REQUIRED_USERNAME)
    if not name.strip():
        problems.append(REQUIRED_NAME)
    problems += new_password_problems(password, repeated)
    if problems:
        st.error(t(FIX) + "\n\n" + "\n".join(f"- {t(p)}" for p in problems))
        return
    try:
        with st.spinner(t(CREATING)):
            account = create_first_dpo(
                context.accounts(),
                code=code,
                username=username,
                display_name=name,
                password=password,
            )
    except AuthenticationFailed:
        st.error(t(CODE_REFUSED))  # nothing was created
        return
    except PermissionDenied:
        st.rerun()  # someone else was first: the router now shows sign-in
    except BreachReportError as error:
        context.show_error(error)
        return
    context.sign_in(account)
    st.session_state[_SETUP] = True
    st.rerun()


def _organisation_step(user: Account) -> None:
    st.header(t(STEP_ORGANISATION))
    st.success(t(ORGANISATION_LEAD))
    accounts = context.accounts()
    profile = organisation_form(
        accounts.organisation(),
        key="br_first_organisation",
        submit=SAVE_AND_START,
        required=["name"],
    )
    if profile is None:
        return
    try:
        with st.spinner(t(texts.WORKING)):
            accounts.save_organisation(by=user, profile=profile)
    except BreachReportError as error:
        context.show_error(error)
        return
    st.session_state.pop(_SETUP, None)
    st.rerun()
