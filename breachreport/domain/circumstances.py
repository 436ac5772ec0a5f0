"""The internal sections that feed the risk assessment and record the DPO's decision.

These questions are not part of IMY's form; they document Art. 33(5) reasoning and are never sent
to IMY as such. Their answer choices are in ``circumstance_choices``.
"""

from __future__ import annotations

from pydantic import model_validator

from .circumstance_choices import (
    Access,
    AvailabilityImpact,
    Backup,
    BehaviouralInsight,
    CareImpact,
    DataContext,
    Deletion,
    DeviceState,
    EaseOfIdentification,
    Encryption,
    Exfiltration,
    FinancialInsight,
    IntegrityImpact,
    Medium,
    Misuse,
    MisuseKind,
    PasswordProtection,
    Pseudonymisation,
    Reachability,
    RecipientKind,
    Recipients,
    SensitiveGravity,
    SensitiveInsight,
)
from .fields import ChoiceList, Hours, Instant, LongText, ShortText, ask
from .labels import Choice, Text
from .problems import raise_rules
from .section_base import Section


class CircumstancesSection(Section):
    letter = "R"
    title = Text("Omständigheter för riskbedömningen", "Circumstances for the risk assessment")
    why = Text(
        "Svaren styr riskbedömningen (EDPB:s faktorer och ENISA:s allvarlighetsgrad). De skickas "
        "inte till IMY men dokumenterar ert resonemang enligt art. 33.5.",
        "The answers drive the risk assessment (the EDPB's factors and ENISA's severity). They are "
        "not sent to IMY but document your reasoning under Art. 33(5).",
    )
    sent_to_imy = False

    exfiltration: Exfiltration | None = ask(
        "Har uppgifter förts ut eller kopierats av obehöriga?",
        "Were data taken out or copied by someone unauthorised?",
        "Utförda uppgifter kan missbrukas; det är ofta skillnaden mellan risk och hög risk.",
        "Data that left can be misused; this is often the difference between risk and high risk.",
        unknown=True,
        imy=False,
    )
    recipients: Recipients | None = ask(
        "Vem har fått eller kunnat se uppgifterna?",
        "Who received or could see the data?",
        "En enda känd mottagare är något annat än en sändlista, okända angripare eller en "
        "publicering.",
        "One known recipient is very different from a mailing list, unknown attackers or "
        "publication.",
        unknown=True,
        imy=False,
    )
    recipient_kind: RecipientKind | None = ask(
        "Vilka är de kända mottagarna?",
        "Who are the known recipients?",
        "EDPB: en betrodd mottagare med tystnadsplikt sänker risken; en person i ond tro höjer den.",
        "EDPB: a trusted recipient bound by secrecy lowers the risk; a person in bad faith raises it.",
        unknown=True,
        imy=False,
    )
    deletion: Deletion | None = ask(
        "Har mottagarna raderat eller lämnat tillbaka uppgifterna?",
        "Have the recipients deleted or returned the data?",
        "Ett skriftligt intyg om radering, eller ett brev som kom tillbaka oläst, kan göra risken "
        "osannolik (EDPB).",
        "A written confirmation of deletion, or a letter returned unread, can make the risk "
        "unlikely (EDPB).",
        unknown=True,
        imy=False,
    )
    access: Access | None = ask(
        "Öppnade någon obehörig uppgifterna?",
        "Did anyone unauthorised open the data?",
        "Uppgifter som låg åtkomliga men som loggar visar att ingen öppnade är något annat än "
        "uppgifter som lästes.",
        "Data that lay open but that logs show nobody opened differ from data that were read.",
        unknown=True,
        imy=False,
    )
    exposure_hours: Hours = ask(
        "Hur många timmar låg uppgifterna åtkomliga eller publicerade?",
        "For how many hours were the data exposed or published?",
        "Ju längre uppgifterna låg öppna, desto troligare är det att någon tog del av dem.",
        "The longer the data lay open, the likelier that someone took them.",
        unknown=True,
        imy=False,
    )
    misuse: Misuse | None = ask(
        "Finns tecken på att uppgifterna missbrukats?",
        "Is there any sign that the data were misused?",
        "Missbruk visar att skadan inte längre bara är möjlig.",
        "Misuse shows that the harm is no longer merely possible.",
        unknown=True,
        imy=False,
    )
    misuse_kinds: ChoiceList[MisuseKind] | None = ask(
        "Om uppgifterna missbrukats: hur?",
        "If the data were misused: how?",
        "Bedrägeri eller utpressning är något annat än att en tidigare anställd kontaktar kunder.",
        "Fraud or extortion is very different from a former employee contacting customers.",
        unknown=True,
        imy=False,
    )
    encryption: Encryption | None = ask(
        "Var uppgifterna krypterade?",
        "Were the data encrypted?",
        "Stark kryptering med säker nyckel gör uppgifterna oläsbara (art. 34.3 a).",
        "Strong encryption with a safe key makes the data unintelligible (Art. 34(3)(a)).",
        unknown=True,
        imy=False,
    )
    pseudonymised: Pseudonymisation | None = ask(
        "Var uppgifterna pseudonymiserade?",
        "Were the data pseudonymised?",
        "Pseudonymer utan nyckel är svåra att koppla till personer (ENISA: begränsad "
        "identifierbarhet).",
        "Pseudonyms without the key are hard to link to people (ENISA: limited ease of "
        "identification).",
        unknown=True,
        imy=False,
    )
    passwords: PasswordProtection | None = ask(
        "Om lösenord berörs: hur var de skyddade?",
        "If passwords are involved: how were they protected?",
        "Starkt hashade och saltade lösenord är svåra att utnyttja.",
        "Strongly hashed and salted passwords are hard to exploit.",
        unknown=True,
        imy=False,
    )
    medium: Medium | None = ask(
        "Var fanns uppgifterna?",
        "Where were the data held?",
        "Papper kan inte krypteras; en dator eller ett usb-minne kan.",
        "Paper cannot be encrypted; a laptop or a USB stick can.",
        unknown=True,
        imy=False,
    )
    device_state: ChoiceList[DeviceState] | None = ask(
        "Om en enhet förlorades: i vilket skick var den?",
        "If a device was lost: what state was it in?",
        "En avstängd, låst och fjärrraderad enhet är svårare att läsa än en öppen; en återfunnen "
        "oöppnad enhet tar bort risken.",
        "A device that was off, locked and wiped is harder to read than an open one; a device "
        "recovered unopened removes the risk.",
        unknown=True,
        imy=False,
    )
    availability: AvailabilityImpact | None = ask(
        "Hur länge var uppgifterna otillgängliga?",
        "How long were the data unavailable?",
        "Långvarig otillgänglighet kan i sig vara en risk, särskilt i vården.",
        "A long loss of availability can be a risk in itself, above all in healthcare.",
        unknown=True,
        imy=False,
    )
    unavailable_hours: Hours = ask(
        "Hur många timmar var uppgifterna otillgängliga?",
        "For how many hours were the data out of reach?",
        "Journaler ur räckhåll i mer än ett dygn är en hög risk för patienterna (WP250).",
        "Records out of reach for more than a day are a high risk to patients (WP250).",
        unknown=True,
        imy=False,
    )
    backup: Backup | None = ask(
        "Fanns en användbar säkerhetskopia?",
        "Was there a usable backup?",
        "En snabb återställning från säkerhetskopia begränsar skadan.",
        "A quick restore from backup limits the harm.",
        unknown=True,
        imy=False,
    )
    care_affected: CareImpact | None = ask(
        "Påverkas vård eller annan viktig service?",
        "Is care or another vital service affected?",
        "I vården kan förlorad tillgänglighet skada patienter, även innan någon operation har "
        "skjutits upp; då är risken hög.",
        "In healthcare, lost availability can harm patients even before any surgery is postponed; "
        "then the risk is high.",
        unknown=True,
        imy=False,
    )
    integrity: IntegrityImpact | None = ask(
        "Ändrades uppgifter?",
        "Were data altered?",
        "Felaktiga uppgifter kan leda till felaktiga beslut om personerna.",
        "Wrong data can lead to wrong decisions about the people.",
        unknown=True,
        imy=False,
    )
    ease_of_identification: EaseOfIdentification | None = ask(
        "Hur lätt går personerna att identifiera?",
        "How easily can the people be identified?",
        "Namn med personnummer identifierar direkt; pseudonymer gör det svårt. Obesvarat härleds "
        "det ur uppgifterna.",
        "A name with an identity number identifies directly; pseudonyms make it hard. Unanswered, "
        "it is derived from the data.",
        unknown=True,
        imy=False,
    )
    data_context: DataContext | None = ask(
        "Vad avslöjar uppgifterna om personerna, genom vilka de är?",
        "What do the data reveal through who the people are?",
        "En enkel kundlista kan vara känslig: en kliniks kunder, arbetssökande eller personer med "
        "skyddade personuppgifter. ENISA höjer då grundpoängen.",
        "A plain customer list can be sensitive: a clinic's customers, job seekers or people with "
        "protected identity. ENISA then raises the base score.",
        unknown=True,
        imy=False,
    )
    behavioural_insight: BehaviouralInsight | None = ask(
        "Om uppgifter om beteende berörs (plats, trafikdata, vanor): hur mycket visar de?",
        "If behavioural data are involved (location, traffic data, habits): how much do they show?",
        "ENISA sänker poängen för uppgifter utan egentlig insyn och höjer den för en vardagsprofil.",
        "ENISA lowers the score for data without real insight and raises it for an everyday profile.",
        unknown=True,
        imy=False,
    )
    financial_insight: FinancialInsight | None = ask(
        "Om ekonomiska uppgifter berörs: hur mycket visar de?",
        "If financial data are involved: how much do they show?",
        "Att vara kund säger lite; kortuppgifter möjliggör bedrägeri. ENISA justerar poängen efter det.",
        "Being a customer says little; card details enable fraud. ENISA adjusts the score for it.",
        unknown=True,
        imy=False,
    )
    sensitive_insight: SensitiveInsight | None = ask(
        "Om känsliga uppgifter berörs: hur mycket röjer de?",
        "If special categories are involved: how much do they disclose?",
        "ENISA sänker poängen när känsliga uppgifter bara tillåter allmänna antaganden.",
        "ENISA lowers the score when sensitive data allow only general assumptions.",
        unknown=True,
        imy=False,
    )
    sensitive_gravity: SensitiveGravity | None = ask(
        "Om känsliga uppgifter berörs: hur allvarliga är de?",
        "If special categories are involved: how grave are they?",
        "En sjukdag är något annat än psykiatrisk vård eller en hivdiagnos; det avgör hur hårt "
        "ett röjande drabbar personen.",
        "A day of sick leave differs from psychiatric care or an HIV diagnosis; it decides how hard "
        "a disclosure hits the person.",
        unknown=True,
        imy=False,
    )
    authority_aware: bool | None = ask(
        "Känner IMY redan till incidenten (t.ex. genom ett biträde eller medierna)?",
        "Does IMY already know of the breach (e.g. from a processor or the media)?",
        "Det tar inte bort skyldigheten att anmäla, men hör hemma i dokumentationen.",
        "It does not lift the duty to notify, but it belongs in the record.",
        imy=False,
    )
    risk_removed: bool | None = ask(
        "Har senare åtgärder gjort att en hög risk inte längre är sannolik?",
        "Have later measures made a high risk no longer likely?",
        "Art. 34.3 b: t.ex. alla röjda kort spärrade, alla lösenord bytta, enheten återfunnen "
        "oöppnad. Då behöver de registrerade inte informeras; beskriv åtgärderna under H.",
        "Art. 34(3)(b): e.g. every exposed card blocked, every password reset, the device recovered "
        "unopened. Then the people need not be told; describe the measures under H.",
        imy=False,
    )
    reachability: Reachability | None = ask(
        "Kan de registrerade nås var för sig?",
        "Can the data subjects be reached individually?",
        "Art. 34.3 c: om det kräver oproportionerlig ansträngning informeras de i stället genom ett "
        "offentligt meddelande.",
        "Art. 34(3)(c): if that takes disproportionate effort, they are told through a public "
        "announcement instead.",
        imy=False,
    )
    notes: LongText = ask(
        "Övrigt om risken",
        "Other notes on the risk",
        "Sådant som påverkar bedömningen men inte passar ovan.",
        "Anything that affects the judgement but does not fit above.",
        imy=False,
    )


class Outcome(Choice):
    DOCUMENT_ONLY = ("document_only", "Endast dokumentera internt", "Document internally only")
    NOTIFY_AUTHORITY = ("notify_authority", "Anmäl till IMY", "Notify IMY")
    NOTIFY_AUTHORITY_AND_SUBJECTS = (
        "notify_authority_and_subjects",
        "Anmäl till IMY och informera de registrerade",
        "Notify IMY and tell the data subjects",
    )


class DecisionSection(Section):
    letter = "S"
    title = Text("Beslut", "Decision")
    why = Text(
        "Art. 33.5: beslutet att anmäla eller inte, och varför, ska dokumenteras.",
        "Art. 33(5): the decision to notify or not, and why, must be documented.",
    )
    sent_to_imy = False

    outcome: Outcome | None = ask(
        "Beslut",
        "Decision",
        "Dataskyddsombudets beslut; riskbedömningen är ett underlag, inte ett beslut.",
        "The DPO's decision; the assessment supports it and does not replace it.",
        imy=False,
    )
    follows_recommendation: bool | None = ask(
        "Följer beslutet riskbedömningens rekommendation?",
        "Does the decision follow the assessment's recommendation?",
        "Ett avsteg från rekommendationen ska motiveras.",
        "A departure from the recommendation must be explained.",
        imy=False,
    )
    reason: LongText = ask(
        "Motivering",
        "Reason",
        "Motiveringen visas i registret och i dokumenten.",
        "The reason is shown in the register and in the documents.",
        imy=False,
    )
    decided_by: ShortText = ask(
        "Beslutat av",
        "Decided by",
        "Registret ska visa vem som beslutade.",
        "The register must show who decided.",
        imy=False,
    )
    decided_at: Instant = ask(
        "Beslutat den",
        "Decided at",
        "Tidpunkten för beslutet.",
        "When the decision was made.",
        imy=False,
    )

    @model_validator(mode="after")
    def _override_needs_reason(self) -> DecisionSection:
        if self.follows_recommendation is False and not self.reason:
            raise_rules("DecisionSection", [(("reason",), "decision_override_reason", {})])
        return self
