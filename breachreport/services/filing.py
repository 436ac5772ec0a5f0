"""Filing with IMY or another recipient (CERT-SE, the police, IVO), and recording the
recipient's case number.

``file`` renders the documents from the facts it read, outside any write lock (rendering every
language and format takes a while), then checks and writes in one transaction: it re-reads the
incident, re-checks permissions and the filing rules, and writes only if the incident is still
exactly what was rendered (same version, same chain head); otherwise it renders again. A refused
filing writes nothing, not even the case number given with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..documents import FilingInfo, NotificationContext
from ..documents.filed import filing_documents
from ..documents.notification import BulletinSource
from ..domain.choices import FilingKind
from ..domain.facts import stored_facts
from ..domain.recipients import IMY, ReportType
from ..errors import FilingRefused, InputError, NotFound, VersionConflict
from ..i18n import _
from ..storage import FilingRecord, IncidentRecord, Transaction
from .base import UseCases, actor_row, attributed_event
from .documents import bulletin_sources
from .filing_checks import (
    CASE_NUMBER,
    Plan,
    checked_case_number,
    delay_reasons_given,
    recipient_of,
)
from .permissions import Actor, UseCase
from .report_checks import plan_for
from .views import Filing, FilingCheckResult, filing_view, iso, refresh_register

# How often ``file`` renders again when the incident changed while it was rendering.
RENDER_ATTEMPTS = 3


@dataclass(frozen=True)
class _Draft:
    """A filing worked out from one read of the incident, its documents rendered."""

    version: int
    chain_head: str
    info: FilingInfo
    documents: dict[str, bytes]


class Filings(UseCases):
    """``workspace.filing_check``, ``file`` and ``record_case_number``."""

    def filing_check(
        self,
        *,
        actor: Actor,
        ref: str,
        kind: FilingKind | ReportType | str,
        submitted_at: datetime | None = None,
        final: bool = False,
        case_number: str | None = None,
        delay_reasons: str | None = None,
        recipient: str = IMY,
    ) -> FilingCheckResult:
        """What ``file`` with these arguments would do now, without filing: the problems that
        would refuse it and the warnings it would go through with."""
        recipient_of(recipient)
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.FILE, ref)
            record = tx.incidents.load(ref)
            return plan_for(
                tx,
                record,
                recipient=recipient,
                kind=kind,
                submitted_at=submitted_at or self.clock(),
                final=final,
                case_number=checked_case_number(case_number, recipient),
                delay_reasons=delay_reasons_given(delay_reasons),
                now=self.clock(),
            ).check

    def file(
        self,
        *,
        actor: Actor,
        ref: str,
        kind: FilingKind | ReportType | str,
        case_number: str | None = None,
        at: datetime | None = None,
        submitted_at: datetime | None = None,
        final: bool = False,
        delay_reasons: str | None = None,
        recipient: str = IMY,
    ) -> Filing:
        """File the current facts with ``recipient`` (IMY unless told) as ``kind``: checks that
        recipient's rules, freezes the snapshot and renders its documents once, so the filing
        never changes afterwards.

        To another recipient than IMY (``domain.recipients``): ``kind`` is one of its report
        types, checked by ``domain.report_rules``; ``case_number`` is that recipient's number for
        this very report, recorded on the new filing; what changed is counted since the last
        report to that recipient; the police and IVO are kept by reference (no document).
        What follows describes IMY.

        ``submitted_at`` is when it went in through IMY's e-service (default: now); it is the
        filing's time for the register, the status and the clocks, while the history keeps the
        time it was recorded (``at``). ``case_number`` is IMY's number for the earlier
        notification, recorded with the filing if missing; a refused filing records nothing.
        ``final`` (a supplement only) states that the notification is now complete: the content
        and four-eyes rules of a complete notification apply. ``delay_reasons`` are the reasons
        for lateness given when filing: filing metadata, not a change of the facts, so they do not
        withdraw an approval.

        With the organisation's four-eyes setting on (the default), a complete notification needs
        a legal reviewer's approval of exactly the current facts; any other filing goes through
        without one, with a warning on the returned filing, because the deadline comes first.

        The documents are rendered before the write lock is taken; if the incident changed in
        the meantime they are rendered again, and after a few tries VersionConflict says so.
        """
        at = at or self.clock()
        recipient_of(recipient)
        number = checked_case_number(case_number, recipient)
        reasons = delay_reasons_given(delay_reasons)
        wanted = dict(
            recipient=recipient,
            kind=kind,
            submitted_at=submitted_at or at,
            final=final,
            number=number,
            reasons=reasons,
        )
        for _attempt in range(RENDER_ATTEMPTS):
            with self.store.transaction(write=False) as tx:
                self._allow_filing(tx, actor, ref, number)
                record = tx.incidents.load(ref)
                worked_out = self._plan(tx, record, **wanted)
                sources = bulletin_sources(tx, record.id)
            draft = _render(
                record, worked_out, at=at, final=final, reasons=reasons, sources=sources
            )
            with self.store.transaction() as tx:
                self._allow_filing(tx, actor, ref, number)
                record = tx.incidents.load(ref, lock=True)
                worked_out = self._plan(tx, record, **wanted)
                if (record.version, record.chain_head) != (draft.version, draft.chain_head):
                    continue  # changed while rendering: nothing written, render again
                return self._write(
                    tx,
                    record,
                    worked_out,
                    draft,
                    actor=actor,
                    at=at,
                    number=number,
                    reasons=reasons,
                )
        raise VersionConflict(
            incident_ref=ref, expected_version=draft.version, current_version=record.version
        )

    def _plan(
        self,
        tx: Transaction,
        record: IncidentRecord,
        *,
        recipient: str,
        kind: FilingKind | ReportType | str,
        submitted_at: datetime,
        final: bool,
        number: str | None,
        reasons: str | None,
    ) -> Plan:
        """Every filing rule; refused (nothing written) if any fails."""
        worked_out = plan_for(
            tx,
            record,
            recipient=recipient,
            kind=kind,
            submitted_at=submitted_at,
            final=final,
            case_number=number,
            delay_reasons=reasons,
            now=self.clock(),
        )
        if worked_out.check.problems:
            raise FilingRefused(list(worked_out.check.problems))
        return worked_out

    def _allow_filing(self, tx: Transaction, actor: Actor, ref: str, number: str | None) -> None:
        self.allow(tx, actor, UseCase.FILE, ref)
        if number is not None:
            self.allow(tx, actor, UseCase.RECORD_CASE_NUMBER, ref)

    def _write(
        self,
        tx: Transaction,
        record: IncidentRecord,
        worked_out: Plan,
        draft: _Draft,
        *,
        actor: Actor,
        at: datetime,
        number: str | None,
        reasons: str | None,
    ) -> Filing:
        """The case number given with the filing, the filing and its event, the register.

        IMY's number given with a follow-up belongs to the earlier filing; another recipient's
        belongs to this report and is recorded on it."""
        info = draft.info
        prior = worked_out.prior
        imy = worked_out.recipient == IMY
        if imy and number is not None and prior[-1].case_number != number:
            _set_case_number(tx, prior[-1], number, actor, at)
        payload: dict[str, Any] = {
            "filing_kind": info.kind.value,
            "seq": info.seq,
            "submitted_at": iso(info.filed_at),
            **worked_out.four_eyes,
        }
        if not imy:
            payload["recipient"] = worked_out.recipient
            if worked_out.own_number is not None:
                payload["case_number"] = worked_out.own_number
        if info.final:
            payload["final"] = True
        filing = tx.filings.create(
            incident_id=record.id,
            kind=info.kind.value,
            filed_at=info.filed_at,
            actor_id=actor_row(tx, actor),
            snapshot=worked_out.facts.model_dump(mode="json"),
            changes=worked_out.changes or {},
            documents=draft.documents,
            event=attributed_event(
                tx, actor, "filed", at=at, fields=sorted(worked_out.changes or {}), payload=payload
            ),
            meta={"final": info.final, "delay_reasons": reasons},
            recipient=worked_out.recipient,
            case_number=worked_out.own_number,
        )
        refresh_register(tx, record.id, worked_out.facts)
        return replace(filing_view(tx, filing), warnings=worked_out.check.warnings)

    def record_case_number(
        self,
        *,
        actor: Actor,
        ref: str,
        case_number: str,
        seq: int | None = None,
        at: datetime | None = None,
        recipient: str | None = None,
    ) -> Filing:
        """Record the recipient's case number on a filing: ``seq`` names it; else the latest
        filing (to ``recipient``, when given). The number must have the form of the filing's
        recipient's numbers (IMY-2024-1234 for IMY; the others' as ``recipients.toml`` says)."""
        at = at or self.clock()
        if recipient is not None:
            recipient_of(recipient)
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.RECORD_CASE_NUMBER, ref)
            record = tx.incidents.load(ref)
            filings = tx.filings.for_incident(record.id)
            target = _target(filings, record.reference, seq=seq, recipient=recipient)
            number = _case_number(case_number, target.recipient)
            if target.case_number == number:
                return filing_view(tx, target)
            _set_case_number(tx, target, number, actor, at)
            facts = stored_facts(record.facts)
            filings = refresh_register(tx, record.id, facts)
            return filing_view(tx, next(f for f in filings if f.id == target.id))


def _target(
    filings: list[FilingRecord], reference: str, *, seq: int | None, recipient: str | None
) -> FilingRecord:
    """The filing a case number is for: number ``seq``, else the latest (to ``recipient``)."""
    if recipient is not None:
        filings = [f for f in filings if f.recipient == recipient]
    if not filings:
        raise NotFound(
            _(
                "Incident {reference} has no filing to attach a case number to.",
                reference=reference,
            )
        )
    target = filings[-1] if seq is None else next((f for f in filings if f.seq == seq), None)
    if target is None:
        raise NotFound(
            _("Incident {reference} has no filing number {seq}.", reference=reference, seq=seq)
        )
    return target


def _case_number(case_number: str, recipient: str) -> str:
    """The number as recorded, refused unless it has the form of ``recipient``'s numbers."""
    if recipient == IMY:
        number = case_number.strip().upper()
        if not CASE_NUMBER.fullmatch(number):
            raise InputError(
                _(
                    "'{case_number}' does not look like an IMY case number (e.g. IMY-2024-1234).",
                    case_number=number,
                )
            )
        return number
    found = recipient_of(recipient)
    number = case_number.strip()
    if not found.case_number_ok(number):
        raise InputError(
            _(
                "'{case_number}' does not look like {name} (e.g. {example}).",
                case_number=number,
                name=found.case_number_name,
                example=found.case_number_example,
            )
        )
    return number


def _set_case_number(
    tx: Transaction, target: FilingRecord, case_number: str, actor: Actor, at: datetime
) -> None:
    tx.filings.set_case_number(
        filing_id=target.id,
        case_number=case_number,
        event=attributed_event(
            tx,
            actor,
            "case_number",
            at=at,
            payload={
                "filing_seq": target.seq,
                "case_number": case_number,
                "previous": target.case_number,
            },
        ),
    )


def _render(
    record: IncidentRecord,
    worked_out: Plan,
    *,
    at: datetime,
    final: bool,
    reasons: str | None,
    sources: tuple[BulletinSource, ...] = (),
) -> _Draft:
    """Every language and format of the notification, from one read of the incident. All are kept,
    so that a filed copy never changes, even when the templates do (an upgrade, an organisation's
    own folder)."""
    prior = worked_out.prior
    # The reasons given with a late first filing stand for the whole notification (IMY's).
    first_reasons = prior[0].delay_reasons if prior and worked_out.recipient == IMY else None
    info = FilingInfo(
        kind=worked_out.check.kind,
        seq=worked_out.seq,
        filed_at=worked_out.check.submitted_at,
        case_number=worked_out.case_number,
        changes=worked_out.changes,
        first_filed_at=prior[0].filed_at if prior else None,
        final=final,
        delay_reasons=reasons or first_reasons,
        recipient=worked_out.recipient,
    )
    # The footer names the chain head this filing creates; it is known only after the event, so
    # the documents carry the head they were made from (the incident's last event when read).
    context = NotificationContext(
        incident_ref=record.reference,
        facts_version=record.version,
        generated_at=at,
        chain_head=record.chain_head,
        filing=info,
        sources=sources,  # the suppliers' bulletins the facts took answers from
    )
    documents = filing_documents(
        worked_out.recipient, info.kind.value, facts=worked_out.facts, context=context
    )
    return _Draft(record.version, record.chain_head, info, documents)
