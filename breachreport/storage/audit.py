"""The MACs that make tampering visible: one per event (chained), one per incident and filing row.

Pure functions over plain column values; they never see plaintext, only hashes of ciphertext.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from breachreport.crypto import chain_mac, record_mac


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def digest(blob: bytes) -> str:
    return hashlib.sha256(bytes(blob)).hexdigest()


def columns_mac(audit_key: bytes, table: Any, row: Any, skip: frozenset[str] = frozenset()) -> str:
    """A MAC over every column of ``row`` (ORM row, result row or namespace) of the SQLAlchemy
    ``table``, foreign keys included, but ``row_mac`` and ``skip``."""
    fields: dict[str, Any] = {"record": f"{table.name}/v1"}
    for column in table.columns:
        if column.name not in skip and column.name != "row_mac":
            fields[column.name] = _mac_value(getattr(row, column.name))
    return record_mac(audit_key, fields)


def _mac_value(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"sha256": digest(bytes(value))}
    if isinstance(value, datetime):
        return iso(value)
    return value


def account_fields(account: Any) -> dict[str, Any]:
    """The columns of an account that only people change (not a sign-in), as MACs cover them."""
    return {
        "id": account.id,
        "login_index": account.login_index,
        "username_sha256": digest(account.username_ct),
        "display_name_sha256": digest(account.display_name_ct),
        "password_hash_sha256": hashlib.sha256(account.password_hash.encode()).hexdigest(),
        "role": account.role,
        "actor_id": account.actor_id,
        "disabled": bool(account.disabled),
        "created_at": iso(account.created_at),
    }


def event_mac(audit_key: bytes, event: Any) -> str:
    """``event`` has the incident_event columns as attributes (an ORM row or a result row)."""
    return chain_mac(
        audit_key,
        event.prev_mac,
        {
            "incident_id": event.incident_id,
            "seq": event.seq,
            "kind": event.kind,
            "at": iso(event.at),
            "actor_id": event.actor_id,
            "actor_role": event.actor_role,
            "fields": list(event.fields),
            "payload_sha256": digest(event.payload_ct),
        },
    )


def incident_mac(audit_key: bytes, incident: Any) -> str:
    """v2 also covers the manifest of the incident's rows (``rows``); v1 (no manifest) is what
    incidents carried before 0007 adopted them, and what ``verify`` reports once adopted."""
    rows = getattr(incident, "rows", None)
    extra = {} if rows is None else {"record": "incident/v2", "rows": rows}
    return record_mac(
        audit_key,
        {
            "record": "incident/v1",
            "id": incident.id,
            "reference": incident.reference,
            "status": incident.status,
            "version": incident.version,
            "created_at": iso(incident.created_at),
            "updated_at": iso(incident.updated_at),
            "data_key_id": incident.data_key_id,
            "chain_head": incident.chain_head,
            "facts_sha256": digest(incident.facts_ct),
            "summary_sha256": digest(incident.summary_ct),
            **extra,
        },
    )


def filing_mac(audit_key: bytes, filing: Any, documents: list[tuple[str, str]]) -> str:
    """``documents`` is [(document id, name)]: a document renamed, moved or removed shows.

    The filing metadata (``meta_ct``) is covered when present; filings made before it existed
    keep their MAC, and one whose metadata is removed no longer matches.

    The recipient is covered unless it is IMY, the one recipient before 0008, so that the MACs of
    the filings made before it stay valid: any other value is in the MAC's input, so changing the
    column, to or from IMY or between two others, always changes the MAC."""
    meta = filing.meta_ct
    extra = {} if meta is None else {"meta_sha256": digest(meta)}
    recipient = getattr(filing, "recipient", "imy")  # a row read before 0008: IMY
    if recipient != "imy":
        extra["recipient"] = recipient
    return record_mac(
        audit_key,
        {
            **extra,
            "record": "filing/v1",
            "id": filing.id,
            "incident_id": filing.incident_id,
            "seq": filing.seq,
            "kind": filing.kind,
            "filed_at": iso(filing.filed_at),
            "actor_id": filing.actor_id,
            "case_number": filing.case_number,
            "event_seq": filing.event_seq,
            "snapshot_sha256": digest(filing.snapshot_ct),
            "changes_sha256": digest(filing.changes_ct),
            "documents": sorted([doc_id, name] for doc_id, name in documents),
        },
    )
