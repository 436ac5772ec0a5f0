"""Proposals (``tx.proposals``): changes a supplier contact offers (through an invitation, or in a
signed bulletin: no invitation), sealed, and the DPO's decision on them.

Plain columns hold ids, times, a status and field paths; values, comments and notes are sealed with
the incident's data key. A proposal is decided once and never changes afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from breachreport.errors import StorageError
from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import IncidentChain, new_id, utc
from breachreport.storage.records import ProposalRecord
from breachreport.storage.sealed import json_bytes, place, seal_json, unseal_json
from breachreport.storage.tables import Proposal

PENDING = "pending"


class ProposalRepository:
    """Proposals on incidents, each row under its MAC (``AttachedRows``)."""

    def __init__(self, chain: IncidentChain, rows: AttachedRows) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring
        self.rows = rows

    def create(
        self,
        *,
        incident_id: str,
        invitation_id: str | None,
        author_id: str,
        created_at: datetime,
        base_version: int,
        changes: dict[str, Any],
        base: dict[str, Any],
        comment: str | None,
    ) -> ProposalRecord:
        """A pending proposal: ``changes`` maps paths to proposed values, ``base`` to the values
        they replace."""
        incident = self.chain.incident_row(incident_id)
        key = self.chain.data_key(incident.data_key_id)
        proposal_id = new_id()
        sealed = {"changes": changes, "base": base, "comment": comment}
        json_bytes(sealed, "proposal")
        row = Proposal(
            id=proposal_id,
            incident_id=incident.id,
            invitation_id=invitation_id,
            author_id=author_id,
            created_at=utc(created_at, "created_at"),
            base_version=base_version,
            fields=sorted(changes),
            changes_ct=seal_json(
                key, sealed, at=place("proposal", "changes_ct", proposal_id), what="proposal"
            ),
            status=PENDING,
            reviewed_at=None,
            reviewer_id=None,
            review_ct=None,
            row_mac="",
        )
        self.rows.add(row)
        return _record(row, key)

    def get(self, proposal_id: str) -> ProposalRecord:
        row = self.rows.get(Proposal, proposal_id)
        return _record(row, self.chain.incident_key(row.incident_id))

    def for_incident(self, incident_id: str, *, status: str | None = None) -> list[ProposalRecord]:
        """The incident's proposals, oldest first (only those with ``status`` if given)."""
        key = self.chain.incident_key(incident_id)
        criteria: list[Any] = [Proposal.incident_id == incident_id]
        if status is not None:
            criteria.append(Proposal.status == status)
        rows = self.rows.select(Proposal, *criteria, order_by=(Proposal.created_at, Proposal.id))
        return [_record(row, key) for row in rows]

    def pending_counts(self) -> dict[str, int]:
        """Per incident id, how many proposals wait for review: plain columns of every incident
        in one read (the overview's waiting list), nothing unsealed."""
        counted = (
            sa.select(Proposal.incident_id, sa.func.count())
            .where(Proposal.status == PENDING)
            .group_by(Proposal.incident_id)
        )
        return {incident_id: number for incident_id, number in self.session.execute(counted)}

    def decide(
        self,
        proposal_id: str,
        *,
        status: str,
        reviewed_at: datetime,
        reviewer_id: str,
        accepted: Sequence[str],
        rejected: Sequence[str],
        note: str | None,
    ) -> ProposalRecord:
        """Record the DPO's decision; StorageError if it was decided meanwhile."""
        row = self.rows.get(Proposal, proposal_id, lock=True)
        if row.status != PENDING:
            raise StorageError("This proposal has already been reviewed; reload the list.")
        key = self.chain.incident_key(row.incident_id)
        review = {"accepted": sorted(accepted), "rejected": sorted(rejected), "note": note}
        row = self.rows.update(
            row,
            status=status,
            reviewed_at=utc(reviewed_at, "reviewed_at"),
            reviewer_id=reviewer_id,
            review_ct=seal_json(
                key, review, at=place("proposal", "review_ct", row.id), what="review"
            ),
        )
        return _record(row, key)


def _record(row: Proposal, key: bytes) -> ProposalRecord:
    sealed = unseal_json(key, row.changes_ct, at=place("proposal", "changes_ct", row.id))
    review: dict[str, Any] = {}
    if row.review_ct is not None:
        review = unseal_json(key, row.review_ct, at=place("proposal", "review_ct", row.id))
    return ProposalRecord(
        id=row.id,
        incident_id=row.incident_id,
        invitation_id=row.invitation_id,
        author_id=row.author_id,
        created_at=row.created_at,
        base_version=row.base_version,
        fields=tuple(row.fields),
        changes=sealed["changes"],
        base=sealed["base"],
        comment=sealed.get("comment"),
        status=row.status,
        reviewed_at=row.reviewed_at,
        reviewer_id=row.reviewer_id,
        accepted=tuple(review.get("accepted", ())),
        rejected=tuple(review.get("rejected", ())),
        note=review.get("note"),
    )
