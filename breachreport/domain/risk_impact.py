"""How severe the harm of a disclosure would be: ENISA's band, raised by what the data make
possible (fraud, danger to safety, a grave sensitive item), by the misuse and by the consequences
the DPO states. Pure.
"""

from __future__ import annotations

from .choices import Consequence, DataCategory, SeverityEstimate, SubjectCategory
from .circumstance_choices import (
    FinancialInsight,
    Misuse,
    MisuseKind,
    PasswordProtection,
    SensitiveGravity,
)
from .labels import Text
from .risk_inputs import AT_RISK_GROUPS, Reading
from .risk_scale import BAND_IMPACT, Finding, Impact, join
from .severity import Severity

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
                f"Uppgifterna möjliggör identitetsstöld eller bedrägeri ({join(enablers, 'sv')}); "
                "i fel händer är konsekvenserna allvarliga (EDPB).",
                f"The data enable identity theft or fraud ({join(enablers, 'en')}); in the wrong "
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
                f"Uppgifterna pekar ut {join(names, 'sv')}; att de röjs kan hota deras säkerhet "
                "eller liv.",
                f"The data point out {join(names, 'en')}; their disclosure can endanger their "
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
                f"Missbruket ({join(names, 'sv')}) skadar personerna själva.",
                f"The misuse ({join(names, 'en')}) harms the people themselves.",
            ),
            ("circumstances.misuse", "circumstances.misuse_kinds"),
        )
    if r.misuse is Misuse.CONFIRMED and r.misuse_kinds and not harmful:
        names = [Text(k.text.sv.lower(), k.text.en.lower()) for k in kinds]
        found.append(
            Finding(
                "misuse",
                Text(
                    f"Missbruket ({join(names, 'sv')}) når personerna men skadar dem inte i sig, "
                    "så det höjer inte allvaret; det är inte bedrägeri (EDPB).",
                    f"The misuse ({join(names, 'en')}) reaches the people but does not in itself "
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
                f"Ni anger som sannolika konsekvenser: {join(names, 'sv')}; konsekvenserna är "
                f"därmed minst {worst.text.sv}.",
                f"You state as likely consequences: {join(names, 'en')}; the consequences are "
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
