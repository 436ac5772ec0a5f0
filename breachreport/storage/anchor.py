"""Anchors: the database's heads written to a file kept elsewhere, and a later database compared
with them, so that a rollback (an older copy put back, the newest incident deleted) shows.

The chains prove that what is in the database was written with the audit key; they cannot prove
that nothing newer ever was. An anchor can: it records, per incident, how long its chain was and
the MAC of its newest event, the shredded incidents, the newest reference of each year and the
head of the ledger of shared rows, under a MAC made with the audit key (so that only someone with
the key ring can forge one). Nothing personal: ids, references, counts and MACs only.

Pure functions over a session and the audit key; reading and writing the file is the caller's.
Reads in a handful of queries (events in batches), so ten thousand incidents take well under a
second.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from breachreport.crypto import macs_equal, record_mac
from breachreport.errors import IntegrityError
from breachreport.i18n import Message, _
from breachreport.storage.ledger import ledger_head
from breachreport.storage.tables import Incident, IncidentEvent, LedgerEntry, Tombstone

FORMAT = "breachreport-anchor/1"
_BATCH = 500
_YEAR = re.compile(r"BR-(\d{4})-(\d+)")


@dataclass(frozen=True)
class Chain:
    """One incident's chain as anchored: its length and the MAC of its newest event."""

    id: str
    reference: str
    events: int
    seq: int
    head: str


@dataclass(frozen=True)
class Heads:
    """What an anchor records (and what the database holds now, read the same way)."""

    made_at: datetime
    chains: dict[str, Chain]  # by incident id
    tombstones: dict[str, str]  # incident id -> reference
    newest: dict[str, str]  # year -> newest reference of that year (shredded ones included)
    ledger: tuple[int, str] | None  # (seq, mac) of the ledger's newest entry; None: empty

    @property
    def total(self) -> int:
        """Incidents ever opened and still accounted for: live ones and tombstones."""
        return len(self.chains) + len(self.tombstones)

    @property
    def events(self) -> int:
        return sum(chain.events for chain in self.chains.values())


@dataclass(frozen=True)
class Finding:
    """One way the database is behind its anchor. ``reference`` names the incident, if one."""

    reference: str | None
    problem: Message


@dataclass(frozen=True)
class Comparison:
    """The database against an anchor: findings (empty when it is at or ahead of the anchor) and
    how far ahead it is."""

    findings: list[Finding] = field(default_factory=list)
    new_events: int = 0
    new_incidents: int = 0
    shredded_since: int = 0
    new_ledger_entries: int = 0


class AnchorInvalid(IntegrityError):
    """The anchor file is not one breachreport wrote, or it was altered after it was written."""


# -- reading the heads ---------------------------------------------------------------------------


def repeatable_read(session: Session) -> None:
    """On PostgreSQL, make the transaction one snapshot (before its first query), so that the
    heads are read as of one moment; SQLite's read transaction is one already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))


def read_heads(session: Session, *, now: datetime) -> Heads:
    """The current heads: each incident's chain from its events (not the incident row's copy of
    the head), the tombstones, the newest references and the ledger's head."""
    references = dict(session.execute(sa.select(Incident.id, Incident.reference)).all())
    newest_seq = (
        sa.select(
            IncidentEvent.incident_id,
            sa.func.max(IncidentEvent.seq).label("seq"),
            sa.func.count().label("events"),
        )
        .group_by(IncidentEvent.incident_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(
            newest_seq.c.incident_id, newest_seq.c.seq, newest_seq.c.events, IncidentEvent.mac
        ).join(
            IncidentEvent,
            sa.and_(
                IncidentEvent.incident_id == newest_seq.c.incident_id,
                IncidentEvent.seq == newest_seq.c.seq,
            ),
        )
    )
    chains = {
        incident_id: Chain(incident_id, references[incident_id], events, seq, mac)
        for incident_id, seq, events, mac in rows
        if incident_id in references
    }
    for incident_id, reference in references.items():  # an incident with no event at all
        chains.setdefault(incident_id, Chain(incident_id, reference, 0, 0, ""))
    tombstones = dict(session.execute(sa.select(Tombstone.id, Tombstone.reference)).all())
    return Heads(
        made_at=now.astimezone(UTC),
        chains=chains,
        tombstones=tombstones,
        newest=newest_references([*references.values(), *tombstones.values()]),
        ledger=current_ledger_head(session),
    )


def newest_references(references: list[str]) -> dict[str, str]:
    """Per year, the reference with the highest number (``BR-2024-0007``)."""
    best: dict[str, tuple[int, str]] = {}
    for reference in references:
        matched = _YEAR.fullmatch(reference or "")
        if matched:
            year, number = matched.group(1), int(matched.group(2))
            if year not in best or number > best[year][0]:
                best[year] = (number, reference)
    return {year: reference for year, (_, reference) in sorted(best.items())}


def current_ledger_head(session: Session) -> tuple[int, str] | None:
    """The ledger's newest (seq, mac), or None while it is empty."""
    head = ledger_head(session)
    return None if head is None else (int(head[0]), str(head[1]))


def macs_at(session: Session, wanted: dict[str, int]) -> dict[str, str]:
    """The MAC of the event at ``wanted[incident_id]`` in each incident's chain, where there is
    one: one query per anchored length and batch of incidents."""
    by_seq: dict[int, list[str]] = defaultdict(list)
    for incident_id, seq in wanted.items():
        by_seq[seq].append(incident_id)
    found: dict[str, str] = {}
    for seq, ids in by_seq.items():
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            rows = session.execute(
                sa.select(IncidentEvent.incident_id, IncidentEvent.mac).where(
                    IncidentEvent.seq == seq, IncidentEvent.incident_id.in_(batch)
                )
            ).all()
            found.update(rows)
    return found


# -- the file ------------------------------------------------------------------------------------


def _content(heads: Heads) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "made_at": heads.made_at.isoformat(),
        "incidents": sorted(
            [c.id, c.reference, c.events, c.seq, c.head] for c in heads.chains.values()
        ),
        "tombstones": sorted([id_, reference] for id_, reference in heads.tombstones.items()),
        "count": heads.total,
        "newest": heads.newest,
        "ledger": list(heads.ledger) if heads.ledger else None,
    }


def _mac(audit_key: bytes, content: dict[str, Any]) -> str:
    return record_mac(audit_key, {"anchor": content})


def anchor_bytes(heads: Heads, audit_key: bytes) -> bytes:
    """The anchor file: the heads as JSON, one incident a line, and a MAC over all of it."""
    content = _content(heads)
    document = {**content, "mac": _mac(audit_key, content)}
    parts = [
        f" {json.dumps(key)}: {json.dumps(value, sort_keys=True, separators=(',', ':'))}"
        for key, value in sorted(document.items())
        if key != "incidents"
    ]
    listed = ",\n  ".join(
        json.dumps(entry, separators=(",", ":")) for entry in content["incidents"]
    )
    parts.append(f' "incidents": [\n  {listed}\n ]' if listed else ' "incidents": []')
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("ascii")


def parse_anchor(data: bytes, audit_key: bytes, *, name: str) -> Heads:
    """The heads an anchor file records; AnchorInvalid if it is not one or does not hold."""
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError("not an anchor")
        given = document.pop("mac")
        content = {key: document[key] for key in _content_keys()}
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise AnchorInvalid(
            _("{file} is not an anchor file written by breachreport verify --anchor.", file=name)
        ) from None
    if set(document) != set(content) or not isinstance(given, str):
        raise _altered(name)
    if not macs_equal(given, _mac(audit_key, content)):
        raise _altered(name)
    try:
        return _heads_of(content)
    except (ValueError, KeyError, TypeError, IndexError):
        raise _altered(name) from None


def _content_keys() -> tuple[str, ...]:
    return ("format", "made_at", "incidents", "tombstones", "count", "newest", "ledger")


def _altered(name: str) -> AnchorInvalid:
    return AnchorInvalid(
        _(
            "The anchor file {file} does not hold: its MAC does not match its content. It was "
            "altered, or made with another key ring. It was left as it is.",
            file=name,
        )
    )


def _heads_of(content: dict[str, Any]) -> Heads:
    chains = {
        str(id_): Chain(str(id_), str(reference), int(events), int(seq), str(head))
        for id_, reference, events, seq, head in content["incidents"]
    }
    ledger = content["ledger"]
    return Heads(
        made_at=datetime.fromisoformat(content["made_at"]),
        chains=chains,
        tombstones={str(id_): str(reference) for id_, reference in content["tombstones"]},
        newest={str(year): str(reference) for year, reference in content["newest"].items()},
        ledger=(int(ledger[0]), str(ledger[1])) if ledger else None,
    )


# -- comparing -----------------------------------------------------------------------------------


def compare(session: Session, anchored: Heads, current: Heads) -> Comparison:
    """Whether the database (``current``, read in ``session``) is at or ahead of ``anchored``."""
    findings: list[Finding] = []
    new_events = shredded = 0
    grown = {}
    for chain in sorted(anchored.chains.values(), key=lambda c: (c.reference, c.id)):
        now = current.chains.get(chain.id)
        if now is None:
            if chain.id in current.tombstones:
                shredded += 1
            else:
                findings.append(Finding(chain.reference, _lost(chain.reference)))
        elif now.seq < chain.seq:
            findings.append(Finding(chain.reference, _shorter(now, chain)))
        else:
            grown[chain.id] = chain.seq
            new_events += max(now.events - chain.events, 0)
    # Where the chain did not grow, its newest event (read from the events) is the anchored one;
    # where it grew, the event at the anchored place is read, in batches.
    macs = {
        id_: current.chains[id_].head
        for id_, seq in grown.items()
        if current.chains[id_].seq == seq
    }
    macs |= macs_at(
        session, {id_: seq for id_, seq in grown.items() if seq > 0 and id_ not in macs}
    )
    for incident_id, seq in grown.items():
        chain = anchored.chains[incident_id]
        if seq > 0 and not macs_equal(macs.get(incident_id, ""), chain.head):
            findings.append(Finding(chain.reference, _replaced(chain)))
    findings += _tombstones(anchored, current)
    findings += _totals(anchored, current)
    ledger_findings, ledger_new = _ledger(session, anchored, current)
    findings += ledger_findings
    known = set(anchored.chains) | set(anchored.tombstones)
    return Comparison(
        findings=findings,
        new_events=new_events + sum(c.events for c in current.chains.values() if c.id not in known),
        new_incidents=len((set(current.chains) | set(current.tombstones)) - known),
        shredded_since=shredded,
        new_ledger_entries=ledger_new,
    )


def _lost(reference: str) -> Message:
    return _(
        "incident {reference} is in the anchor but gone from the database, and no tombstone "
        "says it was shredded: it was deleted or the database is an older copy",
        reference=reference,
    )


def _shorter(now: Chain, anchored: Chain) -> Message:
    return _(
        "its history ends at event {now}, the anchor recorded {anchored}: rolled back behind the "
        "anchor",
        now=now.seq,
        anchored=anchored.seq,
    )


def _replaced(anchored: Chain) -> Message:
    return _(
        "event {seq}, its newest when anchored, is no longer in its history as it was: the history "
        "was rolled back and written anew",
        seq=anchored.seq,
    )


def _tombstones(anchored: Heads, current: Heads) -> list[Finding]:
    findings = []
    for incident_id, reference in sorted(anchored.tombstones.items(), key=lambda kv: kv[1]):
        if incident_id in current.tombstones:
            continue
        if incident_id in current.chains:
            problem = _(
                "shredded before the anchor, yet back in the database: an older copy was put back"
            )
        else:
            problem = _("its tombstone, in the anchor, is gone from the database")
        findings.append(Finding(reference, problem))
    return findings


def _totals(anchored: Heads, current: Heads) -> list[Finding]:
    findings = []
    if current.total < anchored.total:
        findings.append(
            Finding(
                None,
                _(
                    "the database accounts for {now} of the {anchored} incidents the anchor "
                    "recorded (shredded ones included)",
                    now=current.total,
                    anchored=anchored.total,
                ),
            )
        )
    for year, reference in anchored.newest.items():
        newest = current.newest.get(year)
        if newest is None or _number(newest) < _number(reference):
            findings.append(
                Finding(
                    reference,
                    _(
                        "the newest incident of {year} is {now}, the anchor recorded {anchored}",
                        year=year,
                        now=newest or "-",
                        anchored=reference,
                    ),
                )
            )
    return findings


def _number(reference: str) -> int:
    matched = _YEAR.fullmatch(reference)
    return int(matched.group(2)) if matched else 0


def _ledger(session: Session, anchored: Heads, current: Heads) -> tuple[list[Finding], int]:
    """The ledger of shared rows (settings, accounts, actors, the list of incidents): never
    shorter than anchored, and the anchored entry still in it where that can be read."""
    if anchored.ledger is None:
        return [], 0
    seq, mac = anchored.ledger
    now = current.ledger
    if now is None or now[0] < seq:
        problem = _(
            "the ledger of shared rows ends at entry {now}, the anchor recorded {anchored}: "
            "rolled back behind the anchor",
            now=now[0] if now else 0,
            anchored=seq,
        )
        return [Finding(None, problem)], 0
    kept = now[1] if now[0] == seq else _ledger_mac_at(session, seq)
    if not macs_equal(kept or "", mac):
        problem = _(
            "the ledger's entry {seq}, its newest when anchored, is no longer as it was: the "
            "ledger was rolled back and written anew",
            seq=seq,
        )
        return [Finding(None, problem)], 0
    return [], now[0] - seq


def _ledger_mac_at(session: Session, seq: int) -> str | None:
    """The MAC of the ledger's entry ``seq``; None if there is no such entry."""
    return session.execute(
        sa.select(LedgerEntry.mac).where(LedgerEntry.seq == seq)
    ).scalar_one_or_none()
