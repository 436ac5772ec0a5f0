"""The verdict on one reading of the facts: the risk the findings add up to, the Art. 34(3)
exemption that applies, and the duties that follow (notify IMY, tell the people).

``assessment`` weighs the verdicts of an incident's readings against each other. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import NotInformReason
from .circumstance_choices import Encryption, Reachability
from .circumstances import Outcome
from .labels import Text
from .risk_factors import judge
from .risk_inputs import Reading
from .risk_scale import Finding, Judgement, Risk
from .severity import Severity, enisa

Exemption = NotInformReason  # only its art34_3a/b/c members are used here


@dataclass(frozen=True)
class Verdict:
    """The judgement of one reading, with the exemption that applies to it."""

    reading: Reading
    severity: Severity
    judgement: Judgement
    exemption: Exemption | None
    exemption_findings: tuple[Finding, ...]

    @property
    def level(self) -> Risk:
        return self.judgement.level

    @property
    def notify_authority(self) -> bool:
        return self.level >= Risk.RISK

    @property
    def notify_data_subjects(self) -> bool:
        """High risk, unless 34(3)(a) or (b) applies; under (c) they are told by public notice."""
        exempt = self.exemption in (Exemption.UNINTELLIGIBLE, Exemption.RISK_REMOVED)
        return self.level is Risk.HIGH and not exempt

    @property
    def outcome(self) -> Outcome:
        if self.notify_data_subjects:
            return Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
        if self.notify_authority:
            return Outcome.NOTIFY_AUTHORITY
        return Outcome.DOCUMENT_ONLY

    @property
    def duties(self) -> tuple[Outcome, bool, bool, Exemption | None]:
        return (self.outcome, self.notify_authority, self.notify_data_subjects, self.exemption)

    @property
    def flags(self) -> tuple[bool, bool]:
        """What the controller must do: notify IMY, tell the people."""
        return (self.notify_authority, self.notify_data_subjects)


def _exemptions(r: Reading, level: Risk) -> tuple[Exemption | None, list[Finding]]:
    """Art. 34(3) a, b and c, considered in that order; each is named with its reason."""
    if level is not Risk.HIGH:
        if r.unintelligible:
            plain = r.but(encryption=Encryption.NONE)
            if judge(plain, enisa(plain)).level is Risk.HIGH:
                return Exemption.UNINTELLIGIBLE, [_A_APPLIES]
        return None, []
    found = [_A_DOES_NOT_REMOVE if r.unintelligible else _A_NOT]
    if r.risk_removed:
        return Exemption.RISK_REMOVED, [*found, _B_APPLIES if r.measures_stated else _B_UNSTATED]
    found.append(_B_NOT)
    if r.reachability is Reachability.DISPROPORTIONATE:
        return Exemption.DISPROPORTIONATE, [*found, _C_APPLIES]
    found.append(_C_NOT if r.reachability else _C_ASSUMED)
    return None, found


def _exemption(factor: str, sv: str, en: str, path: str) -> Finding:
    return Finding(factor, Text(sv, en), (path,))


_A_APPLIES = _exemption(
    "art34_3a",
    "Art. 34.3 a: utan krypteringen hade risken varit hög, men uppgifterna var oläsbara för "
    "obehöriga; de registrerade behöver inte informeras.",
    "Art. 34(3)(a): without the encryption the risk would have been high, but the data were "
    "unintelligible to others; the data subjects need not be told.",
    "circumstances.encryption",
)
_A_NOT = _exemption(
    "art34_3a",
    "Art. 34.3 a gäller inte: uppgifterna var inte oläsbara för obehöriga (ingen stark kryptering "
    "med säker nyckel).",
    "Art. 34(3)(a) does not apply: the data were not unintelligible to others (no strong "
    "encryption with a safe key).",
    "circumstances.encryption",
)
_A_DOES_NOT_REMOVE = _exemption(
    "art34_3a",
    "Art. 34.3 a räcker inte: krypteringen hindrar att uppgifterna läses, men den höga risken "
    "kommer av annat (se ovan).",
    "Art. 34(3)(a) is not enough: the encryption keeps the data from being read, but the high risk "
    "comes from something else (see above).",
    "circumstances.encryption",
)
_B_APPLIES = _exemption(
    "art34_3b",
    "Art. 34.3 b: senare åtgärder gör att den höga risken inte längre är sannolik; de registrerade "
    "behöver inte informeras. Beskriv åtgärderna i motiveringen.",
    "Art. 34(3)(b): later measures mean the high risk is no longer likely; the data subjects need "
    "not be told. Describe the measures in the reason.",
    "circumstances.risk_removed",
)
_B_APPLIES = Finding(
    "art34_3b",
    _B_APPLIES.text,
    ("circumstances.risk_removed", "measures.taken"),
)
_B_UNSTATED = Finding(
    "art34_3b",
    Text(
        "Art. 34.3 b: ni anger att senare åtgärder tagit bort den höga risken, men inga åtgärder "
        "är beskrivna under H. Beskriv dem; IMY prövar undantaget mot dem.",
        "Art. 34(3)(b): you state that later measures removed the high risk, but no measures are "
        "described under H. Describe them; IMY tests the exemption against them.",
    ),
    ("circumstances.risk_removed", "measures.taken"),
)
_B_NOT = _exemption(
    "art34_3b",
    "Art. 34.3 b gäller inte: inga senare åtgärder har angetts som gör den höga risken osannolik.",
    "Art. 34(3)(b) does not apply: no later measures are recorded that make the high risk unlikely.",
    "circumstances.risk_removed",
)
_C_APPLIES = _exemption(
    "art34_3c",
    "Art. 34.3 c: att nå var och en kräver oproportionerlig ansträngning; informera i stället "
    "genom ett offentligt meddelande som når dem lika effektivt.",
    "Art. 34(3)(c): reaching each person would take disproportionate effort; tell them instead "
    "through a public announcement that reaches them as effectively.",
    "circumstances.reachability",
)
_C_NOT = _exemption(
    "art34_3c",
    "Art. 34.3 c gäller inte: de registrerade kan nås var för sig.",
    "Art. 34(3)(c) does not apply: the data subjects can be reached individually.",
    "circumstances.reachability",
)
_C_ASSUMED = _exemption(
    "art34_3c",
    "Art. 34.3 c antas inte gälla: de registrerade antas kunna nås var för sig.",
    "Art. 34(3)(c) is taken not to apply: the data subjects are taken to be reachable individually.",
    "circumstances.reachability",
)


def verdict(reading: Reading) -> Verdict:
    """Severity, findings and exemption for one reading of the facts."""
    severity = enisa(reading)
    judgement = judge(reading, severity)
    exemption, findings = _exemptions(reading, judgement.level)
    return Verdict(reading, severity, judgement, exemption, tuple(findings))
