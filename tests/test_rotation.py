"""Master key rotation: a new active key, every data key re-wrapped, old keys retired only when
nothing needs them, a key ring from the environment never changed behind the operator's back."""

from __future__ import annotations

import json
import stat

import pytest
from cli_support import run
from collaboration_support import MINIMUM, at

from breachreport.crypto import KeyRing
from breachreport.domain.status import Role
from breachreport.errors import MasterKeyError, SettingsError
from breachreport.runtime import rotation
from breachreport.runtime.home import initialise, load_key_ring
from breachreport.services import Workspace
from breachreport.services.permissions import Actor
from breachreport.settings import load_settings
from breachreport.storage import open_store
from breachreport.storage.keys import KeyRepository

DPO = Actor("Karin Holm", Role.DPO)


@pytest.fixture
def settings(tmp_path, database_url, monkeypatch):
    """A data folder with a key file, on either backend."""
    monkeypatch.delenv("BREACHREPORT_MASTER_KEY", raising=False)
    made = load_settings(home=tmp_path / "home", database_url=database_url)
    initialise(made)
    return made


def open_incidents(settings, count: int) -> list[str]:
    store = open_store(settings.resolved_database_url, load_key_ring(settings))
    workspace = Workspace(store, clock=lambda: at("2024-03-01T10:00"))
    refs = [
        workspace.open_incident(actor=DPO, changes=MINIMUM, at=at("2024-02-01T09:00")).reference
        for _ in range(count)
    ]
    store.dispose()
    return refs


def workspace_of(settings) -> Workspace:
    return Workspace(open_store(settings.resolved_database_url, load_key_ring(settings)))


def test_rotation_rewraps_every_data_key_under_the_new_key(settings):
    refs = open_incidents(settings, 5)
    old = load_key_ring(settings)
    report = rotation.rotate(settings, batch=2)
    ring = load_key_ring(settings)
    assert report.new_key and report.active_id == ring.active_id != old.active_id
    assert set(ring.master_keys) == {old.active_id, ring.active_id}
    assert report.rewrapped == 6  # five incidents and the directory
    assert report.usage == {old.active_id: 0, ring.active_id: 6}
    workspace = workspace_of(settings)
    verified = workspace.verify()
    assert (verified.damage, verified.master_keys) == ([], {ring.active_id: 6})
    assert [workspace.incident(ref).reference for ref in refs] == refs
    workspace.store.dispose()


def test_the_new_key_file_is_private(settings):
    rotation.rotate(settings)
    assert stat.S_IMODE(settings.resolved_key_file.stat().st_mode) == 0o600
    assert not list(settings.resolved_key_file.parent.glob(".*.tmp"))


def test_an_interrupted_rotation_is_finished_by_running_it_again(settings, monkeypatch):
    open_incidents(settings, 4)
    old = load_key_ring(settings)
    original = KeyRepository.rewrap
    calls = []

    def crash_after_one_batch(self, **kwargs):
        if calls:
            raise KeyboardInterrupt  # the process dies here
        calls.append(1)
        return original(self, **kwargs)

    monkeypatch.setattr(KeyRepository, "rewrap", crash_after_one_batch)
    with pytest.raises(KeyboardInterrupt):
        rotation.rotate(settings, batch=2)
    monkeypatch.undo()
    ring = load_key_ring(settings)  # the new key was saved before anything depended on it
    workspace = workspace_of(settings)
    assert workspace.verify().master_keys == {old.active_id: 3, ring.active_id: 2}
    workspace.store.dispose()
    with pytest.raises(MasterKeyError, match="3 data key"):
        rotation.retire(settings, old.active_id)
    report = rotation.rotate(settings)
    assert not report.new_key and report.active_id == ring.active_id
    assert report.usage == {old.active_id: 0, ring.active_id: 5}
    assert load_key_ring(settings).master_keys == ring.master_keys  # no third key


def test_a_key_still_in_use_cannot_be_retired_and_nothing_changes(settings):
    open_incidents(settings, 1)
    before = settings.resolved_key_file.read_bytes()
    ring = load_key_ring(settings)
    with pytest.raises(MasterKeyError, match="active master key"):
        rotation.retire(settings, ring.active_id)
    with pytest.raises(MasterKeyError, match="no master key mk-0000"):
        rotation.retire(settings, "mk-0000")
    assert settings.resolved_key_file.read_bytes() == before


def test_a_key_no_data_key_needs_is_retired_and_the_database_still_opens(settings):
    refs = open_incidents(settings, 2)
    old = load_key_ring(settings).active_id
    rotation.rotate(settings)
    report = rotation.retire(settings, old)
    ring = load_key_ring(settings)
    assert old not in ring.master_keys and report.key_file == settings.resolved_key_file
    workspace = workspace_of(settings)
    assert workspace.verify().damage == []
    assert workspace.incident(refs[0]).reference == refs[0]
    workspace.store.dispose()


def test_a_database_rotated_past_a_ring_refuses_that_ring(settings):
    old = load_key_ring(settings)
    open_incidents(settings, 1)
    rotation.rotate(settings)
    rotation.retire(settings, old.active_id)
    with pytest.raises(MasterKeyError, match="not in the configured key ring"):
        open_store(settings.resolved_database_url, old)


def test_a_key_ring_from_the_environment_takes_two_steps(tmp_path, database_url, monkeypatch):
    first = KeyRing.generate()
    monkeypatch.setenv("BREACHREPORT_MASTER_KEY", first.to_json())
    settings = load_settings(home=tmp_path / "home", database_url=database_url)
    initialise(settings)
    open_incidents(settings, 3)
    with pytest.raises(SettingsError, match="--new-ring-to FILE"):
        rotation.rotate(settings)
    assert not settings.resolved_key_file.exists()
    second = rotation.new_ring(settings)
    assert set(second.master_keys) > set(first.master_keys)
    # Nothing changed yet: the old ring still opens everything.
    workspace = workspace_of(settings)
    assert workspace.verify().master_keys == {first.active_id: 4}
    workspace.store.dispose()
    monkeypatch.setenv("BREACHREPORT_MASTER_KEY", second.to_json())
    settings = load_settings(home=tmp_path / "home", database_url=database_url)
    report = rotation.rotate(settings)
    assert not report.new_key and report.usage == {first.active_id: 0, second.active_id: 4}
    with pytest.raises(SettingsError, match="--retire"):
        rotation.retire(settings, first.active_id)
    smaller = rotation.retire(settings, first.active_id, save=False).ring
    assert set(smaller.master_keys) == {second.active_id}
    assert not settings.resolved_key_file.exists()


# -- the command line ------------------------------------------------------------------------------


def test_rotate_and_retire_from_the_command_line(app_home, capsys, monkeypatch):
    monkeypatch.setenv("BREACHREPORT_ACTOR", "Karin Holm")
    assert run(capsys, "demo")[0] == 0
    old = KeyRing.load_file(app_home / "master.key").active_id
    code, out, _ = run(capsys, "rotate-key")
    new = KeyRing.load_file(app_home / "master.key").active_id
    assert code == 0 and f"New active master key: {new}" in out
    assert f"rotate-key --retire {old}" in out and "Re-wrapped 2 data keys" in out
    code, out, _ = run(capsys, "verify")
    assert code == 0 and f"Master key {new} in use: 2 data keys" in out and old not in out
    code, out, _ = run(capsys, "rotate-key", "--retire", old)
    assert code == 0 and f"Master key {old} is retired" in out
    code, _, err = run(capsys, "rotate-key", "--retire", new)
    assert code == 1 and err.count("\n") == 1 and "active master key" in err
    assert run(capsys, "export", "BR-2024-0001")[0] == 0


def test_with_the_key_in_the_environment_the_command_prints_the_new_ring(
    app_home, capsys, monkeypatch
):
    ring = KeyRing.generate()
    monkeypatch.setenv("BREACHREPORT_MASTER_KEY", ring.to_json())
    monkeypatch.setenv("BREACHREPORT_ACTOR", "Karin Holm")
    assert run(capsys, "demo")[0] == 0
    code, out, err = run(capsys, "rotate-key")
    assert code == 1 and "--new-ring-to FILE" in err and out == ""
    code, out, err = run(capsys, "rotate-key", "--new-ring-to", "-")
    new = KeyRing.from_json(out)
    assert code == 0 and "Set BREACHREPORT_MASTER_KEY" in err
    assert set(new.master_keys) == {ring.active_id, new.active_id}
    target = app_home.parent / "new-ring.json"
    assert run(capsys, "rotate-key", "--new-ring-to", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["format"] == "breachreport-keyring/1"
    code, _, err = run(capsys, "rotate-key", "--new-ring-to", str(target))
    assert code == 1 and "already exists" in err
    monkeypatch.setenv("BREACHREPORT_MASTER_KEY", out)
    code, out, _ = run(capsys, "rotate-key")
    assert code == 0 and "Finished an interrupted rotation" in out
    assert f"Master key {new.active_id} in use: 2" in run(capsys, "verify")[1]
