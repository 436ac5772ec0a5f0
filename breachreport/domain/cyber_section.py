"""The internal facts section ``cyber``: what the reports to CERT-SE under the cybersäkerhetslag
(2025:1506) ask beyond what the IMY questions already hold.

Never sent to IMY. The reports to CERT-SE read the shared facts (what happened, when, the cause,
the measures) from the other sections and only these questions from here. Pure: no I/O.
"""

from __future__ import annotations

from .fields import Count, Hours, Instant, LongText, ShortText, ask
from .labels import Text
from .section_base import Section


class CyberSection(Section):
    """Significance and the CERT-SE reports' own questions (early warning to final report)."""

    letter = "N"
    title = Text(
        "Rapport till CERT-SE (cybersäkerhetslagen)", "Reports to CERT-SE (Cybersecurity Act)"
    )
    why = Text(
        "En väsentlig eller viktig verksamhetsutövare rapporterar betydande incidenter till CERT-SE: "
        "tidig varning inom 24 timmar, incidentanmälan inom 72 timmar och slutrapport inom en "
        "månad. Frågorna skickas inte till IMY.",
        "An essential or important entity reports significant incidents to CERT-SE: an early "
        "warning within 24 hours, an incident notification within 72 hours and a final report "
        "within a month. Not sent to IMY.",
    )
    sent_to_imy = False

    # Is it significant? The DPO's own judgement; the sector's thresholds suggest an answer.
    significant: bool | None = ask(
        "Är incidenten betydande enligt cybersäkerhetslagen?",
        "Is the incident significant under the Cybersecurity Act?",
        "Bara betydande incidenter rapporteras till CERT-SE. Tröskelvärdena för er sektor visas "
        "som stöd; ”ännu inte känt” visar kedjan som ”om betydande” med dess frister.",
        "Only significant incidents are reported to CERT-SE. Your sector's thresholds are shown as "
        "support; 'not yet known' shows the chain as 'if significant', with its deadlines.",
        unknown=True,
        imy=False,
    )
    critical_systems_hit: bool | None = ask(
        "Drabbas sektorkritiska system?",
        "Are sector-critical systems affected?",
        "CERT-SE frågar redan i den tidiga varningen om system som verksamheten inte klarar sig "
        "utan är drabbade.",
        "CERT-SE asks from the early warning on whether systems the service cannot do without are "
        "hit.",
        unknown=True,
        imy=False,
    )
    outage_hours: Hours = ask(
        "Hur många timmar var sektorkritiska system ur drift?",
        "For how many hours were sector-critical systems out of service?",
        "Ett avbrott i sektorkritiska system längre än sektorns tröskel (till exempel 4 timmar) "
        "gör incidenten betydande.",
        "An outage of sector-critical systems longer than the sector's threshold (for instance 4 "
        "hours) makes the incident significant.",
        unknown=True,
        imy=False,
    )
    protected_info_leaked: bool | None = ask(
        "Har en annan parts skyddsvärda information läckt?",
        "Has another party's protected information leaked?",
        "Läckt skyddsvärd information som tillhör någon annan gör incidenten betydande.",
        "A leak of protected information belonging to someone else makes the incident significant.",
        unknown=True,
        imy=False,
    )
    affected_services: LongText = ask(
        "Vilka tjänster och system påverkas?",
        "Which services and systems are affected?",
        "CERT-SE vill veta vilka samhällstjänster som påverkas, inte bara vilka personuppgifter.",
        "CERT-SE wants to know which services to society are affected, not only which personal "
        "data.",
        unknown=True,
        imy=False,
    )
    suspected_crime: bool | None = ask(
        "Misstänks en brottslig eller avsiktlig handling?",
        "Is an unlawful or malicious act suspected?",
        "Den tidiga varningen ska säga om incidenten misstänks vara orsakad av en olaglig eller "
        "avsiktlig handling.",
        "The early warning must say whether the incident is suspected to be caused by an unlawful "
        "or malicious act.",
        unknown=True,
        imy=False,
    )
    cross_border_effect: bool | None = ask(
        "Kan incidenten få gränsöverskridande påverkan?",
        "Could the incident have a cross-border impact?",
        "CERT-SE underrättar andra länders CSIRT om incidenten kan påverka dem.",
        "CERT-SE informs other countries' CSIRTs if the incident could affect them.",
        unknown=True,
        imy=False,
    )
    supplier_origin: bool | None = ask(
        "Började incidenten hos en leverantör?",
        "Did the incident start at a supplier?",
        "Incidenter i leverantörskedjan drabbar ofta många verksamheter; CERT-SE samordnar dem.",
        "Supply-chain incidents often hit many organisations; CERT-SE coordinates them.",
        unknown=True,
        imy=False,
    )
    indicators: LongText = ask(
        "Indikatorer på intrång (IoC)",
        "Indicators of compromise",
        "IP-adresser, domäner, filhashar och liknande hjälper CERT-SE att varna andra.",
        "IP addresses, domains, file hashes and the like help CERT-SE warn others.",
        unknown=True,
        imy=False,
    )
    severity_impact: LongText = ask(
        "Bedömning av incidentens allvarlighetsgrad och påverkan",
        "Assessment of the incident's severity and impact",
        "Incidentanmälan ska innehålla en första bedömning av allvarlighetsgrad och påverkan.",
        "The incident notification must contain an initial assessment of severity and impact.",
        unknown=True,
        imy=False,
    )
    root_cause: LongText = ask(
        "Grundorsak",
        "Root cause",
        "Slutrapporten ska beskriva den troliga grundorsaken (typ av hot).",
        "The final report must describe the likely root cause (type of threat).",
        unknown=True,
        imy=False,
    )
    users_affected: Count | None = ask(
        "Antal berörda användare eller mottagare av tjänsten",
        "Number of users or recipients of the service affected",
        "Slutrapporten anger hur många som berördes av avbrottet, inte bara vilkas uppgifter det "
        "gällde.",
        "The final report states how many were affected by the disruption, not only whose data.",
        unknown=True,
        imy=False,
    )
    geography: ShortText = ask(
        "Geografisk utbredning",
        "Geographical spread",
        "Var märktes incidenten: en kommun, en region, hela landet eller flera länder?",
        "Where was the incident felt: a municipality, a region, the whole country or several "
        "countries?",
        unknown=True,
        imy=False,
    )
    economic_damage: LongText = ask(
        "Ekonomisk skada",
        "Economic damage",
        "Slutrapporten anger den ekonomiska skadan, uppskattad om den inte är känd exakt.",
        "The final report states the economic damage, estimated where it is not known exactly.",
        unknown=True,
        imy=False,
    )
    recurrence: LongText = ask(
        "Åtgärder mot att incidenten upprepas",
        "Measures against recurrence",
        "Slutrapporten beskriver hur verksamheten skyddar sig mot att det händer igen.",
        "The final report describes how the entity protects itself against it happening again.",
        unknown=True,
        imy=False,
    )
    approved_by: ShortText = ask(
        "Vem i ledningen godkände slutrapporten?",
        "Who in management approved the final report?",
        "Ledningen ansvarar för cybersäkerheten och ska godkänna slutrapporten; namn och roll "
        "anges i rapporten.",
        "Management answers for cyber security and must approve the final report; the report "
        "gives the name and role.",
        imy=False,
    )
    approved_at: Instant = ask(
        "När godkände ledningen slutrapporten?",
        "When did management approve the final report?",
        "Tidpunkten visar att godkännandet kom före inlämningen.",
        "The time shows that the approval came before the report was sent.",
        imy=False,
    )
