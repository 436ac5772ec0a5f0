"""Organisation-wide settings (such as four-eyes before a complete filing): plain JSON under a MAC.

Holds policy only, never personal data; a setting that fails its MAC is refused, not trusted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exc as sa_exc

from breachreport.errors import NotFound
from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import utc
from breachreport.storage.sealed import json_bytes
from breachreport.storage.tables import Setting


class SettingUseCases(AttachedRows):
    def setting(self, name: str) -> Any | None:
        """The stored value of ``name``, or None if it was never set."""
        try:
            return self._row(Setting, name).value
        except NotFound:
            return None

    def save_setting(self, name: str, value: Any, *, at: datetime, by: str) -> None:
        json_bytes({"value": value}, "setting")
        at = utc(at, "at")
        try:
            row = self._row(Setting, name, lock=True)
        except NotFound:
            row = None
        if row is not None:
            self._update_row(row, value=value, updated_at=at, updated_by=by)
            return
        try:
            with self.session.begin_nested():
                self._add_row(Setting(name=name, value=value, updated_at=at, updated_by=by))
        except sa_exc.IntegrityError:
            # Another writer saved it first (PostgreSQL): replace theirs.
            row = self._row(Setting, name, lock=True)
            self._update_row(row, value=value, updated_at=at, updated_by=by)
