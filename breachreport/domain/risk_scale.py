"""The scales the risk method judges on, and what a finding is.

Risk is Art. 33/34's three steps; the likelihood (the EDPB's factors) and the impact (ENISA's
severity, raised by the facts) are combined in a matrix. A Finding names a factor, says it in both
languages and sets the least risk it implies. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .labels import Text
from .severity import Band


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


def join(items: list[Text], lang: str) -> str:
    """Texts in one language as a list in prose: "a, b and c" or "a, b och c"."""
    words = [getattr(item, lang) for item in items]
    if len(words) < 2:
        return "".join(words)
    last = " och " if lang == "sv" else " and "
    return ", ".join(words[:-1]) + last + words[-1]
