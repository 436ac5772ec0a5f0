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


@dataclass(frozen=True)
class Damage:
    """One problem found by ``Store.verify``; incident fields are None for shared rows (actors)."""

    incident_id: str | None
    reference: str | None
    problem: str
