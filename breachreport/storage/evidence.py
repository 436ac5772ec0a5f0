"""Evidence (``tx.evidence``): files attached to an incident, sealed with its data key, name and hash included.

Never stores a file name, a hash of the content or the content outside a sealed column; listing
never reads the contents.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import defer

from breachreport.crypto import seal, unseal
from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import IncidentChain, new_id, utc
from breachreport.storage.records import EvidenceRecord
from breachreport.storage.sealed import place, seal_json, unseal_json
from breachreport.storage.tables import Evidence

_WITHOUT_CONTENT = (defer(Evidence.content_ct),)


class EvidenceRepository:
    """Evidence files of incidents, each row under its MAC (``AttachedRows``)."""

    def __init__(self, chain: IncidentChain, rows: AttachedRows) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring
        self.rows = rows

    def add(
        self,
        *,
        incident_id: str,
        uploaded_at: datetime,
        uploader_id: str,
        uploader_role: str,
        invitation_id: str | None,
        media_type: str,
        filename: str,
        sha256: str,
        description: str | None,
        content: bytes,
    ) -> EvidenceRecord:
        if not isinstance(content, bytes):
            raise TypeError("content must be bytes")
        incident = self.chain.incident_row(incident_id)
        key = self.chain.data_key(incident.data_key_id)
        evidence_id = new_id()
        meta = {"filename": filename, "sha256": sha256, "description": description}
        row = Evidence(
            id=evidence_id,
            incident_id=incident.id,
            uploaded_at=utc(uploaded_at, "uploaded_at"),
            uploader_id=uploader_id,
            uploader_role=uploader_role,
            invitation_id=invitation_id,
            media_type=media_type,
            size=len(content),
            meta_ct=seal_json(
                key, meta, at=place("evidence", "meta_ct", evidence_id), what="evidence"
            ),
            content_ct=seal(key, content, place=place("evidence", "content_ct", evidence_id)),
            row_mac="",
        )
        self.rows.add(row)
        return _record(row, key)

    def for_incident(self, incident_id: str) -> list[EvidenceRecord]:
        """The incident's evidence, oldest first, without the contents."""
        key = self.chain.incident_key(incident_id)
        rows = self.rows.select(
            Evidence,
            Evidence.incident_id == incident_id,
            order_by=(Evidence.uploaded_at, Evidence.id),
            options=_WITHOUT_CONTENT,
        )
        return [_record(row, key) for row in rows]

    def get(self, evidence_id: str) -> EvidenceRecord:
        row = self.rows.get(Evidence, evidence_id, options=_WITHOUT_CONTENT)
        return _record(row, self.chain.incident_key(row.incident_id))

    def content(self, evidence_id: str) -> bytes:
        """The file's content; IntegrityError if its ciphertext was altered or moved."""
        row = self.rows.get(Evidence, evidence_id, options=_WITHOUT_CONTENT)
        content_ct = self.session.execute(
            sa.select(Evidence.content_ct).where(Evidence.id == row.id)
        ).scalar_one()
        key = self.chain.incident_key(row.incident_id)
        return unseal(key, content_ct, place=place("evidence", "content_ct", row.id))


def _record(row: Evidence, key: bytes) -> EvidenceRecord:
    meta = unseal_json(key, row.meta_ct, at=place("evidence", "meta_ct", row.id))
    return EvidenceRecord(
        id=row.id,
        incident_id=row.incident_id,
        uploaded_at=row.uploaded_at,
        uploader_id=row.uploader_id,
        uploader_role=row.uploader_role,
        invitation_id=row.invitation_id,
        media_type=row.media_type,
        size=row.size,
        filename=meta["filename"],
        sha256=meta["sha256"],
        description=meta.get("description"),
    )
