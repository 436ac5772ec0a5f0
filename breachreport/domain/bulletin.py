"""Supplier bulletins: the published format and its JSON Schema, the bytes that are signed, the
view one customer may see, the facts changes a customer's part proposes, and what changed for a
customer between two versions.

The model itself is in ``bulletin_model``, the worked example in ``bulletin_example``; both are
named here, so that callers import from one place. Signing is in ``crypto.bulletin_signing``.
Pure: no I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ..errors import InputError
from ..i18n import _
from .bulletin_example import example_bulletin
from .bulletin_model import (
    BULLETIN_FORMAT,
    LABELS,
    SIGNED_FORMAT,
    Bulletin,
    BulletinIncident,
    BulletinSupplier,
    CustomerPart,
)
from .choices import Authority, DiscoveryMethod, ProcessorRole, SubjectCategory
from .circumstance_choices import DataContext, Exfiltration, Misuse, MisuseKind, Recipients
from .facts import Facts
from .fields import SHORT_TEXT_MAX, _org_number
from .labels import Text
from .problems import Problem, rule_problem

__all__ = [
    "BULLETIN_FORMAT",
    "LABELS",
    "SIGNED_FORMAT",
    "Bulletin",
    "BulletinIncident",
    "BulletinSupplier",
    "CustomerPart",
    "Difference",
    "bulletin_diff",
    "bulletin_schema",
    "canonical_bytes",
    "canonical_json",
    "customer_view",
    "example_bulletin",
    "labelled_problems",
    "normal_org_number",
    "proposed_changes",
    "signed_schema",
    "time_problems",
]

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def bulletin_schema() -> dict[str, Any]:
    """The JSON Schema of one bulletin, as ``breachreport bulletin schema`` prints it."""
    schema = Bulletin.model_json_schema()
    schema["$schema"] = SCHEMA_URL
    schema["$id"] = "https://breachreport.invalid/schema/bulletin-1.json"
    return schema


def signed_schema() -> dict[str, Any]:
    """The JSON Schema of a signed bulletin file: one signed part per customer."""
    bulletin = Bulletin.model_json_schema()
    definitions = bulletin.pop("$defs", {})
    signature = {
        "type": "object",
        "additionalProperties": False,
        "required": ["algorithm", "key", "value"],
        "properties": {
            "algorithm": {"const": "Ed25519"},
            "key": {
                "type": "string",
                "pattern": "^SHA256:[A-Za-z0-9+/]{43}$",
                "description": "The fingerprint of the supplier's public key, as SSH shows it.",
            },
            "value": {
                "type": "string",
                "pattern": "^[A-Za-z0-9+/]{86}==$",
                "description": "The Ed25519 signature (base64) over the part's canonical bytes.",
            },
        },
    }
    part = {
        "type": "object",
        "additionalProperties": False,
        "required": ["bulletin", "signature"],
        "properties": {
            "bulletin": {"$ref": "#/$defs/Bulletin"},
            "signature": signature,
        },
    }
    return {
        "$schema": SCHEMA_URL,
        "$id": "https://breachreport.invalid/schema/signed-bulletin-1.json",
        "title": "breachreport signed supplier bulletin",
        "description": "Each part is one customer's view of the bulletin, signed on its own: "
        "the canonical bytes are the part's bulletin as JSON with sorted keys, no spaces, UTF-8.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "parts"],
        "properties": {
            "format": {"const": SIGNED_FORMAT},
            "parts": {"type": "array", "minItems": 1, "items": part},
        },
        "$defs": {**definitions, "Bulletin": bulletin},
    }


def canonical_json(value: Any) -> bytes:
    """JSON with sorted keys, compact separators and UTF-8: one value, one byte string."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def canonical_bytes(bulletin: Bulletin) -> bytes:
    """What is signed: the bulletin's JSON in canonical form."""
    return canonical_json(bulletin.model_dump(mode="json"))


def normal_org_number(org_number: str) -> str:
    """An org number as the facts write it (556900-1234); InputError if it is not one."""
    try:
        return _org_number(str(org_number))
    except ValueError:
        raise InputError(
            _("{org_number} is not an organisation number.", org_number=org_number)
        ) from None


def _part(bulletin: Bulletin, org_number: str) -> CustomerPart:
    wanted = normal_org_number(org_number)
    for part in bulletin.customers:
        if part.org_number == wanted:
            return part
    raise InputError(
        _("The bulletin holds no part for organisation {org_number}.", org_number=wanted)
    )


def customer_view(bulletin: Bulletin, org_number: str) -> Bulletin:
    """The bulletin as one customer may see it: the shared facts and its own part only."""
    return bulletin.model_copy(update={"customers": [_part(bulletin, org_number)]})


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _short(text: str) -> str:
    return text if len(text) <= SHORT_TEXT_MAX else text[: SHORT_TEXT_MAX - 1] + "…"


# The bulletin's exfiltration status as the circumstances answer it ("unknown" proposes nothing).
_EXFILTRATION = {
    "confirmed": Exfiltration.CONFIRMED.value,
    "likely": Exfiltration.SUSPECTED.value,
    "not_found": Exfiltration.RULED_OUT.value,
}


def proposed_changes(
    bulletin: Bulletin,
    org_number: str,
    *,
    current: Facts | None = None,
    notified_at: datetime | None = None,
) -> dict[str, Any]:
    """The facts changes ("section.question" -> JSON value) this customer's part proposes for its
    incident: only what the bulletin says, and only this customer's numbers.

    ``current`` (the incident's facts, when the part is for an existing incident) keeps the
    processors and reports the DPO has entered beside the supplier's. ``notified_at`` is when the
    supplier first told this customer; bulletin 1's own issue time when not given."""
    part = _part(bulletin, org_number)
    incident = bulletin.incident
    if notified_at is None and bulletin.version == 1:
        notified_at = bulletin.issued_at
    changes: dict[str, Any] = {}

    def put(path: str, value: Any) -> None:
        if value is not None and value != [] and value != "":
            changes[path] = value

    put("times.occurred_from", _time(incident.occurred_from))
    put("times.occurred_to", _time(incident.occurred_to))
    put("times.ongoing", incident.ongoing)
    put("times.ended_at", _time(incident.ended_at))
    put("times.discovered_at", _time(incident.discovered_at))
    put("times.discovery", DiscoveryMethod.PROCESSOR.value)
    put("description.summary", incident.summary)
    put("description.breach_type", incident.breach_type and incident.breach_type.value)
    put("description.cause", incident.cause and incident.cause.value)
    put("description.kinds", [kind.value for kind in incident.kinds])
    put("description.processors", _processors(bulletin, part, current, notified_at))
    put("description.investigation", part.notes)
    put("data.data_categories", [category.value for category in part.data_categories])
    groups = list(part.subject_categories)
    if part.protected_identities and SubjectCategory.PROTECTED_IDENTITY not in groups:
        groups.append(SubjectCategory.PROTECTED_IDENTITY)
    order = list(SubjectCategory)
    put("data.subject_categories", [group.value for group in sorted(groups, key=order.index)])
    put("data.subjects_count", part.subjects_count and part.subjects_count.model_dump(mode="json"))
    taken = "\n\n".join(text for text in (incident.measures, incident.restoration) if text)
    put("measures.taken", taken)
    put("circumstances.exfiltration", _EXFILTRATION.get(incident.exfiltration))
    if incident.published_at is not None:
        put("circumstances.recipients", Recipients.PUBLISHED.value)
        put("circumstances.misuse", Misuse.CONFIRMED.value)
        put("circumstances.misuse_kinds", [MisuseKind.PUBLICATION.value])
    if part.protected_identities:
        put("circumstances.data_context", DataContext.SAFETY.value)
    put("cyber.supplier_origin", True)
    if (incident.cause is not None and incident.cause.malicious) or incident.police_report:
        put("cyber.suspected_crime", True)
    put("cyber.affected_services", "\n".join([*incident.services, *part.systems]))
    put("other.reports", _reports(bulletin, current))
    return changes


def _processors(
    bulletin: Bulletin, part: CustomerPart, current: Facts | None, notified_at: datetime | None
) -> list[dict[str, Any]]:
    supplier = bulletin.supplier.name
    entry: dict[str, Any] = {"name": supplier, "role": ProcessorRole.PROCESSOR.value}
    if part.systems:
        entry["system"] = _short(", ".join(part.systems))
    if bulletin.incident.aware_at is not None:
        entry["aware_at"] = _time(bulletin.incident.aware_at)
    if notified_at is not None:
        entry["notified_controller_at"] = _time(notified_at)
    known = current.description.processors if current is not None else None
    entries: list[dict[str, Any]] = []
    placed = False
    for processor in known or []:
        dumped = processor.model_dump(mode="json", exclude_none=True)
        if processor.name.casefold() == supplier.casefold() and not placed:
            dumped = {**dumped, **entry}  # keeps the contract's hours and an earlier notice
            placed = True
        entries.append(dumped)
    if not placed:
        entries.append(entry)
    return entries


def _reports(bulletin: Bulletin, current: Facts | None) -> list[dict[str, Any]] | None:
    reference = bulletin.incident.police_report
    if reference is None:
        return None
    known = current.other.reports if current is not None else None
    reports = [report.model_dump(mode="json", exclude_none=True) for report in known or []]
    for report in reports:
        if report["authority"] == Authority.POLICE.value and report.get("reference") == reference:
            return reports
    details = _short(f"Polisanmält av leverantören {bulletin.supplier.name}")
    reports.append(
        {"authority": Authority.POLICE.value, "reference": reference, "details": details}
    )
    return reports


@dataclass(frozen=True)
class Difference:
    """One answer of the bulletin that changed for a customer between two versions."""

    path: str
    label: Text
    old: Any
    new: Any


def _flat(bulletin: Bulletin, org_number: str) -> dict[str, Any]:
    view = customer_view(bulletin, org_number).model_dump(mode="json")
    flat = {f"supplier.{name}": value for name, value in view["supplier"].items()}
    flat.update({f"incident.{name}": value for name, value in view["incident"].items()})
    flat.update({f"customer.{name}": value for name, value in view["customers"][0].items()})
    return flat


def bulletin_diff(old: Bulletin | None, new: Bulletin, org_number: str) -> list[Difference]:
    """What changed for this customer from ``old`` to ``new`` (every answer, if ``old`` is None),
    in the order of the bulletin's form."""
    if old is not None and (old.bulletin_id, old.supplier.name) != (
        new.bulletin_id,
        new.supplier.name,
    ):
        raise InputError(_("The two bulletins are not versions of the same incident."))
    after = _flat(new, org_number)
    before = _flat(old, org_number) if old is not None else dict.fromkeys(after)
    empty = (None, [], "")
    return [
        Difference(path, label, before.get(path), after.get(path))
        for path, label in LABELS.items()
        if before.get(path) != after.get(path)
        and not (before.get(path) in empty and after.get(path) in empty)
    ]


# -- problems --------------------------------------------------------------------------------------

_OWN_LABELS: dict[str, Text] = {
    "format": Text("Format", "Format"),
    "bulletin_id": Text("Bulletinens id", "The bulletin's id"),
    "version": Text("Version", "Version"),
    "issued_at": Text("När bulletinen utfärdades", "When the bulletin was issued"),
    "changes": Text("Vad som har ändrats", "What changed"),
}


def labelled_problems(problems: list[Problem]) -> list[Problem]:
    """The problems with the answer's label before each (as a facts import names its question),
    for a reader with no form beside the message: ``customers.0.notes`` is "The supplier's note
    to you"."""
    found = []
    for problem in problems:
        steps = problem.path.split(".")
        if steps[0] == "customers" and len(steps) > 2:
            key = f"customer.{steps[2]}"
        else:
            key = ".".join(steps[:2])
        label = LABELS.get(key) or _OWN_LABELS.get(steps[0])
        if label is not None:
            problem = replace(
                problem, sv=f"”{label.sv}”: {problem.sv}", en=f'"{label.en}": {problem.en}'
            )
        found.append(problem)
    return found


# Clocks on different machines disagree a little; a time a few minutes ahead is not "the future"
# (the facts allow as much).
FUTURE_TOLERANCE = timedelta(minutes=5)
_START = Text("När incidenten inträffade", "When it happened")
# The bulletin's times that describe the past and cannot come before the incident began.
_TIMES: dict[str, Text] = {
    "incident.occurred_to": Text("periodens slut", "the end of the period"),
    "incident.discovered_at": Text("upptäckten", "the discovery"),
    "incident.aware_at": Text("leverantörens kännedom", "the supplier's awareness"),
    "incident.ended_at": Text("när incidenten upphörde", "when it ended"),
    "incident.published_at": Text("publiceringen", "the publication"),
    "incident.restored_at": Text("återställningen", "the restoration"),
    "issued_at": Text("bulletinens utfärdande", "the bulletin's issue"),
}


def time_problems(bulletin: Bulletin, now: datetime) -> list[Problem]:
    """The bulletin's times that lie in the future, or before the incident began: the rules a
    facts import meets, for the times a bulletin holds beside the facts (when the data were
    published, the services restored, the bulletin issued). Labelled, one per time."""
    start = bulletin.incident.occurred_from
    problems = []
    for path in ("incident.occurred_from", *_TIMES):
        holder = bulletin.incident if path.startswith("incident.") else bulletin
        value = getattr(holder, path.rsplit(".", 1)[-1])
        if value is None:
            continue
        if value > now + FUTURE_TOLERANCE:
            problems.append(rule_problem(path, "time_in_future"))
        elif start is not None and path in _TIMES and value < start:
            second = _TIMES[path]
            problems.append(
                rule_problem(
                    path,
                    "timeline_order",
                    first_sv=_START.sv,
                    first_en=_START.en,
                    second_sv=second.sv,
                    second_en=second.en,
                )
            )
    return labelled_problems(problems)
