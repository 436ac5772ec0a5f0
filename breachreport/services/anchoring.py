"""Anchoring and the database's own consistency: the two checks ``verify`` adds to the chains.

``anchor(file)`` compares the database with the heads an anchor file recorded (a rollback to an
older copy, a deleted newest incident) and then moves the anchor forward; ``consistency()`` asks
the database engine whether its own files hold (indexes against tables, pages).

The anchor file is evidence, so it is only ever replaced by a newer one of a sound database:
- no file yet: the heads are written (mode 0600, whole or not at all) if verify found no damage
  (and ``update`` is not False: comparing only writes nothing);
- a file that does not hold (not an anchor, its MAC wrong): an error, the file left as it is;
- the database behind the anchor: the findings, the file left as it is, whatever ``update`` says;
- at or ahead of the anchor: the file replaced by the current heads, unless ``update`` is False
  or verify found damage (``sound`` False) or an inconsistent database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..private_files import write_private_bytes
from ..storage.anchor import (
    AnchorInvalid,
    Heads,
    anchor_bytes,
    compare,
    parse_anchor,
    read_heads,
    repeatable_read,
)
from ..storage.anchor import Finding as AnchorFinding
from ..storage.consistency import check_consistency
from .base import UseCases
from .permissions import Actor, UseCase

__all__ = ["AnchorFinding", "AnchorInvalid", "AnchorReport", "Anchoring", "ConsistencyReport"]

MAX_ANCHOR_BYTES = 50_000_000  # some 300,000 incidents; anything larger is not an anchor


@dataclass(frozen=True)
class ConsistencyReport:
    """What the database engine checked of its own files, and the problems it found."""

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnchorReport:
    file: str
    created: bool  # there was no anchor yet: nothing to compare with
    written: bool  # the file now holds the current heads
    anchored_at: datetime | None = None  # when the anchor compared with was made
    findings: list[AnchorFinding] = field(default_factory=list)
    new_events: int = 0
    new_incidents: int = 0
    shredded_since: int = 0
    new_ledger_entries: int = 0
    incidents: int = 0  # live incidents now
    events: int = 0  # their events now


class Anchoring(UseCases):
    """``workspace.anchoring.anchor(file)`` and ``workspace.anchoring.consistency()``."""

    def consistency(self, *, actor: Actor | None = None) -> ConsistencyReport:
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.VERIFY)
            found = check_consistency(tx.session)
        return ConsistencyReport(checked=found.checked, problems=found.problems)

    def anchor(
        self,
        file: str | Path,
        *,
        update: bool = True,
        sound: bool = True,
        actor: Actor | None = None,
    ) -> AnchorReport:
        """Compare the database with the anchor in ``file`` (or start one there); see the module
        docstring for when the file is written. AnchorInvalid if the file does not hold."""
        path = Path(file)
        name = str(file)
        audit_key = self.store.ring.audit_key
        existing = _read(path, name)
        with self.store.transaction(write=False) as tx:
            repeatable_read(tx.session)
            self.allow(tx, actor, UseCase.VERIFY)
            current = read_heads(tx.session, now=self.clock())
            if existing is None:
                return self._start(path, name, current, audit_key, write=sound and update)
            anchored = parse_anchor(existing, audit_key, name=name)
            found = compare(tx.session, anchored, current)
        findings = list(found.findings)
        written = not findings and update and sound
        if written:
            _write(path, name, anchor_bytes(current, audit_key))
        return AnchorReport(
            file=name,
            created=False,
            written=written,
            anchored_at=anchored.made_at,
            findings=findings,
            new_events=found.new_events,
            new_incidents=found.new_incidents,
            shredded_since=found.shredded_since,
            new_ledger_entries=found.new_ledger_entries,
            incidents=len(current.chains),
            events=current.events,
        )

    def _start(
        self, path: Path, name: str, current: Heads, audit_key: bytes, *, write: bool
    ) -> AnchorReport:
        if write:
            _write(path, name, anchor_bytes(current, audit_key))
        return AnchorReport(
            file=name,
            created=True,
            written=write,
            incidents=len(current.chains),
            events=current.events,
        )


def _read(path: Path, name: str) -> bytes | None:
    """The anchor file's bytes; None if there is none yet."""
    if not path.exists():
        if not path.parent.is_dir():
            raise InputError(_("The folder for the anchor file {file} does not exist.", file=name))
        return None
    if not path.is_file():
        raise InputError(_("{file} is not a file; name a file for the anchor.", file=name))
    try:
        if path.stat().st_size > MAX_ANCHOR_BYTES:
            raise AnchorInvalid(
                _(
                    "{file} is not an anchor file written by breachreport verify --anchor.",
                    file=name,
                )
            )
        return path.read_bytes()
    except OSError as error:
        raise InputError(
            _("The anchor file {file} cannot be read: {reason}.", file=name, reason=error.strerror)
        ) from None


def _write(path: Path, name: str, data: bytes) -> None:
    try:
        write_private_bytes(path, data)
    except OSError as error:
        raise InputError(
            _(
                "The anchor file {file} cannot be written: {reason}.",
                file=name,
                reason=error.strerror,
            )
        ) from None
