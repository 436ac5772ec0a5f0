"""The sections A to J of IMY's notification as pydantic models, each question with labels and a why.

Every field is optional so that a draft is valid at any stage; completeness is judged at filing time
(see ``filing_rules``). "Not yet known" is an explicit answer, kept in each section's
``not_yet_known`` list, allowed only where the question says so.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .choices import (
    EU_EEA_COUNTRIES,
    Authority,
    BreachKind,
    BreachType,
    Cause,
    Channel,
    Consequence,
    DataCategory,
    DiscoveryMethod,
    InformStatus,
    Nis2Entity,
    NotInformReason,
    ProcessorRole,
    Sector,
    SeverityEstimate,
    SubjectCategory,
)
from .fields import (
    ChoiceList,
    Count,
    Email,
    Instant,
    LongText,
    Name,
    OrgNumber,
    Phone,
    ShortText,
    ask,
    question_meta,
)
from .labels import Text
from .problems import raise_rules, rule_error


class Section(BaseModel):
    """Common behaviour: the 'not yet known' answers and the section's own labels."""

    model_config = ConfigDict(extra="forbid")

    letter: ClassVar[str] = ""
    title: ClassVar[Text] = Text("", "")
    why: ClassVar[Text] = Text("", "")
    sent_to_imy: ClassVar[bool] = True

    not_yet_known: list[str] = Field(
        default_factory=list,
        description="Questions of this section answered 'not yet known'.",
    )

    @classmethod
    def question_names(cls) -> list[str]:
        return [name for name in cls.model_fields if name != "not_yet_known"]

    @classmethod
    def unknown_allowed(cls, name: str) -> bool:
        field = cls.model_fields.get(name)
        return bool(field) and name != "not_yet_known" and question_meta(field)[2]

    @model_validator(mode="after")
    def _check_not_yet_known(self) -> Section:
        marked = list(dict.fromkeys(self.not_yet_known))
        broken = []
        for name in marked:
            if not self.unknown_allowed(name):
                broken.append((("not_yet_known", name), "unknown_not_allowed", {}))
            elif getattr(self, name) is not None:
                broken.append(((name,), "unknown_and_answered", {}))
        raise_rules(type(self).__name__, broken)
        self.not_yet_known = [n for n in self.question_names() if n in marked]
        return self

    def is_unknown(self, name: str) -> bool:
        return name in self.not_yet_known

    def is_answered(self, name: str) -> bool:
        return getattr(self, name) is not None


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
    processors: list[Processor] | None = ask(
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


class DataSection(Section):
    letter = "F"
    title = Text("Registrerade och personuppgifter", "Data subjects and personal data")
    why = Text(
        "Art. 33.3 a: kategorier och ungefärligt antal registrerade och poster ska anges.",
        "Art. 33(3)(a): the categories and approximate numbers of people and records must be given.",
    )

    subjects_count: Count | None = ask(
        "Ungefär hur många registrerade berörs?",
        "Approximately how many data subjects are affected?",
        "Antalet påverkar hur allvarlig incidenten är och hur de registrerade bör informeras.",
        "The number affects how serious the breach is and how to inform the people.",
        unknown=True,
    )
    records_count: Count | None = ask(
        "Ungefär hur många personuppgiftsposter berörs?",
        "Approximately how many personal data records are affected?",
        "Antalet poster visar omfattningen, även när samma person finns i flera poster.",
        "The number of records shows the scale, even where one person appears in several.",
        unknown=True,
    )
    subject_categories: ChoiceList[SubjectCategory] | None = ask(
        "Vilka grupper tillhör de registrerade?",
        "Which groups do the data subjects belong to?",
        "Barn, patienter och andra sårbara grupper kräver större försiktighet.",
        "Children, patients and other vulnerable people call for greater care.",
        unknown=True,
    )
    subject_categories_other: ShortText = ask(
        "Andra grupper",
        "Other groups",
        "Beskriv grupper som inte finns bland alternativen.",
        "Describe groups that are not among the options.",
    )
    data_categories: ChoiceList[DataCategory] | None = ask(
        "Vilken sorts personuppgifter har incidenten drabbat?",
        "Which kinds of personal data are affected?",
        "Känsliga uppgifter, personnummer och ekonomiska uppgifter höjer risken för de registrerade.",
        "Special categories, identity numbers and financial data raise the risk to the people.",
        unknown=True,
    )
    data_categories_other: ShortText = ask(
        "Andra slags uppgifter",
        "Other kinds of data",
        "Beskriv uppgifter som inte finns bland alternativen.",
        "Describe data that are not among the options.",
    )
    sensitive_subjects_count: Count | None = ask(
        "Hur många av dem gäller de känsliga uppgifterna eller uppgifterna om lagöverträdelser?",
        "How many of them do the special-category or criminal offence data concern?",
        "En känslig uppgift om tio personer i ett register över tusentals väger annorlunda än om "
        "alla; IMY frågar efter antalet per kategori.",
        "A sensitive item about ten people in a register of thousands weighs differently from one "
        "about everyone; IMY asks for the numbers per category.",
        unknown=True,
    )


class ConsequencesSection(Section):
    letter = "G"
    title = Text("Konsekvenser", "Consequences")
    why = Text(
        "Art. 33.3 c: anmälan ska beskriva de sannolika konsekvenserna.",
        "Art. 33(3)(c): the notification must describe the likely consequences.",
    )

    likely: ChoiceList[Consequence] | None = ask(
        "Vad kan bli konsekvenserna av incidenten?",
        "What may the consequences be?",
        "Konsekvenserna för de registrerade är kärnan i riskbedömningen.",
        "The consequences for the people are the core of the risk assessment.",
        unknown=True,
    )
    details: LongText = ask(
        "Beskriv konsekvenserna",
        "Describe the consequences",
        "Berätta hur konsekvenserna kan visa sig i just det här fallet.",
        "Say how the consequences may show in this particular case.",
    )
    severity: SeverityEstimate | None = ask(
        "Hur allvarlig är incidenten för de registrerades integritet?",
        "How serious is the breach for the data subjects' privacy?",
        "Er egen bedömning; breachreports riskbedömning ger ett underlag.",
        "Your own judgement; breachreport's assessment gives you a basis for it.",
        unknown=True,
    )


class MeasuresSection(Section):
    letter = "H"
    title = Text("Åtgärder", "Measures")
    why = Text(
        "Art. 33.3 d: anmälan ska beskriva vidtagna och föreslagna åtgärder, även för att begränsa "
        "skadan.",
        "Art. 33(3)(d): the notification must describe measures taken or proposed, including "
        "those to limit harm.",
    )

    taken: LongText = ask(
        "Vilka åtgärder har ni vidtagit?",
        "What measures have you taken?",
        "Åtgärder för att stoppa incidenten och begränsa skadan för de registrerade.",
        "Measures that stop the breach and limit the harm to the people.",
    )
    planned: LongText = ask(
        "Vilka åtgärder planerar ni?",
        "What measures are planned?",
        "Åtgärder som ska förhindra att det händer igen.",
        "Measures to prevent it happening again.",
    )


class CommunicationSection(Section):
    letter = "I"
    title = Text("Information till de registrerade", "Telling the data subjects")
    why = Text(
        "Art. 34: vid hög risk ska de registrerade informeras utan onödigt dröjsmål.",
        "Art. 34: where the risk is high, the people must be told without undue delay.",
    )

    status: InformStatus | None = ask(
        "Har ni informerat de registrerade?",
        "Have you informed the data subjects?",
        "IMY kan förelägga er att informera om risken är hög.",
        "IMY can order you to inform them if the risk is high.",
        unknown=True,
    )
    informed_at: Instant = ask(
        "När informerade ni dem?",
        "When did you inform them?",
        "Tidpunkten visar om informationen gick ut utan onödigt dröjsmål.",
        "The time shows whether they were told without undue delay.",
    )
    channels: ChoiceList[Channel] | None = ask(
        "Hur informerade ni (eller kommer ni att informera) dem?",
        "How did (or will) you inform them?",
        "Kanalen ska nå de berörda; ett offentligt meddelande räcker bara i undantagsfall.",
        "The channel must reach the people; a public announcement is only for exceptional cases.",
    )
    planned_at: Instant = ask(
        "När kommer ni att informera dem?",
        "When will you inform them?",
        "IMY vill veta att informationen inte dröjer i onödan.",
        "IMY wants to know that telling them will not be unduly delayed.",
    )
    reason_not: NotInformReason | None = ask(
        "Varför kommer ni inte att informera dem?",
        "Why will you not inform them?",
        "Art. 34.3 anger när information inte krävs; skälet ska dokumenteras.",
        "Art. 34(3) says when they need not be told; the reason must be documented.",
    )
    reason_details: LongText = ask(
        "Förklara skälet",
        "Explain the reason",
        "En kort motivering gör beslutet begripligt för IMY.",
        "A short explanation makes the decision understandable to IMY.",
    )


class AuthorityReport(BaseModel):
    """A report of the same incident to another authority."""

    model_config = ConfigDict(extra="forbid")

    authority: Authority
    reference: ShortText = None
    reported_at: Instant = None
    details: ShortText = None


class OtherSection(Section):
    letter = "J"
    title = Text("Övrigt", "Other")
    why = Text(
        "Andra myndigheter och länder kan behöva samordnas med IMY:s ärende.",
        "Other authorities and countries may need to be coordinated with IMY's case.",
    )

    other_countries: list[str] | None = ask(
        "Registrerade i andra EU/EES-länder",
        "Data subjects in other EU/EEA countries",
        "Andra länders tillsynsmyndigheter kan behöva underrättas.",
        "Other countries' supervisory authorities may need to be told.",
        unknown=True,
    )
    reports: list[AuthorityReport] | None = ask(
        "Anmält till andra myndigheter",
        "Reported to other authorities",
        "Polisanmälan, CERT-SE, IVO eller Säkerhetspolisen: IMY vill se helheten.",
        "Police, CSIRT, IVO or the Security Service: IMY wants the whole picture.",
    )
    other_info: LongText = ask(
        "Övrig information",
        "Anything else",
        "Här kan ni lägga till sådant som inte passar i de andra frågorna.",
        "Add here what does not fit the other questions.",
    )
    secrecy_claim: LongText = ask(
        "Uppgifter som ni anser omfattas av sekretess",
        "What you consider secret",
        "Allt som skickas till IMY blir allmän handling; ange här vilka uppgifter ni anser "
        "omfattas av sekretess och varför.",
        "Everything sent to IMY becomes a public document; say here which details you consider "
        "secret and why.",
    )

    @field_validator("other_countries")
    @classmethod
    def _countries(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes = [code.strip().upper() for code in value]
        for code in codes:
            if code not in EU_EEA_COUNTRIES:
                raise rule_error("country_not_eu_eea")
        return sorted(set(codes)) or None
