"""Legal review (``tx.reviews``): which reviewer may see which incident, comments per section, and approvals bound
to one facts version.

Comment texts and approval notes are sealed with the incident's data key; plain columns hold ids,
section names, versions and times. Comments and approvals never change once made.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from breachreport.storage.attached import AttachedRows
from breachreport.storage.chain import IncidentChain, new_id, utc
from breachreport.storage.records import ApprovalRecord, AssignmentRecord, CommentRecord
from breachreport.storage.sealed import place, seal_json, unseal_json
from breachreport.storage.tables import Approval, Comment, ReviewerAssignment


class ReviewRepository:
    """Reviewer assignments, comments and approvals, each row under its MAC (``AttachedRows``)."""

    def __init__(self, chain: IncidentChain, rows: AttachedRows) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring
        self.rows = rows

    # -- assignments ---------------------------------------------------------------------------

    def add_assignment(
        self,
        *,
        incident_id: str,
        reviewer_id: str,
        account_id: str | None,
        assigned_at: datetime,
        assigned_by: str,
    ) -> AssignmentRecord:
        row = ReviewerAssignment(
            id=new_id(),
            incident_id=self.chain.incident_row(incident_id).id,
            reviewer_id=reviewer_id,
            account_id=account_id,
            assigned_at=utc(assigned_at, "assigned_at"),
            assigned_by=assigned_by,
            removed_at=None,
            removed_by=None,
            row_mac="",
        )
        self.rows.add(row)
        return _assignment(row)

    def assignments(self, incident_id: str) -> list[AssignmentRecord]:
        """The incident's current (not removed) assignments, oldest first."""
        rows = self.rows.select(
            ReviewerAssignment,
            ReviewerAssignment.incident_id == incident_id,
            ReviewerAssignment.removed_at.is_(None),
            order_by=(ReviewerAssignment.assigned_at, ReviewerAssignment.id),
        )
        return [_assignment(row) for row in rows]

    def assigned_incident_ids(
        self, *, account_id: str | None = None, reviewer_id: str | None = None
    ) -> set[str]:
        """Incidents assigned to an account, or (with ``reviewer_id``) to a reviewer known by name
        only, i.e. an assignment made without an account."""
        if account_id is not None:
            who = ReviewerAssignment.account_id == account_id
        elif reviewer_id is not None:
            who = sa.and_(
                ReviewerAssignment.reviewer_id == reviewer_id,
                ReviewerAssignment.account_id.is_(None),
            )
        else:
            return set()
        rows = self.rows.select(ReviewerAssignment, who, ReviewerAssignment.removed_at.is_(None))
        return {row.incident_id for row in rows}

    def remove_assignment(
        self, assignment_id: str, *, removed_at: datetime, removed_by: str
    ) -> AssignmentRecord:
        row = self.rows.get(ReviewerAssignment, assignment_id, lock=True)
        row = self.rows.update(row, removed_at=utc(removed_at, "removed_at"), removed_by=removed_by)
        return _assignment(row)

    # -- comments ------------------------------------------------------------------------------

    def add_comment(
        self,
        *,
        incident_id: str,
        section: str,
        facts_version: int,
        author_id: str,
        author_role: str,
        created_at: datetime,
        text: str,
    ) -> CommentRecord:
        incident = self.chain.incident_row(incident_id)
        key = self.chain.data_key(incident.data_key_id)
        comment_id = new_id()
        row = Comment(
            id=comment_id,
            incident_id=incident.id,
            section=section,
            facts_version=facts_version,
            author_id=author_id,
            author_role=author_role,
            created_at=utc(created_at, "created_at"),
            text_ct=seal_json(
                key, {"text": text}, at=place("comment", "text_ct", comment_id), what="comment"
            ),
            row_mac="",
        )
        self.rows.add(row)
        return _comment(row, key)

    def comments(self, incident_id: str) -> list[CommentRecord]:
        """The incident's comments, oldest first."""
        key = self.chain.incident_key(incident_id)
        rows = self.rows.select(
            Comment, Comment.incident_id == incident_id, order_by=(Comment.created_at, Comment.id)
        )
        return [_comment(row, key) for row in rows]

    # -- approvals -----------------------------------------------------------------------------

    def add_approval(
        self,
        *,
        incident_id: str,
        facts_version: int,
        approver_id: str,
        approved_at: datetime,
        note: str | None,
    ) -> ApprovalRecord:
        incident = self.chain.incident_row(incident_id)
        key = self.chain.data_key(incident.data_key_id)
        approval_id = new_id()
        row = Approval(
            id=approval_id,
            incident_id=incident.id,
            facts_version=facts_version,
            approver_id=approver_id,
            approved_at=utc(approved_at, "approved_at"),
            note_ct=seal_json(
                key, {"note": note}, at=place("approval", "note_ct", approval_id), what="note"
            ),
            row_mac="",
        )
        self.rows.add(row)
        return _approval(row, key)

    def approved_versions(self) -> dict[str, frozenset[int]]:
        """Per incident id, the facts versions a reviewer approved: plain columns of every
        incident in one read (the overview's waiting list), nothing unsealed."""
        found: dict[str, set[int]] = {}
        query = sa.select(Approval.incident_id, Approval.facts_version)
        for incident_id, version in self.session.execute(query):
            found.setdefault(incident_id, set()).add(version)
        return {incident_id: frozenset(versions) for incident_id, versions in found.items()}

    def approvals(self, incident_id: str) -> list[ApprovalRecord]:
        """The incident's approvals, oldest first."""
        key = self.chain.incident_key(incident_id)
        rows = self.rows.select(
            Approval,
            Approval.incident_id == incident_id,
            order_by=(Approval.approved_at, Approval.id),
        )
        return [_approval(row, key) for row in rows]


def _assignment(row: ReviewerAssignment) -> AssignmentRecord:
    return AssignmentRecord(
        id=row.id,
        incident_id=row.incident_id,
        reviewer_id=row.reviewer_id,
        account_id=row.account_id,
        assigned_at=row.assigned_at,
        assigned_by=row.assigned_by,
        removed_at=row.removed_at,
        removed_by=row.removed_by,
    )


def _comment(row: Comment, key: bytes) -> CommentRecord:
    sealed = unseal_json(key, row.text_ct, at=place("comment", "text_ct", row.id))
    return CommentRecord(
        id=row.id,
        incident_id=row.incident_id,
        section=row.section,
        facts_version=row.facts_version,
        author_id=row.author_id,
        author_role=row.author_role,
        created_at=row.created_at,
        text=sealed["text"],
    )


def _approval(row: Approval, key: bytes) -> ApprovalRecord:
    sealed = unseal_json(key, row.note_ct, at=place("approval", "note_ct", row.id))
    return ApprovalRecord(
        id=row.id,
        incident_id=row.incident_id,
        facts_version=row.facts_version,
        approver_id=row.approver_id,
        approved_at=row.approved_at,
        note=sealed.get("note"),
    )
