"""The legal review page: the draft in Swedish and English side by side, the review copy and the
draft to download (made and recorded in the history only when clicked), comments per section, the
approval of the exact facts version (and why an earlier one lapsed), and, for the DPO, who reviews.
The services decide who may do what; this page only hides what they would refuse.
"""

from __future__ import annotations

import base64

import streamlit as st

from ...domain.facts import Facts
from ...domain.status import Role
from ...errors import BreachReportError
from ...i18n import _
from ...services.outbox import SendLine
from ...services.permissions import UseCase, may
from .. import context, texts
from ..context import t
from ..downloads import RECORDED_HELP, document_row
from . import answers
from .page import Opened, flash, guarded, literal, open_incident, show_flash, state, when

TITLE = _("Review")
APPROVED = _("Approved by {who} on {at} (facts version {version}).")
REVIEW_COPY = _("Download the review copy")
REVIEW_COPY_EXPLAIN = _(
    "Swedish and English side by side in one document, with the questions still open and the "
    "reasons of the risk assessment: to read, print or annotate outside the app. The copy is of "
    "facts version {version}; an approval holds for the version it names only."
)
DRAFT_FILES = _("The draft as Word or PDF")
NOT_APPROVED = _(
    "The draft is not approved. A complete notification needs a current approval while the "
    "four-eyes rule is on."
)
DRAFTS = _("The draft in Swedish and English")
SWEDISH = _("Swedish")
ENGLISH = _("English")
COMMENTS = _("Comments")
NO_COMMENTS = _("No comments yet.")
COMMENT_ON = _("Section")
COMMENT = _("Comment")
SEND = _("Send comment")
SENT = _("The comment is saved.")
ON_VERSION = _("version {version}")
APPROVE = _("Approve version {version}")
APPROVE_NOTE = _("Note (optional)")
APPROVED_NOW = _("Approved. Any later change withdraws the approval.")
REVIEWERS = _("Legal reviewers")
NO_REVIEWERS = _("No reviewer is assigned.")
ASSIGN = _("Assign a reviewer")
ASSIGNED = _("{name} may now read and approve the incident.")
NO_ACCOUNTS = _("There is no account with the legal reviewer role; add one under Users.")
NOTIFY = _("Tell the reviewers")
NOTIFY_HELP = _(
    "Mails each assigned reviewer that version {version} of the draft waits for them, with a link "
    "and nothing about the breach. Each reviewer is told once per version."
)
NOTIFIED = _("{who} told by mail that version {version} waits.")
NOTIFY_FAILED = _(
    "The notice to {who} could not be sent: {error}. It will be retried by the next run of "
    "`breachreport remind`."
)
ALREADY_NOTIFIED = _(
    "Every assigned reviewer with a mail address was already told of version {version}; nothing "
    "was sent again."
)
_NOTICES = "review_notices"  # ref -> [(level, text)] to show after the rerun


def _sections() -> list[str]:
    return [s for s in Facts.section_names() if s != "decision"]


@guarded
def page() -> None:
    opened = open_incident(TITLE)
    if opened is None:
        return
    show_flash()
    _approval(opened)
    _review_copy(opened)
    _drafts(opened)
    _comments(opened)
    if may(opened.user.role, UseCase.ASSIGN_REVIEWER):
        _reviewers(opened)


def _approval(opened: Opened) -> None:
    actor = opened.user.actor
    reviews = context.workspace().reviews
    state = reviews.current_approval(ref=opened.ref, actor=actor)
    if state.approval is not None:
        approval = state.approval
        st.success(
            t(
                APPROVED,
                who=approval.approved_by,
                at=when(approval.approved_at),
                version=approval.facts_version,
            )
        )
    else:
        if state.withdrawn is not None:
            st.warning(t(state.withdrawn.reason))
        st.info(t(NOT_APPROVED))
        if may(opened.user.role, UseCase.APPROVE):
            version = opened.incident.version
            with st.form(f"br_review_approve.{opened.ref}", clear_on_submit=True):
                note = st.text_input(t(APPROVE_NOTE), key=f"br_review_note.{opened.ref}")
                sent = st.form_submit_button(t(APPROVE, version=version), type="primary")
            if sent:
                reviews.approve(
                    actor=actor, ref=opened.ref, facts_version=version, note=note or None
                )
                flash(APPROVED_NOW)
                st.rerun()


def _review_copy(opened: Opened) -> None:
    st.header(t(REVIEW_COPY))
    st.caption(t(REVIEW_COPY_EXPLAIN, version=opened.incident.version))
    document_row(
        context.workspace(),
        opened.user.actor,
        ref=opened.ref,
        document="review-copy",
        lang="sv",  # the review copy holds both languages; the service ignores this
        formats=("pdf", "html", "md"),
        name_part=f"v{opened.incident.version}",
        key=f"br_review_dl.{opened.ref}.copy",
        slots=3,
    )
    st.caption(t(RECORDED_HELP))


def _drafts(opened: Opened) -> None:
    ref = opened.ref
    st.header(t(DRAFTS))
    with st.spinner(t(texts.WORKING)):
        documents = {
            lang: context.workspace().render(ref=ref, lang=lang, fmt="html")
            for lang in ("sv", "en")
        }
    for column, (lang, label) in zip(
        st.columns(2), (("sv", SWEDISH), ("en", ENGLISH)), strict=True
    ):
        with column:
            st.caption(t(label))
            # A data: URL gives the frame an origin of its own: the document cannot reach the app.
            encoded = base64.b64encode(documents[lang]).decode("ascii")
            st.iframe(f"data:text/html;charset=utf-8;base64,{encoded}", height=640)
    st.markdown(f"**{t(DRAFT_FILES)}**")
    for lang in ("sv", "en"):
        document_row(
            context.workspace(),
            opened.user.actor,
            ref=ref,
            document="imy-notification",
            lang=lang,
            formats=("docx", "pdf"),
            name_part="draft",
            key=f"br_review_dl.{ref}.draft",
            slots=3,
        )


def _section_label(name: str) -> str:
    return answers.section_label(name, context.lang())


def _comments(opened: Opened) -> None:
    st.header(t(COMMENTS))
    actor = opened.user.actor
    reviews = context.workspace().reviews
    found = reviews.comments(ref=opened.ref, actor=actor)
    if not found:
        st.caption(t(NO_COMMENTS))
    for comment in found:
        role = comment.role.label(context.lang())
        version = t(ON_VERSION, version=comment.facts_version)
        st.markdown(
            f"**{_section_label(comment.section)}** · {literal(comment.author)} ({role}) · "
            f"{when(comment.at)} · {version}\n\n{literal(comment.text)}"
        )
    with st.form(f"br_review_comment.{opened.ref}", clear_on_submit=True):
        section = st.selectbox(
            t(COMMENT_ON),
            _sections(),
            format_func=_section_label,
            placeholder=t(texts.CHOOSE),
            key=f"br_review_section.{opened.ref}",
        )
        text = st.text_area(t(COMMENT), key=f"br_review_text.{opened.ref}")
        sent = st.form_submit_button(t(SEND))
    if sent and text.strip():
        reviews.comment(actor=actor, ref=opened.ref, section=section, text=text)
        flash(SENT)
        st.rerun()


def _reviewers(opened: Opened) -> None:
    st.header(t(REVIEWERS))
    actor = opened.user.actor
    reviews = context.workspace().reviews
    assigned = reviews.reviewers(ref=opened.ref, actor=actor)
    if assigned:
        st.markdown("\n".join(f"- {literal(a.reviewer)}" for a in assigned))
    else:
        st.caption(t(NO_REVIEWERS))
    _show_notices(opened)
    if assigned and may(opened.user.role, UseCase.SEND_MAIL):
        help_text = t(NOTIFY_HELP, version=opened.incident.version)
        key = f"br_review_notify.{opened.ref}"
        if st.button(t(NOTIFY), key=key, icon=":material/mail:", help=help_text):
            _notify(opened)
            st.rerun()
    taken = {a.account_id for a in assigned}
    candidates = [
        a
        for a in context.accounts().list()
        if a.role is Role.LEGAL_REVIEWER and not a.disabled and a.id not in taken
    ]
    if not candidates:
        if not assigned:
            st.caption(t(NO_ACCOUNTS))
        return
    names = {a.id: a.display_name for a in candidates}
    chosen = st.selectbox(
        t(ASSIGN),
        list(names),
        format_func=names.__getitem__,
        placeholder=t(texts.CHOOSE),
        key=f"br_review_who.{opened.ref}",
    )
    if st.button(t(ASSIGN), key=f"br_review_assign.{opened.ref}"):
        reviewer = next(a for a in candidates if a.id == chosen)
        try:
            reviews.assign_reviewer(actor=actor, ref=opened.ref, reviewer=reviewer.actor)
        except BreachReportError as error:
            context.show_error(error)
            return
        flash(ASSIGNED.format(name=reviewer.display_name))
        if (
            may(opened.user.role, UseCase.SEND_MAIL)
            and context.workspace().reminders.mail_configured()
        ):
            _notify(opened, refused="warning")
        st.rerun()


def _notify(opened: Opened, *, refused: str = "error") -> None:
    """Tell the assigned reviewers by mail; what happened is shown after the rerun. After an
    assignment, which itself went well, a notice that cannot go is a warning, not an error."""
    version = opened.incident.version
    try:
        with st.spinner(t(texts.WORKING)):
            lines = context.workspace().notices.notify_reviewers(
                actor=opened.user.actor, ref=opened.ref, lang=context.lang()
            )
    except BreachReportError as error:
        state(_NOTICES)[opened.ref] = [(refused, context.said(error, context.lang()))]
        return
    state(_NOTICES)[opened.ref] = notice_outcome(lines, version)


def notice_outcome(lines: list[SendLine], version: int) -> list[tuple[str, str]]:
    """What one round of reviewer notices did, as (level, text) lines for the page."""
    if not lines:
        return [("info", t(ALREADY_NOTIFIED, version=version))]
    sent = [literal(line.to) for line in lines if line.outcome == "sent"]
    shown = [("success", t(NOTIFIED, who=", ".join(sent), version=version))] if sent else []
    for line in lines:
        if line.outcome != "sent":
            error = (line.error or "").rstrip(".")
            shown.append(("error", t(NOTIFY_FAILED, who=literal(line.to), error=error)))
    return shown


def _show_notices(opened: Opened) -> None:
    for level, text in state(_NOTICES).pop(opened.ref, []):
        getattr(st, level)(text, icon=":material/mail:")
