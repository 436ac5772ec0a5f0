"""The internal sections that feed the risk assessment and record the DPO's decision.

These questions are not part of IMY's form; they document Art. 33(5) reasoning and are never sent
to IMY as such.
"""

from __future__ import annotations

from pydantic import model_validator

from .fields import Instant, LongText, ShortText, ask
from .labels import Choice, Text
from .problems import raise_rules
from .sections import Section


class Exfiltration(Choice):
    CONFIRMED = ("confirmed", "Ja, bekräftat", "Yes, confirmed")
    SUSPECTED = ("suspected", "Misstänks men är inte bekräftat", "Suspected, not confirmed")
    RULED_OUT = (
        "ruled_out",
        "Nej, uteslutet med stöd av loggar eller utredning",
        "No, ruled out by logs or forensic work",
    )


class Recipients(Choice):
    NONE_KNOWN = (
        "none_known",
        "Ingen, såvitt känt (exponerat men inga tecken på att någon sett uppgifterna)",
        "No one, as far as known (exposed, no sign that anyone saw the data)",
    )
    FEW_KNOWN = ("few_known", "Ett fåtal kända mottagare", "A few known recipients")
    UNKNOWN_OR_MANY = (
        "unknown_or_many",
        "Okända eller många mottagare",
        "Unknown or many recipients",
    )
    PUBLISHED = ("published", "Publicerat", "Published")


class Encryption(Choice):
    NONE = ("none", "Inte krypterade", "Not encrypted")
    STRONG_KEY_SAFE = (
        "strong_key_safe",
        "Starkt krypterade, nyckeln är inte röjd",
        "Strongly encrypted, key not compromised",
    )
    WEAK_OR_KEY_EXPOSED = (
        "weak_or_key_exposed",
        "Svag kryptering eller röjd nyckel",
        "Weak encryption or compromised key",
    )


class PasswordProtection(Choice):
    PLAINTEXT = ("plaintext", "I klartext", "In plain text")
    WEAK_HASH = ("weak_hash", "Svagt hashade", "Weakly hashed")
    STRONG_SALTED_HASH = (
        "strong_salted_hash",
        "Starkt hashade och saltade, saltet inte röjt",
        "Strongly hashed and salted, salt not compromised",
    )


class AvailabilityImpact(Choice):
    NONE = ("none", "Ingen", "None")
    RESTORED_QUICKLY = (
        "restored_quickly",
        "Återställt inom timmar utan påverkan på verksamheten",
        "Restored within hours with no effect on operations",
    )
    TEMPORARY = ("temporary", "Tillfälligt otillgängligt (dagar)", "Temporarily unavailable (days)")
    PERMANENT = ("permanent", "Permanent förlorat", "Permanently lost")


class Backup(Choice):
    RESTORED = ("restored", "Återställt från säkerhetskopia", "Restored from backup")
    AVAILABLE = ("available", "Säkerhetskopia finns", "Backup available")
    NONE = ("none", "Ingen användbar säkerhetskopia", "No usable backup")
    COMPROMISED = ("compromised", "Säkerhetskopian drabbades också", "Backup also compromised")


class IntegrityImpact(Choice):
    NONE = ("none", "Ingen ändring, eller rättat före användning", "None, or repaired before use")
    RECOVERABLE = (
        "recoverable",
        "Ändrat, kan ha använts felaktigt, kan återställas",
        "Altered, possibly misused, recoverable",
    )
    NOT_RECOVERABLE = (
        "not_recoverable",
        "Ändrat, kan ha använts felaktigt, kan inte återställas",
        "Altered, possibly misused, not recoverable",
    )


class Misuse(Choice):
    NONE_SEEN = ("none_seen", "Inga tecken på missbruk", "No sign of misuse")
    SUSPECTED = ("suspected", "Misstänkt missbruk", "Misuse suspected")
    CONFIRMED = ("confirmed", "Bekräftat missbruk", "Misuse confirmed")


class EaseOfIdentification(Choice):
    NEGLIGIBLE = ("negligible", "Försumbar", "Negligible")
    LIMITED = ("limited", "Begränsad", "Limited")
    SIGNIFICANT = ("significant", "Betydande", "Significant")
    MAXIMUM = ("maximum", "Maximal (identifierar personen direkt)", "Maximum (identifies directly)")


class DataContext(Choice):
    """What plain data (names, contact details) reveal through who the people are (ENISA)."""

    NOTHING_MORE = (
        "nothing_more",
        "Inget utöver själva uppgifterna",
        "Nothing beyond the items themselves",
    )
    PROFILE = (
        "profile",
        "Gör profilering eller antaganden om social eller ekonomisk situation möjliga (t.ex. att man är arbetssökande)",
        "Allows profiling or assumptions about social or financial status (e.g. being a job seeker)",
    )
    SENSITIVE_ASSUMPTIONS = (
        "sensitive_assumptions",
        "Gör antaganden om hälsa, sexualitet, politik eller religion möjliga (t.ex. en kliniks kundlista)",
        "Allows assumptions about health, sexuality, politics or religion (e.g. a clinic's customer list)",
    )
    SAFETY = (
        "safety",
        "Vilka personerna är kan hota deras säkerhet eller hälsa (t.ex. brottsoffer, skyddade personuppgifter)",
        "Who the people are could endanger their safety or health (e.g. victims, protected identity)",
    )


class BehaviouralInsight(Choice):
    NO_INSIGHT = (
        "no_insight",
        "Ger ingen egentlig insyn eller är redan offentliga",
        "No real insight, or public anyway",
    )
    SOME = (
        "some",
        "Ger viss insyn i vanor eller rörelser",
        "Some insight into habits or movements",
    )
    EVERYDAY_PROFILE = (
        "everyday_profile",
        "Ger en profil av personernas vardag",
        "A profile of the people's everyday life",
    )


class FinancialInsight(Choice):
    BEING_CUSTOMER = (
        "being_customer",
        "Ingen egentlig insyn (t.ex. bara att man är kund)",
        "No real insight (e.g. merely being a customer)",
    )
    LIMITED = (
        "limited",
        "Vissa ekonomiska uppgifter utan egentlig insyn (t.ex. bara kontonummer)",
        "Some financial data without real insight (e.g. bare account numbers)",
    )
    ORDINARY = (
        "ordinary",
        "Ekonomiska uppgifter med viss insyn (t.ex. inkomst, transaktioner)",
        "Financial data with some insight (e.g. income, transactions)",
    )
    FULL = (
        "full",
        "Fullständiga uppgifter som möjliggör bedrägeri (t.ex. kortuppgifter) eller en detaljerad ekonomisk profil",
        "Full data that enable fraud (e.g. card details) or a detailed financial profile",
    )


class SensitiveInsight(Choice):
    NO_INSIGHT = (
        "no_insight",
        "Ger ingen egentlig insyn eller är redan offentliga",
        "No real insight, or public anyway",
    )
    GENERAL = ("general", "Tillåter bara allmänna antaganden", "Allows only general assumptions")
    ASSUMPTIONS = (
        "assumptions",
        "Tillåter antaganden om känsliga förhållanden men röjer dem inte",
        "Allows assumptions about sensitive matters without disclosing them",
    )
    DISCLOSED = ("disclosed", "Röjer känsliga uppgifter", "Discloses sensitive information")


class Reachability(Choice):
    INDIVIDUALLY = (
        "individually",
        "Ja, var och en kan nås (t.ex. med brev, e-post eller sms)",
        "Yes, each can be reached (e.g. by letter, email or text message)",
    )
    DISPROPORTIONATE = (
        "disproportionate",
        "Nej, bara med oproportionerlig ansträngning (t.ex. kontaktuppgifter saknas)",
        "No, only with disproportionate effort (e.g. no contact details)",
    )


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
        "En betrodd mottagare är något annat än okända angripare eller en publicering.",
        "A trusted recipient is very different from unknown attackers or publication.",
        unknown=True,
        imy=False,
    )
    recipient_trusted: bool | None = ask(
        "Är mottagaren betrodd och bunden av tystnadsplikt?",
        "Is the recipient trusted and bound by secrecy?",
        "EDPB: en betrodd mottagare som raderat uppgifterna kan sänka risken till osannolik.",
        "EDPB: a trusted recipient who deleted the data can bring the risk down to unlikely.",
        imy=False,
    )
    deletion_confirmed: bool | None = ask(
        "Har mottagaren skriftligen bekräftat att uppgifterna raderats?",
        "Has the recipient confirmed deletion in writing?",
        "Ett skriftligt intyg är det som gör att risken kan bedömas som borta.",
        "A written confirmation is what lets the risk be judged as gone.",
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
    passwords: PasswordProtection | None = ask(
        "Om lösenord berörs: hur var de skyddade?",
        "If passwords are involved: how were they protected?",
        "Starkt hashade och saltade lösenord är svåra att utnyttja.",
        "Strongly hashed and salted passwords are hard to exploit.",
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
    backup: Backup | None = ask(
        "Fanns en användbar säkerhetskopia?",
        "Was there a usable backup?",
        "En snabb återställning från säkerhetskopia begränsar skadan.",
        "A quick restore from backup limits the harm.",
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
    care_affected: bool | None = ask(
        "Har vård eller annan viktig service försenats eller ställts in?",
        "Was care or another vital service delayed or cancelled?",
        "I vården kan förlorad tillgänglighet skada patienter; då är risken hög.",
        "In healthcare, lost availability can harm patients; then the risk is high.",
        unknown=True,
        imy=False,
    )
    misuse: Misuse | None = ask(
        "Finns tecken på att uppgifterna missbrukats?",
        "Is there any sign that the data were misused?",
        "Bekräftat missbruk, t.ex. bedrägeri, gör risken hög.",
        "Confirmed misuse, such as fraud, makes the risk high.",
        unknown=True,
        imy=False,
    )
    ease_of_identification: EaseOfIdentification | None = ask(
        "Hur lätt går personerna att identifiera? (lämna tomt för att härleda det)",
        "How easily can the people be identified? (leave empty to derive it)",
        "Namn med personnummer identifierar direkt; pseudonymer gör det svårt.",
        "A name with an identity number identifies directly; pseudonyms make it hard.",
        imy=False,
    )
    data_context: DataContext | None = ask(
        "Vad avslöjar uppgifterna om personerna, genom vilka de är? (lämna tomt för att härleda det)",
        "What do the data reveal through who the people are? (leave empty to derive it)",
        "En enkel kundlista kan vara känslig: en kliniks kunder, arbetssökande eller personer med "
        "skyddade personuppgifter. ENISA höjer då grundpoängen.",
        "A plain customer list can be sensitive: a clinic's customers, job seekers or people with "
        "protected identity. ENISA then raises the base score.",
        imy=False,
    )
    behavioural_insight: BehaviouralInsight | None = ask(
        "Om uppgifter om beteende berörs (plats, trafikdata, vanor): hur mycket visar de?",
        "If behavioural data are involved (location, traffic data, habits): how much do they show?",
        "ENISA sänker poängen för uppgifter utan egentlig insyn och höjer den för en vardagsprofil.",
        "ENISA lowers the score for data without real insight and raises it for an everyday profile.",
        imy=False,
    )
    financial_insight: FinancialInsight | None = ask(
        "Om ekonomiska uppgifter berörs: hur mycket visar de?",
        "If financial data are involved: how much do they show?",
        "Att vara kund säger lite; kortuppgifter möjliggör bedrägeri. ENISA justerar poängen efter det.",
        "Being a customer says little; card details enable fraud. ENISA adjusts the score for it.",
        imy=False,
    )
    sensitive_insight: SensitiveInsight | None = ask(
        "Om känsliga uppgifter berörs: hur mycket röjer de?",
        "If special categories are involved: how much do they disclose?",
        "ENISA sänker poängen när känsliga uppgifter bara tillåter allmänna antaganden.",
        "ENISA lowers the score when sensitive data allow only general assumptions.",
        imy=False,
    )
    risk_removed: bool | None = ask(
        "Har senare åtgärder gjort att en hög risk inte längre är sannolik?",
        "Have later measures made a high risk no longer likely?",
        "Art. 34.3 b: t.ex. alla röjda kort spärrade, alla lösenord bytta, enheten återfunnen "
        "oöppnad. Då behöver de registrerade inte informeras; förklara åtgärderna i motiveringen.",
        "Art. 34(3)(b): e.g. every exposed card blocked, every password reset, the device recovered "
        "unopened. Then the people need not be told; explain the measures in the reason.",
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
