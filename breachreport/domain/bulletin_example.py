"""The worked example of supplier bulletins: an HR-system supplier hit by extortion in late August
2025, its data published two weeks later, and three of its customers. Every name, number and time
is invented (docs/cases/hr-supplier-extortion.md tells the story).

- Ekeby kommun never used the rehabilitation module: no health data of its staff were taken;
- Sjöhamra kommun used every module;
- Region Västmark used every module, and 40 of its staff have protected personal data.

Bulletin 1 (Sunday 24 August): the attack, the services down, exfiltration not yet known, each
customer's modules and how many of its people are in the system. Bulletin 2 (Friday 29 August):
exfiltration confirmed, the window of access, the police report. Bulletin 3 (Monday 8 September):
the data published; per customer, which kinds of data and how many people the published set holds.
Pure: no I/O. Times are Swedish wall-clock time.
"""

from __future__ import annotations

import copy
from typing import Any

from ..errors import InputError
from ..i18n import _
from .bulletin_model import Bulletin

SUPPLIER = {
    "name": "Personalrum Nord AB",
    "org_number": "559990-1203",
    "contact_name": "Incidentledningen, Personalrum Nord",
    "contact_email": "incident@personalrum-nord.example",
    "contact_phone": "010-555 12 34",
}
BULLETIN_ID = "PRN-2025-0823"

# The three customers: org number, name and sector (for their organisation profiles).
EKEBY = ("212000-9903", "Ekeby kommun", "municipality")
SJOHAMRA = ("212000-9911", "Sjöhamra kommun", "municipality")
VASTMARK = ("232100-9900", "Region Västmark", "region")
CUSTOMERS = (EKEBY, SJOHAMRA, VASTMARK)

REGISTER, REHABILITATION, INCIDENTS = (
    "Personalregister",
    "Rehabiliteringsstöd",
    "Tillbud och arbetsskador",
)
_PLAIN = ["identity", "contact", "personal_number", "family"]

_INCIDENT_1: dict[str, Any] = {
    "summary": (
        "Natten till lördagen den 23 augusti 2025 krypterade ett utpressningsprogram Personalrum "
        "Nords driftmiljö, och angriparna lämnade ett krav på lösensumma. Vi stängde alla tjänster "
        "samma morgon. Det är ännu inte utrett om uppgifter fördes ut innan krypteringen."
    ),
    "occurred_from": "2025-08-23T03:40",
    "discovered_at": "2025-08-23T05:20",
    "aware_at": "2025-08-23T05:50",
    "ongoing": True,
    "breach_type": "malware",
    "cause": "malicious_external",
    "kinds": ["availability"],
    "systems": [REGISTER, REHABILITATION, INCIDENTS],
    "services": ["Personalrum webbtjänst", "Personalrum mobilapp"],
    "exfiltration": "unknown",
    "measures": (
        "Alla tjänster stängdes den 23 augusti kl. 06.30. Alla konton med åtkomst till "
        "driftmiljön spärrades, och ett externt företag för incidenthantering anlitades."
    ),
    "restoration": (
        "Tjänsterna byggs upp i en ny miljö från säkerhetskopior som inte var anslutna till nätet."
    ),
}

_CUSTOMERS_1: list[dict[str, Any]] = [
    {
        "org_number": EKEBY[0],
        "name": EKEBY[1],
        "systems": [REGISTER, INCIDENTS],
        "data_categories": _PLAIN,
        "subject_categories": ["employees"],
        "subjects_count": {"value": 2650, "precision": "approximate"},
        "notes": (
            "Ekeby kommun har aldrig använt modulen Rehabiliteringsstöd: inga "
            "rehabiliteringsanteckningar eller sjukskrivningar om er personal finns hos oss. "
            "Antalet är de anställda och tidigare anställda som finns i systemet."
        ),
    },
    {
        "org_number": SJOHAMRA[0],
        "name": SJOHAMRA[1],
        "systems": [REGISTER, REHABILITATION, INCIDENTS],
        "data_categories": [*_PLAIN, "health"],
        "subject_categories": ["employees"],
        "subjects_count": {"value": 7100, "precision": "approximate"},
        "notes": "Antalet är de anställda och tidigare anställda som finns i systemet.",
    },
    {
        "org_number": VASTMARK[0],
        "name": VASTMARK[1],
        "systems": [REGISTER, REHABILITATION, INCIDENTS],
        "data_categories": [*_PLAIN, "health"],
        "subject_categories": ["employees"],
        "subjects_count": {"value": 30500, "precision": "approximate"},
        "protected_identities": 40,
        "notes": (
            "Antalet är de anställda och tidigare anställda som finns i systemet; 40 av dem har "
            "skyddade personuppgifter enligt er egen markering i Personalregister."
        ),
    },
]

_CHANGES_2 = (
    "Ett forensiskt företag har bekräftat att angriparna förde ut uppgifter ur modulerna "
    "Rehabiliteringsstöd och Tillbud och arbetsskador. Angriparna kom in redan den 19 augusti "
    "och var inne till den 23 augusti kl. 06.30, då tjänsterna stängdes. Incidenten är "
    "polisanmäld."
)
_CHANGES_3 = (
    "Angriparna publicerade den 7 september de utförda uppgifterna på en läcksajt. För varje kund "
    "anges nu vilka slags uppgifter och hur många personer som finns i det publicerade materialet. "
    "Tjänsterna är återställda sedan den 3 september."
)


def _version_1() -> dict[str, Any]:
    return {
        "supplier": SUPPLIER,
        "bulletin_id": BULLETIN_ID,
        "version": 1,
        "issued_at": "2025-08-24T10:00",
        "incident": _INCIDENT_1,
        "customers": _CUSTOMERS_1,
    }


def _version_2() -> dict[str, Any]:
    data = copy.deepcopy(_version_1())
    data.update(version=2, issued_at="2025-08-29T15:00", changes=_CHANGES_2)
    incident = data["incident"]
    incident.update(
        occurred_from="2025-08-19T23:15",
        occurred_to="2025-08-23T06:30",
        ongoing=False,
        ended_at="2025-08-23T06:30",
        kinds=["confidentiality", "availability"],
        exfiltration="confirmed",
        police_report="5000-K1187342-25",
        summary=(
            "Angripare tog sig in i Personalrum Nords driftmiljö den 19 augusti 2025, förde ut "
            "uppgifter ur modulerna Rehabiliteringsstöd och Tillbud och arbetsskador och krypterade "
            "natten till den 23 augusti miljön med ett utpressningsprogram. Vi stängde alla "
            "tjänster samma morgon."
        ),
        measures=(
            incident["measures"] + " Alla lösenord, certifikat och nycklar i driftmiljön har "
            "bytts, och tvåfaktorsinloggning krävs nu för all administration."
        ),
    )
    ekeby = data["customers"][0]
    ekeby["notes"] = (
        "Uppgifter ur Tillbud och arbetsskador fördes ut och kan gälla er personal. Modulen "
        "Rehabiliteringsstöd har Ekeby kommun aldrig använt: inga rehabiliteringsanteckningar om "
        "er personal har förts ut."
    )
    return data


def _version_3() -> dict[str, Any]:
    data = copy.deepcopy(_version_2())
    data.update(version=3, issued_at="2025-09-08T11:00", changes=_CHANGES_3)
    data["incident"].update(
        published_at="2025-09-07T21:30",
        restored_at="2025-09-03T08:00",
        restoration=(
            "Tjänsterna återställdes den 3 september i en ny miljö från säkerhetskopior som inte "
            "var anslutna till nätet. Inga uppgifter förlorades."
        ),
    )
    ekeby, sjohamra, vastmark = data["customers"]
    ekeby.update(
        data_categories=["identity", "contact", "personal_number"],
        subjects_count={"value": 2412, "precision": "exact"},
        notes=(
            "Det publicerade materialet innehåller namn, personnummer och kontaktuppgifter för "
            "2 412 av era anställda och tidigare anställda, ur anmälningar i Tillbud och "
            "arbetsskador. Inga hälsouppgifter om er personal finns i materialet."
        ),
    )
    sjohamra.update(
        subjects_count={"value": 6873, "precision": "exact"},
        notes=(
            "Det publicerade materialet innehåller uppgifter om 6 873 av era anställda och "
            "tidigare anställda, bland dem rehabiliteringsanteckningar och sjukskrivningar."
        ),
    )
    vastmark.update(
        subjects_count={"value": 28114, "precision": "exact"},
        notes=(
            "Det publicerade materialet innehåller uppgifter om 28 114 av era anställda och "
            "tidigare anställda, bland dem rehabiliteringsanteckningar, och om alla 40 med "
            "skyddade personuppgifter."
        ),
    )
    return data


_VERSIONS = {1: _version_1, 2: _version_2, 3: _version_3}
VERSIONS = tuple(_VERSIONS)


def example_data(version: int) -> dict[str, Any]:
    """The example bulletin ``version`` (1, 2 or 3) as plain data, before validation."""
    try:
        return copy.deepcopy(_VERSIONS[version]())
    except KeyError:
        raise InputError(
            _("There is no example bulletin {version}; there are 1, 2 and 3.", version=version)
        ) from None


def example_bulletin(version: int) -> Bulletin:
    """The example bulletin ``version`` (1, 2 or 3), validated."""
    return Bulletin.model_validate(example_data(version))
