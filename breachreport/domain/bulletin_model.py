"""The supplier bulletin as a model: what a processor says about its incident, once, to many
controllers, versioned (bulletin 1, 2, 3 ...) and, once signed, split so that each customer holds
only its own part.

The answers use the facts' own field types and choices, so that what a bulletin proposes is what
the facts accept. ``bulletin`` builds on this model (schema, canonical bytes, the views and the
changes a part proposes); ``bulletin_example`` holds the worked example. Pure: no I/O.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .choices import BreachKind, BreachType, Cause, DataCategory, SubjectCategory
from .fields import (
    COUNT_MAX,
    Count,
    Email,
    Instant,
    LongText,
    Name,
    OrgNumber,
    Phone,
    ShortText,
    _instant,
    _org_number,
    _time_input,
)
from .labels import Text
from .problems import rule_error

BULLETIN_FORMAT = "breachreport-bulletin/1"
SIGNED_FORMAT = "breachreport-signed-bulletin/1"
# A supplier with more customers than this sends more than one bulletin.
MAX_CUSTOMERS = 10_000
MAX_LIST = 100

# Required here, where the facts' own types allow "not answered".
RequiredOrgNumber = Annotated[str, AfterValidator(_org_number)]
RequiredInstant = Annotated[datetime, BeforeValidator(_time_input), AfterValidator(_instant)]

Exfiltration = Literal["confirmed", "likely", "not_found", "unknown"]
EXFILTRATION_HELP = (
    "confirmed: data were taken out; likely: it is suspected, not confirmed; not_found: logs or "
    "forensic work rule it out; unknown: not yet known."
)


def _unique(values: list) -> list:
    return list(dict.fromkeys(values))


def _listed(description: str):
    return Field(default_factory=list, description=description, max_length=MAX_LIST)


class BulletinSupplier(BaseModel):
    """The processor that writes and signs the bulletin, and whom its customers may call."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    org_number: OrgNumber = None
    contact_name: ShortText = None
    contact_email: Email = None
    contact_phone: Phone = None


class BulletinIncident(BaseModel):
    """What happened at the supplier, the same for every customer."""

    model_config = ConfigDict(extra="forbid")

    summary: LongText = None
    occurred_from: Instant = None
    occurred_to: Instant = None
    discovered_at: Instant = None
    aware_at: Instant = Field(default=None, description="When the supplier itself became aware.")
    ongoing: bool | None = None
    ended_at: Instant = None
    breach_type: BreachType | None = None
    cause: Cause | None = None
    kinds: Annotated[list[BreachKind], AfterValidator(_unique)] = _listed(
        "Confidentiality, integrity, availability."
    )
    systems: Annotated[list[Name], AfterValidator(_unique)] = _listed(
        "The supplier's systems or modules that were hit."
    )
    services: Annotated[list[Name], AfterValidator(_unique)] = _listed(
        "The services the customers use that were affected."
    )
    exfiltration: Exfiltration = Field(default="unknown", description=EXFILTRATION_HELP)
    published_at: Instant = Field(
        default=None, description="When the attackers published the data, if they did."
    )
    measures: LongText = None
    restoration: LongText = None
    restored_at: Instant = None
    police_report: ShortText = Field(default=None, description="The police report's reference.")

    @model_validator(mode="after")
    def _consistent(self) -> BulletinIncident:
        if self.ongoing is True and self.ended_at is not None:
            raise rule_error("bulletin_ongoing_ended")
        first, last = self.occurred_from, self.occurred_to
        if first is not None and last is not None and first > last:
            raise rule_error("bulletin_ends_before_start")
        if self.published_at is not None and self.exfiltration != "confirmed":
            raise rule_error("bulletin_published_not_exfiltrated")
        confidentiality = not self.kinds or BreachKind.CONFIDENTIALITY in self.kinds
        if self.exfiltration == "confirmed" and not confidentiality:
            raise rule_error("bulletin_exfiltration_not_confidentiality")
        return self


class CustomerPart(BaseModel):
    """What the supplier knows about one customer: only that customer ever sees it."""

    model_config = ConfigDict(extra="forbid")

    org_number: RequiredOrgNumber
    name: Name
    systems: Annotated[list[Name], AfterValidator(_unique)] = _listed(
        "Which of the supplier's systems or modules this customer used."
    )
    data_categories: Annotated[list[DataCategory], AfterValidator(_unique)] = _listed(
        "The kinds of this customer's personal data affected."
    )
    subject_categories: Annotated[list[SubjectCategory], AfterValidator(_unique)] = _listed(
        "The groups of this customer's data subjects affected."
    )
    subjects_count: Count | None = None
    protected_identities: int | None = Field(
        default=None,
        ge=0,
        le=COUNT_MAX,
        description="How many of them have protected personal data (skyddade personuppgifter).",
    )
    notes: LongText = None

    @model_validator(mode="after")
    def _within_count(self) -> CustomerPart:
        count, protected = self.subjects_count, self.protected_identities
        if count is not None and protected is not None and protected > count.value:
            raise rule_error("bulletin_protected_over_count")
        return self


class Bulletin(BaseModel):
    """One version of a supplier's statement about one incident."""

    model_config = ConfigDict(extra="forbid", title="breachreport supplier bulletin")

    format: Literal["breachreport-bulletin/1"] = BULLETIN_FORMAT
    supplier: BulletinSupplier
    bulletin_id: Name = Field(
        description="The supplier's own incident id, the same in every version."
    )
    version: int = Field(ge=1, le=10_000)
    issued_at: RequiredInstant
    changes: LongText = Field(
        default=None, description="What changed since the previous version (from version 2)."
    )
    incident: BulletinIncident = Field(default_factory=BulletinIncident)
    customers: list[CustomerPart] = Field(min_length=1, max_length=MAX_CUSTOMERS)

    @model_validator(mode="after")
    def _versioned(self) -> Bulletin:
        if self.version >= 2 and not self.changes:
            raise rule_error("bulletin_changes_missing")
        numbers = [part.org_number for part in self.customers]
        if len(set(numbers)) != len(numbers):
            raise rule_error("bulletin_customer_twice")
        return self


# The labels of a bulletin's fields, for the differences between two versions.
LABELS: dict[str, Text] = {
    "supplier.name": Text("Leverantörens namn", "Supplier's name"),
    "supplier.org_number": Text("Leverantörens organisationsnummer", "Supplier's org number"),
    "supplier.contact_name": Text("Leverantörens kontaktperson", "Supplier's contact person"),
    "supplier.contact_email": Text("Leverantörens e-post", "Supplier's email"),
    "supplier.contact_phone": Text("Leverantörens telefon", "Supplier's phone"),
    "incident.summary": Text("Vad har hänt?", "What happened?"),
    "incident.occurred_from": Text("När inträffade incidenten?", "When did it happen?"),
    "incident.occurred_to": Text("Periodens slut", "End of the period"),
    "incident.discovered_at": Text("När upptäcktes incidenten?", "When was it discovered?"),
    "incident.aware_at": Text("Leverantörens kännedom", "When the supplier became aware"),
    "incident.ongoing": Text("Pågår incidenten?", "Is it ongoing?"),
    "incident.ended_at": Text("När upphörde incidenten?", "When did it end?"),
    "incident.breach_type": Text("Typ av incident", "Type of breach"),
    "incident.cause": Text("Orsak", "Cause"),
    "incident.kinds": Text("Påverkan", "Kind of breach"),
    "incident.systems": Text("Drabbade system", "Systems hit"),
    "incident.services": Text("Drabbade tjänster", "Services affected"),
    "incident.exfiltration": Text("Har uppgifter förts ut?", "Were data taken out?"),
    "incident.published_at": Text("När publicerades uppgifterna?", "When were the data published?"),
    "incident.measures": Text("Leverantörens åtgärder", "The supplier's measures"),
    "incident.restoration": Text("Återställning", "Restoration"),
    "incident.restored_at": Text(
        "När återställdes tjänsterna?", "When were the services restored?"
    ),
    "incident.police_report": Text("Polisanmälan", "Police report"),
    "customer.name": Text("Ert namn i bulletinen", "Your name in the bulletin"),
    "customer.systems": Text("Era system hos leverantören", "Your systems at the supplier"),
    "customer.data_categories": Text("Era drabbade uppgifter", "Your data affected"),
    "customer.subject_categories": Text("Era drabbade grupper", "Your groups of people affected"),
    "customer.subjects_count": Text("Antal berörda personer", "Number of people affected"),
    "customer.protected_identities": Text(
        "Varav med skyddade personuppgifter", "Of whom with protected identity"
    ),
    "customer.notes": Text("Leverantörens anteckning till er", "The supplier's note to you"),
}
