"""The outbox (``tx.outbox``) and sealed settings, on both backends: a mail claimed once whatever
runs overlap, retried only when it failed or its run died, every change under the incident's
manifest, and nothing personal in the database file."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from browser_support import files_holding
from sqlmodel import SQLModel

from breachreport.errors import IntegrityError
from breachreport.storage import NewEvent, Store, open_store

T0 = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
DUE = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
STALE = timedelta(minutes=15)


def opened(store: Store, at: datetime = T0) -> str:
    """A bare incident (no facts needed: the outbox never reads them); its id."""
    with store.transaction() as tx:
        return tx.incidents.create(
            created_at=at, facts={}, summary={}, event=NewEvent("opened", at, "a1", "dpo")
        ).id


def message(to: str = "dpo@nordmark.example.se", **context) -> dict:
    return {"to": to, "name": "Karin Holm", "lang": "sv", "context": context}


def claim(tx, incident_id: str, purpose: str, *, at: datetime = T0, **extra):
    return tx.outbox.claim(
        incident_id=incident_id,
        purpose=purpose,
        kind=extra.pop("kind", "reminder"),
        message=extra.pop("message", message()),
        scheduled_at=extra.pop("scheduled_at", at),
        at=at,
        **extra,
    )


def table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def rows_of(store: Store) -> list:
    with store.engine.connect() as connection:
        return connection.execute(sa.select(table("outgoing_mail"))).all()


# -- claiming ------------------------------------------------------------------------------------


def test_a_claimed_mail_is_stored_sealed_and_read_back(store):
    incident_id = opened(store)
    with store.transaction() as tx:
        record = claim(
            tx,
            incident_id,
            "reminder|24h",
            message=message(reference="BR-2026-0001", hours_before=24),
            clock_key="imy_72h",
            due=DUE,
            scheduled_at=T0 - timedelta(minutes=3),
        )
    assert record is not None
    assert (record.status, record.attempts, record.claimed_at, record.sent_at) == (
        "sending",
        1,
        T0,
        None,
    )
    assert (record.kind, record.clock_key, record.due, record.error) == (
        "reminder",
        "imy_72h",
        DUE,
        None,
    )
    assert record.message["context"] == {"reference": "BR-2026-0001", "hours_before": 24}
    with store.transaction(write=False) as tx:
        assert tx.outbox.for_incident(incident_id) == [record]
        assert tx.outbox.get(record.id) == record
    (row,) = rows_of(store)
    assert b"nordmark" not in bytes(row.message_ct) and "reminder|24h" not in row.dedupe_index
    assert store.verify() == []


def test_the_same_purpose_is_claimed_once_and_the_loser_s_transaction_goes_on(store):
    incident_id = opened(store)
    with store.transaction() as tx:
        first = claim(tx, incident_id, "reminder|a")
    assert first is not None
    with store.transaction() as tx:
        # An earlier run has it: None, and this transaction is still good for other mails.
        assert claim(tx, incident_id, "reminder|a", at=T0 + timedelta(minutes=5)) is None
        other = claim(tx, incident_id, "reminder|b", at=T0 + timedelta(minutes=5))
        assert claim(tx, incident_id, "reminder|b") is None  # within one transaction too
    assert other is not None
    with store.transaction(write=False) as tx:
        assert [r.id for r in tx.outbox.for_incident(incident_id)] == [first.id, other.id]
        assert tx.outbox.known(["reminder|a", "reminder|b", "reminder|c"]) == {
            "reminder|a",
            "reminder|b",
        }
        assert tx.outbox.known([]) == set()
    assert store.verify() == []


@pytest.mark.parametrize("rounds", [3])
def test_two_runs_claiming_the_same_mail_at_the_same_moment_one_wins(database_url, ring, rounds):
    """Two runs of ``remind`` that overlap, each with a store of its own: the database decides.

    On PostgreSQL both transactions are open when they claim; on SQLite a writer's transaction
    takes the database's lock as it begins, so the two line up just before beginning."""
    stores = [open_store(database_url, ring) for _ in range(2)]
    try:
        incident_id = opened(stores[0])
        postgres = stores[0].engine.dialect.name == "postgresql"
        for round_ in range(rounds):
            purpose = f"escalation|{incident_id}|imy_72h|{round_}"
            barrier = threading.Barrier(2, timeout=30)
            results: list = [None, None]
            errors: list[BaseException] = []

            def run(
                index: int, purpose=purpose, barrier=barrier, results=results, errors=errors
            ) -> None:
                try:
                    if not postgres:
                        barrier.wait()
                    with stores[index].transaction() as tx:
                        tx.incidents.load(incident_id)  # the run has read what it plans from
                        if postgres:
                            barrier.wait()
                        results[index] = claim(tx, incident_id, purpose, kind="escalation")
                except BaseException as error:  # reported below, in the test's thread
                    errors.append(error)

            threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            assert errors == []
            won = [r for r in results if r is not None]
            assert len(won) == 1, results
            with stores[0].transaction(write=False) as tx:
                assert tx.outbox.known([purpose]) == {purpose}
        assert len(rows_of(stores[0])) == rounds
        assert stores[0].verify() == []
    finally:
        for opened_store in stores:
            opened_store.dispose()


def test_a_claim_refuses_what_it_cannot_store_before_writing(store):
    incident_id = opened(store)
    with store.transaction() as tx:
        with pytest.raises(ValueError, match="purpose"):
            claim(tx, incident_id, "")
        with pytest.raises(TypeError, match="timezone-aware"):
            claim(tx, incident_id, "p", at=datetime(2026, 3, 27, 9))  # noqa: DTZ001
        with pytest.raises(TypeError, match="JSON-ready"):
            claim(tx, incident_id, "p", message={"to": object()})
        with pytest.raises(ValueError, match="kind"):
            claim(tx, incident_id, "p", kind="x" * 33)
    assert rows_of(store) == []


# -- retrying ------------------------------------------------------------------------------------


def test_retry_candidates_are_failed_mails_and_mails_whose_run_died(store):
    incident_id = opened(store)
    now = T0 + timedelta(hours=1)
    with store.transaction() as tx:
        failed = claim(tx, incident_id, "failed", at=T0)
        tx.outbox.mark_failed(failed.id, at=T0, error="451 try again later")
        died = claim(tx, incident_id, "died", at=now - STALE - timedelta(seconds=1))
        running = claim(tx, incident_id, "running", at=now - STALE + timedelta(seconds=1))
        sent = claim(tx, incident_id, "sent", at=T0)
        tx.outbox.mark_sent(sent.id, at=T0)
        expired = claim(tx, incident_id, "expired", at=T0)
        tx.outbox.mark_failed(expired.id, at=T0, error="timed out")
        tx.outbox.mark_expired(expired.id, at=now)
    with store.transaction(write=False) as tx:
        candidates = tx.outbox.retry_candidates(at=now, stale_after=STALE)
    assert [(r.id, r.status) for r in candidates] == [(failed.id, "failed"), (died.id, "sending")]
    assert candidates[0].error == "451 try again later"
    assert running.id not in {r.id for r in candidates}


def test_reclaim_is_compare_and_set(store):
    incident_id = opened(store)
    later = T0 + timedelta(minutes=10)
    with store.transaction() as tx:
        record = claim(tx, incident_id, "p")
        tx.outbox.mark_failed(record.id, at=T0, error="421 busy")
    with store.transaction() as tx:
        again = tx.outbox.reclaim(
            record.id, expected_status="failed", expected_attempts=1, at=later
        )
    assert (again.status, again.attempts, again.claimed_at) == ("sending", 2, later)
    with store.transaction() as tx:
        # A second run that read the same failed row (attempts 1) lost: the first one has it.
        assert (
            tx.outbox.reclaim(record.id, expected_status="failed", expected_attempts=1, at=later)
            is None
        )
        assert (
            tx.outbox.reclaim(record.id, expected_status="sending", expected_attempts=1, at=later)
            is None
        )
        # A stale "sending" row is reclaimed the same way.
        third = tx.outbox.reclaim(
            record.id, expected_status="sending", expected_attempts=2, at=later + STALE * 2
        )
    assert (third.status, third.attempts) == ("sending", 3)
    assert store.verify() == []


def test_two_runs_reclaiming_the_same_failed_mail_one_wins(database_url, ring):
    stores = [open_store(database_url, ring) for _ in range(2)]
    try:
        incident_id = opened(stores[0])
        with stores[0].transaction() as tx:
            record = claim(tx, incident_id, "p")
            tx.outbox.mark_failed(record.id, at=T0, error="421 busy")
        postgres = stores[0].engine.dialect.name == "postgresql"
        barrier = threading.Barrier(2, timeout=30)
        results: list = [None, None]
        errors: list[BaseException] = []

        def run(index: int) -> None:
            try:
                with stores[index].transaction(write=False) as tx:
                    (seen,) = tx.outbox.retry_candidates(at=T0 + STALE, stale_after=STALE)
                if not postgres:
                    barrier.wait()
                with stores[index].transaction() as tx:
                    if postgres:
                        barrier.wait()
                    results[index] = tx.outbox.reclaim(
                        seen.id,
                        expected_status=seen.status,
                        expected_attempts=seen.attempts,
                        at=T0 + STALE,
                    )
            except BaseException as error:  # reported below, in the test's thread
                errors.append(error)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        assert len([r for r in results if r is not None]) == 1, results
        with stores[0].transaction(write=False) as tx:
            assert tx.outbox.get(record.id).attempts == 2
    finally:
        for opened_store in stores:
            opened_store.dispose()


def test_a_mail_is_marked_sent_failed_or_expired(store):
    incident_id = opened(store)
    with store.transaction() as tx:
        first = claim(tx, incident_id, "a", scheduled_at=T0 + timedelta(minutes=1))
        second = claim(tx, incident_id, "b", scheduled_at=T0)
    with store.transaction() as tx:
        failed = tx.outbox.mark_failed(first.id, at=T0, error="550 5.1.1 mailbox unavailable")
        assert (failed.status, failed.error, failed.sent_at) == (
            "failed",
            "550 5.1.1 mailbox unavailable",
            None,
        )
        tx.outbox.reclaim(first.id, expected_status="failed", expected_attempts=1, at=T0)
        sent = tx.outbox.mark_sent(first.id, at=T0 + timedelta(minutes=2))
        expired = tx.outbox.mark_expired(second.id, at=T0 + timedelta(days=3))
    assert (sent.status, sent.sent_at, sent.attempts, sent.error) == (
        "sent",
        T0 + timedelta(minutes=2),
        2,
        None,
    )
    assert (expired.status, expired.sent_at) == ("expired", None)
    with store.transaction(write=False) as tx:
        # By scheduled time: the second was scheduled first.
        assert [(r.id, r.status) for r in tx.outbox.for_incident(incident_id)] == [
            (second.id, "expired"),
            (first.id, "sent"),
        ]
    assert store.verify() == []


# -- tampering -----------------------------------------------------------------------------------


@pytest.fixture
def two(store):
    """Two incidents, the first with a mail sent and one failed; (store, a, b, refs)."""
    a, b = opened(store), opened(store)
    with store.transaction() as tx:
        sent = claim(tx, a, "sent")
        tx.outbox.mark_sent(sent.id, at=T0)
        failed = claim(tx, a, "failed")
        tx.outbox.mark_failed(failed.id, at=T0, error="timed out")
        refs = {i: tx.incidents.load(i).reference for i in (a, b)}
    assert store.verify() == []
    return store, a, b, refs, failed.id


def _tampered(store: Store, statement) -> list:
    with store.engine.begin() as connection:
        result = connection.execute(statement)
        assert statement.is_insert or result.rowcount == 1
    return [(d.reference, d.problem) for d in store.verify()]


def test_verify_names_a_deleted_outbox_row(two):
    store, a, _, refs, failed_id = two
    t = table("outgoing_mail")
    damage = _tampered(store, sa.delete(t).where(t.c.id == failed_id))
    assert (refs[a], "outgoing_mail: 1 row deleted") in damage


@pytest.mark.parametrize(
    ("column", "value"),
    [("status", "sent"), ("attempts", 5), ("dedupe_index", "0" * 64), ("kind", "escalation")],
)
def test_verify_names_an_altered_outbox_row(two, column, value):
    """Marking a failed mail sent behind the application's back, or freeing its purpose so that it
    goes out again, breaks its MAC and its incident's manifest."""
    store, a, _, refs, failed_id = two
    t = table("outgoing_mail")
    damage = _tampered(store, sa.update(t).where(t.c.id == failed_id).values({column: value}))
    assert (refs[a], f"outgoing_mail {failed_id}: its MAC does not match") in damage
    with pytest.raises(IntegrityError, match="Outgoing mail"), store.transaction() as tx:
        tx.outbox.for_incident(a)


def test_verify_names_an_outbox_row_moved_to_another_incident(two):
    store, a, b, refs, failed_id = two
    t = table("outgoing_mail")
    damage = _tampered(store, sa.update(t).where(t.c.id == failed_id).values(incident_id=b))
    assert (refs[a], "outgoing_mail: 1 row deleted") in damage
    assert (refs[b], "outgoing_mail: 1 row added") in damage


def test_verify_names_an_outbox_row_copied_in(two):
    store, a, _, refs, failed_id = two
    t = table("outgoing_mail")
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(t).where(t.c.id == failed_id)).one()._asdict()
    damage = _tampered(store, t.insert().values({**row, "id": "c" * 32, "dedupe_index": "1" * 64}))
    assert (refs[a], "outgoing_mail: 1 row added") in damage


# -- sealed settings -----------------------------------------------------------------------------

RULES = {"before_hours": [24, 6], "escalation_address": "jour@nordmark.example.se"}


def test_a_sealed_setting_is_saved_read_and_replaced(store):
    with store.transaction() as tx:
        assert tx.settings.get_sealed("reminder_rules") is None
        tx.settings.save_sealed("reminder_rules", RULES, at=T0, by="a1")
    with store.transaction(write=False) as tx:
        assert tx.settings.get_sealed("reminder_rules") == RULES
        with pytest.raises(TypeError, match="get_sealed"):
            tx.settings.get("reminder_rules")
    with store.transaction() as tx:
        tx.settings.save_sealed(
            "reminder_rules", {**RULES, "escalation_address": None}, at=T0, by="a1"
        )
        with pytest.raises(TypeError, match="save_sealed"):
            tx.settings.save("other", {"sealed_v1": "x"}, at=T0, by="a1")
    with store.transaction(write=False) as tx:
        assert tx.settings.get_sealed("reminder_rules")["escalation_address"] is None
    (stored,) = (
        v for n, v in _settings(store) if n == "reminder_rules"
    )  # only the envelope is stored
    assert set(stored) == {"sealed_v1"} and "nordmark" not in str(stored)
    assert store.verify() == []


def _settings(store: Store) -> list[tuple[str, object]]:
    t = table("setting")
    with store.engine.connect() as connection:
        return [(r.name, r.value) for r in connection.execute(sa.select(t.c.name, t.c.value))]


def test_a_deleted_swapped_or_rolled_back_sealed_setting_is_noticed(store):
    with store.transaction() as tx:
        tx.settings.save_sealed("reminder_rules", RULES, at=T0, by="a1")
        tx.settings.save_sealed("other_rules", {"escalation_address": None}, at=T0, by="a1")
    t = table("setting")
    with store.engine.connect() as connection:
        first = connection.execute(sa.select(t).where(t.c.name == "reminder_rules")).one()
        other = connection.execute(sa.select(t).where(t.c.name == "other_rules")).one()
    with store.transaction() as tx:
        tx.settings.save_sealed("reminder_rules", {"escalation_address": None}, at=T0, by="a1")

    def tampered(*statements) -> list[str]:
        with store.engine.begin() as connection:
            for statement in statements:
                connection.execute(statement)
        return [d.problem for d in store.verify()]

    # The escalation address as it was before the DPO removed it: a sealed value and MAC that
    # the application once wrote, so only the ledger can tell.
    rolled_back = tampered(
        sa.update(t)
        .where(t.c.name == "reminder_rules")
        .values(value=first.value, row_mac=first.row_mac)
    )
    assert rolled_back == [
        "setting reminder_rules: altered or replaced (it is not what the application last wrote)"
    ]
    deleted = tampered(sa.delete(t).where(t.c.name == "reminder_rules"))
    assert "setting reminder_rules: deleted" in deleted
    with pytest.raises(IntegrityError, match="reminder_rules"), store.transaction() as tx:
        tx.settings.get_sealed("reminder_rules")
    # Another setting's sealed value and MAC put in its place: both were made for another name.
    swapped = tampered(t.insert().values(**{**other._asdict(), "name": "reminder_rules"}))
    assert "setting reminder_rules: its MAC does not match" in swapped


# -- nothing personal at rest --------------------------------------------------------------------

MARKER = "Qvarnström7731"


def test_the_address_and_the_error_are_in_no_database_file(sqlite_url, ring):
    store = open_store(sqlite_url, ring)
    incident_id = opened(store)
    address = f"{MARKER.lower()}@nordmark.example.se"
    with store.transaction() as tx:
        record = claim(
            tx,
            incident_id,
            f"reminder|{incident_id}|imy_72h|24|{address}",
            message=message(to=address, recipient_name=f"{MARKER} Holm"),
        )
        tx.outbox.mark_failed(record.id, at=T0, error=f"550 <{address}>: unknown {MARKER}")
        tx.settings.save_sealed(
            "reminder_rules", {"escalation_address": f"jour.{MARKER}@example.se"}, at=T0, by="a1"
        )
    with store.transaction(write=False) as tx:
        (found,) = tx.outbox.for_incident(incident_id)
        assert found.message["to"] == address and MARKER in found.error
        assert MARKER in tx.settings.get_sealed("reminder_rules")["escalation_address"]
    folder = Path(sa.make_url(sqlite_url).database).parent
    assert any(p.name.endswith("-wal") for p in folder.iterdir())  # scanned while in the WAL
    for text in (MARKER, MARKER.lower(), address):
        assert files_holding(folder, text) == []
    store.dispose()  # folds the WAL into the main file
    for text in (MARKER, MARKER.lower(), address):
        assert files_holding(folder, text) == []
