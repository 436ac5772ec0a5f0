"""The EDPB's risk factors and the lessons of its worked cases, as findings over one reading.

Each finding names the least risk it implies and the facts behind it. Pure; duties are decided in
``assessment``, never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .choices import BreachType, DataCategory, SubjectCategory
from .circumstances import (
    AvailabilityImpact,
    EaseOfIdentification,
    Exfiltration,
    FinancialInsight,
    IntegrityImpact,
    Misuse,
    PasswordProtection,
)
from .labels import Text
from .risk_inputs import HEALTH_AND_CARE, MANY_PEOPLE, Holder, Reading
from .severity import Band, Severity
from .severity import number as _n


class Risk(IntEnum):
    """Art. 33/34's three steps: unlikely to result in a risk, a risk, a high risk."""

    UNLIKELY = 0
    RISK = 1
    HIGH = 2


BAND_RISK = {
    Band.LOW: Risk.UNLIKELY,
    Band.MEDIUM: Risk.RISK,
    Band.HIGH: Risk.HIGH,
    Band.VERY_HIGH: Risk.HIGH,
}


@dataclass(frozen=True)
class Finding:
    """One factor or lesson that applies: plain text, the facts behind it, the least risk it implies.

    ``level`` None means the finding explains without setting a floor.
    """

    factor: str
    text: Text
    facts: tuple[str, ...]
    level: Risk | None = None


@dataclass(frozen=True)
class Judgement:
    """The findings for one reading and the risk they add up to: the highest floor among them."""

    level: Risk
    findings: tuple[Finding, ...]


def _join(items: list[Text], lang: str) -> str:
    words = [getattr(item, lang) for item in items]
    if len(words) < 2:
        return "".join(words)
    last = " och " if lang == "sv" else " and "
    return ", ".join(words[:-1]) + last + words[-1]


def _enisa(s: Severity, *, deciding: bool) -> Finding:
    base = s.dpc - s.dpc_adjustment
    adj_sv = f" (grundpoäng {base}, justerat {s.dpc_adjustment:+d})" if s.dpc_adjustment else ""
    adj_en = f" (base {base}, adjusted {s.dpc_adjustment:+d})" if s.dpc_adjustment else ""
    parts = [
        (s.confidentiality, Text("sekretess", "confidentiality")),
        (s.integrity, Text("riktighet", "integrity")),
        (s.availability, Text("tillgänglighet", "availability")),
        (s.malicious, Text("uppsåt", "malicious intent")),
    ]
    cb_sv = ", ".join(f"{name.sv} {_n(v, 'sv')}" for v, name in parts if v) or "inga"
    cb_en = ", ".join(f"{name.en} {_n(v, 'en')}" for v, name in parts if v) or "none"
    formula = s.formula()
    sv = (
        f"ENISA:s allvarlighetsgrad: {formula.sv}. DPC {s.dpc}: {s.dpc_kind.label('sv')}"
        f"{adj_sv}; EI {_n(s.ei, 'sv')}: {s.ei_level.label('sv').lower()}; "
        f"CB {_n(s.cb, 'sv')}: {cb_sv}."
    )
    en = (
        f"ENISA severity: {formula.en}. DPC {s.dpc}: {s.dpc_kind.label('en')}{adj_en}; "
        f"EI {_n(s.ei, 'en')}: {s.ei_level.label('en').lower()}; CB {_n(s.cb, 'en')}: {cb_en}."
    )
    if deciding:
        return Finding("enisa", Text(sv, en), s.paths, BAND_RISK[s.band])
    sv += (
        " Poängen mäter hur allvarligt det vore för personerna; sannolikheten bedöms med EDPB:s "
        "faktorer nedan, som här avgör skyldigheterna."
    )
    en += (
        " The score measures how severe it would be for the people; the likelihood is judged with "
        "the EDPB's factors below, which decide the duties here."
    )
    return Finding("enisa", Text(sv, en), s.paths)


def _lesson(r: Reading) -> Finding | None:
    """A lesson of the worked cases that makes harm from disclosure unlikely, if one applies."""
    if r.unintelligible:
        return Finding(
            "strong_encryption",
            Text(
                "Uppgifterna var starkt krypterade och nyckeln är inte röjd: de är oläsbara för den "
                "som har dem, så en risk är osannolik (EDPB; art. 34.3 a).",
                "The data were strongly encrypted and the key is safe: they are unintelligible to "
                "whoever holds them, so a risk is unlikely (EDPB; Art. 34(3)(a)).",
            ),
            ("circumstances.encryption",),
            Risk.UNLIKELY,
        )
    if (
        r.recipient_trusted
        and r.deletion_confirmed
        and r.holder in (Holder.NOBODY, Holder.KNOWN_FEW)
    ):
        return Finding(
            "trusted_recipient",
            Text(
                "Mottagaren är betrodd, bunden av tystnadsplikt och har skriftligen bekräftat att "
                "uppgifterna raderats: en risk är osannolik (EDPB).",
                "The recipient is trusted, bound by secrecy and has confirmed deletion in writing: "
                "a risk is unlikely (EDPB).",
            ),
            (
                "circumstances.recipients",
                "circumstances.recipient_kind",
                "circumstances.deletion",
            ),
            Risk.UNLIKELY,
        )
    if (
        DataCategory.CREDENTIALS in r.data
        and r.passwords is PasswordProtection.STRONG_SALTED_HASH
        and r.data <= {DataCategory.CREDENTIALS, DataCategory.IDENTITY}
    ):
        return Finding(
            "strong_hashing",
            Text(
                "Bara inloggningsuppgifter berörs, och lösenorden var starkt hashade och saltade med "
                "ett salt som inte röjts: en risk är osannolik (EDPB).",
                "Only credentials are affected, and the passwords were strongly hashed and salted "
                "with a salt that was not compromised: a risk is unlikely (EDPB).",
            ),
            ("data.data_categories", "circumstances.passwords"),
            Risk.UNLIKELY,
        )
    return None


_HOLDER_TEXT = {
    Holder.ATTACKER: Text(
        "Uppgifterna kan finnas hos någon med uppsåt att skada (angripare, tjuv eller bedragare); "
        "det väger tyngre än en betrodd mottagare (EDPB).",
        "The data may be held by someone with malicious intent (attacker, thief or impostor); that "
        "weighs more than a trusted recipient (EDPB).",
    ),
    Holder.UNKNOWN_OR_MANY: Text(
        "Uppgifterna har nått okända eller många mottagare, eller publicerats, och kan inte kallas "
        "tillbaka (EDPB).",
        "The data reached unknown or many recipients, or were published, and cannot be recalled "
        "(EDPB).",
    ),
    Holder.KNOWN_MALICIOUS: Text(
        "En känd person som handlar i ond tro har fått uppgifterna (EDPB).",
        "A known person acting in bad faith got the data (EDPB).",
    ),
}

_NAME_ADDRESS_BIRTH = frozenset(
    {DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.BIRTH_DATE}
)


def fraud_enablers(r: Reading) -> list[Text]:
    """The data that enable identity theft or fraud, named for a reason; empty if none."""
    found = []
    if DataCategory.PERSONAL_NUMBER in r.data:
        found.append(Text("personnummer", "personal identity numbers"))
    if DataCategory.OFFICIAL_DOCUMENTS in r.data:
        found.append(Text("id-handlingar", "identity documents"))
    if DataCategory.FINANCIAL in r.data and r.financial_insight not in _LITTLE_FINANCIAL:
        found.append(Text("ekonomiska uppgifter", "financial data"))
    if (
        DataCategory.CREDENTIALS in r.data
        and r.passwords is not PasswordProtection.STRONG_SALTED_HASH
    ):
        found.append(Text("lösenord som inte var starkt hashade", "passwords not strongly hashed"))
    if r.data >= _NAME_ADDRESS_BIRTH:
        found.append(Text("namn, adress och födelsedatum", "name, address and date of birth"))
    return found


_LITTLE_FINANCIAL = frozenset({FinancialInsight.BEING_CUSTOMER, FinancialInsight.LIMITED})
_PROTECTED_GROUPS = (
    SubjectCategory.CHILDREN,
    SubjectCategory.PATIENTS,
    SubjectCategory.VULNERABLE,
    SubjectCategory.PROTECTED_IDENTITY,
)


def _confidentiality(r: Reading, s: Severity) -> tuple[list[Finding], bool]:
    """Findings on disclosure, and whether the disclosure still exposes the people."""
    if not r.confidentiality_at_stake:
        return [], False
    if r.misuse not in (Misuse.SUSPECTED, Misuse.CONFIRMED):
        lesson = _lesson(r)
        if lesson is not None:
            return [lesson], False
    found: list[Finding] = []
    holder, held = r.holder, r.holder_paths
    if r.misuse is Misuse.CONFIRMED:
        found.append(
            Finding(
                "misuse",
                Text(
                    "Missbruk är bekräftat, till exempel bedrägeri: risken är hög (EDPB).",
                    "Misuse is confirmed, for example fraud: the risk is high (EDPB).",
                ),
                ("circumstances.misuse",),
                Risk.HIGH,
            )
        )
    elif r.misuse is Misuse.SUSPECTED:
        found.append(
            Finding(
                "misuse",
                Text(
                    "Missbruk misstänks: det är minst en risk.",
                    "Misuse is suspected: at least a risk.",
                ),
                ("circumstances.misuse",),
                Risk.RISK,
            )
        )
    if holder in _HOLDER_TEXT:
        found.append(Finding("holder", _HOLDER_TEXT[holder], held, Risk.RISK))
    if r.breach_type is BreachType.LOSS_OR_THEFT:
        found.append(
            Finding(
                "lost_device",
                Text(
                    "En förlorad eller stulen enhet eller handling utan stark kryptering kan läsas av "
                    "den som har den: det är minst en risk (EDPB).",
                    "A lost or stolen device or document without strong encryption can be read by "
                    "whoever has it: at least a risk (EDPB).",
                ),
                ("description.breach_type", "circumstances.encryption"),
                Risk.RISK,
            )
        )
    enablers = fraud_enablers(r)
    if enablers and holder in (Holder.UNKNOWN_OR_MANY, Holder.ATTACKER):
        found.append(
            Finding(
                "identity_theft",
                Text(
                    f"Uppgifterna möjliggör identitetsstöld eller bedrägeri ({_join(enablers, 'sv')}) "
                    "och finns hos okända: risken är hög (EDPB).",
                    f"The data enable identity theft or fraud ({_join(enablers, 'en')}) and are in "
                    "unknown hands: the risk is high (EDPB).",
                ),
                ("data.data_categories", *held),
                Risk.HIGH,
            )
        )
    if holder is Holder.ATTACKER and s.ei_level is EaseOfIdentification.MAXIMUM:
        ei_path = ("circumstances.ease_of_identification",) if r.ease_of_identification else ()
        found.append(
            Finding(
                "attacker_identifies",
                Text(
                    "Uppgifterna identifierar personerna direkt och finns hos någon med uppsåt, som "
                    "kan använda dem för nätfiske, bedrägeri eller identitetsstöld: risken är hög (EDPB).",
                    "The data identify the people directly and are held by someone with malicious "
                    "intent, who can use them for phishing, fraud or identity theft: the risk is high "
                    "(EDPB).",
                ),
                ("data.data_categories", *ei_path, *held),
                Risk.HIGH,
            )
        )
    found.extend(_people(r, holder))
    return found, True


def _people(r: Reading, holder: Holder) -> list[Finding]:
    """EDPB factors 5 and 7: who the people are, and how many."""
    found = []
    groups = [g for g in _PROTECTED_GROUPS if g in r.subjects]
    if groups:
        names = [Text(g.text.sv.lower(), g.text.en.lower()) for g in groups]
        found.append(
            Finding(
                "vulnerable_people",
                Text(
                    f"Bland de registrerade finns {_join(names, 'sv')}, som behöver större skydd: "
                    "det är minst en risk (EDPB).",
                    f"The people include {_join(names, 'en')}, who need greater protection: at "
                    "least a risk (EDPB).",
                ),
                ("data.subject_categories",),
                Risk.RISK,
            )
        )
    if (
        SubjectCategory.PROTECTED_IDENTITY in r.subjects
        and r.data & {DataCategory.IDENTITY, DataCategory.CONTACT}
        and holder is not Holder.NOBODY
    ):
        found.append(
            Finding(
                "protected_identity",
                Text(
                    "Namn eller adresser till personer med skyddade personuppgifter har röjts; det kan "
                    "hota deras säkerhet: risken är hög.",
                    "Names or addresses of people with protected identity were disclosed; that can "
                    "endanger their safety: the risk is high.",
                ),
                ("data.subject_categories", "data.data_categories"),
                Risk.HIGH,
            )
        )
    if r.subjects_count is not None and r.subjects_count >= MANY_PEOPLE:
        count = f"{r.subjects_count:,}"
        found.append(
            Finding(
                "many_people",
                Text(
                    f"Incidenten berör många personer (ca {count.replace(',', chr(160))}): det är "
                    "minst en risk (EDPB).",
                    f"The breach affects many people (about {count}): at least a risk (EDPB).",
                ),
                ("data.subjects_count",),
                Risk.RISK,
            )
        )
    return found


def _availability(r: Reading, s: Severity) -> list[Finding]:
    lost = r.availability_lost
    found = []
    paths = ("circumstances.availability",) if r.availability else ("circumstances.backup",)
    if lost in (AvailabilityImpact.NONE, AvailabilityImpact.RESTORED_QUICKLY):
        found.append(
            Finding(
                "availability",
                Text(
                    "Uppgifterna återställdes inom timmar utan påverkan på verksamheten.",
                    "The data were restored within hours with no effect on operations.",
                ),
                paths,
                Risk.UNLIKELY,
            )
        )
    elif lost is AvailabilityImpact.TEMPORARY:
        found.append(
            Finding(
                "availability",
                Text(
                    "Uppgifterna var otillgängliga i dagar; en längre förlust av tillgänglighet är en "
                    "risk för de registrerade (EDPB).",
                    "The data were unavailable for days; a long loss of availability is a risk to "
                    "the people (EDPB).",
                ),
                paths,
                Risk.RISK,
            )
        )
    elif lost is AvailabilityImpact.PERMANENT:
        severe = BAND_RISK[s.band] is Risk.HIGH
        found.append(
            Finding(
                "availability",
                Text(
                    "Uppgifterna är permanent förlorade"
                    + (", och de är så allvarliga att risken är hög." if severe else ": en risk."),
                    "The data are permanently lost"
                    + ("; they are so severe that the risk is high." if severe else ": a risk."),
                ),
                paths,
                Risk.HIGH if severe else Risk.RISK,
            )
        )
    if r.care_affected:
        found.append(
            Finding(
                "care_affected",
                Text(
                    "Vård eller annan viktig service försenades eller ställdes in. Det kan skada "
                    "patienterna, så risken är hög och de ska informeras (EDPB).",
                    "Care or another vital service was delayed or cancelled. That can harm patients, "
                    "so the risk is high and they must be told (EDPB).",
                ),
                ("circumstances.care_affected",),
                Risk.HIGH,
            )
        )
    return found


def _integrity(r: Reading, s: Severity) -> list[Finding]:
    lost = r.integrity_lost
    paths = ("circumstances.integrity",) if r.integrity else ("description.kinds",)
    if lost is None:
        return []
    if lost is IntegrityImpact.NONE:
        text = Text(
            "Inga uppgifter ändrades, eller de rättades innan de användes.",
            "No data were altered, or they were repaired before use.",
        )
        return [Finding("integrity", text, paths, Risk.UNLIKELY)]
    if lost is IntegrityImpact.RECOVERABLE:
        text = Text(
            "Uppgifter ändrades och kan ha använts felaktigt, men kan återställas: en risk.",
            "Data were altered and may have been misused, but can be recovered: a risk.",
        )
        return [Finding("integrity", text, paths, Risk.RISK)]
    text = Text(
        "Uppgifter ändrades och kan inte återställas; felaktiga uppgifter kan leda till felaktiga "
        "beslut om personerna.",
        "Data were altered beyond recovery; wrong data can lead to wrong decisions about the people.",
    )
    return [Finding("integrity", text, paths, max(Risk.RISK, BAND_RISK[s.band]))]


def _ransomware(r: Reading) -> list[Finding]:
    """The EDPB's ransomware lesson: document only needs encryption, a quick restore and proof."""
    if r.breach_type is not BreachType.MALWARE:
        return []
    lacking = []
    if not r.unintelligible:
        lacking.append(Text("kryptering med säker nyckel", "encryption with a safe key"))
    if r.availability_lost not in (
        None,
        AvailabilityImpact.NONE,
        AvailabilityImpact.RESTORED_QUICKLY,
    ):
        lacking.append(Text("återställning inom timmar", "a restore within hours"))
    if r.exfiltration is not Exfiltration.RULED_OUT:
        lacking.append(
            Text("loggar som visar att inget lämnade nätverket", "logs that prove nothing left")
        )
    paths = (
        "description.breach_type",
        "circumstances.encryption",
        "circumstances.availability",
        "circumstances.backup",
        "circumstances.exfiltration",
    )
    if not lacking:
        return [
            Finding(
                "ransomware",
                Text(
                    "Utpressningsviruset mötte stark kryptering med säker nyckel, en säkerhetskopia "
                    "som återställde uppgifterna inom timmar och loggar som visar att inget lämnade "
                    "nätverket: en risk är osannolik (EDPB).",
                    "The ransomware met strong encryption with a safe key, a backup that restored "
                    "the data within hours and logs that prove nothing left the network: a risk is "
                    "unlikely (EDPB).",
                ),
                paths,
                Risk.UNLIKELY,
            )
        ]
    return [
        Finding(
            "ransomware",
            Text(
                "Utpressningsvirus stannar vid intern dokumentation bara med tre skydd: kryptering med "
                "säker nyckel, en säkerhetskopia som återställer uppgifterna inom timmar och loggar som "
                f"visar att inget lämnade nätverket. Här saknas {_join(lacking, 'sv')}, så IMY ska "
                "underrättas (EDPB).",
                "Ransomware stays at internal documentation only with three protections: encryption "
                "with a safe key, a backup that restores the data within hours, and logs that prove "
                f"nothing left the network. Missing here: {_join(lacking, 'en')}; so IMY must be "
                "notified (EDPB).",
            ),
            paths,
            Risk.RISK,
        )
    ]


def _context(r: Reading) -> list[Finding]:
    """EDPB factors 2 and 6 as explanations: sensitive data, and a controller that holds them."""
    found = []
    if r.special:
        found.append(
            Finding(
                "special_categories",
                Text(
                    "Känsliga personuppgifter eller uppgifter om lagöverträdelser berörs; de väger "
                    "tyngst (EDPB, ENISA:s högsta grundpoäng).",
                    "Special categories or criminal offence data are affected; they weigh most "
                    "(EDPB, ENISA's highest base score).",
                ),
                ("data.data_categories",),
            )
        )
    if r.sector in HEALTH_AND_CARE:
        found.append(
            Finding(
                "controller",
                Text(
                    f"Den personuppgiftsansvarige ({r.sector.label('sv').lower()}) behandlar känsliga "
                    "uppgifter om många människor; dess incidenter väger tyngre (EDPB).",
                    f"The controller ({r.sector.label('en').lower()}) processes sensitive data about "
                    "many people; its breaches weigh more (EDPB).",
                ),
                ("controller.sector",),
            )
        )
    return found


def judge(r: Reading, s: Severity) -> Judgement:
    """All findings for one reading, and the risk they add up to (the highest floor)."""
    disclosure, exposed = _confidentiality(r, s)
    findings = [
        _enisa(s, deciding=exposed),
        *disclosure,
        *_availability(r, s),
        *_integrity(r, s),
        *_ransomware(r),
        *_context(r),
    ]
    level = max((f.level for f in findings if f.level is not None), default=Risk.UNLIKELY)
    return Judgement(level, tuple(findings))
