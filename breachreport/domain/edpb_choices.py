"""The answer options of the EDPB's common Art. 33 template (draft of June 2026), each with its
value in the export and a Swedish and an English label.

The values are this product's names for the template's options (the draft has no official
machine-readable form); ``edpb_template`` says which field uses which. Pure data.
"""

from __future__ import annotations

from .labels import Choice


class NotificationType(Choice):
    NEW = ("new", "Ny anmälan", "New notification")
    FOLLOW_UP = (
        "follow_up",
        "Uppföljning av tidigare anmälan",
        "Follow-up of an earlier notification",
    )


class Completeness(Choice):
    COMPLETE = ("complete", "Fullständig", "Complete")
    INCOMPLETE = ("incomplete", "Ofullständig (mer följer)", "Incomplete (more will follow)")
    WITHDRAWAL = ("withdrawal", "Återkallelse", "Withdrawal")


class IdentifierType(Choice):
    BUSINESS_REGISTER = (
        "business_register_number",
        "Nationellt organisationsnummer",
        "National business register number",
    )
    VAT = ("vat_number", "Momsregistreringsnummer", "VAT number")
    OTHER = ("other", "Annan identifierare", "Other identifier")


class Ownership(Choice):
    PUBLIC = ("public", "Offentlig", "Public")
    PRIVATE = ("private", "Privat", "Private")


class PartyRole(Choice):
    PROCESSOR = ("processor", "Personuppgiftsbiträde", "Processor")
    SUB_PROCESSOR = ("sub_processor", "Underbiträde", "Sub-processor")
    JOINT_CONTROLLER = ("joint_controller", "Gemensamt personuppgiftsansvarig", "Joint controller")


class Occurrence(Choice):
    DAY = ("date", "Ett visst datum", "On a given date")
    PERIOD = ("period", "Under en period", "Over a period")
    ONGOING = ("ongoing", "Pågår fortfarande", "Still ongoing")
    CANNOT = ("cannot_be_determined", "Kan inte fastställas", "Cannot be determined")
    TBD = ("to_be_determined", "Fastställs senare", "To be determined")


class Discoverer(Choice):
    CONTROLLER = ("controller", "Den personuppgiftsansvarige själv", "The controller itself")
    PROCESSOR = ("processor", "Ett personuppgiftsbiträde", "A processor")
    DATA_SUBJECT = ("data_subject", "En registrerad", "A data subject")
    THIRD_PARTY = ("third_party", "En utomstående", "A third party")
    MEDIA = ("media", "Medierna", "The media")
    OTHER = ("other", "Annan", "Other")


class ConfidentialityLoss(Choice):
    EXFILTRATED = ("exfiltrated", "Ja, uppgifter har förts ut", "Yes, data were exfiltrated")
    LIKELY = ("likely", "Sannolikt", "Likely")
    NO = ("no", "Nej", "No")
    CANNOT_ASSESS = ("cannot_assess", "Kan inte bedömas ännu", "Cannot be assessed yet")


class Intelligibility(Choice):
    UNINTELLIGIBLE = ("unintelligible", "Oläsbara för obehöriga", "Unintelligible to others")
    INTELLIGIBLE = ("intelligible", "Läsbara", "Intelligible")
    CANNOT_ASSESS = ("cannot_assess", "Kan inte bedömas ännu", "Cannot be assessed yet")


class IntegrityLoss(Choice):
    YES = ("yes", "Ja", "Yes")
    LIKELY = ("likely", "Sannolikt", "Likely")
    NO = ("no", "Nej", "No")
    CANNOT_ASSESS = ("cannot_assess", "Kan inte bedömas ännu", "Cannot be assessed yet")


class AvailabilityLoss(Choice):
    YES = ("yes", "Ja", "Yes")
    NO = ("no", "Nej", "No")
    CANNOT_ASSESS = ("cannot_assess", "Kan inte bedömas ännu", "Cannot be assessed yet")


class LossDuration(Choice):
    TEMPORARY = ("temporary", "Tillfällig", "Temporary")
    PERMANENT = ("permanent", "Permanent", "Permanent")
    CANNOT_ASSESS = ("cannot_assess", "Kan inte bedömas ännu", "Cannot be assessed yet")


class Nature(Choice):
    RANSOMWARE = ("ransomware", "Utpressningsprogram", "Ransomware")
    MALWARE = ("malware", "Annan skadlig kod", "Other malware")
    PHISHING = ("phishing", "Nätfiske", "Phishing")
    CREDENTIALS = (
        "credential_attack",
        "Stulna eller gissade inloggningsuppgifter",
        "Stolen or guessed credentials",
    )
    VULNERABILITY = ("exploited_vulnerability", "Utnyttjad sårbarhet", "Exploited vulnerability")
    HACKING = ("hacking", "Annat intrång utifrån", "Other intrusion from outside")
    DENIAL_OF_SERVICE = ("denial_of_service", "Överbelastningsattack", "Denial of service")
    INSIDER = (
        "insider_access",
        "Obehörig åtkomst av någon inom organisationen",
        "Unauthorised access by someone inside the organisation",
    )
    LOST_DEVICE = ("lost_device", "Förlorad enhet eller lagringsmedium", "Lost device or medium")
    STOLEN_DEVICE = (
        "stolen_device",
        "Stulen enhet eller lagringsmedium",
        "Stolen device or medium",
    )
    LOST_PAPER = ("lost_paper", "Förlorade pappershandlingar", "Lost paper documents")
    STOLEN_PAPER = ("stolen_paper", "Stulna pappershandlingar", "Stolen paper documents")
    MISDELIVERED = (
        "misdelivered",
        "Post, e-post eller meddelande till fel mottagare",
        "Mail, email or message to the wrong recipient",
    )
    PUBLICATION = ("unintended_publication", "Oavsiktlig publicering", "Unintended publication")
    DISCLOSURE = (
        "unauthorised_disclosure",
        "Annat obehörigt röjande",
        "Other unauthorised disclosure",
    )
    MISCONFIGURATION = ("misconfiguration", "Felkonfiguration", "Misconfiguration")
    ALTERATION = (
        "accidental_alteration_or_deletion",
        "Oavsiktlig ändring eller radering",
        "Accidental alteration or deletion",
    )
    SYSTEM_FAILURE = ("system_failure", "Tekniskt fel", "Technical failure")
    DISPOSAL = ("improper_disposal", "Felaktig gallring eller kassering", "Improper disposal")
    OTHER = ("other", "Annat", "Other")


class CauseOrigin(Choice):
    INTERNAL = ("internal", "Inom organisationen", "Internal")
    EXTERNAL = ("external", "Utanför organisationen", "External")


class CauseIntent(Choice):
    MALICIOUS = ("malicious", "Avsiktlig (illasinnad)", "Malicious")
    NOT_MALICIOUS = ("not_malicious", "Inte avsiktlig", "Not malicious")


class SubjectGroup(Choice):
    EMPLOYEES = ("employees", "Anställda", "Employees")
    CUSTOMERS = ("customers", "Kunder", "Customers")
    PATIENTS = ("patients", "Patienter", "Patients")
    CHILDREN = ("children", "Barn", "Children")
    STUDENTS = ("students", "Elever och studenter", "Pupils and students")
    CITIZENS = ("citizens", "Invånare", "Citizens and residents")
    USERS = ("users", "Användare", "Users")
    VULNERABLE = ("vulnerable", "Sårbara personer", "Vulnerable people")
    OTHER = ("other", "Annan grupp", "Other group")


class CountPrecision(Choice):
    EXACT = ("exact", "Exakt", "Exact")
    APPROXIMATE = ("approximate", "Ungefärligt", "Approximate")
    CANNOT = ("cannot_be_determined", "Kan inte fastställas", "Cannot be determined")
    TBD = ("to_be_determined", "Fastställs senare", "To be determined")


class DataType(Choice):
    IDENTITY = ("identity", "Identitetsuppgifter", "Identity data")
    CONTACT = ("contact", "Kontaktuppgifter", "Contact details")
    NATIONAL_ID = ("national_id", "Nationella id-nummer", "National identification numbers")
    IDENTITY_DOCUMENTS = ("identity_documents", "Id-handlingar", "Identity documents")
    FINANCIAL = ("financial", "Ekonomiska uppgifter", "Financial data")
    CREDENTIALS = ("credentials", "Inloggningsuppgifter", "Authentication data")
    LOCATION = ("location", "Platsuppgifter", "Location data")
    COMMUNICATION = ("communication", "Kommunikationsdata", "Communication data")
    EVALUATIVE = ("evaluative", "Värderande uppgifter", "Evaluative data")
    FAMILY = ("family", "Familjeförhållanden", "Family life")
    HEALTH = ("health", "Hälsouppgifter (art. 9)", "Health data (Art. 9)")
    ETHNIC_ORIGIN = (
        "ethnic_origin",
        "Etniskt ursprung (art. 9)",
        "Racial or ethnic origin (Art. 9)",
    )
    POLITICAL = ("political_opinions", "Politiska åsikter (art. 9)", "Political opinions (Art. 9)")
    RELIGIOUS = (
        "religious_beliefs",
        "Religiös eller filosofisk övertygelse (art. 9)",
        "Religious or philosophical beliefs (Art. 9)",
    )
    TRADE_UNION = (
        "trade_union",
        "Medlemskap i fackförening (art. 9)",
        "Trade union membership (Art. 9)",
    )
    SEX_LIFE = (
        "sex_life",
        "Sexualliv eller sexuell läggning (art. 9)",
        "Sex life or sexual orientation (Art. 9)",
    )
    GENETIC = ("genetic", "Genetiska uppgifter (art. 9)", "Genetic data (Art. 9)")
    BIOMETRIC = ("biometric", "Biometriska uppgifter (art. 9)", "Biometric data (Art. 9)")
    CRIMINAL = (
        "criminal",
        "Uppgifter om lagöverträdelser (art. 10)",
        "Criminal convictions and offences (Art. 10)",
    )
    OTHER = ("other", "Annat", "Other")


class PriorMeasure(Choice):
    ENCRYPTION = ("encryption", "Kryptering", "Encryption")
    PSEUDONYMISATION = ("pseudonymisation", "Pseudonymisering", "Pseudonymisation")
    PASSWORD_HASHING = (
        "password_hashing",
        "Hashade och saltade lösenord",
        "Hashed and salted passwords",
    )
    BACKUP = ("backup", "Säkerhetskopiering", "Backup")
    DEVICE_LOCK = ("device_lock", "Skärmlås eller kod på enheten", "Device lock or PIN")
    REMOTE_WIPE = ("remote_wipe", "Fjärradering", "Remote wipe")


class Impact(Choice):
    IDENTITY_THEFT = (
        "identity_theft_or_fraud",
        "Identitetsstöld eller bedrägeri",
        "Identity theft or fraud",
    )
    FINANCIAL_LOSS = ("financial_loss", "Ekonomisk förlust", "Financial loss")
    REPUTATION = ("damage_to_reputation", "Skadat anseende", "Damage to reputation")
    DISCRIMINATION = ("discrimination", "Diskriminering", "Discrimination")
    LOSS_OF_CONTROL = (
        "loss_of_control",
        "Förlust av kontroll över sina uppgifter",
        "Loss of control over their data",
    )
    PROFESSIONAL_SECRECY = (
        "loss_of_professional_secrecy",
        "Förlust av sekretess för uppgifter med tystnadsplikt",
        "Loss of confidentiality of data under professional secrecy",
    )
    PHYSICAL_HARM = ("physical_harm", "Fysisk skada", "Physical harm")
    DISTRESS = ("psychological_harm", "Psykiskt lidande", "Psychological harm")
    OTHER = ("other", "Annan", "Other")


class Severity(Choice):
    MINOR = ("minor", "Liten", "Minor")
    MODERATE = ("moderate", "Måttlig", "Moderate")
    SEVERE = ("severe", "Allvarlig", "Severe")


class RiskOutcome(Choice):
    HIGH = ("high_risk", "Sannolikt hög risk", "Likely to result in a high risk")
    RISK = ("risk", "Sannolikt en risk", "Likely to result in a risk")
    UNLIKELY = ("unlikely", "Osannolikt att den medför en risk", "Unlikely to result in a risk")
    MORE_INFO = ("more_information_needed", "Mer information behövs", "More information needed")


class Communication(Choice):
    DONE = ("communicated", "De registrerade har informerats", "The data subjects have been told")
    PLANNED = ("planned", "Planerad", "Planned")
    NOT_YET = ("not_yet", "Inte ännu (utredning pågår)", "Not yet (under investigation)")
    NOT_NEEDED = ("not_needed", "Behövs inte (ingen hög risk)", "Not needed (no high risk)")
    EXEMPTION = ("exemption", "Undantag enligt art. 34.3", "Exemption under Art. 34(3)")


class Exemption(Choice):
    A = (
        "art34_3a",
        "Art. 34.3 a: uppgifterna är oläsbara för obehöriga",
        "Art. 34(3)(a): the data are unintelligible to others",
    )
    B = (
        "art34_3b",
        "Art. 34.3 b: den höga risken är inte längre sannolik",
        "Art. 34(3)(b): the high risk is no longer likely",
    )
    C = (
        "art34_3c",
        "Art. 34.3 c: oproportionerlig ansträngning, offentligt meddelande",
        "Art. 34(3)(c): disproportionate effort, public communication",
    )


class Means(Choice):
    LETTER = ("letter", "Brev", "Letter")
    EMAIL = ("email", "E-post", "Email")
    SMS = ("text_message", "Sms", "Text message")
    PORTAL = ("online_portal", "Inloggad tjänst (t.ex. 1177)", "Online account or portal")
    WEBSITE = ("website", "Webbplats", "Website")
    PRESS = ("press", "Press och medier", "Press and media")
    OTHER = ("other", "Annat", "Other")


class OtherAuthority(Choice):
    CSIRT = ("csirt", "Nationell CSIRT (CERT-SE)", "National CSIRT (CERT-SE)")
    SECTOR = (
        "sector_authority",
        "Sektorns tillsynsmyndighet (t.ex. IVO)",
        "Sector authority (e.g. IVO)",
    )
    SECURITY = ("security_service", "Säkerhetspolisen", "Security service")
    SUPERVISORY = (
        "supervisory_authority",
        "Annan dataskyddsmyndighet",
        "Another data protection authority",
    )
    OTHER = ("other", "Annan myndighet", "Other authority")


class AttachmentType(Choice):
    NOTICE = (
        "notice_to_data_subjects",
        "Meddelandet till de registrerade",
        "Notice to the data subjects",
    )
    RISK = ("risk_assessment", "Riskbedömning", "Risk assessment")
    INVESTIGATION = ("investigation_report", "Utredningsrapport", "Investigation report")
    RANSOM_NOTE = ("ransom_note", "Utpressningsmeddelande", "Ransom note")
    PHISHING = ("phishing_message", "Nätfiskemeddelande", "Phishing message")
    OTHER = ("other", "Annan bilaga", "Other attachment")


class SizeClass(Choice):
    MICRO = ("micro", "Mikroföretag", "Micro enterprise")
    SMALL = ("small", "Litet", "Small")
    MEDIUM = ("medium", "Medelstort", "Medium-sized")
    LARGE = ("large", "Stort", "Large")
