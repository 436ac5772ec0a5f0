"""The backup file cipher: a key per file (from the master key, and the passphrase if one is given)
and chunks sealed in order, so a file cannot be reordered, cut short or opened with another key.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from breachreport.crypto.keyring import KEY_BYTES, MasterKey
from breachreport.errors import IntegrityError

_NONCE_BYTES = 12
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
