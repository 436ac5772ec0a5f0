"""What each report to CERT-SE asks, in order: its parts, the questions of each part, and the
words CERT-SE uses where IMY's form words a question for personal data. Pure data.

A question shown when unanswered reads "not yet known, to follow"; an optional one is left out
until it is answered. Nothing of IMY's questions about the people whose data were hit is here.
"""

from __future__ import annotations

from ..domain.facts import questions
from ..domain.labels import Text

LABELS = {q.path: q.label for q in questions()}
# CERT-SE's words where IMY's form words it for personal data.
OWN_LABELS = {
    "controller.name": Text("Verksamhetsutövare", "Entity"),
    "controller.nis2_entity": Text("Typ av verksamhetsutövare (NIS2)", "Type of entity (NIS2)"),
    "description.summary": Text("Vad har hänt?", "What happened?"),
    "description.breach_type": Text("Typ av incident", "Type of incident"),
    "description.cause": Text("Orsak", "Cause"),
    "description.processors": Text(
        "Leverantörer och system som berörs", "Suppliers and systems involved"
    ),
    "description.investigation": Text(
        "Vad har utredningen visat?", "What has the investigation shown?"
    ),
    "times.discovered_at": Text("När upptäcktes incidenten?", "When was the incident detected?"),
    "times.aware_at": Text(
        "När fick verksamheten kännedom om incidenten?", "When did the entity become aware of it?"
    ),
    "measures.planned": Text("Planerade åtgärder", "Measures planned"),
}
FINAL_IMPACT = Text(
    "Slutliga konsekvenser: allvarlighetsgrad och påverkan",
    "Final consequences: severity and impact",
)

SECTION_TITLES = {
    "report": Text("Rapporten", "The report"),
    "entity": Text("Verksamhetsutövaren", "The entity"),
    "incident": Text("Incidenten", "The incident"),
    "assessment": Text("Bedömning, orsak och åtgärder", "Assessment, cause and measures"),
    "state": Text("Läget nu", "The current state"),
    "final": Text(
        "Slutligt utfall, grundorsak och åtgärder", "Final outcome, root cause and measures"
    ),
    "approval": Text("Ledningens godkännande", "Management approval"),
    "changes": Text(
        "Ändrat sedan förra rapporten till CERT-SE", "Changed since the last report to CERT-SE"
    ),
}
REPORT_TYPE = Text("Typ av rapport", "Type of report")
RECIPIENT = Text("Mottagare", "Recipient")
CHANNEL = Text("Lämnas genom", "Sent through")
INCIDENT_REF = Text("Ärendets referens hos verksamheten", "The entity's incident reference")
FILED = Text("Inlämnad", "Filed")
FILED_AS = Text("Rapport nr {seq}, {at}", "Report no. {seq}, {at}")
NOT_FILED = Text("Utkast – inte inlämnad", "Draft – not filed")
NO_CASE_NUMBER = Text("Inte mottaget ännu", "Not received yet")
SUPPLIER_COLUMNS = (Text("Leverantör", "Supplier"), Text("Roll", "Role"), Text("System", "System"))
SUPPLIER_ORIGIN = Text(
    "Ja – leverantörer berörs: {names} (enligt uppgiften om leverantörer)",
    "Yes – suppliers are involved: {names} (as given for the suppliers involved)",
)
NO_CHANGES = Text(
    "Inga av CERT-SE:s uppgifter har ändrats sedan förra rapporten.",
    "None of CERT-SE's details has changed since the last report.",
)
CHANGES_LATER = Text(
    "Vad som ändrats sedan förra rapporten till CERT-SE anges när rapporten lämnas.",
    "What changed since the last report to CERT-SE is stated when the report is filed.",
)

# Each part of the reports: (path, shown when unanswered). Unanswered optional questions are
# left out; every other unanswered question reads "not yet known, to follow".
_ENTITY = (
    ("controller.name", True),
    ("controller.org_number", True),
    ("controller.nis2_entity", True),
    ("controller.sector", True),
    ("contact.contact_name", True),
    ("contact.contact_phone", True),
    ("contact.contact_email", True),
)
_INCIDENT = (
    ("description.summary", True),
    ("description.breach_type", True),
    ("times.occurred_from", True),
    ("times.discovered_at", True),
    ("times.aware_at", True),
    ("times.ongoing", True),
    ("cyber.significant", True),
    ("cyber.affected_services", True),
    ("description.processors", False),
    ("cyber.critical_systems_hit", True),
    ("cyber.outage_hours", True),
    ("cyber.protected_info_leaked", True),
    ("cyber.suspected_crime", True),
    ("cyber.cross_border_effect", True),
    ("cyber.supplier_origin", True),
)
_ASSESSMENT = (
    ("cyber.severity_impact", True),
    ("cyber.indicators", True),
    ("description.cause", True),
    ("cyber.root_cause", False),
    ("description.investigation", False),
    ("measures.taken", True),
    ("measures.planned", False),
)
_STATE = (
    ("times.ongoing", True),
    ("times.ended_at", True),
    ("cyber.severity_impact", True),
    ("cyber.indicators", False),
    ("cyber.root_cause", False),
    ("description.investigation", False),
    ("measures.taken", True),
    ("measures.planned", False),
)
_FINAL = (
    ("times.ended_at", True),
    ("cyber.severity_impact", True),
    ("cyber.users_affected", True),
    ("cyber.geography", True),
    ("cyber.economic_damage", True),
    ("description.cause", True),
    ("cyber.root_cause", True),
    ("cyber.indicators", True),
    ("description.investigation", False),
    ("measures.taken", True),
    ("measures.planned", False),
    ("cyber.recurrence", True),
)
_APPROVAL = (("cyber.approved_by", True), ("cyber.approved_at", True))
PARTS: dict[str, tuple[str, ...]] = {
    "early-warning": ("report", "entity", "incident"),
    "incident-notification": ("report", "entity", "incident", "assessment", "changes"),
    "progress-report": ("report", "entity", "incident", "state", "changes"),
    "final-report": ("report", "entity", "incident", "final", "approval", "changes"),
}
QUESTIONS = {
    "entity": _ENTITY,
    "incident": _INCIDENT,
    "assessment": _ASSESSMENT,
    "state": _STATE,
    "final": _FINAL,
    "approval": _APPROVAL,
}
# Every question any report to CERT-SE shows: what "changed since the last report" looks at.
SHOWN = frozenset(path for part in QUESTIONS.values() for path, _ in part)
