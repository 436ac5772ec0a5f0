"""Envelope encryption: each incident's data key wrapped by a master key of the ring, and values
sealed with the data key, each bound to its place so a blob moved elsewhere fails to open.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from breachreport.crypto.keyring import KEY_BYTES, KeyRing
from breachreport.errors import IntegrityError

_BLOB_VERSION = b"\x01"
_NONCE_BYTES = 12


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
