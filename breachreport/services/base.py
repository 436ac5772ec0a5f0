"""What every group of use cases builds on: the store, the clock, the permission check and the one
way to attribute a change to an actor.

A use case opens its own transaction (``self.store.transaction()``), calls ``allow`` first, and
writes its audit event through ``attributed_event``, so that who did it, in which role and when is
recorded the same way everywhere. Modules of this package build their groups on ``UseCases``; none of them
knows the ``Workspace`` facade that composes the groups.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from ..domain.status import Role
from ..storage import NewEvent, Store, Transaction
from .permissions import Actor, Grant, UseCase, require

# Events that change the facts; replaying their changes rebuilds the current facts. Each makes one
# new version, so the n-th of them made version n.
REVISION_KINDS = ("opened", "revised", "decided", "proposal_accepted")


class UseCases:
    """One group of use cases over a store. ``clock`` gives the current UTC time; the facade passes
    its own, read at each call, so that a clock set later (tests) reaches every group."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def allow(
        self,
        tx: Transaction,
        actor: Actor | None,
        use_case: UseCase,
        ref: str | None = None,
        sections: Collection[str] = (),
    ) -> Grant | None:
        """``permissions.require`` at this clock's time, inside the use case's transaction. None
        (anything goes) is the local operator, who reads without naming an actor."""
        return allow(tx, actor, use_case, ref, sections=sections, now=self.clock())


def allow(
    tx: Transaction,
    actor: Actor | None,
    use_case: UseCase,
    ref: str | None = None,
    *,
    sections: Collection[str] = (),
    now: datetime,
) -> Grant | None:
    """``UseCases.allow`` for code that holds a transaction but no group (a reader over several)."""
    if actor is None:
        return None
    return require(actor, use_case, tx=tx, now=now, incident=ref, sections=sections)


def actor_row(
    tx: Transaction, actor: Actor, *, name: str | None = None, role: Role | None = None
) -> str:
    """The actor row for ``actor`` (made on first use). ``name`` and ``role`` override the actor's
    own: a supplier contact acts under the name their invitation gave them."""
    return tx.actors.ensure(
        name=actor.name if name is None else name, role=Role(role or actor.role).value
    )


def attributed_event(
    tx: Transaction,
    actor: Actor,
    kind: str,
    *,
    at: datetime,
    fields: Sequence[str] = (),
    payload: Mapping[str, Any] | None = None,
    name: str | None = None,
) -> NewEvent:
    """The audit event of one change made by ``actor``: the one recipe every use case writes its
    history with (``name`` as in ``actor_id``)."""
    return NewEvent(
        kind=kind,
        at=at,
        actor_id=actor_row(tx, actor, name=name),
        actor_role=Role(actor.role).value,
        fields=list(fields),
        payload=dict(payload or {}),
    )
