"""Keys and encryption, one module per concept: the key ring (``keyring``), envelope encryption
with data keys and sealed values (``envelope``), audit MACs (``audit_mac``) and the backup file
cipher (``backup_cipher``).

The names callers use are re-exported here, so ``from breachreport.crypto import KeyRing`` works
from outside the package. The modules inside never import through this file: each imports its
siblings directly, so the package has no cycle through its ``__init__``.
"""

from __future__ import annotations

from breachreport.crypto.audit_mac import (
    GENESIS_MAC,
    audit_key_check,
    canonical_json,
    chain_mac,
    macs_equal,
    record_mac,
)
from breachreport.crypto.backup_cipher import backup_file_key, open_chunk, seal_chunk
from breachreport.crypto.envelope import (
    DataKeyCache,
    new_data_key,
    rewrap_data_key,
    seal,
    unseal,
    unwrap_data_key,
    wrap_data_key,
)
from breachreport.crypto.keyring import KEY_BYTES, KEYRING_FORMAT, KeyRing, MasterKey, derive_key_id

__all__ = [
    "GENESIS_MAC",
    "KEYRING_FORMAT",
    "KEY_BYTES",
    "DataKeyCache",
    "KeyRing",
    "MasterKey",
    "audit_key_check",
    "backup_file_key",
    "canonical_json",
    "chain_mac",
    "derive_key_id",
    "macs_equal",
    "new_data_key",
    "open_chunk",
    "record_mac",
    "rewrap_data_key",
    "seal",
    "seal_chunk",
    "unseal",
    "unwrap_data_key",
    "wrap_data_key",
]
