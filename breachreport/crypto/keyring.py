"""The key ring: master keys by id (one active) and the audit key, read from and written to the key
file or the BREACHREPORT_MASTER_KEY value.

Never writes key material anywhere except the key file, and never puts it in messages.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from breachreport.errors import MasterKeyError
from breachreport.private_files import private_folder, write_private_bytes

KEY_BYTES = 32
KEYRING_FORMAT = "breachreport-keyring/1"
_AUDIT_INFO = b"breachreport audit key v1"


def derive_key_id(key: bytes) -> str:
    """The id of a master key: derived from the key, so the same key always has the same id."""
    return "mk-" + hashlib.sha256(key).hexdigest()[:16]


@dataclass(frozen=True)
class MasterKey:
    """One master key. ``repr`` hides the key so it cannot leak into logs or tracebacks."""

    id: str
    key: bytes = field(repr=False)
    created: datetime | None = None


@dataclass(frozen=True)
class KeyRing:
    """Master keys by id (one active, used to wrap new data keys) and the audit HMAC key."""

    master_keys: dict[str, MasterKey]
    active_id: str
    audit_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if self.active_id not in self.master_keys:
            raise MasterKeyError("The key ring's active master key is not among its keys.")
        if len(self.audit_key) != KEY_BYTES:
            raise MasterKeyError("The key ring's audit key must be 32 bytes.")

    @property
    def active(self) -> MasterKey:
        return self.master_keys[self.active_id]

    @classmethod
    def generate(cls) -> KeyRing:
        key = MasterKey(derive_key_id(k := secrets.token_bytes(KEY_BYTES)), k, _now())
        return cls({key.id: key}, key.id, secrets.token_bytes(KEY_BYTES))

    def with_new_master_key(self) -> KeyRing:
        """A ring with a fresh active master key; old keys stay so existing data keys still open."""
        key = MasterKey(derive_key_id(k := secrets.token_bytes(KEY_BYTES)), k, _now())
        return KeyRing({**self.master_keys, key.id: key}, key.id, self.audit_key)

    def without_master_key(self, key_id: str) -> KeyRing:
        """A ring without an old master key (retiring it); never the active one."""
        if key_id == self.active_id:
            raise MasterKeyError(
                f"{key_id} is the active master key; rotate to a new key before retiring it."
            )
        if key_id not in self.master_keys:
            raise MasterKeyError(f"There is no master key {key_id} in the key ring.")
        kept = {k: v for k, v in self.master_keys.items() if k != key_id}
        return KeyRing(kept, self.active_id, self.audit_key)

    def master_key(self, key_id: str) -> MasterKey:
        try:
            return self.master_keys[key_id]
        except KeyError:
            raise MasterKeyError(
                f"This data was sealed with master key {key_id}, which is not in the configured "
                "key ring; configure the key file (or BREACHREPORT_MASTER_KEY) that holds it."
            ) from None

    # -- serialisation -------------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": KEYRING_FORMAT,
                "active": self.active_id,
                "master_keys": [
                    {
                        "id": k.id,
                        "key": base64.b64encode(k.key).decode("ascii"),
                        "created": k.created.isoformat() if k.created else None,
                    }
                    for k in self.master_keys.values()
                ],
                "audit_key": base64.b64encode(self.audit_key).decode("ascii"),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise MasterKeyError("The key ring is not valid JSON.") from None
        if not isinstance(data, dict) or data.get("format") != KEYRING_FORMAT:
            raise MasterKeyError(f"The key ring is not in the {KEYRING_FORMAT} format.")
        entries = data.get("master_keys")
        if not isinstance(entries, list) or not entries:
            raise MasterKeyError("The key ring holds no master keys.")
        keys: dict[str, MasterKey] = {}
        for entry in entries:
            if not isinstance(entry, dict):
                raise MasterKeyError("A master key entry in the key ring is not an object.")
            key = _decode_key(entry.get("key"), "a master key")
            key_id = derive_key_id(key)
            if entry.get("id") != key_id:
                raise MasterKeyError("A master key in the key ring does not match its id.")
            keys[key_id] = MasterKey(key_id, key, _parse_created(entry.get("created")))
        active = data.get("active")
        if active not in keys:
            raise MasterKeyError("The key ring's active key is not among its master keys.")
        return cls(keys, active, _decode_key(data.get("audit_key"), "the audit key"))

    @classmethod
    def from_env_value(cls, value: str) -> KeyRing:
        """Key ring JSON, or one bare base64 master key (the audit key is then derived from it)."""
        value = value.strip()
        if value.startswith("{"):
            return cls.from_json(value)
        key = _decode_key(value, "the master key")
        audit_key = HKDF(
            algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_AUDIT_INFO
        ).derive(key)
        master = MasterKey(derive_key_id(key), key)
        return cls({master.id: master}, master.id, audit_key)

    @classmethod
    def load_file(cls, path: str | os.PathLike[str]) -> KeyRing:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise MasterKeyError(f"No key file at {path}.") from None
        except (OSError, UnicodeDecodeError) as error:
            raise MasterKeyError(
                f"The key file {path} cannot be read ({type(error).__name__})."
            ) from None
        if not text.strip():
            raise MasterKeyError(
                f"The master key file {path} is empty; restore it from its backup (a new key cannot "
                "open what the old one sealed)."
            )
        try:
            return cls.from_env_value(text)
        except MasterKeyError as error:
            raise MasterKeyError(f"The master key file {path} is not usable: {error}") from None

    def save_file(self, path: str | os.PathLike[str]) -> None:
        """Write the ring atomically, readable by the owner only (mode 0600 from the first byte)."""
        target = Path(path)
        private_folder(target.parent, tighten=False)  # a folder made for it is 0700
        # 0600 from creation: the key is never, even briefly, in a file others could open.
        write_private_bytes(target, (self.to_json() + "\n").encode("utf-8"))


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _decode_key(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise MasterKeyError(f"The key ring lacks {what} (expected a base64 text).")
    text = "".join(value.split())
    text = text.replace("-", "+").replace("_", "/")  # accept urlsafe and standard alphabets
    text += "=" * (-len(text) % 4)
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise MasterKeyError(f"{what.capitalize()} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise MasterKeyError(
            f"{what.capitalize()} must be {KEY_BYTES} bytes of base64, not {len(key)} bytes."
        )
    return key


def _parse_created(value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise MasterKeyError("A master key's 'created' is not an ISO date and time.") from None
