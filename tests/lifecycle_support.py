"""A world with a row in every table (for the tests of shredding, backups and rotation): the
collaboration world, plus a marker in the facts, a comment, an approval, an accepted proposal,
evidence, a filing with IMY's case number, and a second incident."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from collaboration_support import PDF, World, at, build_world
from sqlmodel import SQLModel

import breachreport.storage.tables  # noqa: F401  (registers the tables)
from breachreport.demo.scenario import CASE_NUMBER
from breachreport.domain.choices import FilingKind
from breachreport.services.accounts import OrganisationProfile
from breachreport.storage import Store

MARKER = "MARKER-5d1e-Hemligpatient-19700101-1234"
MARKED_PDF = PDF.replace(b"%%EOF", f"% {MARKER}\n%%EOF".encode())


def full_world(store: Store) -> World:
    world = build_world(store)
    workspace = world.workspace
    workspace.revise(
        actor=world.dpo.actor,
        ref=world.ref,
        changes={"description.summary": f"Patient {MARKER} was listed by the supplier."},
        expected_version=world.version,
    )
    proposal = workspace.proposals.propose(
        actor=world.supplier,
        changes={"measures.taken": f"Isolated the server of {MARKER}."},
        expected_version=world.version,
        comment=f"Checked with {MARKER}.",
    )
    workspace.proposals.review(actor=world.dpo.actor, proposal_id=proposal.id, accept="all")
    workspace.reviews.comment(
        actor=world.reviewer.actor, ref=world.ref, section="data", text=f"Is {MARKER} a patient?"
    )
    workspace.reviews.approve(
        actor=world.reviewer.actor, ref=world.ref, facts_version=world.version, note=MARKER
    )
    workspace.evidence.upload(
        actor=world.supplier, ref=world.ref, filename="forensics.pdf", content=MARKED_PDF
    )
    workspace.file(
        actor=world.dpo.actor,
        ref=world.ref,
        kind=FilingKind.PRELIMINARY,
        at=at("2024-01-22T16:00"),
    )
    workspace.record_case_number(actor=world.dpo.actor, ref=world.ref, case_number=CASE_NUMBER)
    world.accounts.save_organisation(
        by=world.dpo, profile=OrganisationProfile(name="Region Nordmark")
    )
    workspace.retention.set_months(actor=world.dpo.actor, months=36)
    world.open_another()
    return world


def table_rows(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table as stored, in primary key order."""
    found = {}
    with store.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            query = sa.select(table).order_by(*table.primary_key.columns)
            found[table.name] = [tuple(row) for row in connection.execute(query)]
    return found


def incident_rows(store: Store, incident_id: str) -> dict[str, int]:
    """How many rows of each table still belong to the incident."""
    counts = {}
    with store.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if "incident_id" in table.c:
                where = table.c.incident_id == incident_id
            elif table.name == "incident":
                where = table.c.id == incident_id
            else:
                continue
            counts[table.name] = connection.execute(
                sa.select(sa.func.count()).select_from(table).where(where)
            ).scalar_one()
    return counts


def database_files(store: Store) -> dict[Path, bytes]:
    """The bytes of a SQLite database's files (main file, write-ahead log, shared memory)."""
    database = Path(store.engine.url.database or "")
    return {
        path: path.read_bytes()
        for path in database.parent.iterdir()
        if path.name.startswith(database.name)
    }
