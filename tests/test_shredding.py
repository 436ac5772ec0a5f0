"""Retention and crypto-shredding: an incident's data key and every row sealed with it destroyed,
a tombstone left in the register, nothing of it readable afterwards, on both backends."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from cli_support import run
from collaboration_support import MINIMUM, at
from lifecycle_support import MARKER, database_files, full_world, incident_rows, table_rows
from sqlmodel import SQLModel

from breachreport.crypto import unseal, unwrap_data_key
from breachreport.domain.status import Role, Status
from breachreport.errors import (
    InputError,
    IntegrityError,
    InvitationRefused,
    NotFound,
    PermissionDenied,
)
from breachreport.services import Workspace
from breachreport.services.permissions import Actor
from breachreport.services.retention import DEFAULT_MONTHS, add_months

REASON = "Past the retention period agreed with IMY's guidance."


def sealed_blobs(store, incident_id: str) -> list[bytes]:
    """Every ciphertext that belongs to the incident, and its wrapped data key."""
    blobs = []
    with store.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            sealed = [c for c in table.c if c.name.endswith("_ct")]
            if not sealed:
                continue
            if "incident_id" in table.c:
                where = table.c.incident_id == incident_id
            elif table.name == "incident":
                where = table.c.id == incident_id
            elif table.name == "filing_document":
                filings = sa.table("filing", sa.column("id"), sa.column("incident_id"))
                where = table.c.filing_id.in_(
                    sa.select(filings.c.id).where(filings.c.incident_id == incident_id)
                )
            else:
                continue
            for row in connection.execute(sa.select(*sealed).where(where)):
                blobs += [bytes(value) for value in row if value is not None]
        key_row = connection.execute(
            sa.text(
                "SELECT d.id, d.master_key_id, d.wrapped FROM data_key d "
                "JOIN incident i ON i.data_key_id = d.id WHERE i.id = :id"
            ),
            {"id": incident_id},
        ).one()
    blobs.append(bytes(key_row.wrapped))
    return blobs


def data_key_of(store, incident_id: str) -> bytes:
    with store.engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT d.id, d.master_key_id, d.wrapped FROM data_key d "
                "JOIN incident i ON i.data_key_id = d.id WHERE i.id = :id"
            ),
            {"id": incident_id},
        ).one()
    return unwrap_data_key(store.ring, row.master_key_id, row.id, bytes(row.wrapped))


def opens_with(key: bytes, rows: dict[str, list[tuple]]) -> list[str]:
    """Which stored values (of any table, any column) a data key can still open."""
    opened = []
    for table in SQLModel.metadata.sorted_tables:
        for values in rows[table.name]:
            row = dict(zip(table.c.keys(), values, strict=True))
            # Events are sealed for their place in the chain, every other row for its id.
            if table.name == "incident_event":
                place_id = f"{row['incident_id']}:{row['seq']}"
            else:
                place_id = row.get("id")
            for name, value in row.items():
                if value is None or not name.endswith("_ct"):
                    continue
                try:
                    unseal(key, bytes(value), place=f"{table.name}/{name}/{place_id}")
                except IntegrityError:
                    continue
                opened.append(f"{table.name}.{name}")
    return opened


def with_outgoing_mail(world) -> str:
    """A reminder about the incident in the outbox, its address and the server's refusal naming
    the marker (both sealed with the incident's key); its purpose."""
    incident_id = world.workspace.incident(world.ref).id
    purpose = f"reminder|{incident_id}|imy_72h|24|{MARKER}@example.se"
    now = world.clock.now
    with world.store.transaction() as tx:
        mail = tx.outbox.claim(
            incident_id=incident_id,
            purpose=purpose,
            kind="reminder",
            message={"to": f"{MARKER}@example.se", "lang": "sv", "context": {}},
            scheduled_at=now,
            at=now,
        )
        tx.outbox.mark_failed(mail.id, at=now, error=f"550 <{MARKER}@example.se> unknown")
    return purpose


@pytest.fixture
def world(store):
    world = full_world(store)
    with_outgoing_mail(world)
    return world


def test_shredding_leaves_a_tombstone_and_nothing_else_of_the_incident(world):
    incident_id = world.workspace.incident(world.ref).id
    world.clock.advance(days=3)
    stone = world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=REASON)
    assert (stone.reference, stone.status, stone.reason) == (world.ref, Status.PRELIMINARY, REASON)
    assert (stone.shredded_by, stone.shredded_role) == ("Karin Holm", Role.DPO)
    assert stone.aware_at == at("2024-01-20T14:00")
    assert [(f.kind, f.filed_at) for f in stone.filings] == [
        ("preliminary", at("2024-01-22T16:00"))
    ]
    assert all(count == 0 for count in incident_rows(world.store, incident_id).values())
    row = next(r for r in world.workspace.register() if r.reference == world.ref)
    assert row.shredded_at == stone.shredded_at and row.shredded_by == "Karin Holm"
    assert (row.shred_reason, row.title, row.subjects, row.kinds) == (REASON, None, None, [])
    assert (row.aware_at, row.filings, row.case_number) == (
        stone.aware_at,
        1,
        stone.filings[0].case_number,
    )
    assert row.to_json()["shredded"]["reason"] == REASON
    assert MARKER not in json.dumps([r.to_json() for r in world.workspace.register()])


def test_shredding_removes_the_incidents_outgoing_mail_and_verify_stays_clean(world):
    incident_id = world.workspace.incident(world.ref).id
    purpose = f"reminder|{incident_id}|imy_72h|24|{MARKER}@example.se"
    assert incident_rows(world.store, incident_id)["outgoing_mail"] == 1
    world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=REASON)
    assert incident_rows(world.store, incident_id)["outgoing_mail"] == 0
    assert table_rows(world.store)["outgoing_mail"] == []
    with world.store.transaction(write=False) as tx:
        assert tx.outbox.known([purpose]) == set()
        assert tx.outbox.retry_candidates(at=world.clock.now, stale_after=timedelta(0)) == []
    assert world.workspace.verify().damage == []


def test_a_shredded_incident_cannot_be_read_any_more_by_anyone(world):
    world.workspace.shred(ref=world.ref, actor=world.admin.actor, reason=REASON)
    for read in (
        lambda: world.workspace.incident(world.ref),
        lambda: world.workspace.history(world.ref),
        lambda: world.workspace.export(world.ref),
        lambda: world.workspace.render(ref=world.ref),
        lambda: world.workspace.filings(world.ref),
    ):
        with pytest.raises(NotFound, match="has been shredded"):
            read()
    with pytest.raises(InvitationRefused):
        world.workspace.invitations.redeem(world.token)
    assert world.workspace.register_for(world.reviewer.actor) == []


def actor_names(store) -> set[str]:
    with store.transaction(write=False) as tx:
        ids = [row[0] for row in table_rows(store)["actor"]]
        return {tx.actors.get(actor_id).name for actor_id in ids}


def test_a_supplier_contact_of_this_incident_only_is_forgotten_with_it(world):
    assert "Omar Haddad" in actor_names(world.store)
    world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=REASON)
    names = actor_names(world.store)
    assert "Omar Haddad" not in names
    assert {"Karin Holm", "Johan Ek", "Anna Berg", "Lena Sjöberg"} <= names  # staff, accounts


def test_a_supplier_contact_invited_elsewhere_too_is_kept(world):
    other = world.open_another()
    world.workspace.invitations.invite(
        actor=world.dpo.actor,
        ref=other,
        contact_name="Omar Haddad",
        sections=["measures"],
        expires_at=world.clock.now + timedelta(days=7),
    )
    world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=REASON)
    assert "Omar Haddad" in actor_names(world.store)
    assert [e.subject for e in world.workspace.history(other) if e.subject] == ["Omar Haddad"]
    assert world.workspace.verify().damage == []


def test_verify_passes_after_shredding_and_counts_the_tombstones(world):
    world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=REASON)
    report = world.workspace.verify()
    assert (report.damage, report.checked, report.shredded) == ([], 1, 1)
    assert sum(report.master_keys.values()) == 2  # the other incident's and the directory's


def test_nothing_the_shredded_data_key_sealed_is_left_in_the_database(world):
    incident_id = world.workspace.incident(world.ref).id
    key = data_key_of(world.store, incident_id)
    blobs = sealed_blobs(world.store, incident_id)
    assert len(blobs) >= 20
    before = table_rows(world.store)
    assert len(opens_with(key, before)) == len(blobs) - 1  # the test can see them while they exist
    world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=REASON)
    after = table_rows(world.store)
    assert opens_with(key, after) == []
    left = {bytes(v) for rows in after.values() for row in rows for v in row if _binary(v)}
    assert len(left) > 10 and not set(blobs) & left
    assert MARKER not in repr(after)


def _binary(value: object) -> bool:
    return isinstance(value, bytes | memoryview)


def test_the_sqlite_files_hold_no_trace_of_a_shredded_incident(sqlite_url, ring):
    from breachreport.storage import open_store

    store = open_store(sqlite_url, ring)
    world = full_world(store)
    with_outgoing_mail(world)
    incident_id = world.workspace.incident(world.ref).id
    pieces = [blob[:40] for blob in sealed_blobs(store, incident_id)]
    files = b"".join(database_files(store).values())
    assert sum(piece in files for piece in pieces) >= len(pieces) // 2
    world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=REASON)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    files = b"".join(database_files(store).values())
    assert [piece for piece in pieces if piece in files] == []
    assert MARKER.encode() not in files
    store.dispose()


def test_a_reference_is_never_given_again_after_shredding(store):
    workspace = Workspace(store, clock=lambda: at("2024-03-01T10:00"))
    dpo = Actor("Karin Holm", Role.DPO)
    first = workspace.open_incident(actor=dpo, changes=MINIMUM, at=at("2024-02-01T09:00"))
    last = workspace.open_incident(actor=dpo, changes=MINIMUM, at=at("2024-02-02T09:00"))
    workspace.shred(ref=last.reference, actor=dpo, reason="Opened twice by mistake.")
    made = workspace.open_incident(actor=dpo, changes=MINIMUM, at=at("2024-02-03T09:00"))
    assert [first.reference, last.reference, made.reference] == [
        "BR-2024-0001",
        "BR-2024-0002",
        "BR-2024-0003",
    ]
    assert [(r.reference, r.shredded_at is not None) for r in workspace.register()] == [
        ("BR-2024-0001", False),
        ("BR-2024-0002", True),
        ("BR-2024-0003", False),
    ]


def test_a_tampered_tombstone_is_reported_by_verify(world):
    world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=REASON)
    with world.store.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE tombstone SET status = 'not_notified' WHERE reference = :ref"),
            {"ref": world.ref},
        )
    [damage] = world.workspace.verify().damage
    assert (damage.reference, damage.problem) == (world.ref, "tombstone: its MAC does not match")
    with pytest.raises(IntegrityError):
        world.workspace.register()


@pytest.mark.parametrize("role", [Role.LEGAL_REVIEWER, Role.SUPPLIER_CONTACT])
def test_only_the_dpo_and_the_administrator_may_shred(world, role):
    with pytest.raises(PermissionDenied, match="may not shred incidents"):
        world.workspace.shred(ref=world.ref, actor=world.actor(role), reason=REASON)
    assert world.workspace.incident(world.ref).reference == world.ref


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 1001])
def test_shredding_needs_a_reason(world, reason):
    with pytest.raises(InputError):
        world.workspace.shred(ref=world.ref, actor=world.dpo.actor, reason=reason)
    assert world.workspace.incident(world.ref).reference == world.ref


# -- retention -------------------------------------------------------------------------------------


def test_the_retention_period_is_five_years_until_the_organisation_sets_another(store):
    workspace = Workspace(store)
    dpo = Actor("Karin Holm", Role.DPO)
    assert workspace.retention.months() == DEFAULT_MONTHS == 60
    workspace.retention.set_months(actor=dpo, months=18)
    assert workspace.retention.months() == 18
    with pytest.raises(PermissionDenied):
        workspace.retention.set_months(actor=Actor("Johan Ek", Role.LEGAL_REVIEWER), months=1)
    with pytest.raises(InputError):
        workspace.retention.set_months(actor=dpo, months=0)
    assert workspace.store.verify() == []  # the setting is under its MAC


def test_only_finished_incidents_past_retention_are_due(store):
    clock_now = [at("2024-03-01T10:00")]
    workspace = Workspace(store, clock=lambda: clock_now[0])
    dpo = Actor("Karin Holm", Role.DPO)
    documented = workspace.open_incident(
        actor=dpo,
        changes={**MINIMUM, "decision.outcome": "document_only", "decision.reason": "Low risk."},
        at=at("2024-02-01T09:00"),
    )
    draft = workspace.open_incident(actor=dpo, changes=MINIMUM, at=at("2024-02-01T09:00"))
    assert (documented.status, draft.status) == (Status.NOT_NOTIFIED, Status.DRAFT)
    last = at("2024-02-01T09:00")
    assert workspace.retention.due(now=add_months(last, 60) - timedelta(minutes=1)) == []
    [due] = workspace.retention.due(now=add_months(last, 60))
    assert (due.reference, due.last_activity_at, due.due_at) == (
        documented.reference,
        last,
        add_months(last, 60),
    )
    # Any later event on its trail (here a revision) starts the period again.
    clock_now[0] = at("2025-06-01T10:00")
    workspace.revise(
        actor=dpo,
        ref=documented.reference,
        changes={"measures.taken": "Reminded staff."},
        expected_version=documented.version,
        at=at("2025-06-01T10:00"),
    )
    assert workspace.retention.due(now=add_months(last, 60)) == []
    workspace.retention.set_months(actor=dpo, months=12)
    assert [d.reference for d in workspace.retention.due(now=at("2026-06-02T10:00"))] == [
        documented.reference
    ]


def test_months_are_added_by_the_calendar():
    assert add_months(datetime(2024, 1, 31, 12, tzinfo=UTC), 1) == datetime(
        2024, 2, 29, 12, tzinfo=UTC
    )
    assert add_months(datetime(2023, 11, 30, tzinfo=UTC), 3) == datetime(2024, 2, 29, tzinfo=UTC)
    assert add_months(datetime(2024, 2, 29, tzinfo=UTC), 60) == datetime(2029, 2, 28, tzinfo=UTC)


# -- the command line ------------------------------------------------------------------------------


def test_shred_from_the_command_line_and_the_register_shows_the_tombstone(
    app_home, capsys, monkeypatch
):
    monkeypatch.setenv("BREACHREPORT_ACTOR", "Karin Holm")
    assert run(capsys, "demo")[0] == 0
    code, _, err = run(capsys, "shred", "BR-2024-0001")
    assert code == 1 and "--reason" in err
    code, out, _ = run(capsys, "shred", "--due")
    assert code == 0 and "No incident is past the retention period" in out
    assert run(capsys, "retention", "--months", "1")[0] == 0
    code, out, err = run(capsys, "shred", "--due")
    assert code == 0 and out.startswith("BR-2024-0001") and "--yes" in err
    assert "Shredded" not in run(capsys, "list")[1]
    code, out, _ = run(capsys, "shred", "--due", "--yes")
    assert code == 0 and "Shredded BR-2024-0001" in out
    assert "Gallrad" in run(capsys, "--lang", "sv", "list")[1]
    [row] = json.loads(run(capsys, "list", "--json")[1])
    assert row["shredded"]["by"] == "Karin Holm"
    assert row["shredded"]["reason"] == "The retention period has passed."
    code, out, _ = run(capsys, "verify")
    assert code == 0 and "1 shredded incident:" in out
    code, _, err = run(capsys, "export", "BR-2024-0001")
    assert code == 1 and "has been shredded" in err
