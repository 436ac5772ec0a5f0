"""The answer choices of the risk circumstances: who got the data and what became of them, the
protections, the losses of availability and integrity, and how much the data reveal.

They feed the risk method and are shown as options in the internal section R (``circumstances``).
Pure data.
"""

from __future__ import annotations

from .labels import Choice


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
