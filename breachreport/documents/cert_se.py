"""The reports to CERT-SE under the cybersäkerhetslag (2025:1506): early warning, incident
notification, progress report and final report, from the same facts as the IMY notification.

Each report shows only what CERT-SE asks in it: the entity, what happened and when, the services,
systems and suppliers hit, and then the assessment, the state of an ongoing incident or the final
account with management's approval. Nothing about the individual people whose data were hit (the
kinds of data, the people, their number) is ever shown: that goes to IMY. A question not answered
yet reads "not yet known, to follow". One view model per report feeds Markdown, HTML, Word and
PDF; the renderer never reads the clock.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from ..domain import rule_table
from ..domain.facts import Facts
from ..domain.labels import NO, YES
from ..domain.recipients import CERT_SE, recipient
from ..domain.times import format_local, format_span
from ..domain.translations import CERT_SE_TRANSLATABLE, english_path, english_text
from ..errors import InputError
from . import values
from .cert_se_parts import (
    CHANGES_LATER,
    CHANNEL,
    FILED,
    FILED_AS,
    FINAL_IMPACT,
    INCIDENT_REF,
    LABELS,
    NO_CASE_NUMBER,
    NO_CHANGES,
    NOT_FILED,
    OWN_LABELS,
    PARTS,
    QUESTIONS,
    RECIPIENT,
    REPORT_TYPE,
    SECTION_TITLES,
    SUPPLIER_COLUMNS,
    SUPPLIER_ORIGIN,
)
from .environment import render_template
from .notification import FilingInfo, NotificationContext, every_copy
from .pdf import render_pdf
from .word import render_docx

log = logging.getLogger(__name__)

LANGS = ("sv", "en")
TEXT_FORMATS = ("md", "html")
FORMATS = ("md", "html", "docx", "pdf")
PREFIX = "cert-se-"
CERT_SE_DOCUMENTS = (
    "cert-se-early-warning",
    "cert-se-incident-notification",
    "cert-se-progress-report",
    "cert-se-final-report",
)


def report_kind(document: str) -> str:
    """ "cert-se-final-report" -> "final-report"; any other name is refused."""
    if document not in CERT_SE_DOCUMENTS:
        raise InputError(
            f"Unknown report to CERT-SE '{document}'; choose one of: {', '.join(CERT_SE_DOCUMENTS)}."
        )
    return document.removeprefix(PREFIX)


def _label(path: str, lang: str, kind: str) -> str:
    if kind == "final-report" and path == "cyber.severity_impact":
        return FINAL_IMPACT(lang)
    return (OWN_LABELS.get(path) or LABELS[path])(lang)


def _applies(facts: Facts, path: str) -> bool:
    """Whether a question follows from the others' answers (no outage hours once no
    sector-critical system is hit; no end while the incident goes on; one way to reach the
    contact is enough)."""
    return {
        "cyber.outage_hours": facts.cyber.critical_systems_hit is not False,
        "times.ended_at": facts.times.ongoing is not True,
        "contact.contact_phone": facts.contact.contact_email is None,
        "contact.contact_email": facts.contact.contact_phone is None,
    }.get(path, True)


def _suppliers(facts: Facts, lang: str) -> dict[str, Any]:
    """The suppliers involved as a table; their systems are the organisation's own words, so in
    English the table is marked when it holds any."""
    items = facts.description.processors or []
    rows = [[p.name, p.role.label(lang), p.system or values.NONE_GIVEN] for p in items]
    return {
        "kind": "table",
        "columns": [column(lang) for column in SUPPLIER_COLUMNS],
        "rows": rows,
        "untranslated": lang == "en" and any(p.system for p in items),
    }


def _answer(facts: Facts, path: str, lang: str) -> dict[str, Any]:
    value = facts.value(path)
    if path == "description.processors":
        return _suppliers(facts, lang)
    if lang == "en" and path in CERT_SE_TRANSLATABLE and english_path(path):
        english = english_text(facts, path)
        return (
            values.text(english) if english is not None else values.text(value, untranslated=True)
        )
    return values.answer(path, value, lang)


def _supplier_origin(facts: Facts, lang: str) -> dict[str, Any] | None:
    """Whether it started at a supplier: the DPO's answer, else what the suppliers named say."""
    own = facts.cyber.supplier_origin
    if own is not None:
        return values.text((YES if own else NO)(lang))
    names = [p.name for p in facts.description.processors or []]
    if names:
        return values.text(SUPPLIER_ORIGIN(lang).format(names=", ".join(names)))
    return None


def _value(facts: Facts, path: str, lang: str, shown: bool) -> dict[str, Any] | None:
    """One answer as shown, "not yet known, to follow", or None when it is left out."""
    section, name = path.split(".", 1)
    if path == "cyber.supplier_origin":
        found = _supplier_origin(facts, lang)
        if found is not None:
            return found
    elif facts.section(section).is_answered(name):
        return _answer(facts, path, lang)
    if facts.section(section).is_unknown(name) or (shown and _applies(facts, path)):
        return values.to_follow(lang)
    return None


def _question(path: str | None, label: str, value: dict[str, Any]) -> dict[str, Any]:
    """One question as the templates take it: every value says whether it is untranslated."""
    return {"path": path, "label": label, "value": {"untranslated": False, **value}}


def _part(facts: Facts, part: str, lang: str, kind: str) -> list[dict[str, Any]]:
    shown = []
    for path, required in QUESTIONS[part]:
        value = _value(facts, path, lang, required)
        if value is not None:
            shown.append(_question(path, _label(path, lang, kind), value))
    return shown


def _report_part(
    context: NotificationContext, filing: FilingInfo | None, lang: str, kind: str
) -> list[dict[str, Any]]:
    """What the report is and where it goes: type, recipient, channel, reference, filing."""
    cert = recipient(CERT_SE)
    kind_label = cert.kind(kind).label(lang)
    rows = [
        (REPORT_TYPE, values.text(kind_label)),
        (RECIPIENT, values.text(cert.name(lang))),
        (CHANNEL, values.text(cert.channel(lang))),
        (INCIDENT_REF, values.text(context.incident_ref)),
    ]
    if filing is None:
        rows.append((FILED, {"kind": "removed", "text": NOT_FILED(lang)}))
    else:
        at = format_local(filing.filed_at, lang)
        rows.append((FILED, values.text(FILED_AS(lang).format(seq=filing.seq, at=at))))
        number = filing.case_number
        rows.append(
            (
                cert.case_number_name,
                values.text(number)
                if number
                else {"kind": "unknown", "text": NO_CASE_NUMBER(lang)},
            )
        )
    return [_question(None, label(lang), value) for label, value in rows]


def _changed_paths(changes: dict[str, list]) -> list[str]:
    """The questions shown to CERT-SE whose answer changed (an English text counts for its
    source), in the reports' order."""
    changed: set[str] = set()
    for path, (old, new) in changes.items():
        section, name = path.split(".", 1)
        if name == "not_yet_known":
            changed |= {f"{section}.{n}" for n in set(old or []) ^ set(new or [])}
        elif section == "english":
            changed.add(next((s for s in CERT_SE_TRANSLATABLE if english_path(s) == path), path))
        else:
            changed.add(path)
    order = [path for part in QUESTIONS.values() for path, _ in part]
    return [path for path in dict.fromkeys(order) if path in changed]


def _changes_part(
    facts: Facts, filing: FilingInfo | None, lang: str, kind: str
) -> tuple[list[dict[str, Any]], str | None] | None:
    """What changed since the last report to CERT-SE (``FilingInfo.changes``): the questions
    with their answers now, or a note. None leaves the part out (a first report)."""
    if filing is None or filing.changes is None:
        return ([], CHANGES_LATER(lang)) if kind == "progress-report" else None
    shown = []
    for path in _changed_paths(filing.changes):
        value = _value(facts, path, lang, True) or values.removed(lang)
        shown.append(_question(path, _label(path, lang, kind), value))
    return shown, None if shown else NO_CHANGES(lang)


def _deadline(
    facts: Facts, kind: str, filing: FilingInfo | None, at: datetime, lang: str
) -> dict[str, Any]:
    """When the report is due, for a report counted from awareness under the rules in force then
    (the dated rule table: early warning, incident notification), and whether it is late when
    filed (a draft: if filed now); the reasons given for lateness when filing."""
    aware = facts.times.aware_at
    rule = rule_table.active().rules_at(aware, now=at).report(CERT_SE, kind)
    counted = rule is not None and rule.counted_from == "awareness" and rule.deadline.fixed
    view: dict[str, Any] = {
        "period": rule.deadline_text(lang) if rule is not None and counted else None,
        "state": "unknown" if counted else "none",
        "aware_at": format_local(aware, lang) if aware else None,
        "due": None,
        "late_by": None,
        "judged_at": format_local(at, lang),
        "reasons": filing.delay_reasons if filing else None,
    }
    due = rule.deadline.due(aware) if counted and rule is not None and aware else None
    if due is None:
        return view
    view["due"] = format_local(due, lang, weekday=True)
    if at <= due:
        view["state"] = "on_time"
    else:
        view["state"] = "late"
        view["late_by"] = format_span(at - due, lang)
    return view


def _filing_view(filing: FilingInfo | None, lang: str) -> dict[str, Any] | None:
    if filing is None:
        return None
    return {
        "seq": filing.seq,
        "filed_at": format_local(filing.filed_at, lang),
        "case_number": filing.case_number,
    }


def cert_se_view(
    document: str, *, facts: Facts, lang: str, context: NotificationContext
) -> dict[str, Any]:
    """Everything a report to CERT-SE shows, as plain dicts and strings in ``lang``.

    ``context.filing`` counts only when it is a filing to CERT-SE (``render --filing N``);
    otherwise the report is a draft.
    """
    kind = report_kind(document)
    filing = context.filing
    if filing is not None and filing.recipient != CERT_SE:
        filing = None
    cert = recipient(CERT_SE)
    sections = []
    for part in PARTS[kind]:
        note = None
        if part == "report":
            shown = _report_part(context, filing, lang, kind)
        elif part == "changes":
            found = _changes_part(facts, filing, lang, kind)
            if found is None:
                continue
            shown, note = found
        else:
            shown = _part(facts, part, lang, kind)
        letter = chr(ord("A") + len(sections))
        title = SECTION_TITLES[part](lang)
        sections.append({"letter": letter, "title": title, "questions": shown, "note": note})
    missing = [
        q["label"]
        for s in sections
        if s["letter"] != "A"
        for q in s["questions"]
        if q["value"]["kind"] == "unknown"
    ]
    at = filing.filed_at if filing else context.generated_at
    return {
        "lang": lang,
        "document": document,
        "kind": kind,
        "kind_label": cert.kind(kind).label(lang),
        "draft": filing is None,
        "filing": _filing_view(filing, lang),
        "recipient": {
            "name": cert.name(lang),
            "short": cert.short(lang),
            "channel": cert.channel(lang),
            "confidentiality": cert.confidentiality(lang),
            "case_number_name": cert.case_number_name(lang),
        },
        "controller": facts.controller.name,
        "deadline": _deadline(facts, kind, filing, at, lang),
        "sections": sections,
        "missing": list(dict.fromkeys(missing)),
        "footer": context.footer(lang),
    }


def _check(document: str, lang: str, fmt: str) -> None:
    report_kind(document)
    if lang not in LANGS:
        raise InputError(f"Unknown language '{lang}'; choose sv or en.")
    if fmt not in FORMATS:
        raise InputError(
            f"Unknown format '{fmt}' for the {document}; choose one of: {', '.join(FORMATS)}."
        )


def render_cert_se(
    document: str, *, facts: Facts, lang: str, fmt: str, context: NotificationContext
) -> bytes:
    """The report ``document`` (e.g. "cert-se-early-warning") of ``facts`` in ``lang`` as
    Markdown, HTML (UTF-8), Word or PDF (laid out from the HTML)."""
    _check(document, lang, fmt)
    view = cert_se_view(document, facts=facts, lang=lang, context=context)
    name = f"{document}.{lang}"
    if fmt == "docx":
        return render_docx(f"{name}.docx", view, at=context.generated_at)
    text = render_template(f"{name}.{'md' if fmt == 'md' else 'html'}.j2", view)
    return render_pdf(text) if fmt == "pdf" else text.encode("utf-8")


def render_cert_se_files(
    document: str, *, facts: Facts, context: NotificationContext
) -> dict[str, bytes]:
    """Every language and format of one report, named ``cert-se-early-warning.sv.pdf`` and so on:
    what a filing to CERT-SE keeps. Each PDF is laid out from the HTML kept beside it; where
    WeasyPrint cannot run the filing keeps the rest, and the PDF is made from that HTML later."""
    report_kind(document)
    return every_copy(
        document,
        lambda lang: cert_se_view(document, facts=facts, lang=lang, context=context),
        at=context.generated_at,
    )
