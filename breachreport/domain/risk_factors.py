"""The EDPB's risk factors and the lessons of its worked cases, as findings over one reading.

Risk is likelihood and severity judged together (EDPB Guidelines 9/2022, recital 76). Severity
starts from ENISA's score and is raised by what the data make possible (fraud, danger to safety,
a grave sensitive item), by what the misuse was and by the consequences the DPO states; the
likelihood comes from the EDPB's factors: who may hold the data and in what faith, what became of
them, and whether they could be read at all. Each finding names the least risk it implies and
the facts behind it. Pure; duties are decided in ``assessment``, never here.

This module adds the findings up (``judge``); the scales, the likelihood, the impact and the
findings on availability and integrity each have a ``risk_*`` module of their own.
"""

from __future__ import annotations

from .choices import SubjectCategory
from .circumstance_choices import EaseOfIdentification
from .labels import Text
from .risk_availability import availability_findings, integrity_findings, ransomware_findings
from .risk_impact import impact
from .risk_inputs import HEALTH_AND_CARE, MANY_PEOPLE, Holder, Reading
from .risk_likelihood import likelihood
from .risk_scale import BAND_IMPACT, Finding, Impact, Judgement, Likelihood, Risk, combined, join
from .severity import Severity
from .severity import number as _n

_RISK_TEXT = {
    Risk.UNLIKELY: Text("en risk är osannolik", "a risk is unlikely"),
    Risk.RISK: Text("det är en risk, men inte en hög risk", "it is a risk, but not a high risk"),
    Risk.HIGH: Text("risken är hög", "the risk is high"),
}


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
                    f"Bland de registrerade finns {join(names, 'sv')}, som behöver större skydd: "
                    "det är minst en risk (EDPB).",
                    f"The people include {join(names, 'en')}, who need greater protection: at "
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
        *availability_findings(r, s),
        *integrity_findings(r, s),
        *ransomware_findings(r),
        *_context(r),
    ]
    level = max((f.level for f in findings if f.level is not None), default=Risk.UNLIKELY)
    return Judgement(level, tuple(findings))
