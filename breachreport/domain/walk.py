"""The order of the DPO's walk through the questions: what could change a duty first, then what a
preliminary filing still needs, then the rest; and which questions count as unanswered at all.

Pure: facts in, question paths out. Optional questions never count against the DPO.
"""

from __future__ import annotations

from .assessment import Assessment, assess
from .facts import Facts
from .filing_rules import (
    COMPLETE_ANSWERED,
    PRELIMINARY_ANSWERED,
    PRELIMINARY_ANSWERED_OR_UNKNOWN,
)

# A preliminary filing needs the contact person's phone or email: either answers both.
CONTACT_CHANNEL = ("contact.contact_phone", "contact.contact_email")

PRELIMINARY_NEEDS: tuple[str, ...] = tuple(
    dict.fromkeys([*PRELIMINARY_ANSWERED, *PRELIMINARY_ANSWERED_OR_UNKNOWN, *CONTACT_CHANNEL])
)

# What a complete notification needs; everything else is optional and never counts as unanswered.
_COUNTED: tuple[str, ...] = tuple(dict.fromkeys([*COMPLETE_ANSWERED, *PRELIMINARY_NEEDS]))


def needed_for_preliminary(path: str) -> bool:
    """Whether a preliminary filing to IMY needs an answer to the question at ``path``."""
    return path in PRELIMINARY_NEEDS


def _answered(facts: Facts, path: str) -> bool:
    section, name = path.split(".", 1)
    return facts.section(section).is_answered(name)


def _unknown(facts: Facts, path: str) -> bool:
    section, name = path.split(".", 1)
    return facts.section(section).is_unknown(name)


def done(facts: Facts, path: str) -> bool:
    """Answered, or honestly marked 'not yet known' (either half of the contact channel does)."""
    if path in CONTACT_CHANNEL:
        return any(_answered(facts, p) for p in CONTACT_CHANNEL)
    return _answered(facts, path) or _unknown(facts, path)


def still_needed(facts: Facts) -> list[str]:
    """The questions a preliminary filing still needs, in form order of the filing rules."""
    needed = [p for p in PRELIMINARY_ANSWERED if not _answered(facts, p)]
    needed += [p for p in PRELIMINARY_ANSWERED_OR_UNKNOWN if not done(facts, p)]
    if not done(facts, CONTACT_CHANNEL[0]):
        needed += list(CONTACT_CHANNEL)
    return needed


def duty_questions(assessment: Assessment) -> list[str]:
    """The assessment's open questions: those whose answer would change a duty first, then those
    that would only move the severity (the same list the assessment page shows)."""
    first = [m.path for m in assessment.missing if m.changes_outcome]
    then = [m.path for m in assessment.missing if not m.changes_outcome]
    return list(dict.fromkeys([*first, *then]))


def priority(facts: Facts, assessment: Assessment | None = None) -> list[str]:
    """The questions to ask first, in order, each once."""
    assessment = assessment or assess(facts)
    return list(dict.fromkeys([*duty_questions(assessment), *still_needed(facts)]))


def counted(facts: Facts, assessment: Assessment | None = None) -> list[str]:
    """The questions that count in the progress: what a complete notification needs and the
    assessment's open questions. The contact channel counts once."""
    assessment = assessment or assess(facts)
    paths = [p for p in _COUNTED if p != CONTACT_CHANNEL[1]]
    return list(dict.fromkeys([*paths, *duty_questions(assessment)]))


def progress(
    facts: Facts, section: str | None = None, assessment: Assessment | None = None
) -> tuple[int, int]:
    """(done, counted) for the whole incident or one section; optional questions are left out."""
    paths = [
        p for p in counted(facts, assessment) if section is None or p.split(".", 1)[0] == section
    ]
    return sum(done(facts, p) for p in paths), len(paths)
