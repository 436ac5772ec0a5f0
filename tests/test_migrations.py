"""The Alembic migrations build exactly the tables the models declare, on both backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import breachreport.storage.tables  # noqa: F401  (registers the tables)
from breachreport.errors import StorageError
from breachreport.storage import downgrade, make_engine, open_store, upgrade
from breachreport.storage.migrate import head_revision

TABLES = {
    "account",
    "actor",
    "approval",
    "bulletin_import",
    "comment",
    "data_key",
    "evidence",
    "filing",
    "filing_document",
    "incident",
    "incident_event",
    "invitation",
    "ledger",
    "meta",
    "organisation",
    "outgoing_mail",
    "proposal",
    "reviewer_assignment",
    "setting",
    "sign_in_attempt",
    "supplier",
    "tombstone",
}


def differences(engine: sa.Engine, metadata: sa.MetaData) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def table_names(engine: sa.Engine) -> set[str]:
    with engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def test_the_migrated_schema_matches_the_models(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    assert differences(engine, SQLModel.metadata) == []
    assert table_names(engine) == TABLES | {"alembic_version"}
    engine.dispose()


def test_the_comparison_would_notice_a_model_change(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    changed = sa.MetaData()
    for t in SQLModel.metadata.tables.values():
        t.to_metadata(changed)
    changed.tables["actor"].append_column(sa.Column("email", sa.String(200)))
    changed.tables["incident"].c.status.type = sa.String(99)
    kinds = {d[0] if isinstance(d, tuple) else d[0][0] for d in differences(engine, changed)}
    assert {"add_column", "modify_type"} <= kinds
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again(database_url, ring):
    engine = make_engine(database_url)
    upgrade(engine)
    downgrade(engine, "base")
    assert table_names(engine) <= {"alembic_version"}
    upgrade(engine)
    assert differences(engine, SQLModel.metadata) == []
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    engine.dispose()
    store = open_store(database_url, ring)
    assert store.verify() == []
    store.dispose()


def test_opening_an_up_to_date_database_again_changes_nothing(database_url, ring):
    open_store(database_url, ring).dispose()
    engine = make_engine(database_url)
    with engine.connect() as connection:
        meta = connection.execute(sa.text("SELECT key, value FROM meta ORDER BY key")).all()
    open_store(database_url, ring).dispose()
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT key, value FROM meta ORDER BY key")).all() == meta
    engine.dispose()


def test_a_database_from_a_newer_version_is_refused(database_url, ring):
    open_store(database_url, ring).dispose()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StorageError, match="newer"):
        open_store(database_url, ring)
    with pytest.raises(StorageError, match="9999"):
        open_store(database_url, ring, create=False)


@pytest.mark.parametrize("attack", ["DELETE FROM alembic_version", "DROP TABLE alembic_version"])
def test_a_database_whose_schema_version_was_removed_is_refused_as_altered(
    database_url, ring, attack
):
    """Not "table data_key already exists" from a migration run over the whole schema again: the
    tables are there and the version is gone, which no breachreport writes."""
    open_store(database_url, ring).dispose()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(attack))
    engine.dispose()
    with pytest.raises(StorageError, match="no schema version .* altered or damaged"):
        open_store(database_url, ring)
    engine = make_engine(database_url)
    assert "data_key" in table_names(engine)  # nothing was migrated over it
    engine.dispose()


def test_an_older_database_is_not_upgraded_with_a_key_ring_it_was_not_sealed_with(database_url):
    """A wrong key is refused before anything is written: also before a schema upgrade."""
    from breachreport.crypto import KeyRing
    from breachreport.errors import MasterKeyError
    from breachreport.storage.migrate import current_revision

    open_store(database_url, KeyRing.generate()).dispose()
    engine = make_engine(database_url)
    try:
        downgrade(engine, "0003")
        with pytest.raises(MasterKeyError):
            open_store(database_url, KeyRing.generate())
        with engine.connect() as connection:
            assert current_revision(connection) == "0003"
            assert not sa.inspect(connection).has_table("tombstone")
    finally:
        engine.dispose()


def _as_before_0007(database_url: str, ring) -> None:
    """Take a database back to 0006 as a 0006 build would have left it: incident MACs of
    version 1 (the downgrade cannot make them: it has no audit key)."""
    from breachreport.storage.audit import incident_mac

    engine = make_engine(database_url)
    try:
        downgrade(engine, "0006")
        with engine.begin() as connection:
            incidents = SQLModel.metadata.tables["incident"]
            columns = [c for c in incidents.columns if c.name != "rows"]
            for row in connection.execute(sa.select(*columns)).all():
                connection.execute(
                    incidents.update()
                    .where(incidents.c.id == row.id)
                    .values(row_mac=incident_mac(ring.audit_key, row))
                )
    finally:
        engine.dispose()


def _ledger(database_url: str) -> list[tuple]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT seq, kind, subject FROM ledger ORDER BY seq")
            ).all()
    finally:
        engine.dispose()


def test_a_database_from_before_0007_is_put_under_the_chains_once_when_it_opens(database_url, ring):
    """0007 marks a database with data as pending; the store, which has the audit key, builds
    every incident's manifest, the actors' and data keys' MACs and the ledger when it opens."""
    from lifecycle_support import full_world

    store = open_store(database_url, ring)
    full_world(store)
    store.dispose()
    _as_before_0007(database_url, ring)
    store = open_store(database_url, ring)
    try:
        check = store.check()
        assert check.damage == [] and check.rows_since is not None
        ledger = _ledger(database_url)
        assert ledger[0][1:] == ("ledger", "adopted")
        assert {kind for _, kind, _ in ledger} >= {"data_key", "actor", "account", "incident"}
        # From now on a deleted row is noticed.
        with store.engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM comment"))
        assert any("comment: 1 row deleted" in d.problem for d in store.verify())
    finally:
        store.dispose()
    open_store(database_url, ring).dispose()
    assert _ledger(database_url) == ledger  # adopted once: opening again adds nothing


def test_a_wiped_ledger_and_a_forged_mark_are_not_adopted_again(database_url, ring):
    """Adoption cannot launder a tampered database: once adopted, incidents carry manifests under
    their MACs, so emptying the ledger and marking the database pending again is refused, and
    verify says so."""
    from lifecycle_support import full_world

    store = open_store(database_url, ring)
    full_world(store)
    store.dispose()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM comment"))
        connection.execute(sa.text("DELETE FROM ledger"))
        connection.execute(
            sa.text("INSERT INTO meta (key, value) VALUES ('rows_adoption', 'pending')")
        )
    engine.dispose()
    store = open_store(database_url, ring)
    try:
        problems = [d.problem for d in store.verify()]
    finally:
        store.dispose()
    assert _ledger(database_url) == []
    assert any("not under the chain yet" in p for p in problems)
    assert any("the ledger is empty" in p for p in problems)
    assert any("comment: 1 row deleted" in p for p in problems)


def test_adoption_does_not_launder_a_row_altered_before_it(database_url, ring):
    """A row that fails its check before the upgrade still fails it after: the adoption takes in
    only what carries a valid MAC of the older version."""
    from lifecycle_support import full_world

    store = open_store(database_url, ring)
    world = full_world(store)
    damaged_id = world.workspace.incident(world.ref).id
    store.dispose()
    _as_before_0007(database_url, ring)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE incident SET status = 'closed' WHERE id = :id"), {"id": damaged_id}
        )
        connection.execute(sa.text("UPDATE comment SET section = 'times'"))
    engine.dispose()
    store = open_store(database_url, ring)
    try:
        damage = store.verify()
    finally:
        store.dispose()
    problems = {d.problem.split(":")[0] for d in damage if d.incident_id == damaged_id}
    assert {"incident row", "comment " + _only_id(damage, "comment ")} <= problems
    assert any("no manifest" in d.problem for d in damage if d.incident_id == damaged_id)
    assert all(d.incident_id == damaged_id for d in damage)


def _only_id(damage, prefix: str) -> str:
    [found] = {d.problem.split(":")[0] for d in damage if d.problem.startswith(prefix)}
    return found[len(prefix) :]


def test_filings_from_before_0008_went_to_imy_and_keep_their_macs(database_url, ring):
    """0008 adds who a filing went to: the filings made before went to IMY, and their row MACs
    (which leave the recipient out when it is IMY) still hold, without the audit key."""
    from lifecycle_support import full_world

    store = open_store(database_url, ring)
    world = full_world(store)
    filed = [(f.seq, f.kind.value) for f in world.workspace.filings(world.ref)]
    assert filed  # the world has filings to carry over
    store.dispose()
    engine = make_engine(database_url)
    try:
        downgrade(engine, "0007")
        with engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("filing")}
            assert "recipient" not in columns
    finally:
        engine.dispose()
    store = open_store(database_url, ring)  # upgrades to the head again
    try:
        assert store.verify() == []
        with store.transaction(write=False) as tx:
            incident = tx.incidents.load(world.ref)
            records = tx.filings.for_incident(incident.id)
        assert [(f.seq, f.kind, f.recipient) for f in records] == [
            (seq, kind, "imy") for seq, kind in filed
        ]
    finally:
        store.dispose()


def test_a_filing_to_another_recipient_shows_when_its_recipient_column_is_changed(
    database_url, ring
):
    """The recipient is under the filing's MAC: moved to IMY, or from IMY to another, verify
    reports the filing."""
    from datetime import UTC, datetime

    from breachreport.storage import NewEvent

    at = datetime(2026, 1, 17, 14, tzinfo=UTC)
    store = open_store(database_url, ring)
    try:
        with store.transaction() as tx:
            opened = tx.incidents.create(
                created_at=at, facts={}, summary={}, event=NewEvent("opened", at, "a1", "dpo")
            )
            for seq, recipient in enumerate(("cert-se", "imy"), start=1):
                tx.filings.create(
                    incident_id=opened.id,
                    kind="early-warning" if recipient == "cert-se" else "preliminary",
                    filed_at=at,
                    actor_id="a1",
                    snapshot={},
                    changes={},
                    documents={},
                    event=NewEvent("filed", at, "a1", "dpo", payload={"seq": seq}),
                    recipient=recipient,
                    case_number="CERT-SE-2026-0042" if recipient == "cert-se" else None,
                )
        assert store.verify() == []
        for seq, other in ((1, "imy"), (2, "police")):
            with store.engine.begin() as connection:
                connection.execute(
                    sa.text("UPDATE filing SET recipient = :r WHERE seq = :seq"),
                    {"r": other, "seq": seq},
                )
            assert [d.problem for d in store.verify()] == [f"filing {seq}: its MAC does not match"]
            with store.engine.begin() as connection:  # put back: clean again
                connection.execute(
                    sa.text("UPDATE filing SET recipient = :r WHERE seq = :seq"),
                    {"r": "cert-se" if seq == 1 else "imy", "seq": seq},
                )
            assert store.verify() == []
    finally:
        store.dispose()


def _columns(engine: sa.Engine, table: str) -> dict[str, dict]:
    with engine.connect() as connection:
        return {c["name"]: c for c in sa.inspect(connection).get_columns(table)}


def test_0009_adds_suppliers_and_bulletin_imports_and_keeps_proposals_macs(database_url, ring):
    """0009 makes room for bulletins: two tables, and a proposal's invitation may be none. The
    proposals made before keep their MACs (the column's values do not change), down and up."""
    from lifecycle_support import full_world

    store = open_store(database_url, ring)
    full_world(store)  # an accepted proposal through an invitation
    store.dispose()
    engine = make_engine(database_url)
    try:
        downgrade(engine, "0008")
        assert not {"supplier", "bulletin_import"} & table_names(engine)
        assert _columns(engine, "proposal")["invitation_id"]["nullable"] is False
        upgrade(engine, "0009")
        assert {"supplier", "bulletin_import"} <= table_names(engine)
        assert _columns(engine, "proposal")["invitation_id"]["nullable"] is True
        upgrade(engine)  # and the revisions after it
        assert differences(engine, SQLModel.metadata) == []
    finally:
        engine.dispose()
    store = open_store(database_url, ring)
    try:
        assert store.verify() == []
    finally:
        store.dispose()


def test_0009_is_not_downgraded_over_a_proposal_that_came_in_a_bulletin(database_url, ring):
    """The schema before 0009 has no place for a proposal without an invitation: the downgrade
    refuses rather than deleting it, and the database stays where it was."""
    from datetime import UTC, datetime

    from breachreport.storage import NewEvent
    from breachreport.storage.migrate import current_revision

    at = datetime(2026, 1, 17, 14, tzinfo=UTC)
    store = open_store(database_url, ring)
    try:
        with store.transaction() as tx:
            opened = tx.incidents.create(
                created_at=at, facts={}, summary={}, event=NewEvent("opened", at, "a1", "dpo")
            )
            author = tx.actors.ensure(name="Lönesystem Norr AB", role="supplier_contact")
            tx.proposals.create(
                incident_id=opened.id,
                invitation_id=None,
                author_id=author,
                created_at=at,
                base_version=1,
                changes={"measures.taken": "Isolated."},
                base={"measures.taken": None},
                comment=None,
            )
        assert store.verify() == []
    finally:
        store.dispose()
    engine = make_engine(database_url)
    try:
        with pytest.raises(RuntimeError, match="1 proposals came in suppliers' bulletins"):
            downgrade(engine, "0008")
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()  # nothing undone
    finally:
        engine.dispose()


def test_0010_adds_the_outbox_and_is_not_downgraded_over_a_recorded_mail(database_url, ring):
    """0010 is a new table only: down and up again, the incidents verify as before. Once a mail is
    recorded, the downgrade refuses (dropping it would send the reminder again)."""
    from datetime import UTC, datetime

    from breachreport.storage import NewEvent
    from breachreport.storage.migrate import current_revision

    at = datetime(2026, 1, 17, 14, tzinfo=UTC)
    store = open_store(database_url, ring)
    with store.transaction() as tx:
        opened = tx.incidents.create(
            created_at=at, facts={}, summary={}, event=NewEvent("opened", at, "a1", "dpo")
        )
    store.dispose()
    engine = make_engine(database_url)
    try:
        downgrade(engine, "0009")
        assert "outgoing_mail" not in table_names(engine)
        upgrade(engine)
        assert differences(engine, SQLModel.metadata) == []
    finally:
        engine.dispose()
    store = open_store(database_url, ring)
    try:
        assert store.verify() == []
        with store.transaction() as tx:
            tx.outbox.claim(
                incident_id=opened.id,
                purpose="reminder|test",
                kind="reminder",
                message={"to": "dpo@nordmark.example.se"},
                scheduled_at=at,
                at=at,
            )
    finally:
        store.dispose()
    engine = make_engine(database_url)
    try:
        with pytest.raises(RuntimeError, match="1 mails are recorded in the outbox"):
            downgrade(engine, "0009")
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()
    finally:
        engine.dispose()


def test_the_newest_schema_read_from_the_file_names_is_alembics_own_head():
    from alembic.script import ScriptDirectory

    from breachreport.storage.migrate import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_the_schema_a_database_is_at_is_read_as_alembic_reads_it(database_url):
    from breachreport.storage.migrate import current_revision

    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert current_revision(connection) is None  # a database no migration has touched
    upgrade(engine, "0004")
    with engine.connect() as connection:
        assert current_revision(connection) == "0004"
        assert MigrationContext.configure(connection).get_current_revision() == "0004"
    upgrade(engine)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    engine.dispose()


def test_opening_an_up_to_date_database_does_not_load_alembic(tmp_path):
    """Alembic is about 11 MB of every app process; a database at the newest schema needs none
    of it. Run in a fresh interpreter, since this one has imported Alembic already."""
    import subprocess
    import sys

    from breachreport.crypto import KeyRing

    url = f"sqlite:///{tmp_path / 'up-to-date.db'}"
    ring = KeyRing.generate()
    ring.save_file(tmp_path / "ring.json")
    open_store(url, ring).dispose()  # made and migrated here
    probe = (
        "import sys\n"
        "from breachreport.crypto import KeyRing\n"
        "from breachreport.storage import open_store\n"
        f"ring = KeyRing.load_file({str(tmp_path / 'ring.json')!r})\n"
        f"open_store({url!r}, ring).dispose()\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
