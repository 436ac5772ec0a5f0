"""How values are sealed into ``*_ct`` columns: canonical JSON, bound to table, column and row.

Never stores or logs what it seals; a value that is not plain JSON is refused before any write.
"""

from __future__ import annotations

import json
from typing import Any

from breachreport.crypto import seal, unseal
from breachreport.errors import IntegrityError


def place(table: str, column: str, row_id: str) -> str:
    """The associated data of a ciphertext: moving it to another table, column or row breaks it."""
    return f"{table}/{column}/{row_id}"


def json_bytes(value: dict[str, Any], what: str) -> bytes:
    """Canonical JSON of a dict; TypeError for anything that is not already JSON-ready."""
    if not isinstance(value, dict):
        raise TypeError(f"{what} must be a dict, not {type(value).__name__}")
    try:
        text = json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
        )
    except (TypeError, ValueError) as error:
        # Callers turn dates into strings themselves, so the sealed JSON means one thing only.
        raise TypeError(f"{what} is not JSON-ready: {error}") from None
    return text.encode("utf-8")


def seal_json(key: bytes, value: dict[str, Any], *, at: str, what: str) -> bytes:
    return seal(key, json_bytes(value, what), place=at)


def unseal_json(key: bytes, blob: bytes, *, at: str) -> dict[str, Any]:
    data = unseal(key, blob, place=at)
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IntegrityError(f"The sealed value at {at} is not JSON.") from None
    if not isinstance(value, dict):
        raise IntegrityError(f"The sealed value at {at} is not a JSON object.")
    return value


def seal_text(key: bytes, text: str, *, at: str) -> bytes:
    return seal(key, text.encode("utf-8"), place=at)


def unseal_text(key: bytes, blob: bytes, *, at: str) -> str:
    try:
        return unseal(key, blob, place=at).decode("utf-8")
    except UnicodeDecodeError:
        raise IntegrityError(f"The sealed value at {at} is not text.") from None
