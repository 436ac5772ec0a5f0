"""Saving the guided questions' answers: what changed against what the form showed, the save, and
the choice after a save that met someone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from ...domain.changes import NOT_YET_KNOWN, UNKNOWN_FIELD, flatten
from ...domain.facts import Facts
from ...domain.labels import Text
from ...domain.problems import Problem, rule_problem
from ...errors import FactsInvalid, VersionConflict
from ...i18n import Message, _
from .. import context, texts
from ..context import lang, t
from ..table_view import SIDE_BY_SIDE, grid
from . import answers, widgets
from .page import Opened, flash, state

# Stores in the session (page.state), each keyed by the incident's reference.
SEEN = "seen"  # Shown: what the form showed, to compare and to check the version against
PROBLEMS = "problems"  # [Problem]: from the last failed save
CONFLICTS = "conflicts"  # Pending: a save that met someone else's


# The English texts are asked under their Swedish question, never as a section of their own.
ENGLISH = "english"

NOTHING_CHANGED = _("Nothing has changed since you opened the page.")
CONFLICT = _(
    "Someone else saved a different answer to the same question while you worked. Nothing of "
    "yours was saved. Compare and choose."
)
QUESTION = _("Question")
THEIRS = _("Saved now")
YOURS = _("Your answer")
KEEP_THEIRS = _("Keep the saved answer")
USE_MINE = _("Use my answer")
KEPT_THEIRS = _("The saved answer was kept.")
KEPT_THEIRS_SAVED_REST = _("The saved answer was kept; your other changes were saved.")
USED_MINE = _("Your answer was saved.")


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


@dataclass(frozen=True)
class Shown:
    """The whole form as it was shown: the version and each section's stored answers."""

    version: int
    sections: dict[str, Seen]


def shown(facts: Facts, version: int, sections: list[str]) -> Shown:
    names = [*sections, ENGLISH]
    return Shown(version, {name: snapshot(facts, version, name) for name in names})


def conflict_key(ref: str, which: str) -> str:
    return f"br_q.{ref}.conflict.{which}"


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


def save_answers(
    opened: Opened, seen: Shown, given: dict[str, widgets.Answer], reason: str | None
) -> None:
    ref = opened.ref
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for section, section_seen in seen.sections.items():
        prefix = f"{section}."
        mine = {path: answer for path, answer in given.items() if path.startswith(prefix)}
        if mine:
            found, wrong = changes_from(section, section_seen, mine)
            changes.update(found)
            problems.extend(wrong)
    if problems:
        state(PROBLEMS)[ref] = problems
        st.rerun()
    if not changes:
        st.info(t(NOTHING_CHANGED))
        return
    # A reason goes with a change of the awareness time only (the history keeps it there).
    reason = ((reason or "").strip() or None) if "times.aware_at" in changes else None
    if revise(opened, changes, seen.version, reason) == "saved":
        flash(texts.SAVED)
    st.rerun()


def revise(opened: Opened, changes: dict[str, Any], version: int, reason: str | None) -> str:
    """Save ``changes`` made on ``version``: "saved", or "invalid" / "conflict" with the problems or
    both answers kept for the next run."""
    ref = opened.ref
    try:
        with st.spinner(t(texts.WORKING)):
            context.workspace().revise(
                actor=opened.user.actor,
                ref=ref,
                changes=changes,
                expected_version=version,
                reason=reason,
            )
    except FactsInvalid as error:
        state(PROBLEMS)[ref] = error.problems
        state(CONFLICTS).pop(ref, None)
        return "invalid"
    except VersionConflict as error:
        state(CONFLICTS)[ref] = Pending(
            current_version=error.current_version,
            theirs=dict(error.theirs),
            yours=dict(error.yours),
            changes=dict(changes),
            reason=reason,
        )
        state(PROBLEMS).pop(ref, None)
        return "conflict"
    state(PROBLEMS).pop(ref, None)
    state(CONFLICTS).pop(ref, None)
    state(SEEN).pop(ref, None)
    return "saved"


def show_conflict(opened: Opened, pending: Pending) -> None:
    st.warning(t(CONFLICT), icon=":material/call_split:")
    headers = (t(QUESTION), t(THEIRS), t(YOURS))
    grid(
        answers.side_by_side(pending.theirs, pending.yours, lang(), headers),
        what=t(SIDE_BY_SIDE),
        hide_index=True,
        width="stretch",
    )
    keep_column, mine_column = st.columns(2)
    with keep_column:
        keep = st.button(t(KEEP_THEIRS), key=conflict_key(opened.ref, "theirs"))
    with mine_column:
        mine = st.button(t(USE_MINE), type="primary", key=conflict_key(opened.ref, "mine"))
    if keep:
        rest = {p: v for p, v in pending.changes.items() if p not in pending.theirs}
        if not rest:  # nothing else to save: just drop the user's answer
            _settle(opened, "saved", KEPT_THEIRS)
        else:
            reason = pending.reason if "times.aware_at" in rest else None
            outcome = revise(opened, rest, pending.current_version, reason)
            _settle(opened, outcome, KEPT_THEIRS_SAVED_REST)
    if mine:
        outcome = revise(opened, pending.changes, pending.current_version, pending.reason)
        _settle(opened, outcome, USED_MINE)


def _settle(opened: Opened, outcome: str, message: Text | Message) -> None:
    """After the choice: on success say so; if the user's answer is invalid, go back to the form
    on the answers saved now, with the problems at their questions."""
    ref = opened.ref
    if outcome == "saved":
        state(CONFLICTS).pop(ref, None)
        state(SEEN).pop(ref, None)
        flash(message)
    elif outcome == "invalid":
        current = context.workspace().incident(ref)
        sections = [name for name in state(SEEN)[ref].sections]
        state(SEEN)[ref] = Shown(
            current.version, {n: snapshot(current.facts, current.version, n) for n in sections}
        )
    st.rerun()
