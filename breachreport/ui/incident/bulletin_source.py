"""Where a proposal came from when a supplier's signed bulletin made it: the supplier and the
bulletin's version as its author, what the supplier says changed, and for version 2 and later the
differences from the previous version (old -> new) for this organisation's part.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from ...domain.choices import BreachKind, BreachType, Cause, DataCategory, SubjectCategory
from ...domain.fields import Count
from ...domain.labels import NO, YES
from ...errors import BreachReportError
from ...i18n import _
from .. import context
from ..context import lang, t
from ..table_view import grid
from .page import literal, when

EXFILTRATION_CHOICES = {
    "confirmed": _("Yes, confirmed"),
    "likely": _("Probably"),
    "not_found": _("No sign of it so far"),
    "unknown": _("Not yet known"),
}
FROM_BULLETIN = _("From {supplier}: bulletin {version} ({bulletin_id}), imported {at}")
AUTHOR = _("{supplier}, bulletin {version}")
SUPPLIER_SAYS = _("What changed, as the supplier says")
DIFFERENCES = _("What changed since the previous bulletin")
NO_DIFFERENCES = _("Nothing in your part changed since the previous bulletin.")
ANSWER = _("Answer in the bulletin")
OLD = _("Previous bulletin")
NEW = _("Bulletin {version}")
EMPTY = "–"

_CHOICES: dict[str, Any] = {
    "incident.breach_type": BreachType,
    "incident.cause": Cause,
    "incident.kinds": BreachKind,
    "customer.data_categories": DataCategory,
    "customer.subject_categories": SubjectCategory,
}


def source(proposal_id: str, actor: Any) -> Any:
    """The bulletin import that made this proposal, or None (an invitation's proposal)."""
    try:
        return context.workspace().bulletins.proposal_source(proposal_id, actor=actor)
    except BreachReportError:
        return None


def supplier_name(view: Any) -> str:
    return str(view.supplier)


def author(view: Any) -> str:
    """A bulletin proposal's author as people read it: the supplier and the version."""
    return t(AUTHOR, supplier=supplier_name(view), version=view.version)


def value(path: str, found: Any) -> str:
    """One answer of a bulletin, in the user's language."""
    code = lang()
    if found is None or found == [] or found == "":
        return EMPTY
    if isinstance(found, bool):
        return (YES if found else NO)(code)
    kind = _CHOICES.get(path)
    if isinstance(found, list):
        return ", ".join(value(path, item) for item in found)
    if kind is not None:
        try:
            return kind(found).label(code)
        except ValueError:
            return str(found)
    if path == "incident.exfiltration" and found in EXFILTRATION_CHOICES:
        return t(EXFILTRATION_CHOICES[found])
    if isinstance(found, dict) and "value" in found:
        try:
            return Count.model_validate(found).label(code)
        except ValueError:
            return str(found["value"])
    if isinstance(found, str) and path.endswith(("_at", "_from", "_to")):
        try:
            return when(datetime.fromisoformat(found))
        except ValueError:
            return found
    return str(found)


def show(view: Any) -> None:
    """The heading of a bulletin proposal, and its differences from the previous version."""
    st.markdown(
        "**"
        + t(
            FROM_BULLETIN,
            supplier=literal(supplier_name(view)),
            version=view.version,
            bulletin_id=literal(view.bulletin_id),
            at=when(view.imported_at),
        )
        + "**"
    )
    if view.changes:
        st.markdown(f"{t(SUPPLIER_SAYS)}:\n\n> {literal(view.changes)}")
    if view.version < 2:
        return
    differences = view.differences
    if not differences:
        st.caption(t(NO_DIFFERENCES))
        return
    code = lang()
    rows = [
        {
            t(ANSWER): difference.label(code),
            t(OLD): value(difference.path, difference.old),
            t(NEW, version=view.version): value(difference.path, difference.new),
        }
        for difference in differences
    ]
    st.markdown(f"**{t(DIFFERENCES)}** ({t(OLD)} → {t(NEW, version=view.version)})")
    grid(rows, what=t(DIFFERENCES), hide_index=True, width="stretch")
