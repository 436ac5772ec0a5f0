"""The sections A to J of IMY's notification as pydantic models, each question with labels and a why.

Every field is optional so that a draft is valid at any stage; completeness is judged at filing time
(see ``filing_rules``). "Not yet known" is an explicit answer, kept in each section's
``not_yet_known`` list, allowed only where the question says so (``section_base``).

Sections A to E are defined here, F to J in ``consequence_sections``; this module names all of
them, so that the form is imported from one place.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from .choices import (
    BreachKind,
    BreachType,
    Cause,
    DiscoveryMethod,
    Nis2Entity,
    ProcessorRole,
    Sector,
)
from .consequence_sections import (
    AuthorityReport,
    CommunicationSection,
    ConsequencesSection,
    DataSection,
    MeasuresSection,
    OtherSection,
)
from .fields import (
    ChoiceList,
    Email,
    FewEntries,
    Instant,
    LongText,
    Name,
    OrgNumber,
    Phone,
    ShortText,
    ask,
)
from .labels import Text
from .section_base import Section

__all__ = [
    "AuthorityReport",
    "CommunicationSection",
    "ConsequencesSection",
    "ContactSection",
    "ControllerSection",
    "DataSection",
    "DescriptionSection",
    "MeasuresSection",
    "NotificationSection",
    "OtherSection",
    "Processor",
    "Section",
    "TimesSection",
]


class NotificationSection(Section):
    letter = "A"
    title = Text("Typ av anmälan", "Type of notification")
    why = Text(
        "IMY behöver veta om anmälan är ny eller kompletterar en tidigare, och om fler uppgifter kommer.",
        "IMY needs to know whether this is new or adds to an earlier notification, and if more will follow.",
    )

    cross_border: bool | None = ask(
        "Berörs registrerade i andra EU/EES-länder (gränsöverskridande)?",
        "Are data subjects in other EU/EEA countries affected (cross-border)?",
        "Gränsöverskridande incidenter anmäls på IMY:s särskilda formulär och kan höra till en annan "
        "ledande tillsynsmyndighet.",
        "Cross-border breaches use IMY's separate form and may belong to another lead authority.",
        unknown=True,
    )


class ControllerSection(Section):
    letter = "B"
    title = Text("Personuppgiftsansvarig", "Controller")
    why = Text(
        "Anmälan görs av den som är ansvarig för behandlingen, inte av leverantören.",
        "The notification comes from the organisation responsible for the processing, not the supplier.",
    )

    name: ShortText = ask(
        "Namn på den personuppgiftsansvarige",
        "Controller's name",
        "IMY måste veta vilken organisation som ansvarar för uppgifterna.",
        "IMY must know which organisation answers for the data.",
    )
    org_number: OrgNumber = ask(
        "Organisationsnummer",
        "Corporate identity number",
        "Numret identifierar organisationen entydigt i IMY:s ärende.",
        "The number identifies the organisation unambiguously in IMY's case.",
    )
    postal_address: LongText = ask(
        "Postadress",
        "Postal address",
        "IMY skickar beslut och frågor till organisationens adress.",
        "IMY sends decisions and questions to the organisation's address.",
    )
    own_reference: ShortText = ask(
        "Ert referensnummer för egen uppföljning",
        "Your own reference",
        "Referensen hjälper er att koppla IMY:s ärende till ert eget.",
        "The reference lets you match IMY's case to your own records.",
    )
    sector: Sector | None = ask(
        "Sektor",
        "Sector",
        "Sektorn säger något om vilka uppgifter som brukar behandlas och hur känsliga de är.",
        "The sector hints at what data are usually processed and how sensitive they are.",
    )
    nis2_entity: Nis2Entity | None = ask(
        "Omfattas organisationen av cybersäkerhetslagen (NIS2)?",
        "Is the organisation covered by the Cybersecurity Act (NIS2)?",
        "Väsentliga och viktiga verksamhetsutövare har egna rapporteringsfrister till CERT-SE "
        "(24 timmar, 72 timmar, en månad). Frågan skickas inte till IMY.",
        "Essential and important entities have their own reporting deadlines to the CSIRT "
        "(24 hours, 72 hours, one month). Not sent to IMY.",
        unknown=True,
        imy=False,
    )
    health_care: bool | None = ask(
        "Bedriver organisationen hälso- och sjukvård?",
        "Does the organisation provide health care?",
        "En vårdgivare anmäler allvarliga vårdskador och risker för sådana till IVO (lex Maria). "
        "Frågan skickas inte till IMY.",
        "A care provider reports serious care injuries, and risks of them, to IVO (lex Maria). "
        "Not sent to IMY.",
        imy=False,
    )


class ContactSection(Section):
    letter = "C"
    title = Text("Kontaktuppgifter", "Contact")
    why = Text(
        "Art. 33.3 b: anmälan ska ange dataskyddsombud eller annan kontaktpunkt.",
        "Art. 33(3)(b): the notification must name the DPO or another contact point.",
    )

    contact_name: ShortText = ask(
        "Kontaktperson",
        "Contact person",
        "IMY behöver någon att ställa följdfrågor till.",
        "IMY needs someone to ask follow-up questions.",
    )
    contact_phone: Phone = ask(
        "Kontaktpersonens telefon",
        "Contact person's phone",
        "Ett telefonnummer gör att IMY snabbt kan nå er.",
        "A phone number lets IMY reach you quickly.",
    )
    contact_email: Email = ask(
        "Kontaktpersonens e-post",
        "Contact person's email",
        "IMY skickar ofta frågor och kvittenser per e-post.",
        "IMY often sends questions and receipts by email.",
    )
    imy_address: LongText = ask(
        "Adress för kontakt från IMY",
        "Address IMY should write to",
        "IMY skriver till den adress ni anger här, om den skiljer sig från postadressen.",
        "IMY writes to the address given here, if it differs from the postal address.",
    )
    dpo_name: ShortText = ask(
        "Dataskyddsombud",
        "Data protection officer",
        "Art. 33.3 b: dataskyddsombudets namn och kontaktuppgifter ska finnas med.",
        "Art. 33(3)(b): the DPO's name and contact details must be given.",
    )
    dpo_phone: Phone = ask(
        "Dataskyddsombudets telefon",
        "DPO's phone",
        "Så når IMY dataskyddsombudet direkt.",
        "So that IMY can reach the DPO directly.",
    )
    dpo_email: Email = ask(
        "Dataskyddsombudets e-post",
        "DPO's email",
        "Så når IMY dataskyddsombudet direkt.",
        "So that IMY can reach the DPO directly.",
    )


class TimesSection(Section):
    letter = "D"
    title = Text("Tidpunkter", "Times")
    why = Text(
        "Fristen på 72 timmar räknas från när ni fick kännedom; tidslinjen visar om ni agerat utan "
        "onödigt dröjsmål.",
        "The 72 hours run from when you became aware; the timeline shows whether you acted without "
        "undue delay.",
    )

    occurred_from: Instant = ask(
        "När inträffade incidenten?",
        "When did it happen?",
        "Starttiden visar hur länge uppgifterna var exponerade.",
        "The start shows how long the data were exposed.",
        unknown=True,
    )
    occurred_to: Instant = ask(
        "Inträffade under en period: till och med",
        "If over a period: until",
        "Om incidenten pågick under en period, ange när perioden slutade.",
        "If the breach happened over a period, give when that period ended.",
    )
    ongoing: bool | None = ask(
        "Pågår incidenten fortfarande?",
        "Is it still ongoing?",
        "En pågående incident kan kräva fler åtgärder och fler kompletteringar.",
        "An ongoing breach may need more measures and further supplements.",
        unknown=True,
    )
    ended_at: Instant = ask(
        "När upphörde incidenten?",
        "When did it end?",
        "Sluttiden avgränsar hur länge de registrerade var utsatta.",
        "The end bounds how long the data subjects were exposed.",
        unknown=True,
    )
    discovered_at: Instant = ask(
        "När upptäcktes incidenten?",
        "When was it discovered?",
        "Tiden mellan upptäckt och kännedom får bara vara en kort, skyndsam utredning.",
        "The time from discovery to awareness may only be a short, prompt investigation.",
        unknown=True,
    )
    aware_at: Instant = ask(
        "När fick ni kännedom om incidenten?",
        "When did you become aware of it?",
        "Från denna tidpunkt räknas 72 timmar (art. 33.1). Ändras den, ska skälet anges.",
        "The 72 hours of Art. 33(1) run from this moment. Changing it requires a reason.",
    )
    discovery: DiscoveryMethod | None = ask(
        "Hur upptäcktes incidenten?",
        "How was it discovered?",
        "Vem som upptäckte incidenten säger något om era egna kontroller.",
        "Who found the breach says something about your own controls.",
        unknown=True,
    )
    delay_reasons: LongText = ask(
        "Skäl till att anmälan görs senare än 72 timmar",
        "Reasons for notifying later than 72 hours",
        "Art. 33.1: en sen anmälan ska åtföljas av skälen till förseningen.",
        "Art. 33(1): a late notification must give the reasons for the delay.",
    )


class Processor(BaseModel):
    """A supplier (processor or sub-processor) involved in the breach."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    role: ProcessorRole = ProcessorRole.PROCESSOR
    system: ShortText = None
    contract_hours: int | None = Field(
        default=None,
        ge=1,
        le=24 * 30,
        description="Hours within which the contract obliges the processor to tell the controller.",
    )
    aware_at: Instant = Field(default=None, description="When the processor itself became aware.")
    notified_controller_at: Instant = Field(
        default=None, description="When the processor told the controller."
    )


class DescriptionSection(Section):
    letter = "E"
    title = Text("Beskrivning av incidenten", "What happened")
    why = Text(
        "Art. 33.3 a: anmälan ska beskriva incidentens art.",
        "Art. 33(3)(a): the notification must describe the nature of the breach.",
    )

    title_internal: ShortText = ask(
        "Kort rubrik (internt)",
        "Short title (internal)",
        "Rubriken visas i ert register och skickas inte till IMY.",
        "The title is shown in your register and is not sent to IMY.",
        imy=False,
    )
    summary: LongText = ask(
        "Vad har hänt?",
        "What happened?",
        "En kort och saklig beskrivning hjälper IMY att förstå händelsen. Skriv inte namn eller "
        "personnummer på de drabbade: anmälan blir en allmän handling.",
        "A short, factual account helps IMY understand the event. Do not name the people "
        "affected: the notification becomes a public document.",
    )
    breach_type: BreachType | None = ask(
        "Vilket alternativ stämmer bäst med det som inträffat?",
        "Which option best fits what happened?",
        "IMY sorterar incidenter efter typ för tillsyn och statistik.",
        "IMY sorts breaches by type for supervision and statistics.",
    )
    cause: Cause | None = ask(
        "Orsak",
        "Cause",
        "Orsaken avgör vilka åtgärder som förhindrar en upprepning; ett angrepp väger tyngre i "
        "riskbedömningen.",
        "The cause decides which measures prevent a repeat; an attack weighs more in the risk.",
        unknown=True,
    )
    kinds: ChoiceList[BreachKind] | None = ask(
        "Påverkan (konfidentialitet, riktighet, tillgänglighet)",
        "Kind of breach (confidentiality, integrity, availability)",
        "Slaget av incident styr vilka konsekvenser som är sannolika; flera kan gälla samtidigt.",
        "The kind of breach drives which consequences are likely; several can apply at once.",
        unknown=True,
    )
    processors: Annotated[list[Processor] | None, FewEntries] = ask(
        "Personuppgiftsbiträde eller underbiträde inblandat",
        "Processor or sub-processor involved",
        "Art. 33.2: biträdet ska underrätta er; IMY vill veta vilken leverantör som drabbades.",
        "Art. 33(2): the processor must tell you; IMY wants to know which supplier was hit.",
        unknown=True,
    )
    # The forensic result belongs where IMY reads it: the internal circumstances (R) only feed
    # the risk assessment and are never sent.
    investigation: LongText = ask(
        "Vad har utredningen visat, till exempel om uppgifter har förts ut?",
        "What has the investigation shown, for example whether data were taken out?",
        "Utredningens resultat avgör hur allvarlig incidenten är; IMY vill veta om uppgifter har "
        "kopierats eller förts ut, och hur ni vet det.",
        "The investigation's result decides how serious the breach is; IMY wants to know whether "
        "data were copied or taken out, and how you know.",
        unknown=True,
    )
