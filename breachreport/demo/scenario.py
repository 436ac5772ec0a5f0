"""The worked example: a region loses two suppliers' systems to ransomware at their hosting provider.

Retold from the public events of January 2024; the region, the people, the companies, the numbers and
the times beyond those public facts are invented. Used by ``breachreport demo`` and by the tests.
Pure data: no storage, no I/O. The people, the profiles and the shape of a step are in ``cast``;
the names the tests use from there are re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from breachreport.demo.cast import (
    CASE_NUMBER,
    DPO,
    HOSTING_PROFILE,
    LEGAL,
    ORGANISATION,
    PEOPLE,
    SUPPLIER_A,
    SUPPLIER_A_PROFILE,
    SUPPLIER_B,
    SUPPLIER_B_PROFILE,
    Person,
    Step,
)
from breachreport.demo.cast import at as _at
from breachreport.domain.changes import NOT_YET_KNOWN, apply
from breachreport.domain.circumstances import Outcome
from breachreport.domain.decision import decision_changes
from breachreport.domain.facts import Facts

__all__ = [
    "CASE_NUMBER",
    "COMPLETE_AT",
    "DPO",
    "LEGAL",
    "ORGANISATION",
    "PEOPLE",
    "PRELIMINARY_AT",
    "STEPS",
    "SUPPLIER_A",
    "SUPPLIER_B",
    "Person",
    "Step",
    "decide_changes",
    "scenario_facts",
]


STEPS: tuple[Step, ...] = (
    Step(
        at=_at("2024-01-20T14:00"),
        person=DPO,
        action="open",
        changes={
            **ORGANISATION,
            "controller.own_reference": "RN-DSO-2024-007",
            "description.title_internal": "Utpressningsvirus hos driftleverantör (utskrivningsplanering)",
            "description.summary": (
                "Natten mot den 20 januari angreps en driftleverantör som två av regionens "
                "leverantörer använder av utpressningsvirus. Systemet för samordnad utskrivning "
                "av patienter är krypterat och inte åtkomligt. Regionen fick kännedom när "
                "leverantören bekräftade att patientuppgifter i systemet inte går att nå."
            ),
            "english.description_summary": (
                "In the night before 20 January, a hosting provider used by two of the region's "
                "suppliers was hit by ransomware. The system for coordinated discharge of "
                "patients is encrypted and cannot be reached. The region became aware when the "
                "supplier confirmed that the patient data in the system cannot be reached."
            ),
            "times.occurred_from": "2024-01-19T23:30",
            "times.discovered_at": "2024-01-20T08:30",
            "times.aware_at": "2024-01-20T14:00",
            "times.discovery": "processor",
            "times.ongoing": True,
            "times.ended_at": NOT_YET_KNOWN,
            "description.breach_type": "malware",
            "description.cause": "malicious_external",
            "description.kinds": ["availability"],
            "description.processors": [SUPPLIER_B_PROFILE, HOSTING_PROFILE],
            "data.subject_categories": ["patients"],
            "data.data_categories": ["identity", "personal_number", "health"],
            "data.subjects_count": NOT_YET_KNOWN,
            "data.records_count": NOT_YET_KNOWN,
            "circumstances.exfiltration": NOT_YET_KNOWN,
            "circumstances.encryption": "none",
            "circumstances.backup": NOT_YET_KNOWN,
        },
    ),
    Step(at=_at("2024-01-20T14:30"), person=DPO, action="assign", whom=LEGAL),
    Step(
        at=_at("2024-01-20T15:00"),
        person=DPO,
        action="invite",
        whom=SUPPLIER_B,
        sections=("times", "measures", "circumstances"),
    ),
    Step(
        at=_at("2024-01-20T15:05"),
        person=DPO,
        action="invite",
        whom=SUPPLIER_A,
        sections=("description", "data", "measures"),
    ),
    Step(
        at=_at("2024-01-21T09:15"),
        person=SUPPLIER_B,
        action="propose",
        reason="Enligt driftleverantörens första genomgång; vi återkommer när utredningen är klar.",
        changes={
            "measures.taken": (
                "Samplan Systems AB har isolerat miljön hos driftleverantören och startat en "
                "kriminalteknisk utredning tillsammans med driftleverantören."
            ),
            "circumstances.availability": "temporary",
        },
    ),
    Step(
        at=_at("2024-01-21T10:00"),
        person=SUPPLIER_A,
        action="propose",
        reason="Beställningssystemet innehåller personal- och leveransuppgifter för avdelningarna.",
        changes={
            "description.processors": [SUPPLIER_B_PROFILE, SUPPLIER_A_PROFILE, HOSTING_PROFILE],
            "data.subject_categories": ["employees", "patients"],
            "data.data_categories": ["identity", "contact", "personal_number", "health"],
        },
    ),
    Step(
        at=_at("2024-01-21T18:00"),
        person=DPO,
        action="revise",
        changes={
            "description.summary": (
                "Natten mot den 20 januari angreps en driftleverantör som två av regionens "
                "leverantörer använder av utpressningsvirus. Två system är krypterade och inte "
                "åtkomliga: systemet för samordnad utskrivning av patienter och systemet för "
                "beställning av förbrukningsmaterial till vårdavdelningar. Det är ännu inte "
                "klarlagt om uppgifter har förts ut."
            ),
            "english.description_summary": (
                "In the night before 20 January, a hosting provider used by two of the region's "
                "suppliers was hit by ransomware. Two systems are encrypted and cannot be "
                "reached: the system for coordinated discharge of patients and the system for "
                "ordering supplies for the wards. It is not yet clear whether data were taken out."
            ),
            "data.subjects_count": {"value": 4900, "precision": "approximate"},
            "consequences.likely": ["loss_of_control", "loss_of_secrecy", "physical_harm"],
            "consequences.details": (
                "Utskrivningar från sjukhus till kommunal omsorg samordnas manuellt, vilket kan "
                "fördröja vård. Om uppgifter har förts ut kan patienters hälsouppgifter röjas."
            ),
            "english.consequences_details": (
                "Discharges from hospital to municipal care are coordinated by hand, which may "
                "delay care. If data were taken out, patients' health data may be disclosed."
            ),
            "consequences.severity": "high",
            "circumstances.care_affected": "delayed",
            "measures.taken": (
                "Regionen har gått upp i regional särskild sjukvårdsledning och infört manuella "
                "rutiner för utskrivning och beställningar. Samplan Systems AB har isolerat "
                "miljön och startat en kriminalteknisk utredning."
            ),
            "english.measures_taken": (
                "The region has raised its regional major-incident command and brought in manual "
                "routines for discharges and orders. Samplan Systems AB has isolated the "
                "environment and started a forensic investigation."
            ),
            "measures.planned": (
                "En tillfällig lösning för utskrivningsplanering byggs i regionens "
                "ärendehanteringssystem. Leverantörsavtalen ses över."
            ),
            "english.measures_planned": (
                "A stand-in solution for discharge planning is being built in the region's case "
                "management system. The supplier contracts are being reviewed."
            ),
            "communication.status": NOT_YET_KNOWN,
        },
    ),
    Step(
        at=_at("2024-01-22T11:00"),
        person=DPO,
        action="revise",
        changes={
            "other.reports": [
                {
                    "authority": "police",
                    "reference": "5000-K100412-24",
                    "reported_at": "2024-01-20T12:00",
                    "details": "Anmält av leverantören",
                },
                {"authority": "csirt", "reported_at": "2024-01-22T10:30"},
            ],
            "other.other_info": (
                "Beslut om information till de registrerade fattas när den kriminaltekniska "
                "utredningen visar om uppgifter har förts ut."
            ),
            "english.other_other_info": (
                "Whether to tell the data subjects will be decided when the forensic "
                "investigation shows whether data were taken out."
            ),
            "notification.cross_border": False,
        },
    ),
    Step(
        at=_at("2024-01-22T15:30"),
        person=DPO,
        action="decide",
        changes={"decision.outcome": "notify_authority"},
        reason=(
            "IMY anmäls nu. Patienterna informeras när den kriminaltekniska utredningen visar om "
            "uppgifter har förts ut; vården har under tiden ställt om till manuella rutiner så "
            "att utskrivningar kan genomföras."
        ),
    ),
    Step(
        at=_at("2024-01-22T15:40"),
        person=LEGAL,
        action="comment",
        sections=("consequences",),
        reason="Nämn att utskrivningarna samordnas manuellt, så att IMY ser följderna för vården.",
    ),
    Step(
        at=_at("2024-01-22T15:45"),
        person=LEGAL,
        action="approve",
        reason="Preliminär anmälan granskad på svenska och engelska.",
    ),
    Step(at=_at("2024-01-22T16:00"), person=DPO, action="file", filing_kind="preliminary"),
    Step(
        at=_at("2024-01-25T11:00"),
        person=SUPPLIER_A,
        action="propose",
        reason="Systemet är återställt och leveranserna går igen.",
        changes={
            "measures.taken": (
                "Regionen har gått upp i regional särskild sjukvårdsledning och infört manuella "
                "rutiner för utskrivning och beställningar. Samplan Systems AB har isolerat "
                "miljön och startat en kriminalteknisk utredning. Nordförråds "
                "beställningssystem är återställt den 25 januari och leveranserna har återupptagits."
            ),
        },
    ),
    Step(
        at=_at("2024-01-26T09:00"),
        person=DPO,
        action="case_number",
        case_number=CASE_NUMBER,
    ),
    Step(
        at=_at("2024-01-29T08:00"),
        person=DPO,
        action="revise",
        changes={
            "measures.planned": (
                "Leverantörsavtalen ses över, med krav på säkerhetskopior utanför "
                "driftleverantörens miljö och på övning av återställning."
            ),
            "english.measures_planned": (
                "The supplier contracts are being reviewed, requiring backups outside the "
                "hosting provider's environment and rehearsed restores."
            ),
            "measures.taken": (
                "Regionen har gått upp i regional särskild sjukvårdsledning och infört manuella "
                "rutiner för utskrivning och beställningar. Samplan Systems AB har isolerat "
                "miljön och startat en kriminalteknisk utredning. Nordförråds "
                "beställningssystem är återställt den 25 januari och leveranserna har "
                "återupptagits. En tillfällig lösning för utskrivningsplanering i regionens "
                "ärendehanteringssystem togs i drift den 29 januari."
            ),
            "english.measures_taken": (
                "The region has raised its regional major-incident command and brought in manual "
                "routines for discharges and orders. Samplan Systems AB has isolated the "
                "environment and started a forensic investigation. Nordförråd's ordering system "
                "was restored on 25 January and deliveries have resumed. A stand-in solution for "
                "discharge planning in the region's case management system went live on "
                "29 January."
            ),
        },
    ),
    Step(
        at=_at("2024-02-09T15:00"),
        person=SUPPLIER_B,
        action="propose",
        reason="Den kriminaltekniska rapporten är klar; sammanfattningen bifogas.",
        changes={
            "times.ongoing": False,
            "times.ended_at": "2024-02-09T15:00",
            "circumstances.exfiltration": "ruled_out",
            "circumstances.backup": "restored",
            "circumstances.integrity": "none",
            "circumstances.misuse": "none_seen",
        },
    ),
    Step(
        at=_at("2024-02-09T15:05"),
        person=SUPPLIER_B,
        action="attach",
        attachment=(
            "kriminalteknisk-sammanfattning.txt",
            "Samplan Systems AB – sammanfattning av kriminalteknisk utredning, 9 februari 2024\n\n"
            "Angreppet begränsades till driftleverantörens virtualiseringsplattform. Loggar från "
            "brandväggar och lagring visar ingen utgående trafik från regionens miljö under "
            "perioden 19 januari–9 februari. Systemet är återställt från säkerhetskopia av den "
            "18 januari och uppgifternas riktighet är kontrollerad mot källsystemen.\n",
        ),
    ),
    Step(
        at=_at("2024-02-12T10:00"),
        person=DPO,
        action="revise",
        changes={
            "description.summary": (
                "Natten mot den 20 januari angreps en driftleverantör som två av regionens "
                "leverantörer använder av utpressningsvirus. Två system krypterades och var inte "
                "åtkomliga: systemet för samordnad utskrivning av patienter (till den 9 februari) "
                "och systemet för beställning av förbrukningsmaterial (till den 25 januari). Den "
                "kriminaltekniska utredningen visar inga tecken på att regionens uppgifter lämnat "
                "datacentret, och uppgifternas riktighet är kontrollerad."
            ),
            "english.description_summary": (
                "In the night before 20 January, a hosting provider used by two of the region's "
                "suppliers was hit by ransomware. Two systems were encrypted and could not be "
                "reached: the system for coordinated discharge of patients (until 9 February) "
                "and the system for ordering supplies (until 25 January). The forensic "
                "investigation shows no sign that the region's data left the data centre, and "
                "the integrity of the data has been checked."
            ),
            # The forensic result where IMY reads it (E), not only in the internal section R.
            "description.investigation": (
                "Samplan Systems AB:s kriminaltekniska utredning (rapport den 9 februari 2024) "
                "visar att angreppet begränsades till driftleverantörens virtualiseringsplattform. "
                "Loggar från brandväggar och lagring visar ingen utgående trafik från regionens "
                "miljö under perioden 19 januari–9 februari: uppgifterna har inte förts ut. "
                "Systemet är återställt från säkerhetskopia av den 18 januari och uppgifternas "
                "riktighet är kontrollerad mot källsystemen."
            ),
            "english.description_investigation": (
                "The forensic investigation by Samplan Systems AB (report of 9 February 2024) "
                "shows that the attack was confined to the hosting provider's virtualisation "
                "platform. Firewall and storage logs show no outbound traffic from the region's "
                "environment between 19 January and 9 February: the data were not taken out. The "
                "system was restored from a backup of 18 January and the integrity of the data "
                "has been checked against the source systems."
            ),
            "data.subjects_count": {"value": 4899, "precision": "exact"},
            "data.records_count": {"value": 61000, "precision": "approximate"},
            "consequences.severity": "medium",
            "communication.status": "informed",
            "communication.informed_at": "2024-02-12T09:00",
            "communication.channels": ["1177", "website"],
            "other.other_info": None,
            "english.other_other_info": None,
        },
    ),
    Step(
        at=_at("2024-02-12T10:30"),
        person=DPO,
        action="decide",
        changes={"decision.outcome": "notify_authority_and_subjects"},
        reason=(
            "Utskrivningar försenades under tre veckor; patienterna har informerats via 1177 "
            "och regionens webbplats om vad som hänt och vart de kan vända sig."
        ),
    ),
    Step(
        at=_at("2024-02-12T10:45"),
        person=LEGAL,
        action="approve",
        reason="Kompletteringen stämmer med den kriminaltekniska rapporten.",
    ),
    # A supplement that completes the notification: IMY gets only what changed since 22 January.
    Step(
        at=_at("2024-02-12T11:00"),
        person=DPO,
        action="file",
        filing_kind="supplement",
        final=True,
    ),
)


def scenario_facts(as_of: datetime) -> Facts:
    """The facts as known at ``as_of`` (any aware datetime): every change made up to then."""
    facts = Facts()
    for step in STEPS:
        if step.at > as_of:
            break
        if step.action == "decide":
            facts = apply(facts, decide_changes(facts, step), now=step.at)
        elif step.changes:
            facts = apply(facts, step.changes, now=step.at)
    return facts


def decide_changes(facts: Facts, step: Step) -> dict[str, Any]:
    """The decision of a "decide" step, judged against the assessment at that moment."""
    return decision_changes(
        facts,
        outcome=Outcome(step.changes["decision.outcome"]),
        reason=step.reason,
        decided_by=step.person.name,
        decided_at=step.at,
    )


PRELIMINARY_AT = _at("2024-01-22T16:00")
COMPLETE_AT = _at("2024-02-12T11:00")
