"""The DPO's decision on the duties, as a change to the facts: it follows the assessment or not.

Pure: the caller records the change as an attributed revision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .assessment import assess
from .circumstances import Outcome
from .facts import Facts


def decision_changes(
    facts: Facts, *, outcome: Outcome, reason: str | None, decided_by: str, decided_at: datetime
) -> dict[str, Any]:
    """The changes that record ``outcome``; following the recommendation is judged here, so an
    override cannot be recorded as agreement (and then needs a reason, by the section's rule)."""
    recommended = assess(facts).outcome
    return {
        "decision.outcome": outcome.value,
        "decision.follows_recommendation": outcome is recommended,
        "decision.reason": reason,
        "decision.decided_by": decided_by,
        "decision.decided_at": decided_at.isoformat(),
    }
