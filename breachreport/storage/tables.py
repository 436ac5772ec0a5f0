"""The database tables (SQLModel). Every column that may hold personal data is a sealed ``*_ct`` blob.

Nothing here encrypts or decrypts; plain columns hold ids, field names, times and MACs only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

ID = sa.String(32)  # uuid4().hex, made in Python so it can be bound into a ciphertext before insert
MAC = sa.String(64)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware UTC in Python; naive UTC on SQLite, which has no time zones."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("datetimes stored by breachreport must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _col(type_: Any, *args: Any, nullable: bool = False, **kwargs: Any) -> Any:
    return Field(sa_column=sa.Column(type_, *args, nullable=nullable, **kwargs))


class DataKey(SQLModel, table=True):
    __tablename__ = "data_key"

    id: str = _col(ID, primary_key=True)
    purpose: str = _col(sa.String(16))  # "incident" | "directory"
    master_key_id: str = _col(sa.String(32))
    wrapped: bytes = _col(sa.LargeBinary)
    created_at: datetime = _col(UTCDateTime)
    row_mac: str | None = _col(MAC, nullable=True)  # every column; None only before 0007's adoption


class Actor(SQLModel, table=True):
    __tablename__ = "actor"

    id: str = _col(ID, primary_key=True)
    role: str = _col(sa.String(32))
    name_ct: bytes = _col(sa.LargeBinary)
    created_at: datetime = _col(UTCDateTime)
    row_mac: str | None = _col(MAC, nullable=True)  # every column; None only before 0007's adoption


class Incident(SQLModel, table=True):
    __tablename__ = "incident"
    __table_args__ = (sa.UniqueConstraint("reference", name="uq_incident_reference"),)

    id: str = _col(ID, primary_key=True)
    reference: str = _col(sa.String(32))
    status: str = _col(sa.String(32))
    version: int = _col(sa.Integer)
    created_at: datetime = _col(UTCDateTime)
    updated_at: datetime = _col(UTCDateTime)
    data_key_id: str = _col(ID, sa.ForeignKey("data_key.id", name="fk_incident_data_key"))
    facts_ct: bytes = _col(sa.LargeBinary)
    summary_ct: bytes = _col(sa.LargeBinary)
    chain_head: str = _col(MAC)
    row_mac: str = _col(MAC)
    # The rows that belong to it, as {table: [count, sha256 of their ids and MACs]} (ids and MACs
    # only, nothing secret), under ``row_mac``. None only before 0007's adoption (storage.manifest).
    rows: str | None = _col(sa.Text, nullable=True)


class IncidentEvent(SQLModel, table=True):
    __tablename__ = "incident_event"
    __table_args__ = (sa.UniqueConstraint("incident_id", "seq", name="uq_incident_event_seq"),)

    id: int | None = _col(sa.Integer, primary_key=True, autoincrement=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_incident_event_incident"))
    seq: int = _col(sa.Integer)
    kind: str = _col(sa.String(64))
    at: datetime = _col(UTCDateTime)
    actor_id: str = _col(sa.String(64))
    actor_role: str = _col(sa.String(32))
    fields: list[str] = _col(sa.JSON)
    payload_ct: bytes = _col(sa.LargeBinary)
    prev_mac: str = _col(MAC)
    mac: str = _col(MAC)


class Filing(SQLModel, table=True):
    __tablename__ = "filing"
    __table_args__ = (sa.UniqueConstraint("incident_id", "seq", name="uq_filing_seq"),)

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_filing_incident"))
    seq: int = _col(sa.Integer)
    kind: str = _col(sa.String(32))
    filed_at: datetime = _col(UTCDateTime)
    actor_id: str = _col(sa.String(64))
    case_number: str | None = _col(sa.String(100), nullable=True)  # the only mutable column
    snapshot_ct: bytes = _col(sa.LargeBinary)
    changes_ct: bytes = _col(sa.LargeBinary)
    event_seq: int = _col(sa.Integer)
    row_mac: str = _col(MAC)  # also covers case_number and the documents' ids and names
    # Filing metadata, not facts: {"final", "delay_reasons"}. None on filings made before 0005.
    meta_ct: bytes | None = _col(sa.LargeBinary, nullable=True)
    # Who it went to (domain.recipients): "imy", "cert-se", "police", "ivo". Filings made before
    # 0008 went to IMY. Covered by row_mac (audit.filing_mac).
    recipient: str = _col(sa.String(32), server_default="imy")


class FilingDocument(SQLModel, table=True):
    __tablename__ = "filing_document"
    __table_args__ = (sa.UniqueConstraint("filing_id", "name", name="uq_filing_document_name"),)

    id: str = _col(ID, primary_key=True)
    filing_id: str = _col(ID, sa.ForeignKey("filing.id", name="fk_filing_document_filing"))
    name: str = _col(sa.String(200))
    content_ct: bytes = _col(sa.LargeBinary)


# The meta row holding the MAC that proves which audit key sealed this database (store, backup).
AUDIT_KEY_CHECK = "audit_key_check"


class Meta(SQLModel, table=True):
    __tablename__ = "meta"

    key: str = _col(sa.String(64), primary_key=True)
    value: str = _col(sa.Text)


class Account(SQLModel, table=True):
    """A local account. Found by ``login_index``, a keyed hash of the normalised username."""

    __tablename__ = "account"
    __table_args__ = (sa.UniqueConstraint("login_index", name="uq_account_login_index"),)

    id: str = _col(ID, primary_key=True)
    login_index: str = _col(MAC)
    username_ct: bytes = _col(sa.LargeBinary)
    display_name_ct: bytes = _col(sa.LargeBinary)
    password_hash: str = _col(sa.String(255))  # Argon2id, PHC string: parameters, salt, hash
    role: str = _col(sa.String(32))
    actor_id: str = _col(ID, sa.ForeignKey("actor.id", name="fk_account_actor"))
    disabled: bool = _col(sa.Boolean)
    created_at: datetime = _col(UTCDateTime)
    last_login_at: datetime | None = _col(UTCDateTime, nullable=True)
    failed_logins: int = _col(sa.Integer)
    locked_until: datetime | None = _col(UTCDateTime, nullable=True)
    row_mac: str = _col(MAC)


class Organisation(SQLModel, table=True):
    """The organisation profile: one row, its answers sealed as one JSON object."""

    __tablename__ = "organisation"

    id: str = _col(sa.String(16), primary_key=True)
    profile_ct: bytes = _col(sa.LargeBinary)
    updated_at: datetime = _col(UTCDateTime)
    updated_by: str = _col(ID)  # the account that saved it
    row_mac: str = _col(MAC)


# -- rows that belong to one incident, beside its facts (sealed with the incident's data key) -----


class Invitation(SQLModel, table=True):
    """A supplier contact's link to one incident and some sections; the token only as a keyed hash."""

    __tablename__ = "invitation"
    __table_args__ = (sa.UniqueConstraint("token_index", name="uq_invitation_token_index"),)

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_invitation_incident"))
    token_index: str = _col(MAC)
    sections: list[str] = _col(sa.JSON)  # section names, never values
    contact_ct: bytes = _col(sa.LargeBinary)  # {"name", "email"}
    created_at: datetime = _col(UTCDateTime)
    created_by: str = _col(ID, sa.ForeignKey("actor.id", name="fk_invitation_created_by"))
    expires_at: datetime = _col(UTCDateTime)
    opened_at: datetime | None = _col(UTCDateTime, nullable=True)
    revoked_at: datetime | None = _col(UTCDateTime, nullable=True)
    revoked_by: str | None = _col(ID, nullable=True)
    row_mac: str = _col(MAC)


class Proposal(SQLModel, table=True):
    """Changes offered by a supplier contact, waiting for the DPO, then accepted or rejected."""

    __tablename__ = "proposal"

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_proposal_incident"))
    # None for a proposal that came in a supplier's signed bulletin (bulletin_import.proposal_id).
    invitation_id: str | None = _col(
        ID, sa.ForeignKey("invitation.id", name="fk_proposal_invitation"), nullable=True
    )
    author_id: str = _col(ID, sa.ForeignKey("actor.id", name="fk_proposal_author"))
    created_at: datetime = _col(UTCDateTime)
    base_version: int = _col(sa.Integer)
    fields: list[str] = _col(sa.JSON)  # field paths, never values
    changes_ct: bytes = _col(sa.LargeBinary)  # {"changes", "base", "comment"}
    status: str = _col(sa.String(16))
    reviewed_at: datetime | None = _col(UTCDateTime, nullable=True)
    reviewer_id: str | None = _col(ID, nullable=True)
    review_ct: bytes | None = _col(
        sa.LargeBinary, nullable=True
    )  # {"accepted", "rejected", "note"}
    row_mac: str = _col(MAC)


class ReviewerAssignment(SQLModel, table=True):
    """A legal reviewer's access to one incident; an account's, or (local operator) a name's."""

    __tablename__ = "reviewer_assignment"

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(
        ID, sa.ForeignKey("incident.id", name="fk_reviewer_assignment_incident")
    )
    reviewer_id: str = _col(ID, sa.ForeignKey("actor.id", name="fk_reviewer_assignment_actor"))
    account_id: str | None = _col(
        ID, sa.ForeignKey("account.id", name="fk_reviewer_assignment_account"), nullable=True
    )
    assigned_at: datetime = _col(UTCDateTime)
    assigned_by: str = _col(ID)
    removed_at: datetime | None = _col(UTCDateTime, nullable=True)
    removed_by: str | None = _col(ID, nullable=True)
    row_mac: str = _col(MAC)


class Comment(SQLModel, table=True):
    """A comment on one section of the facts, made at one facts version."""

    __tablename__ = "comment"

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_comment_incident"))
    section: str = _col(sa.String(32))
    facts_version: int = _col(sa.Integer)
    author_id: str = _col(ID, sa.ForeignKey("actor.id", name="fk_comment_author"))
    author_role: str = _col(sa.String(32))
    created_at: datetime = _col(UTCDateTime)
    text_ct: bytes = _col(sa.LargeBinary)
    row_mac: str = _col(MAC)


class Approval(SQLModel, table=True):
    """A legal reviewer's approval of the draft at exactly one facts version."""

    __tablename__ = "approval"

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_approval_incident"))
    facts_version: int = _col(sa.Integer)
    approver_id: str = _col(ID, sa.ForeignKey("actor.id", name="fk_approval_approver"))
    approved_at: datetime = _col(UTCDateTime)
    note_ct: bytes = _col(sa.LargeBinary)  # {"note"}
    row_mac: str = _col(MAC)


class Evidence(SQLModel, table=True):
    """A file attached to an incident. Name, hash and content sealed; the MAC leaves out the
    content, which AES-GCM bound to this row already authenticates."""

    __tablename__ = "evidence"

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_evidence_incident"))
    uploaded_at: datetime = _col(UTCDateTime)
    uploader_id: str = _col(ID, sa.ForeignKey("actor.id", name="fk_evidence_uploader"))
    uploader_role: str = _col(sa.String(32))
    invitation_id: str | None = _col(
        ID, sa.ForeignKey("invitation.id", name="fk_evidence_invitation"), nullable=True
    )
    media_type: str = _col(sa.String(100))
    size: int = _col(sa.Integer)
    meta_ct: bytes = _col(sa.LargeBinary)  # {"filename", "sha256", "description"}
    content_ct: bytes = _col(sa.LargeBinary)
    row_mac: str = _col(MAC)


class Setting(SQLModel, table=True):
    """An organisation-wide setting (e.g. four-eyes), as JSON under a MAC; never personal data."""

    __tablename__ = "setting"

    name: str = _col(sa.String(64), primary_key=True)
    value: Any = _col(sa.JSON)
    updated_at: datetime = _col(UTCDateTime)
    updated_by: str = _col(sa.String(64))
    row_mac: str = _col(MAC)


class Tombstone(SQLModel, table=True):
    """What stays of a shredded incident: its reference, dates and filings, who shredded it, when
    and why (sealed with the directory key). Its data key and every sealed row are gone."""

    __tablename__ = "tombstone"
    __table_args__ = (sa.UniqueConstraint("reference", name="uq_tombstone_reference"),)

    id: str = _col(ID, primary_key=True)  # the incident's id
    reference: str = _col(sa.String(32))
    status: str = _col(sa.String(32))  # the status it had when it was shredded
    created_at: datetime = _col(UTCDateTime)  # when it was opened
    aware_at: datetime | None = _col(UTCDateTime, nullable=True)
    decision: str | None = _col(sa.String(64), nullable=True)  # the outcome's code, never reasons
    filings: list[dict[str, Any]] = _col(sa.JSON)  # [{"seq", "kind", "filed_at", "case_number"}]
    last_activity_at: datetime = _col(UTCDateTime)  # its last audit event before shredding
    shredded_at: datetime = _col(UTCDateTime)
    shredded_by: str = _col(ID, sa.ForeignKey("actor.id", name="fk_tombstone_shredded_by"))
    shredded_role: str = _col(sa.String(32))
    reason_ct: bytes = _col(sa.LargeBinary)  # {"reason"}, sealed with the directory key
    row_mac: str = _col(MAC)


class Supplier(SQLModel, table=True):
    """A supplier whose signed bulletins this organisation accepts: its Ed25519 public key, the
    key's fingerprint, and the actor its bulletins' proposals are attributed to. Under the ledger;
    the row MAC covers every column."""

    __tablename__ = "supplier"
    __table_args__ = (sa.UniqueConstraint("fingerprint", name="uq_supplier_fingerprint"),)

    id: str = _col(ID, primary_key=True)
    name_ct: bytes = _col(sa.LargeBinary)  # sealed with the directory key, as actors' names are
    public_key: str = _col(sa.Text)  # the one line the supplier published
    fingerprint: str = _col(sa.String(100))  # "SHA256:..." as SSH shows it
    actor_id: str = _col(ID, sa.ForeignKey("actor.id", name="fk_supplier_actor"))
    added_at: datetime = _col(UTCDateTime)
    row_mac: str = _col(MAC)


class BulletinImport(SQLModel, table=True):
    """One version of a supplier's bulletin taken into an incident: the signed part as it came
    (sealed with the incident's data key), its digest, and the proposal it arrived as.

    ``proposal_id`` is no foreign key: shredding deletes an incident's proposals before the rows
    that name them. The MAC covers every column."""

    __tablename__ = "bulletin_import"
    __table_args__ = (
        sa.UniqueConstraint(
            "supplier_id", "bulletin_id", "version", name="uq_bulletin_import_version"
        ),
    )

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_bulletin_import_incident"))
    supplier_id: str = _col(ID, sa.ForeignKey("supplier.id", name="fk_bulletin_import_supplier"))
    bulletin_id: str = _col(sa.String(100))  # the supplier's own id, stable across versions
    version: int = _col(sa.Integer)
    digest: str = _col(MAC)  # sha256 of the signed part, hex
    imported_at: datetime = _col(UTCDateTime)
    proposal_id: str | None = _col(ID, nullable=True)
    content_ct: bytes = _col(sa.LargeBinary)  # the signed part, as imported
    row_mac: str = _col(MAC)


class OutgoingMail(SQLModel, table=True):
    """A mail that must go out exactly once (a reminder, an escalation, a reviewer's notice), and
    how sending it went. Found again by ``dedupe_index``, a keyed hash of the caller's purpose
    string: the unique index lets the database decide between two runs that overlap. The address
    and everything the mail says are sealed with the incident's data key; the MAC covers every
    column."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        sa.UniqueConstraint("dedupe_index", name="uq_outgoing_mail_dedupe_index"),
        sa.Index("ix_outgoing_mail_status", "status", "claimed_at"),
    )

    id: str = _col(ID, primary_key=True)
    incident_id: str = _col(ID, sa.ForeignKey("incident.id", name="fk_outgoing_mail_incident"))
    dedupe_index: str = _col(MAC)
    kind: str = _col(sa.String(32))  # "reminder", "escalation", "review_notice", ...
    clock_key: str | None = _col(sa.String(64), nullable=True)
    due: datetime | None = _col(UTCDateTime, nullable=True)  # the deadline it is about
    scheduled_at: datetime = _col(UTCDateTime)
    message_ct: bytes = _col(sa.LargeBinary)  # {"to", "name", "lang", "context", ...}
    status: str = _col(sa.String(16))  # "sending" | "sent" | "failed" | "expired"
    attempts: int = _col(sa.Integer)
    claimed_at: datetime = _col(UTCDateTime)
    sent_at: datetime | None = _col(UTCDateTime, nullable=True)
    error_ct: bytes | None = _col(sa.LargeBinary, nullable=True)  # the last failure's one line
    created_at: datetime = _col(UTCDateTime)
    row_mac: str = _col(MAC)


class LedgerEntry(SQLModel, table=True):
    """The chain of what belongs to no incident: settings, accounts, actors, data keys, the
    organisation profile, meta entries that matter and the list of incidents (storage.ledger).

    Append-only; each entry names a subject and the digest it has from then on (None: deleted).
    """

    __tablename__ = "ledger"
    __table_args__ = (sa.Index("ix_ledger_subject", "kind", "subject", "seq"),)

    seq: int = _col(sa.Integer, primary_key=True, autoincrement=False)
    at: datetime = _col(UTCDateTime)
    kind: str = _col(sa.String(32))
    subject: str = _col(sa.String(64))
    digest: str | None = _col(sa.String(200), nullable=True)
    prev_mac: str = _col(MAC)
    mac: str = _col(MAC)


class SignInAttempt(SQLModel, table=True):
    """One refused (or accepted) sign-in, for the throttle and the record of refusals.

    Never holds the typed name or the client's address: only keyed hashes of them (HMAC with the
    audit key), so that attempts on one name or from one address can be counted and nothing more.
    """

    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        sa.Index("ix_sign_in_attempt_at", "at"),
        sa.Index("ix_sign_in_attempt_name_index", "name_index", "at"),
        sa.Index("ix_sign_in_attempt_client_index", "client_index", "at"),
    )

    id: int | None = _col(sa.Integer, primary_key=True, autoincrement=True)
    at: datetime = _col(UTCDateTime)
    name_index: str = _col(MAC)  # HMAC of the typed name, normalised as a username
    client_index: str | None = _col(MAC, nullable=True)  # HMAC of the client address, if known
    outcome: str = _col(sa.String(16))  # "accepted", "refused", "throttled"
