"""Evidence: files attached to an incident (a forensic report, IMY's receipt, a police report),
sealed with the incident's data key and listed with their SHA-256.

Accepts only the kinds in ``domain.file_types``, recognised by their content, up to MAX_BYTES. A
supplier contact sees and downloads only what they attached; every upload and download is an
event in the incident's history.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.file_types import ACCEPTED, accepted_extensions, sniff
from ..domain.status import Role
from ..domain.text_rules import is_plain_line
from ..errors import InputError, IntegrityError, PermissionDenied
from ..i18n import _
from ..storage import Transaction
from ..storage.records import EvidenceRecord
from .base import UseCases, actor_row, attributed_event
from .free_text import DESCRIPTION, checked_free_text
from .permissions import Actor, UseCase

MAX_BYTES = 20 * 1024 * 1024
FILENAME_MAX_LENGTH = 255
DESCRIPTION_MAX_LENGTH = 1000
_ACCEPTED_TYPES = frozenset(k.media_type for k in ACCEPTED)


@dataclass(frozen=True)
class EvidenceFile:
    """One attached file as a list shows it; the content comes only with ``download``."""

    id: str
    incident_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    description: str | None
    uploaded_at: datetime
    uploaded_by: str
    uploader_role: Role


@dataclass(frozen=True)
class Download:
    file: EvidenceFile
    content: bytes


class Evidence(UseCases):
    """The evidence use cases (``workspace.evidence``)."""

    def upload(
        self,
        *,
        actor: Actor,
        ref: str,
        filename: str,
        content: bytes,
        media_type: str | None = None,
        description: str | None = None,
        at: datetime | None = None,
    ) -> EvidenceFile:
        """Attach a file. Its kind is judged from its content and must agree with its name (and
        with ``media_type``, when the sender declared a specific one)."""
        filename = _filename(filename)
        kind = _kind(content, filename, media_type)
        description = _description(description)
        at = at or self.clock()
        with self.store.transaction() as tx:
            grant = self.allow(tx, actor, UseCase.UPLOAD_EVIDENCE, ref)
            assert grant is not None
            record = tx.incidents.load(ref, lock=True)
            uploader_id = actor_row(tx, actor, name=grant.name)
            made = tx.evidence.add(
                incident_id=record.id,
                uploaded_at=at,
                uploader_id=uploader_id,
                uploader_role=actor.role.value,
                invitation_id=grant.invitation.id if grant.invitation else None,
                media_type=kind,
                filename=filename,
                sha256=hashlib.sha256(content).hexdigest(),
                description=description,
                content=content,
            )
            tx.events.append(
                incident_id=record.id,
                event=attributed_event(
                    tx,
                    actor,
                    "evidence_uploaded",
                    at=at,
                    payload={"evidence_id": made.id, "media_type": kind, "size": made.size},
                    name=grant.name,
                ),
            )
            return _file(tx, made)

    def files(self, *, ref: str, actor: Actor | None = None) -> list[EvidenceFile]:
        """The incident's evidence, oldest first; a supplier contact's own uploads only."""
        with self.store.transaction(write=False) as tx:
            grant = self.allow(tx, actor, UseCase.DOWNLOAD_EVIDENCE, ref)
            record = tx.incidents.load(ref)
            mine = grant.invitation.id if grant and grant.invitation else None
            return [
                _file(tx, found)
                for found in tx.evidence.for_incident(record.id)
                if mine is None or found.invitation_id == mine
            ]

    def download(self, *, actor: Actor, evidence_id: str, at: datetime | None = None) -> Download:
        """A file's content for someone who may read the incident (a supplier contact: only what
        they attached); the download is recorded in the incident's history."""
        at = at or self.clock()
        with self.store.transaction() as tx:
            found = tx.evidence.get(evidence_id)
            grant = self.allow(tx, actor, UseCase.DOWNLOAD_EVIDENCE, found.incident_id)
            assert grant is not None
            if grant.invitation is not None and found.invitation_id != grant.invitation.id:
                raise PermissionDenied(
                    _("A supplier contact can download only the files they attached themselves.")
                )
            content = tx.evidence.content(found.id)
            if not hmac.compare_digest(hashlib.sha256(content).hexdigest(), found.sha256):
                raise IntegrityError(
                    _(
                        "Evidence {id} does not match its recorded hash; run breachreport verify.",
                        id=found.id,
                    )
                )
            tx.events.append(
                incident_id=found.incident_id,
                event=attributed_event(
                    tx,
                    actor,
                    "evidence_downloaded",
                    at=at,
                    payload={"evidence_id": found.id},
                    name=grant.name,
                ),
            )
            return Download(_file(tx, found), content)


def _file(tx: Transaction, found: EvidenceRecord) -> EvidenceFile:
    return EvidenceFile(
        id=found.id,
        incident_id=found.incident_id,
        filename=found.filename,
        media_type=found.media_type,
        size=found.size,
        sha256=found.sha256,
        description=found.description,
        uploaded_at=found.uploaded_at,
        uploaded_by=tx.actors.get(found.uploader_id).name,
        uploader_role=Role(found.uploader_role),
    )


def _filename(value: Any) -> str:
    if not isinstance(value, str):
        raise InputError(_("Give the file's name."))
    # Only the last part: a browser or a script may send a whole path.
    name = unicodedata.normalize("NFC", value.replace("\\", "/").rsplit("/", 1)[-1].strip())
    if not name or name in {".", ".."}:
        raise InputError(_("Give the file's name."))
    if len(name) > FILENAME_MAX_LENGTH:
        raise InputError(
            _(
                "The file name is too long (at most {limit} characters).",
                limit=FILENAME_MAX_LENGTH,
            )
        )
    if not is_plain_line(name):
        raise InputError(_("The file name must not contain control characters."))
    return name


def _kind(content: Any, filename: str, declared: str | None) -> str:
    if not isinstance(content, bytes):
        raise TypeError("content must be bytes")
    if not content:
        raise InputError(
            _("{filename} is empty; attach the file with its content.", filename=filename)
        )
    if len(content) > MAX_BYTES:
        raise InputError(
            _(
                "{filename} is larger than {megabytes} MB; attach a smaller file or split it.",
                filename=filename,
                megabytes=MAX_BYTES // (1024 * 1024),
            )
        )
    kind = sniff(content, filename)
    if kind is None:
        names = ", ".join(k.key.upper() for k in ACCEPTED)
        raise InputError(
            _(
                "{filename} cannot be attached: evidence must be one of {names}, and the name "
                "must end as its content is ({extensions}).",
                filename=filename,
                names=names,
                extensions=", ".join(accepted_extensions()),
            )
        )
    # A browser names a type from the file's extension alone, and some systems name oddly (a CSV
    # file as application/vnd.ms-excel): only a declared accepted kind is held against the content.
    stated = (declared or "").split(";", 1)[0].strip().lower()
    if stated in _ACCEPTED_TYPES and stated != kind.media_type:
        raise InputError(
            _(
                "{filename} was sent as {stated}, but its content is {kind}; check that it is the "
                "file you meant.",
                filename=filename,
                stated=stated,
                kind=kind.label,
            )
        )
    return kind.media_type


def _description(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(_("The description must be text."))
    value = unicodedata.normalize("NFC", value.strip())
    if len(value) > DESCRIPTION_MAX_LENGTH:
        raise InputError(
            _(
                "The description is too long (at most {limit} characters).",
                limit=DESCRIPTION_MAX_LENGTH,
            )
        )
    return checked_free_text(value, DESCRIPTION) if value else None
