"""The four reports to CERT-SE (cybersäkerhetslagen), read back as the DPO and CERT-SE would read them.

The scenario is moved 104 weeks, to Sat 17 Jan 2026 (the law is in force, weekdays unchanged): the
region is an essential entity and two suppliers lose their systems to ransomware at their hosting
provider. Every report is rendered in Swedish and English, as Markdown, HTML, Word and PDF, and
opened again (python-docx, pypdf). Every clock is fixed.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta
from functools import cache

import pytest
from documents_support import HOSTILE, REF, document_context, one_line, stockholm, text_of

from breachreport.demo.scenario import scenario_facts
from breachreport.documents import FilingInfo
from breachreport.documents import notification as notification_module
from breachreport.documents.catalogue import render_draft
from breachreport.documents.cert_se import CERT_SE_DOCUMENTS, render_cert_se
from breachreport.documents.filed import filing_documents
from breachreport.domain.changes import apply
from breachreport.domain.choices import DataCategory, SubjectCategory
from breachreport.domain.facts import Facts, parse_facts, questions
from breachreport.domain.recipients import CERT_SE, POLICE, recipient
from breachreport.domain.translations import UNTRANSLATED_MARKER
from breachreport.errors import InputError, SettingsError

LANGS = ("sv", "en")
FORMATS = ("md", "html", "docx", "pdf")
SHIFT = timedelta(weeks=104)
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?")
TO_FOLLOW = {"sv": "ännu inte känt, kompletteras", "en": "not yet known, to follow"}
# Rendered on Sun 18 Jan 2026, before the early warning's deadline.
AT = stockholm("2026-01-18T10:00")

INDICATORS = "Krypterade filer med ändelsen .akira och ett utpressningsbrev i varje katalog."
SERVICES = (
    "Samordnad utskrivning från sjukhus till kommunal omsorg och beställning av "
    "förbrukningsmaterial till vårdavdelningarna."
)
SERVICES_EN = (
    "Coordinated discharge from hospital to municipal care, and ordering of supplies for the wards."
)
SEVERITY = "Allvarlig: två verksamhetskritiska system var ur drift i flera dygn."
SEVERITY_EN = "Serious: two business-critical systems were out of service for several days."
# What CERT-SE is told on top of the IMY facts; the indicators are left without English.
CYBER = {
    "cyber.significant": True,
    "cyber.critical_systems_hit": True,
    "cyber.outage_hours": 30,
    "cyber.affected_services": SERVICES,
    "english.cyber_affected_services": SERVICES_EN,
    "cyber.suspected_crime": True,
    "cyber.cross_border_effect": False,
    "cyber.indicators": INDICATORS,
    "cyber.severity_impact": SEVERITY,
    "english.cyber_severity_impact": SEVERITY_EN,
}
FINAL = {
    "cyber.users_affected": {"value": 600, "precision": "approximate"},
    "cyber.geography": "Hela regionen",
    "english.cyber_geography": "The whole region",
    "cyber.economic_damage": "Cirka två miljoner kronor i merkostnader.",
    "english.cyber_economic_damage": "About two million kronor in extra costs.",
    "cyber.root_cause": "Utpressningsvirus hos driftleverantören via ett oskyddat konto.",
    "english.cyber_root_cause": "Ransomware at the hosting provider through an unprotected account.",
    "cyber.recurrence": "Säkerhetskopior utanför driftleverantörens miljö och övad återställning.",
    "english.cyber_recurrence": "Backups outside the hosting provider's environment and rehearsed restores.",
}


def moved(facts: Facts) -> Facts:
    """The facts with every time 104 weeks later (the law in force, weekdays unchanged)."""
    text = json.dumps(facts.model_dump(mode="json", exclude_none=True))

    def later(match: re.Match) -> str:
        return (datetime.fromisoformat(match.group(0).replace("Z", "+00:00")) + SHIFT).isoformat()

    return parse_facts(json.loads(_ISO.sub(later, text)), now=AT + timedelta(weeks=8))


@cache
def early() -> Facts:
    """As known on Mon 19 Jan 2026 (the scenario's Mon 22 Jan 2024, before the IMY filing)."""
    facts = moved(scenario_facts(stockholm("2024-01-22T12:00")))
    return apply(facts, CYBER, now=stockholm("2026-01-19T12:00"))


@cache
def final() -> Facts:
    """As known once the incident is over (the scenario's 12 Feb 2024), approval not yet given."""
    facts = moved(scenario_facts(stockholm("2024-02-12T10:30")))
    return apply(facts, {**CYBER, **FINAL}, now=stockholm("2026-02-09T12:00"))


def facts_for(document: str) -> Facts:
    return final() if document == "cert-se-final-report" else early()


def read(document: str, lang: str, fmt: str, facts: Facts | None = None, filing=None) -> str:
    """What a reader sees in the rendered report, white space as single spaces."""
    data = render_cert_se(
        document,
        facts=facts or facts_for(document),
        lang=lang,
        fmt=fmt,
        context=document_context(AT, filing),
    )
    text = text_of(fmt, data)
    if fmt == "html":  # the page as a browser shows it: no tags, no entities
        text = html.unescape(re.sub(r"<[^>]+>", " ", text.split("</head>")[1]))
    return one_line(text)


def cert_filing(kind: str, at: str, **more) -> FilingInfo:
    report = recipient(CERT_SE).kind(kind)
    return FilingInfo(kind=report, seq=3, filed_at=stockholm(at), recipient=CERT_SE, **more)


TITLES = {
    "cert-se-early-warning": ("Tidig varning till CERT-SE", "Early warning to CERT-SE"),
    "cert-se-incident-notification": (
        "Incidentanmälan till CERT-SE",
        "Incident notification to CERT-SE",
    ),
    "cert-se-progress-report": ("Lägesrapport till CERT-SE", "Progress report to CERT-SE"),
    "cert-se-final-report": ("Slutrapport till CERT-SE", "Final report to CERT-SE"),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("document", CERT_SE_DOCUMENTS)
def test_every_report_is_read_back_with_the_entity_the_incident_and_the_confidentiality_note(
    document, lang, fmt
):
    text = read(document, lang, fmt)
    cert = recipient(CERT_SE)
    assert TITLES[document][LANGS.index(lang)] in text
    assert cert.kind(document.removeprefix("cert-se-")).label(lang) in text
    assert one_line(cert.confidentiality(lang)) in text
    assert cert.name(lang) in text and cert.channel(lang) in text
    assert REF in text
    assert "232199-0000" in text and "Region Nordmark" in text
    assert ("Väsentlig verksamhetsutövare" if lang == "sv" else "Essential entity") in text
    # Detected 08:30, aware 14:00 on Sat 17 Jan 2026, in Swedish time.
    assert ("17 januari 2026 kl. 08:30" if lang == "sv" else "17 January 2026, 08:30") in text
    assert ("17 januari 2026 kl. 14:00" if lang == "sv" else "17 January 2026, 14:00") in text
    assert (SERVICES if lang == "sv" else SERVICES_EN) in text
    assert "Driftcenter Norden AB" in text  # the supplier it started at
    assert ("30 timmar" if lang == "sv" else "30 hours") in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("document", CERT_SE_DOCUMENTS)
def test_no_report_to_cert_se_holds_imys_questions_about_the_people(document, fmt):
    for lang in LANGS:
        text = read(document, lang, fmt)
        people = [q.label(lang) for q in questions() if q.section in ("data", "communication")]
        people += [c.label(lang) for c in DataCategory] + [c.label(lang) for c in SubjectCategory]
        shown = [label for label in people if label in text]
        assert shown == [], shown
        assert not re.search(r"4[\s\u00a0,]?9\d\d", text)  # the number of people


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("document", CERT_SE_DOCUMENTS)
def test_the_english_copy_is_english_but_for_marked_untranslated_text(document, fmt):
    facts = facts_for(document)
    text = read(document, "en", fmt, facts)
    assert UNTRANSLATED_MARKER in text
    assert facts.english.description_summary in text
    own = [v for k, v in FINAL.items() if isinstance(v, str) and not k.startswith("english.")]
    for swedish in (facts.description.summary, SERVICES, SEVERITY, *own):
        assert swedish not in text
    # The indicators have no English: shown in Swedish, right after the marker (the early warning
    # does not ask for them).
    if document != "cert-se-early-warning":
        marked = text.index(INDICATORS)
        assert text[:marked].rstrip(" *").endswith(UNTRANSLATED_MARKER)
    # The suppliers' systems are their own words: the table is marked too.
    systems = [p.system for p in facts.description.processors]
    assert UNTRANSLATED_MARKER in text[text.index("Suppliers and systems involved") :][:80]
    rest = text.replace(INDICATORS, "")
    names = ["Karin Holm, dataskyddsombud", "dataskyddsombud@nordmark.example.se"]
    names += [p.name for p in facts.description.processors] + systems + ["Nordförråd"]
    for name in names:
        rest = rest.replace(name, "")
    swedish = re.findall(r"\b(?:och|är|inte|att|som|för|har|ännu|kompletteras)\b|[åäöÅÄÖ]", rest)
    assert swedish == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_final_report_shows_the_missing_management_approval_as_to_follow(lang, fmt):
    text = read("cert-se-final-report", lang, fmt)
    for path in ("cyber.approved_by", "cyber.approved_at"):
        label = next(q.label(lang) for q in questions() if q.path == path)
        assert f"{label} {TO_FOLLOW[lang]}" in text.replace("*", "")
        assert text.count(label) == 2  # asked in its part and listed among what follows
    assert ("Cirka två miljoner kronor" if lang == "sv" else "About two million kronor") in text
    assert ("ca 600" if lang == "sv" else "about 600") in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_an_approved_final_report_names_who_approved_and_when(lang, fmt):
    approved = apply(
        final(),
        {"cyber.approved_by": "Eva Lund", "cyber.approved_at": "2026-02-10T09:00"},
        now=stockholm("2026-02-10T12:00"),
    )
    text = read("cert-se-final-report", lang, fmt, approved)
    assert "Eva Lund" in text
    assert ("10 februari 2026 kl. 09:00" if lang == "sv" else "10 February 2026, 09:00") in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_each_report_asks_only_its_own_questions(lang, fmt):
    label = {q.path: q.label(lang) for q in questions()}
    warning = read("cert-se-early-warning", lang, fmt)
    notification = read("cert-se-incident-notification", lang, fmt)
    assert label["cyber.suspected_crime"] in warning
    assert label["cyber.indicators"] not in warning and INDICATORS not in warning
    assert label["cyber.indicators"] in notification
    assert (SEVERITY if lang == "sv" else SEVERITY_EN) in notification
    assert label["cyber.approved_by"] not in notification


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_an_early_warning_is_due_on_sunday_at_two_and_a_draft_says_it_is_not_sent(lang, fmt):
    text = read("cert-se-early-warning", lang, fmt)
    due = "söndag 18 januari 2026 kl. 14:00" if lang == "sv" else "Sunday 18 January 2026, 14:00"
    assert due in text
    assert ("INTE SKICKAT TILL CERT-SE" if lang == "sv" else "NOT SENT TO CERT-SE") in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_frozen_filing_shows_its_number_time_and_cert_ses_case_number(lang, fmt):
    filing = cert_filing(
        "incident-notification", "2026-01-19T11:00", case_number="CERT-SE-2026-0123"
    )
    text = read("cert-se-incident-notification", lang, fmt, filing=filing)
    assert ("nr 3" if lang == "sv" else "no. 3") in text
    assert ("19 januari 2026 kl. 11:00" if lang == "sv" else "19 January 2026, 11:00") in text
    assert "CERT-SE-2026-0123" in text
    assert ("UTKAST" if lang == "sv" else "DRAFT") not in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_late_early_warning_carries_its_reasons(lang, fmt):
    reasons = "Kännedomen bekräftades först när leverantören svarade."
    late = cert_filing("early-warning", "2026-01-19T09:00", delay_reasons=reasons)
    text = read("cert-se-early-warning", lang, fmt, filing=late)
    assert ("19 tim för sent" if lang == "sv" else "late by 19 h") in text
    assert reasons in text
    silent = read(
        "cert-se-early-warning", lang, fmt, filing=cert_filing("early-warning", "2026-01-19T09:00")
    )
    missing = (
        "Skälen till förseningen är inte angivna"
        if lang == "sv"
        else "reasons for the delay are not given"
    )
    assert missing in silent


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_progress_report_shows_what_changed_since_the_last_report_to_cert_se(lang, fmt):
    changes = {
        "cyber.outage_hours": [24, 30],
        "english.cyber_severity_impact": [None, SEVERITY_EN],
        "data.subjects_count": [None, {"value": 4900, "precision": "approximate"}],
    }
    filing = cert_filing("progress-report", "2026-02-16T10:00", changes=changes)
    text = read("cert-se-progress-report", lang, fmt, filing=filing)
    part = text[text.index("Ändrat sedan" if lang == "sv" else "Changed since") :]
    label = {q.path: q.label(lang) for q in questions()}
    assert label["cyber.outage_hours"] in part and label["cyber.severity_impact"] in part
    assert label["data.subjects_count"] not in text
    nothing = cert_filing(
        "progress-report", "2026-02-16T10:00", changes={"data.records_count": [1, 2]}
    )
    quiet = read("cert-se-progress-report", lang, fmt, filing=nothing)
    assert ("Inga av CERT-SE:s uppgifter" if lang == "sv" else "None of CERT-SE's details") in quiet


@pytest.mark.parametrize("fmt", ("md", "html"))
def test_hostile_text_stays_literal(fmt):
    facts = apply(early(), {"cyber.affected_services": HOSTILE}, now=stockholm("2026-01-19T12:00"))
    data = render_cert_se(
        "cert-se-early-warning", facts=facts, lang="sv", fmt=fmt, context=document_context(AT)
    ).decode()
    assert "<script>" not in data and "49" not in data.split("Vilka tjänster")[1][:400]


def test_the_catalogue_renders_every_report_and_refuses_unknown_ones():
    for document in CERT_SE_DOCUMENTS:
        data = render_draft(
            document, facts=early(), lang="en", fmt="md", context=document_context(AT)
        )
        assert TITLES[document][1] in data.decode()
    with pytest.raises(InputError):
        render_cert_se(
            "cert-se-postcard", facts=early(), lang="sv", fmt="md", context=document_context(AT)
        )
    with pytest.raises(InputError):
        render_cert_se(
            "cert-se-early-warning",
            facts=early(),
            lang="de",
            fmt="md",
            context=document_context(AT),
        )


def test_a_cert_se_filing_freezes_its_own_report_in_every_language_and_format():
    filing = cert_filing("early-warning", "2026-01-17T20:00")
    files = filing_documents(
        CERT_SE, "early-warning", facts=early(), context=document_context(AT, filing)
    )
    assert set(files) == {
        f"cert-se-early-warning.{lang}.{fmt}" for lang in LANGS for fmt in FORMATS
    }
    assert "CERT-SE" in one_line(text_of("pdf", files["cert-se-early-warning.sv.pdf"]))
    assert (
        filing_documents(POLICE, "crime-report", facts=early(), context=document_context(AT)) == {}
    )


def test_a_cert_se_filing_without_pdf_keeps_the_rest_like_imys(monkeypatch):
    def no_pdf(html: str) -> bytes:
        raise SettingsError("no WeasyPrint here")

    # Both kinds of filing freeze their copies through the notification module's every_copy.
    monkeypatch.setattr(notification_module, "render_pdf", no_pdf)
    filing = cert_filing("final-report", "2026-02-16T10:00")
    files = filing_documents(
        CERT_SE, "final-report", facts=final(), context=document_context(AT, filing)
    )
    assert set(files) == {
        f"cert-se-final-report.{lang}.{fmt}" for lang in LANGS for fmt in ("md", "html", "docx")
    }


@pytest.mark.parametrize("lang", LANGS)
def test_the_deadline_comes_from_the_rules_in_force_at_awareness(lang):
    """At the scenario's 2024 dates the cybersäkerhetslag was not in force: no deadline to show."""
    then = apply(
        scenario_facts(stockholm("2024-01-22T12:00")), CYBER, now=stockholm("2024-01-22T12:00")
    )
    context = document_context(stockholm("2024-01-21T10:00"))
    text = render_cert_se("cert-se-early-warning", facts=then, lang=lang, fmt="md", context=context)
    assert ("## Frist" if lang == "sv" else "## Deadline") not in text.decode()
    assert ("24 timmar efter kännedomen" if lang == "sv" else "24 hours after awareness") in read(
        "cert-se-early-warning", lang, "md"
    )


def test_the_cyber_free_texts_have_english_texts_and_are_named_when_missing():
    from breachreport.domain.translations import (
        CYBER_TRANSLATABLE,
        TRANSLATABLE,
        english_path,
        english_text,
        source_path,
        translatable_for,
        untranslated,
    )

    for path in CYBER_TRANSLATABLE:
        assert source_path(english_path(path)) == path
    assert english_text(early(), "cyber.affected_services") == SERVICES_EN
    # The indicators have no English: named for a CERT-SE document, not for IMY's notification.
    assert "cyber.indicators" in untranslated(early(), translatable_for("cert-se-final-report"))
    assert "cyber.indicators" not in untranslated(early(), translatable_for("imy-notification"))
    assert translatable_for("imy-notification") == TRANSLATABLE
