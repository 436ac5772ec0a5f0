"""The notice to the data subjects (Art. 34): when the people must be told, whether the assessment
and the DPO's decision say they must, the notice in Swedish and English side by side, how easy the
Swedish text is to read (LIX), and the notice to download, made and recorded only when clicked.

The app sends nothing to anyone: the organisation sends the notice itself.
"""

from __future__ import annotations

import base64

import streamlit as st

from ...documents.notice import notice_readability
from ...domain.assessment import Assessment
from ...domain.choices import InformStatus
from ...domain.circumstances import Outcome
from ...domain.facts import Facts
from ...domain.labels import Text
from ...domain.severity import number
from ...i18n import Message, _
from .. import context, texts
from ..context import lang, t
from ..downloads import LANGUAGE_NAMES, RECORDED_HELP, document_row
from . import answers
from .page import Opened, guarded, literal, open_incident, show_flash, when

DOCUMENT = "data-subject-notice"
PREVIEW_HEIGHT = 760
LIX_GOAL = 40  # the limit: under it, the Swedish notice reads as plain prose
# The DPO's own texts in the notice: what raises its LIX when the template's text does not.
OWN_TEXTS = (
    "description.summary",
    "consequences.details",
    "measures.taken",
    "measures.planned",
)

ART34 = _(
    "Under Article 34 of the GDPR you must tell the data subjects without undue delay when the "
    "breach is likely to result in a high risk to them. The notice must be in clear and plain "
    "language and say what happened, what it may mean for them, what you have done, what they "
    "can do themselves and whom they can contact."
)
ART34_EXEMPTIONS = _(
    "It is not needed when the data were unintelligible to others (for example encrypted with a "
    "key that was not disclosed), when later measures mean the high risk is no longer likely, or "
    "when it would take disproportionate effort; then you tell them through a public "
    "announcement instead (Art. 34(3)). IMY can order you to tell them."
)

DUTY = _("Must the people be told?")
ASSESSMENT = _("The risk assessment")
MUST = _("Yes: the risk to the people is high (Art. 34(1)).")
NEED_NOT = _("No: the risk to the people is not high.")
EXEMPT = _("No, exemption: {label}")
DEPENDS = _("Depends on open questions; see Risk assessment.")
DECISION = _("The DPO's decision")
DECIDED_TELL = _("Yes: {label}.")
DECIDED_NOT = _("No: {label}.")
NO_DECISION = _("No decision yet.")
TOLD = _("Told so far")
TOLD_AT = _("{label}, {at}.")
PLANNED_AT = _("{label}; planned for {at}.")
NOT_ANSWERED = _("Not answered yet (Questions, section I).")
VOLUNTARY = _(
    "Neither the assessment nor the decision requires telling the people. You may still tell "
    "them of your own accord; the notice below shows how it would read."
)

PREVIEW = _("The notice in Swedish and English")
PREVIEW_EXPLAIN = _(
    "Built from the answers as they stand now. The app sends nothing: you send the notice "
    "yourselves, for example by letter or email, and record it under Questions, section I."
)
PREVIEW_OF = _("Preview of the notice, {language}")

READABILITY = _("Readability")
LIX_LINE = _("LIX {score}: {meaning} (under {goal} is the goal).")
LIX_HIGH = _(
    "The Swedish text is harder to read than the goal. The template's own text stays under "
    "{goal}; what raises the score is the DPO's own texts in the notice: {fields}. Short "
    "sentences and common, short words lower it."
)
LIX_EXPLAIN = _(
    "LIX (the Swedish readability index) measures the Swedish text: words per sentence plus the "
    "share of long words (more than six letters). Under 30 is very easy to read, 30–40 plain "
    "everyday prose, 40–50 like a newspaper article and above 50 like official prose."
)
MEANINGS = (
    (30, _("very easy to read")),
    (40, _("easy to read")),
    (50, _("fairly hard, like a newspaper article")),
    (60, _("hard, like official prose")),
)
VERY_HARD = _("very hard to read")

DOWNLOAD = _("Download the notice")


def readability_meaning(score: float) -> Message:
    """What a LIX score means to a reader, in words."""
    return next((meaning for limit, meaning in MEANINGS if score < limit), VERY_HARD)


def lix_line(score: float, code: str) -> str:
    """E.g. "LIX 31: easy to read (under 40 is the goal)" in ``code``'s language."""
    return LIX_LINE(code).format(
        score=number(score, code), meaning=readability_meaning(score)(code), goal=LIX_GOAL
    )


# -- the duty ------------------------------------------------------------------------------------


def assessment_says(assessment: Assessment) -> Text | Message:
    if assessment.notify_data_subjects is None:
        return DEPENDS
    if assessment.notify_data_subjects:
        return MUST
    if assessment.exemption is not None:
        label = assessment.exemption.text
        return EXEMPT.format(label=label)
    return NEED_NOT


def decision_says(facts: Facts) -> Message:
    outcome = facts.decision.outcome
    if outcome is None:
        return NO_DECISION
    said = DECIDED_TELL if outcome is Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS else DECIDED_NOT
    return said.format(label=outcome.text)


def _told(facts: Facts) -> str:
    """What section I says so far: told when, planned when, or not to be told and why."""
    told = facts.communication
    if told.status is None:
        return t(NOT_ANSWERED)
    label = told.status.label(lang())
    if told.status is InformStatus.INFORMED and told.informed_at:
        return t(TOLD_AT, label=label, at=when(told.informed_at))
    if told.status is InformStatus.WILL_INFORM and told.planned_at:
        return t(PLANNED_AT, label=label, at=when(told.planned_at))
    if told.status is InformStatus.WILL_NOT_INFORM and told.reason_not:
        return f"{label}: {told.reason_not.label(lang())}"
    return label


def _duty(opened: Opened, assessment: Assessment) -> None:
    st.header(t(DUTY))
    facts = opened.incident.facts
    cells = (
        (ASSESSMENT, t(assessment_says(assessment))),
        (DECISION, t(decision_says(facts))),
        (TOLD, _told(facts)),
    )
    for column, (title, said) in zip(st.columns(3), cells, strict=True):
        with column.container(border=True):
            st.caption(t(title))
            st.markdown(literal(said))
    decided = facts.decision.outcome
    if assessment.notify_data_subjects is False and (
        decided is None or decided is not Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS
    ):
        st.info(t(VOLUNTARY), icon=":material/info:")


# -- the notice ----------------------------------------------------------------------------------


def _previews(ref: str) -> None:
    st.header(t(PREVIEW))
    st.caption(t(PREVIEW_EXPLAIN))
    with st.spinner(t(texts.WORKING)):
        documents = {
            code: context.workspace().render(ref=ref, document=DOCUMENT, lang=code, fmt="html")
            for code in ("sv", "en")
        }
    for column, code in zip(st.columns(2), documents, strict=True):
        with column:
            language = t(LANGUAGE_NAMES[code])
            st.caption(language)
            # A data: URL gives the frame an origin of its own: the notice cannot reach the app.
            encoded = base64.b64encode(documents[code]).decode("ascii")
            st.iframe(
                f"data:text/html;charset=utf-8;base64,{encoded}",
                height=PREVIEW_HEIGHT,
                alt=t(PREVIEW_OF, language=language),
            )


def _readability(facts: Facts) -> None:
    st.header(t(READABILITY))
    score = notice_readability(facts, "sv")
    line = lix_line(score, lang())
    if score < LIX_GOAL:
        st.success(line, icon=":material/menu_book:")
    else:
        own = [path for path in OWN_TEXTS if _filled(facts, path)] or list(OWN_TEXTS)
        opening, closing = ("”", "”") if lang() == "sv" else ("“", "”")
        fields = ", ".join(f"{opening}{name}{closing}" for name in answers.labels(own, lang()))
        st.warning(
            f"{line}\n\n{t(LIX_HIGH, goal=LIX_GOAL, fields=fields)}", icon=":material/warning:"
        )
    st.caption(t(LIX_EXPLAIN))


def _filled(facts: Facts, path: str) -> bool:
    section, name = path.split(".", 1)
    return bool(getattr(getattr(facts, section), name, None))


def _downloads(opened: Opened) -> None:
    st.header(t(DOWNLOAD))
    st.caption(t(RECORDED_HELP))
    workspace = context.workspace()
    for code in ("sv", "en"):
        document_row(
            workspace,
            opened.user.actor,
            ref=opened.ref,
            document=DOCUMENT,
            lang=code,
            key=f"br_notice_dl.{opened.ref}",
            slots=3,
        )


@guarded
def page() -> None:
    opened = open_incident(texts.NAV_NOTICE)
    if opened is None:
        return
    show_flash()
    st.markdown(t(ART34))
    st.caption(t(ART34_EXEMPTIONS))
    with st.spinner(t(texts.WORKING)):
        assessment = context.workspace().assessment(opened.ref)
    _duty(opened, assessment)
    _previews(opened.ref)
    _readability(opened.incident.facts)
    _downloads(opened)
