"""Actors (``tx.actors``): people acting in a role, their display names sealed with the directory data key.

Never stores a name, or anything derived from one, outside the sealed ``name_ct``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from breachreport.crypto import macs_equal
from breachreport.errors import IntegrityError, NotFound
from breachreport.storage.chain import IncidentChain, new_id
from breachreport.storage.ledger import ACTOR, full_mac
from breachreport.storage.records import ActorRecord
from breachreport.storage.sealed import place, seal_text, unseal_text
from breachreport.storage.tables import Actor


class ActorRepository:
    """Actors by id, or by name and role (opening every sealed name of that role)."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring

    def ensure(self, *, name: str, role: str) -> str:
        """The id of the actor with this name and role, created if new.

        Names are sealed, so no unique index can help: two first-time saves racing on PostgreSQL
        may create two rows; lookups then settle on the oldest, which is harmless.
        """
        if not isinstance(name, str) or not name:
            raise TypeError("actor name must be a non-empty str")
        found = self.find(name=name, role=role)
        if found is not None:
            return found
        key = self.chain.directory_key()
        actor_id = new_id()
        row = Actor(
            id=actor_id,
            role=role,
            name_ct=seal_text(key, name, at=place("actor", "name_ct", actor_id)),
            created_at=datetime.now(UTC),
        )
        row.row_mac = full_mac(self.ring.audit_key, row, Actor.__table__)
        self.session.add(row)
        self.session.flush()
        self.chain.ledger.record(ACTOR, actor_id, row.row_mac)
        return actor_id

    def find(self, *, name: str, role: str) -> str | None:
        """The id of the actor with this name and role, or None; never creates one."""
        key = self.chain.directory_key()
        rows = self.session.execute(
            sa.select(Actor.id, Actor.name_ct)
            .where(Actor.role == role)
            .order_by(Actor.created_at, Actor.id)
        )
        for actor_id, name_ct in rows:
            if unseal_text(key, name_ct, at=place("actor", "name_ct", actor_id)) == name:
                return actor_id
        return None

    def get(self, actor_id: str) -> ActorRecord:
        row = self.session.get(Actor, actor_id)
        if row is None:
            raise NotFound(f"No actor {actor_id}.")
        if row.row_mac is None or not macs_equal(
            row.row_mac, full_mac(self.ring.audit_key, row, Actor.__table__)
        ):
            raise IntegrityError(
                f"Actor {actor_id} failed its integrity check; run breachreport verify."
            )
        name = unseal_text(
            self.chain.directory_key(), row.name_ct, at=place("actor", "name_ct", row.id)
        )
        return ActorRecord(id=row.id, name=name, role=row.role)
