"""The register of personal data breaches (Art. 33(5)): every incident, notified or not, as the
actor may see it, and the register as a CSV or Excel file. Shredded incidents stay as tombstones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..domain.choices import FilingKind
from ..domain.facts import Facts, stored_facts
from ..domain.status import Role
from ..errors import InputError, IntegrityError
from ..i18n import _
from ..storage import IncidentSummary, Store, Transaction
from .base import UseCases
from .permissions import Actor, UseCase, assigned_incidents
from .retention import tombstones
from .views import RegisterRow, in_register_order, register_row

LANGS = ("sv", "en")
REGISTER_FORMATS = ("csv", "xlsx")


class Register(UseCases):
    """The register use cases (``workspace.register()``, ``register_for``, ``register_file``)."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        super().__init__(store, clock)
        # The register line made from each storage row, by incident: storage hands back the very
        # same row object for an incident whose stored bytes did not change since the last
        # listing, so its line is reused instead of mapped again (memory only, never on disk).
        self._lines: dict[str, tuple[IncidentSummary, RegisterRow]] = {}

    def register(self) -> list[RegisterRow]:
        """Every incident, shredded ones as tombstones: the local operator's view (see
        ``register_for``)."""
        with self.store.transaction(write=False) as tx:
            return self._rows(tx, None)

    def register_for(self, actor: Actor) -> list[RegisterRow]:
        """The register as ``actor`` may see it: all of it, or a legal reviewer's assigned
        incidents only."""
        with self.store.transaction(write=False) as tx:
            return self._rows(tx, actor)

    def register_file(self, *, fmt: str, lang: str = "sv", actor: Actor | None = None) -> bytes:
        """The register (Art. 33(5)) as a CSV or Excel file: every incident ``actor`` may see,
        notified or not, with the decision, who made it and why; shredded ones as tombstones.
        The lines and the facts behind them come from one read."""
        if fmt not in REGISTER_FORMATS:
            raise InputError(
                _(
                    "The register comes as {formats}, not '{fmt}'.",
                    formats=" or ".join(REGISTER_FORMATS),
                    fmt=fmt,
                )
            )
        if lang not in LANGS:
            raise InputError(_("Unknown language '{lang}'; choose sv or en.", lang=lang))
        facts: dict[str, Facts] = {}
        with self.store.transaction(write=False) as tx:
            rows = self._rows(tx, actor)
            for row in rows:
                if row.shredded_at is not None or row.damaged:
                    continue
                try:
                    facts[row.id] = stored_facts(tx.incidents.load(row.id).facts)
                except IntegrityError:  # listed without its extra columns; verify names it
                    continue
        # Imported here: openpyxl takes a quarter of a second, and only the register needs it.
        from ..documents.register_export import register_csv, register_xlsx

        write = register_csv if fmt == "csv" else register_xlsx
        return write(rows, lang, facts=facts)

    def _rows(self, tx: Transaction, actor: Actor | None) -> list[RegisterRow]:
        """The lines ``actor`` may see (None: the local operator, who sees everything)."""
        if actor is not None:
            self.allow(tx, actor, UseCase.LIST_REGISTER)
        rows = tx.register.rows()
        if actor is not None and Role(actor.role) is Role.LEGAL_REVIEWER:
            assigned = assigned_incidents(tx, actor)
            listed = [self._line(row) for row in rows if row.id in assigned]
        else:
            listed = [self._line(row) for row in rows] + tombstone_rows(tx)
            self._forget_all_but({row.id for row in rows})
        return in_register_order(listed)

    def _line(self, row: IncidentSummary) -> RegisterRow:
        known = self._lines.get(row.id)
        if known is not None and known[0] is row:
            return known[1]
        line = register_row(row)
        self._lines[row.id] = (row, line)
        return line

    def _forget_all_but(self, ids: set[str]) -> None:
        """Drop the lines of incidents no longer listed (shredded), so none outlives its row."""
        for gone in self._lines.keys() - ids:
            self._lines.pop(gone, None)


def tombstone_rows(tx: Transaction) -> list[RegisterRow]:
    """The register's lines for shredded incidents: dates, filings and outcome, nothing sealed."""
    rows = []
    imy = {kind.value for kind in FilingKind}
    for stone in tombstones(tx):
        # The register's filings are the notifications to IMY; a tombstone keeps every filing's
        # kind, and the kinds of the recipients never share a key.
        filings = [f for f in stone.filings if f.kind in imy]
        case_numbers = [f.case_number for f in filings if f.case_number]
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
                filings=len(filings),
                case_number=case_numbers[0] if case_numbers else None,
                filing_kinds=tuple(f.kind for f in filings),
                filed_at=tuple(f.filed_at for f in filings),
                reported_at=tuple(f.filed_at for f in stone.filings),
                shredded_at=stone.shredded_at,
                shredded_by=stone.shredded_by,
                shred_reason=stone.reason,
            )
        )
    return rows
