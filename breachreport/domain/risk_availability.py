"""Findings on availability and integrity: how long the data were out of reach and whether care
suffered, whether altered data can be recovered, and the EDPB's ransomware lesson. Pure.
"""

from __future__ import annotations

from .choices import BreachType
from .circumstance_choices import AvailabilityImpact, CareImpact, Exfiltration, IntegrityImpact
from .labels import Text
from .risk_inputs import Reading
from .risk_scale import BAND_RISK, Finding, Risk, join
from .severity import Severity


def availability_findings(r: Reading, s: Severity) -> list[Finding]:
    """How long the data were out of reach, and what that did (or could do) to care."""
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


def integrity_findings(r: Reading, s: Severity) -> list[Finding]:
    """Whether altered data can be recovered; beyond recovery, the risk is at least the band's."""
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


def ransomware_findings(r: Reading) -> list[Finding]:
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
                f"visar att inget lämnade nätverket. Här saknas {join(lacking, 'sv')}, så IMY ska "
                "underrättas (EDPB).",
                "Ransomware stays at internal documentation only with three protections: encryption "
                "with a safe key, a backup that restores the data within hours, and logs that prove "
                f"nothing left the network. Missing here: {join(lacking, 'en')}; so IMY must be "
                "notified (EDPB).",
            ),
            paths,
            Risk.RISK,
        )
    ]
