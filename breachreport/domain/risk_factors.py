"""The EDPB's risk factors and the lessons of its worked cases, as findings over one reading.

Risk is likelihood and severity judged together (EDPB Guidelines 9/2022, recital 76). Severity
starts from ENISA's score and is raised by what the data make possible (fraud, danger to safety,
a grave sensitive item), by what the misuse was and by the consequences the DPO states; the
likelihood comes from the EDPB's factors: who may hold the data and in what faith, what became of
them, and whether they could be read at all. Each finding names the least risk it implies and
the facts behind it. Pure; duties are decided in ``assessment``, never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .choices import BreachType, Consequence, DataCategory, SeverityEstimate, SubjectCategory
from .circumstances import (
    Access,
    AvailabilityImpact,
    CareImpact,
    Deletion,
    DeviceState,
    EaseOfIdentification,
    Exfiltration,
    FinancialInsight,
    IntegrityImpact,
    Medium,
    Misuse,
    MisuseKind,
    PasswordProtection,
    RecipientKind,
    Recipients,
    SensitiveGravity,
)
from .labels import Text
from .risk_inputs import (
    AT_RISK_GROUPS,
    HEALTH_AND_CARE,
    MANY_PEOPLE,
    RECOVERED,
    Holder,
    Reading,
)
from .severity import Band, Severity
from .severity import number as _n


class Risk(IntEnum):
    """Art. 33/34's three steps: unlikely to result in a risk, a risk, a high risk."""

    UNLIKELY = 0
    RISK = 1
    HIGH = 2


class Likelihood(IntEnum):
    """How likely it is that the disclosure harms the people (the EDPB's likelihood)."""

    REMOTE = 0
    SLIGHT = 1
    LOW = 2
    MEDIUM = 3
    HIGH = 4

    @property
    def text(self) -> Text:
        return _LIKELIHOOD_TEXT[self]


class Impact(IntEnum):
    """How severe the harm would be for the people (ENISA's severity, raised by the facts)."""

    LIMITED = 1
    SIGNIFICANT = 2
    SEVERE = 3
    VERY_SEVERE = 4

    @property
    def text(self) -> Text:
        return _IMPACT_TEXT[self]


_LIKELIHOOD_TEXT = {
    Likelihood.REMOTE: Text("avlägsen", "remote"),
    Likelihood.SLIGHT: Text("liten", "slight"),
    Likelihood.LOW: Text("låg", "low"),
    Likelihood.MEDIUM: Text("medelhög", "medium"),
    Likelihood.HIGH: Text("hög", "high"),
}
_IMPACT_TEXT = {
    Impact.LIMITED: Text("begränsade", "limited"),
    Impact.SIGNIFICANT: Text("betydande", "significant"),
    Impact.SEVERE: Text("allvarliga", "severe"),
    Impact.VERY_SEVERE: Text("mycket allvarliga", "very severe"),
}
_RISK_TEXT = {
    Risk.UNLIKELY: Text("en risk är osannolik", "a risk is unlikely"),
    Risk.RISK: Text("det är en risk, men inte en hög risk", "it is a risk, but not a high risk"),
    Risk.HIGH: Text("risken är hög", "the risk is high"),
}

BAND_IMPACT = {
    Band.LOW: Impact.LIMITED,
    Band.MEDIUM: Impact.SIGNIFICANT,
    Band.HIGH: Impact.SEVERE,
    Band.VERY_HIGH: Impact.VERY_SEVERE,
}
BAND_RISK = {
    Band.LOW: Risk.UNLIKELY,
    Band.MEDIUM: Risk.RISK,
    Band.HIGH: Risk.HIGH,
    Band.VERY_HIGH: Risk.HIGH,
}

U, R, H = Risk.UNLIKELY, Risk.RISK, Risk.HIGH
# Likelihood (rows) against impact (limited, significant, severe, very severe).
MATRIX: dict[Likelihood, tuple[Risk, Risk, Risk, Risk]] = {
    Likelihood.REMOTE: (U, U, U, U),
    Likelihood.SLIGHT: (U, U, R, R),
    Likelihood.LOW: (U, U, R, H),
    Likelihood.MEDIUM: (U, R, H, H),
    Likelihood.HIGH: (R, R, H, H),
}


def combined(likelihood: Likelihood, impact: Impact) -> Risk:
    return MATRIX[likelihood][impact - 1]


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


def _enisa(s: Severity) -> Finding:
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
        f"CB {_n(s.cb, 'sv')}: {cb_sv}. Poängen mäter hur allvarligt det vore för personerna; "
        "hur sannolikt det är bedöms med EDPB:s faktorer, och båda vägs samman."
    )
    en = (
        f"ENISA severity: {formula.en}. DPC {s.dpc}: {s.dpc_kind.label('en')}{adj_en}; "
        f"EI {_n(s.ei, 'en')}: {s.ei_level.label('en').lower()}; CB {_n(s.cb, 'en')}: {cb_en}. "
        "The score measures how severe it would be for the people; how likely it is is judged "
        "with the EDPB's factors, and the two are weighed together."
    )
    return Finding("enisa", Text(sv, en), s.paths)


# --- likelihood ---------------------------------------------------------------------------------


# What became of the data that takes them out of a trusted recipient's hands.
_GONE = frozenset(
    {Deletion.CONFIRMED, Deletion.DELETED_BY_US, Deletion.RETURNED_UNREAD, Deletion.RETURNED_READ}
)


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
    if r.lost and DeviceState.RECOVERED_UNOPENED in r.device_state:
        return Finding(
            "recovered_unopened",
            Text(
                "Enheten återfanns och hade inte öppnats: ingen har kunnat ta del av uppgifterna, "
                "så en risk är osannolik.",
                "The device was recovered and had not been opened: nobody could take the data, so a "
                "risk is unlikely.",
            ),
            ("circumstances.device_state",),
            Risk.UNLIKELY,
        )
    holder = r.holder
    unread = r.deletion is Deletion.RETURNED_UNREAD and r.access is not Access.ACCESSED
    removed = r.deletion is Deletion.DELETED_BY_US and r.access is Access.NOT_ACCESSED
    if holder in (Holder.KNOWN_FEW, Holder.KNOWN_MANY) and (unread or removed):
        return Finding(
            "recovered",
            Text(
                "Uppgifterna kom tillbaka olästa eller togs bort av oss innan mottagarna kunde ta "
                "del av dem: en risk är osannolik (EDPB).",
                "The data came back unread or were removed by us before the recipients could take "
                "them: a risk is unlikely (EDPB).",
            ),
            ("circumstances.recipients", "circumstances.deletion", "circumstances.access"),
            Risk.UNLIKELY,
        )
    if (
        holder is Holder.KNOWN_FEW
        and r.recipient_kind in (RecipientKind.TRUSTED_SECRECY, RecipientKind.SAME_ORGANISATION)
        and r.deletion in _GONE
    ):
        return Finding(
            "trusted_recipient",
            Text(
                "Mottagaren är betrodd eller en kollega med tystnadsplikt, och uppgifterna är "
                "raderade (skriftligen bekräftat, eller borttagna av oss) eller tillbakalämnade: en "
                "risk är osannolik (EDPB).",
                "The recipient is trusted or a colleague bound by secrecy, and the data are deleted "
                "(confirmed in writing, or removed by us) or returned: a risk is unlikely (EDPB).",
            ),
            (
                "circumstances.recipients",
                "circumstances.recipient_kind",
                "circumstances.deletion",
            ),
            Risk.UNLIKELY,
        )
    if holder is Holder.NOBODY and not r.lost and r.access is Access.NOT_ACCESSED:
        return Finding(
            "not_accessed",
            Text(
                "Uppgifterna låg åtkomliga, men loggar eller mottagaren visar att ingen obehörig "
                "öppnade dem: en risk är osannolik.",
                "The data lay open, but logs or the recipient show that nobody unauthorised opened "
                "them: a risk is unlikely.",
            ),
            ("circumstances.access",),
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


_HOLDER = {
    Holder.ATTACKER: (
        Likelihood.HIGH,
        Text(
            "Uppgifterna kan finnas hos någon med uppsåt att skada (angripare, tjuv eller "
            "bedragare); det väger tyngre än en betrodd mottagare (EDPB)",
            "The data may be held by someone with malicious intent (attacker, thief or impostor); "
            "that weighs more than a trusted recipient (EDPB)",
        ),
    ),
    Holder.UNKNOWN_OR_MANY: (
        Likelihood.MEDIUM,
        Text(
            "Uppgifterna har nått okända mottagare och kan inte kallas tillbaka (EDPB)",
            "The data reached unknown recipients and cannot be recalled (EDPB)",
        ),
    ),
    Holder.KNOWN_MALICIOUS: (
        Likelihood.MEDIUM,
        Text(
            "En känd person som handlar i ond tro har uppgifterna (EDPB)",
            "A known person acting in bad faith holds the data (EDPB)",
        ),
    ),
    Holder.INTERESTED: (
        Likelihood.MEDIUM,
        Text(
            "Mottagaren har makt över eller intresse av personerna (t.ex. deras arbetsgivare); det "
            "den fått veta kan inte raderas ur minnet och kan användas mot dem (EDPB)",
            "The recipient has power over or an interest in the people (e.g. their employer); what "
            "it learnt cannot be deleted from memory and can be used against them (EDPB)",
        ),
    ),
    Holder.KNOWN_MANY: (
        Likelihood.MEDIUM,
        Text(
            "Många kända mottagare har fått uppgifterna; alla kan inte antas radera dem",
            "Many known recipients got the data; not all of them can be assumed to delete them",
        ),
    ),
    Holder.KNOWN_FEW: (
        Likelihood.LOW,
        Text(
            "En eller ett fåtal kända mottagare i god tro har fått uppgifterna",
            "One or a few known recipients in good faith got the data",
        ),
    ),
    Holder.NOBODY: (
        Likelihood.SLIGHT,
        Text(
            "Uppgifterna låg åtkomliga, men inget tyder på att någon obehörig tog del av dem",
            "The data lay open, but nothing shows that anyone unauthorised took them",
        ),
    ),
}
_TRUSTED = Text(
    "Mottagarna är betrodda eller kollegor med tystnadsplikt, men raderingen är inte bekräftad "
    "(EDPB kräver ett skriftligt intyg för att risken ska vara osannolik)",
    "The recipients are trusted or colleagues bound by secrecy, but deletion is not confirmed "
    "(the EDPB asks for a written confirmation before a risk is unlikely)",
)
_AFFECTED = Text(
    "Mottagarna tillhör själva den drabbade gruppen",
    "The recipients belong to the affected group themselves",
)
_RECALLED_MANY = Text(
    "Många mottagare, men uppgifterna togs tillbaka innan de flesta kunde läsa dem",
    "Many recipients, but the data were recalled before most could read them",
)
_PUBLISHED = Text(
    "Uppgifterna publicerades: vem som helst kan ha tagit dem, och de kan inte kallas tillbaka",
    "The data were published: anyone may have taken them, and they cannot be recalled",
)
_OPENED = Text(
    "Någon obehörig öppnade uppgifterna, fast ingen är känd för att ha dem",
    "Someone unauthorised opened the data, though nobody is known to hold them",
)
_LONG_OPEN = Text(
    "Uppgifterna låg åtkomliga länge ({hours_sv} timmar), så det är troligare att någon tog dem",
    "The data lay open for a long time ({hours_en} hours), so it is likelier that someone took them",
)
# From this long open on, that someone took the data counts as more than slight.
LONG_EXPOSURE_HOURS = 72.0


def _lost_device(r: Reading) -> tuple[Likelihood, Text, tuple[str, ...]]:
    state = r.device_state
    paths = ("description.breach_type", "circumstances.device_state", "circumstances.medium")
    locked = DeviceState.PASSWORD_LOCKED in state
    if r.medium in (Medium.PAPER, Medium.PHOTO_OF_PAPER):
        text = Text(
            "Papper kan läsas av vem som helst som hittar dem",
            "Paper can be read by whoever finds it",
        )
        return Likelihood.MEDIUM, text, paths
    if locked and DeviceState.REMOTE_WIPED in state:
        text = Text(
            "Enheten var låst och har fjärrraderats, men saknade stark kryptering; den kan ha lästs "
            "innan den raderades",
            "The device was locked and has been wiped remotely, but lacked strong encryption; it "
            "may have been read before it was wiped",
        )
        return Likelihood.LOW, text, paths
    if locked:
        text = Text(
            "Enheten var låst men inte starkt krypterad; den som har den kan läsa disken",
            "The device was locked but not strongly encrypted; whoever has it can read the disk",
        )
        return Likelihood.LOW, text, paths
    text = Text(
        "En förlorad enhet utan lås eller stark kryptering kan läsas av den som hittar den",
        "A lost device with no lock and no strong encryption can be read by whoever finds it",
    )
    return Likelihood.MEDIUM, text, paths


def _lower(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


def _exposure_hours(r: Reading) -> float | None:
    if r.exposure_hours is not None:
        return r.exposure_hours
    return None if r.undetected_days is None else r.undetected_days * 24


def likelihood(r: Reading) -> tuple[Likelihood, Finding]:
    """How likely harm from the disclosure is, with the finding that says why."""
    if r.misuse is Misuse.CONFIRMED:
        return Likelihood.HIGH, Finding(
            "likelihood",
            Text(
                "Sannolikheten att uppgifterna skadar personerna är hög: missbruk är bekräftat, så "
                "skadan är inte längre bara möjlig.",
                "The likelihood that the data harm the people is high: misuse is confirmed, so the "
                "harm is no longer merely possible.",
            ),
            ("circumstances.misuse",),
        )
    lesson = _lesson(r)
    if lesson is not None and r.misuse is not Misuse.SUSPECTED:
        return Likelihood.REMOTE, lesson
    holder = r.holder
    level, text = _HOLDER[holder]
    paths = r.holder_paths
    if holder is Holder.NOBODY and r.lost:
        level, text, paths = _lost_device(r)
    elif holder is Holder.NOBODY:
        hours = _exposure_hours(r)
        if r.access is Access.ACCESSED:
            level, text, paths = Likelihood.LOW, _OPENED, ("circumstances.access",)
        elif hours is not None and hours >= LONG_EXPOSURE_HOURS:
            level = Likelihood.LOW
            text = Text(
                _LONG_OPEN.sv.format(hours_sv=_n(round(hours), "sv")),
                _LONG_OPEN.en.format(hours_en=_n(round(hours), "en")),
            )
            paths = ("circumstances.exposure_hours", "times.occurred_from", "times.discovered_at")
    elif holder is Holder.ATTACKER and r.lost and DeviceState.PASSWORD_LOCKED in r.device_state:
        if DeviceState.REMOTE_WIPED in r.device_state:
            level = Likelihood.MEDIUM
            text = Text(
                "En tjuv har enheten, men den var låst och har fjärrraderats",
                "A thief has the device, but it was locked and has been wiped remotely",
            )
            paths = (*paths, "circumstances.device_state")
    elif holder is Holder.INTERESTED:
        paths = (*paths, "circumstances.recipient_kind")
    elif holder is Holder.UNKNOWN_OR_MANY and r.recipients is Recipients.PUBLISHED:
        level, text = Likelihood.HIGH, _PUBLISHED
    elif holder in (Holder.KNOWN_FEW, Holder.KNOWN_MANY):
        kind = r.recipient_kind
        if kind in (RecipientKind.TRUSTED_SECRECY, RecipientKind.SAME_ORGANISATION):
            level, text = (
                Likelihood.SLIGHT if holder is Holder.KNOWN_FEW else Likelihood.LOW,
                _TRUSTED,
            )
            paths = (*paths, "circumstances.recipient_kind", "circumstances.deletion")
        elif kind is RecipientKind.AFFECTED_GROUP:
            level, text = Likelihood.LOW, _AFFECTED
            paths = (*paths, "circumstances.recipient_kind")
        elif holder is Holder.KNOWN_MANY and r.deletion in RECOVERED:
            level, text = Likelihood.LOW, _RECALLED_MANY
            paths = (*paths, "circumstances.deletion")
    if r.misuse is Misuse.SUSPECTED and level < Likelihood.MEDIUM:
        level = Likelihood.MEDIUM
        text = Text(text.sv + ", och missbruk misstänks", text.en + ", and misuse is suspected")
        paths = (*paths, "circumstances.misuse")
    sv = f"Sannolikheten att uppgifterna skadar personerna är {level.text.sv}: {_lower(text.sv)}."
    en = f"The likelihood that the data harm the people is {level.text.en}: {_lower(text.en)}."
    return level, Finding("likelihood", Text(sv, en), tuple(dict.fromkeys(paths)))


# --- impact -------------------------------------------------------------------------------------

_NAME_ADDRESS_BIRTH = frozenset(
    {DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.BIRTH_DATE}
)
_LITTLE_FINANCIAL = frozenset({FinancialInsight.BEING_CUSTOMER, FinancialInsight.LIMITED})
# Data that point at a person, so that who the people are becomes known.
_POINTING = frozenset(
    {
        DataCategory.IDENTITY,
        DataCategory.CONTACT,
        DataCategory.PERSONAL_NUMBER,
        DataCategory.FOREIGN_ID,
        DataCategory.BIRTH_DATE,
        DataCategory.LOCATION,
        DataCategory.OFFICIAL_DOCUMENTS,
        DataCategory.BIOMETRIC,
        DataCategory.VEHICLE,
    }
)


def fraud_enablers(r: Reading) -> list[Text]:
    """The data that enable identity theft or fraud, named for a reason; empty if none."""
    found = []
    if DataCategory.PERSONAL_NUMBER in r.data:
        found.append(Text("personnummer", "personal identity numbers"))
    if DataCategory.FOREIGN_ID in r.data:
        found.append(Text("utländska id- eller skattenummer", "foreign identity or tax numbers"))
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


_STATED = {
    Consequence.PHYSICAL_HARM: Impact.VERY_SEVERE,
    Consequence.IDENTITY_THEFT: Impact.SEVERE,
    Consequence.FINANCIAL_LOSS: Impact.SEVERE,
    Consequence.DISCRIMINATION: Impact.SEVERE,
    Consequence.LOSS_OF_SECRECY: Impact.SIGNIFICANT,
    Consequence.DISTRESS: Impact.SIGNIFICANT,
    Consequence.REPUTATION: Impact.SIGNIFICANT,
    Consequence.LOSS_OF_CONTROL: Impact.SIGNIFICANT,
}
_ESTIMATE = {
    SeverityEstimate.LOW: Impact.LIMITED,
    SeverityEstimate.MEDIUM: Impact.SIGNIFICANT,
    SeverityEstimate.HIGH: Impact.SEVERE,
    SeverityEstimate.VERY_HIGH: Impact.VERY_SEVERE,
}


def impact(r: Reading, s: Severity) -> tuple[Impact, list[Finding], Impact]:
    """How severe the harm would be: ENISA's band, raised by what the facts make possible; also
    the part that the facts alone (not the score) establish."""
    level = BAND_IMPACT[s.band]
    by_facts = Impact.LIMITED
    found: list[Finding] = []

    def raise_to(to: Impact, factor: str, text: Text, facts: tuple[str, ...]) -> None:
        nonlocal level, by_facts
        found.append(Finding(factor, text, facts))
        level = max(level, to)
        by_facts = max(by_facts, to)

    enablers = fraud_enablers(r)
    if enablers:
        raise_to(
            Impact.SEVERE,
            "identity_theft",
            Text(
                f"Uppgifterna möjliggör identitetsstöld eller bedrägeri ({_join(enablers, 'sv')}); "
                "i fel händer är konsekvenserna allvarliga (EDPB).",
                f"The data enable identity theft or fraud ({_join(enablers, 'en')}); in the wrong "
                "hands the consequences are severe (EDPB).",
            ),
            ("data.data_categories",),
        )
    at_risk = [g for g in SubjectCategory if g in AT_RISK_GROUPS and g in r.subjects]
    if at_risk and r.data & _POINTING:
        names = [Text(g.text.sv.lower(), g.text.en.lower()) for g in at_risk]
        raise_to(
            Impact.VERY_SEVERE,
            "safety",
            Text(
                f"Uppgifterna pekar ut {_join(names, 'sv')}; att de röjs kan hota deras säkerhet "
                "eller liv.",
                f"The data point out {_join(names, 'en')}; their disclosure can endanger their "
                "safety or life.",
            ),
            ("data.subject_categories", "data.data_categories"),
        )
    if r.special and r.sensitive_gravity is SensitiveGravity.GRAVE:
        raise_to(
            Impact.VERY_SEVERE,
            "grave_sensitive",
            Text(
                "De känsliga uppgifterna är allvarliga eller stigmatiserande; ett röjande drabbar "
                "personerna hårt (EDPB).",
                "The sensitive data are grave or stigmatising; a disclosure hits the people hard "
                "(EDPB).",
            ),
            ("data.data_categories", "circumstances.sensitive_gravity"),
        )
    kinds = [k for k in MisuseKind if k in r.misuse_kinds]  # in the form's order
    harmful = [k for k in kinds if k.harmful]
    if r.misuse in (Misuse.CONFIRMED, Misuse.SUSPECTED) and harmful:
        names = [Text(k.text.sv.lower(), k.text.en.lower()) for k in harmful]
        raise_to(
            Impact.SEVERE,
            "misuse",
            Text(
                f"Missbruket ({_join(names, 'sv')}) skadar personerna själva.",
                f"The misuse ({_join(names, 'en')}) harms the people themselves.",
            ),
            ("circumstances.misuse", "circumstances.misuse_kinds"),
        )
    if r.misuse is Misuse.CONFIRMED and r.misuse_kinds and not harmful:
        names = [Text(k.text.sv.lower(), k.text.en.lower()) for k in kinds]
        found.append(
            Finding(
                "misuse",
                Text(
                    f"Missbruket ({_join(names, 'sv')}) når personerna men skadar dem inte i sig, "
                    "så det höjer inte allvaret; det är inte bedrägeri (EDPB).",
                    f"The misuse ({_join(names, 'en')}) reaches the people but does not in itself "
                    "harm them, so it does not raise the severity; it is not fraud (EDPB).",
                ),
                ("circumstances.misuse", "circumstances.misuse_kinds"),
            )
        )
    stated = [c for c in Consequence if c in r.consequences and c in _STATED]
    if stated:
        worst = max(_STATED[c] for c in stated)
        names = [Text(c.text.sv.lower(), c.text.en.lower()) for c in stated]
        raise_to(
            worst,
            "stated_consequences",
            Text(
                f"Ni anger som sannolika konsekvenser: {_join(names, 'sv')}; konsekvenserna är "
                f"därmed minst {worst.text.sv}.",
                f"You state as likely consequences: {_join(names, 'en')}; the consequences are "
                f"therefore at least {worst.text.en}.",
            ),
            ("consequences.likely",),
        )
    if r.own_severity is not None and _ESTIMATE[r.own_severity] > BAND_IMPACT[s.band]:
        raise_to(
            _ESTIMATE[r.own_severity],
            "own_estimate",
            Text(
                f"Er egen bedömning av allvaret är {r.own_severity.label('sv').lower()}, högre än "
                "ENISA-poängen; den högre bedömningen gäller.",
                f"Your own estimate of the severity is {r.own_severity.label('en').lower()}, above "
                "ENISA's score; the higher one counts.",
            ),
            ("consequences.severity",),
        )
    return level, found, by_facts


# --- confidentiality ----------------------------------------------------------------------------

_PROTECTED_GROUPS = (
    SubjectCategory.CHILDREN,
    SubjectCategory.PATIENTS,
    SubjectCategory.VULNERABLE,
    SubjectCategory.PROTECTED_IDENTITY,
    SubjectCategory.VICTIMS,
    SubjectCategory.PERSECUTION_RISK,
)


_SCORE_ONLY = Finding(
    "score_only",
    Text(
        "ENISA-poängen är mycket hög, men när bara en eller ett fåtal mottagare i god tro kan ha sett "
        "uppgifterna gör inget i dem skadan mycket allvarlig (inget allvarligt känsligt förhållande, "
        "ingen fara för säkerheten, ingen sådan konsekvens angiven); konsekvenserna räknas som "
        "allvarliga.",
        "ENISA's score is very high, but when at most one or a few recipients in good faith may have seen the "
        "data, nothing in them makes the harm very severe (no grave sensitive matter, no danger to "
        "safety, no such consequence stated); the consequences count as severe.",
    ),
    ("data.data_categories", "circumstances.sensitive_gravity"),
)


def _confidentiality(r: Reading, s: Severity) -> list[Finding]:
    """Findings on disclosure: likelihood and impact, and the risk they make together."""
    if not r.confidentiality_at_stake:
        return []
    chance, why = likelihood(r)
    severity, raised, by_facts = impact(r, s)
    few = r.holder in (Holder.KNOWN_FEW, Holder.NOBODY)
    if few and chance <= Likelihood.LOW and severity is Impact.VERY_SEVERE and by_facts < severity:
        # A score alone does not make one or a few good-faith recipients a high risk: it takes
        # a grave item, danger to safety or harm the DPO states (WP250's bank statement).
        severity = Impact.SEVERE
        raised = [*raised, _SCORE_ONLY]
    level = combined(chance, severity)
    impact_paths = tuple(p for f in raised for p in f.facts)
    sv = (
        f"Sannolikheten är {chance.text.sv} och konsekvenserna {severity.text.sv} "
        f"(ENISA {s.band.label('sv')}"
        + (", höjt av uppgifterna ovan" if severity > BAND_IMPACT[s.band] else "")
        + f"): {_RISK_TEXT[level].sv}."
    )
    en = (
        f"The likelihood is {chance.text.en} and the consequences {severity.text.en} "
        f"(ENISA {s.band.label('en')}"
        + (", raised by the facts above" if severity > BAND_IMPACT[s.band] else "")
        + f"): {_RISK_TEXT[level].en}."
    )
    facts = tuple(dict.fromkeys((*why.facts, *s.paths, *impact_paths)))
    found = [why, *raised, Finding("likelihood_and_impact", Text(sv, en), facts, level)]
    if chance is Likelihood.REMOTE:
        return found
    holder = r.holder
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
                ("data.data_categories", *ei_path, *r.holder_paths),
                Risk.HIGH,
            )
        )
    if r.lost and severity >= Impact.SIGNIFICANT:
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
    found.extend(_people(r, s))
    return found


def _people(r: Reading, s: Severity) -> list[Finding]:
    """EDPB factors 5 and 7: who the people are, and how many (not when the data can hardly be
    linked to anyone)."""
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
    people = r.subjects_count
    linkable = s.ei_level is not EaseOfIdentification.NEGLIGIBLE
    if people is not None and people >= MANY_PEOPLE and linkable:
        count = f"{people:,}"
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


# --- availability, integrity, ransomware --------------------------------------------------------


def _availability(r: Reading, s: Severity) -> list[Finding]:
    lost = r.availability_lost
    if lost is None:
        return []
    found = []
    if r.availability is not None:
        paths: tuple[str, ...] = ("circumstances.availability",)
    elif r.unavailable_hours is not None:
        paths = ("circumstances.unavailable_hours",)
    else:
        paths = ("circumstances.backup",)
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
                    "Uppgifterna var otillgängliga i mer än ett dygn; en längre förlust av "
                    "tillgänglighet är en risk för de registrerade (EDPB).",
                    "The data were unavailable for more than a day; a long loss of availability is "
                    "a risk to the people (EDPB).",
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
    found.extend(_care(r, paths))
    return found


def _care(r: Reading, paths: tuple[str, ...]) -> list[Finding]:
    """Care that was, or could be, disrupted (WP250: records out of reach for over a day)."""
    if r.care is CareImpact.DELAYED:
        return [
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
        ]
    could = r.care is CareImpact.POSSIBLE or (r.care is None and r.care_data)
    if not could:
        return []
    facts = ("circumstances.care_affected",) if r.care else ("data.subject_categories",)
    if r.out_longer_than_a_day:
        return [
            Finding(
                "care_affected",
                Text(
                    "Uppgifter som vården behöver var ur räckhåll i mer än ett dygn. Det kan skada "
                    "patienterna även innan någon behandling skjutits upp: risken är hög (WP250).",
                    "Data that care depends on were out of reach for more than a day. That can harm "
                    "patients even before any treatment is postponed: the risk is high (WP250).",
                ),
                (*facts, *paths),
                Risk.HIGH,
            )
        ]
    if r.care is CareImpact.POSSIBLE and r.availability_lost not in (None, AvailabilityImpact.NONE):
        return [
            Finding(
                "care_affected",
                Text(
                    "Vården kunde störas medan uppgifterna var ur räckhåll, om än kort: det är minst "
                    "en risk.",
                    "Care could be disrupted while the data were out of reach, if only briefly: at "
                    "least a risk.",
                ),
                (*facts, *paths),
                Risk.RISK,
            )
        ]
    return []


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
    """EDPB factors 2 and 6 as explanations: sensitive data, a controller that holds them, the
    time the breach went unnoticed, and an authority that already knew."""
    found = []
    if r.special:
        share = ""
        share_en = ""
        if r.sensitive_count is not None and r.subjects_count:
            count = f"{r.sensitive_count:,}"
            share = f" De gäller {count.replace(',', chr(160))} av personerna."
            share_en = f" They concern {count} of the people."
        found.append(
            Finding(
                "special_categories",
                Text(
                    "Känsliga personuppgifter eller uppgifter om lagöverträdelser berörs; de väger "
                    "tyngst (EDPB, ENISA:s högsta grundpoäng)." + share,
                    "Special categories or criminal offence data are affected; they weigh most "
                    "(EDPB, ENISA's highest base score)." + share_en,
                ),
                ("data.data_categories", "data.sensitive_subjects_count")
                if share
                else ("data.data_categories",),
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
    if r.undetected_days is not None and r.undetected_days >= 7 and r.confidentiality_at_stake:
        days = round(r.undetected_days)
        found.append(
            Finding(
                "undetected",
                Text(
                    f"Incidenten pågick i ungefär {days} dagar innan den upptäcktes; under den tiden "
                    "kunde uppgifterna tas och spridas (EDPB).",
                    f"The breach went unnoticed for about {days} days; in that time the data could "
                    "be taken and spread (EDPB).",
                ),
                ("times.occurred_from", "times.discovered_at"),
            )
        )
    if r.authority_aware:
        found.append(
            Finding(
                "authority_aware",
                Text(
                    "IMY känner redan till incidenten; det tar inte bort er egen skyldighet att "
                    "anmäla den.",
                    "IMY already knows of the breach; that does not lift your own duty to notify it.",
                ),
                ("circumstances.authority_aware",),
            )
        )
    return found


def judge(r: Reading, s: Severity) -> Judgement:
    """All findings for one reading, and the risk they add up to (the highest floor)."""
    findings = [
        _enisa(s),
        *_confidentiality(r, s),
        *_availability(r, s),
        *_integrity(r, s),
        *_ransomware(r),
        *_context(r),
    ]
    level = max((f.level for f in findings if f.level is not None), default=Risk.UNLIKELY)
    return Judgement(level, tuple(findings))
