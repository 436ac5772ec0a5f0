"""Documents: a filing's frozen copy or a draft of any document from the current facts, and the
download that records who took a copy away.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..documents import FilingInfo, NotificationContext
from ..documents.catalogue import BOTH, document_kind, render_draft
from ..documents.notification import BulletinSource
from ..documents.pdf import render_pdf
from ..domain.choices import FilingKind
from ..domain.facts import stored_facts
from ..domain.recipients import recipient
from ..errors import InputError, NotFound
from ..i18n import _
from ..storage import FilingRecord, IncidentRecord, Transaction
from .base import UseCases, attributed_event
from .permissions import Actor, UseCase
from .views import imy_filings

FORMATS = ("md", "html", "docx", "pdf")
NOTIFICATION = "imy-notification"


class Documents(UseCases):
    """``workspace.render`` and ``workspace.download``."""

    def render(
        self,
        *,
        ref: str,
        document: str | None = None,
        lang: str = "sv",
        fmt: str = "html",
        filing_seq: int | None = None,
        actor: Actor | None = None,
    ) -> bytes:
        """A document: the frozen copy of a filing in its recipient's own document (the IMY
        notification, a CERT-SE report), or a draft of any document (``documents.catalogue``)
        from the current facts. Without ``document``: the filing's own, or the IMY
        notification's draft. A filing kept by reference (the police, IVO) has no document."""
        if document is not None:
            document_kind(document, lang, fmt)
        with self.store.transaction(write=False) as tx:
            wanted = UseCase.RENDER_DRAFT if filing_seq is None else UseCase.DOWNLOAD_FILING
            self.allow(tx, actor, wanted, ref)
            record = tx.incidents.load(ref)
            filings = tx.filings.for_incident(record.id)
            if filing_seq is not None:
                filing = next((f for f in filings if f.seq == filing_seq), None)
                if filing is None:
                    raise NotFound(
                        _(
                            "Incident {reference} has no filing number {filing_seq}.",
                            reference=record.reference,
                            filing_seq=filing_seq,
                        )
                    )
                own = _own_document(record, filing, document)
                document_kind(own, lang, fmt)
                return _filed_document(tx, record, filing, f"{own}.{lang}.{fmt}")
            document = document or NOTIFICATION
            facts = stored_facts(record.facts)
            notified = imy_filings(filings)
            first = notified[0] if notified else None
            context = NotificationContext(
                incident_ref=record.reference,
                facts_version=record.version,
                generated_at=self.clock(),
                chain_head=record.chain_head,
                # The notice tells people when IMY was notified, and the EDPB template whether
                # it follows up IMY's first notification; the others are drafts.
                filing=None
                if first is None or document not in ("data-subject-notice", "edpb-template")
                else FilingInfo(
                    kind=FilingKind(first.kind),
                    seq=first.seq,
                    filed_at=first.filed_at,
                    case_number=next((f.case_number for f in notified if f.case_number), None),
                ),
                sources=bulletin_sources(tx, record.id) if document == NOTIFICATION else (),
            )
        return render_draft(document, facts=facts, lang=lang, fmt=fmt, context=context)

    def download(
        self,
        *,
        ref: str,
        document: str | None = None,
        lang: str = "sv",
        fmt: str = "html",
        filing_seq: int | None = None,
        actor: Actor,
        at: datetime | None = None,
    ) -> bytes:
        """``render`` for someone taking a copy away: the download is recorded in the incident's
        history (who, in which role, which document, language, format and filing)."""
        content = self.render(
            ref=ref, document=document, lang=lang, fmt=fmt, filing_seq=filing_seq, actor=actor
        )
        at = at or self.clock()
        with self.store.transaction() as tx:
            record = tx.incidents.load(ref, lock=True)
            if document is None:
                document = NOTIFICATION
                if filing_seq is not None:
                    filing = next(
                        f for f in tx.filings.for_incident(record.id) if f.seq == filing_seq
                    )
                    document = _own_document(record, filing, None)
            kind = document_kind(document, lang, fmt)
            payload: dict[str, Any] = {
                "document": document,
                "lang": BOTH if kind.bilingual else lang,
                "format": fmt,
            }
            if filing_seq is not None:
                payload["filing"] = filing_seq
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(tx, actor, "document_downloaded", at=at, payload=payload),
            )
        return content


def _own_document(record: IncidentRecord, filing: FilingRecord, document: str | None) -> str:
    """The document a filing was frozen as: its recipient's own for its kind. Asking for
    another is refused, and so is any document of a filing kept by reference."""
    found = recipient(filing.recipient)
    kind = found.kind(filing.kind) if found is not None else None
    own = kind.document if kind is not None else None
    if own is None:
        raise InputError(
            _(
                "Filing {seq} of incident {reference} ({recipient}) is kept by reference only: "
                "no document was frozen with it. Its case number: {case_number}.",
                seq=filing.seq,
                reference=record.reference,
                recipient=found.short if found is not None else filing.recipient,
                case_number=filing.case_number or "-",
            )
        )
    if document is not None and document != own:
        if own == NOTIFICATION:
            raise InputError(_("Only the IMY notification is kept with each filing."))
        raise InputError(
            _(
                "Filing {seq} went to {recipient} and was frozen as {own}; it has no {document}.",
                seq=filing.seq,
                recipient=found.short if found is not None else filing.recipient,
                own=own,
                document=document,
            )
        )
    return own


def _filed_document(
    tx: Transaction, record: IncidentRecord, filing: FilingRecord, name: str
) -> bytes:
    """A filed copy as it was kept. Filings made before Word and PDF copies were kept have
    HTML only: their PDF is laid out from that frozen HTML, so its content is still the filed one.
    """
    if name in filing.document_names:
        return tx.filings.document(filing_id=filing.id, name=name)
    html = name.removesuffix(".pdf") + ".html"
    if name.endswith(".pdf") and html in filing.document_names:
        return render_pdf(tx.filings.document(filing_id=filing.id, name=html).decode())
    raise NotFound(
        _(
            "Filing {seq} of incident {reference} was made before {format} copies were kept; "
            "download its HTML or PDF.",
            seq=filing.seq,
            reference=record.reference,
            format=name.rsplit(".", 1)[-1].upper(),
        )
    )


def bulletin_sources(tx: Transaction, incident_id: str) -> tuple[BulletinSource, ...]:
    """The suppliers' bulletin versions whose proposals were accepted (in whole or in part) into
    the incident's facts, in the order they were imported: what the notification names as its
    sources."""
    found = []
    for imported in tx.bulletins.for_incident(incident_id):
        if imported.proposal_id is None:
            continue
        if tx.proposals.get(imported.proposal_id).status not in ("accepted", "partly_accepted"):
            continue
        issued = json.loads(imported.content)["parts"][0]["bulletin"].get("issued_at")
        found.append(
            BulletinSource(
                supplier=tx.bulletins.supplier(imported.supplier_id).name,
                bulletin_id=imported.bulletin_id,
                version=imported.version,
                issued_at=datetime.fromisoformat(issued.replace("Z", "+00:00")) if issued else None,
            )
        )
    return tuple(found)
