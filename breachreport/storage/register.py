"""The register: every incident with its summary, read in one query.

Opens summaries only (never facts or events), so that the register stays fast however many
incidents there are; one damaged row is shown as damaged and never hides the others.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from breachreport.crypto import DataKeyCache
from breachreport.errors import IntegrityError
from breachreport.storage.records import IncidentSummary
from breachreport.storage.sealed import place, unseal_json
from breachreport.storage.tables import DataKey, Incident


class Register:
    """The register read (``tx.register``): needs only the session and the data-key cache."""

    def __init__(self, session: Session, keys: DataKeyCache) -> None:
        self.session = session
        self.keys = keys

    def rows(self) -> list[IncidentSummary]:
        """Every incident with its summary, oldest first; opens summaries only, so it stays fast."""
        rows = self.session.execute(
            sa.select(
                Incident.id,
                Incident.reference,
                Incident.status,
                Incident.version,
                Incident.created_at,
                Incident.updated_at,
                Incident.summary_ct,
                Incident.data_key_id,
                DataKey.master_key_id,
                DataKey.wrapped,
            )
            .join(DataKey, DataKey.id == Incident.data_key_id)
            .order_by(Incident.created_at, Incident.reference)
        )
        unwrap = self.keys.unwrap

        def summary(r: Any) -> tuple[dict[str, Any], bool]:
            # One damaged row must not hide the others: the register shows it as damaged
            # (verify names what failed), and every other incident as usual.
            try:
                key = unwrap(r.master_key_id, r.data_key_id, r.wrapped)
                return unseal_json(
                    key, r.summary_ct, at=place("incident", "summary_ct", r.id)
                ), False
            except IntegrityError:
                return {}, True

        found = []
        for r in rows:
            opened, damaged = summary(r)
            found.append(
                IncidentSummary(
                    id=r.id,
                    reference=r.reference,
                    status=r.status,
                    version=r.version,
                    created_at=r.created_at,
                    updated_at=r.updated_at,
                    summary=opened,
                    damaged=damaged,
                )
            )
        return found
