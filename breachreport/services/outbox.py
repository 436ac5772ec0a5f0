"""Delivering what the outbox holds: compose a claimed mail, send it outside any transaction, then
record how it went (sent, with a "mail_sent" event in the incident's history; or failed, to be
retried by the next ``breachreport remind``), and the retries themselves.

Used by the reminders (``Reminders.run``) and by the notices to legal reviewers. A mail is claimed
in the outbox before it is sent, so two runs never both send it; a run that stops between sending
and recording leaves its row "sending", and a later run sends it again once the row is stale (the
one case where a mail can arrive twice: better twice than never).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from ..domain.labels import Text
from ..domain.status import Role
from ..errors import BreachReportError, MailFailed
from ..i18n import _
from ..mail.config import MailConfig
from ..mail.transport import Connection, send
from ..storage import Store
from ..storage.outbox import EXPIRED, FAILED, SENDING, SENT, OutboxRecord
from .base import attributed_event
from .permissions import Actor

__all__ = [
    "NO_MAIL",
    "STALE_AFTER",
    "SYSTEM",
    "SendLine",
    "deliver",
    "deliver_all",
    "kind_label",
    "retry",
]

# Who records a mail the reminder service sent: the service itself, not a person.
SYSTEM = Actor(name="breachreport remind", role=Role.ADMIN)
# A row "sending" longer than this belongs to a run that stopped: a later run sends it again.
# Every send has its timeout (20 s by default) and a run stops trying after a server fails to
# answer, so no live run holds a row this long.
STALE_AFTER = timedelta(minutes=10)
# A mail with no deadline (a reviewer's notice) is given up after this many days of failures.
GIVE_UP_AFTER = timedelta(days=7)


# What every mail use case says without a mail server (the notices import it from here).
NO_MAIL = _(
    "No mail server is set up, so nothing was sent: set BREACHREPORT_SMTP_HOST and "
    "BREACHREPORT_SMTP_SENDER (see the README)."
)

Outcome = Literal["sent", "failed", "would_send", "expired"]

_KINDS = {
    "reminder": Text("Påminnelse", "Reminder"),
    "escalation": Text("Eskalering", "Escalation"),
    "review_notice": Text("Utkast väntar på granskning", "A draft waits for review"),
    "invitation": Text("Inbjudan", "Invitation"),
}


def kind_label(kind: str) -> Text:
    return _KINDS.get(kind, Text(kind, kind))


@dataclass(frozen=True)
class SendLine:
    """One mail of a run: which incident, what kind, which deadline, to whom, and how it went."""

    reference: str | None
    kind: str
    label: Text
    to: str
    due: datetime | None
    outcome: Outcome
    error: str | None = None


def record_label(message: dict[str, Any], kind: str) -> Text:
    """The deadline's label the mail was made with, else what kind of mail it is."""
    label = message.get("label")
    if (
        isinstance(label, dict)
        and isinstance(label.get("sv"), str)
        and isinstance(label.get("en"), str)
    ):
        return Text(label["sv"], label["en"])
    return kind_label(kind)


def line_of(record: OutboxRecord, outcome: Outcome, error: str | None = None) -> SendLine:
    message = record.message
    context = message.get("context") or {}
    reference = context.get("reference") if isinstance(context, dict) else None
    return SendLine(
        reference=reference if isinstance(reference, str) else None,
        kind=record.kind,
        label=record_label(message, record.kind),
        to=str(message.get("to", "")),
        due=record.due,
        outcome=outcome,
        error=error,
    )


def deliver(
    store: Store,
    config: MailConfig | None,
    record: OutboxRecord,
    *,
    at: datetime,
    actor: Actor | None = None,
) -> SendLine:
    """Compose and send one claimed mail (outside any transaction), then mark it sent and append
    "mail_sent" to its incident's history (by ``actor``, else the reminder service), or mark it
    failed with the one line the server or the composing gave."""
    try:
        _send(config, record, at)
    except MailFailed as error:
        return _failed(store, record, at, str(error))
    return _sent(store, record, at, actor or SYSTEM)


def deliver_all(
    store: Store,
    config: MailConfig | None,
    records: Sequence[OutboxRecord],
    *,
    at: datetime,
    recorded_at: datetime | None = None,
) -> list[SendLine]:
    """``deliver`` each in turn; once the server fails to answer (no connection, a timeout, a
    temporary refusal) the rest are marked failed with the same line instead of each waiting out
    its own timeout: the next run tries them all again. ``at`` is the time the mails are written
    for (a run's ``--at``); ``recorded_at`` (default ``at``) is when the history says they went."""
    lines: list[SendLine] = []
    stopped: str | None = None
    connection = Connection(config) if config is not None else None
    try:
        for record in records:
            if stopped is not None:
                lines.append(_failed(store, record, at, stopped))
                continue
            try:
                _send(config, record, at, connection)
            except MailFailed as error:
                lines.append(_failed(store, record, at, str(error)))
                if not error.permanent:
                    stopped = str(error)
                continue
            lines.append(_sent(store, record, recorded_at or at, SYSTEM))
    finally:
        if connection is not None:
            connection.close()  # one connection for the run's mails, closed however it ends
    return lines


def _sent(store: Store, record: OutboxRecord, at: datetime, actor: Actor) -> SendLine:
    with store.transaction() as tx:
        tx.outbox.mark_sent(record.id, at=at)
        tx.events.append(
            incident_id=record.incident_id,
            event=attributed_event(
                tx,
                actor,
                "mail_sent",
                at=at,
                payload={
                    "outbox_id": record.id,
                    "kind": record.kind,
                    "clock": record.clock_key,
                    "due": record.due.isoformat() if record.due else None,
                    "attempt": record.attempts,
                },
            ),
        )
    return line_of(record, "sent")


def _send(
    config: MailConfig | None,
    record: OutboxRecord,
    at: datetime,
    connection: Connection | None = None,
) -> None:
    """Compose the stored message and send it (over ``connection`` when the run holds one);
    MailFailed for anything that stops it."""
    from ..mail.messages import MailContext, compose

    if config is None:
        raise MailFailed(NO_MAIL, permanent=True)
    message = record.message
    try:
        context = MailContext.from_json(message.get("context") or {})
        composed = compose(
            record.kind,  # type: ignore[arg-type]
            str(message.get("lang", "sv")),
            to=str(message["to"]),
            sender=config.sender,
            context=context,
            now=at,
        )
    except (BreachReportError, KeyError, TypeError, ValueError):
        raise MailFailed(
            _("The stored mail could not be composed; run breachreport verify."), permanent=True
        ) from None
    if connection is not None:
        connection.send(composed)
    else:
        send(config, composed)


def _failed(store: Store, record: OutboxRecord, at: datetime, error: str) -> SendLine:
    with store.transaction() as tx:
        tx.outbox.mark_failed(record.id, at=at, error=error)
    return line_of(record, "failed", error)


def retry(
    store: Store,
    config: MailConfig | None,
    *,
    at: datetime,
    skip: Iterable[str] = (),
    stale_after: timedelta = STALE_AFTER,
    give_up: Callable[[OutboxRecord], bool] | None = None,
    recorded_at: datetime | None = None,
) -> list[SendLine]:
    """Try again what failed before, and what a stopped run left "sending" (stale), except the
    rows in ``skip`` (this run's own). A mail whose deadline has passed is marked expired instead,
    as is one without a deadline after GIVE_UP_AFTER and one ``give_up`` says no longer matters;
    of two runs, only the one that reclaims a row sends it."""
    skipped = set(skip)
    with store.transaction(write=False) as tx:
        found = [
            r
            for r in tx.outbox.retry_candidates(at=at, stale_after=stale_after)
            if r.id not in skipped
        ]
    lines: list[SendLine] = []
    again: list[OutboxRecord] = []
    for record in found:
        gone = record.due is not None and record.due <= at
        gone = gone or (record.due is None and at - record.scheduled_at > GIVE_UP_AFTER)
        gone = gone or (give_up is not None and give_up(record))
        with store.transaction() as tx:
            claimed = tx.outbox.reclaim(
                record.id, expected_status=record.status, expected_attempts=record.attempts, at=at
            )
            if claimed is None:
                continue  # another run has it
            if gone:
                tx.outbox.mark_expired(record.id, at=at)
                lines.append(line_of(record, "expired", record.error))
                continue
        again.append(claimed)
    return lines + deliver_all(store, config, again, at=at, recorded_at=recorded_at)


def state_of(record: OutboxRecord) -> str:
    """The outbox row's state as a schedule shows it: sent, failed, expired, or due (being sent,
    or left by a run that stopped: the next run sends it)."""
    if record.status in (SENT, FAILED, EXPIRED):
        return record.status
    assert record.status == SENDING
    return "failed" if record.error else "due"
