"""The read models screens and the command line get back, and the one place rows become them.

Each use case returns these, never storage records, so that a screen sees no ciphertext, keys or
actor ids. ``summary`` is what the register shows of an incident without opening its facts (sealed
like the rest); ``refresh_register`` keeps it and the status in step after a filing changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.assessment import assess
from ..domain.choices import FilingKind
from ..domain.clocks import FiledReport
from ..domain.facts import Facts, stored_facts
from ..domain.labels import Text
from ..domain.problems import Problem
from ..domain.recipients import CERT_SE, IMY, ReportType, recipient, report_kind
from ..domain.report_rules import EARLY_WARNING, INCIDENT_NOTIFICATION
from ..domain.status import Status, derive_status
from ..i18n import Message
from ..storage import Damage, EventRecord, FilingRecord, IncidentRecord, Transaction


@dataclass(frozen=True)
class Incident:
    """One incident as a screen or command sees it."""

    id: str
    reference: str
    status: Status
    version: int
    created_at: datetime
    updated_at: datetime
    facts: Facts
    chain_head: str


@dataclass(frozen=True)
class RegisterRow:
    """One line of the Art. 33(5) register, from the sealed summary only."""

    id: str
    reference: str
    status: Status
    version: int
    created_at: datetime
    updated_at: datetime
    title: str | None
    aware_at: datetime | None
    breach_type: str | None
    kinds: list[str]
    subjects: int | None
    decision: str | None
    filings: int
    case_number: str | None
    band: str | None = None
    recommended: str | None = None
    decision_reason: str | None = None
    decided_by: str | None = None
    filing_kinds: tuple[str, ...] = ()
    filed_at: tuple[datetime, ...] = ()
    # Per filing: a supplement that completed the notification.
    filing_final: tuple[bool, ...] = ()
    # When each filing to any recipient went in (the register's own columns are IMY's).
    reported_at: tuple[datetime, ...] = ()
    cause: str | None = None
    # A shredded incident (a tombstone): when, by whom and why; its facts are gone.
    shredded_at: datetime | None = None
    shredded_by: str | None = None
    shred_reason: str | None = None
    # The sealed summary failed its integrity check: only the reference and status are known;
    # ``breachreport verify`` says what is wrong.
    damaged: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "status": self.status.value,
            "version": self.version,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "title": self.title,
            "aware_at": iso(self.aware_at),
            "breach_type": self.breach_type,
            "kinds": self.kinds,
            "subjects": self.subjects,
            "decision": self.decision,
            "filings": self.filings,
            "case_number": self.case_number,
            "band": self.band,
            "recommended": self.recommended,
            "decided_by": self.decided_by,
            "decision_reason": self.decision_reason,
            "shredded": None
            if self.shredded_at is None
            else {
                "at": iso(self.shredded_at),
                "by": self.shredded_by,
                "reason": self.shred_reason,
            },
            "damaged": self.damaged,
        }


@dataclass(frozen=True)
class Filing:
    """One frozen filing. ``kind`` is a ``FilingKind`` for IMY and the recipient's
    ``ReportType`` otherwise (both have ``.value``, ``.text`` and ``.label(lang)``); ``seq``
    numbers the incident's filings across recipients (``render --filing N``)."""

    id: str
    seq: int
    kind: FilingKind | ReportType
    filed_at: datetime
    filed_by: str
    case_number: str | None
    facts: Facts
    changes: dict[str, list[Any]]
    documents: list[str]
    # Things the DPO should know although the filing went through (e.g. no current approval).
    warnings: tuple[Text | Message, ...] = ()
    # Filing metadata: a supplement that completes the notification; reasons for lateness given
    # when filing. ``filed_at`` is when it was submitted to IMY, not when it was recorded here.
    final: bool = False
    delay_reasons: str | None = None
    # Who it went to (domain.recipients); its case number is that recipient's.
    recipient: str = IMY

    @property
    def by_reference(self) -> bool:
        """Kept by reference only (the police, IVO): no document was frozen with it."""
        found = recipient(self.recipient)
        return found is not None and found.by_reference


@dataclass(frozen=True)
class FilingCheckResult:
    """What filing now would do, without filing: what stops it, and what the DPO should know
    before confirming (the same warnings the filing then carries)."""

    kind: FilingKind | ReportType
    submitted_at: datetime
    problems: tuple[Problem, ...]
    warnings: tuple[Text | Message, ...]
    # Hours past the 72-hour window that decides lateness (the first filing's); None when on time.
    # For another recipient: hours past the report's own deadline.
    hours_late: float | None = None
    recipient: str = IMY

    @property
    def may_file(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    damage: list[Damage]
    shredded: int = 0  # tombstones checked
    # Data keys per master key id: the keys of the ring that the database still needs.
    master_keys: dict[str, int] = field(default_factory=dict)
    # Since when every row is under a chain (a database made before issue 17 was adopted then).
    rows_since: datetime | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One event of an incident's audit trail, with the actor resolved."""

    seq: int
    kind: str
    at: datetime
    actor: str
    role: str
    fields: list[str]
    changes: dict[str, list[Any]]
    reason: str | None
    approved_by: str | None = None  # an accepted proposal: the DPO who accepted it
    subject: str | None = None  # the person an event is about: the contact invited, the reviewer
    withdrew_approval: int | None = None  # a change that withdrew the approval of this version
    document: str | None = None  # a download: which document, language, format (and filing)
    # A filing: when it went in through IMY's e-service (``at`` is when it was recorded here).
    submitted_at: datetime | None = None
    # A change that came in a supplier's signed bulletin: "Supplier AB, bulletin X version 2".
    source: str | None = None


def mailed(payload: dict[str, Any]) -> str | None:
    """What a mail event was about, e.g. "reminder · imy_art33 · attempt 2" (never the address)."""
    if "outbox_id" not in payload:
        return None
    parts = [payload.get("kind"), payload.get("clock")]
    attempt = payload.get("attempt")
    if isinstance(attempt, int) and attempt > 1:
        parts.append(f"attempt {attempt}")
    return " · ".join(str(part) for part in parts if part)


def downloaded(payload: dict[str, Any]) -> str | None:
    """What a download event took away, e.g. "imy-notification · sv · pdf · filing 2"."""
    if "document" not in payload:
        return None
    parts = [payload["document"], payload.get("lang"), payload.get("format")]
    if payload.get("filing") is not None:
        parts.append(f"filing {payload['filing']}")
    return " · ".join(str(part) for part in parts if part)


def parsed_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def summary(facts: Facts, every: list[FilingRecord]) -> dict[str, Any]:
    """What the register shows without opening the whole facts. Sealed like everything else.

    The register's filings are the notifications to IMY (Art. 33(5)); ``reported_at`` keeps when
    each filing to any recipient went in, for the deadlines that start at one."""
    filings = imy_filings(every)
    case_numbers = [f.case_number for f in filings if f.case_number]
    judged = assess(facts)
    return {
        "band": judged.band.value,
        "recommended": judged.outcome.value,
        "filed_at": [iso(f.filed_at) for f in filings],
        "title": facts.description.title_internal or _shorten(facts.description.summary),
        "aware_at": iso(facts.times.aware_at),
        "breach_type": facts.description.breach_type.value
        if facts.description.breach_type
        else None,
        "kinds": [k.value for k in facts.description.kinds or []],
        "cause": facts.description.cause.value if facts.description.cause else None,
        "subjects": facts.data.subjects_count.value if facts.data.subjects_count else None,
        "decision": facts.decision.outcome.value if facts.decision.outcome else None,
        "decision_reason": facts.decision.reason,
        "decided_by": facts.decision.decided_by,
        "filings": len(filings),
        "case_number": case_numbers[0] if case_numbers else None,
        "filing_kinds": [f.kind for f in filings],
        "filing_final": [f.final for f in filings],
        "reported_at": [iso(f.filed_at) for f in every],
    }


def _shorten(text: str | None, limit: int = 80) -> str | None:
    if not text or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def status_of(facts: Facts, filings: list[FilingRecord]) -> Status:
    """The incident's status: its notifications to IMY and the decision."""
    return derive_status([notice_kind(f) for f in imy_filings(filings)], facts.decision.outcome)


def notice_kind(filing: FilingRecord) -> FilingKind:
    """What a filing means for the notification: a supplement that completes it counts as the
    complete notification (for the status and the clocks)."""
    return FilingKind.COMPLETE if filing.final else FilingKind(filing.kind)


def filed_reports(filings: list[FilingRecord]) -> list[FiledReport]:
    """What the clocks are fed: every filing as a report to its recipient, when it went in. A
    supplement that completed IMY's notification is the complete notification; an incident
    notification to CERT-SE with no early warning before it is the early warning too."""
    found = []
    warned = False
    for f in filings:
        kind = notice_kind(f).value if f.recipient == IMY else f.kind
        if f.recipient == CERT_SE and kind == EARLY_WARNING:
            warned = True
        if f.recipient == CERT_SE and kind == INCIDENT_NOTIFICATION and not warned:
            found.append(FiledReport(CERT_SE, EARLY_WARNING, f.filed_at))
            warned = True
        found.append(FiledReport(f.recipient, kind, f.filed_at))
    return found


def history_entry(event: EventRecord, name: Callable[[str | None], str | None]) -> HistoryEntry:
    """One event as the history shows it; ``name`` turns an actor id into the actor's name."""
    return HistoryEntry(
        seq=event.seq,
        kind=event.kind,
        at=event.at,
        actor=name(event.actor_id) or "",
        role=event.actor_role,
        fields=list(event.fields),
        changes=event.payload.get("changes", {}),
        reason=event.payload.get("reason"),
        approved_by=name(event.payload.get("approved_by")),
        subject=name(event.payload.get("subject")),
        withdrew_approval=event.payload.get("withdrew_approval"),
        document=downloaded(event.payload) or mailed(event.payload),
        submitted_at=parsed_time(event.payload.get("submitted_at")),
        source=bulletin_source(event.payload.get("bulletin")),
    )


def bulletin_source(found: Any) -> str | None:
    """The bulletin version an event's change came from, as one line in no particular language
    ("Supplier AB, HRS-2025-08 v2"), or None."""
    if not isinstance(found, dict) or "bulletin_id" not in found:
        return None
    return f"{found.get('supplier')}, {found['bulletin_id']} v{found.get('version')}"


def incident_view(record: IncidentRecord) -> Incident:
    return Incident(
        id=record.id,
        reference=record.reference,
        status=Status(record.status),
        version=record.version,
        created_at=record.created_at,
        updated_at=record.updated_at,
        facts=stored_facts(record.facts),
        chain_head=record.chain_head,
    )


def register_row(row: Any) -> RegisterRow:
    summary = row.summary
    aware = summary.get("aware_at")
    return RegisterRow(
        id=row.id,
        reference=row.reference,
        status=Status(row.status),
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        title=summary.get("title"),
        aware_at=datetime.fromisoformat(aware) if aware else None,
        breach_type=summary.get("breach_type"),
        kinds=summary.get("kinds", []),
        subjects=summary.get("subjects"),
        decision=summary.get("decision"),
        filings=summary.get("filings", 0),
        case_number=summary.get("case_number"),
        band=summary.get("band"),
        recommended=summary.get("recommended"),
        decision_reason=summary.get("decision_reason"),
        decided_by=summary.get("decided_by"),
        filing_kinds=tuple(summary.get("filing_kinds", ())),
        filing_final=tuple(summary.get("filing_final", ())),
        filed_at=tuple(datetime.fromisoformat(t) for t in summary.get("filed_at", ())),
        reported_at=tuple(datetime.fromisoformat(t) for t in summary.get("reported_at", ())),
        cause=summary.get("cause"),
        damaged=getattr(row, "damaged", False),
    )


def filing_kind(record: FilingRecord) -> FilingKind | ReportType:
    """A stored filing's kind as its recipient's: IMY's ``FilingKind``, another's ``ReportType``."""
    found = report_kind(record.recipient, record.kind)
    if found is None:  # a kind its recipient no longer lists: shown as stored
        return ReportType(record.recipient, record.kind, Text(record.kind, record.kind), None)
    return found


def imy_filings(filings: list[FilingRecord]) -> list[FilingRecord]:
    """The notifications to IMY: what the register (Art. 33(5)), the status and IMY's clocks
    count. Filings to other recipients have their own chains."""
    return [f for f in filings if f.recipient == IMY]


def filing_view(tx: Transaction, record: FilingRecord) -> Filing:
    return Filing(
        id=record.id,
        seq=record.seq,
        kind=filing_kind(record),
        filed_at=record.filed_at,
        filed_by=tx.actors.get(record.actor_id).name,
        case_number=record.case_number,
        facts=stored_facts(record.snapshot),
        changes=record.changes,
        documents=list(record.document_names),
        final=record.final,
        delay_reasons=record.delay_reasons,
        recipient=record.recipient,
    )


def refresh_register(tx: Transaction, incident_id: str, facts: Facts) -> list[FilingRecord]:
    """After a filing event: the status and the register's summary follow the notifications to
    IMY (every recipient's filing times are kept too, for the deadlines that start at them).
    Returns every filing, to every recipient."""
    filings = tx.filings.for_incident(incident_id)
    tx.incidents.set_status(
        incident_id=incident_id,
        status=status_of(facts, filings).value,
        summary=summary(facts, filings),
    )
    return filings


def in_register_order(rows: list[RegisterRow]) -> list[RegisterRow]:
    return sorted(rows, key=lambda row: (row.created_at, row.reference))


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
