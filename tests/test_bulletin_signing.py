"""Signed supplier bulletins (issue 19): the supplier's key and its fingerprint, one signed part per
customer, splitting, and the refusals a controller relies on: a changed byte, another key, a part
for another customer, a file that is not a signed bulletin. The second scenario's bulletins.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import subprocess

import jsonschema
import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachreport.crypto.bulletin_signing import (
    BulletinRefused,
    fingerprint,
    generate_key,
    load_private_key,
    parse_public_key,
    public_key_text,
    save_private_key,
    sign,
    signed_file_bytes,
    split,
    verify,
)
from breachreport.domain.bulletin import canonical_bytes, example_bulletin, signed_schema
from breachreport.domain.bulletin_example import CUSTOMERS, EKEBY, SJOHAMRA, VASTMARK
from breachreport.errors import InputError

SUPPLIER_KEY = generate_key()
KEYS = {fingerprint(SUPPLIER_KEY): SUPPLIER_KEY.public_key()}
SIGNED = sign(example_bulletin(3), SUPPLIER_KEY)
PARTS = {org: signed_file_bytes(signed) for org, signed in split(SIGNED).items()}
WHOLE = signed_file_bytes(SIGNED)


def _refusal(data: bytes, org: str = VASTMARK[0], keys=KEYS) -> str:
    with pytest.raises(BulletinRefused) as caught:
        verify(data, keys, org)
    text = str(caught.value)
    assert "\n" not in text
    return text


def test_a_signed_part_verifies_and_is_that_customers_view():
    for org, name, _sector in CUSTOMERS:
        bulletin = verify(WHOLE, KEYS, org)
        assert [(p.org_number, p.name) for p in bulletin.customers] == [(org, name)]
        assert bulletin.version == 3 and bulletin.supplier.name == "Personalrum Nord AB"
    region = verify(PARTS[VASTMARK[0]], KEYS, VASTMARK[0].replace("-", ""))
    assert region.customers[0].protected_identities == 40
    assert region.customers[0].subjects_count.value == 28114


def test_the_signed_file_follows_its_schema():
    validator = jsonschema.Draft202012Validator(signed_schema())
    validator.validate(json.loads(WHOLE))
    for data in PARTS.values():
        validator.validate(json.loads(data))
    assert [part["signature"]["algorithm"] for part in SIGNED["parts"]] == ["Ed25519"] * 3
    assert {part["signature"]["key"] for part in SIGNED["parts"]} == set(KEYS)


def test_split_files_each_verify_and_hold_only_their_customer():
    assert set(PARTS) == {org for org, _name, _sector in CUSTOMERS}
    for org, data in PARTS.items():
        assert len(json.loads(data)["parts"]) == 1
        assert verify(data, KEYS, org).customers[0].org_number == org
        text = data.decode("utf-8")
        for number, name, _sector in CUSTOMERS:
            if number != org:
                assert number not in text and name not in text
    # Ekeby's file holds none of the others' numbers of people.
    ekeby = PARTS[EKEBY[0]].decode()
    assert "2412" in ekeby and "6873" not in ekeby and "28114" not in ekeby


def test_another_customers_part_is_refused_and_names_the_organisation():
    text = _refusal(PARTS[SJOHAMRA[0]], org=VASTMARK[0])
    assert "232100-9900" in text and "another customer" in text


def test_a_whole_file_is_fine_and_only_the_own_part_is_read():
    signed = json.loads(WHOLE)
    signed["parts"][1]["bulletin"]["customers"][0]["subjects_count"]["value"] = 1
    signed["parts"][1]["signature"]["value"] = "broken"
    data = signed_file_bytes(signed)
    assert verify(data, KEYS, VASTMARK[0]).customers[0].subjects_count.value == 28114
    assert "signature" in _refusal(data, org=SJOHAMRA[0])


def test_a_changed_byte_anywhere_in_a_part_is_refused():
    data = PARTS[EKEBY[0]]
    for index in range(len(data)):
        changed = bytearray(data)
        changed[index] ^= 0x20
        with pytest.raises(BulletinRefused):
            verify(bytes(changed), KEYS, EKEBY[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_any_single_changed_byte_is_refused(position, value):
    data = PARTS[SJOHAMRA[0]]
    position %= len(data)
    if data[position] == value:
        value ^= 0xFF
    changed = bytearray(data)
    changed[position] = value
    with pytest.raises(BulletinRefused):
        verify(bytes(changed), KEYS, SJOHAMRA[0])


def test_a_changed_count_or_a_spare_bit_of_the_signature_is_refused():
    data = PARTS[VASTMARK[0]]
    assert "does not match its content" in _refusal(data.replace(b"28114", b"2811"))
    signed = json.loads(data)
    value = signed["parts"][0]["signature"]["value"]
    raw = base64.b64decode(value)
    # The last character before "==" carries four spare bits: a different text, the same bytes.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet.index(value[-3])
    twin = value[:-3] + alphabet[last ^ 1] + "=="
    assert base64.b64decode(twin) == raw and twin != value
    signed["parts"][0]["signature"]["value"] = twin
    assert "not an Ed25519 signature" in _refusal(signed_file_bytes(signed))


def test_another_key_is_refused_with_its_fingerprint():
    forger = generate_key()
    forged = signed_file_bytes(sign(example_bulletin(3), forger))
    text = _refusal(forged)
    assert fingerprint(forger) in text and "not registered" in text
    # Signed by the forger but claiming the supplier's fingerprint: the signature does not match.
    claimed = json.loads(forged)
    for part in claimed["parts"]:
        part["signature"]["key"] = fingerprint(SUPPLIER_KEY)
    assert "does not match" in _refusal(signed_file_bytes(claimed))
    # The supplier's file against a registry that knows only the forger.
    assert "not registered" in _refusal(WHOLE, keys={fingerprint(forger): forger.public_key()})


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\xff\xfe not json", "not JSON"),
        (b'{"format": "breachreport-signed-bulletin/1", "parts": [1,2', "not JSON"),
        (b'{"a": 1, "a": 2}', "not JSON"),
        (b'{"format": "breachreport-signed-bulletin/1", "parts": NaN}', "not JSON"),
        (b"[]", "not a signed bulletin"),
        (b'{"format": "breachreport-signed-bulletin/2", "parts": []}', "format"),
        (canonical_bytes(example_bulletin(1)), "not signed"),
    ],
)
def test_what_is_not_a_signed_bulletin_is_refused_in_one_line(data, why):
    assert why in _refusal(data)


def test_a_part_with_two_customers_is_not_read():
    signed = json.loads(PARTS[EKEBY[0]])
    other = json.loads(PARTS[SJOHAMRA[0]])["parts"][0]["bulletin"]["customers"][0]
    signed["parts"][0]["bulletin"]["customers"].append(other)
    assert "no part" in _refusal(signed_file_bytes(signed), org=EKEBY[0])
    with pytest.raises(BulletinRefused):
        split(signed)


def test_the_public_key_is_one_line_and_its_fingerprint_is_the_ssh_one(tmp_path):
    text = public_key_text(SUPPLIER_KEY, "Personalrum Nord AB")
    assert "\n" not in text
    assert text.startswith("breachreport-ed25519 AAAAC3NzaC1lZDI1NTE5")
    assert text.endswith(" Personalrum Nord AB")
    assert fingerprint(parse_public_key(text)) == fingerprint(SUPPLIER_KEY)
    openssh = SUPPLIER_KEY.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    blob = base64.b64decode(openssh.split()[1])
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    assert fingerprint(SUPPLIER_KEY) == f"SHA256:{digest}"
    path = tmp_path / "supplier.pub"
    path.write_bytes(openssh + b" supplier\n")
    try:
        shown = subprocess.run(
            ["ssh-keygen", "-l", "-f", str(path)], capture_output=True, text=True, check=True
        ).stdout
    except (FileNotFoundError, subprocess.CalledProcessError):
        shown = f"256 SHA256:{digest} supplier (ED25519)"
    assert fingerprint(SUPPLIER_KEY) in shown
    for bad in ["", "breachreport-ed25519", "breachreport-ed25519 AAAA", "ssh-rsa AAAAB3Nza x"]:
        with pytest.raises(InputError):
            parse_public_key(bad)


def test_the_private_key_is_0600_and_never_overwritten(tmp_path):
    path = tmp_path / "keys" / "bulletin-signing.key"
    key = generate_key()
    save_private_key(path, key)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    before = path.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        save_private_key(path, generate_key())
    assert path.read_bytes() == before
    assert fingerprint(load_private_key(path)) == fingerprint(key)
    assert sorted(p.name for p in path.parent.iterdir()) == ["bulletin-signing.key"]
    with pytest.raises(InputError, match="init-key"):
        load_private_key(tmp_path / "missing.key")
    (tmp_path / "other.key").write_text("not a key")
    with pytest.raises(InputError, match="not a bulletin signing key"):
        load_private_key(tmp_path / "other.key")
