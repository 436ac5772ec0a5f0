"""Answers that contradict each other: each a bilingual warning naming the question to fix.

Warnings, not validation errors: a draft that contradicts itself still saves, and the filing check
and the questions show what does not add up. Pure: facts in, problems out.
"""

from __future__ import annotations

from .choices import InformStatus, NotInformReason
from .circumstances import Outcome
from .facts import Facts
from .labels import Text
from .problems import Problem

_TEXTS = {
    "will_not_inform_channels": Text(
        "Svaret är att de registrerade inte ska informeras, men det anges ändå hur de informeras "
        "({channels_sv}); ta bort kanalerna eller ändra svaret.",
        "The answer is that the data subjects will not be told, yet it says how they are told "
        "({channels_en}); remove the channels or change the answer.",
    ),
    "will_not_inform_planned": Text(
        "Svaret är att de registrerade inte ska informeras, men en tidpunkt för informationen är "
        "planerad; ta bort tidpunkten eller ändra svaret.",
        "The answer is that the data subjects will not be told, yet a time to tell them is "
        "planned; remove the time or change the answer.",
    ),
    "informing_with_reason_not": Text(
        "Svaret är ”{status_sv}”, men ett skäl att inte informera de registrerade är angivet "
        "({reason_sv}); ta bort skälet eller ändra svaret.",
        "The answer is '{status_en}', yet a reason not to tell the data subjects is given "
        "({reason_en}); remove the reason or change the answer.",
    ),
    "decision_tell_but_will_not": Text(
        "Beslutet är att informera de registrerade, men under Information till de registrerade "
        "står att ni inte kommer att göra det{because_sv}; ändra beslutet eller svaret.",
        "The decision is to tell the data subjects, but under Telling the data subjects the "
        "answer is that you will not{because_en}; change the decision or the answer.",
    ),
    "before_awareness": Text(
        "{what_sv} ligger före tidpunkten då ni fick kännedom om incidenten; kontrollera båda "
        "tiderna (ändras kännedomen flyttas 72-timmarsfristen).",
        "{what_en} lies before the time you became aware of the breach; check both times "
        "(changing the awareness moves the 72-hour deadline).",
    ),
    "decision_no_tell_but_will": Text(
        "Beslutet är att de registrerade inte behöver informeras ({outcome_sv}), men under "
        "Information till de registrerade står att ni kommer att informera dem; ändra beslutet "
        "till att också informera dem, eller ändra svaret.",
        "The decision is that the data subjects need not be told ({outcome_en}), but under "
        "Telling the data subjects the answer is that you will tell them; change the decision to "
        "include telling them, or change the answer.",
    ),
}


def _problem(path: str, code: str, **ctx: str) -> Problem:
    text = _TEXTS[code]
    return Problem(path=path, code=code, sv=text.sv.format(**ctx), en=text.en.format(**ctx))


def contradictions(facts: Facts) -> list[Problem]:
    """Every pair of answers that cannot both be true, each at the question to fix first."""
    found: list[Problem] = []
    told = facts.communication
    status = told.status
    if status is InformStatus.WILL_NOT_INFORM:
        if told.channels:
            found.append(
                _problem(
                    "communication.channels",
                    "will_not_inform_channels",
                    channels_sv=", ".join(c.label("sv") for c in told.channels),
                    channels_en=", ".join(c.label("en") for c in told.channels),
                )
            )
        if told.planned_at is not None:
            found.append(_problem("communication.planned_at", "will_not_inform_planned"))
    elif status is not None and told.reason_not is not None:
        found.append(
            _problem(
                "communication.reason_not",
                "informing_with_reason_not",
                status_sv=status.label("sv"),
                status_en=status.label("en"),
                reason_sv=told.reason_not.label("sv"),
                reason_en=told.reason_not.label("en"),
            )
        )
    found.extend(_decision_against_communication(facts))
    found.extend(_before_awareness(facts))
    return found


# What the controller did about the breach, which it can hardly have done before it knew of it.
# Warnings, not errors: the awareness may be the time to correct, and a DPO must be able to save
# what is known while sorting that out. A report to another authority is not among them: a
# supplier may have reported to the police before telling you (as in the worked example). A time
# before the breach itself began is refused outright (``facts._after_the_breach``).
_DONE_AFTER_AWARENESS = {
    "communication.informed_at": Text(
        "Tiden då de registrerade informerades", "The time the data subjects were told"
    ),
    "decision.decided_at": Text("Tiden för beslutet", "The time of the decision"),
}


def _before_awareness(facts: Facts) -> list[Problem]:
    aware = facts.times.aware_at
    if aware is None:
        return []
    found = []
    for path, what in _DONE_AFTER_AWARENESS.items():
        value = facts.value(path)
        if value is not None and value < aware:
            found.append(_problem(path, "before_awareness", what_sv=what.sv, what_en=what.en))
    return found


def _decision_against_communication(facts: Facts) -> list[Problem]:
    """The DPO's decision on telling the people, against what section I says will happen."""
    outcome = facts.decision.outcome
    status = facts.communication.status
    if outcome is None or status is None:
        return []
    tell = outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    if tell and status is InformStatus.WILL_NOT_INFORM:
        reason: NotInformReason | None = facts.communication.reason_not
        return [
            _problem(
                "communication.status",
                "decision_tell_but_will_not",
                because_sv=f" ({reason.label('sv')})" if reason else "",
                because_en=f" ({reason.label('en')})" if reason else "",
            )
        ]
    if not tell and status is InformStatus.WILL_INFORM:
        return [
            _problem(
                "decision.outcome",
                "decision_no_tell_but_will",
                outcome_sv=outcome.label("sv"),
                outcome_en=outcome.label("en"),
            )
        ]
    return []
