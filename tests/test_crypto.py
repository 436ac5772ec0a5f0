"""Key ring, envelope encryption, sealed blobs and audit MACs (no database)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat

import pytest

from breachreport import crypto
from breachreport.crypto import (
    GENESIS_MAC,
    DataKeyCache,
    KeyRing,
    chain_mac,
    envelope,
    new_data_key,
    seal,
    unseal,
    unwrap_data_key,
    wrap_data_key,
)
from breachreport.errors import IntegrityError, MasterKeyError

KEY = bytes(range(32))


def ring_json(**overrides) -> str:
    data = {
        "format": "breachreport-keyring/1",
        "active": crypto.derive_key_id(KEY),
        "master_keys": [{"id": crypto.derive_key_id(KEY), "key": base64.b64encode(KEY).decode()}],
        "audit_key": base64.b64encode(b"a" * 32).decode(),
    }
    data.update(overrides)
    return json.dumps(data)


def test_master_key_id_is_derived_from_the_key():
    expected = "mk-" + hashlib.sha256(KEY).hexdigest()[:16]
    assert crypto.derive_key_id(KEY) == expected
    assert KeyRing.from_env_value(base64.b64encode(KEY).decode()).active_id == expected


def test_saved_key_file_is_private_and_loads_back(tmp_path):
    ring = KeyRing.generate()
    path = tmp_path / "keys" / "master.key"
    ring.save_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = KeyRing.load_file(path)
    assert loaded.active_id == ring.active_id
    assert loaded.active.key == ring.active.key
    assert loaded.audit_key == ring.audit_key
    assert json.loads(path.read_text())["format"] == "breachreport-keyring/1"


def test_saving_over_a_readable_file_leaves_a_private_file_and_no_temp_files(tmp_path):
    path = tmp_path / "master.key"
    path.write_text("old")
    os.chmod(path, 0o644)
    KeyRing.generate().save_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["master.key"]


def test_key_material_is_not_in_repr():
    ring = KeyRing.generate()
    text = repr(ring)
    for secret in (ring.active.key, ring.audit_key):
        assert base64.b64encode(secret).decode() not in text
        assert secret.hex() not in text
        assert repr(secret) not in text


@pytest.mark.parametrize(
    "encode",
    [
        base64.b64encode,
        base64.urlsafe_b64encode,
        lambda k: base64.urlsafe_b64encode(k).rstrip(b"="),
        lambda k: base64.b64encode(k) + b"\n",
    ],
    ids=["standard", "urlsafe", "unpadded", "trailing-newline"],
)
def test_a_bare_base64_key_makes_a_ring_with_a_derived_audit_key(encode):
    key = bytes(range(200, 232))
    ring = KeyRing.from_env_value(encode(key).decode())
    assert ring.active.key == key
    assert len(ring.audit_key) == 32
    assert ring.audit_key != key
    # Derived, so the same environment value always gives the same audit key.
    assert KeyRing.from_env_value(base64.b64encode(key).decode()).audit_key == ring.audit_key


def test_the_env_value_may_be_key_ring_json():
    ring = KeyRing.generate()
    assert KeyRing.from_env_value(ring.to_json()).master_keys == ring.master_keys


def test_a_bare_key_file_loads_like_the_env_value(tmp_path):
    path = tmp_path / "bare.key"
    path.write_text(base64.b64encode(KEY).decode() + "\n")
    assert KeyRing.load_file(path).active.key == KEY


SHORT_KEY = base64.b64encode(b"s" * 31).decode()


@pytest.mark.parametrize(
    "value",
    [
        "{not json",
        "[]",
        json.dumps({"format": "something-else/1"}),
        SHORT_KEY,
        "!!!! this is not base64 !!!!",
        "",
        ring_json(master_keys=[]),
        ring_json(
            master_keys=[{"id": "mk-0000000000000000", "key": base64.b64encode(KEY).decode()}]
        ),
        ring_json(master_keys=[{"id": crypto.derive_key_id(KEY), "key": SHORT_KEY}]),
        ring_json(master_keys=["just a string"]),
        ring_json(active="mk-ffffffffffffffff"),
        ring_json(audit_key=SHORT_KEY),
        ring_json(audit_key=None),
    ],
    ids=[
        "bad-json",
        "json-list",
        "wrong-format",
        "short-bare-key",
        "bad-base64",
        "empty",
        "no-master-keys",
        "id-does-not-match-key",
        "short-master-key",
        "entry-not-object",
        "unknown-active",
        "short-audit-key",
        "missing-audit-key",
    ],
)
def test_bad_key_input_is_one_clear_line_without_key_material(value):
    with pytest.raises(MasterKeyError) as caught:
        KeyRing.from_env_value(value)
    message = str(caught.value)
    assert message and "\n" not in message
    for secret in (SHORT_KEY, base64.b64encode(KEY).decode(), base64.b64encode(b"a" * 32).decode()):
        assert secret not in message


def test_a_missing_key_file_is_a_master_key_error(tmp_path):
    with pytest.raises(MasterKeyError, match="No key file"):
        KeyRing.load_file(tmp_path / "absent.key")


def test_a_new_master_key_becomes_active_and_old_data_keys_still_open():
    old = KeyRing.generate()
    data_key = new_data_key()
    old_id, wrapped = wrap_data_key(old, data_key, "dk1")
    new = old.with_new_master_key()
    assert new.active_id != old.active_id
    assert set(new.master_keys) == {old.active_id, new.active_id}
    assert new.audit_key == old.audit_key
    assert unwrap_data_key(new, old_id, "dk1", wrapped) == data_key
    assert wrap_data_key(new, data_key, "dk1")[0] == new.active_id


def test_a_data_key_round_trips_through_wrapping():
    ring = KeyRing.generate()
    data_key = new_data_key()
    master_key_id, wrapped = wrap_data_key(ring, data_key, "dk1")
    assert master_key_id == ring.active_id
    assert data_key not in wrapped
    assert unwrap_data_key(ring, master_key_id, "dk1", wrapped) == data_key


def test_a_data_key_sealed_by_an_unknown_master_key_names_that_key():
    master_key_id, wrapped = wrap_data_key(KeyRing.generate(), new_data_key(), "dk1")
    with pytest.raises(MasterKeyError) as caught:
        unwrap_data_key(KeyRing.generate(), master_key_id, "dk1", wrapped)
    assert master_key_id in str(caught.value)
    assert "not in the configured key ring" in str(caught.value)


def test_a_wrapped_data_key_is_bound_to_its_id_and_bytes():
    ring = KeyRing.generate()
    master_key_id, wrapped = wrap_data_key(ring, new_data_key(), "dk1")
    with pytest.raises(IntegrityError):
        unwrap_data_key(ring, master_key_id, "dk2", wrapped)
    tampered = bytearray(wrapped)
    tampered[-1] ^= 1
    with pytest.raises(IntegrityError):
        unwrap_data_key(ring, master_key_id, "dk1", bytes(tampered))


def test_a_sealed_blob_has_version_nonce_and_tag_and_a_fresh_nonce_each_time():
    key = new_data_key()
    blob = seal(key, b"hello", place="incident/facts_ct/1")
    assert blob[0] == 1
    assert len(blob) == 1 + 12 + len(b"hello") + 16
    assert seal(key, b"hello", place="incident/facts_ct/1") != blob
    assert unseal(key, blob, place="incident/facts_ct/1") == b"hello"


@pytest.mark.parametrize("position", [0, 1, 12, 13, 17, -1], ids=str)
def test_flipping_any_byte_of_a_sealed_blob_is_caught(position):
    key = new_data_key()
    blob = bytearray(seal(key, b"hello", place="t/c/1"))
    blob[position] ^= 0x01
    with pytest.raises(IntegrityError):
        unseal(key, bytes(blob), place="t/c/1")


@pytest.mark.parametrize("other_place", ["t/c/2", "t/other/1", "other/c/1"])
def test_a_sealed_blob_does_not_open_in_another_place(other_place):
    key = new_data_key()
    blob = seal(key, b"hello", place="t/c/1")
    with pytest.raises(IntegrityError) as caught:
        unseal(key, blob, place=other_place)
    assert "hello" not in str(caught.value)


def test_a_sealed_blob_does_not_open_with_another_key():
    blob = seal(new_data_key(), b"hello", place="t/c/1")
    with pytest.raises(IntegrityError):
        unseal(new_data_key(), blob, place="t/c/1")


def test_a_truncated_blob_is_an_integrity_error():
    with pytest.raises(IntegrityError):
        unseal(new_data_key(), b"\x01short", place="t/c/1")


def test_chain_mac_is_hmac_over_canonical_json_with_prev():
    key = b"k" * 32
    fields = {"seq": 1, "kind": "opened", "fields": ["times.aware_at"], "note": "å"}
    canonical = '{"fields":["times.aware_at"],"kind":"opened","note":"å","prev":"' + GENESIS_MAC
    canonical += '","seq":1}'
    expected = hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()
    assert chain_mac(key, GENESIS_MAC, fields) == expected
    assert chain_mac(key, GENESIS_MAC, dict(reversed(list(fields.items())))) == expected


def test_chain_mac_changes_with_the_previous_link_the_fields_and_the_key():
    key = b"k" * 32
    base = chain_mac(key, GENESIS_MAC, {"seq": 1})
    assert chain_mac(key, "1" * 64, {"seq": 1}) != base
    assert chain_mac(key, GENESIS_MAC, {"seq": 2}) != base
    assert chain_mac(b"j" * 32, GENESIS_MAC, {"seq": 1}) != base


def test_the_data_key_cache_unwraps_once_and_never_serves_changed_bytes(monkeypatch):
    ring = KeyRing.generate()
    data_key = new_data_key()
    master_key_id, wrapped = wrap_data_key(ring, data_key, "dk1")
    calls = []
    real = envelope.unwrap_data_key
    monkeypatch.setattr(envelope, "unwrap_data_key", lambda *a: calls.append(a) or real(*a))
    cache = DataKeyCache(ring)
    assert cache.unwrap(master_key_id, "dk1", wrapped) == data_key
    assert cache.unwrap(master_key_id, "dk1", wrapped) == data_key
    assert len(calls) == 1
    tampered = bytearray(wrapped)
    tampered[5] ^= 1
    with pytest.raises(IntegrityError):
        cache.unwrap(master_key_id, "dk1", bytes(tampered))
