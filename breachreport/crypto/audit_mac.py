"""Audit MACs: HMACs over canonical JSON that make the event chain and other stored records
tamper-evident, and the check value that catches a database opened with the wrong audit key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

GENESIS_MAC = "0" * 64
_AUDIT_CHECK = b"breachreport audit key check"


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def record_mac(audit_key: bytes, fields: dict[str, Any]) -> str:
    """Hex HMAC-SHA256 over the canonical JSON of ``fields``."""
    return hmac.new(audit_key, canonical_json(fields), hashlib.sha256).hexdigest()


def chain_mac(audit_key: bytes, prev_mac: str, fields: dict[str, Any]) -> str:
    """The MAC of one link of an audit chain: binds ``fields`` to the previous link's MAC."""
    if "prev" in fields:
        raise ValueError("'prev' is reserved in chain_mac fields")
    return record_mac(audit_key, {"prev": prev_mac, **fields})


def macs_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))


def audit_key_check(audit_key: bytes) -> str:
    """A value stored with the database so that opening it with the wrong audit key is caught."""
    return hmac.new(audit_key, _AUDIT_CHECK, hashlib.sha256).hexdigest()
