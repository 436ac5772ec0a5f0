"""Filings (``tx.filings``): frozen snapshots sent to an authority, their rendered documents, and the case number.

Never changes a filing after it is made, except its case number (each change an audit event).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from breachreport.crypto import macs_equal, seal, unseal
from breachreport.errors import IntegrityError, NotFound
from breachreport.storage.audit import filing_mac
from breachreport.storage.chain import IncidentChain, check_event, new_id, utc
from breachreport.storage.manifest import DOCUMENTS, FILINGS
from breachreport.storage.records import FilingRecord, NewEvent
from breachreport.storage.sealed import json_bytes, place, seal_json, unseal_json
from breachreport.storage.tables import Filing, FilingDocument, Incident


class FilingRepository:
    """Filings of incidents and their documents, through the transaction's chain."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring

    def create(
        self,
        *,
        incident_id: str,
        kind: str,
        filed_at: datetime,
        actor_id: str,
        snapshot: dict[str, Any],
        changes: dict[str, Any],
        documents: dict[str, bytes],
        event: NewEvent,
        meta: dict[str, Any] | None = None,
        recipient: str = "imy",
        case_number: str | None = None,
    ) -> FilingRecord:
        """Freeze ``snapshot`` and its rendered ``documents`` (name -> bytes) as the next filing.

        ``meta`` is the filing's own metadata, ``{"final": bool, "delay_reasons": str | None}``,
        sealed beside the snapshot (it is not part of the facts). ``recipient`` is who it went to;
        ``case_number`` that recipient's number for this very report, when known at filing (IMY's
        comes later, for the earlier filing: ``set_case_number``). The seq numbers the filings of
        an incident across recipients."""
        filed_at = utc(filed_at, "filed_at")
        if not isinstance(recipient, str) or not 0 < len(recipient) <= 32:
            raise TypeError("recipient must be a str of 1 to 32 characters")
        if case_number is not None and (not isinstance(case_number, str) or not case_number):
            raise TypeError("case_number must be a non-empty str or None")
        json_bytes(snapshot, "snapshot")
        json_bytes(changes, "changes")
        meta = _meta(meta)
        if not all(isinstance(n, str) and isinstance(c, bytes) for n, c in documents.items()):
            raise TypeError("documents must map names (str) to contents (bytes)")
        check_event(event)
        incident = self.chain.incident_row(incident_id, lock=True)
        key = self.chain.data_key(incident.data_key_id)
        event_row = self.chain.append(incident, event)
        seq = self._next_filing_seq(incident.id)
        filing_id = new_id()
        docs = [
            FilingDocument(
                id=(doc_id := new_id()),
                filing_id=filing_id,
                name=name,
                content_ct=seal(key, content, place=place("filing_document", "content_ct", doc_id)),
            )
            for name, content in sorted(documents.items())
        ]
        filing = Filing(
            id=filing_id,
            incident_id=incident.id,
            seq=seq,
            kind=kind,
            filed_at=filed_at,
            actor_id=actor_id,
            case_number=case_number,
            snapshot_ct=seal_json(
                key, snapshot, at=place("filing", "snapshot_ct", filing_id), what="snapshot"
            ),
            changes_ct=seal_json(
                key, changes, at=place("filing", "changes_ct", filing_id), what="changes"
            ),
            event_seq=event_row.seq,
            row_mac="",
            meta_ct=seal_json(key, meta, at=place("filing", "meta_ct", filing_id), what="meta"),
            recipient=recipient,
        )
        filing.row_mac = filing_mac(self.ring.audit_key, filing, [(d.id, d.name) for d in docs])
        self.session.add(filing)
        self.session.flush()
        self.session.add_all(docs)
        self.session.flush()
        self.chain.refresh_rows(incident.id, FILINGS, DOCUMENTS)
        return _record(filing, snapshot, changes, [d.name for d in docs], meta)

    def for_incident(self, incident_id: str) -> list[FilingRecord]:
        incident = self.chain.incident_row(incident_id)
        key = self.chain.data_key(incident.data_key_id)
        rows = self.session.scalars(
            sa.select(Filing).where(Filing.incident_id == incident.id).order_by(Filing.seq)
        ).all()
        records = []
        for filing in rows:
            docs = self._documents(filing)
            self._check_filing(filing, docs)
            records.append(
                _record(
                    filing,
                    unseal_json(
                        key, filing.snapshot_ct, at=place("filing", "snapshot_ct", filing.id)
                    ),
                    unseal_json(
                        key, filing.changes_ct, at=place("filing", "changes_ct", filing.id)
                    ),
                    sorted(name for _, name in docs),
                    None
                    if filing.meta_ct is None
                    else unseal_json(key, filing.meta_ct, at=place("filing", "meta_ct", filing.id)),
                )
            )
        return records

    def document(self, *, filing_id: str, name: str) -> bytes:
        filing = self._filing(filing_id)
        docs = self._documents(filing)
        self._check_filing(filing, docs)
        doc_id = next((doc_id for doc_id, doc_name in docs if doc_name == name), None)
        if doc_id is None:
            raise NotFound(f"Filing {filing_id} has no document {name!r}.")
        content_ct = self.session.execute(
            sa.select(FilingDocument.content_ct).where(FilingDocument.id == doc_id)
        ).scalar_one()
        key = self.chain.data_key(self.chain.incident_row(filing.incident_id).data_key_id)
        return unseal(key, content_ct, place=place("filing_document", "content_ct", doc_id))

    def set_case_number(self, *, filing_id: str, case_number: str, event: NewEvent) -> None:
        """Record the authority's case number; the row MAC is renewed, the old one checked first."""
        if not isinstance(case_number, str) or not case_number:
            raise TypeError("case_number must be a non-empty str")
        check_event(event)
        filing = self._filing(filing_id)
        incident = self.chain.incident_row(filing.incident_id, lock=True)
        filing = self._filing(filing_id)  # again, now that the incident is locked
        docs = self._documents(filing)
        self._check_filing(filing, docs)
        self.chain.append(incident, event)
        filing.case_number = case_number
        self.session.execute(
            sa.update(Filing)
            .where(Filing.id == filing.id)
            .values(case_number=case_number, row_mac=filing_mac(self.ring.audit_key, filing, docs))
            .execution_options(synchronize_session=False)
        )
        self.chain.refresh_rows(filing.incident_id, FILINGS)

    def _filing(self, filing_id: str) -> Filing:
        filing = self.session.scalars(
            sa.select(Filing)
            .where(Filing.id == filing_id)
            .execution_options(populate_existing=True)
        ).one_or_none()
        if filing is None:
            raise NotFound(f"No filing {filing_id}.")
        self.session.expunge(filing)
        return filing

    def _documents(self, filing: Filing) -> list[tuple[str, str]]:
        rows = self.session.execute(
            sa.select(FilingDocument.id, FilingDocument.name).where(
                FilingDocument.filing_id == filing.id
            )
        )
        return [(doc_id, name) for doc_id, name in rows]

    def _check_filing(self, filing: Filing, docs: list[tuple[str, str]]) -> None:
        if not macs_equal(filing.row_mac, filing_mac(self.ring.audit_key, filing, docs)):
            reference = self.session.execute(
                sa.select(Incident.reference).where(Incident.id == filing.incident_id)
            ).scalar_one_or_none()
            raise IntegrityError(
                f"Filing {filing.seq} of incident {reference} failed its integrity check; "
                "run breachreport verify."
            )

    def _next_filing_seq(self, incident_id: str) -> int:
        last = self.session.execute(
            sa.select(sa.func.max(Filing.seq)).where(Filing.incident_id == incident_id)
        ).scalar_one()
        return (last or 0) + 1


def _meta(meta: dict[str, Any] | None) -> dict[str, Any]:
    """The metadata as sealed: exactly these two keys, of these types."""
    meta = meta or {}
    unknown = set(meta) - {"final", "delay_reasons"}
    if unknown:
        raise TypeError(f"unknown filing metadata: {sorted(unknown)}")
    final, reasons = meta.get("final", False), meta.get("delay_reasons")
    if not isinstance(final, bool) or not (reasons is None or isinstance(reasons, str)):
        raise TypeError("filing metadata: final must be a bool, delay_reasons a str or None")
    return {"final": final, "delay_reasons": reasons}


def _record(
    filing: Filing,
    snapshot: dict[str, Any],
    changes: dict[str, Any],
    names: list[str],
    meta: dict[str, Any] | None,
) -> FilingRecord:
    meta = meta or {}
    return FilingRecord(
        id=filing.id,
        seq=filing.seq,
        kind=filing.kind,
        filed_at=filing.filed_at,
        actor_id=filing.actor_id,
        case_number=filing.case_number,
        snapshot=snapshot,
        changes=changes,
        document_names=names,
        event_seq=filing.event_seq,
        final=meta.get("final") is True,
        delay_reasons=meta.get("delay_reasons"),
        recipient=filing.recipient,
    )
