"""The attacker's moves on the rows around the chain (issue 17): for each table, a row deleted, a
column altered, a row moved to another incident; ``verify`` must fail and name the incident (where
there is one) and the kind of row. Each move runs on the same store inside a transaction that is
rolled back (tamper_support)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from tamper_support import BACKENDS, Target, attacked, built_target, table, verify_on

from breachreport.errors import IntegrityError
from breachreport.services import Workspace


@pytest.fixture(scope="module", params=BACKENDS)
def target(request, tmp_path_factory):
    built = built_target(request, tmp_path_factory)
    found = next(built)
    with_a_bulletin(found)
    with_outgoing_mail(found)
    yield found
    built.close()


def with_a_bulletin(target: Target) -> None:
    """A registered supplier (under the ledger) and its bulletin imported into incident A (a row
    of A's manifest, with a proposal that came without an invitation)."""
    from breachreport.crypto.bulletin_signing import (
        generate_key,
        public_key_text,
        sign,
        signed_file_bytes,
    )
    from breachreport.domain.bulletin import example_bulletin
    from breachreport.domain.bulletin_example import EKEBY
    from breachreport.domain.status import Role
    from breachreport.services.accounts import LOCAL_OPERATOR, Accounts, OrganisationProfile
    from breachreport.services.permissions import Actor

    Accounts(target.store).save_organisation(
        by=LOCAL_OPERATOR,
        profile=OrganisationProfile(name="Region Nordmark", org_number=EKEBY[0]),
    )
    workspace = Workspace(target.store)
    dpo = Actor("Maria Lindqvist", Role.DPO)
    key = generate_key()
    workspace.bulletins.add_supplier(
        actor=dpo, name="Personalrum Nord AB", public_key=public_key_text(key)
    )
    bulletin = example_bulletin(1)
    # No times of its own: incident A's timeline (January 2024) stays as it is.
    untimed = bulletin.incident.model_copy(
        update=dict.fromkeys(("occurred_from", "discovered_at", "aware_at", "ongoing"))
    )
    workspace.bulletins.import_bulletin(
        actor=dpo,
        data=signed_file_bytes(sign(bulletin.model_copy(update={"incident": untimed}), key)),
        incident_ref=target.a_ref,
    )


def with_outgoing_mail(target: Target) -> None:
    """Incident A's outbox: a reminder sent and an escalation that failed (rows of A's manifest,
    the second changed after it was written), and the reminder rules saved sealed (a setting)."""
    at = datetime(2024, 1, 21, 14, tzinfo=UTC)
    with target.store.transaction() as tx:
        for purpose, kind in (("reminder|a|24", "reminder"), ("escalation|a|2", "escalation")):
            claimed = tx.outbox.claim(
                incident_id=target.a_id,
                purpose=purpose,
                kind=kind,
                message={"to": "dpo@nordmark.example.se", "lang": "sv", "context": {}},
                scheduled_at=at,
                at=at,
                clock_key="imy_72h",
                due=datetime(2024, 1, 23, 14, tzinfo=UTC),
            )
            if kind == "reminder":
                tx.outbox.mark_sent(claimed.id, at=at)
            else:
                tx.outbox.mark_failed(claimed.id, at=at, error="451 try again later")
        tx.settings.save_sealed(
            "reminder_rules", {"escalation_address": "jour@nordmark.example.se"}, at=at, by="x"
        )


def one(connection: sa.Connection, name: str, *where, column: str = "id"):
    t = table(name)
    query = sa.select(t.c[column]).where(*where).order_by(t.c[column].desc()).limit(1)
    return connection.execute(query).scalar_one()


def delete(connection: sa.Connection, name: str, *where) -> None:
    t = table(name)
    assert connection.execute(sa.delete(t).where(*where)).rowcount >= 1


def update(connection: sa.Connection, name: str, where, /, **values) -> None:
    t = table(name)
    assert connection.execute(sa.update(t).where(where).values(**values)).rowcount == 1


@dataclass(frozen=True)
class Move:
    """An attack and what verify must say: (whose reference or None, words in the problem)."""

    name: str
    attack: Callable[[sa.Connection, Target], None]
    expect: Callable[[Target], list[tuple[str | None, str]]]


def _of_a(name: str):
    return lambda c, t: table(name).c.incident_id == t.a_id


def _delete_attached(name: str) -> Move:
    def attack(c: sa.Connection, t: Target) -> None:
        row_id = one(c, name, _of_a(name)(c, t))
        if name == "invitation":  # what points at it goes first, as a foreign key demands
            for child in ("proposal", "evidence"):
                delete(c, child, table(child).c.invitation_id == row_id)
        if name == "filing":
            delete(c, "filing_document", table("filing_document").c.filing_id == row_id)
        delete(c, name, table(name).c.id == row_id)

    return Move(f"delete {name}", attack, lambda t: [(t.a_ref, f"{name}: 1 row deleted")])


def _move_attached(name: str) -> Move:
    def attack(c: sa.Connection, t: Target) -> None:
        t_ = table(name)
        row_id = one(c, name, t_.c.incident_id == t.a_id)
        update(c, name, t_.c.id == row_id, incident_id=t.b_id)

    return Move(
        f"move {name}",
        attack,
        lambda t: [(t.a_ref, f"{name}: 1 row deleted"), (t.b_ref, f"{name}: 1 row added")],
    )


INCIDENT_TABLES = (
    "filing",
    "approval",
    "comment",
    "invitation",
    "proposal",
    "reviewer_assignment",
    "evidence",
    "bulletin_import",
    "outgoing_mail",
)


def _delete_event(c: sa.Connection, t: Target) -> None:
    events = table("incident_event")
    seq = one(c, "incident_event", events.c.incident_id == t.a_id, column="seq")
    delete(c, "incident_event", events.c.incident_id == t.a_id, events.c.seq == seq)


def _move_event(c: sa.Connection, t: Target) -> None:
    events = table("incident_event")
    seq = one(c, "incident_event", events.c.incident_id == t.a_id, column="seq")
    where = sa.and_(events.c.incident_id == t.a_id, events.c.seq == seq)
    update(c, "incident_event", where, incident_id=t.b_id)


def _event_id(c: sa.Connection, t: Target) -> None:
    events = table("incident_event")
    seq = one(c, "incident_event", events.c.incident_id == t.a_id, column="seq")
    where = sa.and_(events.c.incident_id == t.a_id, events.c.seq == seq)
    update(c, "incident_event", where, id=one(c, "incident_event") + 100)


def _delete_document(c: sa.Connection, t: Target) -> None:
    docs = table("filing_document")
    delete(c, "filing_document", docs.c.id == one(c, "filing_document"))


def _shared(name: str, key: str, where_value: Callable[[sa.Connection, Target], str]):
    return lambda c, t: table(name).c[key] == where_value(c, t)


def _admin_account(c: sa.Connection, t: Target) -> str:
    """An account nothing else points at: the administrator's (made second)."""
    accounts = table("account")
    query = sa.select(accounts.c.id).order_by(accounts.c.created_at, accounts.c.id)
    return c.execute(query).scalars().all()[1]


def _directory_key(c: sa.Connection, t: Target) -> str:
    meta = table("meta")
    return c.execute(sa.select(meta.c.value).where(meta.c.key == "directory_key_id")).scalar_one()


def _delete_account(c: sa.Connection, t: Target) -> None:
    delete(c, "account", table("account").c.id == _admin_account(c, t))


def _delete_actor(c: sa.Connection, t: Target) -> None:
    account_id = _admin_account(c, t)
    accounts = table("account")
    actor_id = c.execute(
        sa.select(accounts.c.actor_id).where(accounts.c.id == account_id)
    ).scalar_one()
    delete(c, "account", accounts.c.id == account_id)
    delete(c, "actor", table("actor").c.id == actor_id)


def _delete_supplier(c: sa.Connection, t: Target) -> None:
    """The supplier goes with its import (whose foreign key would refuse it alone)."""
    delete(c, "bulletin_import", sa.true())
    delete(c, "supplier", sa.true())


def _add_supplier(c: sa.Connection, t: Target) -> None:
    """A second key for the same supplier, inserted behind the application's back."""
    suppliers = table("supplier")
    row = c.execute(sa.select(suppliers)).one()._asdict()
    c.execute(suppliers.insert().values({**row, "id": "f" * 32, "fingerprint": "SHA256:forged"}))


def _delete_incident(c: sa.Connection, t: Target) -> None:
    delete(c, "incident_event", table("incident_event").c.incident_id == t.newest_id)
    delete(c, "incident", table("incident").c.id == t.newest_id)


MOVES = [
    *(_delete_attached(name) for name in INCIDENT_TABLES),
    *(_move_attached(name) for name in INCIDENT_TABLES),
    Move("delete incident_event", _delete_event, lambda t: [(t.a_ref, "incident_event")]),
    Move(
        "move incident_event",
        _move_event,
        lambda t: [(t.a_ref, "incident_event: 1 row deleted"), (t.b_ref, "incident_event")],
    ),
    Move(
        "alter incident_event.id",
        _event_id,
        lambda t: [(t.a_ref, "incident_event: rows altered or replaced")],
    ),
    Move(
        "delete filing_document",
        _delete_document,
        lambda t: [(t.a_ref, "filing_document: 1 row deleted")],
    ),
    Move(
        "delete setting",
        lambda c, t: delete(c, "setting", table("setting").c.name == "four_eyes"),
        lambda t: [(None, "setting four_eyes: deleted")],
    ),
    Move(
        "delete a sealed setting",
        lambda c, t: delete(c, "setting", table("setting").c.name == "reminder_rules"),
        lambda t: [(None, "setting reminder_rules: deleted")],
    ),
    Move("delete account", _delete_account, lambda t: [(None, "account ")]),
    Move("delete actor", _delete_actor, lambda t: [(None, "actor ")]),
    Move(
        "delete supplier",
        _delete_supplier,
        lambda t: [(None, ": deleted"), (t.a_ref, "bulletin_import: 1 row deleted")],
    ),
    Move(
        "add supplier",
        _add_supplier,
        lambda t: [(None, f"supplier {'f' * 32}: added behind the application's back")],
    ),
    Move(
        "delete data_key",
        lambda c, t: delete(c, "data_key", table("data_key").c.id == _directory_key(c, t)),
        lambda t: [(None, "data key ")],
    ),
    Move(
        "delete organisation",
        lambda c, t: delete(c, "organisation", sa.true()),
        lambda t: [(None, "the organisation profile: deleted")],
    ),
    Move(
        "delete tombstone",
        lambda c, t: delete(c, "tombstone", sa.true()),
        lambda t: [(t.shredded_ref, "its tombstone was deleted")],
    ),
    Move(
        "delete the newest incident of its year",
        _delete_incident,
        lambda t: [(t.newest_ref, "deleted without being shredded")],
    ),
    Move(
        "delete the directory key's meta entry",
        lambda c, t: delete(c, "meta", table("meta").c.key == "directory_key_id"),
        lambda t: [(None, "meta directory_key_id: deleted")],
    ),
    Move(
        "add a meta entry",  # a copy of the audit key check under a name nothing reads
        lambda c, t: c.execute(
            table("meta").insert().values(key="audit_key_check_2", value="0" * 64)
        ),
        lambda t: [(None, "meta audit_key_check_2: an entry the application never writes")],
    ),
    Move(
        "delete the newest ledger entry",
        lambda c, t: delete(c, "ledger", table("ledger").c.seq == one(c, "ledger", column="seq")),
        lambda t: [(None, "")],
    ),
]

# One column of each table altered (the others are covered by the property test).
ALTERED = [
    ("filing", "kind", "complete", "filing 1: its MAC does not match"),
    ("filing_document", "name", "other.pdf", "filing_document: rows altered or replaced"),
    ("incident_event", "kind", "note", "its MAC does not match"),
    ("approval", "facts_version", 99, "approval "),
    ("comment", "section", "times", "comment "),
    ("invitation", "sections", ["data"], "invitation "),
    ("proposal", "status", "withdrawn", "proposal "),  # a status neither proposal has
    ("reviewer_assignment", "removed_by", "x" * 32, "reviewer_assignment "),
    ("evidence", "media_type", "text/plain", "evidence "),
    ("bulletin_import", "version", 7, "bulletin_import "),
    ("outgoing_mail", "status", "expired", "outgoing_mail "),  # a status neither mail has
    ("incident", "status", "closed", "incident row: its MAC does not match"),
]
SHARED_ALTERED = [
    ("setting", "name", "four_eyes", "value", False, "setting four_eyes"),
    ("setting", "name", "reminder_rules", "value", {"escalation_address": None}, "setting remi"),
    # By id: the supplier's actor makes the supplier contacts' role one of two rows.
    ("actor", "id", None, "role", "admin", "actor "),
    ("data_key", "purpose", None, "purpose", "incident", "data key "),
    ("account", "role", None, "role", "dpo", "account "),
    ("supplier", "fingerprint", None, "fingerprint", "SHA256:forged", "supplier "),
    ("organisation", "id", "profile", "updated_by", "y" * 32, "the organisation profile"),
    ("tombstone", "status", None, "status", "open", "tombstone: its MAC does not match"),
]


def assert_named(damage, expected, what: str) -> None:
    assert damage, f"{what} went unnoticed"
    for reference, words in expected:
        found = [d for d in damage if d.reference == reference and words in d.problem]
        assert found, f"{what}: nothing says {words!r} about {reference}; said {damage}"


def test_a_clean_store_verifies_with_no_damage(target):
    with attacked(target.store) as connection:
        assert verify_on(target.store, connection) == []
    report = Workspace(target.store).verify()
    assert report.damage == [] and report.rows_since is not None  # "under the chain since ..."


@pytest.mark.parametrize("move", MOVES, ids=lambda m: m.name)
def test_each_move_on_the_rows_is_reported_with_the_incident_and_kind_of_row(target, move):
    with attacked(target.store) as connection:
        move.attack(connection, target)
        damage = verify_on(target.store, connection)
    assert_named(damage, move.expect(target), move.name)


@pytest.mark.parametrize(("name", "column", "value", "words"), ALTERED, ids=lambda v: str(v))
def test_an_altered_column_of_an_incidents_row_names_the_incident(
    target, name, column, value, words
):
    t = table(name)
    with attacked(target.store) as connection:
        if name == "incident":
            where = t.c.id == target.a_id
        elif name == "filing_document":
            where = t.c.id == one(connection, name)
        else:
            where = t.c.id == one(connection, name, t.c.incident_id == target.a_id)
        update(connection, name, where, **{column: value})
        damage = verify_on(target.store, connection)
    assert_named(damage, [(target.a_ref, words)], f"{name}.{column} altered")


@pytest.mark.parametrize(
    ("name", "key", "key_value", "column", "value", "words"), SHARED_ALTERED, ids=lambda v: str(v)
)
def test_an_altered_column_of_a_shared_row_is_reported(
    target, name, key, key_value, column, value, words
):
    t = table(name)
    with attacked(target.store) as connection:
        if key_value is None:
            key_value = connection.execute(
                sa.select(t.c[key]).where(t.c[column] != value).limit(1)
            ).scalar_one()
        update(connection, name, t.c[key] == key_value, **{column: value})
        damage = verify_on(target.store, connection)
    reference = target.shredded_ref if name == "tombstone" else None
    assert_named(damage, [(reference, words)], f"{name}.{column} altered")


def test_a_deleted_setting_is_refused_when_read_not_taken_for_off(target, tmp_path):
    """Four-eyes deleted behind the application's back must not switch the approval rule off."""
    store = target.store
    with store.transaction() as tx:
        assert tx.settings.get("four_eyes") is True
    with store.engine.begin() as connection:
        saved = connection.execute(
            sa.select(table("setting")).where(table("setting").c.name == "four_eyes")
        ).one()
        delete(connection, "setting", table("setting").c.name == "four_eyes")
    try:
        with pytest.raises(IntegrityError, match="four_eyes"), store.transaction() as tx:
            tx.settings.get("four_eyes")
        with store.transaction() as tx:
            assert tx.settings.get("never_saved") is None
    finally:
        with store.engine.begin() as connection:
            connection.execute(table("setting").insert().values(**saved._asdict()))
    assert store.verify() == []


def _flipped(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        blob = bytearray(bytes(value))
        blob[len(blob) // 2] ^= 0x01
        return bytes(blob)
    if isinstance(value, str):
        middle = len(value) // 2
        return value[:middle] + ("0" if value[middle] != "0" else "1") + value[middle + 1 :]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value ^ 1
    return value + timedelta(seconds=1)


@pytest.mark.parametrize(
    "column", [c.name for c in table("outgoing_mail").columns], ids=lambda name: name
)
def test_every_column_of_an_outgoing_mail_is_under_the_chain(target, column):
    """A mail's every column, the purpose index and the sealed address included: one byte
    changed in the failed escalation (a column it has not set: given a value) is named with
    incident A."""
    t = table("outgoing_mail")
    with attacked(target.store) as connection:
        row = connection.execute(
            sa.select(t).where(t.c.incident_id == target.a_id, t.c.kind == "escalation")
        ).one()
        value = getattr(row, column)
        if value is None:  # sent_at: a failed mail passed off as sent at some time
            new = datetime(2024, 1, 21, 15, tzinfo=UTC)
        else:
            new = target.b_id if column == "incident_id" else _flipped(value)
        if column == "id":  # a key: the row is still the mail, under another id
            new = "e" * 32
        update(connection, "outgoing_mail", t.c.id == row.id, **{column: new})
        damage = verify_on(target.store, connection)
    assert_named(damage, [(target.a_ref, "outgoing_mail")], f"outgoing_mail.{column} altered")


def test_a_master_key_id_altered_opens_and_is_named_not_taken_for_a_foreign_key_ring(tmp_path):
    """One data key's master key id changed used to stop every command with "sealed with master key
    ..., use the key file it was created with": a wrong key file to look for, and no verify to say
    which row. With the database's own ring (its audit key check holds) and that data key failing
    its MAC, the store opens and verify names the incident; a foreign ring is still refused."""
    from collaboration_support import MINIMUM

    from breachreport.crypto import KeyRing
    from breachreport.errors import MasterKeyError
    from breachreport.services.permissions import Actor
    from breachreport.storage import open_store

    url, ring = f"sqlite:///{tmp_path / 'breachreport.sqlite3'}", KeyRing.generate()
    store = open_store(url, ring)
    dpo = Actor("Maria Lindqvist", "dpo")
    incident = Workspace(store).open_incident(actor=dpo, changes=MINIMUM)
    with store.engine.begin() as connection:
        keys = table("data_key")
        key_id = connection.execute(
            sa.select(table("incident").c.data_key_id).where(table("incident").c.id == incident.id)
        ).scalar_one()
        update(connection, "data_key", keys.c.id == key_id, master_key_id="mk-0123456789abcdef")
    store.dispose()
    store = open_store(url, ring)
    try:
        damage = Workspace(store).verify().damage
        # The register still lists: that incident as damaged (pointing to verify), not a
        # refusal of the whole list for a key file to look for.
        listed = {row.reference: row.damaged for row in Workspace(store).register()}
    finally:
        store.dispose()
    assert_named(damage, [(incident.reference, "data key")], "data_key.master_key_id altered")
    assert listed == {incident.reference: True}
    with pytest.raises(MasterKeyError, match="not in the configured key ring"):
        open_store(url, KeyRing.generate())


@pytest.mark.parametrize("attack", ["altered", "deleted"])
def test_an_audit_key_check_tampered_with_is_named_not_taken_for_a_foreign_key_ring(
    tmp_path, attack
):
    """The audit key check altered or deleted used to stop every command ("the key ring's audit
    key does not match", "it is damaged"). The data keys' MACs, made with the audit key, prove the
    ring is the database's own: the store opens and verify names the check; a foreign ring is
    still refused, the check gone or not."""
    from collaboration_support import MINIMUM

    from breachreport.crypto import KeyRing
    from breachreport.errors import MasterKeyError
    from breachreport.services.permissions import Actor
    from breachreport.storage import open_store

    url, ring = f"sqlite:///{tmp_path / 'breachreport.sqlite3'}", KeyRing.generate()
    store = open_store(url, ring)
    Workspace(store).open_incident(actor=Actor("Maria Lindqvist", "dpo"), changes=MINIMUM)
    with store.engine.begin() as connection:
        where = table("meta").c.key == "audit_key_check"
        if attack == "altered":
            update(connection, "meta", where, value="0" * 64)
        else:
            delete(connection, "meta", where)
    store.dispose()
    store = open_store(url, ring)
    try:
        damage = Workspace(store).verify().damage
    finally:
        store.dispose()
    assert_named(damage, [(None, "meta audit_key_check: missing or altered")], attack)
    with pytest.raises(MasterKeyError, match="not in the configured key ring"):
        open_store(url, KeyRing.generate())


def test_an_incidents_data_key_deleted_is_named_as_missing(tmp_path):
    """(With SQLite's foreign keys off, as the sqlite3 shell has them.) Not "cannot be read
    (LookupError)": the incident and the id of the key it lacks, and the ledger's "deleted"."""
    import sqlite3

    from collaboration_support import MINIMUM

    from breachreport.crypto import KeyRing
    from breachreport.services.permissions import Actor
    from breachreport.storage import open_store

    path, ring = tmp_path / "breachreport.sqlite3", KeyRing.generate()
    store = open_store(f"sqlite:///{path}", ring)
    incident = Workspace(store).open_incident(
        actor=Actor("Maria Lindqvist", "dpo"), changes=MINIMUM
    )
    store.dispose()
    with sqlite3.connect(path) as connection:
        (key_id,) = connection.execute(
            "SELECT data_key_id FROM incident WHERE id = ?", (incident.id,)
        ).fetchone()
        connection.execute("DELETE FROM data_key WHERE id = ?", (key_id,))
    connection.close()
    store = open_store(f"sqlite:///{path}", ring)
    try:
        damage = Workspace(store).verify().damage
    finally:
        store.dispose()
    expected = [
        (incident.reference, f"data key: its data key {key_id} is missing"),
        (None, f"data key {key_id}: deleted"),
    ]
    assert_named(damage, expected, "data key deleted")
