"""The internal sections that feed the risk assessment and record the DPO's decision.

These questions are not part of IMY's form; they document Art. 33(5) reasoning and are never sent
to IMY as such.
"""

from __future__ import annotations

from pydantic import model_validator

from .fields import ChoiceList, Hours, Instant, LongText, ShortText, ask
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
    ONE_KNOWN = ("one_known", "En känd mottagare", "One known recipient")
    FEW_KNOWN = ("few_known", "Ett fåtal kända mottagare", "A few known recipients")
    MANY_KNOWN = (
        "many_known",
        "Många kända mottagare (t.ex. en sändlista)",
        "Many known recipients (e.g. a mailing list)",
    )
    ONE_UNKNOWN = (
        "one_unknown",
        "En okänd person (t.ex. den som hittat, stulit eller lurat sig till uppgifterna)",
        "One unknown person (e.g. whoever found, stole or tricked their way to the data)",
    )
    UNKNOWN_OR_MANY = (
        "unknown_or_many",
        "Okända eller många mottagare",
        "Unknown or many recipients",
    )
    PUBLISHED = ("published", "Publicerat", "Published")


KNOWN_RECIPIENTS = frozenset({Recipients.ONE_KNOWN, Recipients.FEW_KNOWN, Recipients.MANY_KNOWN})


class RecipientKind(Choice):
    """Who the known recipients are, which is what the likelihood of harm turns on."""

    TRUSTED_SECRECY = (
        "trusted_secrecy",
        "Betrodd och bunden av tystnadsplikt eller sekretess",
        "Trusted and bound by professional secrecy or a duty of confidentiality",
    )
    SAME_ORGANISATION = (
        "same_organisation",
        "En kollega i vår egen organisation",
        "A colleague in our own organisation",
    )
    ORDINARY = (
        "ordinary",
        "Vanliga personer utan känt motiv",
        "Ordinary people with no known motive",
    )
    AFFECTED_GROUP = (
        "affected_group",
        "Personer ur den drabbade gruppen själva (t.ex. de andra på samma lista)",
        "Members of the affected group themselves (e.g. the others on the same list)",
    )
    INTERESTED_PARTY = (
        "interested_party",
        "Någon med makt över eller intresse av personerna (t.ex. deras arbetsgivare, hyresvärd "
        "eller en anhörig)",
        "Someone with power over or an interest in the people (e.g. their employer, landlord or "
        "a relative)",
    )
    MALICIOUS = (
        "malicious",
        "En känd person i ond tro (t.ex. en tidigare anställd, en fientlig före detta partner)",
        "A known person acting in bad faith (e.g. a former employee, a hostile ex-partner)",
    )


class Deletion(Choice):
    NOT_ASKED = ("not_asked", "Inte ombedda att radera", "Not asked to delete")
    ASKED = ("asked", "Ombedda att radera, inte bekräftat", "Asked to delete, not confirmed")
    CONFIRMED = (
        "confirmed",
        "Raderingen är skriftligen bekräftad",
        "Deletion confirmed in writing",
    )
    DELETED_BY_US = (
        "deleted_by_us",
        "Borttaget genast av oss (t.ex. av en kollega i vår organisation, eller återkallat ur brevlådan)",
        "Removed at once by us (e.g. by a colleague in our organisation, or recalled from the mailbox)",
    )
    RETURNED_UNREAD = (
        "returned_unread",
        "Återlämnat eller återkallat oläst",
        "Returned or recalled unread",
    )
    RETURNED_READ = (
        "returned_read",
        "Återlämnat eller raderat efter att ha lästs",
        "Returned or deleted after being read",
    )


class Access(Choice):
    NOT_ACCESSED = (
        "not_accessed",
        "Ingen öppnade dem, enligt loggar eller mottagaren",
        "Nobody opened them, as logs or the recipient show",
    )
    CANNOT_TELL = ("cannot_tell", "Går inte att avgöra", "Cannot be told")
    ACCESSED = (
        "accessed",
        "De öppnades, visades eller kopierades",
        "They were opened, viewed or copied",
    )


class Pseudonymisation(Choice):
    NO = ("no", "Nej", "No")
    KEY_SAFE = (
        "key_safe",
        "Ja, och nyckeln för att återidentifiera hålls åtskild och är inte röjd",
        "Yes, and the key to re-identify is held apart and was not compromised",
    )
    KEY_EXPOSED = (
        "key_exposed",
        "Ja, men nyckeln är röjd eller följde med",
        "Yes, but the key was compromised or went with the data",
    )


class Medium(Choice):
    SYSTEM = ("system", "Ett it-system eller en databas", "An IT system or database")
    DEVICE = ("device", "En dator, telefon eller surfplatta", "A laptop, phone or tablet")
    REMOVABLE = (
        "removable",
        "Ett usb-minne, en disk eller annat flyttbart medium",
        "A USB stick, disk or other removable medium",
    )
    PAPER = ("paper", "Papper", "Paper")
    PHOTO_OF_PAPER = (
        "photo_of_paper",
        "Foton eller skanningar av pappershandlingar",
        "Photos or scans of paper documents",
    )
    MESSAGE = ("message", "Ett e-brev, brev eller sms", "An email, letter or text message")


class DeviceState(Choice):
    PASSWORD_LOCKED = (
        "password_locked",
        "Låst med lösenord eller kod",
        "Locked with a password or PIN",
    )
    POWERED_OFF = ("powered_off", "Avstängd", "Powered off")
    REMOTE_WIPED = ("remote_wiped", "Fjärrraderad", "Wiped remotely")
    RECOVERED_UNOPENED = (
        "recovered_unopened",
        "Återfunnen, och den har inte öppnats",
        "Recovered, and it was not opened",
    )


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
    HELD_ELSEWHERE = (
        "held_elsewhere",
        "Uppgifterna finns kvar på annat håll (ett annat system, originalhandlingar)",
        "The data are still held elsewhere (another system, paper originals)",
    )


class CareImpact(Choice):
    NONE = ("none", "Nej", "No")
    POSSIBLE = (
        "possible",
        "Vården kan störas (journaler eller listor ur räckhåll medan människor vårdas)",
        "Care could be disrupted (records or lists out of reach while people are in care)",
    )
    DELAYED = (
        "delayed",
        "Ja, vård eller annan viktig service försenades eller ställdes in",
        "Yes, care or another vital service was delayed or cancelled",
    )


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


class MisuseKind(Choice):
    FRAUD = ("fraud", "Bedrägeri eller identitetsstöld", "Fraud or identity theft")
    PHISHING = (
        "phishing",
        "Nätfiske eller bluffmeddelanden till personerna",
        "Phishing or scam messages to the people",
    )
    EXTORTION = ("extortion", "Utpressning", "Extortion or blackmail")
    PUBLICATION = ("publication", "Publicering eller läcka", "Publication or a leak")
    SALE = ("sale", "Utbjudna till försäljning", "Offered for sale")
    HARASSMENT = (
        "harassment",
        "Hot, trakasserier eller förföljelse",
        "Threats, harassment or stalking",
    )
    CONTACT = (
        "contact",
        "Kontakt med personerna (t.ex. för att värva kunder)",
        "Contacting the people (e.g. to win customers)",
    )
    OTHER = ("other", "Annat", "Other")

    @property
    def harmful(self) -> bool:
        """Misuse that harms the people themselves, as opposed to merely reaching them."""
        return self not in (MisuseKind.CONTACT, MisuseKind.OTHER)


class SensitiveGravity(Choice):
    MINOR = (
        "minor",
        "Mindre allvarliga (t.ex. en sjukdag, en vanlig allergi)",
        "Minor (e.g. a day of sick leave, a common allergy)",
    )
    ORDINARY = ("ordinary", "Varken små eller svåra", "Neither minor nor grave")
    GRAVE = (
        "grave",
        "Allvarliga eller stigmatiserande (t.ex. psykiatrisk vård, missbruk, hiv, sexuell hälsa, en dom)",
        "Grave or stigmatising (e.g. psychiatric care, addiction, HIV, sexual health, a conviction)",
    )


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
