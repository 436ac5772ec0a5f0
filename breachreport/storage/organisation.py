"""The organisation profile (``tx.organisation``): one row, plain JSON sealed with the directory data
key under a MAC.

A stored profile that fails its MAC is refused, never trusted and never silently overwritten.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from breachreport.crypto import macs_equal, record_mac
from breachreport.errors import IntegrityError
from breachreport.storage.audit import digest, iso
from breachreport.storage.chain import IncidentChain, utc
from breachreport.storage.ledger import ORGANISATION
from breachreport.storage.sealed import json_bytes, place, seal_json, unseal_json
from breachreport.storage.tables import Organisation

ORGANISATION_ID = "profile"


def organisation_mac(audit_key: bytes, organisation: Any) -> str:
    return record_mac(
        audit_key,
        {
            "record": "organisation/v1",
            "id": organisation.id,
            "updated_at": iso(organisation.updated_at),
            "updated_by": organisation.updated_by,
            "profile_sha256": digest(organisation.profile_ct),
        },
    )


class OrganisationRepository:
    """The organisation's profile, sealed with the directory key of the transaction's chain."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring

    def profile(self) -> dict[str, Any] | None:
        """The saved profile (plain JSON), or None if none was ever saved."""
        row = self._row(lock=False)
        if row is None:
            return None
        return unseal_json(
            self.chain.directory_key(),
            row.profile_ct,
            at=place("organisation", "profile_ct", ORGANISATION_ID),
        )

    def save(self, *, profile: dict[str, Any], saved_at: datetime, saved_by: str) -> None:
        """Replace the profile. A stored profile that fails its check is refused, not overwritten,
        so that saving can never hide tampering from ``verify``."""
        json_bytes(profile, "organisation profile")
        values = {
            "id": ORGANISATION_ID,
            "profile_ct": seal_json(
                self.chain.directory_key(),
                profile,
                at=place("organisation", "profile_ct", ORGANISATION_ID),
                what="organisation profile",
            ),
            "updated_at": utc(saved_at, "saved_at"),
            "updated_by": saved_by,
        }
        values["row_mac"] = organisation_mac(self.ring.audit_key, SimpleNamespace(**values))
        if self._row(lock=True) is None:
            try:
                with self.session.begin_nested():
                    self.session.execute(sa.insert(Organisation).values(**values))
                self.chain.ledger.record(ORGANISATION, ORGANISATION_ID, values["row_mac"])
                return
            except sa_exc.IntegrityError:
                # Someone saved the first profile meanwhile (PostgreSQL): replace theirs.
                self._row(lock=True)
        self.session.execute(
            sa.update(Organisation)
            .where(Organisation.id == ORGANISATION_ID)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        self.chain.ledger.record(ORGANISATION, ORGANISATION_ID, values["row_mac"])

    def _row(self, *, lock: bool) -> Organisation | None:
        query = sa.select(Organisation).where(Organisation.id == ORGANISATION_ID)
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query.execution_options(populate_existing=True)).one_or_none()
        if row is None:
            return None
        self.session.expunge(row)
        if not macs_equal(row.row_mac, organisation_mac(self.ring.audit_key, row)):
            raise IntegrityError(
                "The organisation profile failed its integrity check; run breachreport verify."
            )
        return row
