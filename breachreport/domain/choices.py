"""The answer options of IMY's notification (and of the internal risk questions), with both labels.

Values are stable identifiers stored in the facts; labels may be reworded freely.
"""

from __future__ import annotations

from .labels import Choice


class Sector(Choice):
    HEALTHCARE = ("healthcare", "Hälso- och sjukvård", "Health and medical care")
    REGION = ("region", "Region", "Region")
    MUNICIPALITY = ("municipality", "Kommun", "Municipality")
    GOVERNMENT = ("government_agency", "Statlig myndighet", "Government agency")
    EDUCATION = ("education", "Skola och utbildning", "Education")
    SOCIAL_SERVICES = ("social_services", "Socialtjänst och omsorg", "Social services and care")
    FINANCE = ("finance", "Bank, finans och försäkring", "Banking, finance and insurance")
    TELECOM = ("telecom", "Telekommunikation", "Telecommunications")
    PRIVATE = ("private", "Privat verksamhet", "Private company")
    NON_PROFIT = ("non_profit", "Ideell organisation", "Non-profit organisation")
    OTHER = ("other", "Annan", "Other")


class Nis2Entity(Choice):
    ESSENTIAL = ("essential", "Väsentlig verksamhetsutövare", "Essential entity")
    IMPORTANT = ("important", "Viktig verksamhetsutövare", "Important entity")
    NOT_COVERED = ("not_covered", "Omfattas inte", "Not covered")


class DiscoveryMethod(Choice):
    OWN_DETECTION = ("own_detection", "Egen upptäckt", "Own detection")
    PROCESSOR = ("processor", "Personuppgiftsbiträde", "Processor")
    DATA_SUBJECT = ("data_subject", "Registrerad", "Data subject")
    THIRD_PARTY = ("third_party", "Extern part", "Third party")
    MEDIA = ("media", "Media", "Media")
    OTHER = ("other", "Annat", "Other")


class BreachType(Choice):
    MISDIRECTED = (
        "misdirected",
        "Felskick (post, e-post, sms)",
        "Misdirected post, email or text message",
    )
    UNAUTHORISED_ACCESS = (
        "unauthorised_access",
        "Obehörig åtkomst / IT-angrepp",
        "Unauthorised access / cyber-attack",
    )
    MALWARE = ("malware", "Skadlig kod / utpressningsprogram", "Malware / ransomware")
    LOSS_OR_THEFT = ("loss_or_theft", "Förlust eller stöld", "Loss or theft")
    UNAUTHORISED_DISCLOSURE = (
        "unauthorised_disclosure",
        "Obehörigt röjande",
        "Unauthorised disclosure",
    )
    ACCIDENTAL_CHANGE = (
        "accidental_change",
        "Oavsiktlig ändring eller radering",
        "Accidental change or deletion",
    )
    OTHER = ("other", "Annat", "Other")


class Cause(Choice):
    HUMAN_ERROR = ("human_error", "Den mänskliga faktorn", "Human error")
    MALICIOUS_EXTERNAL = (
        "malicious_external",
        "Antagonistiskt angrepp, externt",
        "Malicious attack, external",
    )
    MALICIOUS_INTERNAL = (
        "malicious_internal",
        "Antagonistiskt angrepp, internt",
        "Malicious attack, internal",
    )
    TECHNICAL_FAULT = ("technical_fault", "Tekniskt fel", "Technical fault")
    PROCESS_FAILURE = ("process_failure", "Brister i rutiner", "Process failure")
    THEFT = ("theft", "Stöld, gärningspersonen okänd", "Theft, thief unknown")

    @property
    def malicious(self) -> bool:
        """Someone meant harm: an attack from outside or inside, or a theft."""
        return self in (Cause.MALICIOUS_EXTERNAL, Cause.MALICIOUS_INTERNAL, Cause.THEFT)


class BreachKind(Choice):
    CONFIDENTIALITY = ("confidentiality", "Konfidentialitet", "Confidentiality")
    INTEGRITY = ("integrity", "Riktighet", "Integrity")
    AVAILABILITY = ("availability", "Tillgänglighet", "Availability")


class ProcessorRole(Choice):
    PROCESSOR = ("processor", "Personuppgiftsbiträde", "Processor")
    SUB_PROCESSOR = ("sub_processor", "Underbiträde", "Sub-processor")


class CountPrecision(Choice):
    EXACT = ("exact", "Exakt", "Exact")
    APPROXIMATE = ("approximate", "Ungefär", "Approximate")


class SubjectCategory(Choice):
    EMPLOYEES = ("employees", "Anställda", "Employees")
    CUSTOMERS = ("customers", "Kunder", "Customers")
    PATIENTS = ("patients", "Patienter", "Patients")
    CHILDREN = ("children", "Barn", "Children")
    PUPILS = ("pupils", "Elever/studenter", "Pupils, students")
    RESIDENTS = ("residents", "Invånare", "Residents")
    USERS = ("users", "Användare", "Users")
    VULNERABLE = ("vulnerable", "Sårbara grupper", "Vulnerable people")
    PROTECTED_IDENTITY = (
        "protected_identity",
        "Personer med skyddade personuppgifter",
        "People with protected identity",
    )
    VICTIMS = ("victims", "Brottsoffer", "Crime victims")
    PERSECUTION_RISK = (
        "persecution_risk",
        "Personer som riskerar förföljelse eller våld (t.ex. asylsökande, visselblåsare)",
        "People at risk of persecution or violence (e.g. asylum seekers, whistle-blowers)",
    )
    OTHER = ("other", "Annat", "Other")


class DataCategory(Choice):
    IDENTITY = ("identity", "Identifierande uppgifter, namn", "Identity data, names")
    CONTACT = ("contact", "Kontaktuppgifter", "Contact details")
    BIRTH_DATE = ("birth_date", "Födelsedatum", "Date of birth")
    PERSONAL_NUMBER = ("personal_number", "Personnummer", "Swedish personal identity number")
    FOREIGN_ID = (
        "foreign_id",
        "Utländska id- eller skattenummer",
        "Foreign identity or tax numbers",
    )
    FINANCIAL = ("financial", "Ekonomiska uppgifter", "Financial data")
    CREDENTIALS = (
        "credentials",
        "Inloggningsuppgifter",
        "Credentials (usernames, passwords)",
    )
    LOCATION = ("location", "Lokaliseringsuppgifter", "Location data")
    COMMUNICATION = (
        "communication",
        "Kommunikationsloggar och metadata",
        "Communication logs and metadata",
    )
    FAMILY = ("family", "Familjeförhållanden", "Family situation")
    VEHICLE = ("vehicle", "Registreringsnummer för fordon", "Vehicle registration numbers")
    EVALUATIVE = (
        "evaluative",
        "Värderande uppgifter (bedömningar, betyg)",
        "Evaluative data (assessments, grades)",
    )
    OFFICIAL_DOCUMENTS = (
        "official_documents",
        "Officiella handlingar, id-handlingar",
        "Official documents, identity documents",
    )
    CRIMINAL = (
        "criminal",
        "Uppgifter om lagöverträdelser (art. 10)",
        "Criminal offence data (Art. 10)",
    )
    HEALTH = ("health", "Känsliga: hälsa", "Special category: health")
    ETHNIC_ORIGIN = (
        "ethnic_origin",
        "Känsliga: etniskt ursprung",
        "Special category: ethnic origin",
    )
    POLITICAL = (
        "political",
        "Känsliga: politiska åsikter",
        "Special category: political opinions",
    )
    RELIGIOUS = (
        "religious",
        "Känsliga: religiös eller filosofisk övertygelse",
        "Special category: religious or philosophical beliefs",
    )
    TRADE_UNION = (
        "trade_union",
        "Känsliga: medlemskap i fackförening",
        "Special category: trade union membership",
    )
    SEX_LIFE = (
        "sex_life",
        "Känsliga: sexualliv eller sexuell läggning",
        "Special category: sex life or sexual orientation",
    )
    GENETIC = ("genetic", "Känsliga: genetiska uppgifter", "Special category: genetic data")
    BIOMETRIC = ("biometric", "Känsliga: biometriska uppgifter", "Special category: biometric data")
    SECRECY = (
        "secrecy",
        "Uppgifter som omfattas av sekretess (OSL)",
        "Data under statutory secrecy (OSL)",
    )
    OTHER = ("other", "Annat", "Other")

    @property
    def special(self) -> bool:
        """A special category under Art. 9."""
        return self in SPECIAL_CATEGORIES


SPECIAL_CATEGORIES = frozenset(
    {
        DataCategory.HEALTH,
        DataCategory.ETHNIC_ORIGIN,
        DataCategory.POLITICAL,
        DataCategory.RELIGIOUS,
        DataCategory.TRADE_UNION,
        DataCategory.SEX_LIFE,
        DataCategory.GENETIC,
        DataCategory.BIOMETRIC,
    }
)


class Consequence(Choice):
    IDENTITY_THEFT = (
        "identity_theft",
        "Identitetsstöld eller bedrägeri",
        "Identity theft or fraud",
    )
    FINANCIAL_LOSS = ("financial_loss", "Ekonomisk förlust", "Financial loss")
    REPUTATION = ("reputation", "Skadat anseende", "Damage to reputation")
    DISCRIMINATION = ("discrimination", "Diskriminering", "Discrimination")
    LOSS_OF_CONTROL = (
        "loss_of_control",
        "Förlust av kontroll över uppgifterna",
        "Loss of control over the data",
    )
    LOSS_OF_SECRECY = (
        "loss_of_secrecy",
        "Förlust av sekretess för uppgifter med tystnadsplikt",
        "Loss of professional secrecy",
    )
    PHYSICAL_HARM = (
        "physical_harm",
        "Fysisk skada eller försämrad hälsa (t.ex. försenad vård)",
        "Physical harm or worse health (e.g. delayed care)",
    )
    DISTRESS = ("distress", "Psykiskt lidande", "Distress")
    OTHER = ("other", "Annat", "Other")


class SeverityEstimate(Choice):
    LOW = ("low", "Låg", "Low")
    MEDIUM = ("medium", "Medel", "Medium")
    HIGH = ("high", "Hög", "High")
    VERY_HIGH = ("very_high", "Mycket hög", "Very high")


class InformStatus(Choice):
    INFORMED = ("informed", "Ja", "Yes")
    WILL_INFORM = ("will_inform", "Nej, men vi kommer att göra det", "Not yet, but we will")
    WILL_NOT_INFORM = ("will_not_inform", "Nej, vi kommer inte att göra det", "No, we will not")


class Channel(Choice):
    LETTER = ("letter", "Brev", "Letter")
    EMAIL = ("email", "E-post", "Email")
    SMS = ("sms", "Sms", "Text message")
    HEALTH_PORTAL = ("1177", "1177", "1177 (health portal)")
    WEBSITE = ("website", "Webbplats", "Website")
    PRESS = ("press", "Press", "Press")
    OTHER = ("other", "Annat", "Other")


class NotInformReason(Choice):
    NO_HIGH_RISK = ("no_high_risk", "Ingen hög risk", "No high risk")
    UNINTELLIGIBLE = (
        "art34_3a",
        "Art. 34.3 a: uppgifterna var oläsbara för obehöriga (t.ex. krypterade)",
        "Art. 34(3)(a): the data were unintelligible to others (e.g. encrypted)",
    )
    RISK_REMOVED = (
        "art34_3b",
        "Art. 34.3 b: senare åtgärder gör att den höga risken inte längre är sannolik",
        "Art. 34(3)(b): later measures mean the high risk is no longer likely",
    )
    DISPROPORTIONATE = (
        "art34_3c",
        "Art. 34.3 c: oproportionerlig ansträngning; offentligt meddelande i stället",
        "Art. 34(3)(c): disproportionate effort; public announcement instead",
    )


class Authority(Choice):
    POLICE = ("police", "Polisen", "Police")
    CSIRT = ("csirt", "CERT-SE / Myndigheten för civilt försvar", "CERT-SE (national CSIRT)")
    IVO = ("ivo", "IVO (lex Maria)", "IVO (lex Maria)")
    SECURITY_SERVICE = ("security_service", "Säkerhetspolisen", "Swedish Security Service")
    OTHER_SUPERVISORY = (
        "other_supervisory",
        "Annan tillsynsmyndighet",
        "Other supervisory authority",
    )
    OTHER = ("other", "Annan", "Other")


class FilingKind(Choice):
    PRELIMINARY = ("preliminary", "Preliminär anmälan", "Preliminary notification")
    SUPPLEMENT = ("supplement", "Komplettering", "Supplement")
    COMPLETE = ("complete", "Fullständig anmälan", "Complete notification")
    WITHDRAWAL = ("withdrawal", "Återkallelse", "Withdrawal")


# The member states of the EU and the EEA, by ISO 3166-1 alpha-2 code, with Swedish and English names.
EU_EEA_COUNTRIES: dict[str, tuple[str, str]] = {
    "AT": ("Österrike", "Austria"),
    "BE": ("Belgien", "Belgium"),
    "BG": ("Bulgarien", "Bulgaria"),
    "HR": ("Kroatien", "Croatia"),
    "CY": ("Cypern", "Cyprus"),
    "CZ": ("Tjeckien", "Czechia"),
    "DK": ("Danmark", "Denmark"),
    "EE": ("Estland", "Estonia"),
    "FI": ("Finland", "Finland"),
    "FR": ("Frankrike", "France"),
    "DE": ("Tyskland", "Germany"),
    "GR": ("Grekland", "Greece"),
    "HU": ("Ungern", "Hungary"),
    "IE": ("Irland", "Ireland"),
    "IT": ("Italien", "Italy"),
    "LV": ("Lettland", "Latvia"),
    "LT": ("Litauen", "Lithuania"),
    "LU": ("Luxemburg", "Luxembourg"),
    "MT": ("Malta", "Malta"),
    "NL": ("Nederländerna", "Netherlands"),
    "PL": ("Polen", "Poland"),
    "PT": ("Portugal", "Portugal"),
    "RO": ("Rumänien", "Romania"),
    "SK": ("Slovakien", "Slovakia"),
    "SI": ("Slovenien", "Slovenia"),
    "ES": ("Spanien", "Spain"),
    "SE": ("Sverige", "Sweden"),
    "IS": ("Island", "Iceland"),
    "LI": ("Liechtenstein", "Liechtenstein"),
    "NO": ("Norge", "Norway"),
}
