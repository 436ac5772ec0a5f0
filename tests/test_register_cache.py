"""The register's second listing opens only what changed (storage.register): the summaries a store
opened stay in its memory under the exact bytes they came from, so a row changed behind the
application's back after it was listed is still shown as damaged, and a shredded incident's
summary leaves memory with the next listing."""

from __future__ import annotations

import sqlalchemy as sa

from breachreport.domain.status import Role
from breachreport.services import Actor, Workspace

DPO = Actor(name="Karin Holm", role=Role.DPO)


def _table(name: str) -> sa.Table:
    from sqlmodel import SQLModel

    return SQLModel.metadata.tables[name]


def _open_two(workspace: Workspace) -> list[str]:
    return [
        workspace.open_incident(
            actor=DPO,
            changes={"description.title_internal": title, "times.aware_at": "2024-01-20T14:00"},
        ).reference
        for title in ("Lost laptop", "Wrong recipient")
    ]


def _flip(store, column: str, table: str, where: sa.ColumnElement) -> None:
    t = _table(table)
    with store.engine.begin() as connection:
        blob = connection.execute(sa.select(t.c[column]).where(where)).scalar_one()
        flipped = bytes([blob[0], blob[1] ^ 1, *blob[2:]])
        connection.execute(sa.update(t).where(where).values({column: flipped}))


def test_a_summary_tampered_with_after_a_listing_is_damaged_on_the_next(store):
    workspace = Workspace(store)
    refs = _open_two(workspace)
    assert not any(row.damaged for row in workspace.register())
    _flip(store, "summary_ct", "incident", _table("incident").c.reference == refs[0])
    rows = {row.reference: row for row in workspace.register()}
    assert rows[refs[0]].damaged and rows[refs[0]].title is None
    assert not rows[refs[1]].damaged and rows[refs[1]].title == "Wrong recipient"


def test_a_data_key_tampered_with_after_a_listing_makes_its_incident_damaged(store):
    workspace = Workspace(store)
    refs = _open_two(workspace)
    workspace.register()
    incident = _table("incident")
    with store.engine.connect() as connection:
        key_id = connection.execute(
            sa.select(incident.c.data_key_id).where(incident.c.reference == refs[0])
        ).scalar_one()
    store._keys.clear()  # as after a restart: the data key itself is unwrapped again
    _flip(store, "wrapped", "data_key", _table("data_key").c.id == key_id)
    rows = {row.reference: row for row in workspace.register()}
    assert rows[refs[0]].damaged
    assert not rows[refs[1]].damaged


def test_a_second_listing_shows_a_changed_summary_and_keeps_only_listed_incidents(store):
    workspace = Workspace(store)
    refs = _open_two(workspace)
    workspace.register()
    version = workspace.incident(refs[1]).version
    workspace.revise(
        actor=DPO,
        ref=refs[1],
        changes={"description.title_internal": "Wrong recipient, twice"},
        expected_version=version,
    )
    rows = {row.reference: row for row in workspace.register()}
    assert rows[refs[1]].title == "Wrong recipient, twice"
    assert rows[refs[0]].title == "Lost laptop"
    workspace.shred(ref=refs[0], actor=DPO, reason="Kept long enough")
    listed = workspace.register()
    assert {row.reference for row in listed if not row.damaged and row.title} == {refs[1]}
    assert len(store.opened_summaries.snapshot()) == 1
