"""The 72-hour status of a notification (Art. 33(1)) as plain values for a template.

Judged at the filing time, at the first filing for a follow-up, or at the generation time of a draft.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.facts import Facts
from ..domain.filing_rules import ARTICLE_33_WINDOW, hours_late
from ..domain.times import format_local, format_span


def deadline_view(
    facts: Facts, *, basis: str, judged_at: datetime | None, lang: str
) -> dict[str, Any]:
    """``basis`` is "filing", "first_filing" or "draft"; ``judged_at`` the moment to judge.

    ``state`` is "on_time", "late", "not_judged" (follow-up without the first filing's time) or
    "unknown" (no awareness time).
    """
    aware = facts.times.aware_at
    view: dict[str, Any] = {
        "basis": basis,
        "state": "unknown",
        "aware_at": None,
        "deadline": None,
        "judged_at": format_local(judged_at, lang) if judged_at else None,
        "late_by": None,
        "reasons": facts.times.delay_reasons,
    }
    if aware is None:
        return view
    view["aware_at"] = format_local(aware, lang)
    view["deadline"] = format_local(aware + ARTICLE_33_WINDOW, lang, weekday=True)
    if judged_at is None:
        view["state"] = "not_judged"
    elif hours_late(facts, judged_at) is None:
        view["state"] = "on_time"
    else:
        view["state"] = "late"
        view["late_by"] = format_span(judged_at - aware - ARTICLE_33_WINDOW, lang)
    return view
