"""Keys and envelope encryption: the key ring, data keys wrapped by master keys, sealed blobs, audit MACs.

Never writes key material anywhere except the key file, and never puts it (or plaintext) in messages.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from breachreport.errors import IntegrityError, MasterKeyError
from breachreport.private_files import write_private_bytes

KEY_BYTES = 32
KEYRING_FORMAT = "breachreport-keyring/1"
GENESIS_MAC = "0" * 64
_BLOB_VERSION = b"\x01"
_NONCE_BYTES = 12
_AUDIT_INFO = b"breachreport audit key v1"
_AUDIT_CHECK = b"breachreport audit key check"


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
        target.parent.mkdir(parents=True, exist_ok=True)
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


# -- envelope encryption -------------------------------------------------------------------------


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _data_key_aad(data_key_id: str, master_key_id: str) -> bytes:
    return f"data_key|{data_key_id}|{master_key_id}|v1".encode()


def wrap_data_key(ring: KeyRing, data_key: bytes, data_key_id: str) -> tuple[str, bytes]:
    """Encrypt a data key under the ring's active master key; returns (master key id, wrapped)."""
    master = ring.active
    return master.id, _encrypt(master.key, data_key, _data_key_aad(data_key_id, master.id))


def unwrap_data_key(ring: KeyRing, master_key_id: str, data_key_id: str, wrapped: bytes) -> bytes:
    master = ring.master_key(master_key_id)
    try:
        return _decrypt(master.key, wrapped, _data_key_aad(data_key_id, master_key_id))
    except IntegrityError:
        raise IntegrityError(f"Data key {data_key_id} failed its integrity check.") from None


def rewrap_data_key(
    ring: KeyRing, master_key_id: str, data_key_id: str, wrapped: bytes
) -> tuple[str, bytes]:
    """The same data key, wrapped anew under the ring's active master key (rotation)."""
    return wrap_data_key(
        ring, unwrap_data_key(ring, master_key_id, data_key_id, wrapped), data_key_id
    )


def seal(data_key: bytes, plaintext: bytes, *, place: str) -> bytes:
    """Encrypt ``plaintext`` bound to ``place`` ("table/column/row-id")."""
    return _encrypt(data_key, plaintext, _place_aad(place))


def unseal(data_key: bytes, blob: bytes, *, place: str) -> bytes:
    """Decrypt a blob sealed for ``place``; IntegrityError if altered or moved from elsewhere."""
    try:
        return _decrypt(data_key, blob, _place_aad(place))
    except IntegrityError:
        raise IntegrityError(f"The sealed value at {place} failed its integrity check.") from None


def _place_aad(place: str) -> bytes:
    return b"breachreport|v1|" + place.encode("utf-8")


def _encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return _BLOB_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise IntegrityError("A sealed value is not bytes.")
    blob = bytes(blob)
    if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _BLOB_VERSION:
        raise IntegrityError("A sealed value has an unknown format.")
    try:
        return AESGCM(key).decrypt(blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :], aad)
    except InvalidTag:
        raise IntegrityError("A sealed value failed its integrity check.") from None


class DataKeyCache:
    """Unwrapped data keys in memory (LRU), so listing thousands of incidents unwraps each once.

    Keyed by the wrapped bytes too, so a re-wrapped or tampered row never hits a stale entry.
    """

    def __init__(self, ring: KeyRing, maxsize: int = 16384) -> None:
        self.ring = ring
        self.maxsize = maxsize
        self._keys: OrderedDict[tuple[str, str, bytes], bytes] = OrderedDict()
        self._lock = threading.Lock()  # one store serves many threads (Streamlit sessions)

    def unwrap(self, master_key_id: str, data_key_id: str, wrapped: bytes) -> bytes:
        ident = (data_key_id, master_key_id, hashlib.sha256(wrapped).digest())
        with self._lock:
            key = self._keys.get(ident)
            if key is not None:
                self._keys.move_to_end(ident)
                return key
        key = unwrap_data_key(self.ring, master_key_id, data_key_id, wrapped)
        with self._lock:
            self._keys[ident] = key
            if len(self._keys) > self.maxsize:
                self._keys.popitem(last=False)
        return key

    def forget(self, data_key_id: str) -> None:
        """Drop a data key from memory, e.g. once it has been shredded."""
        with self._lock:
            for ident in [i for i in self._keys if i[0] == data_key_id]:
                del self._keys[ident]

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()


# -- audit MACs ----------------------------------------------------------------------------------


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


# -- backup files --------------------------------------------------------------------------------

_BACKUP_INFO = b"breachreport backup file key v1"
# scrypt with N = 2**17 and r = 8: 128 MiB and about half a second for each passphrase tried.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**17, 8, 1


def backup_file_key(master: MasterKey, salt: bytes, passphrase: str | None = None) -> bytes:
    """The key that seals one backup file: from the master key (and the passphrase, if given,
    so that then both are needed), with the file's random salt, so no two files share a key."""
    material = master.key
    if passphrase is not None:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        stretched = Scrypt(salt=salt, length=KEY_BYTES, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
        material += stretched.derive(passphrase.encode("utf-8"))
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=_BACKUP_INFO).derive(
        material
    )


def _chunk_nonce(index: int, last: bool) -> bytes:
    # A counter and an end mark: chunks cannot be reordered, dropped, or the file cut short.
    return index.to_bytes(_NONCE_BYTES - 1, "big") + (b"\x01" if last else b"\x00")


def seal_chunk(key: bytes, index: int, data: bytes, *, last: bool, header: bytes) -> bytes:
    """Chunk ``index`` of a backup file, bound to the file's header (the key is unique per file)."""
    return AESGCM(key).encrypt(_chunk_nonce(index, last), data, header)


def open_chunk(key: bytes, index: int, blob: bytes, *, last: bool, header: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(_chunk_nonce(index, last), blob, header)
    except InvalidTag:
        raise IntegrityError(
            "The backup file failed its integrity check (altered, cut short, or sealed with "
            "another key or passphrase)."
        ) from None
