"""The supplier's bulletin as a form: what happened, when, which systems, exfiltration, publication,
measures and contact, and the customers' parts in one editable table.

The form is a draft (the bulletin's JSON shape, a dict) kept in the session's page state, so that it
survives a visit to another page and is dropped at sign-out; nothing of it is written to disk.
``show(draft)`` draws the widgets from it and returns what they hold now.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from ...domain.bulletin import BULLETIN_FORMAT, SIGNED_FORMAT, Bulletin
from ...domain.choices import BreachKind, BreachType, Cause, DataCategory, SubjectCategory
from ...domain.problems import RULES
from ...domain.times import from_stockholm, to_stockholm, utc_now
from ...errors import InputError
from ...i18n import _
from ..context import lang, t
from ..incident.bulletin_source import EXFILTRATION_CHOICES
from ..texts import CHOOSE

PREFIX = "br_bul."
EARLIEST = datetime(2000, 1, 1)

SUPPLIER = _("Your organisation and contact")
NAME = _("Organisation name")
ORG_NUMBER = _("Organisation number")
CONTACT_NAME = _("Contact person")
CONTACT_EMAIL = _("Contact email")
CONTACT_PHONE = _("Contact phone")
BULLETIN_ID = _("Your reference for the incident")
BULLETIN_ID_HELP = _("The same in every version of the bulletin, so customers see them as one.")
CHANGES = _("What changed since the previous bulletin?")
WHAT = _("What happened")
SUMMARY = _("What happened, in a few sentences")
WHEN = _("When")
OCCURRED_FROM = _("The incident began")
OCCURRED_TO = _("The incident ended (if known)")
DISCOVERED = _("Discovered")
AWARE = _("You became aware that personal data were affected")
ONGOING = _("The incident is still going on")
ENDED = _("Ended")
BREACH_TYPE = _("Type of breach")
CAUSE = _("Cause")
KINDS = _("What was lost")
SYSTEMS = _("Systems affected (one a line)")
SERVICES = _("Services affected (one a line)")
EXFILTRATION = _("Were data copied out?")
PUBLISHED = _("Published by the attackers (leave empty if not)")
MEASURES = _("Measures taken and planned")
RESTORATION = _("Restoration")
AFTER = _("Measures and restoration")
RESTORED = _("Services restored")
POLICE = _("Police report reference (if reported)")
CUSTOMERS = _("Customers")
CUSTOMERS_HELP = _(
    "One row per customer. Each customer receives only its own row: no customer sees another's "
    "name or numbers."
)
COL_ORG = _("Org. number")
COL_NAME = _("Customer")
COL_SYSTEMS = _("Their systems (comma separated)")
COL_DATA = _("Kinds of data")
COL_SUBJECTS = _("Data subjects")
COL_COUNT = _("Number of people")
COL_EXACT = _("Exact number")
COL_PROTECTED = _("Of whom protected identities")
COL_NOTES = _("Notes for this customer")
NOT_A_BULLETIN = _("This file is not a bulletin or a signed bulletin from breachreport.")
CHECK = _("The bulletin cannot be signed yet. Check: {fields}")
ROW = _("row {row}")

TEXTS = {
    "supplier.name": NAME,
    "supplier.org_number": ORG_NUMBER,
    "supplier.contact_name": CONTACT_NAME,
    "supplier.contact_email": CONTACT_EMAIL,
    "supplier.contact_phone": CONTACT_PHONE,
    "bulletin_id": BULLETIN_ID,
    "incident.police_report": POLICE,
}
AREAS = {
    "changes": CHANGES,
    "incident.summary": SUMMARY,
    "incident.measures": MEASURES,
    "incident.restoration": RESTORATION,
}
LINES = {"incident.systems": SYSTEMS, "incident.services": SERVICES}
TIMES = {
    "incident.occurred_from": OCCURRED_FROM,
    "incident.occurred_to": OCCURRED_TO,
    "incident.discovered_at": DISCOVERED,
    "incident.aware_at": AWARE,
    "incident.ended_at": ENDED,
    "incident.published_at": PUBLISHED,
    "incident.restored_at": RESTORED,
}
CHOICES: dict[str, tuple[Any, Any]] = {
    "incident.breach_type": (BREACH_TYPE, BreachType),
    "incident.cause": (CAUSE, Cause),
}
LABELS = {
    **TEXTS,
    **AREAS,
    **LINES,
    **TIMES,
    **{path: label for path, (label, _kind) in CHOICES.items()},
    "incident.kinds": KINDS,
    "incident.exfiltration": EXFILTRATION,
    "incident.ongoing": ONGOING,
    "customers": CUSTOMERS,
}
COLUMNS = (
    "org_number",
    "name",
    "systems",
    "data_categories",
    "subject_categories",
    "count",
    "exact",
    "protected_identities",
    "notes",
)


# -- the draft: the bulletin's JSON shape --------------------------------------------------------


def empty(profile: Any = None) -> dict:
    """A new bulletin 1, the supplier's name and number from the organisation profile."""
    return {
        "format": BULLETIN_FORMAT,
        "supplier": {
            "name": getattr(profile, "name", None) or "",
            "org_number": getattr(profile, "org_number", None) or "",
        },
        "bulletin_id": "",
        "version": 1,
        "changes": None,
        "incident": {"ongoing": True, "exfiltration": "unknown", "kinds": []},
        "customers": [],
    }


def from_file(data: bytes) -> tuple[dict, bool]:
    """A draft from a file, and whether it is the next version: a signed bulletin is the previous
    version (its customers' parts joined again, the version one up, "what changed" asked anew); an
    unsigned one (``bulletin new``, ``bulletin example``) is a draft to check and sign as it is."""
    try:
        found = json.loads(data)
        if found.get("format") == SIGNED_FORMAT:
            parts = [Bulletin.model_validate(part["bulletin"]) for part in found["parts"]]
            joined = parts[0].model_dump(mode="json")
            joined["customers"] = [c for p in parts for c in p.model_dump(mode="json")["customers"]]
            joined["version"] = max(p.version for p in parts) + 1
            joined["changes"] = None
            return joined, True
        return Bulletin.model_validate(found).model_dump(mode="json"), False
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise InputError(NOT_A_BULLETIN) from None


def bulletin(draft: dict) -> Bulletin:
    """The draft as a bulletin issued now; InputError naming the fields to check."""
    from pydantic import ValidationError  # noqa: PLC0415 - only when signing

    try:
        return Bulletin.model_validate({**draft, "issued_at": utc_now().isoformat()})
    except ValidationError as error:
        names = [t(CHANGES)] if draft.get("version", 1) > 1 and not draft.get("changes") else []
        for problem in error.errors():
            where = [str(part) for part in problem.get("loc", ())]
            path = ".".join(where[:2]) if where[:1] != ["customers"] else "customers"
            label = LABELS.get(path)
            if label is not None:
                name = t(label)
            elif problem.get("type") == "bulletin_changes_missing":
                continue  # named above, by the field to fill in
            else:  # a rule between answers (the model's own check), in the page's language
                rule = RULES.get(str(problem.get("type")))
                name = rule(lang()) if rule else str(problem.get("msg", ""))
            if where[:1] == ["customers"] and len(where) > 1:
                name = f"{name} ({t(ROW, row=int(where[1]) + 1)})"
            if name and name not in names:
                names.append(name)
        raise InputError(CHECK.format(fields="; ".join(names))) from None


# -- the widgets ---------------------------------------------------------------------------------


def _get(draft: dict, path: str) -> Any:
    value: Any = draft
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _put(draft: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target = draft
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def _local(value: str | None) -> datetime | None:
    if not value:
        return None
    return to_stockholm(datetime.fromisoformat(value)).replace(tzinfo=None)


def _utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return from_stockholm(value.replace(second=0, microsecond=0)).isoformat()


def seed(draft: dict, generation: int) -> None:
    """Put the draft into the widgets' keys (only where a widget has none yet)."""
    values: dict[str, Any] = {}
    for path in (*TEXTS, *AREAS):
        values[path] = _get(draft, path) or ""
    for path in LINES:
        values[path] = "\n".join(_get(draft, path) or [])
    for path in TIMES:
        values[path] = _local(_get(draft, path))
    for path in CHOICES:
        values[path] = _get(draft, path)
    values["incident.kinds"] = list(_get(draft, "incident.kinds") or [])
    values["incident.exfiltration"] = _get(draft, "incident.exfiltration") or "unknown"
    values["incident.ongoing"] = bool(_get(draft, "incident.ongoing"))
    for path, value in values.items():
        st.session_state.setdefault(key(path, generation), value)


def key(path: str, generation: int) -> str:
    """A widget's key: per draft (a file opened starts the widgets afresh) and per language
    (Streamlit keeps a choice by its label; after a switch the widgets start again from the draft,
    which holds every answer as last seen)."""
    return f"{PREFIX}{generation}.{lang()}.{path}"


def show(draft: dict, generation: int, table: list[dict]) -> dict:
    """Draw the form from ``draft`` and return the draft as the widgets hold it now; ``table`` is
    the customers' table as it was when its editor was first drawn (the editor keeps the edits)."""
    seed(draft, generation)
    new = json.loads(json.dumps(draft))  # a copy; what the widgets say replaces its fields
    k = lambda path: key(path, generation)  # noqa: E731
    code = lang()
    if new["version"] > 1:
        new["changes"] = st.text_area(t(CHANGES), key=k("changes")).strip() or None
    st.subheader(t(SUPPLIER))
    left, right = st.columns(2)
    for column, path in (
        (left, "supplier.name"),
        (right, "supplier.org_number"),
        (left, "supplier.contact_name"),
        (right, "supplier.contact_email"),
        (left, "supplier.contact_phone"),
        (right, "bulletin_id"),
    ):
        helped = t(BULLETIN_ID_HELP) if path == "bulletin_id" else None
        typed = column.text_input(t(TEXTS[path]), help=helped, key=k(path)).strip()
        _put(new, path, typed or (None if path.startswith("supplier.contact") else ""))

    st.subheader(t(WHAT))
    _put(new, "incident.summary", st.text_area(t(SUMMARY), key=k("incident.summary")).strip())
    left, right = st.columns(2)
    for path, (label, kind) in CHOICES.items():
        options = [choice.value for choice in kind]
        chosen = left.selectbox(
            t(label),
            options,
            index=None,
            format_func=lambda value, kind=kind: kind(value).label(code),
            placeholder=t(CHOOSE),
            key=k(path),
        )
        _put(new, path, chosen)
    _put(
        new,
        "incident.kinds",
        right.multiselect(
            t(KINDS),
            [choice.value for choice in BreachKind],
            format_func=lambda value: BreachKind(value).label(code),
            placeholder=t(CHOOSE),
            key=k("incident.kinds"),
        ),
    )
    _put(
        new,
        "incident.exfiltration",
        right.selectbox(
            t(EXFILTRATION),
            list(EXFILTRATION_CHOICES),
            format_func={v: t(text) for v, text in EXFILTRATION_CHOICES.items()}.__getitem__,
            key=k("incident.exfiltration"),
        ),
    )
    left, right = st.columns(2)
    for column, path in zip((left, right), LINES, strict=True):
        lines = column.text_area(t(LINES[path]), key=k(path)).splitlines()
        _put(new, path, [line.strip() for line in lines if line.strip()])

    st.subheader(t(WHEN))
    columns = st.columns(2)
    for number, (path, label) in enumerate(TIMES.items()):
        picked = columns[number % 2].datetime_input(
            t(label),
            value=None,
            min_value=EARLIEST,
            max_value=datetime(utc_now().year + 2, 12, 31, 23, 59),
            format="YYYY-MM-DD",
            key=k(path),
        )
        _put(new, path, _utc(picked))
    _put(new, "incident.ongoing", st.checkbox(t(ONGOING), key=k("incident.ongoing")))

    st.subheader(t(AFTER))
    for path in ("incident.measures", "incident.restoration"):
        _put(new, path, st.text_area(t(AREAS[path]), key=k(path)).strip() or None)
    _put(
        new,
        "incident.police_report",
        st.text_input(t(POLICE), key=k("incident.police_report")).strip() or None,
    )

    st.subheader(t(CUSTOMERS))
    st.caption(t(CUSTOMERS_HELP))
    new["customers"] = customers(table, generation)
    return new


def _frame(parts: list[dict]) -> pd.DataFrame:
    rows = []
    for part in parts:
        count = part.get("subjects_count") or {}
        rows.append(
            {
                "org_number": part.get("org_number") or "",
                "name": part.get("name") or "",
                "systems": ", ".join(part.get("systems") or []),
                "data_categories": list(part.get("data_categories") or []),
                "subject_categories": list(part.get("subject_categories") or []),
                "count": count.get("value"),
                "exact": count.get("precision") == "exact",
                "protected_identities": part.get("protected_identities"),
                "notes": part.get("notes") or "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype({"count": "Int64", "protected_identities": "Int64", "exact": "bool"})


def _number(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def parts_from(rows: list[dict]) -> list[dict]:
    """The table's rows as customer parts (rows without an org number or a name are left out)."""
    parts = []
    for row in rows:
        org, name = (row.get("org_number") or "").strip(), (row.get("name") or "").strip()
        if not (org or name):
            continue
        count = _number(row.get("count"))
        exact = bool(row.get("exact")) and not pd.isna(row.get("exact"))
        systems = [s.strip() for s in str(row.get("systems") or "").split(",") if s.strip()]
        parts.append(
            {
                "org_number": org,
                "name": name,
                "systems": systems,
                "data_categories": list(row.get("data_categories") or []),
                "subject_categories": list(row.get("subject_categories") or []),
                "subjects_count": (
                    {"value": count, "precision": "exact" if exact else "approximate"}
                    if count is not None
                    else None
                ),
                "protected_identities": _number(row.get("protected_identities")),
                "notes": (row.get("notes") or "").strip() or None,
            }
        )
    return parts


def customers(parts: list[dict], generation: int) -> list[dict]:
    code = lang()
    config = st.column_config
    edited = st.data_editor(
        _frame(parts),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=key("customers", generation),
        column_config={
            "org_number": config.TextColumn(t(COL_ORG), required=True),
            "name": config.TextColumn(t(COL_NAME), required=True),
            "systems": config.TextColumn(t(COL_SYSTEMS)),
            "data_categories": config.MultiselectColumn(
                t(COL_DATA),
                options=[choice.value for choice in DataCategory],
                format_func=lambda value: DataCategory(value).label(code),
            ),
            "subject_categories": config.MultiselectColumn(
                t(COL_SUBJECTS),
                options=[choice.value for choice in SubjectCategory],
                format_func=lambda value: SubjectCategory(value).label(code),
            ),
            "count": config.NumberColumn(t(COL_COUNT), min_value=1, step=1),
            "exact": config.CheckboxColumn(t(COL_EXACT), default=False),
            "protected_identities": config.NumberColumn(t(COL_PROTECTED), min_value=0, step=1),
            "notes": config.TextColumn(t(COL_NOTES)),
        },
    )
    return parts_from(edited.to_dict("records"))
