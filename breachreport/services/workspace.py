"""The use cases: open, revise, file, record a case number, render, export, import, list, verify.

Each use case checks the actor's permission first (``permissions.require``), runs in one
transaction, attributes every change to an actor and a role, and is the only place that sees both
plaintext and actors. Screens and the command line call these, never storage or crypto. Invitations,
proposals, reviews and evidence hang off the workspace (``workspace.proposals.review(...)``).

A read without an actor is the local operator's (the command line); screens pass the signed-in
actor to every read, so that scope rules apply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from ..documents import FilingInfo, NotificationContext
from ..documents.catalogue import BOTH, document_kind, render_draft
from ..documents.notification import render_notification_files, unanswered
from ..documents.pdf import render_pdf
from ..domain.assessment import Assessment, assess
from ..domain.changes import apply as apply_changes
from ..domain.changes import diff, flatten, replay
from ..domain.choices import FilingKind
from ..domain.circumstances import Outcome
from ..domain.clocks import Clock, clocks
from ..domain.contradictions import contradictions
from ..domain.decision import decision_changes
from ..domain.facts import FUTURE_TOLERANCE, Facts, parse_facts, questions, stored_facts
from ..domain.filing_rules import ARTICLE_33_WINDOW, PriorFiling, filing_problems, hours_late
from ..domain.labels import Text
from ..domain.problems import Problem
from ..domain.status import Role, Status, derive_status
from ..domain.times import format_local, to_utc, utc_now
from ..errors import (
    BreachReportError,
    FactsInvalid,
    FilingRefused,
    InputError,
    IntegrityError,
    NotFound,
    VersionConflict,
)
from .permissions import Actor, Grant, UseCase, assigned_incidents, require
from ..storage import Damage, FilingRecord, IncidentRecord, NewEvent, Store, Transaction

if TYPE_CHECKING:
    from .evidence import Evidence
    from .invitations import Invitations
    from .proposals import Proposals
    from .retention import Retention, Tombstone
    from .reviews import Reviews

LANGS = ("sv", "en")
FORMATS = ("md", "html", "docx", "pdf")
REGISTER_FORMATS = ("csv", "xlsx")
# Events that change the facts; replaying their changes rebuilds the current facts. Each makes one
# new version, so the n-th of them made version n.
REVISION_KINDS = ("opened", "revised", "decided", "proposal_accepted")
CASE_NUMBER = re.compile(r"IMY-\d{4}-\d{1,6}")

_AWARE_REASON = Text(
    "Kännedomstidpunkten är redan satt; ange ett skäl för att ändra den (72-timmarsfristen flyttas).",
    "The awareness time is already set; give a reason for changing it (the 72-hour deadline moves).",
)


@dataclass(frozen=True)
class Incident:
    """One incident as a screen or command sees it."""

    id: str
    reference: str
    status: Status
    version: int
    created_at: datetime
    updated_at: datetime
    facts: Facts
    chain_head: str


@dataclass(frozen=True)
class RegisterRow:
    """One line of the Art. 33(5) register, from the sealed summary only."""

    id: str
    reference: str
    status: Status
    version: int
    created_at: datetime
    updated_at: datetime
    title: str | None
    aware_at: datetime | None
    breach_type: str | None
    kinds: list[str]
    subjects: int | None
    decision: str | None
    filings: int
    case_number: str | None
    band: str | None = None
    recommended: str | None = None
    decision_reason: str | None = None
    decided_by: str | None = None
    filing_kinds: tuple[str, ...] = ()
    filed_at: tuple[datetime, ...] = ()
    # Per filing: a supplement that completed the notification.
    filing_final: tuple[bool, ...] = ()
    cause: str | None = None
    # A shredded incident (a tombstone): when, by whom and why; its facts are gone.
    shredded_at: datetime | None = None
    shredded_by: str | None = None
    shred_reason: str | None = None
    # The sealed summary failed its integrity check: only the reference and status are known;
    # ``breachreport verify`` says what is wrong.
    damaged: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "status": self.status.value,
            "version": self.version,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "title": self.title,
            "aware_at": _iso(self.aware_at),
            "breach_type": self.breach_type,
            "kinds": self.kinds,
            "subjects": self.subjects,
            "decision": self.decision,
            "filings": self.filings,
            "case_number": self.case_number,
            "band": self.band,
            "recommended": self.recommended,
            "decided_by": self.decided_by,
            "decision_reason": self.decision_reason,
            "shredded": None
            if self.shredded_at is None
            else {
                "at": _iso(self.shredded_at),
                "by": self.shredded_by,
                "reason": self.shred_reason,
            },
            "damaged": self.damaged,
        }


@dataclass(frozen=True)
class Filing:
    id: str
    seq: int
    kind: FilingKind
    filed_at: datetime
    filed_by: str
    case_number: str | None
    facts: Facts
    changes: dict[str, list[Any]]
    documents: list[str]
    # Things the DPO should know although the filing went through (e.g. no current approval).
    warnings: tuple[Text, ...] = ()
    # Filing metadata: a supplement that completes the notification; reasons for lateness given
    # when filing. ``filed_at`` is when it was submitted to IMY, not when it was recorded here.
    final: bool = False
    delay_reasons: str | None = None


@dataclass(frozen=True)
class FilingCheckResult:
    """What filing now would do, without filing: what stops it, and what the DPO should know
    before confirming (the same warnings the filing then carries)."""

    kind: FilingKind
    submitted_at: datetime
    problems: tuple[Problem, ...]
    warnings: tuple[Text, ...]
    # Hours past the 72-hour window that decides lateness (the first filing's); None when on time.
    hours_late: float | None = None

    @property
    def may_file(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Plan:
    """One filing worked out inside a transaction: the check's result and what filing needs."""

    check: FilingCheckResult
    facts: Facts
    prior: list[FilingRecord]
    changes: dict[str, Any] | None
    case_number: str | None  # IMY's number to quote, the one given now included
    four_eyes: dict[str, Any]


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    damage: list[Damage]
    shredded: int = 0  # tombstones checked
    # Data keys per master key id: the keys of the ring that the database still needs.
    master_keys: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class HistoryEntry:
    """One event of an incident's audit trail, with the actor resolved."""

    seq: int
    kind: str
    at: datetime
    actor: str
    role: str
    fields: list[str]
    changes: dict[str, list[Any]]
    reason: str | None
    approved_by: str | None = None  # an accepted proposal: the DPO who accepted it
    subject: str | None = None  # the person an event is about: the contact invited, the reviewer
    withdrew_approval: int | None = None  # a change that withdrew the approval of this version
    document: str | None = None  # a download: which document, language, format (and filing)
    # A filing: when it went in through IMY's e-service (``at`` is when it was recorded here).
    submitted_at: datetime | None = None


def _downloaded(payload: dict[str, Any]) -> str | None:
    """What a download event took away, e.g. "imy-notification · sv · pdf · filing 2"."""
    if "document" not in payload:
        return None
    parts = [payload["document"], payload.get("lang"), payload.get("format")]
    if payload.get("filing") is not None:
        parts.append(f"filing {payload['filing']}")
    return " · ".join(str(part) for part in parts if part)


def _parsed_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _summary(facts: Facts, filings: list[FilingRecord]) -> dict[str, Any]:
    """What the register shows without opening the whole facts. Sealed like everything else."""
    case_numbers = [f.case_number for f in filings if f.case_number]
    judged = assess(facts)
    return {
        "band": judged.band.value,
        "recommended": judged.outcome.value,
        "filed_at": [_iso(f.filed_at) for f in filings],
        "title": facts.description.title_internal or _shorten(facts.description.summary),
        "aware_at": _iso(facts.times.aware_at),
        "breach_type": facts.description.breach_type.value
        if facts.description.breach_type
        else None,
        "kinds": [k.value for k in facts.description.kinds or []],
        "cause": facts.description.cause.value if facts.description.cause else None,
        "subjects": facts.data.subjects_count.value if facts.data.subjects_count else None,
        "decision": facts.decision.outcome.value if facts.decision.outcome else None,
        "decision_reason": facts.decision.reason,
        "decided_by": facts.decision.decided_by,
        "filings": len(filings),
        "case_number": case_numbers[0] if case_numbers else None,
        "filing_kinds": [f.kind for f in filings],
        "filing_final": [f.final for f in filings],
    }


def _shorten(text: str | None, limit: int = 80) -> str | None:
    if not text or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _status(facts: Facts, filings: list[FilingRecord]) -> Status:
    return derive_status([_notice_kind(f) for f in filings], facts.decision.outcome)


def _notice_kind(filing: FilingRecord) -> FilingKind:
    """What a filing means for the notification: a supplement that completes it counts as the
    complete notification (for the status and the clocks)."""
    return FilingKind.COMPLETE if filing.final else FilingKind(filing.kind)


def imy_paths(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Only the changes to questions that are sent to IMY (what a supplement may contain)."""
    sent = {q.path for q in questions() if q.sent_to_imy}
    sent |= {f"{section}.not_yet_known" for section in Facts.section_names()}
    internal = {s for s in Facts.section_names() if not Facts.section_class(s).sent_to_imy}
    return {
        path: value
        for path, value in changes.items()
        if path in sent and path.split(".", 1)[0] not in internal
    }


class Workspace:
    """The use cases over one store. ``clock`` gives the current UTC time (fixed in tests)."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.store = store
        self.clock = clock

    # -- the use cases beside the facts (their modules build on this one) ----------------------

    @cached_property
    def invitations(self) -> Invitations:
        from .invitations import Invitations

        return Invitations(self)

    @cached_property
    def proposals(self) -> Proposals:
        from .proposals import Proposals

        return Proposals(self)

    @cached_property
    def reviews(self) -> Reviews:
        from .reviews import Reviews

        return Reviews(self)

    @cached_property
    def evidence(self) -> Evidence:
        from .evidence import Evidence

        return Evidence(self)

    @cached_property
    def retention(self) -> Retention:
        from .retention import Retention

        return Retention(self)

    def shred(
        self, *, ref: str, actor: Actor, reason: str, at: datetime | None = None
    ) -> Tombstone:
        """Crypto-shred the incident (DPO or administrator): see ``Retention.shred``."""
        return self.retention.shred(ref=ref, actor=actor, reason=reason, at=at)

    # -- reading -------------------------------------------------------------------------------

    def incident(self, ref: str, *, actor: Actor | None = None) -> Incident:
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.READ_INCIDENT, ref)
            return self._incident(tx, ref)

    def register(self) -> list[RegisterRow]:
        """Every incident, shredded ones as tombstones: the local operator's view (see
        ``register_for``)."""
        with self.store.transaction(write=False) as tx:
            rows = tx.list_incidents()
            shredded = _tombstone_rows(tx)
        return _in_register_order([self._register_row(row) for row in rows] + shredded)

    def register_for(self, actor: Actor) -> list[RegisterRow]:
        """The register as ``actor`` may see it: all of it, or a legal reviewer's assigned
        incidents only."""
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.LIST_REGISTER)
            rows = tx.list_incidents()
            shredded: list[RegisterRow] = []
            if Role(actor.role) is Role.LEGAL_REVIEWER:
                assigned = assigned_incidents(tx, actor)
                rows = [row for row in rows if row.id in assigned]
            else:
                shredded = _tombstone_rows(tx)
        return _in_register_order([self._register_row(row) for row in rows] + shredded)

    def register_file(self, *, fmt: str, lang: str = "sv", actor: Actor | None = None) -> bytes:
        """The register (Art. 33(5)) as a CSV or Excel file: every incident ``actor`` may see,
        notified or not, with the decision, who made it and why; shredded ones as tombstones."""
        if fmt not in REGISTER_FORMATS:
            raise InputError(f"The register comes as {' or '.join(REGISTER_FORMATS)}, not '{fmt}'.")
        if lang not in LANGS:
            raise InputError(f"Unknown language '{lang}'; choose sv or en.")
        rows = self.register() if actor is None else self.register_for(actor)
        live = [row.id for row in rows if row.shredded_at is None and not row.damaged]
        facts: dict[str, Facts] = {}
        with self.store.transaction(write=False) as tx:
            for incident_id in live:
                try:
                    facts[incident_id] = stored_facts(tx.load_incident(incident_id).facts)
                except IntegrityError:  # listed without its extra columns; verify names it
                    continue
        # Imported here: openpyxl takes a quarter of a second, and only the register needs it.
        from ..documents.register_export import register_csv, register_xlsx

        write = register_csv if fmt == "csv" else register_xlsx
        return write(rows, lang, facts=facts)

    def filings(self, ref: str, *, actor: Actor | None = None) -> list[Filing]:
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.READ_INCIDENT, ref)
            record = tx.load_incident(ref)
            return [self._filing(tx, f) for f in tx.filings(record.id)]

    def history(self, ref: str, *, actor: Actor | None = None) -> list[HistoryEntry]:
        """Every event of the incident, oldest first, each with its actor's name and role."""
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.READ_HISTORY, ref)
            record = tx.load_incident(ref)
            names: dict[str, str] = {}

            def name(actor_id: str | None) -> str | None:
                if actor_id is None:
                    return None
                if actor_id not in names:
                    names[actor_id] = tx.actor(actor_id).name
                return names[actor_id]

            return [
                HistoryEntry(
                    seq=event.seq,
                    kind=event.kind,
                    at=event.at,
                    actor=name(event.actor_id) or "",
                    role=event.actor_role,
                    fields=list(event.fields),
                    changes=event.payload.get("changes", {}),
                    reason=event.payload.get("reason"),
                    approved_by=name(event.payload.get("approved_by")),
                    subject=name(event.payload.get("subject")),
                    withdrew_approval=event.payload.get("withdrew_approval"),
                    document=_downloaded(event.payload),
                    submitted_at=_parsed_time(event.payload.get("submitted_at")),
                )
                for event in tx.events(record.id)
            ]

    def export(self, ref: str, *, actor: Actor | None = None) -> dict[str, Any]:
        """The facts as JSON that validates against ``breachreport schema`` and imports again."""
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.EXPORT, ref)
            return self._incident(tx, ref).facts.to_json_dict()

    # -- changing ------------------------------------------------------------------------------

    def open_incident(
        self,
        *,
        actor: Actor,
        changes: Mapping[str, Any],
        at: datetime | None = None,
        source: str = "opened",
    ) -> Incident:
        """A new incident from a first set of answers; its clocks start from ``times.aware_at``."""
        at = at or self.clock()
        facts = apply_changes(Facts(), changes, now=self.clock())
        delta = diff(Facts(), facts)
        with self.store.transaction() as tx:
            self._allow(tx, actor, UseCase.OPEN_INCIDENT)
            actor_id = tx.ensure_actor(name=actor.name, role=actor.role.value)
            record = tx.create_incident(
                created_at=at,
                facts=facts.model_dump(mode="json"),
                summary=_summary(facts, []),
                status=_status(facts, []).value,
                event=NewEvent(
                    kind="opened",
                    at=at,
                    actor_id=actor_id,
                    actor_role=actor.role.value,
                    fields=sorted(delta),
                    payload={"changes": delta, "source": source},
                ),
            )
            return self._as_incident(record)

    def import_facts(self, *, actor: Actor, data: str | bytes | dict[str, Any]) -> Incident:
        """A new incident from facts JSON (as written by ``export``)."""
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.IMPORT)
        facts = parse_facts(data, now=self.clock())
        changes = {path: new for path, (_old, new) in diff(Facts(), facts).items()}
        return self.open_incident(actor=actor, changes=changes, source="import")

    def revise(
        self,
        *,
        actor: Actor,
        ref: str,
        changes: Mapping[str, Any],
        expected_version: int,
        reason: str | None = None,
        at: datetime | None = None,
        kind: str = "revised",
    ) -> Incident:
        """Apply ``changes`` made by someone who read ``expected_version``.

        If others saved in between, the change still applies when it touches none of the questions
        they changed; otherwise VersionConflict carries both values and nothing is saved.
        """
        use_case = UseCase.DECIDE if kind == "decided" else UseCase.REVISE
        with self.store.transaction() as tx:
            self._allow(tx, actor, use_case, ref)
            return self._revise(
                tx,
                author=actor,
                ref=ref,
                changes=changes,
                expected_version=expected_version,
                reason=reason,
                at=at or self.clock(),
                kind=kind,
            )

    def _revise(
        self,
        tx: Transaction,
        *,
        author: Actor,
        ref: str,
        changes: Mapping[str, Any],
        expected_version: int,
        reason: str | None,
        at: datetime,
        kind: str,
        payload: Mapping[str, Any] | None = None,
    ) -> Incident:
        """``revise`` inside a transaction whose use case has already checked permissions (e.g.
        a proposal the DPO accepted, attributed to its author). Never call it unchecked."""
        # Locked: on PostgreSQL a save committed between this read and the write would otherwise
        # turn a change to other questions, which merges, into a conflict.
        record = tx.load_incident(ref, lock=True)
        current = stored_facts(record.facts)
        if record.version != expected_version:
            self._check_overlap(tx, record, current, changes, expected_version)
        facts = apply_changes(current, changes, now=self.clock())
        delta = diff(current, facts)
        if not delta:
            return self._as_incident(record)
        self._check_awareness_change(current, delta, reason)
        filings = tx.filings(record.id)
        actor_id = tx.ensure_actor(name=author.name, role=author.role.value)
        recorded: dict[str, Any] = {**(payload or {}), "changes": delta}
        if reason:
            recorded["reason"] = reason
        if self.reviews._approved(tx, record):
            recorded["withdrew_approval"] = record.version  # an approval holds for one version
        tx.update_incident(
            incident_id=record.id,
            expected_version=record.version,
            facts=facts.model_dump(mode="json"),
            summary=_summary(facts, filings),
            status=_status(facts, filings).value,
            event=NewEvent(
                kind=kind,
                at=at,
                actor_id=actor_id,
                actor_role=author.role.value,
                fields=sorted(delta),
                payload=recorded,
            ),
        )
        return self._incident(tx, record.id)

    def decide(
        self,
        *,
        actor: Actor,
        ref: str,
        outcome: Outcome,
        reason: str | None,
        expected_version: int,
        at: datetime | None = None,
    ) -> Incident:
        """Record the DPO's decision on the duties as a revision; an override needs a reason."""
        at = at or self.clock()
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.DECIDE, ref)
            current = self._incident(tx, ref)
        changes = decision_changes(
            current.facts, outcome=outcome, reason=reason, decided_by=actor.name, decided_at=at
        )
        return self.revise(
            actor=actor,
            ref=ref,
            changes=changes,
            expected_version=expected_version,
            at=at,
            kind="decided",
        )

    def assessment(self, ref: str, *, actor: Actor | None = None) -> Assessment:
        """The risk assessment of the current facts."""
        return assess(self.incident(ref, actor=actor).facts)

    def clocks(
        self, ref: str, *, now: datetime | None = None, actor: Actor | None = None
    ) -> list[Clock]:
        """Every legal clock of the incident at ``now`` (default: the workspace's clock)."""
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.READ_INCIDENT, ref)
            record = tx.load_incident(ref)
            filings = tx.filings(record.id)
        facts = stored_facts(record.facts)
        return clocks(
            facts,
            now=now or self.clock(),
            filings=[(_notice_kind(f), f.filed_at) for f in filings],
        )

    def filing_check(
        self,
        *,
        actor: Actor,
        ref: str,
        kind: FilingKind,
        submitted_at: datetime | None = None,
        final: bool = False,
        case_number: str | None = None,
        delay_reasons: str | None = None,
    ) -> FilingCheckResult:
        """What ``file`` with these arguments would do now, without filing: the problems that
        would refuse it and the warnings it would go through with."""
        with self.store.transaction(write=False) as tx:
            self._allow(tx, actor, UseCase.FILE, ref)
            record = tx.load_incident(ref)
            return self._plan(
                tx,
                record,
                kind=FilingKind(kind),
                submitted_at=submitted_at or self.clock(),
                final=final,
                case_number=_case_number(case_number),
                delay_reasons=_reasons(delay_reasons),
            ).check

    def file(
        self,
        *,
        actor: Actor,
        ref: str,
        kind: FilingKind,
        case_number: str | None = None,
        at: datetime | None = None,
        submitted_at: datetime | None = None,
        final: bool = False,
        delay_reasons: str | None = None,
    ) -> Filing:
        """File the current facts with IMY as ``kind``: checks the rules, freezes the snapshot and
        renders the documents once, so the filing never changes afterwards.

        ``submitted_at`` is when it went in through IMY's e-service (default: now); it is the
        filing's time for the register, the status and the clocks, while the history keeps the
        time it was recorded (``at``). ``case_number`` is IMY's number for the earlier
        notification, recorded with the filing if missing; a refused filing records nothing.
        ``final`` (a supplement only) states that the notification is now complete: the content
        and four-eyes rules of a complete notification apply. ``delay_reasons`` are the reasons
        for lateness given when filing: filing metadata, not a change of the facts, so they do not
        withdraw an approval.

        With the organisation's four-eyes setting on (the default), a complete notification needs
        a legal reviewer's approval of exactly the current facts; any other filing goes through
        without one, with a warning on the returned filing, because the deadline comes first.
        """
        at = at or self.clock()
        number = _case_number(case_number)
        reasons = _reasons(delay_reasons)
        with self.store.transaction() as tx:
            self._allow(tx, actor, UseCase.FILE, ref)
            if number is not None:
                self._allow(tx, actor, UseCase.RECORD_CASE_NUMBER, ref)
            record = tx.load_incident(ref, lock=True)
            plan = self._plan(
                tx,
                record,
                kind=kind,
                submitted_at=submitted_at or at,
                final=final,
                case_number=number,
                delay_reasons=reasons,
            )
            if plan.check.problems:
                raise FilingRefused(list(plan.check.problems))
            actor_id = tx.ensure_actor(name=actor.name, role=actor.role.value)
            prior = plan.prior
            if number is not None and prior[-1].case_number != number:
                self._set_case_number(tx, prior[-1], number, actor, at)
                record = tx.load_incident(ref, lock=True)
            # The reasons given with a late first filing stand for the whole notification.
            first_reasons = prior[0].delay_reasons if prior else None
            info = FilingInfo(
                kind=kind,
                seq=len(prior) + 1,
                filed_at=plan.check.submitted_at,
                case_number=plan.case_number,
                changes=plan.changes,
                first_filed_at=prior[0].filed_at if prior else None,
                final=final,
                delay_reasons=reasons or first_reasons,
            )
            payload: dict[str, Any] = {
                "filing_kind": kind.value,
                "seq": info.seq,
                "submitted_at": _iso(plan.check.submitted_at),
                **plan.four_eyes,
            }
            if final:
                payload["final"] = True
            event = NewEvent(
                kind="filed",
                at=at,
                actor_id=actor_id,
                actor_role=actor.role.value,
                fields=sorted(plan.changes or {}),
                payload=payload,
            )
            # The footer names the chain head this filing creates; it is known only after the
            # event, so the documents carry the head they were made from (the facts' last event).
            context = NotificationContext(
                incident_ref=record.reference,
                facts_version=record.version,
                generated_at=at,
                chain_head=record.chain_head,
                filing=info,
            )
            # Every language and format is kept, so that a filed copy never changes, even when
            # the templates do (an upgrade, an organisation's own folder).
            documents = render_notification_files(facts=plan.facts, context=context)
            filing = tx.create_filing(
                incident_id=record.id,
                kind=kind.value,
                filed_at=plan.check.submitted_at,
                actor_id=actor_id,
                snapshot=plan.facts.model_dump(mode="json"),
                changes=plan.changes or {},
                documents=documents,
                event=event,
                meta={"final": final, "delay_reasons": reasons},
            )
            self._refresh_register(tx, record.id, plan.facts)
            made = self._filing(tx, filing)
            return replace(made, warnings=plan.check.warnings)

    def _plan(
        self,
        tx: Transaction,
        record: IncidentRecord,
        *,
        kind: FilingKind,
        submitted_at: datetime,
        final: bool,
        case_number: str | None,
        delay_reasons: str | None,
    ) -> _Plan:
        """The filing rules, the four-eyes rule and every warning, for ``file`` and
        ``filing_check`` alike, so that what the DPO is shown is what filing does."""
        submitted = to_utc(submitted_at)
        facts = stored_facts(record.facts)
        prior = tx.filings(record.id)
        previous = stored_facts(prior[-1].snapshot) if prior else None
        changes = imy_paths(diff(previous, facts)) if previous is not None else None
        # A case number given now lands on the latest filing, as record_case_number would put it.
        numbers = [p.case_number for p in prior]
        if case_number is not None and prior:
            numbers[-1] = case_number
        seen = [
            PriorFiling(FilingKind(p.kind), p.filed_at, number, p.delay_reasons)
            for p, number in zip(prior, numbers, strict=True)
        ]
        problems = self._submitted_problems(facts, prior, submitted)
        if case_number is not None and not prior:
            problems.append(_problem("", "case_number_no_filing"))
        problems += filing_problems(
            facts,
            kind,
            filed_at=submitted,
            prior=seen,
            changed_paths=list(changes) if changes is not None else None,
            final=final,
            delay_reasons=delay_reasons,
        )
        completes = kind is FilingKind.COMPLETE or (final and kind is FilingKind.SUPPLEMENT)
        four_eyes = self.reviews._filing_check(tx, record, kind, final=completes)
        if four_eyes.problem is not None:
            problems.append(four_eyes.problem)
        late = hours_late(facts, prior[0].filed_at if prior else submitted)
        notice = kind is not FilingKind.WITHDRAWAL  # a withdrawal reports no answers
        warnings = [
            *four_eyes.warnings,
            *(_unknown_warnings(facts, complete=completes) if notice else []),
            *(_unanswered_warnings(facts, late) if kind is FilingKind.PRELIMINARY else []),
            *([] if prior or late is None else [_late_warning(late)]),
            *_decision_warnings(facts, kind),
            *(_contradiction_warning(p) for p in contradictions(facts)),
        ]
        check = FilingCheckResult(
            kind=kind,
            submitted_at=submitted,
            problems=tuple(problems),
            warnings=tuple(warnings),
            hours_late=late,
        )
        quoted = next((n for n in numbers if n), None)
        return _Plan(check, facts, prior, changes, quoted, four_eyes.payload)

    def _submitted_problems(
        self, facts: Facts, prior: list[FilingRecord], submitted: datetime
    ) -> list[Problem]:
        """When it went in through IMY's e-service: not ahead of now, not before awareness, not
        before the previous filing."""
        found = []
        if submitted > to_utc(self.clock()) + FUTURE_TOLERANCE:
            found.append(_problem("", "submitted_in_future"))
        aware = facts.times.aware_at
        if aware is not None and submitted < aware:
            found.append(_problem("", "submitted_before_awareness", at=aware))
        if prior and submitted < prior[-1].filed_at:
            last = prior[-1]
            found.append(_problem("", "submitted_before_previous", at=last.filed_at, seq=last.seq))
        return found

    def record_case_number(
        self,
        *,
        actor: Actor,
        ref: str,
        case_number: str,
        seq: int | None = None,
        at: datetime | None = None,
    ) -> Filing:
        """Record IMY's case number on a filing (the latest one unless ``seq`` names another)."""
        case_number = case_number.strip().upper()
        if not CASE_NUMBER.fullmatch(case_number):
            raise InputError(
                f"'{case_number}' does not look like an IMY case number (e.g. IMY-2024-1234)."
            )
        at = at or self.clock()
        with self.store.transaction() as tx:
            self._allow(tx, actor, UseCase.RECORD_CASE_NUMBER, ref)
            record = tx.load_incident(ref)
            filings = tx.filings(record.id)
            if not filings:
                raise NotFound(
                    f"Incident {record.reference} has no filing to attach a case number to."
                )
            target = (
                filings[-1] if seq is None else next((f for f in filings if f.seq == seq), None)
            )
            if target is None:
                raise NotFound(f"Incident {record.reference} has no filing number {seq}.")
            if target.case_number == case_number:
                return self._filing(tx, target)
            self._set_case_number(tx, target, case_number, actor, at)
            facts = stored_facts(record.facts)
            filings = self._refresh_register(tx, record.id, facts)
            return self._filing(tx, next(f for f in filings if f.id == target.id))

    @staticmethod
    def _set_case_number(
        tx: Transaction, target: FilingRecord, case_number: str, actor: Actor, at: datetime
    ) -> None:
        actor_id = tx.ensure_actor(name=actor.name, role=actor.role.value)
        tx.set_case_number(
            filing_id=target.id,
            case_number=case_number,
            event=NewEvent(
                kind="case_number",
                at=at,
                actor_id=actor_id,
                actor_role=actor.role.value,
                fields=[],
                payload={
                    "filing_seq": target.seq,
                    "case_number": case_number,
                    "previous": target.case_number,
                },
            ),
        )

    # -- documents -----------------------------------------------------------------------------

    def render(
        self,
        *,
        ref: str,
        document: str = "imy-notification",
        lang: str = "sv",
        fmt: str = "html",
        filing_seq: int | None = None,
        actor: Actor | None = None,
    ) -> bytes:
        """A document: the frozen copy of a filing (the IMY notification only), or a draft of
        any document (``documents.catalogue``) from the current facts."""
        document_kind(document, lang, fmt)
        with self.store.transaction(write=False) as tx:
            wanted = UseCase.RENDER_DRAFT if filing_seq is None else UseCase.DOWNLOAD_FILING
            self._allow(tx, actor, wanted, ref)
            record = tx.load_incident(ref)
            filings = tx.filings(record.id)
            if filing_seq is not None:
                if document != "imy-notification":
                    raise InputError("Only the IMY notification is kept with each filing.")
                filing = next((f for f in filings if f.seq == filing_seq), None)
                if filing is None:
                    raise NotFound(
                        f"Incident {record.reference} has no filing number {filing_seq}."
                    )
                return self._filed_document(tx, record, filing, f"{document}.{lang}.{fmt}")
            facts = stored_facts(record.facts)
            first = filings[0] if filings else None
            context = NotificationContext(
                incident_ref=record.reference,
                facts_version=record.version,
                generated_at=self.clock(),
                chain_head=record.chain_head,
                # The notice tells people when IMY was notified; the others are drafts.
                filing=None
                if first is None or document != "data-subject-notice"
                else FilingInfo(
                    kind=FilingKind(first.kind),
                    seq=first.seq,
                    filed_at=first.filed_at,
                    case_number=next((f.case_number for f in filings if f.case_number), None),
                ),
            )
        return render_draft(document, facts=facts, lang=lang, fmt=fmt, context=context)

    def download(
        self,
        *,
        ref: str,
        document: str = "imy-notification",
        lang: str = "sv",
        fmt: str = "html",
        filing_seq: int | None = None,
        actor: Actor,
        at: datetime | None = None,
    ) -> bytes:
        """``render`` for someone taking a copy away: the download is recorded in the incident's
        history (who, in which role, which document, language, format and filing)."""
        content = self.render(
            ref=ref, document=document, lang=lang, fmt=fmt, filing_seq=filing_seq, actor=actor
        )
        at = at or self.clock()
        with self.store.transaction() as tx:
            record = tx.load_incident(ref, lock=True)
            kind = document_kind(document, lang, fmt)
            payload: dict[str, Any] = {
                "document": document,
                "lang": BOTH if kind.bilingual else lang,
                "format": fmt,
            }
            if filing_seq is not None:
                payload["filing"] = filing_seq
            tx.append_event(
                incident_id=record.id,
                event=NewEvent(
                    kind="document_downloaded",
                    at=at,
                    actor_id=tx.ensure_actor(name=actor.name, role=actor.role.value),
                    actor_role=actor.role.value,
                    payload=payload,
                ),
            )
        return content

    @staticmethod
    def _filed_document(
        tx: Transaction, record: IncidentRecord, filing: FilingRecord, name: str
    ) -> bytes:
        """A filed copy as it was kept. Filings made before Word and PDF copies were kept have
        HTML only: their PDF is laid out from that frozen HTML, so its content is still the filed one.
        """
        if name in filing.document_names:
            return tx.filing_document(filing_id=filing.id, name=name)
        html = name.removesuffix(".pdf") + ".html"
        if name.endswith(".pdf") and html in filing.document_names:
            return render_pdf(tx.filing_document(filing_id=filing.id, name=html).decode())
        raise NotFound(
            f"Filing {filing.seq} of incident {record.reference} was made before "
            f"{name.rsplit('.', 1)[-1].upper()} copies were kept; download its HTML or PDF."
        )

    # -- checking ------------------------------------------------------------------------------

    def verify(self, *, actor: Actor | None = None) -> VerifyReport:
        """Every data key, ciphertext, chain and MAC (storage), tombstones included, plus: the
        facts equal the replayed history. Says how many data keys each master key wraps."""
        if actor is not None:
            with self.store.transaction(write=False) as tx:
                self._allow(tx, actor, UseCase.VERIFY)
        found = self.store.check(replay=_replay_problem)
        return VerifyReport(
            checked=found.incidents,
            damage=found.damage,
            shredded=found.shredded,
            master_keys=found.master_keys,
        )

    # -- internals -----------------------------------------------------------------------------

    def _allow(
        self,
        tx: Transaction,
        actor: Actor | None,
        use_case: UseCase,
        ref: str | None = None,
        sections: Collection[str] = (),
    ) -> Grant | None:
        """``permissions.require`` at the workspace's time; None (anything goes) is the local
        operator, who reads without naming an actor."""
        if actor is None:
            return None
        return require(actor, use_case, tx=tx, now=self.clock(), incident=ref, sections=sections)

    @staticmethod
    def _refresh_register(tx: Transaction, incident_id: str, facts: Facts) -> list[FilingRecord]:
        """After a filing event: the status and the register's summary follow the filings."""
        filings = tx.filings(incident_id)
        tx.set_status(
            incident_id=incident_id,
            status=_status(facts, filings).value,
            summary=_summary(facts, filings),
        )
        return filings

    def _incident(self, tx: Transaction, ref: str) -> Incident:
        return self._as_incident(tx.load_incident(ref))

    @staticmethod
    def _as_incident(record: IncidentRecord) -> Incident:
        return Incident(
            id=record.id,
            reference=record.reference,
            status=Status(record.status),
            version=record.version,
            created_at=record.created_at,
            updated_at=record.updated_at,
            facts=stored_facts(record.facts),
            chain_head=record.chain_head,
        )

    @staticmethod
    def _register_row(row: Any) -> RegisterRow:
        summary = row.summary
        aware = summary.get("aware_at")
        return RegisterRow(
            id=row.id,
            reference=row.reference,
            status=Status(row.status),
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
            title=summary.get("title"),
            aware_at=datetime.fromisoformat(aware) if aware else None,
            breach_type=summary.get("breach_type"),
            kinds=summary.get("kinds", []),
            subjects=summary.get("subjects"),
            decision=summary.get("decision"),
            filings=summary.get("filings", 0),
            case_number=summary.get("case_number"),
            band=summary.get("band"),
            recommended=summary.get("recommended"),
            decision_reason=summary.get("decision_reason"),
            decided_by=summary.get("decided_by"),
            filing_kinds=tuple(summary.get("filing_kinds", ())),
            filing_final=tuple(summary.get("filing_final", ())),
            filed_at=tuple(datetime.fromisoformat(t) for t in summary.get("filed_at", ())),
            cause=summary.get("cause"),
            damaged=getattr(row, "damaged", False),
        )

    def _filing(self, tx: Transaction, record: FilingRecord) -> Filing:
        return Filing(
            id=record.id,
            seq=record.seq,
            kind=FilingKind(record.kind),
            filed_at=record.filed_at,
            filed_by=tx.actor(record.actor_id).name,
            case_number=record.case_number,
            facts=stored_facts(record.snapshot),
            changes=record.changes,
            documents=list(record.document_names),
            final=record.final,
            delay_reasons=record.delay_reasons,
        )

    @staticmethod
    def _check_overlap(
        tx: Transaction,
        record: IncidentRecord,
        current: Facts,
        changes: Mapping[str, Any],
        expected_version: int,
    ) -> None:
        """Raise VersionConflict if anyone changed one of these questions since ``expected_version``."""
        if expected_version > record.version or expected_version < 1:
            raise InputError(
                f"Version {expected_version} of {record.reference} does not exist "
                f"(it is at version {record.version})."
            )
        mine = set(changes)
        touched: set[str] = set()
        # Revisions bump the version one by one, so the last (current - expected) revisions are
        # exactly what the user has not seen.
        unseen = record.version - expected_version
        revisions = [e for e in tx.events(record.id) if e.kind in REVISION_KINDS]
        for event in revisions[len(revisions) - unseen :]:
            touched |= set(event.fields)
        overlap = sorted(mine & touched)
        if overlap:
            now_stored = flatten(current)
            raise VersionConflict(
                incident_ref=record.reference,
                expected_version=expected_version,
                current_version=record.version,
                theirs={path: now_stored[path] for path in overlap},
                yours={path: changes[path] for path in overlap},
            )

    @staticmethod
    def _check_awareness_change(
        current: Facts, delta: Mapping[str, Any], reason: str | None
    ) -> None:
        if "times.aware_at" in delta and current.times.aware_at is not None and not reason:
            raise FactsInvalid(
                [
                    Problem(
                        "times.aware_at", "aware_change_reason", _AWARE_REASON.sv, _AWARE_REASON.en
                    )
                ]
            )


# -- what filing checks beside the rules ---------------------------------------------------------

_FILING_TEXTS = {
    "submitted_in_future": Text(
        "Tidpunkten då anmälan lämnades in hos IMY ligger i framtiden; ange när den faktiskt "
        "skickades.",
        "The time the notification was submitted to IMY is in the future; give when it was "
        "actually sent.",
    ),
    "submitted_before_awareness": Text(
        "Anmälan kan inte ha lämnats in hos IMY före kännedomen ({at_sv}).",
        "The notification cannot have been submitted to IMY before awareness ({at_en}).",
    ),
    "submitted_before_previous": Text(
        "Anmälan kan inte ha lämnats in före anmälan nr {seq} ({at_sv}).",
        "The notification cannot have been submitted before filing no. {seq} ({at_en}).",
    ),
    "case_number_no_filing": Text(
        "IMY:s diarienummer hör till en tidigare anmälan; den första anmälan har inget.",
        "IMY's case number belongs to an earlier filing; the first filing has none.",
    ),
    "case_number_format": Text(
        "Diarienumret ser inte ut som IMY:s (t.ex. IMY-2024-1234).",
        "The case number does not look like IMY's (e.g. IMY-2024-1234).",
    ),
    "delay_reasons_too_long": Text(
        "Skälen till förseningen är för långa (högst {limit} tecken).",
        "The reasons for the delay are too long (at most {limit} characters).",
    ),
}
_UNKNOWN_TO_FOLLOW = Text(
    "Ännu inte kända, anges som ”ännu inte känt, kompletteras” i anmälan: {labels_sv}.",
    "Not yet known, reported as 'not yet known, to follow' in the notification: {labels_en}.",
)
_UNANSWERED_TO_FOLLOW = Text(
    "{count} frågor är inte besvarade ännu och anges som ”ännu inte känt, kompletteras” i "
    "anmälan: {labels_sv}.",
    "{count} questions are not answered yet and are reported as 'not yet known, to follow' in "
    "the notification: {labels_en}.",
)
_UNKNOWN_IN_COMPLETE = Text(
    "Fortfarande markerade som ännu inte kända, fast anmälan ska vara fullständig: {labels_sv}.",
    "Still marked as not yet known although the notification is to be complete: {labels_en}.",
)
_LATE = Text(
    "Anmälan lämnas in {hours} timmar efter kännedomen, efter 72-timmarsfristen (art. 33.1); "
    "skälen till förseningen skickas med.",
    "The notification goes in {hours} hours after awareness, past the 72-hour deadline "
    "(Art. 33(1)); the reasons for the delay go with it.",
)
_DOCUMENT_ONLY = Text(
    "Beslutet är att bara dokumentera incidenten internt, men ni registrerar en anmälan till "
    "IMY; ändra beslutet om anmälan är rätt.",
    "The decision is to document the breach internally only, yet you are recording a "
    "notification to IMY; change the decision if notifying is right.",
)
_CONTRADICTION = Text("Motsägelse, {label_sv}: {text_sv}", "Contradiction, {label_en}: {text_en}")
DELAY_REASONS_MAX = 5000
ARTICLE_33_HOURS = ARTICLE_33_WINDOW.total_seconds() / 3600


def _problem(path: str, code: str, **ctx: Any) -> Problem:
    """One of the filing's own problems; ``at`` is a time, shown in Swedish time."""
    at = ctx.pop("at", None)
    if at is not None:
        ctx |= {"at_sv": format_local(at, "sv"), "at_en": format_local(at, "en")}
    text = _FILING_TEXTS[code]
    return Problem(path=path, code=code, sv=text.sv.format(**ctx), en=text.en.format(**ctx))


def _case_number(case_number: str | None) -> str | None:
    """IMY's case number as recorded (upper case), None when not given; refused when malformed."""
    if case_number is None or not case_number.strip():
        return None
    number = case_number.strip().upper()
    if not CASE_NUMBER.fullmatch(number):
        raise FilingRefused([_problem("", "case_number_format")])
    return number


def _reasons(delay_reasons: str | None) -> str | None:
    if delay_reasons is None or not delay_reasons.strip():
        return None
    text = delay_reasons.strip()
    if len(text) > DELAY_REASONS_MAX:
        raise FilingRefused(
            [_problem("times.delay_reasons", "delay_reasons_too_long", limit=DELAY_REASONS_MAX)]
        )
    return text


@cache
def _labels() -> dict[str, Text]:
    return {q.path: q.label for q in questions()}


def _unknown_warnings(facts: Facts, *, complete: bool) -> list[Text]:
    """The questions sent to IMY still marked "not yet known", named. Normal in a preliminary
    notification (Art. 33(4)); a complete one refuses the required ones, and warns of the rest."""
    sent = {q.path for q in questions() if q.sent_to_imy}
    labels = _labels()
    unknown = [
        labels[path]
        for name in Facts.section_names()
        for question in facts.section(name).not_yet_known
        if (path := f"{name}.{question}") in sent
    ]
    if not unknown:
        return []
    text = _UNKNOWN_IN_COMPLETE if complete else _UNKNOWN_TO_FOLLOW
    return [
        Text(
            text.sv.format(labels_sv=", ".join(f"”{label.sv}”" for label in unknown)),
            text.en.format(labels_en=", ".join(f"'{label.en}'" for label in unknown)),
        )
    ]


def _unanswered_warnings(facts: Facts, late: float | None) -> list[Text]:
    """The questions nobody has answered yet: the preliminary notification shows each as "not yet
    known, to follow", so the DPO sees before filing what IMY will read as still to come."""
    paths = unanswered(facts, late=late is not None)
    if not paths:
        return []
    labels = [_labels()[path] for path in paths]
    return [
        Text(
            _UNANSWERED_TO_FOLLOW.sv.format(
                count=len(labels), labels_sv=", ".join(f"”{label.sv}”" for label in labels)
            ),
            _UNANSWERED_TO_FOLLOW.en.format(
                count=len(labels), labels_en=", ".join(f"'{label.en}'" for label in labels)
            ),
        )
    ]


def _late_warning(late: float) -> Text:
    hours = int(late + ARTICLE_33_HOURS)
    return Text(_LATE.sv.format(hours=hours), _LATE.en.format(hours=hours))


def _decision_warnings(facts: Facts, kind: FilingKind) -> list[Text]:
    if kind is not FilingKind.WITHDRAWAL and facts.decision.outcome is Outcome.DOCUMENT_ONLY:
        return [_DOCUMENT_ONLY]
    return []


def _contradiction_warning(problem: Problem) -> Text:
    label = _labels().get(problem.path, Text(problem.path, problem.path))
    return Text(
        _CONTRADICTION.sv.format(label_sv=label.sv, text_sv=problem.sv),
        _CONTRADICTION.en.format(label_en=label.en, text_en=problem.en),
    )


def _replay_problem(
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


def _tombstone_rows(tx: Transaction) -> list[RegisterRow]:
    """The register's lines for shredded incidents: dates, filings and outcome, nothing sealed."""
    from .retention import tombstones

    rows = []
    for stone in tombstones(tx):
        case_numbers = [f.case_number for f in stone.filings if f.case_number]
        rows.append(
            RegisterRow(
                id=stone.id,
                reference=stone.reference,
                status=stone.status,
                version=0,
                created_at=stone.created_at,
                updated_at=stone.last_activity_at,
                title=None,
                aware_at=stone.aware_at,
                breach_type=None,
                kinds=[],
                subjects=None,
                decision=stone.decision,
                filings=len(stone.filings),
                case_number=case_numbers[0] if case_numbers else None,
                filing_kinds=tuple(f.kind for f in stone.filings),
                filed_at=tuple(f.filed_at for f in stone.filings),
                shredded_at=stone.shredded_at,
                shredded_by=stone.shredded_by,
                shred_reason=stone.reason,
            )
        )
    return rows


def _in_register_order(rows: list[RegisterRow]) -> list[RegisterRow]:
    return sorted(rows, key=lambda row: (row.created_at, row.reference))


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
