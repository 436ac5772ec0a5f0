"""What the storage layer hands in and out: frozen records of plain, already opened values.

Records never carry ciphertext, keys or ORM rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class NewEvent:
    """An event to append to an incident's audit chain. ``fields`` are field paths, never values."""

    kind: str
    at: datetime
    actor_id: str
    actor_role: str
    fields: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ActorRecord:
    id: str
    name: str
    role: str


@dataclass(frozen=True)
class IncidentRecord:
    id: str
    reference: str
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    facts: dict[str, Any]
    chain_head: str


@dataclass(frozen=True)
class IncidentSummary:
    id: str
    reference: str
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    summary: dict[str, Any]
    damaged: bool = False  # the sealed summary failed its integrity check; ``summary`` is empty


@dataclass(frozen=True)
class EventRecord:
    seq: int
    kind: str
    at: datetime
    actor_id: str
    actor_role: str
    fields: list[str]
    payload: dict[str, Any]
    mac: str


@dataclass(frozen=True)
class FilingRecord:
    id: str
    seq: int
    kind: str
    filed_at: datetime
    actor_id: str
    case_number: str | None
    snapshot: dict[str, Any]
    changes: dict[str, Any]
    document_names: list[str]
    event_seq: int
    # Filing metadata: a supplement that completes the notification, and the reasons for lateness
    # given when filing (instead of in the facts).
    final: bool = False
    delay_reasons: str | None = None
    # Who it went to (domain.recipients): "imy" for every filing made before 0008.
    recipient: str = "imy"


@dataclass(frozen=True)
class Damage:
    """One problem found by ``Store.verify``; incident fields are None for shared rows (actors)."""

    incident_id: str | None
    reference: str | None
    problem: str


@dataclass(frozen=True)
class InvitationRecord:
    id: str
    incident_id: str
    sections: tuple[str, ...]
    contact_name: str
    contact_email: str | None
    created_at: datetime
    created_by: str
    expires_at: datetime
    opened_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None


@dataclass(frozen=True)
class ProposalRecord:
    id: str
    incident_id: str
    invitation_id: str | None  # None: it came in a supplier's bulletin
    author_id: str
    created_at: datetime
    base_version: int
    fields: tuple[str, ...]
    changes: dict[str, Any]  # path -> proposed value
    base: dict[str, Any]  # path -> value when it was proposed
    comment: str | None
    status: str
    reviewed_at: datetime | None
    reviewer_id: str | None
    accepted: tuple[str, ...]
    rejected: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class AssignmentRecord:
    id: str
    incident_id: str
    reviewer_id: str  # the actor
    account_id: str | None
    assigned_at: datetime
    assigned_by: str
    removed_at: datetime | None
    removed_by: str | None


@dataclass(frozen=True)
class CommentRecord:
    id: str
    incident_id: str
    section: str
    facts_version: int
    author_id: str
    author_role: str
    created_at: datetime
    text: str


@dataclass(frozen=True)
class ApprovalRecord:
    id: str
    incident_id: str
    facts_version: int
    approver_id: str
    approved_at: datetime
    note: str | None


@dataclass(frozen=True)
class EvidenceRecord:
    id: str
    incident_id: str
    uploaded_at: datetime
    uploader_id: str
    uploader_role: str
    invitation_id: str | None
    media_type: str
    size: int
    filename: str
    sha256: str
    description: str | None


@dataclass(frozen=True)
class StoreCheck:
    """What ``Store.check`` found: the damage, how many incidents and tombstones it checked, and
    how many data keys each master key wraps (the ids a rotation still depends on)."""

    damage: list[Damage]
    incidents: int
    shredded: int
    master_keys: dict[str, int]
    # Since when every row is under a chain (the ledger's first entry: a new database, or the
    # adoption of an existing one by 0007); None if the ledger is empty.
    rows_since: datetime | None = None


@dataclass(frozen=True)
class FiledRecord:
    """A filing as a tombstone remembers it: kind, time and IMY's case number, nothing more."""

    seq: int
    kind: str
    filed_at: datetime
    case_number: str | None


@dataclass(frozen=True)
class TombstoneRecord:
    """What the register keeps of a shredded incident; ``reason`` opened from its seal."""

    id: str
    reference: str
    status: str
    created_at: datetime
    aware_at: datetime | None
    decision: str | None
    filings: tuple[FiledRecord, ...]
    last_activity_at: datetime
    shredded_at: datetime
    shredded_by: str  # the actor
    shredded_role: str
    reason: str


@dataclass(frozen=True)
class SupplierRecord:
    """A registered supplier, its name opened from its seal."""

    id: str
    name: str
    public_key: str
    fingerprint: str
    actor_id: str
    added_at: datetime


@dataclass(frozen=True)
class BulletinImportRecord:
    """One bulletin version taken into an incident; ``content`` is the signed part as imported."""

    id: str
    incident_id: str
    supplier_id: str
    bulletin_id: str
    version: int
    digest: str
    imported_at: datetime
    proposal_id: str | None
    content: bytes
