"""Faults: a writer killed at random moments, several writers racing on one incident, and the
failures an operator meets (key missing or wrong, database unreachable, disk full).

On both backends where the fault exists. Each test checks what a user would notice afterwards:
the database opens, ``verify`` passes, every acknowledged write is there, nothing half-written.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import queue
import random
import resource
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fault_worker import DPO, REVISED, facts_json

from breachreport.cli import main
from breachreport.crypto import KeyRing
from breachreport.domain.status import Role
from breachreport.domain.times import utc_now
from breachreport.services import REVISION_KINDS, Workspace
from breachreport.storage import open_store

WORKER = Path(__file__).with_name("fault_worker.py")
TOTAL_WRITES = 100
# A reply slower than this means a worker hangs; the test fails instead of waiting for ever.
HANG = 120


class Worker:
    """A fault_worker.py process whose stdout lines arrive on a queue (so the parent can wait
    for them with a limit, and kill the worker between two of them)."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            # A line cut off by the kill has no newline: it was never acknowledged.
            if line.endswith("\n"):
                self.lines.put(line)
        self.lines.put(None)

    def next(self) -> dict[str, Any] | None:
        """The next line, or None once the worker has ended."""
        try:
            line = self.lines.get(timeout=HANG)
        except queue.Empty:
            self.process.kill()
            pytest.fail(f"a worker said nothing for {HANG} s")
        return None if line is None else json.loads(line)

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def reply(self) -> dict[str, Any]:
        line = self.next()
        if line is None:
            pytest.fail(f"a worker ended unexpectedly:\n{self.finish()}")
        return line

    def finish(self) -> str:
        """Wait for the end; the worker's stderr."""
        self.process.wait(timeout=HANG)
        assert self.process.stderr is not None
        return self.process.stderr.read()


# -- killed at random moments --------------------------------------------------------------------


def run_until_killed(worker: Worker, *, kill_after: int, rng: random.Random) -> list[dict]:
    """Let ``worker`` acknowledge ``kill_after`` writes, then SIGKILL it a random fraction of a
    write later. Returns every acknowledgement it printed, those in the pipe at the kill too."""
    acks: list[dict[str, Any]] = []
    stamps: list[float] = []
    killed = False
    while (line := worker.next()) is not None:
        stamps.append(time.monotonic())
        if "op" in line:
            acks.append(line)
        if len(acks) >= kill_after and not killed:
            gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
            time.sleep(rng.uniform(0, 1.5 * statistics.median(gaps) if gaps else 0.05))
            worker.process.send_signal(signal.SIGKILL)
            killed = True
    errors = worker.finish()
    assert worker.process.returncode in (0, -signal.SIGKILL), errors
    return acks


def revisions(workspace: Workspace, ref: str) -> list[Any]:
    """The history entries that made versions 1, 2, ... of the incident, in order."""
    return [e for e in workspace.history(ref) if e.kind in REVISION_KINDS]


@pytest.mark.slow
def test_every_acknowledged_write_survives_sigkill_at_random_moments(database_url, ring, tmp_path):
    key_file = tmp_path / "master.key"
    ring.save_file(key_file)
    open_store(database_url, ring).dispose()  # created before the first kill
    rng = random.Random(20240120)
    acks: list[dict[str, Any]] = []
    kills = 0
    for run in range(1, 60):
        if len(acks) >= TOTAL_WRITES:
            break
        worker = Worker(
            "writes", database_url, str(key_file), str(run), str(len(acks)), str(TOTAL_WRITES)
        )
        acks += run_until_killed(worker, kill_after=rng.randint(0, 16), rng=rng)
        kills += worker.process.returncode == -signal.SIGKILL
    assert len(acks) == TOTAL_WRITES
    assert [a["number"] for a in acks] == list(range(TOTAL_WRITES))
    assert kills >= 3

    store = open_store(database_url, ring, create=False)
    try:
        workspace = Workspace(store)
        report = workspace.verify()
        assert report.damage == []
        imports = [a for a in acks if a["op"] == "import"]
        revised = [a for a in acks if a["op"] == "revise"]
        assert imports and revised
        for ack in imports:
            incident = workspace.incident(ack["ref"])
            assert incident.facts.description.title_internal == ack["marker"]
            assert ack["marker"] in (incident.facts.description.summary or "")
        for ack in revised:
            made = revisions(workspace, ack["ref"])[ack["version"] - 1]
            assert made.changes[REVISED][1] == ack["value"]
        # A write may have committed just before its kill, unacknowledged: at most one a kill.
        rows = workspace.register()
        assert len(imports) <= len(rows) <= len(imports) + kills
        assert report.checked == len(rows)
        stored_revisions = sum(len(revisions(workspace, row.reference)) - 1 for row in rows)
        assert len(revised) <= stored_revisions <= len(revised) + kills
    finally:
        store.dispose()


# -- racing on one incident ----------------------------------------------------------------------

ROUNDS = 10
SHARED, OWN, PROPOSED = "measures.taken", "consequences.details", "measures.planned"
# (name, role, the answer each one changes every round)
RACERS = [
    ("Karin Holm", Role.DPO, SHARED),
    ("Anna Berg", Role.ADMIN, SHARED),
    ("Erik Sund", Role.ADMIN, OWN),
    ("Jonas Lind", Role.SUPPLIER_CONTACT, PROPOSED),
    ("Maria Ek", Role.SUPPLIER_CONTACT, PROPOSED),
]
RECORDED_AS = {"revised": "revised", "accepted": "proposal_accepted", "proposed": "proposed"}


def start_racers(database_url: str, ring: KeyRing, key_file: Path) -> tuple[str, list[Worker]]:
    """One incident, an invitation for each supplier contact, and a worker for each racer."""
    store = open_store(database_url, ring)
    try:
        workspace = Workspace(store)
        ref = workspace.import_facts(actor=DPO, data=facts_json("RACE")).reference
        workers = []
        for name, role, field in RACERS:
            extra: list[str] = []
            if role is Role.SUPPLIER_CONTACT:
                invitation, _token = workspace.invitations.invite(
                    actor=DPO,
                    ref=ref,
                    contact_name=name,
                    sections=[field.split(".")[0]],
                    expires_at=utc_now() + timedelta(days=1),
                )
                extra = [invitation.id]
            workers.append(
                Worker("contend", database_url, str(key_file), ref, name, role.value, field, *extra)
            )
    finally:
        store.dispose()
    return ref, workers


def race(workers: list[Worker]) -> list[list[dict[str, Any]]]:
    """Each round: everyone reads the same version, then everyone writes at once. The outcomes
    per round, each tagged with the racer's name."""
    rounds = []
    for number in range(ROUNDS):
        for worker in workers:
            worker.send("read")
        seen = {worker.reply()["read"] for worker in workers}
        assert len(seen) == 1, "the racers did not start the round from the same version"
        for worker in workers:
            worker.send(f"write {number}")
        outcomes = []
        for worker, (name, _role, _field) in zip(workers, RACERS, strict=True):
            outcomes += [{**outcome, "by": name} for outcome in worker.reply()["outcomes"]]
        rounds.append(outcomes)
    for worker in workers:
        worker.send("quit")
    for worker in workers:
        assert worker.process.stdin is not None
        worker.process.stdin.close()
        errors = worker.finish()
        assert worker.process.returncode == 0, errors
    return rounds


@pytest.mark.slow
def test_a_dpo_colleagues_and_supplier_contacts_racing_on_one_incident_lose_nothing(
    database_url, ring, tmp_path
):
    key_file = tmp_path / "master.key"
    ring.save_file(key_file)
    ref, workers = start_racers(database_url, ring, key_file)
    try:
        rounds = race(workers)
    finally:
        for worker in workers:
            if worker.process.poll() is None:
                worker.process.kill()
    outcomes = [outcome for outcomes in rounds for outcome in outcomes]
    assert [o for o in outcomes if o["kind"] == "error"] == []
    for outcomes_of_round in rounds:
        # Two people saved the same answer from the same version: one wins, one is told.
        shared = [o["kind"] for o in outcomes_of_round if o["field"] == SHARED]
        assert sorted(shared) == ["conflict", "revised"]
        # A different answer merges, however many saves came first.
        assert [o["kind"] for o in outcomes_of_round if o["field"] == OWN] == ["revised"]

    store = open_store(database_url, ring, create=False)
    try:
        workspace = Workspace(store)
        assert workspace.verify().damage == []
        history = workspace.history(ref)
        made = [e for e in history if e.kind in REVISION_KINDS]
        final = workspace.incident(ref)
        succeeded = [o for o in outcomes if o["kind"] in RECORDED_AS]
        changed = [o for o in succeeded if o["kind"] != "proposed"]
        # No lost update: each acknowledged change made exactly one version of its own.
        assert len(made) == final.version == 1 + len(changed)
        versions = [o["version"] for o in outcomes if o["kind"] == "revised"]
        assert len(set(versions)) == len(versions)
        recorded = Counter(
            (e.kind, e.actor, path, change[1])
            for e in history
            if e.kind in RECORDED_AS.values()
            for path, change in e.changes.items()
        )
        expected = Counter(
            (RECORDED_AS[o["kind"]], o.get("author", o["by"]), o["field"], o["value"])
            for o in succeeded
        )
        assert recorded == expected
        # Every conflict was reported on the answer that changed, and none of them was saved
        # (a proposal that lost stays in the history as proposed, never as a revision).
        conflicts = [o for o in outcomes if o["kind"] == "conflict"]
        assert len(conflicts) >= ROUNDS
        saved = {
            (f, e.changes[f][1]) for e in made for f in (SHARED, OWN, PROPOSED) if f in e.changes
        }
        for conflict in conflicts:
            assert conflict["theirs"] == [conflict["field"]]
            assert (conflict["field"], conflict["value"]) not in saved
        # The facts are the history replayed: each answer is its last revision's value.
        for field in (SHARED, OWN, PROPOSED):
            last = [e.changes[field][1] for e in made if field in e.changes]
            if last:
                assert final.facts.value(field) == last[-1]
    finally:
        store.dispose()


# -- clear failures, nothing half-written --------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])  # these checks read the English messages
    out, err = capsys.readouterr()
    return code, out, err


def digest(folder: Path) -> dict[Path, str]:
    """Every file under ``folder`` by content, once earlier commands' connections are closed
    (``main`` leaves its store to the garbage collector; closing folds SQLite's log in)."""
    gc.collect()
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def facts_file(folder: Path, mark: str, *, padding: int = 0) -> Path:
    """A facts JSON file; ``padding`` fills four long answers with that many letters each."""
    facts = json.loads(facts_json(mark))
    if padding:
        # Random letters: the answers are encrypted, so only their length decides what is written.
        rng = random.Random(mark)
        summary, details, taken, planned = (
            "".join(rng.choice("abcdefghij klmnopqrstuvwxyz") for _ in range(padding))
            for _ in range(4)
        )
        facts["description"]["summary"] = summary
        facts["consequences"] = {"details": details}
        facts["measures"] = {"taken": taken, "planned": planned}
    path = folder / f"{mark}.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    return path


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("breachreport: error: "), err
    return lines[0]


def assert_intact(capsys, references: list[str]) -> None:
    """The data folder opens, ``verify`` passes, and the register holds exactly ``references``."""
    code, out, err = run(capsys, "verify")
    assert code == 0, err
    assert out.startswith("OK:")
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert [row["reference"] for row in json.loads(out)] == references


def first_incident(capsys, folder: Path) -> str:
    """A new data folder with one imported incident; its reference."""
    assert run(capsys, "init")[0] == 0
    code, out, err = run(capsys, "import", str(facts_file(folder, "FIRST")))
    assert code == 0, err
    return out.strip()


def other_ring_file(folder: Path) -> Path:
    path = folder / "other.key"
    KeyRing.generate().save_file(path)
    return path


@pytest.mark.parametrize(
    "case", ["missing", "empty", "another ring's file", "another key in the environment"]
)
def test_a_missing_or_wrong_master_key_is_one_line_and_writes_nothing(
    home, capsys, tmp_path, monkeypatch, case
):
    reference = first_incident(capsys, tmp_path)
    before = digest(home)
    if case == "missing":
        monkeypatch.setenv("BREACHREPORT_KEY_FILE", str(tmp_path / "nowhere.key"))
    elif case == "empty":
        (tmp_path / "empty.key").write_text("")
        monkeypatch.setenv("BREACHREPORT_KEY_FILE", str(tmp_path / "empty.key"))
    elif case == "another ring's file":
        monkeypatch.setenv("BREACHREPORT_KEY_FILE", str(other_ring_file(tmp_path)))
    else:
        monkeypatch.setenv("BREACHREPORT_MASTER_KEY", KeyRing.generate().to_json())
    for argv in (["import", str(facts_file(tmp_path, "SECOND"))], ["list"], ["verify"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == ""
        assert "master key" in one_error_line(err).lower()
        if case == "empty":
            assert "empty.key is empty" in err  # names the file to restore
        assert digest(home) == before
    monkeypatch.delenv("BREACHREPORT_KEY_FILE", raising=False)
    monkeypatch.delenv("BREACHREPORT_MASTER_KEY", raising=False)
    assert_intact(capsys, [reference])


UNREACHABLE = "postgresql+psycopg://postgres:s3cret-pw@127.0.0.1:1/test"


@pytest.mark.parametrize("argv", [["init"], ["list"], ["verify"], ["import", "FACTS"]])
def test_an_unreachable_database_is_one_line_without_the_password(
    home, capsys, tmp_path, monkeypatch, argv
):
    KeyRing.generate().save_file(home / "master.key")
    monkeypatch.setenv("BREACHREPORT_DATABASE_URL", UNREACHABLE)
    argv = [str(facts_file(tmp_path, "FACTS")) if a == "FACTS" else a for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 1
    line = one_error_line(err)
    assert "cannot connect to the database at" in line.lower()
    assert "127.0.0.1" in line and "s3cret-pw" not in line


def test_the_cli_never_shows_a_traceback_for_an_unreachable_database(home, tmp_path):
    KeyRing.generate().save_file(home / "master.key")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "breachreport",
            "--lang",
            "en",
            "import",
            str(facts_file(tmp_path, "FACTS")),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "BREACHREPORT_DATABASE_URL": UNREACHABLE},
        check=False,
        timeout=HANG,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    one_error_line(result.stderr)


@pytest.mark.slow
def test_a_database_another_writer_keeps_locked_is_one_line_and_writes_nothing(
    home, capsys, tmp_path
):
    """Past SQLite's busy timeout (5 s) the import gives up with one line, not a traceback."""
    reference = first_incident(capsys, tmp_path)
    holder = sqlite3.connect(home / "breachreport.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        code, out, err = run(capsys, "import", str(facts_file(tmp_path, "SECOND")))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and out == ""
    assert "database is locked" in one_error_line(err)
    assert_intact(capsys, [reference])


# Room for SQLite's shared-memory index (32 KiB) but not for an import of four long answers.
FILE_SIZE_LIMIT = 64 * 1024


def _full_disk() -> None:
    """In the child: files may not grow past the limit, and a write past it fails (EFBIG)
    instead of killing the process (SIGXFSZ), the way a full disk fails a write."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


def test_an_import_on_a_full_disk_is_one_line_and_leaves_nothing_behind(home, capsys, tmp_path):
    reference = first_incident(capsys, tmp_path)
    big = facts_file(tmp_path, "BIG", padding=19_000)
    result = subprocess.run(
        [sys.executable, "-m", "breachreport", "--lang", "en", "import", str(big)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        preexec_fn=_full_disk,
        check=False,
        timeout=HANG,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    line = one_error_line(result.stderr)
    assert "database" in line.lower()
    assert "free space" in line  # says what to do about it
    database = home / "breachreport.db"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    assert_intact(capsys, [reference])
    # Nothing of the failed import was kept, not even its reference number.
    code, out, _ = run(capsys, "import", str(big))
    assert code == 0
    assert out.strip() == reference[:-4] + "0002"
