"""The overview's column of the other recipients' deadlines: per incident, the next open deadline
of every chain but IMY's (whose 72 hours the register's own column shows), e.g. "CERT-SE (if
significant): ⏳ 20 h left".

Reads the clocks only of the incidents whose deadlines can still run: not shredded, not damaged,
and aware within the longest chain (a month from the incident notification) of now, the same
bound the work waiting for a person is found within; the rest have no open deadline left.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ...domain.recipients import IMY
from ...errors import BreachReportError
from ...services import RegisterRow
from ...services.waiting import LONGEST
from .chains import OTHER, chain_line, chains


def _may_run(row: RegisterRow, now: datetime) -> bool:
    if row.shredded_at is not None or row.damaged or row.aware_at is None:
        return False
    return now - row.aware_at <= LONGEST


def other_chains(
    workspace, rows: Sequence[RegisterRow], *, now: datetime, lang: str
) -> tuple[dict[str, str], set[str]]:
    """({reference: the other chains' next deadlines, "; "-joined}, {references where one of them
    is urgent}) for ``rows`` at ``now``. An incident that cannot be read is left blank."""
    lines: dict[str, str] = {}
    urgent: set[str] = set()
    for row in rows:
        if not _may_run(row, now):
            continue
        try:
            clocks = workspace.clocks(row.reference, now=now)
        except BreachReportError:  # e.g. unassigned meanwhile; its page will say what is wrong
            continue
        found = []
        for chain in chains(clocks):
            if chain.recipient in (IMY, OTHER):
                continue
            line = chain_line(chain, lang)
            if line is None:
                continue
            found.append(line)
            upcoming = chain.next_clock()
            if upcoming is not None and chain.deadline(upcoming).urgent:
                urgent.add(row.reference)
        if found:
            lines[row.reference] = "; ".join(found)
    return lines, urgent
