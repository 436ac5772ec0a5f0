"""Organisation-wide settings (``tx.settings``) (such as four-eyes before a complete filing): plain JSON under a MAC.

Holds policy only, never personal data; a setting that fails its MAC is refused, not trusted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exc as sa_exc

from breachreport.errors import IntegrityError, NotFound
from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import IncidentChain, utc
from breachreport.storage.ledger import SETTING
from breachreport.storage.sealed import json_bytes
from breachreport.storage.tables import Setting


class SettingRepository:
    """Settings by name, each row under its MAC (``AttachedRows``)."""

    def __init__(self, chain: IncidentChain, rows: AttachedRows) -> None:
        self.chain = chain
        self.session = chain.session
        self.rows = rows

    def get(self, name: str) -> Any | None:
        """The stored value of ``name``, or None if it was never set. IntegrityError if the
        ledger says it was set and its row is gone: a deleted setting must not read as "off"."""
        try:
            return self.rows.get(Setting, name).value
        except NotFound:
            _, digest = self.chain.ledger.current(SETTING, name)
            if digest is not None:
                raise IntegrityError(
                    f"Setting {name} was saved but its row is gone; run breachreport verify."
                ) from None
            return None

    def save(self, name: str, value: Any, *, at: datetime, by: str) -> None:
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
