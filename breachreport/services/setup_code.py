"""The one-time setup code that lets the first DPO account be made in the browser: issued by the
operator (`breachreport init`, `breachreport setup-code`), single-use, expiring.

Only an HMAC of the code (with the key ring's audit key) is stored; the code itself is printed once
and never written anywhere.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..crypto import macs_equal, record_mac
from ..domain.times import utc_now
from ..errors import AuthenticationFailed
from ..i18n import _
from ..storage import Store
from .accounts import Account, Accounts

SETTING = "first_run_setup_code"
VALID_FOR = timedelta(hours=24)
ISSUED_BY = "operator"
# Crockford's base32: no I, L, O or U, so that a code read off a terminal is typed back right.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUPS, _GROUP_LENGTH = 5, 4  # 20 characters, 100 bits
_PURPOSE = "breachreport first-run setup code"

REFUSED = _(
    "The setup code is missing, wrong, already used or too old. Whoever runs the server gets a fresh one with the command `breachreport setup-code` (it works once, for 24 hours)."
)


@dataclass(frozen=True)
class SetupCode:
    """A code just issued: what to tell the operator. The code is shown once and not kept."""

    code: str
    expires_at: datetime


def issue(store: Store, *, now: datetime | None = None) -> SetupCode:
    """A fresh code, valid for ``VALID_FOR``; any code issued before stops working."""
    now = now or utc_now()
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_GROUPS * _GROUP_LENGTH))
    code = "-".join(raw[i : i + _GROUP_LENGTH] for i in range(0, len(raw), _GROUP_LENGTH))
    expires_at = now + VALID_FOR
    value = {
        "mac": _mac(store, raw),
        "issued_at": now.isoformat(),
        "expires_at": expires_at.isoformat(),
        "used_at": None,
    }
    with store.transaction() as tx:
        tx.settings.save(SETTING, value, at=now, by=ISSUED_BY)
    return SetupCode(code=code, expires_at=expires_at)


def is_valid(store: Store, code: str, *, now: datetime | None = None) -> bool:
    """Whether ``code`` is the latest code issued, unused and not expired."""
    with store.transaction(write=False) as tx:
        stored = tx.settings.get(SETTING)
    return _matches(store, stored, code, now or utc_now())


def redeem(store: Store, code: str, *, now: datetime | None = None) -> bool:
    """Use the code up: True once for a valid code, False for anything else (nothing changes)."""
    now = now or utc_now()
    with store.transaction() as tx:
        stored = tx.settings.get(SETTING)
        if not _matches(store, stored, code, now):
            return False
        tx.settings.save(SETTING, {**stored, "used_at": now.isoformat()}, at=now, by=ISSUED_BY)
    return True


def create_first_dpo(
    accounts: Accounts,
    *,
    code: str,
    username: str,
    display_name: str,
    password: str,
    clock: Callable[[], datetime] | None = None,
) -> Account:
    """The first DPO account, made by whoever holds a valid setup code.

    AuthenticationFailed (nothing created) for a missing, wrong, used or expired code;
    PermissionDenied from ``Accounts.create_first_dpo`` once any account exists. The code is used
    up only once the account exists, so a mistyped username does not cost the operator a new code.
    """
    now = (clock or accounts.clock)()
    if not is_valid(accounts.store, code, now=now):
        raise AuthenticationFailed(REFUSED)
    account = accounts.create_first_dpo(
        username=username, display_name=display_name, password=password
    )
    redeem(accounts.store, code, now=now)
    return account


def _matches(store: Store, stored: object, code: str, now: datetime) -> bool:
    if not isinstance(stored, dict) or stored.get("used_at") is not None:
        return False
    try:
        expires_at = datetime.fromisoformat(stored["expires_at"])
        mac = str(stored["mac"])
    except (KeyError, TypeError, ValueError):
        return False
    if now >= expires_at:
        return False
    return macs_equal(mac, _mac(store, _normalise(code)))


def _normalise(code: str) -> str:
    """The code as issued, whatever the case, spaces and dashes typed (and O for 0, I or L for 1)."""
    typed = "".join(code.split()).replace("-", "").upper()
    return typed.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def _mac(store: Store, raw: str) -> str:
    return record_mac(store.ring.audit_key, {"purpose": _PURPOSE, "code": raw})
