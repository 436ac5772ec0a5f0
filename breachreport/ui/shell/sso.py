"""Single sign-on in the app: the button on the sign-in page, and turning the identity that
Streamlit's ``st.login`` brings back into a breachreport account (see ``breachreport.services.sso``).

Only the address the identity provider vouched for counts; the mapping in the secrets decides
the role. Signing out, or an idle session expiring, also ends the single sign-on (``st.logout``),
so that the next person at the browser has to sign in again.
"""

from __future__ import annotations

import logging

import streamlit as st

from ...errors import AuthenticationFailed, BreachReportError, SettingsError
from ...i18n import _
from ...services.accounts import Account
from ...services.sso import SsoConfig, sso_config
from .. import context
from ..context import t

log = logging.getLogger(__name__)
_EXPIRED = "br_expired"  # set by context.current_user when an idle session ends

SIGN_IN_WITH = _("Sign in with {label}")
DEFAULT_LABEL = _("your organisation's sign-in")
OR_LOCAL = _("or with a local account:")
NOT_MAPPED = _(
    "You are signed in with the identity provider, but your address has no role in "
    "breachreport. Ask an administrator to add it, or sign out and use a local account."
)
REFUSED = _(
    "The sign-in was not accepted: the address is not verified, the account is disabled, or the "
    "account has another role than the sign-in gives. Ask an administrator for help."
)
SIGN_OUT_PROVIDER = _("Sign out of the identity provider")
MISCONFIGURED = _(
    "Single sign-on is misconfigured; local accounts still work. Tell whoever runs the server."
)


def config() -> SsoConfig | None:
    """The single sign-on settings, or None when it is off or misconfigured."""
    return _read()[0]


def _read() -> tuple[SsoConfig | None, bool]:
    """The settings, and whether they are misconfigured (logged; the sign-in page says so)."""
    try:
        return sso_config(st.secrets), False
    except SettingsError as error:
        log.warning("single sign-on is off: %s", error)
        return None, True


def provider_signed_in() -> bool:
    """Whether Streamlit holds an identity from the provider for this session."""
    try:
        return bool(st.user.get("is_logged_in"))
    except Exception:  # no identity support in this Streamlit session
        return False


def adopt() -> Account | None:
    """The account for the provider's identity, signed in to this session; None (with a
    message) when there is no identity, it is not mapped, or the account refuses it."""
    found = config()
    if found is None or not provider_signed_in():
        return None
    if st.session_state.get(_EXPIRED):  # idle too long: the provider's session ends too
        end_provider_session()
        return None
    email = st.user.get("email")
    role = found.role_for(email if isinstance(email, str) else None)
    if role is None:
        st.warning(t(NOT_MAPPED))
        _sign_out_button()
        return None
    verified = st.user.get("email_verified")
    try:
        account = context.accounts().sign_in_sso(
            email=email,
            display_name=st.user.get("name") or None,
            role=role,
            email_verified=verified if isinstance(verified, bool) else None,
        )
    except AuthenticationFailed:
        st.error(t(REFUSED))
        _sign_out_button()
        return None
    except BreachReportError as error:
        context.show_error(error)
        return None
    context.sign_in(account)
    return account


def sign_in_button() -> None:
    """The button that starts the provider's sign-in, when single sign-on is configured."""
    found, misconfigured = _read()
    if misconfigured:
        st.warning(t(MISCONFIGURED))
    if found is None:
        return
    label = found.label or t(DEFAULT_LABEL)
    if st.button(t(SIGN_IN_WITH, label=label), key="br_sso_sign_in", type="primary"):
        st.login(found.provider) if found.provider else st.login()
    st.caption(t(OR_LOCAL))


def end_provider_session() -> None:
    """End the provider's identity too, so the browser does not sign straight back in."""
    if provider_signed_in():
        st.logout()


def _sign_out_button() -> None:
    if st.button(t(SIGN_OUT_PROVIDER), key="br_sso_sign_out"):
        st.logout()
