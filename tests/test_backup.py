"""Backups: every row comes back exactly, on SQLite, on PostgreSQL and across them; a damaged,
cut or foreign backup is refused before anything is written; nothing readable is in the file."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from cli_support import run
from collaboration_support import MINIMUM, at
from conftest import _require_pg, pg_admin_url
from lifecycle_support import MARKED_PDF, MARKER, full_world, table_rows

from breachreport.crypto import KeyRing
from breachreport.domain.status import Role
from breachreport.errors import (
    BreachReportError,
    InputError,
    IntegrityError,
    MasterKeyError,
    StorageError,
)
from breachreport.runtime import backup as backups
from breachreport.services import Workspace
from breachreport.services.permissions import Actor
from breachreport.settings import load_settings
from breachreport.storage import Store, open_store
from breachreport.storage.backup import write_file_atomically
from breachreport.storage.restore import BackupReader, restore_backup

DPO = Actor("Karin Holm", Role.DPO)


@pytest.fixture
def new_database(tmp_path) -> Iterator[Callable[[str], str]]:
    """Make a new, empty database on "sqlite" or "postgres"; PostgreSQL ones are dropped after."""
    made: list[str] = []
    admin = None

    def make(backend: str) -> str:
        nonlocal admin
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / uuid.uuid4().hex / 'breachreport.db'}"
        _require_pg()
        admin = admin or sa.create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
        name = f"br_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return pg_admin_url().set(database=name).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as connection:
            for name in made:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def write(store: Store, path: Path, passphrase: str | None = None):
    return write_file_atomically(path, lambda f: store.write_backup(f, passphrase=passphrase))


def restored(url: str, ring: KeyRing, path: Path, passphrase: str | None = None) -> Store:
    restore_backup(url, BackupReader(path, ring, passphrase=passphrase))
    return open_store(url, ring, create=False)


def everything(workspace: Workspace, world) -> dict:
    """What the services show of every incident, for a before-and-after comparison."""
    shown = {"register": workspace.register(), "accounts": world.accounts.list()}
    for row in workspace.register():
        if row.shredded_at is not None:
            continue
        ref = row.reference
        shown[ref] = (
            workspace.incident(ref),
            workspace.filings(ref),
            workspace.history(ref),
            workspace.invitations.for_incident(ref=ref),
            workspace.proposals.reviewed(ref=ref),
            workspace.reviews.comments(ref=ref),
            workspace.evidence.files(ref=ref),
        )
    shown["organisation"] = world.accounts.organisation()
    shown["retention"] = workspace.retention.months()
    return shown


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("sqlite", "sqlite"),
        pytest.param("postgres", "postgres", marks=pytest.mark.postgres),
        pytest.param("sqlite", "postgres", marks=pytest.mark.postgres),
        pytest.param("postgres", "sqlite", marks=pytest.mark.postgres),
    ],
)
def test_a_round_trip_restores_every_row_exactly(new_database, ring, tmp_path, source, target):
    store = open_store(new_database(source), ring)
    world = full_world(store)
    shredded = world.open_another()
    world.workspace.shred(ref=shredded, actor=world.dpo.actor, reason="Opened twice.")
    rows_before = table_rows(store)
    shown_before = everything(world.workspace, world)
    summary = write(store, tmp_path / "backup.brb")
    assert summary.rows["incident"] == 2 and summary.rows["tombstone"] == 1
    store.dispose()

    copy = restored(new_database(target), ring, tmp_path / "backup.brb")
    assert table_rows(copy) == rows_before
    world.workspace = Workspace(copy, clock=world.clock)
    world.accounts.store = copy
    assert everything(world.workspace, world) == shown_before
    assert world.workspace.verify().damage == []
    [evidence] = world.workspace.evidence.files(ref=world.ref)
    download = world.workspace.evidence.download(actor=world.dpo.actor, evidence_id=evidence.id)
    assert download.content == MARKED_PDF
    # The restored database takes new writes (PostgreSQL's counters went on after the rows).
    made = world.workspace.open_incident(actor=DPO, changes=MINIMUM, at=at("2024-05-01T09:00"))
    world.workspace.revise(
        actor=DPO, ref=made.reference, changes={"measures.taken": "x"}, expected_version=1
    )
    assert made.reference == "BR-2024-0004"
    copy.dispose()


def test_the_backup_file_holds_nothing_readable(store, tmp_path):
    full_world(store)
    write(store, tmp_path / "backup.brb")
    data = (tmp_path / "backup.brb").read_bytes()
    assert data.startswith(b"BRBACKUP")
    for secret in (MARKER, "Karin Holm", "Omar Haddad", "nordmark.example.se", "data_key"):
        assert secret.encode() not in data
    assert (tmp_path / "backup.brb").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("where", ["header", "first chunk", "middle", "last byte"])
def test_a_flipped_byte_is_refused_before_anything_is_written(
    store, ring, tmp_path, new_database, where
):
    full_world(store)
    path = tmp_path / "backup.brb"
    write(store, path)
    data = bytearray(path.read_bytes())
    header = 14 + int.from_bytes(data[10:14], "big")
    index = {"header": 20, "first chunk": header + 40, "middle": len(data) // 2, "last byte": -1}
    data[index[where]] ^= 0x01
    path.write_bytes(bytes(data))
    target = new_database("sqlite")
    with pytest.raises(IntegrityError if where != "header" else BreachReportError) as caught:
        restored(target, ring, path)
    assert "\n" not in str(caught.value)
    assert not Path(sa.make_url(target).database).exists()


@pytest.mark.parametrize("keep", [0.0, 0.3, 0.999])
def test_a_backup_cut_short_is_refused(store, ring, tmp_path, new_database, keep):
    full_world(store)
    path = tmp_path / "backup.brb"
    write(store, path)
    data = path.read_bytes()
    path.write_bytes(data[: max(12, int(len(data) * keep))])
    target = new_database("sqlite")
    with pytest.raises(IntegrityError, match="cut short|integrity|no data|ends"):
        restored(target, ring, path)
    assert not Path(sa.make_url(target).database).exists()


def test_a_chunk_of_another_backup_does_not_fit(store, ring, tmp_path, new_database):
    full_world(store)
    write(store, tmp_path / "one.brb")
    write(store, tmp_path / "two.brb")
    one, two = (tmp_path / "one.brb").read_bytes(), (tmp_path / "two.brb").read_bytes()
    header = len(one) - len(one.split(b"}", 1)[1])
    (tmp_path / "mixed.brb").write_bytes(one[:header] + two[header:])
    with pytest.raises(IntegrityError):
        restored(new_database("sqlite"), ring, tmp_path / "mixed.brb")


def test_a_backup_opens_only_with_its_key_ring_and_passphrase(store, ring, tmp_path, new_database):
    full_world(store)
    path = tmp_path / "backup.brb"
    write(store, path, passphrase="korrekt häst batteri")
    with pytest.raises(MasterKeyError, match="not in the configured key ring"):
        BackupReader(path, KeyRing.generate(), passphrase="korrekt häst batteri")
    with pytest.raises(InputError, match="--passphrase"):
        BackupReader(path, ring)
    with pytest.raises(IntegrityError):
        BackupReader(path, ring, passphrase="fel").check()
    same_key_other_audit = KeyRing(ring.master_keys, ring.active_id, b"a" * 32)
    with pytest.raises(IntegrityError, match="audit key"):
        BackupReader(path, same_key_other_audit, passphrase="korrekt häst batteri").check()
    copy = restored(new_database("sqlite"), ring, path, passphrase="korrekt häst batteri")
    assert Workspace(copy).verify().damage == []
    copy.dispose()


def test_restoring_into_a_database_in_use_is_refused_and_changes_nothing(
    store, ring, tmp_path, database_url
):
    world = full_world(store)
    write(store, tmp_path / "backup.brb")
    world.workspace.open_incident(actor=DPO, changes=MINIMUM)
    before = table_rows(store)
    with pytest.raises(StorageError, match="not empty"):
        restore_backup(database_url, BackupReader(tmp_path / "backup.brb", ring))
    assert table_rows(store) == before


def test_an_initialised_but_unused_database_takes_the_backup(store, ring, tmp_path, new_database):
    full_world(store)
    write(store, tmp_path / "backup.brb")
    target = new_database("sqlite")
    open_store(target, ring).dispose()  # what breachreport init leaves
    copy = restored(target, ring, tmp_path / "backup.brb")
    assert table_rows(copy) == table_rows(store)
    copy.dispose()


# -- the command line ------------------------------------------------------------------------------


def test_backup_and_restore_from_the_command_line(app_home, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("BREACHREPORT_ACTOR", "Karin Holm")
    assert run(capsys, "demo")[0] == 0
    path = tmp_path / "demo.brb"
    code, out, _ = run(capsys, "backup", str(path))
    assert code == 0 and "1 incident," in out and "The key file is not in the backup" in out
    code, _, err = run(capsys, "backup", str(path))
    assert code == 1 and "already exists" in err
    code, out, _ = run(capsys, "restore", str(path), "--check")
    assert code == 0 and "is sound: 1 incident," in out
    code, _, err = run(capsys, "restore", str(path))
    assert code == 1 and "not empty" in err
    elsewhere = tmp_path / "restored"
    elsewhere.mkdir()
    (elsewhere / "master.key").write_bytes((app_home / "master.key").read_bytes())
    monkeypatch.setenv("BREACHREPORT_HOME", str(elsewhere))
    code, out, _ = run(capsys, "restore", str(path))
    assert code == 0 and "OK: 1 incident checked" in out
    assert run(capsys, "list")[1].startswith("BR-2024-0001")


def test_a_passphrase_comes_from_the_environment_for_scripts(
    app_home, capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("BREACHREPORT_ACTOR", "Karin Holm")
    monkeypatch.setenv("BREACHREPORT_BACKUP_PASSPHRASE", "en lång lösenfras")
    assert run(capsys, "demo")[0] == 0
    path = tmp_path / "demo.brb"
    assert run(capsys, "backup", str(path), "--passphrase")[0] == 0
    code, _, err = run(capsys, "restore", str(path), "--check")
    assert code == 1 and "--passphrase" in err
    assert run(capsys, "restore", str(path), "--check", "--passphrase")[0] == 0
    settings = load_settings()
    assert (
        backups.check_backup(settings, path, passphrase="en lång lösenfras").rows["incident"] == 1
    )
