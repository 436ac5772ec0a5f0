"""Invitations (``tx.invitations``): a supplier contact's link to one incident and some of its sections.

Never stores the token: only a keyed hash of it (the token index) finds the row. The contact's name
and email are sealed with the incident's data key, so shredding the incident erases them too.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from breachreport.crypto import KEY_BYTES
from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import IncidentChain, new_id, utc
from breachreport.storage.records import InvitationRecord
from breachreport.storage.sealed import place, seal_json, unseal_json
from breachreport.storage.tables import Invitation

# A key of its own, so that a token index can never stand in for a MAC made with the audit key.
_TOKEN_INDEX_INFO = b"breachreport invitation token index v1"
_MUTABLE = frozenset({"opened_at", "revoked_at", "revoked_by"})


@lru_cache(maxsize=4)
def _token_index_key(audit_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_TOKEN_INDEX_INFO
    ).derive(audit_key)


def token_index(audit_key: bytes, token: str) -> str:
    """Hex HMAC-SHA256 of the token: finds its invitation; useless without the key ring."""
    return hmac.new(_token_index_key(audit_key), token.encode("utf-8"), hashlib.sha256).hexdigest()


class InvitationRepository:
    """Invitations to incidents, each row under its MAC (``AttachedRows``)."""

    def __init__(self, chain: IncidentChain, rows: AttachedRows) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring
        self.rows = rows

    def create(
        self,
        *,
        incident_id: str,
        token: str,
        sections: Sequence[str],
        contact: dict[str, Any],
        created_at: datetime,
        created_by: str,
        expires_at: datetime,
    ) -> InvitationRecord:
        incident = self.chain.incident_row(incident_id)
        key = self.chain.data_key(incident.data_key_id)
        invitation_id = new_id()
        row = Invitation(
            id=invitation_id,
            incident_id=incident.id,
            token_index=token_index(self.ring.audit_key, token),
            sections=list(sections),
            contact_ct=seal_json(
                key,
                contact,
                at=place("invitation", "contact_ct", invitation_id),
                what="contact",
            ),
            created_at=utc(created_at, "created_at"),
            created_by=created_by,
            expires_at=utc(expires_at, "expires_at"),
            opened_at=None,
            revoked_at=None,
            revoked_by=None,
            row_mac="",
        )
        self.rows.add(row)
        return self._invitation_record(row, key)

    def find(self, token: str) -> InvitationRecord | None:
        """The invitation of this token, or None; the row's MAC is checked."""
        index = token_index(self.ring.audit_key, token)
        rows = self.rows.select(Invitation, Invitation.token_index == index)
        if not rows:
            return None
        return self._invitation_record(rows[0], self.chain.incident_key(rows[0].incident_id))

    def get(self, invitation_id: str) -> InvitationRecord:
        row = self.rows.get(Invitation, invitation_id)
        return self._invitation_record(row, self.chain.incident_key(row.incident_id))

    def for_incident(self, incident_id: str) -> list[InvitationRecord]:
        """Every invitation to the incident, oldest first."""
        key = self.chain.incident_key(incident_id)
        rows = self.rows.select(
            Invitation,
            Invitation.incident_id == incident_id,
            order_by=(Invitation.created_at, Invitation.id),
        )
        return [self._invitation_record(row, key) for row in rows]

    def update(self, invitation_id: str, **changes: Any) -> InvitationRecord:
        """Mark the invitation opened or revoked (nothing else about it ever changes)."""
        unknown = set(changes) - _MUTABLE
        if unknown:
            raise TypeError(f"invitation columns that cannot be changed: {sorted(unknown)}")
        for name in ("opened_at", "revoked_at"):
            if changes.get(name) is not None:
                changes[name] = utc(changes[name], name)
        row = self.rows.update(self.rows.get(Invitation, invitation_id, lock=True), **changes)
        return self._invitation_record(row, self.chain.incident_key(row.incident_id))

    @staticmethod
    def _invitation_record(row: Invitation, key: bytes) -> InvitationRecord:
        contact = unseal_json(key, row.contact_ct, at=place("invitation", "contact_ct", row.id))
        return InvitationRecord(
            id=row.id,
            incident_id=row.incident_id,
            sections=tuple(row.sections),
            contact_name=contact["name"],
            contact_email=contact.get("email"),
            created_at=row.created_at,
            created_by=row.created_by,
            expires_at=row.expires_at,
            opened_at=row.opened_at,
            revoked_at=row.revoked_at,
            revoked_by=row.revoked_by,
        )
