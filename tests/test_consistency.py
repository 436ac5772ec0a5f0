"""The database's own consistency check in ``verify``, reported apart from tampering: a SQLite
index that disagrees with its table (which ``quick_check`` lets pass), and a PostgreSQL index left
invalid by a failed concurrent build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from cli_support import run

from breachreport.services import Workspace
from breachreport.storage import open_store

DAMAGE = 3


def lie_about_a_table(path: Path, table: str, real: str, lie: str) -> None:
    """Make the indexes of ``table`` disagree with it while its rows stay as they are: rebuild
    them under a schema that says ``lie`` where the table says ``real``, then put the true schema
    back. The index now holds other columns' values than the schema promises."""
    db = sqlite3.connect(path)
    true_sql = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()[0]
    false_sql = true_sql.replace(real, lie)
    assert false_sql != true_sql
    for sql, then in ((false_sql, f"REINDEX {table}"), (true_sql, None)):
        db.execute("PRAGMA writable_schema = ON")
        db.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table)
        )
        db.commit()
        db.close()
        db = sqlite3.connect(path)  # reads the schema anew
        if then:
            db.execute(then)
            db.commit()
    db.close()


def pragma(path: Path, name: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute(f"PRAGMA {name}")]


def test_a_clean_database_is_consistent(home, capsys):
    assert run(capsys, "demo")[0] == 0
    code, out, _ = run(capsys, "verify")
    assert code == 0
    assert "Database consistency: ok (PRAGMA integrity_check)." in out


def test_an_index_that_disagrees_with_its_table_is_a_consistency_problem_not_tampering(
    home, capsys
):
    assert run(capsys, "demo")[0] == 0
    database = home / "breachreport.db"
    lie_about_a_table(database, "data_key", "PRIMARY KEY (id)", "PRIMARY KEY (wrapped)")
    assert pragma(database, "quick_check") == ["ok"]  # why verify runs integrity_check
    assert pragma(database, "integrity_check") != ["ok"]
    code, out, err = run(capsys, "verify")
    assert code == DAMAGE
    assert out.startswith("OK: 1 incident")  # no stored value was changed
    assert "DAMAGED" not in err
    assert "Database consistency: 2 problems (PRAGMA integrity_check)" in err
    assert "not tampering" in err
    assert "missing from index sqlite_autoindex_data_key_1" in err


def test_an_anchor_is_not_moved_on_over_an_inconsistent_database(home, capsys, tmp_path):
    assert run(capsys, "demo")[0] == 0
    anchor = tmp_path / "anchor.json"
    assert run(capsys, "verify", "--anchor", str(anchor))[0] == 0
    kept = anchor.read_bytes()
    lie_about_a_table(
        home / "breachreport.db", "data_key", "PRIMARY KEY (id)", "PRIMARY KEY (wrapped)"
    )
    code, out, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == DAMAGE
    assert "at or ahead of the anchor" in out
    assert "left as it is: verify found problems" in err
    assert anchor.read_bytes() == kept


@pytest.mark.postgres
def test_postgres_reports_an_index_left_invalid_by_a_failed_build(fresh_pg_url, ring):
    store = open_store(fresh_pg_url, ring)
    try:
        workspace = Workspace(store)
        clean = workspace.anchoring.consistency()
        assert clean.problems == [] and "invalid indexes (pg_index)" in clean.checked
        with store.engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.exec_driver_sql(
                "INSERT INTO meta (key, value) VALUES ('a', 'x'), ('b', 'x')"
            )
            with pytest.raises(sa.exc.IntegrityError):  # two equal values: the build fails
                autocommit.exec_driver_sql(
                    "CREATE UNIQUE INDEX CONCURRENTLY ix_meta_value ON meta (value)"
                )
        found = workspace.anchoring.consistency()
        assert found.problems == [
            "index ix_meta_value is not valid (a failed or unfinished build): REINDEX it"
        ]
    finally:
        store.dispose()


@pytest.mark.postgres
def test_postgres_runs_amcheck_when_it_is_installed_and_never_installs_it(fresh_pg_url, ring):
    store = open_store(fresh_pg_url, ring)
    try:
        workspace = Workspace(store)
        assert "amcheck bt_index_check" not in workspace.anchoring.consistency().checked
        with store.engine.begin() as connection:  # the test, as a superuser, installs it
            available = connection.exec_driver_sql(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'"
            ).scalar()
            if not available:
                pytest.skip("this PostgreSQL server has no amcheck")
            connection.exec_driver_sql("CREATE SCHEMA checks")
            connection.exec_driver_sql("CREATE EXTENSION amcheck SCHEMA checks")
        found = workspace.anchoring.consistency()
        assert "amcheck bt_index_check" in found.checked and found.problems == []
    finally:
        store.dispose()
