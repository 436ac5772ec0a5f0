"""A supplier's bulletin signing key, kept in the install (``BREACHREPORT_BULLETIN_KEY_FILE``,
by default the data folder), and what the command line and the screens do with it: make it, show
its public half, sign a bulletin, split a signed file per customer and check a signature.

The command line and the screens import no keys (pyproject's import contracts); they reach
``crypto.bulletin_signing`` through here, as they reach the key ring through ``runtime.home``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from breachreport.crypto import bulletin_json
from breachreport.crypto import bulletin_signing as signing
from breachreport.errors import InputError
from breachreport.i18n import _
from breachreport.private_files import private_folder

if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    from breachreport.domain.bulletin import Bulletin
    from breachreport.settings import Settings

BulletinRefused = signing.BulletinRefused


def key_path(settings: Settings) -> Path:
    return settings.resolved_bulletin_key_file


def create_key(settings: Settings) -> str:
    """A new signing key at the install's key file (mode 0600); its fingerprint. InputError if a
    key is there already: a supplier's customers know it by its fingerprint."""
    path = key_path(settings)
    if path.exists():
        raise InputError(
            _(
                "A signing key exists already at {path}; it is kept (your customers know it by "
                "its fingerprint). Move it away first to make a new one.",
                path=str(path),
            )
        )
    private_folder(path.parent, tighten=False)
    key = signing.generate_key()
    signing.save_private_key(path, key)
    return signing.fingerprint(key.public_key())


def own_key(settings: Settings) -> Ed25519PrivateKey:
    """The install's signing key; InputError saying how to make one if there is none."""
    path = key_path(settings)
    if not path.is_file():
        raise InputError(
            _(
                "No signing key at {path}; make one with 'breachreport bulletin init-key'.",
                path=str(path),
            )
        )
    return signing.load_private_key(path)


def own_public_key(settings: Settings) -> Ed25519PublicKey | None:
    """The public half of the install's key, or None when it has none."""
    return own_key(settings).public_key() if key_path(settings).is_file() else None


def public_key_text(settings: Settings, name: str | None = None) -> str:
    """The one line a supplier gives its customers, ending in its name when given."""
    return signing.public_key_text(own_key(settings), name)


def fingerprint(key: Ed25519PublicKey) -> str:
    return signing.fingerprint(key)


def fingerprint_of(text: str) -> str:
    """The fingerprint of a public key's one line; BulletinRefused if it is not one."""
    return signing.fingerprint(signing.parse_public_key(text))


def sign_bulletin(settings: Settings, bulletin: Bulletin) -> dict[str, Any]:
    """The signed file: one part per customer, each signed with the install's key."""
    return signing.sign(bulletin, own_key(settings))


def signed_bytes(signed: Mapping[str, Any]) -> bytes:
    """A signed file (or one customer's part) as it is written: canonical JSON."""
    return signing.signed_file_bytes(signed)


def split_signed(signed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Organisation number -> a signed file holding only that customer's part."""
    return signing.split(signed)


def load_json(data: bytes) -> Any:
    """A bulletin file's JSON, read as the import reads it (UTF-8, no key twice, no NaN, not
    too deep); BulletinRefused in one line otherwise."""
    return bulletin_json.load(data)


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key from its one line; BulletinRefused if it is not one."""
    return signing.parse_public_key(text)


@dataclass(frozen=True)
class Checked:
    """One part of a signed file: its bulletin as the part says it (None if unreadable), its
    customer's organisation number, the fingerprint it claims, and why its signature does not
    check against the keys given (None: it checks)."""

    org_number: str
    bulletin: Bulletin | None
    key: str  # "" if the part names no fingerprint (then it is never repeated)
    refused: InputError | None


def check_parts(
    signed: dict[str, Any], data: bytes, keys: Mapping[str, Ed25519PublicKey]
) -> list[Checked]:
    """Each part of ``signed`` (as read from ``data``) checked against ``keys`` (fingerprint ->
    key). A part's bulletin is read as strictly as the import reads it."""
    from breachreport.domain.bulletin import Bulletin, canonical_json

    found = []
    for part in signed.get("parts") or []:
        part = part if isinstance(part, dict) else {}
        signature = part.get("signature")
        claimed = signature.get("key") if isinstance(signature, dict) else None
        claimed = claimed if bulletin_json.is_fingerprint(claimed) else ""
        try:
            bulletin = Bulletin.model_validate_json(
                canonical_json(part.get("bulletin")), strict=True
            )
        except ValueError:
            bulletin = None
        customers = bulletin.customers if bulletin is not None else []
        org_number = customers[0].org_number if len(customers) == 1 else ""
        refused = None
        try:
            signing.verify(data, keys, org_number)
        except InputError as error:  # BulletinRefused, or an org number that is none
            refused = error
        found.append(Checked(org_number, bulletin, claimed, refused))
    return found
