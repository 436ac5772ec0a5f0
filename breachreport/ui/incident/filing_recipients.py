"""Who a filing goes to: the recipients whose chains apply to the incident first, as the rules in
force at awareness say (IMY; CERT-SE for an essential or important entity, "if the incident is
significant" while that is not known; IVO for a care provider; the police when a crime is
suspected), the others on request; the report types each takes,
the next one in its chain first; and each filing's recipient and document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from ...domain.choices import Cause
from ...domain.facts import Facts
from ...domain.labels import Text
from ...domain.recipients import (
    IMY,
    POLICE,
    Recipient,
    ReportType,
    recipient,
    recipients,
)
from ...domain.rule_table import chains_for
from ...i18n import Message, _
from ...services import Filing
from ..context import lang, t

IMY_DOCUMENT = "imy-notification"

RECIPIENT = _("Recipient")
SHOW_OTHERS = _("Show the recipients that do not seem to apply")
APPLIES = _("Applies to this incident.")
APPLIES_IF = _("Applies {condition}.")
NOT_APPLYING = _("Does not seem to apply. {reason}")
NO_RULE = _("No rule in force at the time of awareness covers it.")
NO_CRIME = _("No crime is recorded as suspected.")
KIND_OF = _("Kind of report to {recipient}")
BY_REFERENCE = _(
    "{kind}: made in {recipient}'s own service ({channel}); here you record that it was made, "
    "when, and its reference number. {confidentiality}"
)


@dataclass(frozen=True)
class Applying:
    """A recipient, whether it applies (None: only under ``note``'s condition), and why."""

    recipient: Recipient
    applies: bool | None
    note: Text | Message


def _crime_suspected(facts: Facts) -> bool:
    """A crime report is for a suspected crime: said in the cyber section, or a malicious cause."""
    cause = facts.description.cause
    return bool(facts.cyber.suspected_crime) or cause in (
        Cause.MALICIOUS_EXTERNAL,
        Cause.MALICIOUS_INTERNAL,
    )


def applying(facts: Facts) -> list[Applying]:
    """Every recipient with whether its chain applies to the incident under the rules in force at
    awareness (``rule_table.chains_for``), those that do first (IMY first); the police only when a
    crime is suspected."""
    chains = {chain.recipient: chain for chain in chains_for(facts)}
    found = []
    for key, to in recipients().items():
        chain = chains.get(key)
        if chain is None:
            found.append(Applying(to, False, NO_RULE))
        elif key == POLICE and chain.applies and not _crime_suspected(facts):
            found.append(Applying(to, False, NO_CRIME))
        elif chain.applies is None:
            found.append(Applying(to, None, chain.condition or APPLIES))
        elif chain.applies is False:
            found.append(Applying(to, False, chain.reason or NO_RULE))
        else:
            found.append(Applying(to, True, APPLIES))
    return sorted(found, key=lambda a: a.applies is False)


def _caption(item: Applying) -> str:
    if item.applies is False:
        return t(NOT_APPLYING, reason=t(item.note))
    if item.applies is None:
        return t(APPLIES_IF, condition=t(item.note))
    return t(APPLIES)


def choose_recipient(ref: str, facts: Facts) -> Recipient:
    """The recipient the DPO files to: those that apply listed, the rest behind a switch below
    them; IMY until another is chosen."""
    items = applying(facts)
    shown = [i for i in items if i.applies is not False]
    others = [i for i in items if i.applies is False]
    every = f"br_f_to_all.{ref}"
    if others and st.session_state.get(every):
        shown += others
    by_key = {i.recipient.key: i for i in shown}
    if st.session_state.get(f"br_f_to.{ref}") not in by_key:  # one hidden again: back to IMY
        st.session_state[f"br_f_to.{ref}"] = IMY
    # A plain mapping, not a function of the session: AppTest calls it outside the script run.
    names = {key: item.recipient.name(lang()) for key, item in by_key.items()}
    chosen = st.radio(
        t(RECIPIENT),
        list(by_key),
        format_func=names.__getitem__,
        captions=[_caption(i) for i in shown],
        horizontal=False,
        key=f"br_f_to.{ref}",
    )
    if others:
        st.toggle(t(SHOW_OTHERS), key=every)
    return by_key[chosen or IMY].recipient


# -- report types --------------------------------------------------------------------------------


def recipient_of(filing: Filing) -> str:
    """The recipient a filing went to (every filing made before there were others went to IMY)."""
    return getattr(filing, "recipient", None) or IMY


def kind_value(filing: Filing) -> str:
    return filing.kind.value


def document_of(filing: Filing) -> str | None:
    """The document a frozen filing is kept as; None for a report kept by reference only."""
    to = recipient(recipient_of(filing))
    if to is None or to.key == IMY:
        return IMY_DOCUMENT
    kind = to.kind(kind_value(filing))
    return None if kind is None else kind.document


def next_kinds(to: Recipient, filings: Sequence[Filing]) -> list[ReportType]:
    """The report types of ``to``, the first one not yet made to it first: its chain in order
    (the rules say what may not be filed, and why, before the DPO confirms)."""
    made = {kind_value(f) for f in filings if recipient_of(f) == to.key}
    kinds = list(to.kinds)
    pending = [k for k in kinds if k.value not in made]
    start = kinds.index(pending[0]) if pending else 0
    return kinds[start:] + kinds[:start]


def by_reference(to: Recipient, kind: ReportType) -> None:
    st.info(
        t(
            BY_REFERENCE,
            kind=kind.label(lang()),
            recipient=to.short(lang()),
            channel=to.channel(lang()),
            confidentiality=to.confidentiality(lang()),
        ),
        icon=":material/link:",
    )


def choose_kind(ref: str, to: Recipient, filings: list[Filing]) -> ReportType:
    """Another recipient's report type: its chain in order, the next one not yet made first."""
    kinds = next_kinds(to, filings)
    by_value = {k.value: k for k in kinds}
    names = {value: kind.label(lang()) for value, kind in by_value.items()}
    chosen = st.radio(
        t(KIND_OF, recipient=to.short(lang())),
        list(names),
        format_func=names.__getitem__,
        horizontal=True,
        key=f"br_f_kind.{ref}.{to.key}",
    )
    return by_value[chosen or kinds[0].value]
