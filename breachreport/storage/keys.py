"""Master key rotation in the database (``tx.keys``): data keys re-wrapped under the active master key in
batches, and which master keys the stored data keys still need.

Never changes a data key itself (so nothing sealed is touched), and never writes a wrapped key
that did not open first: a damaged one stays as it is, for ``verify`` to report.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import sqlalchemy as sa

from breachreport.crypto import rewrap_data_key
from breachreport.errors import BreachReportError
from breachreport.storage.chain import IncidentChain
from breachreport.storage.ledger import DATA_KEY, full_mac
from breachreport.storage.tables import DataKey

_TABLE = DataKey.__table__
_REWRAP = (
    sa.update(_TABLE)
    .where(_TABLE.c.id == sa.bindparam("b_id"), _TABLE.c.master_key_id == sa.bindparam("b_old"))
    .values(
        master_key_id=sa.bindparam("b_new"),
        wrapped=sa.bindparam("b_wrapped"),
        row_mac=sa.bindparam("b_mac"),
    )
)


@dataclass(frozen=True)
class RewrapBatch:
    """One batch: how many were re-wrapped, which did not open, and where the next batch starts."""

    rewrapped: int
    unopened: tuple[str, ...]
    last_id: str | None


class KeyRepository:
    """Which master keys wrap the stored data keys, and re-wrapping them (master key rotation)."""

    def __init__(self, chain: IncidentChain) -> None:
        self.chain = chain
        self.session = chain.session
        self.ring = chain.ring

    def rewrap(self, *, after: str = "", limit: int = 1000) -> RewrapBatch:
        """Re-wrap up to ``limit`` data keys (ids after ``after``) that are not under the active
        master key, with one bulk UPDATE. Each row is written only if nobody re-wrapped it
        meanwhile, so two rotations racing do no harm."""
        active = self.ring.active_id
        rows = self.session.execute(
            sa.select(_TABLE)
            .where(_TABLE.c.master_key_id != active, _TABLE.c.id > after)
            .order_by(_TABLE.c.id)
            .limit(limit)
        ).all()
        params, unopened = [], []
        for row in rows:
            try:
                new_id, wrapped = rewrap_data_key(self.ring, row.master_key_id, row.id, row.wrapped)
            except BreachReportError:
                unopened.append(row.id)
                continue
            mac = full_mac(
                self.ring.audit_key,
                SimpleNamespace(**{**row._asdict(), "master_key_id": new_id, "wrapped": wrapped}),
                _TABLE,
            )
            params.append(
                {
                    "b_id": row.id,
                    "b_old": row.master_key_id,
                    "b_new": new_id,
                    "b_wrapped": wrapped,
                    "b_mac": mac,
                }
            )
        if params:
            self.session.connection().execute(_REWRAP, params)
            self.chain.ledger.record_many([(DATA_KEY, p["b_id"], p["b_mac"]) for p in params])
        return RewrapBatch(len(params), tuple(unopened), rows[-1].id if rows else None)

    def usage(self) -> dict[str, int]:
        """How many data keys each master key wraps, by master key id."""
        rows = self.session.execute(
            sa.select(DataKey.master_key_id, sa.func.count()).group_by(DataKey.master_key_id)
        )
        return {key_id: count for key_id, count in sorted(tuple(row) for row in rows)}
