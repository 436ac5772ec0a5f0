"""The register as a table for the overview: one row per incident with its labels in the user's
language and its Art. 33 deadline at ``now``. Pure pandas, no Streamlit; built from the register's
sealed summaries only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import pandas as pd

from ...domain.choices import BreachType, Cause
from ...domain.circumstances import Outcome
from ...domain.clocks import ClockStatus
from ...domain.labels import Choice
from ...domain.severity import Band
from ...domain.status import Status
from ...domain.times import STOCKHOLM, to_utc
from ...i18n import _
from ...services import RegisterRow
from ...services.retention import SHREDDED
from .deadlines import Deadline, art33_deadline

NOT_ANSWERED = _("Not answered")
RECOMMENDED = _("{outcome} (recommended)")

# Column names of the frame; the overview gives them their labels.
COLUMNS = (
    "reference",
    "title",
    "status",
    "band",
    "deadline",
    "hours_left",
    "due",
    "aware",
    "duty",
    "filings",
    "case_number",
    "breach_type",
    "cause",
)


def _labels(choices: Iterable[Choice], lang: str) -> dict[str, str]:
    return {c.value: c.label(lang) for c in choices}


def _status(label: str, row: RegisterRow, lang: str) -> str:
    """A tombstone says so: its content was destroyed, only the register line is left. A damaged
    row says so too, and what to do."""
    if row.damaged:
        return DAMAGED(lang)
    return label if row.shredded_at is None else f"{SHREDDED(lang)} ({label})"


DAMAGED = _("⚠ Damaged: run breachreport verify")


def _local(value: datetime | None) -> datetime | None:
    """A naive Stockholm wall-clock time, which sorts and shows as people read it."""
    return to_utc(value).astimezone(STOCKHOLM).replace(tzinfo=None) if value else None


def register_frame(rows: Sequence[RegisterRow], *, now: datetime, lang: str) -> pd.DataFrame:
    """The register at ``now``: most pressing deadlines first, then the newest incidents."""
    statuses = _labels(Status, lang)
    bands = {b.value: b.label(lang).capitalize() for b in Band}
    outcomes = _labels(Outcome, lang)
    types = _labels(BreachType, lang)
    causes = _labels(Cause, lang)
    unanswered = NOT_ANSWERED(lang)
    records = []
    for row in rows:
        deadline = (
            # A tombstone's handling is over: no deadline runs or is missed any more.
            Deadline(ClockStatus.NOT_APPLICABLE)
            if row.shredded_at is not None
            else art33_deadline(
                aware_at=row.aware_at,
                filing_kinds=row.filing_kinds,
                filed_at=row.filed_at,
                decision=row.decision,
                recommended=row.recommended,
                now=now,
            )
        )
        if row.decision:
            duty = outcomes.get(row.decision, row.decision)
        elif row.recommended:
            outcome = outcomes.get(row.recommended, row.recommended)
            duty = RECOMMENDED(lang).format(outcome=outcome)
        else:
            duty = ""
        left = deadline.time_left
        running = deadline.status is ClockStatus.RUNNING
        records.append(
            {
                "reference": row.reference,
                "title": row.title or "",
                "status": _status(statuses[row.status.value], row, lang),
                "band": bands.get(row.band or "", ""),
                "deadline": deadline.label(lang),
                "hours_left": round(left.total_seconds() / 3600, 1) if left is not None else None,
                "due": _local(deadline.due),
                "aware": _local(row.aware_at),
                "duty": duty,
                "filings": row.filings,
                "case_number": row.case_number or "",
                "breach_type": types.get(row.breach_type or "", unanswered),
                "cause": causes.get(row.cause or "", unanswered),
                # for filtering, sorting and the chart; not shown
                "status_value": row.status.value,
                "shredded": row.shredded_at is not None,
                "band_value": row.band or "",
                # needs action now: under 12 hours left, or past due and not filed
                "urgent": deadline.urgent and left is not None,
                "month": _month(row.aware_at or row.created_at),
                "_group": 0 if running else (1 if left is not None else 2),
                "_left": left.total_seconds() if left is not None else 0.0,
                "_aware": to_utc(row.aware_at or row.created_at).timestamp(),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=[*COLUMNS, *_HIDDEN])
    if frame.empty:
        return frame
    frame["hours_left"] = frame["hours_left"].astype("float64")  # None -> NaN, shown blank
    frame["_aware"] = -frame["_aware"]
    frame = frame.sort_values(["_group", "_left", "_aware"], kind="stable")
    return frame.drop(columns=["_group", "_left", "_aware"]).reset_index(drop=True)


_HIDDEN = ("status_value", "shredded", "band_value", "urgent", "month", "_group", "_left", "_aware")


def _month(value: datetime) -> datetime:
    local = to_utc(value).astimezone(STOCKHOLM)
    return datetime(local.year, local.month, 1)


def filter_frame(
    frame: pd.DataFrame,
    *,
    statuses: Sequence[str] = (),
    bands: Sequence[str] = (),
    text: str = "",
) -> pd.DataFrame:
    """Rows with one of ``statuses`` and ``bands`` (any when empty) whose reference or title
    contains ``text`` (ignoring case)."""
    keep = pd.Series(True, index=frame.index)
    if statuses:
        keep &= frame["status_value"].isin(list(statuses))
    if bands:
        keep &= frame["band_value"].isin(list(bands))
    needle = text.strip().casefold()
    if needle:
        haystack = (frame["reference"] + " " + frame["title"]).str.casefold()
        keep &= haystack.str.contains(needle, regex=False)
    return frame[keep]


def counts_by_month(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """How many incidents per month (of awareness) and value of ``column``, for the chart."""
    if frame.empty:
        return pd.DataFrame(columns=["month", column, "count"])
    return frame.groupby(["month", column]).size().reset_index(name="count")
