"""The workspace: every use case over one store, behind one object.

A thin facade. Each group of use cases lives in its own module, built on ``base.UseCases``;
``Workspace`` composes them and forwards the facts' use cases under the names screens, the command
line and the tests have always called (``workspace.file(...)``), while the groups beside the facts
hang off it (``workspace.proposals.review(...)``). No use-case module imports this one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cached_property
from typing import Any

from ..domain.assessment import Assessment
from ..domain.choices import FilingKind
from ..domain.circumstances import Outcome
from ..domain.clocks import Clock
from ..domain.recipients import IMY, ReportType
from ..domain.times import utc_now
from ..mail.config import MailConfig
from ..storage import Store
from .anchoring import Anchoring
from .base import REVISION_KINDS
from .bulletins import Bulletins
from .calendar import Calendar
from .checking import Checking
from .documents import FORMATS, Documents
from .edpb import EdpbTemplate
from .evidence import Evidence
from .filing import Filings
from .filing_checks import CASE_NUMBER, imy_paths
from .invitations import Invitations
from .notices import Notices
from .permissions import Actor
from .proposals import Proposals
from .reading import Reading
from .register import LANGS, REGISTER_FORMATS, Register
from .reminders import Reminders
from .retention import Retention, Tombstone
from .reviews import Reviews
from .revising import Revising
from .views import (
    Filing,
    FilingCheckResult,
    HistoryEntry,
    Incident,
    RegisterRow,
    VerifyReport,
    dumps,
)

__all__ = [
    "CASE_NUMBER",
    "FORMATS",
    "LANGS",
    "REGISTER_FORMATS",
    "REVISION_KINDS",
    "Filing",
    "FilingCheckResult",
    "HistoryEntry",
    "Incident",
    "RegisterRow",
    "VerifyReport",
    "Workspace",
    "dumps",
    "imy_paths",
]


class Workspace:
    """The use cases over one store. ``clock`` gives the current UTC time (fixed in tests); every
    group reads it through the workspace, so a clock set later reaches them all. ``mail`` gives
    the SMTP server to send through (read at each send, so a test or a rotated password file takes
    effect at once); None: no mail is configured, and the mail use cases say so."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = utc_now,
        mail: Callable[[], MailConfig | None] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.mail = mail or (lambda: None)

    def _mail(self) -> MailConfig | None:
        return self.mail()

    def _now(self) -> datetime:
        return self.clock()

    # -- the groups ----------------------------------------------------------------------------

    @cached_property
    def reading(self) -> Reading:
        return Reading(self.store, self._now)

    @cached_property
    def registers(self) -> Register:
        return Register(self.store, self._now)

    @cached_property
    def revising(self) -> Revising:
        return Revising(self.store, self._now)

    @cached_property
    def filing(self) -> Filings:
        return Filings(self.store, self._now)

    @cached_property
    def documents(self) -> Documents:
        return Documents(self.store, self._now)

    @cached_property
    def checking(self) -> Checking:
        return Checking(self.store, self._now)

    @cached_property
    def anchoring(self) -> Anchoring:
        return Anchoring(self.store, self._now)

    @cached_property
    def invitations(self) -> Invitations:
        return Invitations(self.store, self._now)

    @cached_property
    def proposals(self) -> Proposals:
        return Proposals(self.store, self._now)

    @cached_property
    def reviews(self) -> Reviews:
        return Reviews(self.store, self._now)

    @cached_property
    def evidence(self) -> Evidence:
        return Evidence(self.store, self._now)

    @cached_property
    def bulletins(self) -> Bulletins:
        return Bulletins(self.store, self._now)

    @cached_property
    def retention(self) -> Retention:
        return Retention(self.store, self._now)

    @cached_property
    def edpb(self) -> EdpbTemplate:
        return EdpbTemplate(self.store, self._now)

    @cached_property
    def reminders(self) -> Reminders:
        return Reminders(self.store, self._now, self._mail)

    @cached_property
    def notices(self) -> Notices:
        return Notices(self.store, self._now, self._mail)

    @cached_property
    def calendar(self) -> Calendar:
        return Calendar(self.store, self._now)

    # -- reading -------------------------------------------------------------------------------

    def incident(self, ref: str, *, actor: Actor | None = None) -> Incident:
        return self.reading.incident(ref, actor=actor)

    def filings(self, ref: str, *, actor: Actor | None = None) -> list[Filing]:
        return self.reading.filings(ref, actor=actor)

    def history(self, ref: str, *, actor: Actor | None = None) -> list[HistoryEntry]:
        return self.reading.history(ref, actor=actor)

    def export(self, ref: str, *, actor: Actor | None = None) -> dict[str, Any]:
        return self.reading.export(ref, actor=actor)

    def assessment(self, ref: str, *, actor: Actor | None = None) -> Assessment:
        return self.reading.assessment(ref, actor=actor)

    def clocks(
        self, ref: str, *, now: datetime | None = None, actor: Actor | None = None
    ) -> list[Clock]:
        return self.reading.clocks(ref, now=now, actor=actor)

    def register(self) -> list[RegisterRow]:
        return self.registers.register()

    def register_for(self, actor: Actor) -> list[RegisterRow]:
        return self.registers.register_for(actor)

    def register_file(self, *, fmt: str, lang: str = "sv", actor: Actor | None = None) -> bytes:
        return self.registers.register_file(fmt=fmt, lang=lang, actor=actor)

    # -- changing ------------------------------------------------------------------------------

    def open_incident(
        self,
        *,
        actor: Actor,
        changes: Mapping[str, Any],
        at: datetime | None = None,
        source: str = "opened",
    ) -> Incident:
        return self.revising.open_incident(actor=actor, changes=changes, at=at, source=source)

    def import_facts(self, *, actor: Actor, data: str | bytes | dict[str, Any]) -> Incident:
        return self.revising.import_facts(actor=actor, data=data)

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
        return self.revising.revise(
            actor=actor,
            ref=ref,
            changes=changes,
            expected_version=expected_version,
            reason=reason,
            at=at,
            kind=kind,
        )

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
        return self.revising.decide(
            actor=actor,
            ref=ref,
            outcome=outcome,
            reason=reason,
            expected_version=expected_version,
            at=at,
        )

    def shred(
        self, *, ref: str, actor: Actor, reason: str, at: datetime | None = None
    ) -> Tombstone:
        """Crypto-shred the incident (DPO or administrator): see ``Retention.shred``."""
        return self.retention.shred(ref=ref, actor=actor, reason=reason, at=at)

    # -- filing --------------------------------------------------------------------------------

    def filing_check(
        self,
        *,
        actor: Actor,
        ref: str,
        kind: FilingKind | ReportType | str,
        submitted_at: datetime | None = None,
        final: bool = False,
        case_number: str | None = None,
        delay_reasons: str | None = None,
        recipient: str = IMY,
    ) -> FilingCheckResult:
        return self.filing.filing_check(
            actor=actor,
            ref=ref,
            kind=kind,
            submitted_at=submitted_at,
            final=final,
            case_number=case_number,
            delay_reasons=delay_reasons,
            recipient=recipient,
        )

    def file(
        self,
        *,
        actor: Actor,
        ref: str,
        kind: FilingKind | ReportType | str,
        case_number: str | None = None,
        at: datetime | None = None,
        submitted_at: datetime | None = None,
        final: bool = False,
        delay_reasons: str | None = None,
        recipient: str = IMY,
    ) -> Filing:
        """File with ``recipient`` (IMY unless told): see ``Filings.file``."""
        return self.filing.file(
            actor=actor,
            ref=ref,
            kind=kind,
            case_number=case_number,
            at=at,
            submitted_at=submitted_at,
            final=final,
            delay_reasons=delay_reasons,
            recipient=recipient,
        )

    def record_case_number(
        self,
        *,
        actor: Actor,
        ref: str,
        case_number: str,
        seq: int | None = None,
        at: datetime | None = None,
        recipient: str | None = None,
    ) -> Filing:
        return self.filing.record_case_number(
            actor=actor, ref=ref, case_number=case_number, seq=seq, at=at, recipient=recipient
        )

    # -- documents and checking ----------------------------------------------------------------

    def render(
        self,
        *,
        ref: str,
        document: str | None = None,
        lang: str = "sv",
        fmt: str = "html",
        filing_seq: int | None = None,
        actor: Actor | None = None,
    ) -> bytes:
        return self.documents.render(
            ref=ref, document=document, lang=lang, fmt=fmt, filing_seq=filing_seq, actor=actor
        )

    def download(
        self,
        *,
        ref: str,
        document: str | None = None,
        lang: str = "sv",
        fmt: str = "html",
        filing_seq: int | None = None,
        actor: Actor,
        at: datetime | None = None,
    ) -> bytes:
        return self.documents.download(
            ref=ref,
            document=document,
            lang=lang,
            fmt=fmt,
            filing_seq=filing_seq,
            actor=actor,
            at=at,
        )

    def verify(self, *, actor: Actor | None = None) -> VerifyReport:
        return self.checking.verify(actor=actor)
