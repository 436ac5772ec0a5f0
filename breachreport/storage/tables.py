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


class Actor(SQLModel, table=True):
    __tablename__ = "actor"

    id: str = _col(ID, primary_key=True)
    role: str = _col(sa.String(32))
    name_ct: bytes = _col(sa.LargeBinary)
    created_at: datetime = _col(UTCDateTime)


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


class FilingDocument(SQLModel, table=True):
    __tablename__ = "filing_document"
    __table_args__ = (sa.UniqueConstraint("filing_id", "name", name="uq_filing_document_name"),)

    id: str = _col(ID, primary_key=True)
    filing_id: str = _col(ID, sa.ForeignKey("filing.id", name="fk_filing_document_filing"))
    name: str = _col(sa.String(200))
    content_ct: bytes = _col(sa.LargeBinary)


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
