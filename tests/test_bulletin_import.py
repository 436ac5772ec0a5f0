"""A controller takes in a supplier's signed bulletin (issue 19): the second scenario's supplier,
Personalrum Nord AB, signs bulletins 1 and 2 for its three customers; Ekeby kommun imports them.

A good bulletin opens an incident with a proposal by the supplier, accepted field by field with the
bulletin version in the history; bulletin 2 arrives as what changed. A forged, changed, someone
else's or replayed bulletin is refused and writes nothing. verify notices a deleted import and an
altered supplier; three controllers importing one file each see only their own numbers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from documents_support import word_text
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

import breachreport.storage.tables  # noqa: F401  (registers the tables)
from breachreport.crypto import DataKeyCache, KeyRing
from breachreport.crypto.bulletin_signing import (
    BulletinRefused,
    fingerprint,
    generate_key,
    public_key_text,
    sign,
    signed_file_bytes,
    split,
)
from breachreport.domain.bulletin import example_bulletin
from breachreport.domain.bulletin_example import BULLETIN_ID, EKEBY, SJOHAMRA, SUPPLIER, VASTMARK
from breachreport.domain.choices import FilingKind
from breachreport.domain.status import Role
from breachreport.errors import InputError, PermissionDenied
from breachreport.services import Workspace
from breachreport.services.accounts import LOCAL_OPERATOR, Accounts, OrganisationProfile
from breachreport.services.checking import replay_problem
from breachreport.services.permissions import Actor
from breachreport.storage import Store, open_store
from breachreport.storage.verify import check_store

NOW = datetime(2025, 8, 30, 9, 0, tzinfo=UTC)
DPO = Actor("Maria Lindqvist", Role.DPO)
REVIEWER = Actor("Olof Berg", Role.LEGAL_REVIEWER)
NAME = SUPPLIER["name"]
COUNTS = {EKEBY[0]: 2650, SJOHAMRA[0]: 7100, VASTMARK[0]: 30500}


@cache
def supplier_key():
    return generate_key()


@cache
def signed(version: int, key=None) -> bytes:
    """The whole signed file of bulletin ``version`` (three customer parts)."""
    return signed_file_bytes(sign(example_bulletin(version), key or supplier_key()))


def controller(store: Store, customer: tuple[str, str, str] = EKEBY) -> Workspace:
    """A controller's workspace: its organisation profile and the supplier registered."""
    Accounts(store, clock=lambda: NOW).save_organisation(
        by=LOCAL_OPERATOR, profile=OrganisationProfile(name=customer[1], org_number=customer[0])
    )
    workspace = Workspace(store, clock=lambda: NOW)
    workspace.bulletins.add_supplier(
        actor=DPO, name=NAME, public_key=public_key_text(supplier_key(), NAME)
    )
    return workspace


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, as stored."""
    with store.engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(map(repr, row)) for row in connection.execute(sa.select(table))), key=str
            )
            for table in SQLModel.metadata.sorted_tables
        }


def events(workspace: Workspace, ref: str) -> list:
    with workspace.store.transaction(write=False) as tx:
        return tx.events.for_incident(tx.incidents.load(ref).id)


# -- registering and importing -----------------------------------------------------------------


def test_a_supplier_is_registered_once_with_its_fingerprint(store):
    workspace = controller(store)
    [registered] = workspace.bulletins.suppliers(actor=DPO)
    assert registered.name == NAME
    assert registered.fingerprint == fingerprint(supplier_key())
    # The key line without its comment: the name is kept sealed only.
    assert registered.public_key == public_key_text(supplier_key())
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(SQLModel.metadata.tables["supplier"])).one()
    stored = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
    assert NAME.encode() not in stored and b"Personalrum" not in stored
    before = snapshot(store)
    with pytest.raises(InputError, match="already registered, for Personalrum Nord AB"):
        workspace.bulletins.add_supplier(
            actor=DPO, name="Someone Else AB", public_key=public_key_text(supplier_key())
        )
    assert snapshot(store) == before
    with pytest.raises(PermissionDenied):
        workspace.bulletins.add_supplier(
            actor=REVIEWER, name="X AB", public_key=public_key_text(generate_key())
        )


def test_a_good_bulletin_opens_an_incident_with_a_proposal_by_the_supplier(store):
    workspace = controller(store)
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    assert imported.created and imported.version == 1 and imported.bulletin_id == BULLETIN_ID
    assert imported.supplier == NAME and imported.differences == []
    incident = workspace.incident(imported.reference)
    assert incident.facts.controller.org_number == EKEBY[0]  # from the organisation profile
    assert incident.facts.data.subjects_count is None  # the bulletin's facts wait for review
    [proposal] = workspace.proposals.pending(ref=imported.reference, actor=DPO)
    assert proposal.id == imported.proposal_id and proposal.invitation_id is None
    assert proposal.author == NAME
    assert len(proposal.changes) == imported.proposed
    proposed = {change.path: change.proposed for change in proposal.changes}
    assert proposed["data.subjects_count"]["value"] == COUNTS[EKEBY[0]]
    assert proposed["cyber.supplier_origin"] is True
    source = workspace.bulletins.proposal_source(imported.proposal_id, actor=DPO)
    assert (source.supplier, source.bulletin_id, source.version) == (NAME, BULLETIN_ID, 1)
    history = workspace.history(imported.reference)
    made = next(entry for entry in history if entry.kind == "proposed")
    assert (made.actor, made.role) == (NAME, "supplier_contact")
    assert made.source == f"{NAME}, {BULLETIN_ID} v1"
    assert store.verify() == []


def test_accepting_field_by_field_records_which_bulletin_version_each_fact_came_from(store):
    workspace = controller(store)
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    chosen = {"data.subjects_count", "description.breach_type"}
    reviewed = workspace.proposals.review(
        actor=DPO, proposal_id=imported.proposal_id, accept=chosen
    )
    assert reviewed.status == "partly_accepted" and set(reviewed.accepted) == chosen
    facts = workspace.incident(imported.reference).facts
    assert facts.data.subjects_count.value == COUNTS[EKEBY[0]]
    assert facts.description.breach_type.value == "malware"
    assert facts.description.summary is None  # not accepted
    [accepted] = [e for e in events(workspace, imported.reference) if e.kind == "proposal_accepted"]
    assert set(accepted.fields) == chosen
    assert accepted.actor_role == "supplier_contact"
    bulletin = accepted.payload["bulletin"]
    assert (bulletin["supplier"], bulletin["bulletin_id"], bulletin["version"]) == (
        NAME,
        BULLETIN_ID,
        1,
    )
    assert len(bulletin["digest"]) == 64
    history = {e.kind: e for e in workspace.history(imported.reference)}
    assert history["proposal_accepted"].actor == NAME
    assert history["proposal_accepted"].source == f"{NAME}, {BULLETIN_ID} v1"
    assert history["proposal_reviewed"].actor == DPO.name
    # The notification names the bulletin as a source, in each language.
    sv = workspace.render(ref=imported.reference, lang="sv", fmt="md").decode()
    en = workspace.render(ref=imported.reference, lang="en", fmt="html").decode()
    assert f"**Källor:** {NAME}, bulletin nr 1 (24 augusti 2025)" in sv
    assert f"<strong>Sources:</strong> {NAME}, bulletin no. 1 (24 August 2025)" in en
    assert store.verify() == []


def test_the_filed_notification_names_the_bulletin_it_took_answers_from(store):
    workspace = controller(store)
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    workspace.proposals.review(actor=DPO, proposal_id=imported.proposal_id, accept="all")
    ref = imported.reference
    workspace.revise(
        actor=DPO,
        ref=ref,
        changes={
            "contact.contact_name": "Maria Ek",
            "contact.contact_email": "maria.ek@example.se",
            "times.aware_at": "2025-08-24T10:30:00+02:00",
        },
        expected_version=workspace.incident(ref).version,
    )
    check = workspace.filing_check(actor=DPO, ref=ref, kind=FilingKind.PRELIMINARY)
    unknown = {
        problem.path: None for problem in check.problems if problem.code == "required_or_unknown"
    }
    if unknown:
        workspace.revise(
            actor=DPO,
            ref=ref,
            changes={
                f"{path.split('.')[0]}.not_yet_known": [path.split(".")[1]] for path in unknown
            },
            expected_version=workspace.incident(ref).version,
        )
    filing = workspace.file(
        actor=DPO, ref=ref, kind=FilingKind.PRELIMINARY, delay_reasons="Waited for the supplier."
    )
    frozen = workspace.render(ref=ref, lang="sv", fmt="md", filing_seq=filing.seq).decode()
    assert f"**Källor:** {NAME}, bulletin nr 1 (24 augusti 2025)" in frozen


def test_a_draft_names_no_source_before_a_bulletin_proposal_is_accepted(store):
    workspace = controller(store)
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    assert "Källor" not in workspace.render(ref=imported.reference, lang="sv", fmt="md").decode()
    workspace.proposals.review(actor=DPO, proposal_id=imported.proposal_id, accept=set())
    assert "Källor" not in workspace.render(ref=imported.reference, lang="sv", fmt="md").decode()


def test_bulletin_2_goes_to_the_same_incident_as_what_changed(store):
    workspace = controller(store)
    first = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    workspace.proposals.review(actor=DPO, proposal_id=first.proposal_id, accept="all")
    second = workspace.bulletins.import_bulletin(actor=DPO, data=signed(2))
    assert second.reference == first.reference and not second.created
    assert second.version == 2
    changed = {d.path: (d.old, d.new) for d in second.differences}
    assert changed["incident.exfiltration"] == ("unknown", "confirmed")
    assert changed["incident.police_report"] == (None, "5000-K1187342-25")
    [proposal] = workspace.proposals.pending(ref=first.reference, actor=DPO)
    proposed = {c.path: c for c in proposal.changes}
    # Only what version 2 says differently from the facts accepted from version 1.
    assert "cyber.supplier_origin" not in proposed
    assert proposed["circumstances.exfiltration"].proposed == "confirmed"
    assert proposal.comment == example_bulletin(2).changes
    source = workspace.bulletins.proposal_source(proposal.id, actor=DPO)
    assert source.version == 2 and {d.path for d in source.differences} == set(changed)
    imports = workspace.bulletins.imports(ref=first.reference, actor=DPO)
    assert [(i.version, i.changes) for i in imports] == [
        (1, None),
        (2, example_bulletin(2).changes),
    ]
    assert store.verify() == []


def _notified(workspace: Workspace, proposal_id: str) -> str:
    proposal = workspace.proposals.proposal(proposal_id=proposal_id, actor=DPO)
    [entry] = next(c.proposed for c in proposal.changes if c.path == "description.processors")
    return entry["notified_controller_at"]


def test_the_supplier_told_the_controller_with_the_first_version_it_sent(store):
    """The processors' entry says the supplier notified the controller when its first bulletin
    here was issued: bulletin 1's time for bulletin 2 too, or bulletin 2's if it came first."""
    workspace = controller(store)
    first = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    second = workspace.bulletins.import_bulletin(actor=DPO, data=signed(2))
    issued_1 = example_bulletin(1).issued_at
    for imported in (first, second):
        assert datetime.fromisoformat(_notified(workspace, imported.proposal_id)) == issued_1


def test_a_controller_whose_first_bulletin_is_version_2_was_told_then(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'late.sqlite3'}", KeyRing.generate())
    try:
        workspace = controller(store)
        imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(2))
        assert imported.created and imported.differences == []
        notified = datetime.fromisoformat(_notified(workspace, imported.proposal_id))
        assert notified == example_bulletin(2).issued_at
    finally:
        store.dispose()


def test_a_bulletin_attaches_to_the_incident_the_dpo_chooses(store):
    workspace = controller(store)
    opened = workspace.open_incident(actor=DPO, changes={"description.summary": "HR-systemet"})
    imported = workspace.bulletins.import_bulletin(
        actor=DPO, data=signed(1), incident_ref=opened.reference
    )
    assert imported.reference == opened.reference and not imported.created
    assert [r.reference for r in workspace.register()] == [opened.reference]


# -- refusals: nothing written -------------------------------------------------------------------


def _forged_with_the_registered_fingerprint() -> bytes:
    """Signed with another key, then labelled with the registered key's fingerprint."""
    other = json.loads(signed(1, generate_key()))
    for part in other["parts"]:
        part["signature"]["key"] = fingerprint(supplier_key())
    return signed_file_bytes(other)


def _changed_byte() -> bytes:
    data = signed(1)
    at = data.index(b'"value":2650')
    return data[:at] + b'"value":2651' + data[at + len(b'"value":2650') :]


def _someone_elses_part() -> bytes:
    parts = split(json.loads(signed(1)))
    return signed_file_bytes(parts[SJOHAMRA[0]])


REFUSALS = {
    "an unregistered key": (lambda: signed(1, generate_key()), "not registered here"),
    "another key under the registered fingerprint": (
        _forged_with_the_registered_fingerprint,
        "signature does not match",
    ),
    "a changed byte": (_changed_byte, "signature does not match"),
    "another customer's part": (_someone_elses_part, "no part for this organisation"),
    "not JSON": (lambda: b"{not json", "not JSON"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=str)
def test_a_bad_bulletin_is_refused_and_writes_nothing(store, case):
    workspace = controller(store)
    make, words = REFUSALS[case]
    before = snapshot(store)
    with pytest.raises(BulletinRefused, match=words):
        workspace.bulletins.import_bulletin(actor=DPO, data=make())
    assert snapshot(store) == before
    assert workspace.register() == []


def test_a_replayed_or_older_version_is_refused_naming_the_version_seen(store):
    workspace = controller(store)
    workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    workspace.bulletins.import_bulletin(actor=DPO, data=signed(2))
    before = snapshot(store)
    for version in (2, 1):
        with pytest.raises(BulletinRefused) as refused:
            workspace.bulletins.import_bulletin(actor=DPO, data=signed(version))
        assert str(refused.value) == (
            f"Bulletin {BULLETIN_ID} version {version} from {NAME} is not newer than version 2, "
            "imported already; nothing was changed."
        )
        assert snapshot(store) == before
    # Replaying into another incident is refused just the same.
    other = workspace.open_incident(actor=DPO, changes={})
    with pytest.raises(BulletinRefused, match="not newer than version 2"):
        workspace.bulletins.import_bulletin(actor=DPO, data=signed(2), incident_ref=other.reference)


def test_who_may_import_and_read_bulletins(store):
    workspace = controller(store)
    with pytest.raises(PermissionDenied):
        workspace.bulletins.import_bulletin(actor=REVIEWER, data=signed(1))
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    with pytest.raises(PermissionDenied, match="not assigned"):
        workspace.bulletins.imports(ref=imported.reference, actor=REVIEWER)
    workspace.reviews.assign_reviewer(actor=DPO, ref=imported.reference, reviewer=REVIEWER)
    [seen] = workspace.bulletins.imports(ref=imported.reference, actor=REVIEWER)
    assert seen.version == 1
    contact = Actor(NAME, Role.SUPPLIER_CONTACT, invitation_id="x" * 32)
    for call in (
        lambda: workspace.bulletins.imports(ref=imported.reference, actor=contact),
        lambda: workspace.bulletins.suppliers(actor=contact),
        lambda: workspace.bulletins.proposal_source(imported.proposal_id, actor=contact),
    ):
        with pytest.raises(PermissionDenied):
            call()


# -- verify ----------------------------------------------------------------------------------------


def test_verify_names_a_deleted_bulletin_import_and_an_altered_supplier(store):
    workspace = controller(store)
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    assert store.verify() == []
    imports = SQLModel.metadata.tables["bulletin_import"]
    suppliers = SQLModel.metadata.tables["supplier"]
    with store.engine.connect() as connection:
        kept = connection.execute(sa.select(imports)).one()._asdict()
        supplier = connection.execute(sa.select(suppliers)).one()._asdict()
    with store.engine.begin() as connection:
        connection.execute(sa.delete(imports))
    damage = [(d.reference, d.problem) for d in store.verify()]
    assert (imported.reference, "bulletin_import: 1 row deleted") in damage
    with store.engine.begin() as connection:
        connection.execute(imports.insert().values(**kept))
        forged = public_key_text(generate_key(), NAME)
        connection.execute(sa.update(suppliers).values(public_key=forged))
    problems = [d.problem for d in store.verify()]
    assert any(p.startswith(f"supplier {supplier['id']}: its MAC does not match") for p in problems)
    with pytest.raises(Exception, match="integrity check"):
        workspace.bulletins.suppliers(actor=DPO)
    with store.engine.begin() as connection:
        connection.execute(sa.update(suppliers).values(public_key=supplier["public_key"]))
    assert store.verify() == []


# -- three controllers -----------------------------------------------------------------------------


def test_three_controllers_import_the_same_file_and_each_sees_only_its_own_numbers(tmp_path: Path):
    """Three data folders (three stores) import the very same signed file with three parts."""
    data = signed(1)
    for customer in (EKEBY, SJOHAMRA, VASTMARK):
        store = open_store(f"sqlite:///{tmp_path / customer[0]}.sqlite3", KeyRing.generate())
        try:
            workspace = controller(store, customer)
            imported = workspace.bulletins.import_bulletin(actor=DPO, data=data)
            workspace.proposals.review(actor=DPO, proposal_id=imported.proposal_id, accept="all")
            facts = workspace.incident(imported.reference).facts
            assert facts.data.subjects_count.value == COUNTS[customer[0]]
            assert facts.controller.name == customer[1]
            kept = json.dumps(workspace.export(imported.reference), ensure_ascii=False)
            with store.transaction(write=False) as tx:
                [row] = tx.bulletins.for_incident(workspace.incident(imported.reference).id)
            stored = row.content.decode()
            for other in (EKEBY, SJOHAMRA, VASTMARK):
                if other is customer:
                    continue
                for text in (kept, stored):
                    assert other[0] not in text and other[1] not in text
                    assert f'"value":{COUNTS[other[0]]}' not in text.replace(" ", "")
            assert store.verify() == []
        finally:
            store.dispose()


def test_an_incident_with_a_bulletin_import_is_shredded_and_the_supplier_stays(store):
    workspace = controller(store)
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    workspace.proposals.review(actor=DPO, proposal_id=imported.proposal_id, accept="all")
    workspace.shred(ref=imported.reference, actor=DPO, reason="Past the retention period.")
    assert store.verify() == []
    assert [s.name for s in workspace.bulletins.suppliers(actor=DPO)] == [NAME]
    with store.engine.connect() as connection:
        table = SQLModel.metadata.tables["bulletin_import"]
        assert connection.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0


def test_a_backup_keeps_the_supplier_and_what_was_imported(store, tmp_path: Path):
    """Restored elsewhere, the registered key still verifies, the version seen still refuses a
    replay, and the next version still comes as what changed."""
    from breachreport.storage.backup import write_file_atomically
    from breachreport.storage.restore import BackupReader, restore_backup

    workspace = controller(store)
    first = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    path = tmp_path / "backup.brb"
    write_file_atomically(path, lambda f: store.write_backup(f))
    url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    restore_backup(url, BackupReader(path, store.ring))
    copy = open_store(url, store.ring, create=False)
    try:
        assert copy.verify() == []
        restored = Workspace(copy, clock=lambda: NOW)
        with pytest.raises(BulletinRefused, match="not newer than version 1"):
            restored.bulletins.import_bulletin(actor=DPO, data=signed(1))
        second = restored.bulletins.import_bulletin(actor=DPO, data=signed(2))
        assert second.reference == first.reference and second.differences
    finally:
        copy.dispose()


def test_two_imports_of_one_version_at_once_take_it_in_once(store):
    """Two DPOs import the same file at the same moment: one takes it in, the other is refused
    as a replay (not a database error), and there is one incident."""
    import threading

    workspace = controller(store)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def one() -> None:
        start.wait()
        try:
            outcomes.append(workspace.bulletins.import_bulletin(actor=DPO, data=signed(1)))
        except Exception as error:  # noqa: BLE001 - the outcome is what is compared
            outcomes.append(error)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [o for o in outcomes if isinstance(o, BulletinRefused)]
    assert len(refused) == 1 and "not newer than version 1" in str(refused[0]), outcomes
    assert len(workspace.register()) == 1
    assert store.verify() == []


def _one_byte_changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value ^ 1
    if isinstance(value, bytes | memoryview):
        blob = bytearray(bytes(value))
        blob[len(blob) // 2] ^= 1
        return bytes(blob)
    if isinstance(value, str):
        at = len(value) // 2
        return value[:at] + ("0" if value[at] != "0" else "1") + value[at + 1 :]
    if isinstance(value, datetime):
        return value.replace(microsecond=(value.microsecond + 1) % 1_000_000)
    raise AssertionError(f"no change for {type(value).__name__}")


@pytest.mark.parametrize("name", ["supplier", "bulletin_import"])
def test_any_value_of_a_supplier_or_an_import_changed_is_reported(store, name):
    """Every column of the new rows, one byte changed at a time (what the database's constraints
    let through), is reported by verify."""
    workspace = controller(store)
    workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    table = SQLModel.metadata.tables[name]
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(table)).one()
    checked = 0
    for column in table.columns:
        value = getattr(row, column.name)
        if value is None:
            continue
        with store.engine.connect() as connection:
            attack = connection.begin()
            try:
                with connection.begin_nested():
                    connection.execute(
                        sa.update(table).values({column.name: _one_byte_changed(value)})
                    )
            except sa.exc.DBAPIError:
                attack.rollback()
                continue  # a constraint refused it: nothing changed
            with Session(bind=connection, autoflush=False) as session:
                damage = check_store(
                    session, store.ring, DataKeyCache(store.ring), replay=replay_problem
                ).damage
            attack.rollback()
        assert damage, f"{name}.{column.name} changed unnoticed"
        checked += 1
    assert checked >= len(table.columns) - 2  # at most the foreign keys were refused


def test_the_word_copy_names_the_bulletin_too(store):
    workspace = controller(store)
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=signed(1))
    workspace.proposals.review(actor=DPO, proposal_id=imported.proposal_id, accept="all")
    sv = word_text(workspace.render(ref=imported.reference, lang="sv", fmt="docx"))
    en = word_text(workspace.render(ref=imported.reference, lang="en", fmt="docx"))
    assert f"Källor: {NAME}, bulletin nr 1 (24 augusti 2025)" in sv
    assert f"Sources: {NAME}, bulletin no. 1 (24 August 2025)" in en
    fresh = workspace.open_incident(actor=DPO, changes={"description.summary": "Ett annat ärende."})
    assert "Källor" not in word_text(workspace.render(ref=fresh.reference, lang="sv", fmt="docx"))
