"""Single sign-on through OpenID Connect: which role a signed-in email address gets.

Streamlit does the OpenID Connect part (``st.login``, configured in ``[auth]`` of its secrets).
This module holds what breachreport adds: the operator's mapping from email addresses (or whole
domains) to roles, in ``[breachreport_sso]`` of the same secrets, and the account that a mapped
person signs in as. Local accounts stay the embedded default; the mapping is only read when
``[auth]`` is configured too.

    [breachreport_sso]
    label = "Region Nordmark"            # shown on the button: "Sign in with Region Nordmark"
    provider = "nordmark"                # optional: the [auth.nordmark] section to use
    [breachreport_sso.roles]
    "karin.holm@nordmark.example" = "dpo"
    "@juristbyran.example" = "legal_reviewer"   # everyone at that domain

An exact address wins over its domain. Supplier contacts never come through single sign-on: they
reach one incident through an invitation, so the mapping refuses that role.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.status import Role
from ..errors import SettingsError
from ..i18n import _

SECTION = "breachreport_sso"
SSO_ROLES = frozenset({Role.ADMIN, Role.DPO, Role.LEGAL_REVIEWER})
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DOMAIN = re.compile(r"@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class SsoConfig:
    """The operator's single sign-on settings; ``roles`` keys are lower-case addresses or
    ``@domain``."""

    roles: Mapping[str, Role]
    label: str | None = None
    provider: str | None = None

    def role_for(self, email: str | None) -> Role | None:
        """The role for a signed-in address, or None when the mapping does not name it."""
        if not isinstance(email, str) or not _ADDRESS.fullmatch(email.strip()):
            return None
        address = email.strip().lower()
        found = self.roles.get(address)
        if found is None:
            found = self.roles.get("@" + address.rsplit("@", 1)[1])
        return found


def sso_config(secrets: Mapping[str, Any]) -> SsoConfig | None:
    """The single sign-on settings from Streamlit's secrets, or None when single sign-on is not
    configured (no ``[auth]`` section). SettingsError, naming the entry, for a bad mapping."""
    try:
        has_auth = "auth" in secrets
    except Exception:  # Streamlit raises when no secrets file exists at all
        return None
    if not has_auth:
        return None
    section = secrets.get(SECTION) or {}
    if not isinstance(section, Mapping):
        raise SettingsError(
            _("[{SECTION}] in the Streamlit secrets must be a table.", SECTION=SECTION)
        )
    raw_roles = section.get("roles") or {}
    if not isinstance(raw_roles, Mapping):
        raise SettingsError(
            _("[{SECTION}.roles] must map email addresses or @domains to roles.", SECTION=SECTION)
        )
    roles: dict[str, Role] = {}
    for key, value in raw_roles.items():
        who = str(key).strip().lower()
        if not (_ADDRESS.fullmatch(who) or _DOMAIN.fullmatch(who)):
            raise SettingsError(
                _(
                    "[{SECTION}.roles]: '{key}' is neither an email address nor an @domain.",
                    SECTION=SECTION,
                    key=key,
                )
            )
        try:
            role = Role(str(value))
        except ValueError:
            role = None
        if role not in SSO_ROLES:
            allowed = ", ".join(sorted(r.value for r in SSO_ROLES))
            raise SettingsError(
                _(
                    "[{SECTION}.roles]: '{key}' has the role '{role}'; single sign-on gives one "
                    "of {allowed} (supplier contacts come through invitations).",
                    SECTION=SECTION,
                    key=key,
                    role=value,
                    allowed=allowed,
                )
            )
        roles[who] = role
    label, provider = section.get("label"), section.get("provider")
    return SsoConfig(
        roles=roles,
        label=str(label) if label else None,
        provider=str(provider) if provider else None,
    )
