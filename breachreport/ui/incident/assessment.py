"""The assessment panel: the recommended outcome, the ENISA severity, the reasons with the questions
they rest on, the open questions and what they would change (those that could change a duty first,
each a way to its question), and the DPO's decision.

The assessment supports the decision and never takes it: the DPO chooses, and an override needs a
reason (the service enforces it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from ...domain.assessment import Assessment
from ...domain.circumstances import Outcome
from ...domain.labels import NO, YES
from ...domain.severity import number
from ...errors import FactsInvalid, VersionConflict
from ...i18n import _, _p
from .. import context, texts
from ..context import lang, t
from ..shell import navigate
from ..table_view import SIDE_BY_SIDE, grid
from . import answers, section_editor
from .page import (
    Opened,
    flash,
    guarded,
    literal,
    open_incident,
    require_decider,
    show_flash,
    state,
    when,
)
from .questions import STEPS

if TYPE_CHECKING:
    from ...domain.assessment import Missing

RECOMMENDATION = _("Recommendation")
NOTIFY_IMY = _("Notify IMY")
TELL_SUBJECTS = _("Tell the data subjects")
DEPENDS = _("Depends on open questions")
SEVERITY = _("Severity (ENISA)")
PARTS = _(
    "Processing context (DPC) {dpc} × ease of identification (EI) {ei} + circumstances (CB) {cb}"
)
EXEMPTION = _("Exemption: {label}")
REASONS = _("Reasons")
RESTS_ON = _("Rests on: {labels}")
OPEN = _("Open questions")
NO_OPEN = _("No unanswered question affects the assessment.")
CHANGES_OUTCOME = _("May change the outcome")
COULD_CHANGE = _("Could change what you must do")
OTHERS = _("Other open questions")
GO_TO = _("Opens the question on the {page} page, with its section unfolded.")
DECISION = _("The DPO's decision")
NO_DECISION = _("No decision has been taken yet.")
DECIDED = _("Decided by {who}, {at}.")
FOLLOWS = _("Follows the recommendation.")
OVERRIDES = _("Departs from the recommendation.")
REASON = _p("assessment", "Reason")
OUTDATED = _("The recommendation now differs from the decision; review the decision.")
CHOOSE = _("Decision")
REASON_HELP = _(
    "Required when the decision departs from the recommendation. The reason is shown in the "
    "register and in the documents."
)
RECORD = _("Record the decision")
RECORDED = _("The decision is recorded.")
CHANGED_MEANWHILE = _(
    "Someone else recorded a decision while you worked; nothing of yours was saved."
)
RELOAD = _("Show the saved decision")
QUESTION = _("Question")
SAVED_NOW = _("Saved now")
YOURS = _("Your decision")
RECOMMENDED_MARK = _("{label} (recommended)")


def _yes_no(value: bool | None) -> str:
    if value is None:
        return t(DEPENDS)
    return t(YES if value else NO)


def _recommendation(assessment: Assessment) -> None:
    st.header(t(RECOMMENDATION))
    st.success(f"**{assessment.outcome.label(lang())}**", icon=":material/gavel:")
    severity = assessment.severity
    first, second, third = st.columns(3)
    first.metric(t(NOTIFY_IMY), _yes_no(assessment.notify_authority))
    second.metric(t(TELL_SUBJECTS), _yes_no(assessment.notify_data_subjects))
    third.metric(t(SEVERITY), f"{number(severity.score, lang())} · {severity.band.label(lang())}")
    parts = {
        key: number(value, lang())
        for key, value in severity.to_json().items()
        if key in ("dpc", "ei", "cb")
    }
    st.caption(f"{t(PARTS, **parts)} = {number(severity.score, lang())}")
    if assessment.exemption is not None:
        st.info(t(EXEMPTION, label=assessment.exemption.label(lang())))


def _reasons(assessment: Assessment) -> None:
    st.header(t(REASONS))
    for reason in assessment.reasons:
        st.markdown(f"- {literal(reason.text(lang()))}")
        if reason.facts:
            names = ", ".join(answers.labels(reason.facts, lang()))
            st.caption(t(RESTS_ON, labels=literal(names)))


def _open_questions(opened: Opened, assessment: Assessment) -> None:
    """The open questions, those that could change a duty first, each with a way to its question
    on the questions page (its section unfolded)."""
    st.header(t(OPEN))
    if not assessment.missing:
        st.caption(t(NO_OPEN))
        return
    weighty = [m for m in assessment.missing if m.changes_outcome]
    others = [m for m in assessment.missing if not m.changes_outcome]
    shown: list[Missing] = []
    for title, group in ((COULD_CHANGE, weighty), (OTHERS, others)):
        if not group:
            continue
        if weighty and others:  # a heading only where there are two groups to tell apart
            st.markdown(f"**{t(title)}**")
        for missing in group:
            _open_question(opened, missing, len(shown))
            shown.append(missing)


def _open_question(opened: Opened, missing: Missing, number: int) -> None:
    section = missing.path.split(".", 1)[0]
    with st.container(border=True):
        question = literal(missing.question(lang()))
        where = literal(missing.state(lang()))
        if section in STEPS:  # the question itself is the way to it
            if st.button(
                f"**{question}**",
                key=f"br_a_go.{opened.ref}.{number}.{missing.path}",
                type="tertiary",
                icon=":material/arrow_forward:",
                help=t(GO_TO, page=t(texts.NAV_QUESTIONS)),
            ):
                section_editor.go_to_question(opened.ref, missing.path)
                navigate.go_to(navigate.QUESTIONS)
            st.markdown(where)
        else:
            st.markdown(f"**{question}** – {where}")
        st.caption(literal(missing.would_change(lang())))
        if missing.changes_outcome:
            st.badge(t(CHANGES_OUTCOME), color="orange", icon=":material/warning:")


def _recorded(opened: Opened, assessment: Assessment) -> None:
    decision = opened.incident.facts.decision
    if decision.outcome is None:
        st.caption(t(NO_DECISION))
        return
    with st.container(border=True):
        st.markdown(f"**{decision.outcome.label(lang())}**")
        st.markdown(t(FOLLOWS) if decision.follows_recommendation else t(OVERRIDES))
        if decision.reason:
            st.markdown(f"{t(REASON)}: {literal(decision.reason)}")
        if decision.decided_by and decision.decided_at:
            st.caption(t(DECIDED, who=literal(decision.decided_by), at=when(decision.decided_at)))
    if decision.outcome is not assessment.outcome:
        st.warning(t(OUTDATED), icon=":material/update:")


def _decide(opened: Opened, assessment: Assessment) -> None:
    """The decision form, on the version the user saw; an override needs a reason."""
    ref = opened.ref
    if _conflict(ref):
        return
    seen = state("decision_seen").get(ref)
    if not (seen is not None and st.session_state.get(f"br_d.{ref}.{seen}.save")):
        seen = opened.incident.version
        state("decision_seen")[ref] = seen
    base = f"br_d.{ref}.{seen}"
    recorded = opened.incident.facts.decision.outcome
    options = list(Outcome)
    default = recorded or assessment.outcome

    names = {
        o: t(RECOMMENDED_MARK, label=o.label(lang()))
        if o is assessment.outcome
        else o.label(lang())
        for o in options
    }

    with st.form(key=f"{base}.form"):
        outcome = st.radio(
            t(CHOOSE),
            options,
            index=options.index(default),
            format_func=names.__getitem__,
            key=f"{base}.outcome",
        )
        reason = st.text_area(
            t(REASON), value=opened.incident.facts.decision.reason or "", key=f"{base}.reason"
        )
        st.caption(t(REASON_HELP))
        save = st.form_submit_button(t(RECORD), type="primary", key=f"{base}.save")
    if not save:
        return
    try:
        with st.spinner(t(texts.WORKING)):
            context.workspace().decide(
                actor=opened.user.actor,
                ref=ref,
                outcome=outcome,
                reason=reason.strip() or None,
                expected_version=seen,
            )
    except FactsInvalid as error:
        for problem in error.problems:
            st.error(problem.text(lang()), icon=":material/error:")
        return
    except VersionConflict as error:
        state("decision_conflict")[ref] = (error.theirs, error.yours)
        st.rerun()
    state("decision_seen").pop(ref, None)
    flash(RECORDED)
    st.rerun()


def _conflict(ref: str) -> bool:
    """Someone else's decision met the user's: show both until the user has read them."""
    if ref not in state("decision_conflict"):
        return False
    theirs, yours = state("decision_conflict")[ref]
    st.warning(t(CHANGED_MEANWHILE), icon=":material/call_split:")
    grid(
        [
            {
                t(QUESTION): answers.label(path, lang()),
                t(SAVED_NOW): answers.short(path, value, lang(), limit=400),
                t(YOURS): answers.short(path, yours.get(path), lang(), limit=400),
            }
            for path, value in theirs.items()
        ],
        what=t(SIDE_BY_SIDE),
        hide_index=True,
        width="stretch",
    )
    if st.button(t(RELOAD), key=f"br_d.{ref}.reload"):
        state("decision_conflict").pop(ref, None)
        state("decision_seen").pop(ref, None)
        st.rerun()
    return True


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_ASSESSMENT)
    if opened is None:
        return
    show_flash()
    with st.spinner(t(texts.WORKING)):
        assessment = context.workspace().assessment(opened.ref)
    _recommendation(assessment)
    _reasons(assessment)
    _open_questions(opened, assessment)
    st.header(t(DECISION))
    _recorded(opened, assessment)
    if require_decider(opened):
        _decide(opened, assessment)
