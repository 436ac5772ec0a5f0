"""The organisation profile form, shared by the first run and the organisation page: the standing
answers to IMY's sections B and C, each with why IMY asks, the answers that turn on the regimes
beyond IMY (sector, NIS2 entity, health care), and the problems in the user's language.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ...domain.choices import Nis2Entity, Sector
from ...domain.facts import Facts
from ...domain.fields import question_meta
from ...domain.labels import NO, YES, Text
from ...domain.problems import Problem
from ...domain.recipients import CERT_SE, IVO, recipient
from ...errors import FactsInvalid
from ...i18n import _
from ...services.accounts import ORGANISATION_PATHS, OrganisationProfile
from .. import context
from ..context import t
from ..incident.widgets import by_language

INTRO = _(
    "These answers fill in sections B and C (the controller and the contact details) of every new "
    "incident, so that nobody has to type them when time is short. Each incident can change them."
)
FIX = _("Please correct these answers:")
NOT_GIVEN = _("Not given")
CONTROLLER = _("The organisation")
REGIMES = _("Which rules apply to the organisation")
REGIMES_WHY = _(
    "These answers decide who else an incident is reported to, besides IMY: an essential or "
    "important entity reports significant incidents to {cert_se}, and a care provider reports "
    "serious care injuries to {ivo} (lex Maria). The sector decides which thresholds make an "
    "incident significant."
)
CONTACT = _("Contact point and data protection officer")

# Profile fields in form order, each with how it is answered.
_CONTROLLER_FIELDS = ("name", "org_number", "postal_address")
_REGIME_FIELDS = ("sector", "nis2_entity", "health_care")
_CONTACT_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_email",
    "dpo_name",
    "dpo_phone",
    "dpo_email",
)
_CHOICES = {"sector": list(Sector), "nis2_entity": list(Nis2Entity)}
_YES_NO = {"health_care"}
_MULTILINE = {"postal_address"}


def question(name: str) -> tuple[Text, Text]:
    """The label and the reason IMY asks, taken from the facts question this field prefills."""
    section, field = ORGANISATION_PATHS[name].split(".", 1)
    label, why, _unknown = question_meta(Facts.section_class(section).model_fields[field])
    return label, why


def label_of(path: str) -> Text:
    """The label of a profile field named by its facts path (as in FactsInvalid problems)."""
    for name, facts_path in ORGANISATION_PATHS.items():
        if path in (facts_path, name):
            return question(name)[0]
    return Text(path, path)


def organisation_form(
    profile: OrganisationProfile,
    *,
    key: str,
    submit: Text,
    required: Sequence[str] = (),
    disabled: bool = False,
) -> OrganisationProfile | None:
    """Show the form; on a valid submit return the new profile, else None (problems are shown)."""
    lang = context.lang()
    st.caption(t(INTRO))
    answers: dict[str, object] = {}
    groups = (
        (CONTROLLER, _CONTROLLER_FIELDS),
        (REGIMES, _REGIME_FIELDS),
        (CONTACT, _CONTACT_FIELDS),
    )
    with st.form(key, border=True):
        for heading, names in groups:
            st.markdown(f"**{t(heading)}**")
            if heading is REGIMES:
                st.caption(_regimes_why(lang))
            for name in names:
                answers[name] = _field(name, profile, key=f"{key}_{name}", disabled=disabled)
        sent = st.form_submit_button(t(submit), type="primary", disabled=disabled)
    if not sent:
        return None
    missing = [
        Problem(ORGANISATION_PATHS[name], "missing", "Uppgiften saknas.", "This is required.")
        for name in required
        if not str(answers.get(name) or "").strip()
    ]
    try:
        parsed = OrganisationProfile.parse(answers)
    except FactsInvalid as error:
        show_problems([*missing, *error.problems], lang)
        return None
    if missing:
        show_problems(missing, lang)
        return None
    return parsed


def _regimes_why(lang: str) -> str:
    cert_se, ivo = recipient(CERT_SE), recipient(IVO)
    assert cert_se is not None and ivo is not None
    return REGIMES_WHY.format(cert_se=cert_se.short, ivo=ivo.short)(lang)


def _field(name: str, profile: OrganisationProfile, *, key: str, disabled: bool) -> object:
    label, why = question(name)
    current = getattr(profile, name)
    lang = context.lang()  # bound now: format_func is also called outside this run
    if name in _YES_NO:
        answers = {"yes": YES(lang), "no": NO(lang)}
        chosen = st.selectbox(
            t(label),
            options=list(answers),
            index=None if current is None else (0 if current else 1),
            format_func=answers.__getitem__,
            placeholder=t(NOT_GIVEN),
            help=t(why),
            key=by_language(key),
            disabled=disabled,
        )
        return None if chosen is None else chosen == "yes"
    if name in _CHOICES:
        choices = _CHOICES[name]
        options = [choice.value for choice in choices]
        return st.selectbox(
            t(label),
            options=options,
            index=options.index(current.value) if current is not None else None,
            format_func=lambda value: choices[options.index(value)].label(lang),
            placeholder=t(NOT_GIVEN),
            help=t(why),
            key=by_language(key),  # options are labelled in the user's language
            disabled=disabled,
        )
    widget = st.text_area if name in _MULTILINE else st.text_input
    return widget(t(label), value=current or "", help=t(why), key=key, disabled=disabled)


def show_problems(problems: Sequence[Problem], lang: str) -> None:
    lines = "\n".join(f"- **{label_of(p.path)(lang)}**: {p.text(lang)}" for p in problems)
    st.error(f"{t(FIX)}\n\n{lines}")
