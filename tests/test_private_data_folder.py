"""The data folder is its owner's alone, and a lost key is never papered over with a new one.

Every file the product writes (database and its -wal/-shm, key, backup, exports) is 0600 and every
folder 0700, under a usual umask of 0022; an older database that others could read is tightened
when it is opened, and the log says so. ``init`` (and every start that would make a key) refuses to
write a new key beside a database that already holds data, and changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from cli_support import run

from breachreport.crypto import KeyRing
from breachreport.errors import MasterKeyError
from breachreport.runtime import home as home_module
from breachreport.runtime.home import initialise, open_home
from breachreport.settings import load_settings
from breachreport.storage.database import holds_tables

REF = "BR-2024-0001"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def modes_under(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): mode(p) for p in [folder, *folder.rglob("*")]}


def not_private(folder: Path) -> dict[str, str]:
    """Every file not 0600 and every folder not 0700 under ``folder`` (itself included)."""
    wrong = {}
    for path in [folder, *folder.rglob("*")]:
        want = 0o700 if path.is_dir() else 0o600
        if mode(path) != want:
            wrong[str(path.relative_to(folder))] = f"{mode(path):04o}"
    return wrong


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), mode(p))
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def usual_umask():
    """The umask most systems start with: without care, files would be 0644 and folders 0755."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_whole_working_session_leaves_only_private_files(home, capsys, usual_umask):
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "demo")[0] == 0
    exports = home / "exports"  # a folder of the user's, inside the data folder
    exports.mkdir(mode=0o700)
    for argv in (
        ["register", "--format", "xlsx", "--output", str(exports / "register.xlsx")],
        ["register", "--output", str(exports / "register.csv")],
        ["export", REF, "--output", str(exports / "facts.json")],
        ["render", REF, "--format", "pdf", "--output", str(exports / "draft.pdf")],
        ["backup", str(home / "backup.brb")],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 0, err
    # The store open again, so that SQLite's -wal and -shm files are there to be looked at too.
    store = open_home(load_settings())
    try:
        assert run(capsys, "list")[0] == 0
        names = {p.name for p in home.iterdir()}
        assert {"breachreport.db", "master.key", "backup.brb", "exports"} <= names
        assert not_private(home) == {}
    finally:
        store.dispose()
    assert not_private(home) == {}


def test_a_restored_data_folder_is_private_too(home, capsys, usual_umask, tmp_path, monkeypatch):
    assert run(capsys, "demo")[0] == 0
    assert run(capsys, "backup", str(tmp_path / "backup.brb"))[0] == 0
    elsewhere = tmp_path / "restored" / "home"  # its parent is missing too
    monkeypatch.setenv("BREACHREPORT_HOME", str(elsewhere))
    monkeypatch.setenv("BREACHREPORT_KEY_FILE", str(home / "master.key"))
    code, _, err = run(capsys, "restore", str(tmp_path / "backup.brb"))
    assert code == 0, err
    assert (elsewhere / "breachreport.db").exists()
    assert not_private(tmp_path / "restored") == {}


def test_the_database_is_private_from_its_creation_whatever_the_umask(
    home, usual_umask, monkeypatch
):
    """Even a process that never narrowed its umask makes the database and its companions 0600:
    the file is made 0600 before SQLite opens it, and SQLite gives its -wal and -shm its mode."""
    monkeypatch.setattr(home_module, "restrict_umask", lambda: None)
    initialise(load_settings())
    store = open_home(load_settings())
    try:
        database = home / "breachreport.db"
        companions = [home / "breachreport.db-wal", home / "breachreport.db-shm"]
        assert all(p.exists() for p in companions)  # WAL mode, a store open
        assert {p.name: mode(p) for p in [database, *companions]} == {
            "breachreport.db": 0o600,
            "breachreport.db-wal": 0o600,
            "breachreport.db-shm": 0o600,
        }
        assert mode(home) == 0o700 and mode(home / "master.key") == 0o600
    finally:
        store.dispose()


def test_sqlite_keeps_its_temporary_data_in_memory_not_in_files_outside(home, capsys):
    assert run(capsys, "init")[0] == 0
    store = open_home(load_settings())
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
    finally:
        store.dispose()


def test_an_older_world_readable_database_is_tightened_when_opened(home, capsys, caplog):
    assert run(capsys, "demo")[0] == 0
    database = home / "breachreport.db"
    database.chmod(0o644)
    home.chmod(0o755)
    with caplog.at_level(logging.WARNING, logger="breachreport"):
        code, out, err = run(capsys, "list")
    assert code == 0, err
    assert REF in out
    assert mode(database) == 0o600
    assert mode(home) == 0o700
    [line] = [r.getMessage() for r in caplog.records if "breachreport.db" in r.getMessage()]
    assert "0644" in line and "0600" in line
    assert "Karin" not in line and REF not in line  # what the file is, not what it holds


# -- no new key beside a database that holds data --------------------------------------------


def test_init_refuses_a_new_key_beside_an_existing_database(home, capsys):
    assert run(capsys, "demo")[0] == 0
    key_file = home / "master.key"
    key_file.unlink()  # lost, or not restored with the database
    before = snapshot(home)
    code, out, err = run(capsys, "init")
    assert code == 1
    assert "Traceback" not in err
    assert str(home / "breachreport.db") in err and str(key_file) in err
    assert "backup" in err and "BREACHREPORT_MASTER_KEY" in err and "move the database" in err
    assert not key_file.exists()
    assert snapshot(home) == before  # not a byte, not a mode changed
    # Every other start that would make a key refuses alike: the demo, and the app's first page.
    assert run(capsys, "demo")[0] == 1 and not key_file.exists()
    with pytest.raises(MasterKeyError, match="already exists"):
        initialise(load_settings())
    assert snapshot(home) == before


def test_the_app_on_its_first_page_refuses_too_and_says_why(home, capsys):
    from streamlit.testing.v1 import AppTest
    from ui_support import APP_FILE

    assert run(capsys, "demo")[0] == 0
    (home / "master.key").unlink()
    before = snapshot(home)
    app = AppTest.from_file(APP_FILE, default_timeout=30).run()
    assert not app.exception
    assert any(str(home / "master.key") in error.value for error in app.error)
    assert snapshot(home) == before


def test_the_refusal_under_swedish_names_the_key_file_and_variable_too(home, capsys):
    from breachreport.cli import main

    assert main(["init"]) == 0
    capsys.readouterr()
    (home / "master.key").unlink()
    assert main(["--lang", "sv", "init"]) == 1
    err = capsys.readouterr().err
    assert str(home / "master.key") in err and "BREACHREPORT_MASTER_KEY" in err


def test_restoring_the_key_opens_the_database_again(home, capsys):
    assert run(capsys, "demo")[0] == 0
    key_file = home / "master.key"
    kept = key_file.read_bytes()
    key_file.unlink()
    assert run(capsys, "init")[0] == 1
    key_file.write_bytes(kept)
    key_file.chmod(0o600)
    code, out, _ = run(capsys, "init")
    assert code == 0 and "already there, kept" in out
    assert REF in run(capsys, "list")[1]


def test_with_the_key_in_the_environment_nothing_is_refused_or_written(home, capsys, monkeypatch):
    assert run(capsys, "init")[0] == 0
    key_file = home / "master.key"
    ring = KeyRing.load_file(key_file)
    key_file.unlink()
    monkeypatch.setenv("BREACHREPORT_MASTER_KEY", ring.to_json())
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert "nothing written" in out and not key_file.exists()


def test_an_empty_database_file_is_no_reason_to_refuse(home, capsys):
    home.mkdir(mode=0o700)
    (home / "breachreport.db").touch(mode=0o600)
    assert not holds_tables(load_settings().resolved_database_url)
    code, _, err = run(capsys, "init")
    assert code == 0, err
    assert (home / "master.key").exists()


def test_a_file_that_is_no_database_is_not_replaced(home, capsys):
    home.mkdir(mode=0o700)
    (home / "breachreport.db").write_bytes(b"not a database, but someone's file\n" * 200)
    before = snapshot(home)
    assert run(capsys, "init")[0] == 1
    assert snapshot(home) == before and not (home / "master.key").exists()


@pytest.mark.postgres
def test_postgresql_with_breachreport_tables_refuses_a_new_key(
    app_home, fresh_pg_url, capsys, monkeypatch
):
    monkeypatch.setenv("BREACHREPORT_DATABASE_URL", fresh_pg_url)
    assert not holds_tables(fresh_pg_url)  # a new, empty database: a new key is right
    assert run(capsys, "init")[0] == 0
    assert holds_tables(fresh_pg_url)
    key_file = app_home / "master.key"
    key_file.unlink()
    engine = sa.create_engine(fresh_pg_url)
    try:
        with engine.connect() as connection:
            before = connection.exec_driver_sql("SELECT count(*) FROM data_key").scalar_one()
    finally:
        engine.dispose()
    code, _, err = run(capsys, "init")
    assert code == 1
    assert "already exists" in err and str(key_file) in err
    assert not key_file.exists()
    engine = sa.create_engine(fresh_pg_url)
    try:
        with engine.connect() as connection:
            after = connection.exec_driver_sql("SELECT count(*) FROM data_key").scalar_one()
    finally:
        engine.dispose()
    assert after == before


def test_a_fresh_empty_data_folder_still_starts_with_a_generated_key(app_home, usual_umask):
    """The README's first command: a new folder gets its key and database, all private."""
    report = initialise(load_settings())
    assert report.key_created
    assert not_private(app_home) == {}
    assert modes_under(app_home)["master.key"] == 0o600
