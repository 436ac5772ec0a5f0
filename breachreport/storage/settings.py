"""Organisation-wide settings (``tx.settings``) (such as four-eyes before a complete filing): JSON
under a MAC, every write in the ledger.

Policy is stored plain; a setting whose value is personal data (the reminder rules' escalation
address) is stored sealed with the directory key (``save_sealed``), as the organisation profile
is, bound to the setting's name: the row holds only ``{"sealed_v1": <base64 ciphertext>}``, under
the same MAC and ledger as any other setting. A setting that fails its MAC is refused, not trusted.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from sqlalchemy import exc as sa_exc

from breachreport.errors import IntegrityError, NotFound
from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import IncidentChain, utc
from breachreport.storage.ledger import SETTING
from breachreport.storage.sealed import json_bytes, place, seal_json, unseal_json
from breachreport.storage.tables import Setting

SEALED = "sealed_v1"  # the one key of a sealed setting's stored value


def is_sealed(value: Any) -> bool:
    """Whether a stored setting value is a sealed one's envelope."""
    return isinstance(value, dict) and set(value) == {SEALED} and isinstance(value[SEALED], str)


def setting_place(name: str) -> str:
    return place("setting", "value", name)


def unseal_setting(directory_key: bytes, name: str, stored: Any) -> Any:
    """The value inside a sealed setting's envelope; IntegrityError if it is not one."""
    if not is_sealed(stored):
        raise IntegrityError(f"Setting {name} is not sealed; run breachreport verify.")
    try:
        blob = base64.b64decode(stored[SEALED], validate=True)
    except (binascii.Error, ValueError):
        raise IntegrityError(f"The sealed value of setting {name} is not base64.") from None
    opened = unseal_json(directory_key, blob, at=setting_place(name))
    if set(opened) != {"value"}:
        raise IntegrityError(f"The sealed value of setting {name} is not a setting.")
    return opened["value"]


class SettingRepository:
    """Settings by name, each row under its MAC (``AttachedRows``)."""

    def __init__(self, chain: IncidentChain, rows: AttachedRows) -> None:
        self.chain = chain
        self.session = chain.session
        self.rows = rows

    def get(self, name: str) -> Any | None:
        """The stored value of ``name``, or None if it was never set. IntegrityError if the
        ledger says it was set and its row is gone: a deleted setting must not read as "off"."""
        value = self._stored(name)
        if is_sealed(value):
            raise TypeError(f"setting {name} is sealed: read it with get_sealed")
        return value

    def get_sealed(self, name: str) -> Any | None:
        """The value saved with ``save_sealed``, opened; None if it was never set (IntegrityError
        as ``get``, and if the stored value is not sealed or does not open)."""
        stored = self._stored(name)
        if stored is None:
            return None
        return unseal_setting(self.chain.directory_key(), name, stored)

    def save(self, name: str, value: Any, *, at: datetime, by: str) -> None:
        if is_sealed(value):
            raise TypeError("a sealed setting is saved with save_sealed")
        self._write(name, value, at=at, by=by)

    def save_sealed(self, name: str, value: Any, *, at: datetime, by: str) -> None:
        """Save a value that is personal data: sealed with the directory key, bound to ``name``."""
        blob = seal_json(
            self.chain.directory_key(), {"value": value}, at=setting_place(name), what="setting"
        )
        self._write(name, {SEALED: base64.b64encode(blob).decode("ascii")}, at=at, by=by)

    def _stored(self, name: str) -> Any | None:
        try:
            return self.rows.get(Setting, name).value
        except NotFound:
            _, digest = self.chain.ledger.current(SETTING, name)
            if digest is not None:
                raise IntegrityError(
                    f"Setting {name} was saved but its row is gone; run breachreport verify."
                ) from None
            return None

    def _write(self, name: str, value: Any, *, at: datetime, by: str) -> None:
        json_bytes({"value": value}, "setting")
        at = utc(at, "at")
        try:
            row = self.rows.get(Setting, name, lock=True)
        except NotFound:
            row = None
        if row is not None:
            self.rows.update(row, value=value, updated_at=at, updated_by=by)
            return
        try:
            with self.session.begin_nested():
                self.rows.add(Setting(name=name, value=value, updated_at=at, updated_by=by))
        except sa_exc.IntegrityError:
            # Another writer saved it first (PostgreSQL): replace theirs.
            row = self.rows.get(Setting, name, lock=True)
            self.rows.update(row, value=value, updated_at=at, updated_by=by)
