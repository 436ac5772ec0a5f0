"""``breachreport verify --anchor FILE`` on the embedded default (SQLite, key file), as an attacker
with the database file would try it: put an older copy back, delete the newest incident, edit the
anchor. The store-level comparison on both backends is in test_anchor_store.py."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from cli_support import run

from breachreport.demo.cast import DPO, LEGAL, SUPPLIER_A, SUPPLIER_B

NAMES = [person.name for person in (DPO, LEGAL, SUPPLIER_A, SUPPLIER_B)]
DAMAGE = 3


def database(home: Path) -> Path:
    return home / "breachreport.db"


def copy_database(home: Path, target: Path) -> None:
    """The database's files as they are now (main file, write-ahead log), as a backup tool or an
    attacker copying the data folder would take them."""
    target.mkdir()
    for path in home.iterdir():
        if path.name.startswith(database(home).name):
            shutil.copy2(path, target / path.name)


def put_back(copy: Path, home: Path) -> None:
    for path in home.iterdir():
        if path.name.startswith(database(home).name):
            path.unlink()
    for path in copy.iterdir():
        shutil.copy2(path, home / path.name)


def second_incident(capsys, tmp_path: Path) -> str:
    """A second incident, imported from the demo's exported facts; its reference."""
    code, facts, _ = run(capsys, "export", "BR-2024-0001")
    assert code == 0
    source = tmp_path / "facts.json"
    source.write_text(facts, encoding="utf-8")
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    return out.strip()


@pytest.fixture
def demo(home, capsys):
    assert run(capsys, "demo")[0] == 0
    return home


def test_the_first_anchor_is_private_and_holds_no_personal_data(demo, capsys, tmp_path):
    anchor = tmp_path / "anchor.json"
    code, out, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == 0, err
    assert "Started the anchor" in out and "1 incident" in out
    assert "Database consistency: ok" in out
    assert stat.S_IMODE(anchor.stat().st_mode) == 0o600
    text = anchor.read_text(encoding="ascii")
    recorded = json.loads(text)
    assert [entry[1] for entry in recorded["incidents"]] == ["BR-2024-0001"]
    assert recorded["newest"] == {"2024": "BR-2024-0001"}
    for needle in [*NAMES, "Region Nordmark", "Nordförråd", "nordmark.example.se"]:
        assert needle not in text
        assert needle.encode("utf-8").hex() not in text


def test_after_new_work_the_database_is_ahead_and_the_anchor_moves_on(demo, capsys, tmp_path):
    anchor = tmp_path / "anchor.json"
    assert run(capsys, "verify", "--anchor", str(anchor))[0] == 0
    first = anchor.read_bytes()
    reference = second_incident(capsys, tmp_path)
    assert run(capsys, "case-number", "BR-2024-0001", "IMY-2024-9999")[0] == 0
    code, out, err = run(capsys, "verify", "--anchor", str(anchor), "--no-update")
    assert code == 0, err
    assert "at or ahead of the anchor" in out and "1 new incident" in out
    assert "left as it is (--no-update)" in out
    assert anchor.read_bytes() == first
    code, out, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == 0, err
    assert "2 new events" in out  # the case number's and the new incident's opening
    assert "Updated the anchor" in out
    assert reference in anchor.read_text(encoding="ascii")
    assert stat.S_IMODE(anchor.stat().st_mode) == 0o600
    code, out, _ = run(capsys, "verify", "--anchor", str(anchor))
    assert code == 0 and "0 new events, 0 new incidents" in out


def test_an_older_copy_put_back_is_rolled_back_behind_the_anchor_and_the_anchor_is_kept(
    demo, capsys, tmp_path
):
    older = tmp_path / "older"
    copy_database(demo, older)
    reference = second_incident(capsys, tmp_path)
    assert run(capsys, "case-number", "BR-2024-0001", "IMY-2024-9999")[0] == 0
    anchor = tmp_path / "anchor.json"
    assert run(capsys, "verify", "--anchor", str(anchor))[0] == 0
    kept = anchor.read_bytes()
    put_back(older, demo)
    code, out, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == DAMAGE
    assert out.startswith("OK: 1 incident")  # every chain of the older copy holds on its own
    assert "ROLLED BACK BR-2024-0001: its history ends at event" in err
    assert f"ROLLED BACK {reference}: incident {reference} is in the anchor but gone" in err
    assert "The database is behind the anchor" in err and "left as it is" in err
    assert anchor.read_bytes() == kept
    # --no-update or not, a database behind its anchor never moves the anchor back.
    assert run(capsys, "verify", "--anchor", str(anchor))[0] == DAMAGE
    assert anchor.read_bytes() == kept


def test_the_newest_incident_deleted_with_all_its_rows_is_reported_lost(demo, capsys, tmp_path):
    reference = second_incident(capsys, tmp_path)
    anchor = tmp_path / "anchor.json"
    assert run(capsys, "verify", "--anchor", str(anchor))[0] == 0
    with sqlite3.connect(database(demo)) as db:
        incident_id, key_id = db.execute(
            "SELECT id, data_key_id FROM incident WHERE reference = ?", (reference,)
        ).fetchone()
        db.execute(
            "DELETE FROM filing_document WHERE filing_id IN "
            "(SELECT id FROM filing WHERE incident_id = ?)",
            (incident_id,),
        )
        for table in ("filing", "incident_event"):
            db.execute(f"DELETE FROM {table} WHERE incident_id = ?", (incident_id,))
        db.execute("DELETE FROM incident WHERE id = ?", (incident_id,))
        db.execute("DELETE FROM data_key WHERE id = ?", (key_id,))
    kept = anchor.read_bytes()
    code, _, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == DAMAGE
    assert f"ROLLED BACK {reference}: incident {reference} is in the anchor but gone" in err
    assert "accounts for 1 of the 2 incidents the anchor recorded" in err
    assert f"the newest incident of {reference[3:7]} is -" in err
    assert anchor.read_bytes() == kept


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda text: text.replace('"count": 1', '"count": 2'), "does not hold"),
        (lambda text: text.replace("BR-2024-0001", "BR-2024-0002"), "does not hold"),
        (lambda text: text.replace('"mac": "', '"mac": "0'), "does not hold"),
        (lambda text: "hello", "is not an anchor file"),
        (lambda text: text[: len(text) // 2], "is not an anchor file"),
    ],
)
def test_an_edited_anchor_is_a_clear_error_and_is_left_as_it_is(demo, capsys, tmp_path, edit, said):
    anchor = tmp_path / "anchor.json"
    assert run(capsys, "verify", "--anchor", str(anchor))[0] == 0
    edited = edit(anchor.read_text(encoding="ascii"))
    anchor.write_text(edited, encoding="ascii")
    code, _, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == DAMAGE
    assert said in err and "Traceback" not in err
    assert anchor.read_text(encoding="ascii") == edited


def test_an_anchor_of_another_key_ring_does_not_hold(demo, capsys, tmp_path, monkeypatch):
    anchor = tmp_path / "anchor.json"
    assert run(capsys, "verify", "--anchor", str(anchor))[0] == 0
    other = tmp_path / "other"
    monkeypatch.setenv("BREACHREPORT_HOME", str(other))
    assert run(capsys, "demo")[0] == 0
    code, _, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == DAMAGE and "made with another key ring" in err


def test_no_anchor_is_started_from_a_damaged_database(demo, capsys, tmp_path):
    with sqlite3.connect(database(demo)) as db:
        rowid, blob = db.execute("SELECT rowid, payload_ct FROM incident_event LIMIT 1").fetchone()
        flipped = bytearray(blob)
        flipped[len(flipped) // 2] ^= 1
        db.execute(
            "UPDATE incident_event SET payload_ct = ? WHERE rowid = ?", (bytes(flipped), rowid)
        )
    anchor = tmp_path / "anchor.json"
    code, _, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == DAMAGE
    assert "No anchor was written" in err
    assert not anchor.exists()


def test_an_anchor_in_a_folder_that_does_not_exist_is_refused_in_one_line(demo, capsys, tmp_path):
    code, _, err = run(capsys, "verify", "--anchor", str(tmp_path / "nowhere" / "anchor.json"))
    assert code == 1
    assert "does not exist" in err and len(err.strip().splitlines()) == 1


def test_comparing_only_starts_no_anchor(demo, capsys, tmp_path):
    anchor = tmp_path / "anchor.json"
    code, _, err = run(capsys, "verify", "--anchor", str(anchor), "--no-update")
    assert code == 0
    assert "no anchor" in err and "--no-update started none" in err
    assert not anchor.exists()


def test_a_shredded_incident_brought_back_by_an_older_copy_is_reported(demo, capsys, tmp_path):
    """Un-shredding by putting back a copy from before the shredding: each chain holds, the
    anchor says the incident was shredded before it and its tombstone is gone."""
    reference = second_incident(capsys, tmp_path)
    older = tmp_path / "older"
    copy_database(demo, older)
    code, _, err = run(capsys, "shred", reference, "--reason", "Opened twice by mistake.")
    assert code == 0, err
    anchor = tmp_path / "anchor.json"
    code, out, _ = run(capsys, "verify", "--anchor", str(anchor))
    assert code == 0 and "1 shredded incident" in out
    put_back(older, demo)
    code, out, err = run(capsys, "verify", "--anchor", str(anchor))
    assert code == DAMAGE
    assert out.startswith("OK: 2 incidents")
    assert f"ROLLED BACK {reference}: shredded before the anchor, yet back in the database" in err
