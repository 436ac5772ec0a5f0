"""The footer every document carries: incident reference, facts version, generation time, chain head.

A later change to the incident moves its audit chain head, so a reader can tell a stale copy.
"""

from __future__ import annotations

from typing import Any

from ..domain.times import format_local
from .notification import CHAIN_HEAD_SHOWN, NotificationContext


def footer_view(context: NotificationContext, lang: str) -> dict[str, Any]:
    """The footer's values in ``lang``; the same keys as the IMY notification's footer."""
    return {
        "incident_ref": context.incident_ref,
        "facts_version": context.facts_version,
        "generated_at": format_local(context.generated_at, lang),
        "chain_head": context.chain_head[:CHAIN_HEAD_SHOWN],
    }
