"""Checking the whole store: every key, ciphertext, chain and MAC (storage), and that each
incident's facts are what its history replays to.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..domain.changes import replay
from ..domain.facts import Facts, stored_facts
from ..errors import BreachReportError
from .base import REVISION_KINDS, UseCases
from .permissions import Actor, UseCase
from .views import VerifyReport


class Checking(UseCases):
    """``workspace.verify()``."""

    def verify(self, *, actor: Actor | None = None) -> VerifyReport:
        """Every data key, ciphertext, chain and MAC (storage), tombstones included, plus: the
        facts equal the replayed history. Says how many data keys each master key wraps."""
        if actor is not None:
            with self.store.transaction(write=False) as tx:
                self.allow(tx, actor, UseCase.VERIFY)
        found = self.store.check(replay=replay_problem)
        return VerifyReport(
            checked=found.incidents,
            damage=found.damage,
            shredded=found.shredded,
            master_keys=found.master_keys,
            rows_since=found.rows_since,
        )


def replay_problem(
    _incident_id: str, facts: dict[str, Any], events: list[tuple[str, dict[str, Any]]]
) -> str | None:
    """Whether the stored facts are what their revisions replay to (for ``Store.check``)."""
    revisions = [payload.get("changes", {}) for kind, payload in events if kind in REVISION_KINDS]
    try:
        if _replays_to(revisions, facts):
            return None
        # The slow way, validated, for the exact answer (and the message) when they differ.
        rebuilt = replay(revisions)
        stored = stored_facts(facts)
    except (BreachReportError, KeyError, ValueError, TypeError) as error:
        return f"history cannot be replayed: {error}"
    if rebuilt != stored:
        return "current facts differ from their revision history"
    return None


@cache
def _unanswered() -> dict[str, Any]:
    """The facts with nothing answered, as stored (for ``_replays_to``)."""
    return Facts().model_dump(mode="json")


def _replays_to(revisions: list[dict[str, Any]], facts: dict[str, Any]) -> bool:
    """The fast check: replay the stored values (already what the model dumps) path by path and
    compare the result with the stored facts as JSON, without validating anything."""
    replayed = {
        key: dict(value) if isinstance(value, dict) else value
        for key, value in _unanswered().items()
    }
    for changes in revisions:
        if not isinstance(changes, dict):
            return False
        for path, change in changes.items():
            section, _, name = path.partition(".")
            block = replayed.get(section)
            if not isinstance(block, dict) or name not in block:
                return False
            if not isinstance(change, list) or len(change) != 2:
                return False
            block[name] = change[1]
    return replayed == facts
