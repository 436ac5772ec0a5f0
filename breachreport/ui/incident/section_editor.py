"""The guided questions as one form with one save (not a save per step, which lost a step's answers
when another was opened): what matters now on top, each section below under "more details", every
question once. Problems and contradictions show at their question, in the user's language, with
what was typed kept. What a save does (and the choice when it meets someone else's) is in saving.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from ...domain.facts import Facts, Question, questions
from ...domain.labels import Text
from ...domain.personal_data import find_personal_data
from ...domain.problems import Problem
from ...domain.translations import english_path, source_path
from ...domain.walk import needed_for_preliminary, progress
from ...errors import BreachReportError
from ...i18n import Message, _
from .. import context, texts
from ..context import lang, t
from . import answers, entries, widgets
from .page import Opened, literal, state
from .saving import (
    CONFLICTS,
    ENGLISH,
    PROBLEMS,
    SEEN,
    Shown,
    conflict_key,
    save_answers,
    show_conflict,
    shown,
)

# More stores in the session (page.state; saving has the form's own), keyed by the reference.
_BUILT = "built"  # (version, {section}): the folded sections built since that version was shown
_OPEN = "open"  # (version, {section: open?}): the folds as the form of that version last had them
_FOCUS = "focus"  # path: the question another page (the assessment) sent the DPO to

# The organisation's own contact details: no warning about personal data there.
OWN_CONTACT_SECTIONS = ("controller", "contact")
_OWN_CONTACTS = (
    "contact.contact_email",
    "contact.contact_phone",
    "contact.dpo_email",
    "contact.dpo_phone",
)

AWARE_REASON = _("Reason for changing the time of awareness")
AWARE_REASON_HELP = _(
    "Needed only if you change the time above: the 72-hour deadline moves and the reason is kept "
    "in the history."
)
ELSEWHERE = _("In another section: {label}")
LOOKS_PERSONAL = _(
    "The text seems to contain {kinds} ({found}). The notification becomes a public document: "
    "do not write the personal data of the people affected."
)
FIRST = _("What matters now")
FIRST_LEAD = _(
    "First the questions whose answers could change what you must do, then what a preliminary "
    "notification still needs. 'Not yet known' is an honest answer."
)
NOTHING_FIRST = _(
    "Nothing that could change your duties is unanswered, and a preliminary notification has "
    "what it needs."
)
MORE = _("More details")
MORE_LEAD = _(
    "The rest of IMY's questions, section by section. Questions without a marker are optional in "
    "a preliminary notification."
)
NEEDED = _("Needed for a preliminary notification")
IN_ENGLISH = _("In English (optional)")
IN_ENGLISH_HELP = _(
    "Used in the English notification. Without it the Swedish text is shown there, marked as "
    "untranslated."
)
SAVE_ALL = _("Save all answers")
NOT_SENT = _(
    "The questions in this section are not sent to IMY. They drive the risk assessment and "
    "document your reasoning (Art. 33(5))."
)
FOCUS_FIRST = _("The question '{question}' is at the top, under 'What matters now'.")
FOCUS_BELOW = _("The question '{question}' is further down, in section {section}, now unfolded.")
FROM_ASSESSMENT = _("From the risk assessment")


@dataclass(frozen=True)
class Layout:
    """What the page asks, in order: ``first`` (paths) on top, then each of ``sections``."""

    first: list[str]
    sections: list[str]
    warnings: dict[str, list[Text | Message]]  # contradictions, by question path
    offers: tuple[str, ...] = ()  # names a processor entry can be added with in one click
    why_first: dict[str, Text | Message] = field(
        default_factory=dict
    )  # what each answer would change


def _base(ref: str, version: int) -> str:
    return f"br_q.{ref}.{version}"


def _saves(base: str) -> tuple[str, str]:
    return f"{base}.save", f"{base}.save_end"


def edit(opened: Opened, layout: Layout) -> None:
    """The form for the opened incident, or the choice after a conflicting save."""
    ref = opened.ref
    seen: Shown | None = state(SEEN).get(ref)
    base = _base(ref, seen.version) if seen else ""
    # The form (or the conflict) was on screen in the previous run: its widgets still hold what
    # the user typed. Otherwise the form is opened afresh from the stored answers.
    alive = seen is not None and (
        _saves(base)[0] in st.session_state or conflict_key(ref, "theirs") in st.session_state
    )
    if not alive:
        state(PROBLEMS).pop(ref, None)
        state(CONFLICTS).pop(ref, None)
    problems = state(PROBLEMS).get(ref, [])
    pending = state(CONFLICTS).get(ref)
    submitted = alive and any(st.session_state.get(key) for key in _saves(base))
    # "Add another" or "remove" submitted the form without saving it: keep what it showed.
    entries_changed = st.session_state.pop(entries.ENTRIES_CHANGED, False)
    if not alive or not (submitted or problems or pending or entries_changed):
        seen = shown(opened.incident.facts, opened.incident.version, layout.sections)
        state(SEEN)[ref] = seen
    assert seen is not None
    if pending is not None:
        show_conflict(opened, pending)
    else:
        _form(opened, layout, seen, problems)


# -- the form ------------------------------------------------------------------------------------


def _form(opened: Opened, layout: Layout, seen: Shown, problems: list[Problem]) -> None:
    base = _base(opened.ref, seen.version)
    first = [q for q in questions() if q.path in layout.first]
    first.sort(key=lambda q: layout.first.index(q.path))
    asked = {q.path for q in questions() if q.section in layout.sections}
    at_question: dict[str, list[Problem]] = {}
    elsewhere = []
    for problem in problems:
        path = _asked_path(answers.question_path(problem.path))
        (at_question.setdefault(path, []) if path in asked else elsewhere).append(problem)
    facts = opened.incident.facts
    own = [facts.value(path) for path in _OWN_CONTACTS if facts.value(path)]
    focus = _focus(opened.ref, asked)
    ask = _Asker(seen, base, at_question, layout, own, first={q.path for q in first}, focus=focus)

    with st.form(key=f"{base}.form", border=False):
        for problem in elsewhere:
            where = answers.label(problem.path, lang()) if problem.path else ""
            prefix = t(ELSEWHERE, label=where) + " – " if where else ""
            st.error(prefix + problem.text(lang()))
        for path, warnings in layout.warnings.items():
            if path not in asked:  # e.g. the decision, taken on the assessment page
                for warning in warnings:
                    label = answers.label(path, lang())
                    st.warning(f"{label}: {t(warning)}", icon=":material/warning:")
        if focus is not None:
            _point_to(focus, on_top=focus in ask.first)
        st.header(t(FIRST))
        if first:
            st.caption(t(FIRST_LEAD))
            for question in first:
                ask(question, show_section=True)
        else:
            st.success(t(NOTHING_FIRST), icon=":material/check:")
        save = st.form_submit_button(t(SAVE_ALL), type="primary", key=_saves(base)[0])
        st.header(t(MORE))
        st.caption(t(MORE_LEAD))
        built = _built_sections(opened.ref, seen.version)
        reopen = _open_before(opened.ref, seen.version)
        for section in layout.sections:
            rest = [q for q in questions(section) if q.path not in ask.first]
            if not rest:
                continue
            key = _open_key(opened.ref, section)
            troubled = any(q.path in at_question or q.path in layout.warnings for q in rest)
            focused = focus is not None and focus in {q.path for q in rest}
            # A problem is never folded away; nor is one's place, nor the question sent to.
            if troubled or focused or section in reopen:
                st.session_state[key] = True
            expander = st.expander(_section_label(facts, section), key=key, on_change="rerun")
            state(_OPEN).setdefault(opened.ref, (seen.version, {}))[1][section] = bool(
                expander.open
            )
            # A folded section is not built: a page of every question is slow to draw in the
            # browser. Once opened it stays built until the next save, so folding it again
            # never drops what was typed in it.
            if expander.open or section in built:
                built.add(section)
                with expander:
                    _introduce(section)
                    for question in rest:
                        ask(question)
        save_end = st.form_submit_button(t(SAVE_ALL), type="primary", key=_saves(base)[1])
    if save or save_end:
        save_answers(opened, seen, ask.given, ask.reason)


def go_to_question(ref: str, path: str) -> None:
    """Have the questions page of ``ref`` open at the question ``path`` the next time it is
    shown: its section unfolded, and a line on top saying where the question is."""
    state(_FOCUS)[ref] = path


def _focus(ref: str, asked: set[str]) -> str | None:
    """The question this page was sent to, once (a later run keeps the fold as the DPO left
    it); None when there is none, or when the page does not ask it."""
    path = state(_FOCUS).pop(ref, None)
    return path if path in asked else None


def _point_to(path: str, *, on_top: bool) -> None:
    question = literal(answers.label(path, lang()))
    if on_top:
        st.info(t(FOCUS_FIRST, question=question), icon=":material/arrow_downward:")
    else:
        section = literal(answers.section_label(path.split(".", 1)[0], lang()))
        st.info(
            t(FOCUS_BELOW, question=question, section=section), icon=":material/arrow_downward:"
        )


def _open_key(ref: str, section: str) -> str:
    """The key of a section's fold: the same across saves, so an open section stays open."""
    return f"br_q_open.{ref}.{section}"


def _built_sections(ref: str, version: int) -> set[str]:
    """The sections built on the form since it showed ``version`` (a save starts afresh)."""
    version_seen, built = state(_BUILT).get(ref, (None, set()))
    if version_seen != version:
        built = set()
        state(_BUILT)[ref] = (version, built)
    return built


def _open_before(ref: str, version: int) -> set[str]:
    """The sections that were open when the form showed an earlier version. A save makes a new
    form, whose folds start closed; these open again, so the DPO stays where they were."""
    shown_version, was_open = state(_OPEN).get(ref, (version, {}))
    if shown_version == version:
        return set()
    state(_OPEN)[ref] = (version, {})
    return {section for section, is_open in was_open.items() if is_open}


def _asked_path(path: str) -> str:
    """The question a problem belongs to on this page: an English text's is its source's."""
    if path.startswith(f"{ENGLISH}."):
        return source_path(path) or path
    return path


def _section_label(facts: Facts, section: str) -> str:
    cls = Facts.section_class(section)
    done, total = progress(facts, section)
    if not total:
        return f"{cls.letter} · {t(cls.title)}"
    mark = " ✓" if done == total else ""
    return f"{cls.letter} · {t(cls.title)} ({done}/{total}){mark}"


def _introduce(section: str) -> None:
    cls = Facts.section_class(section)
    st.caption(t(cls.why))
    if not cls.sent_to_imy:
        st.info(t(NOT_SENT), icon=":material/lock:")
    elif section not in OWN_CONTACT_SECTIONS:
        st.caption(f":material/public: {t(texts.PUBLIC_DOCUMENT)}")


class _Asker:
    """Asks one question in its box and keeps the answers given, for the one save."""

    def __init__(
        self,
        seen: Shown,
        base: str,
        at_question: dict[str, list[Problem]],
        layout: Layout,
        own: list[str],
        *,
        first: set[str],
        focus: str | None = None,
    ) -> None:
        self.seen = seen
        self.base = base
        self.at_question = at_question
        self.layout = layout
        self.own = own
        self.first = first
        self.focus = focus
        self.given: dict[str, widgets.Answer] = {}
        self.reason: str | None = None

    def __call__(self, question: Question, *, show_section: bool = False) -> None:
        seen = self.seen.sections[question.section]
        spec = widgets.input_for(question)
        mine = self.at_question.get(question.path, [])
        key = f"{self.base}.{question.section}.{question.name}"
        with st.container(border=True):
            if show_section:
                st.caption(answers.section_label(question.section, lang()))
                if question.path in self.layout.why_first:
                    st.info(t(self.layout.why_first[question.path]), icon=":material/balance:")
            if question.path == self.focus:
                st.badge(t(FROM_ASSESSMENT), icon=":material/balance:", color="blue")
            if needed_for_preliminary(question.path):
                st.badge(t(NEEDED), icon=":material/flag:", color="orange")
            answer = widgets.ask(
                spec,
                seen.values.get(question.path),
                seen_unknown=question.name in seen.unknown,
                key=key,
                ask_offset=any(p.code == "time_ambiguous" for p in mine),
                offers=self.layout.offers,
            )
            self.given[question.path] = answer
            if spec.kind in widgets.FREE_TEXT and _scanned(question):
                _warn_personal_data(answer.value, self.own)
            self._english(question)
            if question.path == "times.aware_at" and seen.values.get(question.path):
                self.reason = st.text_input(
                    t(AWARE_REASON), key=f"{self.base}.aware_reason", help=t(AWARE_REASON_HELP)
                )
            for problem in mine:
                # Which entry of a list, when the problem is inside one (e.g. a processor's name).
                where = entries.where_in_entries(problem.path)
                text = problem.text(lang())
                st.error(f"{where}: {text}" if where else text, icon=":material/error:")
            for warning in self.layout.warnings.get(question.path, []):
                st.warning(t(warning), icon=":material/warning:")

    def _english(self, question: Question) -> None:
        target = english_path(question.path)
        english = self.seen.sections.get(ENGLISH)
        if target is None or english is None:
            return
        name = target.split(".", 1)[1]
        [spec] = [widgets.input_for(q) for q in questions(ENGLISH) if q.name == name]
        self.given[target] = widgets.free_text(
            spec,
            t(IN_ENGLISH),
            english.values.get(target),
            key=f"{self.base}.{ENGLISH}.{name}",
            help=t(IN_ENGLISH_HELP),
        )


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


# -- who can be added in one click ----------------------------------------------------------------


def invited_names(opened: Opened) -> tuple[str, ...]:
    """The suppliers invited to the incident (their contact, which is what an invitation knows),
    for adding a processor in one click; none for someone who may not see the invitations."""
    try:
        invited = context.workspace().invitations.for_incident(
            ref=opened.ref, actor=opened.user.actor
        )
    except BreachReportError:
        return ()
    return tuple(dict.fromkeys(i.contact_name for i in invited if i.revoked_at is None))
