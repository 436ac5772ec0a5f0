"""The best and the worst answer to each question the risk method may have to assume, and how
each reads in a sentence ("if exfiltration is confirmed, ...").

The answers of a pair are ordered so that the worst never lowers the risk; ``open_questions``
picks the pairs that apply to an incident. Pure data.
"""

from __future__ import annotations

from typing import Any

from .choices import BreachKind, Cause, DataCategory, SubjectCategory
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
    Misuse,
    MisuseKind,
    PasswordProtection,
    Pseudonymisation,
    RecipientKind,
    Recipients,
    SensitiveGravity,
    SensitiveInsight,
)
from .labels import Text

# For each question the method may have to assume: (best, worst, if best, if worst), the answers
# ordered so that the worst never lowers the risk. Counts are filled in per incident.
ANSWERS: dict[str, tuple[Any, Any, Text, Text]] = {
    "description.kinds": (
        None,
        [BreachKind.CONFIDENTIALITY, BreachKind.INTEGRITY, BreachKind.AVAILABILITY],
        Text(
            "bara det som typen av incident innebär påverkades",
            "only what the type of breach implies was affected",
        ),
        Text(
            "konfidentialitet, riktighet och tillgänglighet påverkades",
            "confidentiality, integrity and availability were all affected",
        ),
    ),
    "description.cause": (
        Cause.HUMAN_ERROR,
        Cause.MALICIOUS_EXTERNAL,
        Text("orsaken var ett misstag", "the cause was a mistake"),
        Text("orsaken var ett angrepp eller en stöld", "the cause was an attack or a theft"),
    ),
    "data.data_categories": (
        [DataCategory.IDENTITY],
        [DataCategory.IDENTITY, DataCategory.PERSONAL_NUMBER, DataCategory.HEALTH],
        Text("bara namn berörs", "only names are affected"),
        Text(
            "personnummer och känsliga uppgifter berörs",
            "identity numbers and special categories are affected",
        ),
    ),
    "data.subject_categories": (
        [],
        [SubjectCategory.CHILDREN, SubjectCategory.VULNERABLE, SubjectCategory.PROTECTED_IDENTITY],
        Text("inga sårbara grupper berörs", "no vulnerable people are affected"),
        Text(
            "barn, sårbara personer eller personer med skyddade personuppgifter berörs",
            "children, vulnerable people or people with protected identity are affected",
        ),
    ),
    "circumstances.exfiltration": (
        Exfiltration.RULED_OUT,
        Exfiltration.CONFIRMED,
        Text("det utesluts att uppgifter förts ut", "exfiltration is ruled out"),
        Text("det bekräftas att uppgifter förts ut", "exfiltration is confirmed"),
    ),
    "circumstances.recipients": (
        Recipients.NONE_KNOWN,
        Recipients.PUBLISHED,
        Text("ingen obehörig har sett uppgifterna", "no one unauthorised saw the data"),
        Text(
            "uppgifterna publicerades eller nådde okända",
            "the data were published or reached unknown people",
        ),
    ),
    "circumstances.recipient_kind": (
        RecipientKind.TRUSTED_SECRECY,
        RecipientKind.MALICIOUS,
        Text(
            "mottagarna är betrodda och bundna av tystnadsplikt",
            "the recipients are trusted and bound by secrecy",
        ),
        Text("en mottagare handlar i ond tro", "a recipient acts in bad faith"),
    ),
    "circumstances.deletion": (
        Deletion.RETURNED_UNREAD,
        Deletion.NOT_ASKED,
        Text("uppgifterna kom tillbaka olästa", "the data came back unread"),
        Text("mottagarna har inte raderat uppgifterna", "the recipients have not deleted the data"),
    ),
    "circumstances.access": (
        Access.NOT_ACCESSED,
        Access.ACCESSED,
        Text("loggar visar att ingen öppnade uppgifterna", "logs show that nobody opened the data"),
        Text("någon öppnade uppgifterna", "someone opened the data"),
    ),
    "circumstances.misuse": (
        Misuse.NONE_SEEN,
        Misuse.CONFIRMED,
        Text("det inte finns några tecken på missbruk", "there is no sign of misuse"),
        Text("missbruk bekräftas", "misuse is confirmed"),
    ),
    "circumstances.misuse_kinds": (
        [MisuseKind.CONTACT],
        [MisuseKind.FRAUD],
        Text(
            "missbruket bara bestod i att personerna kontaktades",
            "the misuse was only contacting the people",
        ),
        Text("missbruket var bedrägeri", "the misuse was fraud"),
    ),
    "circumstances.encryption": (
        Encryption.STRONG_KEY_SAFE,
        Encryption.NONE,
        Text(
            "uppgifterna var starkt krypterade med säker nyckel",
            "the data were strongly encrypted with a safe key",
        ),
        Text("uppgifterna var inte krypterade", "the data were not encrypted"),
    ),
    "circumstances.pseudonymised": (
        Pseudonymisation.KEY_SAFE,
        Pseudonymisation.NO,
        Text(
            "uppgifterna var pseudonymiserade med en nyckel som inte röjts",
            "the data were pseudonymised with a key that was not compromised",
        ),
        Text("uppgifterna var inte pseudonymiserade", "the data were not pseudonymised"),
    ),
    "circumstances.passwords": (
        PasswordProtection.STRONG_SALTED_HASH,
        PasswordProtection.PLAINTEXT,
        Text(
            "lösenorden var starkt hashade och saltade",
            "the passwords were strongly hashed and salted",
        ),
        Text("lösenorden låg i klartext", "the passwords were in plain text"),
    ),
    "circumstances.device_state": (
        [DeviceState.RECOVERED_UNOPENED],
        None,
        Text("enheten återfanns oöppnad", "the device was recovered unopened"),
        Text("enheten var varken låst eller raderad", "the device was neither locked nor wiped"),
    ),
    "circumstances.availability": (
        AvailabilityImpact.RESTORED_QUICKLY,
        AvailabilityImpact.PERMANENT,
        Text("uppgifterna återställs inom timmar", "the data are restored within hours"),
        Text("uppgifterna är permanent förlorade", "the data are permanently lost"),
    ),
    "circumstances.unavailable_hours": (
        1,
        30 * 24,
        Text(
            "uppgifterna var borta högst några timmar",
            "the data were out of reach for hours at most",
        ),
        Text(
            "uppgifterna var borta i mer än ett dygn",
            "the data were out of reach for more than a day",
        ),
    ),
    "circumstances.backup": (
        Backup.RESTORED,
        Backup.NONE,
        Text(
            "uppgifterna återställs från en säkerhetskopia", "the data are restored from a backup"
        ),
        Text("det finns ingen användbar säkerhetskopia", "there is no usable backup"),
    ),
    "circumstances.integrity": (
        IntegrityImpact.NONE,
        IntegrityImpact.NOT_RECOVERABLE,
        Text("inga uppgifter ändrades", "no data were altered"),
        Text("uppgifter ändrades och kan inte återställas", "data were altered beyond recovery"),
    ),
    "circumstances.care_affected": (
        CareImpact.NONE,
        CareImpact.DELAYED,
        Text("ingen vård eller viktig service påverkas", "no care or vital service is affected"),
        Text(
            "vård eller annan viktig service försenas eller ställs in",
            "care or another vital service is delayed or cancelled",
        ),
    ),
    "circumstances.ease_of_identification": (
        EaseOfIdentification.NEGLIGIBLE,
        EaseOfIdentification.MAXIMUM,
        Text(
            "personerna knappast går att identifiera",
            "the people can hardly be identified",
        ),
        Text("uppgifterna identifierar personerna direkt", "the data identify the people directly"),
    ),
    "circumstances.data_context": (
        DataContext.NOTHING_MORE,
        DataContext.SAFETY,
        Text(
            "uppgifterna inte avslöjar något utöver sig själva",
            "the data reveal nothing beyond themselves",
        ),
        Text(
            "vilka personerna är kan hota deras säkerhet",
            "who the people are could endanger their safety",
        ),
    ),
    "circumstances.financial_insight": (
        FinancialInsight.BEING_CUSTOMER,
        FinancialInsight.FULL,
        Text(
            "de ekonomiska uppgifterna inte ger någon egentlig insyn",
            "the financial data give no real insight",
        ),
        Text(
            "de ekonomiska uppgifterna möjliggör bedrägeri",
            "the financial data enable fraud",
        ),
    ),
    "circumstances.behavioural_insight": (
        BehaviouralInsight.NO_INSIGHT,
        BehaviouralInsight.EVERYDAY_PROFILE,
        Text("uppgifterna om beteende inte visar något", "the behavioural data show nothing"),
        Text(
            "uppgifterna om beteende ger en profil av vardagen",
            "the behavioural data profile everyday life",
        ),
    ),
    "circumstances.sensitive_insight": (
        SensitiveInsight.NO_INSIGHT,
        SensitiveInsight.DISCLOSED,
        Text(
            "de känsliga uppgifterna inte ger någon egentlig insyn",
            "the sensitive data give no real insight",
        ),
        Text("de känsliga uppgifterna röjs", "the sensitive data are disclosed"),
    ),
    "circumstances.sensitive_gravity": (
        SensitiveGravity.MINOR,
        SensitiveGravity.GRAVE,
        Text("de känsliga uppgifterna är mindre allvarliga", "the sensitive data are minor"),
        Text(
            "de känsliga uppgifterna är allvarliga eller stigmatiserande",
            "the sensitive data are grave or stigmatising",
        ),
    ),
}
