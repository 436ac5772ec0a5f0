"""Suppliers' signed bulletins on the controller's side (``workspace.bulletins``): register a
supplier's public key, and take in a bulletin file, verified, as a proposal the DPO reviews field by
field.

An import is one transaction: the signature is checked against the registered keys and the
organisation profile's org number, a version not newer than one already imported is refused, and
only then are the incident (new, or the one chosen, or the one the bulletin's earlier versions went
to), the proposal (attributed to the supplier and the bulletin version) and the import row written.
A refusal writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..crypto.bulletin_signing import (
    BulletinInvalid,
    BulletinRefused,
    fingerprint,
    parse_public_key,
    public_key_text,
    verify_part,
)
from ..domain.bulletin import (
    SIGNED_FORMAT,
    Bulletin,
    Difference,
    bulletin_diff,
    canonical_json,
    labelled_problems,
    proposed_changes,
    time_problems,
)
from ..domain.changes import apply as apply_changes
from ..domain.changes import diff
from ..domain.facts import stored_facts
from ..domain.problems import rule_problem
from ..domain.status import Role
from ..domain.text_rules import is_plain_line, shows_something
from ..errors import InputError
from ..i18n import _
from ..storage import IncidentRecord, Transaction
from ..storage.records import BulletinImportRecord, SupplierRecord
from .base import UseCases, attributed_event
from .organisation import OrganisationProfile
from .permissions import Actor, UseCase
from .revising import REASON_MAX_LENGTH, open_in

NAME_MAX_LENGTH = 300


@dataclass(frozen=True)
class SupplierView:
    id: str
    name: str
    fingerprint: str
    added_at: datetime
    public_key: str = ""  # the key's line as registered (its comment left out)


@dataclass(frozen=True)
class BulletinImported:
    """What an import did: the incident (``created`` if it is new), and the proposal."""

    reference: str
    created: bool
    version: int
    supplier: str
    bulletin_id: str
    proposal_id: str | None  # None if the bulletin proposes nothing the facts do not say already
    proposed: int  # how many fields the proposal changes
    differences: list[Difference]  # against the previous imported version (none for the first)


@dataclass(frozen=True)
class BulletinImportView:
    """One bulletin version taken into an incident."""

    supplier: str
    bulletin_id: str
    version: int
    imported_at: datetime
    changes: str | None  # what the supplier says changed since the previous version
    proposal_id: str | None
    issued_at: datetime | None = None
    # What changed for this organisation against the version imported before it.
    differences: tuple[Difference, ...] = ()


class Bulletins(UseCases):
    """The controller's side of supplier bulletins."""

    # -- suppliers -----------------------------------------------------------------------------

    def add_supplier(self, *, actor: Actor, name: str, public_key: str) -> SupplierView:
        """Register a supplier and the public key it signs its bulletins with (its fingerprint is
        returned, to compare with the one the supplier gives). A key registered already is
        refused, naming the supplier it belongs to."""
        name = _name(name)
        if not isinstance(public_key, str):
            raise InputError(_("The public key must be text."))
        key = parse_public_key(public_key.strip())
        found = fingerprint(key)
        # Kept without its comment: the supplier's name is sealed, as an actor's is.
        text = public_key_text(key)
        at = self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.MANAGE_SUPPLIERS)
            known = tx.bulletins.supplier_by_fingerprint(found)
            if known is not None:
                raise InputError(
                    _(
                        "This key ({fingerprint}) is already registered, for {name}; nothing "
                        "was changed.",
                        fingerprint=found,
                        name=known.name,
                    )
                )
            actor_id = tx.actors.ensure(name=name, role=Role.SUPPLIER_CONTACT.value)
            record = tx.bulletins.add_supplier(
                name=name, public_key=text, fingerprint=found, actor_id=actor_id, added_at=at
            )
            return _supplier(record)

    def suppliers(self, *, actor: Actor | None = None) -> list[SupplierView]:
        """The registered suppliers, oldest first."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_BULLETINS)
            return [_supplier(record) for record in tx.bulletins.suppliers()]

    # -- importing -----------------------------------------------------------------------------

    def import_bulletin(
        self, *, actor: Actor, data: bytes, incident_ref: str | None = None
    ) -> BulletinImported:
        """Take in a signed bulletin file (the whole file, or this organisation's part of it).

        BulletinRefused, with nothing written, for a bad or unknown signature, a changed byte,
        a file without a part for this organisation, or a version not newer than one imported
        already. Opens a new incident from the organisation profile unless ``incident_ref`` is
        given or an earlier version of the bulletin went to one; the bulletin's facts arrive as
        a proposal by the supplier."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, bytes | bytearray):
            raise InputError(_("A bulletin file is bytes."))
        at = self.clock()
        with self.store.transaction() as tx:
            self.allow(tx, actor, UseCase.IMPORT_BULLETIN, incident_ref)
            profile = _profile(tx)
            if not profile.org_number:
                raise BulletinRefused(
                    _(
                        "The organisation profile has no org number, so no part of a bulletin "
                        "can be found for it; set it first (organisation set --org-number)."
                    )
                )
            suppliers = {s.fingerprint: s for s in tx.bulletins.suppliers()}
            keys = _usable_keys(suppliers)
            if not keys:
                raise BulletinRefused(
                    _("No supplier is registered yet; add the supplier's public key first.")
                )
            # The bulletin, its signer and the part kept are the one part the signature covers.
            verified = verify_part(bytes(data), keys, profile.org_number)
            bulletin, part = verified.bulletin, verified.part
            problems = time_problems(bulletin, at) + _reason_problems(bulletin)
            if problems:
                raise BulletinInvalid(problems)
            supplier = suppliers[verified.key_id]
            tx.bulletins.hold(supplier.id)  # two imports of one version: the second is refused
            earlier = tx.bulletins.versions(supplier.id, bulletin.bulletin_id)
            if earlier:
                said = {
                    "bulletin": bulletin.bulletin_id,
                    "version": bulletin.version,
                    "supplier": supplier.name,
                    "seen": earlier[0].version,
                }
                if bulletin.version <= earlier[0].version:
                    raise BulletinRefused(
                        _(
                            "Bulletin {bulletin} version {version} from {supplier} is not newer "
                            "than version {seen}, imported already; nothing was changed.",
                            **said,
                        )
                    )
                if bulletin.issued_at < _bulletin(earlier[0]).issued_at:
                    raise BulletinRefused(
                        _(
                            "Bulletin {bulletin} version {version} from {supplier} says it was "
                            "issued before version {seen}, imported already; nothing was changed.",
                            **said,
                        )
                    )
            created = False
            if incident_ref is not None:
                record = tx.incidents.load(incident_ref, lock=True)
            elif earlier:
                record = tx.incidents.load(earlier[0].incident_id, lock=True)
            else:
                self.allow(tx, actor, UseCase.OPEN_INCIDENT)
                record = self._open(tx, actor, profile, at)
                created = True
            source = {
                "supplier": supplier.name,
                "supplier_id": supplier.id,
                "bulletin_id": bulletin.bulletin_id,
                "version": bulletin.version,
                "digest": hashlib.sha256(canonical_json(part["bulletin"])).hexdigest(),
            }
            # The supplier told this organisation with the first version it sent here.
            first = _bulletin(earlier[-1]) if earlier else bulletin
            proposal_id, proposed = self._propose(
                tx, record, supplier, bulletin, profile.org_number, source, at, first.issued_at
            )
            tx.bulletins.record_import(
                incident_id=record.id,
                supplier_id=supplier.id,
                bulletin_id=bulletin.bulletin_id,
                version=bulletin.version,
                digest=source["digest"],
                imported_at=at,
                proposal_id=proposal_id,
                content=_signed_file(part),
            )
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "bulletin_imported",
                    at=at,
                    payload={"bulletin": source, "proposal_id": proposal_id},
                ),
            )
            previous = _bulletin(earlier[0]) if earlier else None
            return BulletinImported(
                reference=record.reference,
                created=created,
                version=bulletin.version,
                supplier=supplier.name,
                bulletin_id=bulletin.bulletin_id,
                proposal_id=proposal_id,
                proposed=proposed,
                differences=(
                    list(bulletin_diff(previous, bulletin, profile.org_number)) if previous else []
                ),
            )

    def _open(
        self, tx: Transaction, actor: Actor, profile: OrganisationProfile, at: datetime
    ) -> IncidentRecord:
        """A new incident holding the organisation profile's answers (the bulletin's come as the
        proposal), opened by the one who imports it."""
        return open_in(tx, actor, profile.as_changes(), at=at, source="bulletin", now=self.clock())

    def _propose(
        self,
        tx: Transaction,
        record: IncidentRecord,
        supplier: SupplierRecord,
        bulletin: Bulletin,
        org_number: str,
        source: dict[str, Any],
        at: datetime,
        notified_at: datetime,
    ) -> tuple[str | None, int]:
        """The bulletin's facts for this organisation as a pending proposal by the supplier's
        actor: (its id, how many fields), or (None, 0) if the facts say all of it already."""
        current = stored_facts(record.facts)
        wanted = proposed_changes(bulletin, org_number, current=current, notified_at=notified_at)
        delta = diff(current, apply_changes(current, wanted, now=self.clock()))
        if not delta:
            return None, 0
        made = tx.proposals.create(
            incident_id=record.id,
            invitation_id=None,
            author_id=supplier.actor_id,
            created_at=at,
            base_version=record.version,
            changes={path: new for path, (_old, new) in delta.items()},
            base={path: old for path, (old, _new) in delta.items()},
            comment=bulletin.changes or None,
        )
        author = Actor(name=supplier.name, role=Role.SUPPLIER_CONTACT)
        payload: dict[str, Any] = {"proposal_id": made.id, "changes": delta, "bulletin": source}
        if bulletin.changes:
            payload["reason"] = bulletin.changes
        tx.events.append(
            incident_id=record.id,
            event=attributed_event(
                tx, author, "proposed", at=at, fields=sorted(delta), payload=payload
            ),
        )
        return made.id, len(delta)

    # -- reading -------------------------------------------------------------------------------

    def imports(self, *, ref: str, actor: Actor | None = None) -> list[BulletinImportView]:
        """The bulletin versions taken into the incident, in the order they came."""
        with self.store.transaction(write=False) as tx:
            self.allow(tx, actor, UseCase.READ_BULLETINS, ref)
            record = tx.incidents.load(ref)
            org_number = _profile(tx).org_number
            return [_view(tx, found, org_number) for found in tx.bulletins.for_incident(record.id)]

    def proposal_source(
        self, proposal_id: str, *, actor: Actor | None = None
    ) -> BulletinImportView | None:
        """The bulletin version a proposal came in, with what changed against the version before
        it; None for a proposal made through an invitation."""
        with self.store.transaction(write=False) as tx:
            found = tx.bulletins.by_proposal(proposal_id)
            if found is None:
                return None
            self.allow(tx, actor, UseCase.READ_BULLETINS, found.incident_id)
            return _view(tx, found, _profile(tx).org_number)


# -- helpers ---------------------------------------------------------------------------------------


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(_("Give the supplier's name."))
    value = unicodedata.normalize("NFC", value.strip())
    if len(value) > NAME_MAX_LENGTH:
        raise InputError(
            _(
                "The supplier's name is too long (at most {limit} characters).",
                limit=NAME_MAX_LENGTH,
            )
        )
    # The name is how the supplier's proposals, the history and 'supplier list' name it: the
    # rules of a person's name (one plain line that shows something).
    if not is_plain_line(value):
        raise InputError(
            _("The supplier's name must not contain control characters or line breaks.")
        )
    if not shows_something(value):
        raise InputError(_("Give the supplier's name."))
    return value


def _usable_keys(suppliers: dict[str, SupplierRecord]) -> dict[str, Any]:
    """Fingerprint -> key of each registered supplier whose key is still taken: one registered
    before keys of small order were refused is no key (anyone could sign with it), so nothing it
    "signed" verifies, and the other suppliers' bulletins are taken in as before."""
    keys = {}
    for found, supplier in suppliers.items():
        try:
            keys[found] = parse_public_key(supplier.public_key)
        except InputError:
            continue
    return keys


def _reason_problems(bulletin: Bulletin) -> list:
    """What the bulletin says changed becomes the proposal's comment and, once the DPO accepts
    it, the revision's reason: it must fit a reason, or the proposal could never be accepted."""
    if bulletin.changes is not None and len(bulletin.changes) > REASON_MAX_LENGTH:
        problem = rule_problem("changes", "text_too_long", max_length=REASON_MAX_LENGTH)
        return labelled_problems([problem])
    return []


def _supplier(record: SupplierRecord) -> SupplierView:
    return SupplierView(
        id=record.id,
        name=record.name,
        fingerprint=record.fingerprint,
        added_at=record.added_at,
        public_key=record.public_key,
    )


def _profile(tx: Transaction) -> OrganisationProfile:
    saved = tx.organisation.profile() or {}
    try:
        return OrganisationProfile.model_validate(saved, context={"stored": True})
    except ValueError:
        org_number = saved.get("org_number")
        return OrganisationProfile.model_validate(
            {"org_number": org_number} if isinstance(org_number, str) else {},
            context={"stored": True},
        )


def _signed_file(part: dict[str, Any]) -> bytes:
    """This organisation's part as a signed file of its own (what ``split`` writes)."""
    signed = {"format": SIGNED_FORMAT, "parts": [part]}
    return json.dumps(signed, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _bulletin(found: BulletinImportRecord) -> Bulletin:
    return Bulletin.model_validate(json.loads(found.content)["parts"][0]["bulletin"])


def _view(
    tx: Transaction, found: BulletinImportRecord, org_number: str | None
) -> BulletinImportView:
    bulletin = _bulletin(found)
    differences: tuple[Difference, ...] = ()
    before = [
        other
        for other in tx.bulletins.versions(found.supplier_id, found.bulletin_id)
        if other.version < found.version
    ]
    if before and org_number:
        differences = tuple(bulletin_diff(_bulletin(before[0]), bulletin, org_number))
    return BulletinImportView(
        supplier=tx.bulletins.supplier(found.supplier_id).name,
        bulletin_id=found.bulletin_id,
        version=found.version,
        imported_at=found.imported_at,
        changes=bulletin.changes,
        proposal_id=found.proposal_id,
        issued_at=bulletin.issued_at,
        differences=differences,
    )
