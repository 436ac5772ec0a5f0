"""The clocks of an incident grouped by the recipient whose chain of reports they belong to (IMY,
CERT-SE, the police, IVO; the rest, such as a processor's contract, under "other deadlines"), each
with the condition its chain runs under ("if significant", from the clocks), for the deadlines
panel, the sidebar and the overview. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...domain.clocks import Clock, ClockStatus
from ...domain.labels import Text
from ...domain.recipients import recipient, recipient_keys
from ...i18n import _
from .deadlines import Deadline, from_clock

OTHER = "other"
OTHER_DEADLINES = _("Other deadlines")
CHAIN_LINE = _("{recipient}: {deadline}")
CHAIN_LINE_IF = _("{recipient} ({condition}): {deadline}")


@dataclass(frozen=True)
class Chain:
    """One recipient's deadlines: ``recipient`` is its key (or ``OTHER``); ``condition`` is set
    when the chain applies only if it holds, with its deadlines shown all the same."""

    recipient: str
    clocks: tuple[Clock, ...]

    def title(self, lang: str) -> str:
        found = recipient(self.recipient)
        return OTHER_DEADLINES(lang) if found is None else found.name(lang)

    def short(self, lang: str) -> str:
        found = recipient(self.recipient)
        return OTHER_DEADLINES(lang) if found is None else found.short(lang)

    def regime(self, lang: str) -> str | None:
        found = recipient(self.recipient)
        return None if found is None else found.regime.name(lang)

    @property
    def applies(self) -> bool:
        """Whether any of its deadlines applies (runs, was met or was missed)."""
        return any(c.status is not ClockStatus.NOT_APPLICABLE for c in self.clocks)

    @property
    def condition(self) -> Text | None:
        """The condition the chain runs under while it is not known to hold ("if significant")."""
        return next((c.condition for c in self.clocks if c.condition is not None), None)

    def condition_in(self, lang: str) -> str:
        """The condition inside a sentence ("if the incident is significant"); the clocks give
        it as a line of its own, capitalised."""
        said = self.condition(lang) if self.condition is not None else ""
        return said[:1].lower() + said[1:]

    def deadline(self, clock: Clock) -> Deadline:
        return from_clock(clock)

    def next_clock(self) -> Clock | None:
        """The deadline to watch: the first missed or running one by due time, else None."""
        open_ = [
            c
            for c in self.clocks
            if c.status in (ClockStatus.RUNNING, ClockStatus.MISSED)
            and c.met_at is None
            and c.due is not None
        ]
        return min(open_, key=lambda c: c.due) if open_ else None


def chain_of(clock: Clock) -> str:
    """The recipient whose chain ``clock`` belongs to (``OTHER`` when no report meets it)."""
    return clock.recipient or OTHER


def chains(clocks: Iterable[Clock]) -> list[Chain]:
    """The clocks by chain: the recipients in the recipients table's order (IMY first), then the
    other deadlines (telling the data subjects, a processor's contract)."""
    grouped: dict[str, list[Clock]] = {}
    for clock in clocks:
        grouped.setdefault(chain_of(clock), []).append(clock)
    order = [*recipient_keys(), OTHER]
    keys = sorted(grouped, key=lambda k: order.index(k) if k in order else len(order))
    return [Chain(k, tuple(grouped[k])) for k in keys]


def chain_line(chain: Chain, lang: str) -> str | None:
    """One short line for a table: "CERT-SE (if significant): ⏳ 20 h left", or None when no
    deadline of the chain is open."""
    clock = chain.next_clock()
    if clock is None:
        return None
    deadline = chain.deadline(clock).label(lang)
    if chain.condition is None:
        return CHAIN_LINE(lang).format(recipient=chain.short(lang), deadline=deadline)
    return CHAIN_LINE_IF(lang).format(
        recipient=chain.short(lang), condition=chain.condition_in(lang), deadline=deadline
    )
