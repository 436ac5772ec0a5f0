"""The invited sections as one form whose changes go to the DPO as a proposal.

The questions are asked with the DPO's own inputs (``incident.widgets``) and the changes worked
out as the DPO's form does (``saving.changes_from``); only the changed questions are sent,
with the version the contact saw. A problem is shown at its question; a proposal that meets
someone else's change shows both answers; in both cases what the contact typed stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from ...domain.changes import UNKNOWN_FIELD
from ...domain.facts import Facts, Question
from ...domain.personal_data import find_personal_data
from ...domain.problems import Problem
from ...errors import (
    FactsInvalid,
    InputError,
    InvitationRefused,
    PermissionDenied,
    VersionConflict,
)
from ...i18n import _
from ...services.permissions import Actor
from ...services.proposals import COMMENT_MAX_LENGTH, InvitedView
from .. import context, texts
from ..context import lang, t
from ..incident import answers, widgets
from ..incident.page import flash, literal, state
from ..incident.saving import NOTHING_CHANGED, Seen, changes_from
from ..incident.section_editor import ELSEWHERE, LOOKS_PERSONAL, OWN_CONTACT_SECTIONS
from ..table_view import SIDE_BY_SIDE, grid
from . import link

_STORE = "supplier"  # page.state: what the form showed, problems, a conflict; dropped at sign-out
_KEY = "br_sup"

COMMENT = _("Comment for the data protection officer")
COMMENT_HELP = _(
    "Where the answers come from and how certain they are. If you propose a different time of "
    "awareness, say why here."
)
SEND = _("Send proposal to the DPO")
SENT = _(
    "The proposal has been sent. The data protection officer will review it; the outcome shows "
    "under Your proposals."
)
CONFLICT = _(
    "Someone changed the same question since you opened the page, so the proposal was not sent. "
    "Compare the answers below; your answers are still in the form."
)
QUESTION = _("Question")
SAVED_NOW = _("Answer now")
YOURS = _("Your proposal")
SEND_ANYWAY = _("Send my proposal anyway")
START_OVER = _("Start again from the current answers")
STARTED_OVER = _("The form now shows the current answers.")


@dataclass(frozen=True)
class Shown:
    """The invited sections as the form showed them: the version and each section's answers."""

    version: int
    sections: dict[str, Seen]
    generation: int  # a new one after each proposal sent, so that the form starts afresh


@dataclass(frozen=True)
class Pending:
    """A proposal that met someone else's change: both answers, and what the contact sent."""

    current_version: int
    theirs: dict[str, Any]
    yours: dict[str, Any]
    changes: dict[str, Any]
    comment: str | None


def shown(view: InvitedView, generation: int = 0) -> Shown:
    """What the form starts from: the current answers of each invited section."""
    sections = {}
    for section in view.sections:
        prefix = f"{section}."
        values = {p: v for p, v in view.values.items() if p.startswith(prefix)}
        unknown = tuple(values.pop(f"{section}.{UNKNOWN_FIELD}", None) or ())
        sections[section] = Seen(view.version, values, unknown)
    return Shown(view.version, sections, generation)


def _slot(actor: Actor) -> dict[str, Any]:
    return state(_STORE).setdefault(actor.invitation_id, {})


def _base(seen: Shown) -> str:
    return f"{_KEY}.{seen.generation}.{seen.version}"


def edit(actor: Actor, view: InvitedView) -> None:
    """The form, with a conflict above it when the last proposal met someone else's change."""
    slot = _slot(actor)
    seen: Shown | None = slot.get("seen")
    base = _base(seen) if seen else ""
    # The form was on screen in the previous run, so its inputs still hold what was typed.
    alive = seen is not None and f"{base}.send" in st.session_state
    if not alive:
        slot.pop("problems", None)
        slot.pop("conflict", None)
    problems: list[Problem] = slot.get("problems", [])
    pending: Pending | None = slot.get("conflict")
    submitted = alive and st.session_state.get(f"{base}.send")
    if not alive or not (submitted or problems or pending):
        seen = shown(view, slot.get("generation", 0))
        slot["seen"] = seen
    assert seen is not None
    if pending is not None:
        _conflict(actor, pending)
    _form(actor, view, seen, problems)


# -- the form ------------------------------------------------------------------------------------


def _form(actor: Actor, view: InvitedView, seen: Shown, problems: list[Problem]) -> None:
    base = _base(seen)
    asked = [q for q in view.questions if q.section in seen.sections]
    here = {q.path for q in asked}
    at_question: dict[str, list[Problem]] = {}
    elsewhere = []
    for problem in problems:
        path = answers.question_path(problem.path)
        (at_question.setdefault(path, []) if path in here else elsewhere).append(problem)
    own = _own_contacts(view)

    given: dict[str, widgets.Answer] = {}
    with st.form(key=f"{base}.form", border=False):
        for problem in elsewhere:
            where = answers.label(problem.path, lang()) if problem.path else ""
            prefix = t(ELSEWHERE, label=where) + " – " if where else ""
            st.error(prefix + problem.text(lang()))
        for section in seen.sections:
            _introduce(section)
            for question in (q for q in asked if q.section == section):
                mine = at_question.get(question.path, [])
                given[question.path] = _ask(question, seen.sections[section], base, mine, own)
        comment = st.text_area(
            t(COMMENT), key=f"{base}.comment", help=t(COMMENT_HELP), max_chars=COMMENT_MAX_LENGTH
        )
        send = st.form_submit_button(t(SEND), type="primary", key=f"{base}.send")
    if send:
        _send(actor, seen, given, comment)


def _introduce(section: str) -> None:
    cls = Facts.section_class(section)
    st.header(f"{cls.letter}. {t(cls.title)}")
    st.caption(t(cls.why))
    if cls.sent_to_imy and section not in OWN_CONTACT_SECTIONS:
        st.caption(f":material/public: {t(texts.PUBLIC_DOCUMENT)}")


def _ask(
    question: Question, seen: Seen, base: str, problems: list[Problem], own: list[str]
) -> widgets.Answer:
    spec = widgets.input_for(question)
    with st.container(border=True):
        answer = widgets.ask(
            spec,
            seen.values.get(question.path),
            seen_unknown=question.name in seen.unknown,
            key=f"{base}.{question.section}.{question.name}",
            ask_offset=any(p.code == "time_ambiguous" for p in problems),
        )
        if spec.kind in widgets.FREE_TEXT and question.sent_to_imy:
            _warn_personal_data(answer.value, own)
        for problem in problems:
            st.error(problem.text(lang()), icon=":material/error:")
    return answer


def _own_contacts(view: InvitedView) -> list[str]:
    """The organisation's own contact details, if invited: no warning about those."""
    return [
        value
        for path, value in view.values.items()
        if path.split(".", 1)[0] in OWN_CONTACT_SECTIONS and isinstance(value, str) and value
    ]


def _warn_personal_data(text: str | None, own: list[str]) -> None:
    found = find_personal_data(text, ignore=own)
    if found:
        kinds = ", ".join(dict.fromkeys(f.kind.label(lang()) for f in found))
        masked = ", ".join(dict.fromkeys(f.masked for f in found[:3]))
        st.warning(
            t(LOOKS_PERSONAL, kinds=kinds, found=literal(masked)), icon=":material/visibility:"
        )


# -- sending -------------------------------------------------------------------------------------


def _send(actor: Actor, seen: Shown, given: dict[str, widgets.Answer], comment: str) -> None:
    slot = _slot(actor)
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for section, section_seen in seen.sections.items():
        prefix = f"{section}."
        mine = {path: a for path, a in given.items() if path.startswith(prefix)}
        found, wrong = changes_from(section, section_seen, mine)
        changes.update(found)
        problems.extend(wrong)
    if problems:
        slot["problems"] = problems
        st.rerun()
    if not changes:
        st.info(t(NOTHING_CHANGED))
        return
    if _propose(actor, changes, seen.version, comment.strip() or None) != "refused":
        st.rerun()  # the outcome shows on the next run: a message, problems or both answers


def _propose(actor: Actor, changes: dict[str, Any], version: int, comment: str | None) -> str:
    """Send ``changes`` made on ``version``: "sent", or "invalid" / "conflict" with the problems
    or both answers kept for the next run, or "refused" with the reason shown here."""
    slot = _slot(actor)
    try:
        with st.spinner(t(texts.WORKING)):
            context.resources().workspace.proposals.propose(
                actor=actor, changes=changes, expected_version=version, comment=comment
            )
    except FactsInvalid as error:
        slot["problems"] = list(error.problems)
        slot.pop("conflict", None)
        return "invalid"
    except VersionConflict as error:
        slot["conflict"] = Pending(
            current_version=error.current_version,
            theirs=dict(error.theirs),
            yours=dict(error.yours),
            changes=dict(changes),
            comment=comment,
        )
        slot.pop("problems", None)
        return "conflict"
    except (InputError, PermissionDenied) as error:
        context.show_error(error)
        return "refused"
    except InvitationRefused:  # revoked or expired while they typed: what they typed is not lost
        lines = unsent(changes, comment, lang())
        link.end(refused=True)
        link.keep_unsent(lines)
        st.rerun()
    _start_over(slot)
    flash(SENT)
    return "sent"


def unsent(changes: dict[str, Any], comment: str | None, code: str) -> list[tuple[str, str]]:
    """A proposal that could not be sent, as (question, answer) lines people can copy."""
    lines = [
        (answers.label(path, code), answers.short(path, value, code, limit=100_000))
        for path, value in changes.items()
    ]
    if comment:
        lines.append((COMMENT(code), comment))
    return lines


def rescue(actor: Actor) -> list[tuple[str, str]]:
    """What the contact had typed in the form's text inputs and not sent, as (question, text)
    lines: read from the inputs' own state, for when the link stops working before a send."""
    seen: Shown | None = _slot(actor).get("seen")
    if seen is None:
        return []
    base = f"{_base(seen)}."
    code = lang()
    found: dict[str, str] = {}
    comment = ""
    for key, value in list(st.session_state.items()):
        if not (isinstance(key, str) and key.startswith(base) and isinstance(value, str)):
            continue
        rest = key.removeprefix(base)
        if not value.strip():
            continue
        if rest == "comment":
            comment = value
            continue
        path = ".".join(rest.split(".")[:2])
        section = seen.sections.get(path.split(".", 1)[0])
        if section is None or value == section.values.get(path):
            continue
        found.setdefault(answers.label(path, code), value)
    lines = list(found.items())
    if comment:
        lines.append((COMMENT(code), comment))
    return lines


def _start_over(slot: dict[str, Any]) -> None:
    """Forget what the form showed and typed; it opens afresh on the current answers."""
    slot.pop("problems", None)
    slot.pop("conflict", None)
    slot.pop("seen", None)
    slot["generation"] = slot.get("generation", 0) + 1


# -- a proposal that met someone else's change ---------------------------------------------------


def _conflict(actor: Actor, pending: Pending) -> None:
    st.warning(t(CONFLICT), icon=":material/call_split:")
    headers = (t(QUESTION), t(SAVED_NOW), t(YOURS))
    grid(
        answers.side_by_side(pending.theirs, pending.yours, lang(), headers),
        what=t(SIDE_BY_SIDE),
        hide_index=True,
        width="stretch",
    )
    anyway_column, over_column = st.columns(2)
    with anyway_column:
        anyway = st.button(t(SEND_ANYWAY), type="primary", key=f"{_KEY}.conflict.anyway")
    with over_column:
        over = st.button(t(START_OVER), key=f"{_KEY}.conflict.over")
    # On top of the answers as they are now: the DPO sees both when reviewing.
    if anyway and _propose(actor, pending.changes, pending.current_version, pending.comment) != (
        "refused"
    ):
        st.rerun()
    if over:
        _start_over(_slot(actor))
        flash(STARTED_OVER)
        st.rerun()
