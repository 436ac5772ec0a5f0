"""Signed supplier bulletins: the supplier's Ed25519 key, its public key as one line of text and
its fingerprint as SSH shows it, signing one part per customer, splitting a signed file into one
file per customer, and verifying the part meant for one organisation.

Each part is one customer's view of the bulletin (``domain.bulletin.customer_view``) signed on its
own, so a customer's file holds no other customer's name or numbers and still verifies. The
signature is over the part's canonical bytes (sorted keys, compact separators, UTF-8); a changed
byte anywhere in a file written by ``signed_file_bytes`` is refused. Signature checks are the
``cryptography`` package's (constant time). The private key is written 0600 and never overwritten.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.bindings import crypto_core_ed25519_is_valid_point
from pydantic import ValidationError

from breachreport.crypto.bulletin_json import BulletinRefused, is_fingerprint, load
from breachreport.domain.bulletin import (
    BULLETIN_FORMAT,
    SIGNED_FORMAT,
    Bulletin,
    canonical_bytes,
    canonical_json,
    customer_view,
    labelled_problems,
    normal_org_number,
    time_problems,
)
from breachreport.domain.problems import problems_from
from breachreport.domain.times import utc_now
from breachreport.errors import FactsInvalid, InputError
from breachreport.i18n import _
from breachreport.private_files import create_private_file, private_folder, write_private_bytes

ALGORITHM = "Ed25519"
KEY_TYPE = "breachreport-ed25519"
# The public key's blob is the one SSH uses, so that the fingerprint is the one ssh-keygen shows.
_SSH_TYPE = b"ssh-ed25519"
SIGNATURE_BYTES = 64
__all__ = [
    "ALGORITHM",
    "KEY_TYPE",
    "BulletinInvalid",
    "BulletinRefused",
    "Verified",
    "fingerprint",
    "generate_key",
    "load_private_key",
    "parse_public_key",
    "public_key_text",
    "save_private_key",
    "sign",
    "signed_file_bytes",
    "split",
    "verify",
]


class BulletinInvalid(BulletinRefused, FactsInvalid):
    """A signed bulletin whose answers break the format's rules: one line per problem, each naming
    the answer (its label and its path) and the rule, never the text around it."""

    headline = _("The signed bulletin is not valid")


@dataclass(frozen=True)
class Verified:
    """What ``verify_part`` accepted: the bulletin, the fingerprint that signed it, and the part
    of the file it was read from (exactly the signed part, nothing beside it)."""

    bulletin: Bulletin
    key_id: str
    part: dict[str, Any]


# -- keys --------------------------------------------------------------------------------------


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def save_private_key(path: str | os.PathLike[str], key: Ed25519PrivateKey) -> None:
    """Write the key as PEM (PKCS #8), readable by its owner only (0600 from the first byte).
    An existing file is never overwritten: its key may have signed bulletins already."""
    target = Path(path)
    private_folder(target.parent, tighten=False)
    if not create_private_file(target):  # claims the name; refuses if anything is there
        raise InputError(
            _(
                "A bulletin signing key already exists at {path}; it is kept, not overwritten.",
                path=str(target),
            )
        )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        write_private_bytes(target, pem)
    except BaseException:
        target.unlink(missing_ok=True)  # the empty file claimed above, never a key
        raise


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    target = Path(path)
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise InputError(
            _(
                "There is no bulletin signing key at {path}; create one with "
                "'breachreport bulletin init-key'.",
                path=str(target),
            )
        ) from None
    except OSError as error:
        raise InputError(
            _(
                "The bulletin signing key {path} cannot be read ({error}).",
                path=str(target),
                error=type(error).__name__,
            )
        ) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(
            _("The file {path} is not a bulletin signing key (Ed25519, PEM).", path=str(target))
        )
    return key


def _public(key: Ed25519PrivateKey | Ed25519PublicKey) -> Ed25519PublicKey:
    return key.public_key() if isinstance(key, Ed25519PrivateKey) else key


def _blob(key: Ed25519PublicKey) -> bytes:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _ssh_string(_SSH_TYPE) + _ssh_string(raw)


def _ssh_string(value: bytes) -> bytes:
    return len(value).to_bytes(4, "big") + value


def is_weak_key(raw: bytes) -> bool:
    """True if the 32 bytes are no real Ed25519 public key: not a point written in its one way, or
    a point of small order (the neutral point, orders two, four, eight) or outside the main
    subgroup. Under the neutral point a signature of zeros verifies for every message, and
    ``cryptography`` (OpenSSL) takes such a key, so it is refused before it is registered. The
    check is libsodium's (PyNaCl), not curve arithmetic of our own."""
    return len(raw) != 32 or not crypto_core_ed25519_is_valid_point(bytes(raw))


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey, comment: str | None = None) -> str:
    """The public key as one line for the customers: ``breachreport-ed25519 AAAA... Supplier AB``."""
    text = f"{KEY_TYPE} {base64.b64encode(_blob(_public(key))).decode('ascii')}"
    comment = " ".join((comment or "").split())
    return f"{text} {comment}" if comment else text


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key from its line (a trailing comment is ignored); InputError if it is none."""
    refused = InputError(
        _("This is not a bulletin public key (a line beginning 'breachreport-ed25519 AAAA').")
    )
    if not isinstance(text, str):
        raise refused
    text = text.strip()
    if len(text.splitlines()) > 1:  # a second key after the first would be dropped unseen
        raise InputError(_("A public key is one line; this text holds several."))
    fields = text.split(maxsplit=2)
    if len(fields) < 2 or fields[0] not in (KEY_TYPE, _SSH_TYPE.decode()):
        raise refused
    try:
        blob = base64.b64decode(fields[1], validate=True)
    except (binascii.Error, ValueError):
        raise refused from None
    raw = blob[len(_ssh_string(_SSH_TYPE)) + 4 :]
    if len(raw) != 32 or blob != _ssh_string(_SSH_TYPE) + _ssh_string(raw):
        raise refused
    if is_weak_key(raw):
        raise InputError(
            _(
                "This public key is no real key (a point of small order): anyone could sign "
                "bulletins that verify under it. Ask the supplier for its key again."
            )
        )
    return Ed25519PublicKey.from_public_bytes(raw)


def fingerprint(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """``SHA256:`` and the base64 of the key's SHA-256 without padding, as ``ssh-keygen -l``."""
    digest = hashlib.sha256(_blob(_public(key))).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


# -- signing -----------------------------------------------------------------------------------


def sign(bulletin: Bulletin, private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """The signed file: one part per customer, each that customer's view signed on its own.
    BulletinInvalid for a time its customers' import would refuse (ahead, or before the start)."""
    if problems := time_problems(bulletin, utc_now()):
        raise BulletinInvalid(problems)
    key_id = fingerprint(private_key)
    parts = []
    for customer in bulletin.customers:
        view = customer_view(bulletin, customer.org_number)
        signature = private_key.sign(canonical_bytes(view))
        parts.append(
            {
                "bulletin": view.model_dump(mode="json"),
                "signature": {
                    "algorithm": ALGORITHM,
                    "key": key_id,
                    "value": base64.b64encode(signature).decode("ascii"),
                },
            }
        )
    return {"format": SIGNED_FORMAT, "parts": parts}


def signed_file_bytes(signed: Mapping[str, Any]) -> bytes:
    """A signed file as it is written: canonical JSON, no spaces, no newline, so that every
    byte of it is covered by a signature or by the structure around the signatures."""
    return canonical_json(dict(signed))


def split(signed: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Org number -> a signed file holding that customer's part only (no key needed)."""
    files: dict[str, dict[str, Any]] = {}
    for part in _parts(signed):
        org_number = _part_org_number(part)
        if org_number is None or org_number in files:
            raise BulletinRefused(
                _("A signed bulletin must hold exactly one part for each customer.")
            )
        files[org_number] = {"format": SIGNED_FORMAT, "parts": [part]}
    return files


# -- verifying ---------------------------------------------------------------------------------


def _parts(signed: Any) -> list[dict[str, Any]]:
    if not isinstance(signed, Mapping):
        raise BulletinRefused(_("The file is not a signed bulletin."))
    if signed.get("format") == BULLETIN_FORMAT:
        raise BulletinRefused(
            _("The bulletin is not signed; ask the supplier for the signed file.")
        )
    parts = signed.get("parts")
    if (
        set(signed) != {"format", "parts"}
        or signed.get("format") != SIGNED_FORMAT
        or not isinstance(parts, list)
        or not parts
        or not all(
            isinstance(part, dict) and set(part) == {"bulletin", "signature"} for part in parts
        )
    ):
        raise BulletinRefused(
            _("The file is not a signed bulletin in the {format} format.", format=SIGNED_FORMAT)
        )
    return parts


def _part_org_number(part: Mapping[str, Any]) -> str | None:
    """The org number of the one customer a part is for; None if it is not exactly one."""
    bulletin = part.get("bulletin")
    customers = bulletin.get("customers") if isinstance(bulletin, dict) else None
    if not isinstance(customers, list) or len(customers) != 1:
        return None
    customer = customers[0]
    number = customer.get("org_number") if isinstance(customer, dict) else None
    if not isinstance(number, str):
        return None
    try:
        return normal_org_number(number)
    except InputError:
        return None


def _signature(part: Mapping[str, Any]) -> tuple[str, bytes]:
    signature = part["signature"]
    refused = BulletinRefused(_("The bulletin's signature is not an Ed25519 signature."))
    if not isinstance(signature, dict) or set(signature) != {"algorithm", "key", "value"}:
        raise refused
    key_id, value = signature["key"], signature["value"]
    if signature["algorithm"] != ALGORITHM or not isinstance(key_id, str):
        raise refused
    if not is_fingerprint(key_id):
        raise refused
    if not isinstance(value, str) or not value.isascii():
        raise refused
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise refused from None
    # Only the one way of writing these bytes: base64 has spare bits a forger could flip.
    if len(raw) != SIGNATURE_BYTES or base64.b64encode(raw).decode("ascii") != value:
        raise refused
    return key_id, raw


def verify(data: bytes, public_keys: Mapping[str, Ed25519PublicKey], org_number: str) -> Bulletin:
    """The part of a signed file meant for ``org_number``, its signature checked against the
    registered keys (fingerprint -> key). Parts for other customers may be in the file; they are
    not read. BulletinRefused, one line, for anything else."""
    return verify_part(data, public_keys, org_number).bulletin


def verify_part(
    data: bytes, public_keys: Mapping[str, Ed25519PublicKey], org_number: str
) -> Verified:
    """``verify``, with the fingerprint that signed the part and the part itself: whoever keeps
    the part or names its signer must take these, not look for the part in the file again (a
    part beside it, unsigned, could claim another key or say something else)."""
    wanted = normal_org_number(org_number)
    parts = _parts(load(data))
    own = [part for part in parts if _part_org_number(part) == wanted]
    if not own:
        raise BulletinRefused(
            _(
                "The bulletin holds no part for this organisation ({org_number}); it is meant "
                "for another customer.",
                org_number=wanted,
            )
        )
    if len(own) > 1:
        raise BulletinRefused(
            _("The bulletin holds more than one part for {org_number}.", org_number=wanted)
        )
    part = own[0]
    key_id, signature = _signature(part)
    key = public_keys.get(key_id)
    if key is None:
        raise BulletinRefused(
            _(
                "The bulletin is signed with a key that is not registered here "
                "(fingerprint {fingerprint}); add the supplier's public key first.",
                fingerprint=key_id,
            )
        )
    signed_bytes = canonical_json(part["bulletin"])
    try:
        key.verify(signature, signed_bytes)
    except InvalidSignature:
        raise BulletinRefused(
            _(
                "The bulletin's signature does not match its content: it was changed after "
                "signing, or not signed with the key {fingerprint}.",
                fingerprint=key_id,
            )
        ) from None
    try:
        bulletin = Bulletin.model_validate_json(signed_bytes, strict=True)
    except ValidationError as error:
        raise BulletinInvalid(labelled_problems(problems_from(error))) from None
    return Verified(bulletin=bulletin, key_id=key_id, part=part)
