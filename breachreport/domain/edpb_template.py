"""The EDPB's common template for Art. 33 notifications as one table keyed by field id, the JSON
Schema made from that table, and an incident's facts exported as the template's JSON.

Source: the draft the EDPB adopted on 8 June 2026 (published 10 June, consultation until
5 August 2026); no final version exists yet. The EDPB published a Word document only; the field
ids are those of an unofficial extraction (CC BY 4.0) numbering its rows 1-126, of which this
table uses the part ranges (1: 3-19, 2: 21-41, 3: 44-76, 4: 79-95, 5: 97-106, 6: 109-123,
7: 125-126). Ids within a part follow the order of the draft's questions as described in
../shared/domain/other-recipients.md and are not checked row by row against the extraction; the
EDPB may renumber after the consultation. Change ids here and only here. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import edpb_choices as E
from . import edpb_fill as F
from . import edpb_fill_data as D
from . import edpb_fill_response as R
from .choices import EU_EEA_COUNTRIES
from .facts import Facts
from .labels import Choice, Text

VERSION = "edpb-art33-template/2026-06-draft"
SOURCE = (
    "EDPB common template for personal data breach notifications under Art. 33 GDPR, draft "
    "adopted 8 June 2026 (public consultation until 5 August 2026); field ids from an unofficial "
    "extraction (CC BY 4.0) and subject to renumbering."
)
SCHEMA_ID = "https://breachreport.invalid/schema/edpb-art33-template-2026-06-draft.json"

PARTS: dict[int, Text] = {
    1: Text("Typ av anmälan och personuppgiftsansvarig", "Notification type and controller"),
    2: Text(
        "Anmälare, dataskyddsombud och andra parter", "Reporting person, DPO and other parties"
    ),
    3: Text("Första uppgifter om incidenten", "Initial information on the breach"),
    4: Text("Konsekvenser, risk och åtgärder", "Consequences, risk and measures"),
    5: Text("Information till de registrerade", "Communication to the data subjects"),
    6: Text("Andra myndigheter och gränsöverskridande", "Other authorities and cross-border"),
    7: Text("Bilagor", "Attachments"),
}
MANDATORY, CONDITIONAL, OPTIONAL = "mandatory", "conditional", "optional"
# The template's own answers for what is still open: an export holding one is not complete.
OPEN_VALUES = frozenset({"to_be_determined", "cannot_assess", "more_information_needed", "not_yet"})
COUNTRIES: dict[str, Text] = {code: Text(*names) for code, names in EU_EEA_COUNTRIES.items()}


class EdpbExportInvalid(RuntimeError):
    """The export does not validate against the template's schema: a defect in breachreport, never
    the DPO's doing. Nothing is written."""


@dataclass(frozen=True)
class Field:
    """One field of the template: where it stands, what it asks, and how the facts answer it.

    ``when`` is (parent field id, parent values) for a field the template asks only after such an
    answer; ``applies`` is a test on the facts for a condition no other field holds (lateness).
    """

    id: int
    part: int
    need: str
    kind: str  # text | date-time | choice | choices | number | boolean | list
    label: Text
    fill: Callable[[F.Source], Any]
    options: Mapping[str, Text] | None = None
    when: tuple[int, tuple[Any, ...]] | None = None
    applies: Callable[[F.Source], bool] | None = None
    items: Mapping[str, Any] | None = None  # the JSON Schema of a list's items

    def asked(self, src: F.Source) -> bool:
        """Whether the template asks this field here (a conditional one: when its condition holds)."""
        if self.need == MANDATORY:
            return True
        if self.need == OPTIONAL:
            return False
        if self.applies is not None:
            return self.applies(src)
        parent, wanted = self.when or (0, ())
        value = src.values.get(parent)
        if isinstance(value, list):
            return any(v in wanted for v in value)
        return value is not None and value in wanted


def _options(choice: type[Choice]) -> dict[str, Text]:
    return {member.value: member.text for member in choice}


def _nothing(src: F.Source) -> None:
    """The facts do not hold this answer (yet): the template gets it from the DPO directly."""
    return None


def _obj(required: tuple[str, ...], **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(required),
        "properties": properties,
        "additionalProperties": False,
    }


_S = {"type": "string", "minLength": 1}
_T = {"type": "string", "format": "date-time"}
PARTY = _obj(
    ("name", "role"),
    name=_S,
    role={"enum": list(_options(E.PartyRole))},
    system=_S,
    informed_controller_at=_T,
)
AUTHORITY = _obj(
    ("authority",),
    authority={"enum": list(_options(E.OtherAuthority))},
    reference=_S,
    reported_at=_T,
)
COUNTRY = _obj(
    ("country",), country={"enum": list(COUNTRIES)}, data_subjects={"type": "integer", "minimum": 1}
)
ATTACHMENT = _obj(
    ("type",),
    type={"enum": list(_options(E.AttachmentType))},
    date={"type": "string", "format": "date"},
    description=_S,
)
_C, _I, _A = ("exfiltrated", "likely", "cannot_assess"), ("yes", "likely"), ("yes",)
_SPECIAL = tuple(t.value for t in E.DataType if "Art." in t.text.en)
M, C, O = MANDATORY, CONDITIONAL, OPTIONAL  # noqa: E741 - the table reads as M, C, O
o = _options

# fmt: off
FIELDS: tuple[Field, ...] = (
    # Part 1: the notification and the controller
    Field(3, 1, M, "choice", Text("Ny anmälan eller uppföljning", "New notification or follow-up"), F.notification_type, o(E.NotificationType)),
    Field(4, 1, M, "choice", Text("Fullständig, ofullständig eller återkallelse", "Complete, incomplete or withdrawal"), F.completeness, o(E.Completeness)),
    Field(5, 1, C, "text", Text("Skäl till återkallelsen", "Reasons for the withdrawal"), F.withdrawal_reasons, when=(4, ("withdrawal",))),
    Field(6, 1, C, "text", Text("Den tidigare anmälans id hos tillsynsmyndigheten", "The earlier notification's id at the authority"), F.earlier_notification, when=(3, ("follow_up",))),
    Field(7, 1, O, "text", Text("Er egen referens", "Your own reference"), F.path("controller.own_reference")),
    Field(8, 1, M, "choice", Text("Typ av identifierare", "Type of identifier"), F.identifier_type, o(E.IdentifierType)),
    Field(9, 1, M, "text", Text("Identifierare (organisationsnummer)", "Identifier (organisation number)"), F.path("controller.org_number")),
    Field(10, 1, M, "text", Text("Den personuppgiftsansvariges namn", "Name of the controller"), F.path("controller.name")),
    Field(11, 1, M, "text", Text("Postadress", "Postal address"), F.path("controller.postal_address")),
    Field(12, 1, M, "choice", Text("Land där den personuppgiftsansvarige är etablerad", "Country of establishment"), F.country, COUNTRIES),
    Field(13, 1, M, "choice", Text("Offentlig eller privat", "Public or private"), F.ownership, o(E.Ownership)),
    Field(14, 1, O, "text", Text("Sektor", "Sector"), F.sector),
    Field(15, 1, O, "choice", Text("Storlek", "Size class"), _nothing, o(E.SizeClass)),
    # Part 2: who reports, the DPO, and other parties
    Field(21, 2, M, "text", Text("Den som gör anmälan", "Person making the notification"), F.path("contact.contact_name")),
    Field(23, 2, O, "text", Text("Telefon", "Phone"), F.path("contact.contact_phone")),
    Field(24, 2, M, "text", Text("E-post", "Email"), F.path("contact.contact_email")),
    Field(25, 2, M, "boolean", Text("Finns ett dataskyddsombud?", "Has a data protection officer been designated?"), F.dpo_designated),
    Field(26, 2, C, "text", Text("Dataskyddsombudets namn", "DPO's name"), F.path("contact.dpo_name"), when=(25, (True,))),
    Field(27, 2, O, "text", Text("Dataskyddsombudets telefon", "DPO's phone"), F.path("contact.dpo_phone")),
    Field(28, 2, C, "text", Text("Dataskyddsombudets e-post", "DPO's email"), F.path("contact.dpo_email"), when=(25, (True,))),
    Field(29, 2, O, "text", Text("Var mer information kan fås", "Where more information can be obtained"), F.path("contact.imy_address")),
    Field(30, 2, M, "boolean", Text("Är biträden eller gemensamt ansvariga inblandade?", "Are processors or joint controllers involved?"), F.parties_involved),
    Field(31, 2, C, "list", Text("Inblandade parter", "Parties involved"), F.parties, when=(30, (True,)), items=PARTY),
    # Part 3: the breach itself
    Field(44, 3, M, "choice", Text("När inträffade incidenten?", "When did the breach occur?"), F.occurrence, o(E.Occurrence)),
    Field(45, 3, C, "date-time", Text("Början", "Start"), F.path("times.occurred_from"), when=(44, ("date", "period", "ongoing"))),
    Field(46, 3, C, "date-time", Text("Slut", "End"), F.occurred_until, when=(44, ("period",))),
    Field(47, 3, M, "date-time", Text("När fick ni kännedom om incidenten?", "When did you become aware of the breach?"), F.path("times.aware_at")),
    Field(48, 3, C, "text", Text("Skäl till att anmälan görs efter 72 timmar", "Reasons for notifying after 72 hours"), F.late_reasons, applies=F.late),
    Field(49, 3, O, "date-time", Text("När upptäcktes incidenten?", "When was the breach discovered?"), F.path("times.discovered_at")),
    Field(50, 3, M, "choice", Text("Vem upptäckte incidenten?", "Who discovered the breach?"), F.discoverer, o(E.Discoverer)),
    Field(51, 3, M, "text", Text("Beskrivning av incidenten", "Description of the breach"), F.path("description.summary")),
    Field(52, 3, M, "choice", Text("Konfidentialitet: har obehöriga kommit åt uppgifter?", "Confidentiality: did others get at the data?"), F.confidentiality, o(E.ConfidentialityLoss)),
    Field(53, 3, C, "choice", Text("Var uppgifterna begripliga för obehöriga?", "Were the data intelligible to others?"), F.intelligibility, o(E.Intelligibility), when=(52, _C)),
    Field(54, 3, M, "choice", Text("Riktighet: har uppgifter ändrats?", "Integrity: were data altered?"), F.integrity, o(E.IntegrityLoss)),
    Field(55, 3, M, "choice", Text("Tillgänglighet: har uppgifter varit oåtkomliga eller förlorats?", "Availability: were data out of reach or lost?"), F.availability, o(E.AvailabilityLoss)),
    Field(56, 3, C, "choice", Text("Tillfällig eller permanent förlust", "Temporary or permanent loss"), F.loss_duration, o(E.LossDuration), when=(55, _A)),
    Field(57, 3, M, "choices", Text("Vad slags incident", "Nature of the incident"), F.nature, o(E.Nature)),
    Field(58, 3, O, "text", Text("Närmare om incidenten och utredningen", "More on the incident and the investigation"), F.path("description.investigation")),
    Field(59, 3, M, "choice", Text("Orsak: inom eller utanför organisationen", "Cause: internal or external"), F.cause_origin, o(E.CauseOrigin)),
    Field(60, 3, M, "choice", Text("Orsak: avsiktlig eller inte", "Cause: malicious or not"), F.cause_intent, o(E.CauseIntent)),
    Field(61, 3, M, "text", Text("Berörda system och tjänster", "Systems and services involved"), F.systems),
    Field(62, 3, M, "choices", Text("Kategorier av registrerade", "Categories of data subjects"), D.subject_groups, o(E.SubjectGroup)),
    Field(63, 3, C, "text", Text("Andra kategorier av registrerade", "Other categories of data subjects"), F.path("data.subject_categories_other"), when=(62, ("other",))),
    Field(64, 3, M, "choice", Text("Antal registrerade: exakt, ungefärligt eller ännu okänt", "Number of data subjects: exact, approximate or not yet known"), D.precision("data.subjects_count"), o(E.CountPrecision)),
    Field(65, 3, C, "number", Text("Antal registrerade", "Number of data subjects"), D.count("data.subjects_count"), when=(64, ("exact", "approximate"))),
    Field(66, 3, M, "choices", Text("Typer av personuppgifter", "Types of personal data"), D.data_types, o(E.DataType)),
    Field(67, 3, C, "text", Text("Andra typer av personuppgifter", "Other types of personal data"), D.data_types_other, when=(66, ("other",))),
    Field(68, 3, C, "number", Text("Antal registrerade som de känsliga uppgifterna gäller", "Number of data subjects the special-category data concern"), D.count("data.sensitive_subjects_count"), when=(66, _SPECIAL)),
    Field(69, 3, M, "choice", Text("Antal poster: exakt, ungefärligt eller ännu okänt", "Number of records: exact, approximate or not yet known"), D.precision("data.records_count"), o(E.CountPrecision)),
    Field(70, 3, C, "number", Text("Antal poster", "Number of records"), D.count("data.records_count"), when=(69, ("exact", "approximate"))),
    Field(71, 3, O, "choices", Text("Skydd som fanns före incidenten", "Protection in place before the breach"), D.prior_measures, o(E.PriorMeasure)),
    # Part 4: consequences, the controller's view of the risk, measures
    Field(79, 4, C, "text", Text("Sannolika konsekvenser av förlorad konfidentialitet", "Likely consequences of the loss of confidentiality"), R.consequences_if(52, _C), when=(52, _C)),
    Field(80, 4, C, "text", Text("Sannolika konsekvenser av förlorad riktighet", "Likely consequences of the loss of integrity"), R.consequences_if(54, _I), when=(54, _I)),
    Field(81, 4, C, "text", Text("Sannolika konsekvenser av förlorad tillgänglighet", "Likely consequences of the loss of availability"), R.consequences_if(55, _A), when=(55, _A)),
    Field(82, 4, M, "choices", Text("Möjlig påverkan på de registrerade", "Potential impact on the data subjects"), R.impacts, o(E.Impact)),
    Field(84, 4, M, "choice", Text("Hur allvarlig påverkan", "Severity of the impact"), R.severity, o(E.Severity)),
    Field(85, 4, M, "choice", Text("Den personuppgiftsansvariges bedömning av risken", "The controller's assessment of the risk"), R.risk_outcome, o(E.RiskOutcome)),
    Field(86, 4, O, "text", Text("Skäl för bedömningen", "Reasons for the assessment"), F.path("decision.reason")),
    Field(87, 4, M, "text", Text("Vidtagna åtgärder", "Measures taken"), F.path("measures.taken")),
    Field(88, 4, M, "text", Text("Planerade åtgärder, också mot upprepning", "Measures planned, also against recurrence"), F.path("measures.planned")),
    # Part 5: telling the data subjects
    Field(97, 5, M, "choice", Text("Har de registrerade informerats?", "Have the data subjects been told?"), R.communication, o(E.Communication)),
    Field(98, 5, C, "date-time", Text("När de informerades", "When they were told"), F.path("communication.informed_at"), when=(97, ("communicated",))),
    Field(99, 5, C, "date-time", Text("När de ska informeras", "When they will be told"), F.path("communication.planned_at"), when=(97, ("planned",))),
    Field(100, 5, C, "choice", Text("Vilket undantag", "Which exemption"), R.exemption, o(E.Exemption), when=(97, ("exemption",))),
    Field(101, 5, C, "text", Text("Skäl", "Reasons"), F.path("communication.reason_details"), when=(97, ("not_needed", "exemption"))),
    Field(102, 5, C, "boolean", Text("Har alla berörda informerats?", "Were all data subjects concerned told?"), _nothing, when=(97, ("communicated",))),
    Field(103, 5, C, "choices", Text("Hur de informeras", "By what means"), R.means, o(E.Means), when=(97, ("communicated", "planned"))),
    Field(104, 5, O, "text", Text("Vad meddelandet säger", "What the communication says"), _nothing),
    # Part 6: other authorities and other countries
    Field(109, 6, M, "boolean", Text("Anmält till polisen?", "Reported to the police?"), R.police_reported),
    Field(110, 6, C, "text", Text("Polisens diarienummer", "Police report number"), R.police_reference, when=(109, (True,))),
    Field(111, 6, O, "date-time", Text("När polisanmälan gjordes", "When it was reported to the police"), R.police_reported_at),
    Field(112, 6, M, "boolean", Text("Anmält till andra myndigheter?", "Reported to other authorities?"), R.others_reported),
    Field(113, 6, C, "list", Text("Andra myndigheter", "Other authorities"), R.other_authorities, when=(112, (True,)), items=AUTHORITY),
    Field(114, 6, M, "boolean", Text("Berörs registrerade i andra EU/EES-länder?", "Are data subjects in other EU/EEA countries affected?"), R.cross_border),
    Field(115, 6, C, "text", Text("Ledande tillsynsmyndighet", "Lead supervisory authority"), _nothing, when=(114, (True,))),
    Field(116, 6, O, "choices", Text("Verksamhetsställen i andra länder", "Establishments in other countries"), _nothing, COUNTRIES),
    Field(117, 6, C, "list", Text("Länder där registrerade berörs, med antal", "Countries of the data subjects, with numbers"), R.countries, when=(114, (True,)), items=COUNTRY),
    # Part 7: attachments
    Field(125, 7, O, "list", Text("Bilagor", "Attachments"), _nothing, items=ATTACHMENT),
    Field(126, 7, O, "text", Text("Beskrivning av övriga bilagor", "Description of other attachments"), _nothing),
)
# fmt: on
TEMPLATE: dict[int, Field] = {field.id: field for field in FIELDS}
COMPLETENESS = 4  # answered last: complete only when nothing else is still open


# -- the JSON Schema -------------------------------------------------------------------------


def _value_schema(field: Field) -> dict[str, Any]:
    options = list(field.options or {})
    return {
        "text": _S,
        "date-time": _T,
        "choice": {"type": "string", "enum": options},
        "choices": {
            "type": "array",
            "items": {"enum": options},
            "minItems": 1,
            "uniqueItems": True,
        },
        "number": {"type": "integer", "minimum": 0},
        "boolean": {"type": "boolean"},
        "list": {"type": "array", "items": field.items, "minItems": 1},
    }[field.kind]


def _property(field: Field) -> dict[str, Any]:
    schema = {
        **_value_schema(field),
        "title": field.label.en,
        "x-label": {"sv": field.label.sv, "en": field.label.en},
        "x-part": field.part,
        "x-requirement": field.need,
    }
    if field.when is not None:
        schema["x-asked-when"] = {"field": str(field.when[0]), "is": list(field.when[1])}
    elif field.applies is not None:
        schema["x-asked-when"] = "the notification comes more than 72 hours after awareness"
    return schema


def _given_or_open(key: str) -> dict[str, Any]:
    """The field is given, or the header lists it as to be determined: never both, never neither."""
    listed = {
        "properties": {"header": {"properties": {"to_be_determined": {"contains": {"const": key}}}}}
    }
    return {"if": listed, "then": {"not": {"required": [key]}}, "else": {"required": [key]}}


def _rule(field: Field) -> dict[str, Any] | None:
    key = str(field.id)
    if field.need == MANDATORY:
        return _given_or_open(key)
    if field.need != CONDITIONAL or field.when is None:
        return None
    parent, wanted = str(field.when[0]), list(field.when[1])
    is_list = TEMPLATE[field.when[0]].kind == "choices"
    match = {"contains": {"enum": wanted}} if is_list else {"enum": wanted}
    return {
        "if": {"required": [parent], "properties": {parent: match}},
        "then": _given_or_open(key),
    }


HEADER = _obj(
    ("template", "source", "reference", "generated_at", "to_be_determined"),
    template={"const": VERSION},
    source=_S,
    reference=_S,
    generated_at=_T,
    to_be_determined={
        "type": "array",
        "items": {"enum": [str(f.id) for f in FIELDS]},
        "uniqueItems": True,
    },
)


def edpb_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) an export validates against, made from ``FIELDS``: each
    field by its id with its labels, part and requirement; every mandatory field, and every
    conditional one whose condition holds, given or listed in the header as to be determined."""
    properties = {"header": HEADER} | {str(field.id): _property(field) for field in FIELDS}
    rules = [rule for field in FIELDS if (rule := _rule(field)) is not None]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "EDPB common template for Art. 33 notifications (draft of June 2026)",
        "description": SOURCE,
        "x-template-version": VERSION,
        "x-parts": {str(n): {"sv": t.sv, "en": t.en} for n, t in PARTS.items()},
        "type": "object",
        "required": ["header"],
        "properties": properties,
        "additionalProperties": False,
        "allOf": rules,
    }


# -- the export ------------------------------------------------------------------------------


def _answer(field: Field, src: F.Source) -> None:
    """Give ``field`` its value, or list it as still open when the template asks it."""
    if field.need == CONDITIONAL and field.when is not None and not field.asked(src):
        return  # the template does not ask it after the answer given to its parent
    value = field.fill(src)
    if value is None or value == []:
        if field.asked(src):
            src.open.append(field.id)
        return
    src.values[field.id] = value
    if isinstance(value, str) and value in OPEN_VALUES:
        src.open.append(field.id)


def answers(
    facts: Facts,
    *,
    generated_at: datetime,
    filing: F.FilingLike | None = None,
    previous: str | None = None,
    first_filed_at: datetime | None = None,
) -> tuple[dict[int, Any], list[int]]:
    """Each field's value by id (in table order), and the fields asked but still to be determined.

    ``filing`` is the filing the export is made for (its kind, case number and reasons for
    lateness); without it, ``previous`` is the case number of an earlier notification of the
    same incident, which makes this one a follow-up, and ``first_filed_at`` when that one was
    filed (lateness is judged by the first notification)."""
    src = F.Source(
        facts=facts,
        generated_at=generated_at,
        filing=filing,
        previous=previous,
        first_filed_at=first_filed_at,
    )
    after = [f for f in FIELDS if f.when is not None and f.when[0] == COMPLETENESS]
    for field in FIELDS:
        if field.id != COMPLETENESS and field not in after:
            _answer(field, src)
    # Complete only once nothing else is open; the fields that follow its answer come after it.
    src.values[COMPLETENESS] = TEMPLATE[COMPLETENESS].fill(src)
    for field in after:
        _answer(field, src)
    ordered = {field.id: src.values[field.id] for field in FIELDS if field.id in src.values}
    tbd = [field_id for field_id in src.open if field_id not in ordered]
    return ordered, tbd


def edpb_export(
    facts: Facts,
    *,
    reference: str,
    generated_at: datetime,
    filing: F.FilingLike | None = None,
    previous: str | None = None,
    first_filed_at: datetime | None = None,
) -> dict[str, Any]:
    """The facts as the template's JSON, keyed by field id, after a header naming the template
    version. Validated against ``edpb_schema()`` before it is returned."""
    values, tbd = answers(
        facts,
        generated_at=generated_at,
        filing=filing,
        previous=previous,
        first_filed_at=first_filed_at,
    )
    document: dict[str, Any] = {
        "header": {
            "template": VERSION,
            "source": SOURCE,
            "reference": reference,
            "generated_at": F.iso(generated_at),
            "to_be_determined": [str(field_id) for field_id in tbd],
        }
    }
    document |= {str(field_id): value for field_id, value in values.items()}
    check(document)
    return document


def check(document: dict[str, Any]) -> None:
    """Raise EdpbExportInvalid, naming each broken field, if ``document`` breaks the schema."""
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(edpb_schema(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        found = "; ".join(
            f"{'/'.join(str(p) for p in error.absolute_path) or 'document'}: {error.message}"
            for error in errors[:10]
        )
        raise EdpbExportInvalid(
            f"The EDPB template export does not match its own schema ({VERSION}), so it was not "
            f"written; this is a defect in breachreport, please report it. {found}"
        )
