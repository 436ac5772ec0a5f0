"""One section of the guided questions as a form, saved with the version the user saw.

Only the questions the user changed are sent. A problem is shown at its question, in the user's
language, with the typed answers kept; a save that meets someone else's save shows both answers
and lets the user keep theirs or use their own. Nothing is overwritten silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from ...domain.changes import NOT_YET_KNOWN, UNKNOWN_FIELD, flatten
from ...domain.facts import Facts, Question, questions
from ...domain.labels import Text
from ...domain.problems import Problem, rule_problem
from ...errors import FactsInvalid, VersionConflict
from .. import context, texts
from ..context import lang, t
from . import answers, widgets
from .page import Opened, flash, literal, state
from .personal_data import find_personal_data

# Stores in the session (page.state), each keyed by "ref:section".
_SEEN = "seen"  # Seen: what the form showed, to compare and to check the version against
_PROBLEMS = "problems"  # [Problem]: from the last failed save
_CONFLICTS = "conflicts"  # Pending: a save that met someone else's
NEXT_STEP = "next_step"  # keyed by ref: the step to open after "save and continue"

# The organisation's own contact details: no warning about personal data there.
OWN_CONTACT_SECTIONS = ("controller", "contact")
_OWN_CONTACTS = (
    "contact.contact_email",
    "contact.contact_phone",
    "contact.dpo_email",
    "contact.dpo_phone",
)

SAVE_AND_CONTINUE = Text("Spara och gå vidare", "Save and continue")
NOTHING_CHANGED = Text(
    "Inget har ändrats sedan du öppnade avsnittet.",
    "Nothing has changed since you opened this section.",
)
AWARE_REASON = Text(
    "Skäl till att kännedomstidpunkten ändras",
    "Reason for changing the time of awareness",
)
AWARE_REASON_HELP = Text(
    "Behövs bara om du ändrar tidpunkten ovan: 72-timmarsfristen flyttas och skälet sparas i "
    "historiken.",
    "Needed only if you change the time above: the 72-hour deadline moves and the reason is kept "
    "in the history.",
)
ELSEWHERE = Text("I ett annat avsnitt: {label}", "In another section: {label}")
LOOKS_PERSONAL = Text(
    "Texten ser ut att innehålla {kinds} ({found}). Anmälan blir en allmän handling: skriv inte "
    "de drabbades personuppgifter.",
    "The text seems to contain {kinds} ({found}). The notification becomes a public document: "
    "do not write the personal data of the people affected.",
)
CONFLICT = Text(
    "Någon annan sparade ett annat svar på samma fråga medan du arbetade. Inget av ditt sparades. "
    "Jämför och välj.",
    "Someone else saved a different answer to the same question while you worked. Nothing of "
    "yours was saved. Compare and choose.",
)
QUESTION = Text("Fråga", "Question")
THEIRS = Text("Sparat nu", "Saved now")
YOURS = Text("Ditt svar", "Your answer")
KEEP_THEIRS = Text("Behåll det sparade", "Keep the saved answer")
USE_MINE = Text("Använd mitt svar", "Use my answer")
KEPT_THEIRS = Text("Det sparade svaret behölls.", "The saved answer was kept.")
KEPT_THEIRS_SAVED_REST = Text(
    "Det sparade svaret behölls; dina övriga ändringar sparades.",
    "The saved answer was kept; your other changes were saved.",
)
USED_MINE = Text("Ditt svar sparades.", "Your answer was saved.")


@dataclass(frozen=True)
class Seen:
    """One section as the form showed it: the version and the stored answers."""

    version: int
    values: dict[str, Any]
    unknown: tuple[str, ...]


@dataclass(frozen=True)
class Pending:
    """A save that met someone else's: both answers, and what the user tried to save."""

    current_version: int
    theirs: dict[str, Any]
    yours: dict[str, Any]
    changes: dict[str, Any]
    reason: str | None


def snapshot(facts: Facts, version: int, section: str) -> Seen:
    flat = flatten(facts)
    prefix = f"{section}."
    values = {path: value for path, value in flat.items() if path.startswith(prefix)}
    unknown = tuple(values.pop(f"{section}.{UNKNOWN_FIELD}") or ())
    return Seen(version, values, unknown)


def _base(ref: str, section: str, version: int) -> str:
    return f"br_q.{ref}.{section}.{version}"


def _conflict_key(ref: str, section: str, which: str) -> str:
    return f"br_q.{ref}.{section}.{which}"


def edit(opened: Opened, section: str, *, following: str | None = None) -> None:
    """The form for ``section`` of the opened incident, or the choice after a conflicting save.
    "Save and continue" opens ``following`` next."""
    ref = opened.ref
    slot = f"{ref}:{section}"
    seen: Seen | None = state(_SEEN).get(slot)
    base = _base(ref, section, seen.version) if seen else ""
    # The form (or the conflict) was on screen in the previous run: its widgets still hold what
    # the user typed. Otherwise the section is opened afresh from the stored answers.
    alive = seen is not None and (
        f"{base}.save" in st.session_state
        or _conflict_key(ref, section, "theirs") in st.session_state
    )
    if not alive:
        state(_PROBLEMS).pop(slot, None)
        state(_CONFLICTS).pop(slot, None)
    problems = state(_PROBLEMS).get(slot, [])
    pending = state(_CONFLICTS).get(slot)
    submitted = alive and (
        st.session_state.get(f"{base}.save") or st.session_state.get(f"{base}.next")
    )
    if not alive or not (submitted or problems or pending):
        seen = snapshot(opened.incident.facts, opened.incident.version, section)
        state(_SEEN)[slot] = seen
    assert seen is not None
    if pending is not None:
        _conflict(opened, section, pending)
    else:
        _form(opened, section, seen, problems, following)


# -- the form ------------------------------------------------------------------------------------


def _form(
    opened: Opened, section: str, seen: Seen, problems: list[Problem], following: str | None
) -> None:
    base = _base(opened.ref, section, seen.version)
    asked = questions(section)
    here = {q.path for q in asked}
    at_question: dict[str, list[Problem]] = {}
    elsewhere = []
    for problem in problems:
        path = answers.question_path(problem.path)
        (at_question.setdefault(path, []) if path in here else elsewhere).append(problem)
    facts = opened.incident.facts
    own = [facts.value(path) for path in _OWN_CONTACTS if facts.value(path)]

    given: dict[str, widgets.Answer] = {}
    reason = None
    with st.form(key=f"{base}.form", border=False):
        for problem in elsewhere:
            where = answers.label(problem.path, lang()) if problem.path else ""
            prefix = t(ELSEWHERE, label=where) + " – " if where else ""
            st.error(prefix + problem.text(lang()))
        for question in asked:
            spec = widgets.input_for(question)
            mine = at_question.get(question.path, [])
            with st.container(border=True):
                answer = widgets.ask(
                    spec,
                    seen.values.get(question.path),
                    seen_unknown=question.name in seen.unknown,
                    key=f"{base}.{question.name}",
                    ask_offset=any(p.code == "time_ambiguous" for p in mine),
                )
                given[question.path] = answer
                if spec.kind in widgets.FREE_TEXT and _scanned(question):
                    _warn_personal_data(answer.value, own)
                if question.path == "times.aware_at" and seen.values.get(question.path):
                    reason = st.text_input(
                        t(AWARE_REASON), key=f"{base}.aware_reason", help=t(AWARE_REASON_HELP)
                    )
                for problem in mine:
                    st.error(problem.text(lang()), icon=":material/error:")
        save_column, next_column = st.columns([1, 3])
        with save_column:
            save = st.form_submit_button(t(texts.SAVE), type="primary", key=f"{base}.save")
        with next_column:
            onward = st.form_submit_button(t(SAVE_AND_CONTINUE), key=f"{base}.next")
    if save or onward:
        _save(opened, section, seen, given, reason, following=following if onward else None)


def _scanned(question: Question) -> bool:
    """Free text that goes to IMY, apart from the organisation's own contact details."""
    return question.sent_to_imy and question.section not in OWN_CONTACT_SECTIONS


def _warn_personal_data(text: str | None, own: list[str]) -> None:
    found = find_personal_data(text, ignore=own)
    if not found:
        return
    kinds = ", ".join(dict.fromkeys(f.kind.label(lang()) for f in found))
    shown = ", ".join(dict.fromkeys(f.masked for f in found[:3]))
    st.warning(t(LOOKS_PERSONAL, kinds=kinds, found=literal(shown)), icon=":material/visibility:")


def changes_from(
    section: str, seen: Seen, given: dict[str, widgets.Answer]
) -> tuple[dict[str, Any], list[Problem]]:
    """The changes the user made to ``section`` against what was seen, and the answers that say
    both 'not yet known' and something else."""
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    marks = list(seen.unknown)
    cleared = False
    for path, answer in given.items():
        name = path.split(".", 1)[1]
        was_unknown = name in seen.unknown
        if answer.unknown and answer.value is not None and (answer.changed or was_unknown):
            problems.append(rule_problem(path, "unknown_and_answered"))
        elif answer.unknown and not was_unknown:
            changes[path] = NOT_YET_KNOWN
            marks.append(name)
        elif not answer.unknown and was_unknown:
            marks.remove(name)
            if answer.value is not None:
                changes[path] = answer.value
            else:
                cleared = True
        elif not answer.unknown and answer.changed:
            changes[path] = answer.value
    if cleared:
        # No answer replaces the mark, so the section's list of marks itself changes (last).
        changes[f"{section}.{UNKNOWN_FIELD}"] = marks
    return changes, problems


def _save(
    opened: Opened,
    section: str,
    seen: Seen,
    given: dict[str, widgets.Answer],
    reason: str | None,
    *,
    following: str | None,
) -> None:
    slot = f"{opened.ref}:{section}"
    changes, problems = changes_from(section, seen, given)
    if problems:
        state(_PROBLEMS)[slot] = problems
        st.rerun()
    if not changes:
        st.info(t(NOTHING_CHANGED))
        if following:
            state(NEXT_STEP)[opened.ref] = following
            st.rerun()
        return
    # A reason goes with a change of the awareness time only (the history keeps it there).
    reason = ((reason or "").strip() or None) if "times.aware_at" in changes else None
    if _revise(opened, section, changes, seen.version, reason) == "saved":
        flash(texts.SAVED)
        if following:
            state(NEXT_STEP)[opened.ref] = following
    st.rerun()


def _revise(
    opened: Opened, section: str, changes: dict[str, Any], version: int, reason: str | None
) -> str:
    """Save ``changes`` made on ``version``: "saved", or "invalid" / "conflict" with the problems or
    both answers kept for the next run."""
    slot = f"{opened.ref}:{section}"
    try:
        with st.spinner(t(texts.WORKING)):
            context.workspace().revise(
                actor=opened.user.actor,
                ref=opened.ref,
                changes=changes,
                expected_version=version,
                reason=reason,
            )
    except FactsInvalid as error:
        state(_PROBLEMS)[slot] = error.problems
        state(_CONFLICTS).pop(slot, None)
        return "invalid"
    except VersionConflict as error:
        state(_CONFLICTS)[slot] = Pending(
            current_version=error.current_version,
            theirs=dict(error.theirs),
            yours=dict(error.yours),
            changes=dict(changes),
            reason=reason,
        )
        state(_PROBLEMS).pop(slot, None)
        return "conflict"
    state(_PROBLEMS).pop(slot, None)
    state(_CONFLICTS).pop(slot, None)
    state(_SEEN).pop(slot, None)
    return "saved"


# -- a save that met someone else's --------------------------------------------------------------


def _conflict(opened: Opened, section: str, pending: Pending) -> None:
    st.warning(t(CONFLICT), icon=":material/call_split:")
    headers = (t(QUESTION), t(THEIRS), t(YOURS))
    st.dataframe(
        answers.side_by_side(pending.theirs, pending.yours, lang(), headers),
        hide_index=True,
        width="stretch",
    )
    keep_column, mine_column = st.columns(2)
    with keep_column:
        keep = st.button(t(KEEP_THEIRS), key=_conflict_key(opened.ref, section, "theirs"))
    with mine_column:
        mine = st.button(
            t(USE_MINE), type="primary", key=_conflict_key(opened.ref, section, "mine")
        )
    if keep:
        rest = {p: v for p, v in pending.changes.items() if p not in pending.theirs}
        if not rest:  # nothing else to save: just drop the user's answer
            _settle(opened, section, "saved", KEPT_THEIRS)
        else:
            reason = pending.reason if "times.aware_at" in rest else None
            outcome = _revise(opened, section, rest, pending.current_version, reason)
            _settle(opened, section, outcome, KEPT_THEIRS_SAVED_REST)
    if mine:
        outcome = _revise(opened, section, pending.changes, pending.current_version, pending.reason)
        _settle(opened, section, outcome, USED_MINE)


def _settle(opened: Opened, section: str, outcome: str, message: Text) -> None:
    """After the choice: on success say so; if the user's answer is invalid, go back to the form
    on the answers saved now, with the problems at their questions."""
    slot = f"{opened.ref}:{section}"
    if outcome == "saved":
        state(_CONFLICTS).pop(slot, None)
        state(_SEEN).pop(slot, None)
        flash(message)
    elif outcome == "invalid":
        current = context.workspace().incident(opened.ref)
        state(_SEEN)[slot] = snapshot(current.facts, current.version, section)
    st.rerun()
