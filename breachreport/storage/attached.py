"""Rows that belong to one incident beside its facts (invitations, proposals, reviewer assignments,
comments, approvals, evidence, bulletin imports, outgoing mail) and organisation settings: each under a MAC over all its columns.

Never returns a row whose MAC does not match, and never changes one without checking it first.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from breachreport.crypto import macs_equal
from breachreport.errors import IntegrityError, NotFound, StorageError
from breachreport.storage.audit import columns_mac
from breachreport.storage.chain import IncidentChain
from breachreport.storage.ledger import SETTING
from breachreport.storage.tables import (
    Approval,
    BulletinImport,
    Comment,
    Evidence,
    Invitation,
    OutgoingMail,
    Proposal,
    ReviewerAssignment,
)

# Incident-bound tables, for verify: each has ``id``, ``incident_id`` and sealed ``*_ct`` columns.
ATTACHED: tuple[type[SQLModel], ...] = (
    Invitation,
    Proposal,
    ReviewerAssignment,
    Comment,
    Approval,
    Evidence,
    BulletinImport,
    OutgoingMail,
)
# Columns a row MAC leaves out: evidence content is authenticated by AES-GCM bound to its row, and
# hashing megabytes on every listing would buy nothing more.
UNMACED: dict[str, frozenset[str]] = {"evidence": frozenset({"content_ct"})}
_NAMES = {
    "invitation": "Invitation",
    "proposal": "Proposal",
    "reviewer_assignment": "Reviewer assignment",
    "comment": "Comment",
    "approval": "Approval",
    "evidence": "Evidence",
    "bulletin_import": "Bulletin import",
    "outgoing_mail": "Outgoing mail",
    "setting": "Setting",
}


def table_of(model: Any) -> sa.Table:
    return model.__table__


def row_mac(audit_key: bytes, table: sa.Table, row: Any) -> str:
    """A MAC over every column of ``row`` (ORM row or namespace) but ``row_mac`` and UNMACED."""
    return columns_mac(audit_key, table, row, UNMACED.get(table.name, frozenset()))


def key_of(table: sa.Table) -> str:
    return "name" if table.name == "setting" else "id"


class AttachedRows:
    """Insert, read and compare-and-set rows of the tables above, their MACs made and checked.

    A collaborator the repositories of those tables share (one per transaction, like the chain).
    """

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.audit_key = chain.ring.audit_key

    def add(self, row: SQLModel) -> None:
        table = table_of(row)
        row.row_mac = row_mac(self.audit_key, table, row)  # type: ignore[attr-defined]
        self.session.add(row)
        self.session.flush()
        self.session.expunge(row)
        self._committed(table, row)

    def _committed(self, table: sa.Table, row: Any) -> None:
        """Every write goes under a chain here: a setting's into the ledger, an incident's rows
        into its manifest, in the same transaction."""
        if table.name == "setting":
            self.chain.ledger.record(SETTING, row.name, row.row_mac)
        else:
            self.chain.refresh_rows(row.incident_id, table.name)

    def select(
        self, model: Any, *criteria: Any, order_by: Sequence[Any] = (), options: Sequence[Any] = ()
    ) -> list[Any]:
        query = sa.select(model).where(*criteria).order_by(*order_by).options(*options)
        rows = self.session.scalars(query.execution_options(populate_existing=True)).all()
        for row in rows:
            self.session.expunge(row)
            self.check(row)
        return list(rows)

    def get(self, model: Any, row_id: str, *, lock: bool = False, options: Sequence[Any] = ()):
        table = table_of(model)
        query = sa.select(model).where(table.c[key_of(table)] == row_id).options(*options)
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query.execution_options(populate_existing=True)).one_or_none()
        if row is None:
            raise NotFound(f"No {_NAMES[table.name].lower()} {row_id}.")
        self.session.expunge(row)
        self.check(row)
        return row

    def update(self, row: Any, **changes: Any) -> Any:
        """Write ``changes`` and a fresh MAC, only if the row is still what was read."""
        table = table_of(row)
        skip = UNMACED.get(table.name, frozenset())
        values = {c.name: getattr(row, c.name) for c in table.columns if c.name not in skip}
        new = SimpleNamespace(**{**values, **changes})
        changes["row_mac"] = row_mac(self.audit_key, table, new)
        key = key_of(table)
        result = self.session.execute(
            sa.update(table)
            .where(table.c[key] == getattr(row, key), table.c.row_mac == row.row_mac)
            .values(**changes)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise StorageError(
                f"The {_NAMES[table.name].lower()} was changed by someone else meanwhile; "
                "reload and try again."
            )
        for name, value in changes.items():
            setattr(row, name, value)
        self._committed(table, row)
        return row

    def check(self, row: Any) -> None:
        table = table_of(row)
        if not macs_equal(row.row_mac, row_mac(self.audit_key, table, row)):
            raise IntegrityError(
                f"{_NAMES[table.name]} {getattr(row, key_of(table))} failed its integrity check; "
                "run breachreport verify."
            )
