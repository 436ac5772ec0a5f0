"""The assessment of one incident: severity, the duties that follow, the Art. 34(3) exemptions,
the reasons in Swedish and English, and the unknown answers that would change it.

Pure: facts in, an Assessment out. It supports the DPO's decision and never records one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from .circumstances import Outcome
from .facts import Facts
from .fields import question_meta
from .labels import Text
from .open_questions import NO_CREDIT, OpenQuestion, open_questions
from .risk_inputs import read
from .risk_scale import Finding, Risk
from .severity import Band, Severity, number
from .verdict import Exemption, Verdict, verdict

# Facts that were valid when made are re-read without judging their times by today's clock.
_LONG_AFTER = datetime(9000, 1, 1, tzinfo=UTC)

_RANK = {
    Outcome.DOCUMENT_ONLY: 0,
    Outcome.NOTIFY_AUTHORITY: 1,
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: 2,
}


@dataclass(frozen=True)
class Reason:
    """One reason, in both languages, with the facts (field paths) that drove it."""

    factor: str
    text: Text
    facts: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "sv": self.text.sv,
            "en": self.text.en,
            "facts": list(self.facts),
        }


@dataclass(frozen=True)
class Missing:
    """An unknown answer that matters, and what each answer to it would lead to."""

    path: str
    question: Text
    state: Text
    would_change: Text
    changes_outcome: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sv": f"{self.question.sv} – {self.state.sv}",
            "en": f"{self.question.en} – {self.state.en}",
            "would_change": {"sv": self.would_change.sv, "en": self.would_change.en},
            "changes_outcome": self.changes_outcome,
        }


_LEVEL_TEXT = {
    Risk.UNLIKELY: Text(
        "Det är osannolikt att incidenten medför en risk för de registrerades rättigheter och "
        "friheter: dokumentera den internt (art. 33.1 och 33.5).",
        "The breach is unlikely to result in a risk to the people's rights and freedoms: document "
        "it internally (Art. 33(1) and 33(5)).",
    ),
    Risk.RISK: Text(
        "Incidenten medför en risk, men inte en hög risk: anmäl den till IMY inom 72 timmar "
        "(art. 33); de registrerade behöver inte informeras (art. 34).",
        "The breach results in a risk, but not a high risk: notify IMY within 72 hours (Art. 33); "
        "the data subjects need not be told (Art. 34).",
    ),
    Risk.HIGH: Text(
        "Incidenten medför sannolikt en hög risk: anmäl den till IMY inom 72 timmar (art. 33) och "
        "informera de registrerade utan onödigt dröjsmål (art. 34).",
        "The breach is likely to result in a high risk: notify IMY within 72 hours (Art. 33) and "
        "tell the data subjects without undue delay (Art. 34).",
    ),
}
_EXEMPT_TEXT = {
    Exemption.RISK_REMOVED: Text(
        "Risken var hög, men senare åtgärder har tagit bort den: anmäl till IMY (art. 33); de "
        "registrerade behöver inte informeras (art. 34.3 b).",
        "The risk was high, but later measures removed it: notify IMY (Art. 33); the data subjects "
        "need not be told (Art. 34(3)(b)).",
    ),
    Exemption.DISPROPORTIONATE: Text(
        "Incidenten medför sannolikt en hög risk: anmäl den till IMY inom 72 timmar (art. 33) och "
        "informera de registrerade genom ett offentligt meddelande (art. 34.3 c).",
        "The breach is likely to result in a high risk: notify IMY within 72 hours (Art. 33) and "
        "tell the data subjects through a public announcement (Art. 34(3)(c)).",
    ),
}
_DOCUMENTED = Reason(
    "documentation",
    Text(
        "Varje incident dokumenteras i registret, vad utfallet än blir, med beslutet och skälen "
        "för det (art. 33.5).",
        "Every breach is documented in the register, whatever the outcome, with the decision and "
        "its reasons (Art. 33(5)).",
    ),
    ("decision.outcome", "decision.reason"),
)
_ASSUMED = Text(
    " (Antaget tills vidare: svaret är ännu inte känt.)",
    " (Assumed for now: the answer is not known yet.)",
)
_DUTY = {
    Outcome.DOCUMENT_ONLY: Text(
        "räcker det att dokumentera incidenten internt", "documenting it internally is enough"
    ),
    Outcome.NOTIFY_AUTHORITY: Text("ska incidenten anmälas till IMY", "IMY must be notified"),
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: Text(
        "ska incidenten anmälas till IMY och de registrerade informeras",
        "IMY must be notified and the data subjects told",
    ),
}
_SAME = Text("blir utfallet detsamma", "the outcome is the same")


def _reason(finding: Finding, assumed: frozenset[str]) -> Reason:
    text = finding.text
    if assumed & set(finding.facts):
        text = Text(text.sv + _ASSUMED.sv, text.en + _ASSUMED.en)
    return Reason(finding.factor, text, finding.facts)


_UNKNOWNS = Text(
    "Alla svar som påverkar bedömningen är inte kända ännu: {questions}. Rekommendationen utgår "
    "från det sämre svaret, så som myndigheterna råder vid tvekan; en skyldighet som svaren kan "
    "ändra är inte avgjord än.",
    "Not every answer that affects the assessment is known yet: {questions}. The recommendation "
    "assumes the worse answer, as the authorities advise when in doubt; a duty that the answers "
    "could change is not decided yet.",
)
_UNSTATED = Text(
    "Skydd som inte har angetts räknas inte: {questions}. Om ett sådant skydd fanns kan "
    "skyldigheterna bli lättare; svara på frågan i så fall.",
    "Protections that were not stated do not count: {questions}. If such a protection was in "
    "place the duties may be lighter; answer the question if so.",
)


def _reasons(v: Verdict, unknown: list[Missing]) -> tuple[Reason, ...]:
    findings = v.judgement.findings
    drivers = [f for f in findings if f.level is v.level]
    headline = _EXEMPT_TEXT.get(v.exemption, _LEVEL_TEXT[v.level])
    facts = tuple(dict.fromkeys(p for f in drivers for p in f.facts))
    reasons = [Reason("outcome", headline, facts)]
    reasons += [_reason(f, v.reading.assumed) for f in (*findings, *v.exemption_findings)]
    opened = [m for m in unknown if m.state != NO_CREDIT]
    unstated = [m for m in unknown if m.state == NO_CREDIT]
    for factor, items, text in (
        ("unknowns", opened, _UNKNOWNS),
        ("unstated_protections", unstated, _UNSTATED),
    ):
        if items:
            sv = ", ".join(f"”{m.question.sv}”" for m in items)
            en = ", ".join(f"'{m.question.en}'" for m in items)
            reasons.append(
                Reason(
                    factor,
                    Text(text.sv.format(questions=sv), text.en.format(questions=en)),
                    tuple(m.path for m in items),
                )
            )
    reasons.append(_DOCUMENTED)
    return tuple(reasons)


def _result(q: OpenQuestion, worse: Verdict, better: Verdict) -> Text:
    """'If exfiltration is confirmed, IMY must be notified and …; if it is ruled out, …'."""

    def score(v: Verdict, lang: str) -> str:
        return f"ENISA {number(v.severity.score, lang)}, {v.severity.band.label(lang)}"

    second = _SAME if better.outcome is worse.outcome else _DUTY[better.outcome]
    sv = (
        f"Om {q.if_worst.sv} {_DUTY[worse.outcome].sv} ({score(worse, 'sv')}); "
        f"om {q.if_best.sv} {second.sv} ({score(better, 'sv')})."
    )
    en = (
        f"If {q.if_worst.en}, {_DUTY[worse.outcome].en} ({score(worse, 'en')}); "
        f"if {q.if_best.en}, {second.en} ({score(better, 'en')})."
    )
    return Text(sv, en)


def _question(path: str) -> Text:
    section, name = path.split(".", 1)
    return question_meta(Facts.section_class(section).model_fields[name])[0]


@dataclass(frozen=True)
class Assessment:
    """The recommendation for one incident. Flags are None when an unknown answer would flip them."""

    severity: Severity
    outcome: Outcome
    notify_authority: bool | None
    notify_data_subjects: bool | None
    exemption: Exemption | None
    reasons: tuple[Reason, ...]
    missing: tuple[Missing, ...]

    @property
    def band(self) -> Band:
        return self.severity.band

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity.to_json(),
            "notify_authority": self.notify_authority,
            "notify_data_subjects": self.notify_data_subjects,
            "exemption": self.exemption.value if self.exemption else None,
            "outcome": self.outcome.value,
            "reasons": [r.to_json() for r in self.reasons],
            "missing": [m.to_json() for m in self.missing],
        }


def _agreed(values: set[bool]) -> bool | None:
    return values.pop() if len(values) == 1 else None


def _weight(m: tuple[Missing, int, float]) -> tuple[int, int, float]:
    missing, rank_change, score_change = m
    return (-int(missing.changes_outcome), -rank_change, -score_change)


def assess(facts: Facts) -> Assessment:
    """Assess ``facts`` (see ``_assess``). A page asks for the same facts' assessment several times
    in one run, and a draft with many open questions takes tens of milliseconds, so the result is
    kept for the most recent facts; it is pure, so the facts' JSON is the whole key. The cache holds
    enough for a calendar or reminder scan of a few hundred open incidents in the app's process
    (keys of a few kilobytes each: a few megabytes in all)."""
    return _assess_json(facts.model_dump_json())


@lru_cache(maxsize=512)
def _assess_json(facts_json: str) -> Assessment:
    return _assess(
        Facts.model_validate_json(facts_json, context={"now": _LONG_AFTER, "stored": True})
    )


def _assess(facts: Facts) -> Assessment:
    """Assess ``facts``: the cautious recommendation, and what the open questions would change.

    Each open question is tried at its best and worst answer, alone and against all the others;
    the recommendation is the most cautious of these, as the authorities advise when in doubt, and
    a duty that any of them would change is not decided yet (None). A protection that was not
    stated is given no credit; it is listed when stating it would lower a duty.
    """
    found = open_questions(facts)
    opens = [q for q in found if q.counts]
    best = {q.path: q.best for q in opens}
    worst = {q.path: q.worst for q in opens}
    low, high = verdict(read(facts, best)), verdict(read(facts, worst))
    seen = [low, high]
    missing: list[tuple[Missing, int, float]] = []
    for q in found:
        if q.counts:
            up = verdict(read(facts, {**best, q.path: q.worst}))
            down = verdict(read(facts, {**worst, q.path: q.best}))
            seen += [up, down]
        else:
            up = high
            down = verdict(read(facts, {**worst, q.path: q.best}))
        moved_up = up.duties != low.duties or up.severity.score != low.severity.score
        moved_down = down.duties != high.duties or down.severity.score != high.severity.score
        if not q.counts:
            # A protection is named only where stating it would lower a duty.
            moved_up, moved_down = False, down.flags != high.flags
        if not (moved_up or moved_down):
            continue
        worse, better = (up, low) if moved_up else (high, down)
        changes = (q.counts and up.flags != low.flags) or down.flags != high.flags
        rank = max(
            _RANK[up.outcome] - _RANK[low.outcome] if q.counts else 0,
            _RANK[high.outcome] - _RANK[down.outcome],
        )
        score = abs(worse.severity.score - better.severity.score)
        item = Missing(q.path, _question(q.path), q.state, _result(q, worse, better), changes)
        missing.append((item, rank, score))
    missing.sort(key=_weight)
    ordered = [m for m, _, _ in missing]
    cautious = max(seen, key=lambda v: (_RANK[v.outcome], v.severity.score))
    return Assessment(
        severity=cautious.severity,
        outcome=cautious.outcome,
        notify_authority=_agreed({v.notify_authority for v in seen}),
        notify_data_subjects=_agreed({v.notify_data_subjects for v in seen}),
        exemption=cautious.exemption,
        reasons=_reasons(cautious, ordered),
        missing=tuple(ordered),
    )
