"""The EDPB's common Art. 33 template: one incident's facts as the template's JSON, keyed by the
template's own field ids, checked against its JSON Schema before it leaves."""

from __future__ import annotations

from typing import Any

from ..domain.edpb_template import edpb_export
from ..domain.facts import stored_facts
from .base import UseCases
from .permissions import Actor, UseCase


class EdpbTemplate(UseCases):
    """``workspace.edpb.export``."""

    def export(self, ref: str, *, actor: Actor | None = None) -> dict[str, Any]:
        """The incident's current facts in the template, under the same permission as exporting
        the facts. Once IMY has been notified, the export is a follow-up quoting IMY's case
        number, and lateness is judged by the first notification."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.EXPORT, ref)
            record = tx.incidents.load(ref)
            to_imy = [
                f
                for f in tx.filings.for_incident(record.id)
                if getattr(f, "recipient", "imy") == "imy"
            ]
        first = to_imy[0] if to_imy else None
        return edpb_export(
            stored_facts(record.facts),
            reference=record.reference,
            generated_at=self.clock(),
            previous=next((f.case_number for f in to_imy if f.case_number), None),
            first_filed_at=first.filed_at if first else None,
        )
