"""The anchor's comparison over a store, on SQLite and PostgreSQL: a history cut short, an anchored
event rewritten, the newest incident deleted, and a shredding (which is not a rollback)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from collaboration_support import MINIMUM, PASSWORD, at, build_world

from breachreport.domain.status import Role
from breachreport.services.anchoring import AnchorInvalid


@pytest.fixture
def world(store):
    return build_world(store)


@pytest.fixture
def anchor(tmp_path):
    return tmp_path / "anchor.json"


def second(world) -> str:
    return world.workspace.open_incident(
        actor=world.dpo.actor, changes=MINIMUM, at=at("2024-02-01T09:00")
    ).reference


def execute(store, sql: str, **values) -> None:
    with store.engine.begin() as connection:
        connection.execute(sa.text(sql), values)


def incident_id(store, reference: str) -> str:
    with store.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT id FROM incident WHERE reference = :r"), {"r": reference}
        ).scalar_one()


def said(report) -> list[tuple[str | None, str]]:
    return [(f.reference, f.problem.in_("en")) for f in report.findings]


def test_a_new_anchor_records_every_chain_and_a_later_one_counts_what_is_new(world, anchor):
    started = world.workspace.anchoring.anchor(anchor)
    assert (started.created, started.written, started.incidents) == (True, True, 1)
    recorded = json.loads(anchor.read_text(encoding="ascii"))
    assert recorded["count"] == 1 and recorded["incidents"][0][1] == world.ref
    reference = second(world)
    report = world.workspace.anchoring.anchor(anchor)
    assert report.findings == [] and report.written
    assert (report.new_incidents, report.new_events) == (1, 1)
    assert reference in anchor.read_text(encoding="ascii")


def test_a_history_cut_short_is_rolled_back_behind_the_anchor(world, anchor):
    world.workspace.anchoring.anchor(anchor)
    kept = anchor.read_bytes()
    execute(
        world.store,
        "DELETE FROM incident_event WHERE incident_id = :i AND seq = "
        "(SELECT MAX(seq) FROM incident_event WHERE incident_id = :i)",
        i=incident_id(world.store, world.ref),
    )
    report = world.workspace.anchoring.anchor(anchor)
    assert not report.written
    [(where, problem)] = said(report)
    assert where == world.ref and "rolled back behind the anchor" in problem
    assert anchor.read_bytes() == kept


@pytest.mark.parametrize("grown", [False, True], ids=["same-length", "grown-since"])
def test_an_anchored_event_written_anew_is_no_longer_in_the_history(world, anchor, grown):
    world.workspace.anchoring.anchor(anchor)
    newest = json.loads(anchor.read_text(encoding="ascii"))["incidents"][0][3]
    if grown:  # newer events after it: the event at the anchored place is read and compared
        world.workspace.revise(
            actor=world.dpo.actor,
            ref=world.ref,
            changes={"description.summary": "Ransomware at a supplier's hosting provider."},
            expected_version=world.workspace.incident(world.ref).version,
        )
    execute(
        world.store,
        "UPDATE incident_event SET mac = :m WHERE incident_id = :i AND seq = :s",
        m="f" * 64,
        i=incident_id(world.store, world.ref),
        s=newest,
    )
    [(where, problem)] = said(world.workspace.anchoring.anchor(anchor, update=False))
    assert where == world.ref and f"event {newest}" in problem and "no longer" in problem


def test_the_newest_incident_deleted_is_lost(world, anchor):
    reference = second(world)
    world.workspace.anchoring.anchor(anchor)
    gone = incident_id(world.store, reference)
    execute(world.store, "DELETE FROM incident_event WHERE incident_id = :i", i=gone)
    execute(world.store, "DELETE FROM incident WHERE id = :i", i=gone)
    found = said(world.workspace.anchoring.anchor(anchor))
    assert (reference, f"incident {reference} is in the anchor but gone") in [
        (where, problem[: len(f"incident {reference} is in the anchor but gone")])
        for where, problem in found
    ]
    assert any("accounts for 1 of the 2 incidents" in problem for _, problem in found)


def test_an_incident_shredded_since_the_anchor_is_no_rollback(world, anchor):
    reference = second(world)
    world.workspace.anchoring.anchor(anchor)
    world.workspace.shred(ref=reference, actor=world.dpo.actor, reason="Opened by mistake.")
    report = world.workspace.anchoring.anchor(anchor)
    assert report.findings == [] and report.shredded_since == 1 and report.written
    assert json.loads(anchor.read_text(encoding="ascii"))["tombstones"][0][1] == reference


def test_an_anchor_that_does_not_hold_is_refused(world, anchor):
    world.workspace.anchoring.anchor(anchor)
    anchor.write_text(anchor.read_text(encoding="ascii").replace('"count": 1', '"count": 0'))
    with pytest.raises(AnchorInvalid, match="does not hold"):
        world.workspace.anchoring.anchor(anchor)


def ledger_head(store) -> tuple[int, str]:
    with store.engine.connect() as connection:
        seq, mac = connection.execute(
            sa.text("SELECT seq, mac FROM ledger ORDER BY seq DESC LIMIT 1")
        ).one()
    return seq, mac


def test_the_ledger_cut_short_is_rolled_back_behind_the_anchor(world, anchor):
    head = ledger_head(world.store)
    world.workspace.anchoring.anchor(anchor)
    assert json.loads(anchor.read_text(encoding="ascii"))["ledger"] == list(head)
    kept = anchor.read_bytes()
    execute(world.store, "DELETE FROM ledger WHERE seq = :s", s=head[0])
    [(where, problem)] = said(world.workspace.anchoring.anchor(anchor))
    assert where is None
    assert f"ends at entry {head[0] - 1}, the anchor recorded {head[0]}" in problem
    assert anchor.read_bytes() == kept


def test_the_ledger_written_anew_behind_new_entries_is_rolled_back(world, anchor):
    seq, _ = ledger_head(world.store)
    world.workspace.anchoring.anchor(anchor)
    world.accounts.add(
        by=world.dpo,
        username="maria@nordmark.example.se",
        display_name="Maria Lund",
        password=PASSWORD,
        role=Role.LEGAL_REVIEWER,
    )
    assert ledger_head(world.store)[0] > seq
    report = world.workspace.anchoring.anchor(anchor, update=False)
    assert report.findings == [] and report.new_ledger_entries > 0
    execute(world.store, "UPDATE ledger SET mac = :m WHERE seq = :s", m="e" * 64, s=seq)
    [(where, problem)] = said(world.workspace.anchoring.anchor(anchor))
    assert where is None and f"the ledger's entry {seq}" in problem and "no longer" in problem
