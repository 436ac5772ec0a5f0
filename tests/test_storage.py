"""The encrypted store on SQLite and PostgreSQL: use cases, conflicts, tampering, keys at rest."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from breachreport.crypto import KeyRing
from breachreport.errors import (
    IntegrityError,
    MasterKeyError,
    NotFound,
    StorageError,
    VersionConflict,
)
from breachreport.storage import NewEvent, Store, open_store

T0 = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)


def event(kind: str = "revised", *, at: datetime = T0, actor_id: str = "a1", **payload) -> NewEvent:
    return NewEvent(
        kind=kind,
        at=at,
        actor_id=actor_id,
        actor_role="dpo",
        fields=["times.aware_at", "nature.description"],
        payload=payload or {"reason": "first report"},
    )


def create(store: Store, title: str = "Lost laptop", *, at: datetime = T0):
    with store.transaction() as tx:
        return tx.incidents.create(
            created_at=at,
            facts={"title": title, "n": 1},
            summary={"title": title},
            event=event("opened", at=at),
        )


def table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def count_rows(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for name, t in SQLModel.metadata.tables.items()
        }


def test_the_public_names_of_the_storage_package_are_pinned():
    import breachreport.storage

    assert set(breachreport.storage.__all__) == {
        "ActorRecord",
        "Damage",
        "EventRecord",
        "FilingRecord",
        "IncidentRecord",
        "IncidentSummary",
        "NewEvent",
        "Store",
        "Transaction",
        "downgrade",
        "make_engine",
        "open_store",
        "upgrade",
    }
    assert all(hasattr(breachreport.storage, name) for name in breachreport.storage.__all__)


# -- use cases -------------------------------------------------------------------------------------


def test_an_incident_round_trips_through_revisions_events_and_filings(store):
    with store.transaction() as tx:
        dpo = tx.actors.ensure(name="Åsa Dataskydd", role="dpo")
        opened = tx.incidents.create(
            created_at=T0,
            facts={"title": "Lost laptop", "people": 40},
            summary={"title": "Lost laptop"},
            event=event("opened", actor_id=dpo, reason="first report"),
        )
    assert opened.reference == "BR-2024-0001"
    assert opened.version == 1
    later = T0 + timedelta(hours=2)
    with store.transaction() as tx:
        v2 = tx.incidents.update(
            incident_id=opened.id,
            expected_version=1,
            facts={"title": "Lost laptop", "people": 45},
            summary={"title": "Lost laptop"},
            event=event(actor_id=dpo, at=later, changes={"people": [40, 45]}),
        )
        v3 = tx.incidents.update(
            incident_id=opened.id,
            expected_version=v2,
            facts={"title": "Stolen laptop", "people": 45},
            summary={"title": "Stolen laptop"},
            event=event(
                actor_id=dpo, at=later, changes={"title": ["Lost laptop", "Stolen laptop"]}
            ),
            status="assessed",
        )
    assert (v2, v3) == (2, 3)
    with store.transaction() as tx:
        filing = tx.filings.create(
            incident_id=opened.id,
            kind="preliminary",
            filed_at=later,
            actor_id=dpo,
            snapshot={"title": "Stolen laptop", "people": 45},
            changes={"title": ["Lost laptop", "Stolen laptop"]},
            documents={"imy-notification.sv.html": b"<h1>Anm\xc3\xa4lan</h1>", "x.md": b"# X"},
            event=event("filed", actor_id=dpo, at=later),
        )
        tx.filings.set_case_number(
            filing_id=filing.id,
            case_number="IMY-2024-1234",
            event=event("case_number", actor_id=dpo, at=later),
        )

    with store.transaction(write=False) as tx:
        loaded = tx.incidents.load(opened.reference)
        assert loaded == tx.incidents.load(opened.id)
        assert loaded.facts == {"title": "Stolen laptop", "people": 45}
        assert (loaded.version, loaded.status, loaded.updated_at) == (3, "assessed", later)
        events = tx.events.for_incident(opened.id)
        assert [e.seq for e in events] == [1, 2, 3, 4, 5]
        assert [e.kind for e in events] == ["opened", "revised", "revised", "filed", "case_number"]
        assert events[1].payload == {"changes": {"people": [40, 45]}}
        assert events[0].fields == ["times.aware_at", "nature.description"]
        assert all(e.actor_id == dpo and e.at.tzinfo is not None for e in events)
        assert loaded.chain_head == events[-1].mac
        [stored] = tx.filings.for_incident(opened.id)
        assert stored.case_number == "IMY-2024-1234"
        assert stored.snapshot == {"title": "Stolen laptop", "people": 45}
        assert stored.changes == {"title": ["Lost laptop", "Stolen laptop"]}
        assert stored.document_names == ["imy-notification.sv.html", "x.md"]
        assert (stored.seq, stored.kind, stored.filed_at, stored.event_seq) == (
            1,
            "preliminary",
            later,
            4,
        )
        document = tx.filings.document(filing_id=filing.id, name="imy-notification.sv.html")
        assert document == "<h1>Anmälan</h1>".encode()
        assert tx.actors.get(dpo).name == "Åsa Dataskydd"
        [summary] = tx.register.rows()
        assert summary.summary == {"title": "Stolen laptop"}
        assert (summary.reference, summary.version, summary.status) == (
            "BR-2024-0001",
            3,
            "assessed",
        )
    assert store.verify() == []


def test_references_count_up_per_year_of_creation(store):
    refs = [create(store, at=at).reference for at in (T0, T0, T0.replace(year=2025), T0)]
    assert refs == ["BR-2024-0001", "BR-2024-0002", "BR-2025-0001", "BR-2024-0003"]


def test_list_incidents_shows_every_summary_oldest_first(store):
    create(store, "second", at=T0 + timedelta(days=1))
    create(store, "first")
    with store.transaction(write=False) as tx:
        listed = tx.register.rows()
    assert [i.summary["title"] for i in listed] == ["first", "second"]
    assert all(i.created_at.tzinfo is not None for i in listed)


def test_times_come_back_as_utc_whatever_zone_went_in(store):
    stockholm_summer = timezone(timedelta(hours=2))
    local = datetime(2024, 6, 1, 12, 0, tzinfo=stockholm_summer)
    incident = create(store, at=local)
    with store.transaction() as tx:
        loaded = tx.incidents.load(incident.id)
        [opened] = tx.events.for_incident(incident.id)
    assert loaded.created_at == local and loaded.created_at.utcoffset() == timedelta(0)
    assert opened.at == local and opened.at.tzinfo == UTC


def test_set_status_changes_status_and_summary_but_not_version_or_events(store):
    incident = create(store)
    with store.transaction() as tx:
        tx.incidents.set_status(
            incident_id=incident.id, status="notified", summary={"title": "new"}
        )
    with store.transaction() as tx:
        loaded = tx.incidents.load(incident.id)
        assert (loaded.status, loaded.version) == ("notified", 1)
        assert tx.register.rows()[0].summary == {"title": "new"}
        assert len(tx.events.for_incident(incident.id)) == 1
    assert store.verify() == []


def test_the_same_actor_name_and_role_give_the_same_id(store):
    with store.transaction() as tx:
        a = tx.actors.ensure(name="Kim", role="dpo")
        assert tx.actors.ensure(name="Kim", role="dpo") == a
        assert tx.actors.ensure(name="Kim", role="legal") != a
        assert tx.actors.ensure(name="Kim Berg", role="dpo") != a
        assert tx.actors.get(a).role == "dpo"


def test_unknown_ids_are_not_found(store):
    incident = create(store)
    with store.transaction() as tx:
        for call in (
            lambda: tx.incidents.load("BR-2024-9999"),
            lambda: tx.incidents.load(uuid.uuid4().hex),
            lambda: tx.events.for_incident(uuid.uuid4().hex),
            lambda: tx.actors.get(uuid.uuid4().hex),
            lambda: tx.filings.document(filing_id=uuid.uuid4().hex, name="x"),
            lambda: tx.events.append(incident_id=uuid.uuid4().hex, event=event()),
        ):
            with pytest.raises(NotFound):
                call()
        filing = tx.filings.create(
            incident_id=incident.id,
            kind="complete",
            filed_at=T0,
            actor_id="a1",
            snapshot={},
            changes={},
            documents={"a.html": b"a"},
            event=event("filed"),
        )
        with pytest.raises(NotFound):
            tx.filings.document(filing_id=filing.id, name="b.html")


@pytest.mark.parametrize(
    "facts",
    [{"when": T0}, {"x": float("nan")}, {"x": {1, 2}}, ["not", "a", "dict"]],
    ids=["datetime", "nan", "set", "list"],
)
def test_values_that_are_not_plain_json_are_refused_before_writing(store, facts):
    before = count_rows(store)
    with pytest.raises(TypeError), store.transaction() as tx:
        tx.incidents.create(created_at=T0, facts=facts, summary={}, event=event("opened"))
    assert count_rows(store) == before


def test_naive_datetimes_are_refused(store):
    with pytest.raises(TypeError), store.transaction() as tx:
        tx.incidents.create(
            created_at=T0.replace(tzinfo=None), facts={}, summary={}, event=event("opened")
        )


def test_a_transaction_that_raises_leaves_nothing_behind(store):
    before = count_rows(store)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.actors.ensure(name="Kim", role="dpo")
        tx.incidents.create(created_at=T0, facts={}, summary={}, event=event("opened"))
        raise RuntimeError("boom")
    assert count_rows(store) == before


# -- conflicts -------------------------------------------------------------------------------------


def test_a_stale_version_conflicts_and_changes_nothing(store):
    incident = create(store)
    with store.transaction() as tx:
        tx.incidents.update(
            incident_id=incident.id,
            expected_version=1,
            facts={"title": "theirs"},
            summary={"title": "theirs"},
            event=event(),
        )
    with store.transaction() as tx:
        before = (tx.incidents.load(incident.id), tx.events.for_incident(incident.id))
    with pytest.raises(VersionConflict) as caught, store.transaction() as tx:
        tx.incidents.update(
            incident_id=incident.id,
            expected_version=1,
            facts={"title": "yours"},
            summary={"title": "yours"},
            event=event(),
        )
    assert (caught.value.incident_ref, caught.value.expected_version) == (incident.reference, 1)
    assert caught.value.current_version == 2
    with store.transaction() as tx:
        assert (tx.incidents.load(incident.id), tx.events.for_incident(incident.id)) == before
        assert tx.register.rows()[0].summary == {"title": "theirs"}


def _update_in_thread(store: Store, incident_id: str, title: str, results: list, **hooks):
    try:
        with store.transaction() as tx:
            hooks.get("before", lambda: None)()
            version = tx.incidents.update(
                incident_id=incident_id,
                expected_version=1,
                facts={"title": title},
                summary={"title": title},
                event=event(reason=title),
            )
            hooks.get("after", lambda: None)()
        results.append(("saved", title, version))
    except VersionConflict as conflict:
        results.append(("conflict", title, conflict.current_version))


def test_a_writer_that_overlaps_a_save_in_progress_gets_a_conflict(store):
    incident = create(store)
    first_updated = threading.Event()
    results: list = []

    def slow_commit():
        first_updated.set()
        time.sleep(0.3)  # the second writer is now waiting for the lock

    first = threading.Thread(
        target=_update_in_thread,
        args=(store, incident.id, "first", results),
        kwargs={"after": slow_commit},
    )
    second = threading.Thread(
        target=_update_in_thread,
        args=(store, incident.id, "second", results),
        kwargs={"before": lambda: None},
    )
    first.start()
    assert first_updated.wait(30)  # generous: a busy machine can be slow to start a thread
    second.start()
    first.join(60)
    second.join(60)
    assert sorted(results) == [("conflict", "second", 2), ("saved", "first", 2)]
    with store.transaction() as tx:
        assert tx.incidents.load(incident.id).facts == {"title": "first"}
        assert [e.seq for e in tx.events.for_incident(incident.id)] == [1, 2]
    assert store.verify() == []


def test_of_many_simultaneous_writers_exactly_one_wins(store):
    incident = create(store)
    writers = 6
    barrier = threading.Barrier(writers)
    results: list = []

    def run(title):
        barrier.wait(5)
        _update_in_thread(store, incident.id, title, results)

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    outcomes = [r[0] for r in results]
    assert outcomes.count("saved") == 1 and outcomes.count("conflict") == writers - 1
    [winner] = [r[1] for r in results if r[0] == "saved"]
    with store.transaction() as tx:
        assert tx.incidents.load(incident.id).facts == {"title": winner}
        assert [e.seq for e in tx.events.for_incident(incident.id)] == [1, 2]
    assert store.verify() == []


def test_simultaneous_creates_get_distinct_consecutive_references(store):
    creators = 6
    barrier = threading.Barrier(creators)
    references: list[str] = []
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait(5)
            references.append(create(store).reference)
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(creators)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(references) == [f"BR-2024-{n:04d}" for n in range(1, creators + 1)]
    assert store.verify() == []


# -- tampering -------------------------------------------------------------------------------------


def build_history(store: Store) -> dict[str, str]:
    """Two incidents with revisions, a filing, documents and a case number; returns A's ids."""
    ids: dict[str, str] = {}
    for name in ("A", "B"):
        incident = create(store, f"incident {name}")
        with store.transaction() as tx:
            actor = tx.actors.ensure(name="Kim", role="dpo")
            tx.incidents.update(
                incident_id=incident.id,
                expected_version=1,
                facts={"title": f"incident {name}", "n": 2},
                summary={"title": f"incident {name}"},
                event=event(actor_id=actor, changes={"n": [1, 2]}),
            )
            filing = tx.filings.create(
                incident_id=incident.id,
                kind="preliminary",
                filed_at=T0,
                actor_id=actor,
                snapshot={"n": 2},
                changes={"n": [None, 2]},
                documents={"imy.sv.html": b"<p>sv</p>", "imy.en.html": b"<p>en</p>"},
                event=event("filed", actor_id=actor),
            )
            tx.filings.set_case_number(
                filing_id=filing.id, case_number="IMY-1", event=event("case_number", actor_id=actor)
            )
        ids[name] = incident.id
        ids[f"{name}_reference"] = incident.reference
        ids[f"{name}_filing"] = filing.id
    with store.engine.connect() as connection:
        ids["A_data_key"] = connection.execute(
            sa.select(table("incident").c.data_key_id).where(table("incident").c.id == ids["A"])
        ).scalar_one()
    return ids


def row_of_a(name: str, ids: dict[str, str]):
    """Where clause picking one row that belongs to incident A (actors belong to no incident)."""
    t = table(name)
    if name == "incident":
        return t.c.id == ids["A"]
    if name == "incident_event":
        return sa.and_(t.c.incident_id == ids["A"], t.c.seq == 2)
    if name == "filing":
        return t.c.id == ids["A_filing"]
    if name == "filing_document":
        return sa.and_(t.c.filing_id == ids["A_filing"], t.c.name == "imy.sv.html")
    if name == "data_key":
        return t.c.id == ids["A_data_key"]
    return sa.true()


def flipped(value):
    """The value with one byte (or character, or unit) changed."""
    if isinstance(value, bytes):
        middle = len(value) // 2
        return value[:middle] + bytes([value[middle] ^ 0x01]) + value[middle + 1 :]
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return value + 100  # far enough not to collide with a neighbour's seq
    if isinstance(value, str):
        middle = len(value) // 2
        return value[:middle] + chr(ord(value[middle]) ^ 0x01) + value[middle + 1 :]
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    if isinstance(value, list):
        return [flipped(value[0]), *value[1:]]
    raise TypeError(type(value))


def tamper(store: Store, name: str, column: str, ids: dict[str, str]) -> None:
    t = table(name)
    where = row_of_a(name, ids)
    with store.engine.begin() as connection:
        value = connection.execute(sa.select(t.c[column]).where(where)).scalar_one()
        result = connection.execute(sa.update(t).where(where).values({column: flipped(value)}))
        assert result.rowcount == 1


INCIDENT_COLUMNS = [
    ("incident", c)
    for c in ("reference", "status", "version", "created_at", "updated_at", "facts_ct")
    + ("summary_ct", "chain_head", "row_mac")
]
EVENT_COLUMNS = [
    ("incident_event", c)
    for c in (
        "seq",
        "kind",
        "at",
        "actor_id",
        "actor_role",
        "fields",
        "payload_ct",
        "prev_mac",
        "mac",
    )
]
FILING_COLUMNS = [
    ("filing", c)
    for c in ("seq", "kind", "filed_at", "actor_id", "case_number", "snapshot_ct", "changes_ct")
    + ("event_seq", "row_mac", "meta_ct")
]
OTHER_COLUMNS = [
    ("filing_document", "name"),
    ("filing_document", "content_ct"),
    ("data_key", "wrapped"),
]


@pytest.mark.parametrize(
    ("name", "column"),
    INCIDENT_COLUMNS + EVENT_COLUMNS + FILING_COLUMNS + OTHER_COLUMNS,
    ids=lambda v: v,
)
def test_one_changed_byte_in_any_stored_column_is_reported_for_that_incident(store, name, column):
    ids = build_history(store)
    assert store.verify() == []
    tamper(store, name, column, ids)
    damage = store.verify()
    assert damage, f"tampering {name}.{column} went unnoticed"
    if column == "reference":  # the old number is now missing from the numbering, too
        gaps = [d for d in damage if d.incident_id is None]
        assert [d.reference for d in gaps] == [ids["A_reference"]]
        damage = [d for d in damage if d not in gaps]
    assert {d.incident_id for d in damage} == {ids["A"]}
    if column != "reference":
        assert {d.reference for d in damage} == {ids["A_reference"]}
    assert all(d.problem and "\n" not in d.problem for d in damage)


def test_filing_metadata_is_kept_sealed_and_its_removal_is_reported(store):
    ids = build_history(store)
    with store.transaction() as tx:
        record = tx.incidents.load(ids["A"])
        actor = tx.filings.for_incident(ids["A"])[0].actor_id
        made = tx.filings.create(
            incident_id=ids["A"],
            kind="supplement",
            filed_at=record.updated_at,
            actor_id=actor,
            snapshot={},
            changes={},
            documents={},
            event=event("filed", actor_id=actor, at=record.updated_at),
            meta={"final": True, "delay_reasons": "Weekend; the supplier answered on Monday."},
        )
    with store.transaction(write=False) as tx:
        stored = tx.filings.for_incident(ids["A"])[-1]
    assert (stored.final, stored.delay_reasons) == (
        True,
        "Weekend; the supplier answered on Monday.",
    )
    with store.engine.begin() as connection:
        blob = connection.execute(
            sa.select(table("filing").c.meta_ct).where(table("filing").c.id == made.id)
        ).scalar_one()
        assert b"Weekend" not in blob
        connection.execute(
            sa.update(table("filing")).where(table("filing").c.id == made.id).values(meta_ct=None)
        )
    damage = store.verify()
    assert [d.reference for d in damage] == [ids["A_reference"]]
    assert "MAC" in damage[0].problem


def test_a_changed_actor_name_is_reported(store):
    ids = build_history(store)
    tamper(store, "actor", "name_ct", ids)
    [damage] = store.verify()
    assert damage.incident_id is None and damage.problem.startswith("actor ")
    with pytest.raises(IntegrityError), store.transaction() as tx:
        tx.actors.ensure(name="Kim", role="dpo")


def test_a_damaged_incident_does_not_stop_the_check_of_the_others(store):
    ids = build_history(store)
    third = create(store, "C")
    tamper(store, "incident", "facts_ct", ids)
    with store.engine.begin() as connection:
        t = table("incident_event")
        connection.execute(sa.delete(t).where(t.c.incident_id == ids["B"], t.c.seq == 2))
    damaged = {d.incident_id for d in store.verify()}
    assert damaged == {ids["A"], ids["B"]}
    assert third.id not in damaged


def test_reading_a_tampered_incident_raises_integrity_error(store):
    ids = build_history(store)
    tamper(store, "incident", "status", ids)
    with pytest.raises(IntegrityError, match=ids["A_reference"]), store.transaction() as tx:
        tx.incidents.load(ids["A"])
    with pytest.raises(IntegrityError), store.transaction() as tx:
        tx.incidents.update(
            incident_id=ids["A"], expected_version=2, facts={}, summary={}, event=event()
        )


def copy_value(store: Store, name: str, column: str, source, target, target_column=None) -> None:
    t = table(name)
    with store.engine.begin() as connection:
        value = connection.execute(sa.select(t.c[column]).where(source)).scalar_one()
        connection.execute(sa.update(t).where(target).values({target_column or column: value}))


def test_a_ciphertext_copied_to_another_incident_does_not_open(store):
    ids = build_history(store)
    t = table("incident")
    copy_value(store, "incident", "facts_ct", t.c.id == ids["B"], t.c.id == ids["A"])
    assert {d.incident_id for d in store.verify()} == {ids["A"]}
    with pytest.raises(IntegrityError), store.transaction() as tx:
        tx.incidents.load(ids["A"])


def test_a_ciphertext_copied_to_another_column_does_not_open(store):
    ids = build_history(store)
    t = table("incident")
    copy_value(store, "incident", "summary_ct", t.c.id == ids["A"], t.c.id == ids["A"], "facts_ct")
    problems = [d.problem for d in store.verify() if d.incident_id == ids["A"]]
    assert any("facts_ct" in p for p in problems)


def test_an_event_payload_copied_to_another_event_does_not_open(store):
    ids = build_history(store)
    t = table("incident_event")
    mine = t.c.incident_id == ids["A"]
    copy_value(
        store,
        "incident_event",
        "payload_ct",
        sa.and_(mine, t.c.seq == 1),
        sa.and_(mine, t.c.seq == 2),
    )
    problems = [d.problem for d in store.verify() if d.incident_id == ids["A"]]
    assert any("event 2 payload" in p for p in problems)


def test_a_document_copied_over_another_does_not_open(store):
    ids = build_history(store)
    t = table("filing_document")
    mine = t.c.filing_id == ids["A_filing"]
    copy_value(
        store,
        "filing_document",
        "content_ct",
        sa.and_(mine, t.c.name == "imy.en.html"),
        sa.and_(mine, t.c.name == "imy.sv.html"),
    )
    assert {d.incident_id for d in store.verify()} == {ids["A"]}
    with pytest.raises(IntegrityError), store.transaction() as tx:
        tx.filings.document(filing_id=ids["A_filing"], name="imy.sv.html")


def test_an_incident_pointed_at_another_data_key_does_not_open(store):
    ids = build_history(store)
    t = table("incident")
    copy_value(store, "incident", "data_key_id", t.c.id == ids["B"], t.c.id == ids["A"])
    assert {d.incident_id for d in store.verify()} == {ids["A"]}


# -- keys and opening ------------------------------------------------------------------------------


def database_state(store: Store, url: str) -> object:
    if url.startswith("sqlite"):
        path = Path(sa.make_url(url).database)
        return {
            p.name: p.read_bytes() for p in path.parent.iterdir() if not p.name.endswith("-shm")
        }
    return count_rows(store)


@pytest.mark.parametrize("which", ["other ring", "same master key, other audit key"])
def test_opening_with_another_key_ring_fails_before_writing(database_url, ring, which):
    store = open_store(database_url, ring)
    build_history(store)
    store.dispose()
    before = database_state(store, database_url)
    if which == "other ring":
        other = KeyRing.generate()
    else:
        other = KeyRing(ring.master_keys, ring.active_id, b"x" * 32)
    with pytest.raises(MasterKeyError) as caught:
        open_store(database_url, other)
    assert "\n" not in str(caught.value)
    if which == "other ring":
        assert ring.active_id in str(caught.value)
    assert database_state(store, database_url) == before
    reopened = open_store(database_url, ring)
    assert reopened.verify() == []
    reopened.dispose()


def test_a_ring_with_a_newer_active_key_still_opens_old_data(database_url, ring):
    store = open_store(database_url, ring)
    first = create(store)
    store.dispose()
    rotated = open_store(database_url, ring.with_new_master_key())
    second = create(rotated)
    with rotated.transaction() as tx:
        assert [i.id for i in tx.register.rows()] == [first.id, second.id]
    assert rotated.verify() == []
    rotated.dispose()


def test_a_url_that_cannot_connect_is_one_storage_error_line():
    with pytest.raises(StorageError) as caught:
        open_store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none", KeyRing.generate())
    assert "\n" not in str(caught.value) and "secret" not in str(caught.value)


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://", "not a url"])
def test_unsupported_urls_are_storage_errors(url):
    with pytest.raises(StorageError):
        open_store(url, KeyRing.generate())


def test_opening_without_create_does_not_make_a_database(sqlite_url):
    with pytest.raises(StorageError, match="No database"):
        open_store(sqlite_url, KeyRing.generate(), create=False)
    assert not Path(sa.make_url(sqlite_url).database).exists()


def test_opening_without_create_works_on_an_existing_database(database_url, ring):
    store = open_store(database_url, ring)
    incident = create(store)
    store.dispose()
    store = open_store(database_url, ring, create=False)
    with store.transaction() as tx:
        assert tx.incidents.load(incident.id).facts["title"] == "Lost laptop"
    store.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_secure_delete(sqlite_url):
    store = open_store(sqlite_url, KeyRing.generate())
    with store.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == 5000
    store.dispose()


# -- nothing personal at rest ----------------------------------------------------------------------


def test_personal_data_never_reaches_the_database_files_in_plain_text(sqlite_url, ring):
    marker = f"MARKER-{uuid.uuid4().hex}"
    store = open_store(sqlite_url, ring)
    with store.transaction() as tx:
        actor = tx.actors.ensure(name=f"{marker} actor", role="dpo")
        incident = tx.incidents.create(
            created_at=T0,
            facts={"description": f"{marker} facts", marker: "as a key"},
            summary={"title": f"{marker} summary"},
            event=event("opened", actor_id=actor, reason=f"{marker} payload"),
        )
        tx.incidents.update(
            incident_id=incident.id,
            expected_version=1,
            facts={"description": f"{marker} facts v2"},
            summary={"title": f"{marker} summary v2"},
            event=event(
                actor_id=actor, changes={"description": [f"{marker} old", f"{marker} new"]}
            ),
        )
        filing = tx.filings.create(
            incident_id=incident.id,
            kind="preliminary",
            filed_at=T0,
            actor_id=actor,
            snapshot={"description": f"{marker} snapshot"},
            changes={"description": [None, f"{marker} changes"]},
            documents={"imy.sv.html": f"<p>{marker} document</p>".encode()},
            event=event("filed", actor_id=actor, note=f"{marker} filed"),
        )
    with store.transaction(write=False) as tx:
        assert marker in tx.actors.get(actor).name
        assert marker in tx.incidents.load(incident.id).facts["description"]
        assert marker in tx.register.rows()[0].summary["title"]
        assert all(marker in str(e.payload) for e in tx.events.for_incident(incident.id))
        assert marker in str(tx.filings.for_incident(incident.id)[0].snapshot)
        assert marker in tx.filings.document(filing_id=filing.id, name="imy.sv.html").decode()

    folder = Path(sa.make_url(sqlite_url).database).parent

    def leaks() -> list[str]:
        needle = marker.encode()
        return [p.name for p in folder.iterdir() if p.is_file() and needle in p.read_bytes()]

    assert any(p.name.endswith("-wal") for p in folder.iterdir())  # scanned while still in the WAL
    assert leaks() == []
    store.dispose()  # checkpoints the WAL into the main file
    assert leaks() == []


def test_a_damaged_summary_is_one_damaged_row_and_the_register_still_lists_the_others(store):
    from breachreport.domain.status import Role
    from breachreport.services import Actor, Workspace

    workspace = Workspace(store)
    dpo = Actor(name="Karin Holm", role=Role.DPO)
    refs = [
        workspace.open_incident(
            actor=dpo,
            changes={"description.title_internal": title, "times.aware_at": "2024-01-20T14:00"},
        ).reference
        for title in ("Lost laptop", "Wrong recipient")
    ]
    t = table("incident")
    with store.engine.begin() as connection:
        blob = connection.execute(
            sa.select(t.c.summary_ct).where(t.c.reference == refs[0])
        ).scalar_one()
        flipped = bytes([blob[0], blob[1] ^ 1, *blob[2:]])
        connection.execute(sa.update(t).where(t.c.reference == refs[0]).values(summary_ct=flipped))
    rows = {row.reference: row for row in workspace.register()}
    assert rows[refs[0]].damaged and rows[refs[0]].title is None
    assert not rows[refs[1]].damaged and rows[refs[1]].title == "Wrong recipient"
    assert refs[0] in {d.reference for d in store.verify()}


def test_an_incident_deleted_behind_the_applications_back_is_reported_by_its_missing_number(
    store,
):
    """A whole incident removed with SQL leaves no damaged row behind; the gap in the yearly
    numbering gives it away (a shredded one keeps its number in its tombstone)."""
    from breachreport.domain.status import Role
    from breachreport.services import Actor, Workspace

    workspace = Workspace(store)
    dpo = Actor(name="Karin Holm", role=Role.DPO)
    refs = [
        workspace.open_incident(actor=dpo, changes={"times.aware_at": "2024-01-20T14:00"}).reference
        for _ in range(3)
    ]
    workspace.shred(ref=refs[0], actor=dpo, reason="Opened by mistake.")
    assert store.verify() == []  # a shredded incident is no gap
    incident_id = workspace.incident(refs[1]).id
    with store.engine.begin() as connection:
        for name in ("incident_event", "incident"):
            t = table(name)
            column = t.c.incident_id if name == "incident_event" else t.c.id
            connection.execute(sa.delete(t).where(column == incident_id))
    [damage] = store.verify()
    assert damage.reference == refs[1]
    assert "deleted without being shredded" in damage.problem


def test_a_transaction_is_a_unit_of_work_of_repositories_sharing_one_session(store):
    from breachreport.storage.chain import IncidentChain
    from breachreport.storage.transaction import REPOSITORIES

    with store.transaction(write=False) as tx:
        repositories = {name: getattr(tx, name) for name in REPOSITORIES}
        assert len({id(r) for r in repositories.values()}) == len(REPOSITORIES)
        for name, repository in repositories.items():
            assert not isinstance(repository, IncidentChain), name  # a collaborator, not a base
            assert repository.session is tx.session, name
        chains = {id(r.chain) for r in repositories.values() if hasattr(r, "chain")}
        assert len(chains) == 1  # one chain, so one data-key cache and one ring per transaction
        assert tx.accounts.actors is tx.actors  # a repository that needs another is given it
