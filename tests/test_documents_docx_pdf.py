"""The IMY notification as Word and PDF files, read back as a lawyer would read them.

Every file is opened again (python-docx, pypdf) and its text checked: the same facts in Swedish and
English, user text that stays literal, supplements with only what changed, the footer, filed copies
that never change, and override templates that cannot leave Jinja's sandbox. Every clock is fixed.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from datetime import datetime
from pathlib import Path

import docx
import pytest
from documents_support import CHAIN_HEAD, DRAFT_AT, HOSTILE, IMY_HEADINGS, LABEL, REF
from documents_support import document_context as _context
from documents_support import pdf_pages as _pdf_pages
from documents_support import stockholm as _at
from documents_support import word_body as _word_body
from documents_support import word_document as _word

from breachreport.cli import main
from breachreport.demo.loading import load_demo
from breachreport.demo.scenario import CASE_NUMBER, COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.documents import FilingInfo, NotificationContext
from breachreport.documents.environment import DEFAULT_TEMPLATES
from breachreport.documents.notification import (
    render_notification,
    render_notification_bytes,
    render_notification_files,
)
from breachreport.domain.changes import apply, diff
from breachreport.domain.choices import FilingKind
from breachreport.domain.facts import Facts, stored_facts
from breachreport.domain.times import format_local
from breachreport.domain.translations import UNTRANSLATED_MARKER
from breachreport.errors import InputError, NotFound, SettingsError
from breachreport.services import Workspace
from breachreport.services import filing as services
from breachreport.storage import open_store

LANGS = ("sv", "en")
FILES = ("docx", "pdf")
VERSIONS = {"preliminary": 6, "complete": 11, "draft": 4}

# What changed between the scenario's preliminary and complete notifications, in IMY's order.
CHANGED_IN_COMPLETE = [
    "times.ongoing",
    "times.ended_at",
    "description.summary",
    "description.investigation",
    "data.subjects_count",
    "data.records_count",
    "consequences.severity",
    "measures.taken",
    "measures.planned",
    "communication.status",
    "communication.informed_at",
    "communication.channels",
    "other.other_info",
]


def _scenario(name: str) -> tuple[Facts, NotificationContext]:
    preliminary = scenario_facts(PRELIMINARY_AT)
    if name == "preliminary":
        filing = FilingInfo(kind=FilingKind.PRELIMINARY, seq=1, filed_at=PRELIMINARY_AT)
        return preliminary, _context(PRELIMINARY_AT, filing, VERSIONS[name])
    if name == "complete":
        complete = scenario_facts(COMPLETE_AT)
        filing = FilingInfo(
            kind=FilingKind.SUPPLEMENT,
            seq=2,
            filed_at=COMPLETE_AT,
            case_number=CASE_NUMBER,
            changes=diff(preliminary, complete),
            final=True,
        )
        return complete, _context(COMPLETE_AT, filing, VERSIONS[name])
    return scenario_facts(DRAFT_AT), _context(DRAFT_AT, None, VERSIONS[name])


def _file(name: str, lang: str, fmt: str) -> bytes:
    facts, context = _scenario(name)
    return render_notification_bytes(facts=facts, lang=lang, fmt=fmt, context=context)


# -- reading the files back ------------------------------------------------------------------------


def _text(data: bytes, fmt: str) -> str:
    """The document's words, every run of white space (line breaks, too) as one space."""
    if fmt == "docx":
        document = _word(data)
        raw = "\n".join(_word_body(document))
    else:
        raw = "\n".join(_pdf_pages(data))
    return re.sub(r"\s+", " ", raw.replace("\u00a0", " "))


def _without_page_furniture(text: str, lang: str, at: datetime, version: int) -> str:
    """The text less what each page repeats (reference, footer, page numbers), which a longer
    translation may print once more."""
    for repeated in (REF, CHAIN_HEAD[:16], format_local(at, lang)):
        text = text.replace(repeated, "")
    text = re.sub(rf"(faktaversion|facts version) {version}\b", "", text)
    return re.sub(r"\b\d+ / \d+\b", "", text)


both_languages = pytest.mark.parametrize("lang", LANGS)
both_files = pytest.mark.parametrize("fmt", FILES)


# -- the same facts in both languages --------------------------------------------------------------


@pytest.mark.parametrize("name", ["preliminary", "complete", "draft"])
@both_files
def test_both_languages_carry_the_same_facts(name, fmt):
    facts, context = _scenario(name)
    sv, en = (_text(_file(name, lang, fmt), fmt) for lang in LANGS)
    sv_body, en_body = (
        _without_page_furniture(text, lang, context.generated_at, VERSIONS[name])
        for text, lang in ((sv, "sv"), (en, "en"))
    )

    def numbers(text: str) -> list[str]:
        return re.findall(r"\d+", re.sub(r"(?<=\d)[, ](?=\d{3}\b)", "", text))

    assert numbers(sv_body) == numbers(en_body)
    # Times are shown in Stockholm time, the same instants in both languages.
    stockholm = r"\d\d:\d\d \(CES?T\)"
    assert re.findall(stockholm, sv_body) == re.findall(stockholm, en_body)
    assert "20 januari 2024 kl. 14:00 (CET)" in sv
    assert "20 January 2024, 14:00 (CET)" in en
    if name == "complete":
        assert CASE_NUMBER in sv and CASE_NUMBER in en
        assert "4 899" in sv and "4,899" in en
    else:
        assert "232199-0000" in sv and "232199-0000" in en


@both_languages
@both_files
def test_imys_sections_come_in_imys_order(lang, fmt):
    data = _file("preliminary", lang, fmt)
    if fmt == "docx":
        headings = [
            p.text
            for p in _word(data).paragraphs
            if p.style.name == "Heading 1" and re.match(r"[A-J]\. ", p.text)
        ]
        assert headings == IMY_HEADINGS[lang]
    else:
        text = _text(data, fmt)
        places = [text.find(heading) for heading in IMY_HEADINGS[lang]]
        assert -1 not in places and places == sorted(places)


@both_languages
def test_the_word_document_is_in_the_language_it_was_asked_for(lang):
    document = _word(_file("preliminary", lang, "docx"))
    title = document.paragraphs[1]
    assert title.style.name == "Title"
    assert title.text == (
        "Anmälan av personuppgiftsincident till IMY"
        if lang == "sv"
        else "Personal data breach notification to IMY"
    )
    assert document.core_properties.language == ("sv-SE" if lang == "sv" else "en-GB")
    other = IMY_HEADINGS["en" if lang == "sv" else "sv"]
    assert not set(other[1:]) & {p.text for p in document.paragraphs}


@both_languages
def test_a_table_answer_becomes_a_word_table_with_times_in_stockholm(lang):
    document = _word(_file("preliminary", lang, "docx"))
    processors = next(t for t in document.tables if "Samplan Systems AB" in t.rows[1].cells[0].text)
    head = [cell.text for cell in processors.rows[0].cells]
    assert head == (
        ["Namn", "Roll", "System", "Underrättade oss"]
        if lang == "sv"
        else ["Name", "Role", "System", "Told us"]
    )
    rows = [[cell.text for cell in row.cells] for row in processors.rows[1:]]
    assert [row[0] for row in rows] == [
        "Samplan Systems AB",
        "Nordförråd AB",
        "Driftcenter Norden AB",
    ]
    told = "20 januari 2024 kl. 08:30 (CET)" if lang == "sv" else "20 January 2024, 08:30 (CET)"
    assert rows[0][3] == told
    assert rows[2][3] == "–"


@both_languages
@both_files
def test_a_not_yet_known_answer_shows_as_to_follow(lang, fmt):
    data = _file("preliminary", lang, fmt)
    label, unknown = (
        LABEL["times.ended_at"](lang),
        "ännu inte känt, kompletteras" if lang == "sv" else "not yet known, to follow",
    )
    if fmt == "docx":
        paragraphs = _word(data).paragraphs
        at = next(i for i, p in enumerate(paragraphs) if p.text == label)
        assert paragraphs[at + 1].text == unknown
        assert paragraphs[at + 1].style.name == "Answer Marker"
    else:
        assert f"{label} {unknown}" in _text(data, fmt)


@both_languages
@both_files
def test_multi_line_answers_keep_their_line_breaks(lang, fmt):
    data = _file("preliminary", lang, fmt)
    if fmt == "docx":
        assert "Region Nordmark\nBox 700\n901 89 Nordstad" in [
            p.text for p in _word(data).paragraphs
        ]
    else:
        assert "Region Nordmark\nBox 700\n901 89 Nordstad" in "\n".join(_pdf_pages(data))


# -- the 72 hours, the caution, the draft ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "delay", "reasons"),
    [
        ("sv", "Anmälan görs 26 tim för sent.", "Skäl till förseningen"),
        ("en", "This notification is late by 26 h.", "Reasons for the delay"),
    ],
)
@both_files
def test_a_late_filing_shows_the_delay_and_the_reasons(lang, delay, reasons, fmt):
    filed = _at("2024-03-05T12:00")
    facts = apply(
        Facts(),
        {
            "times.aware_at": "2024-03-01T10:00",
            "times.delay_reasons": "Leverantören svarade först i dag.",
        },
        now=filed,
    )
    info = FilingInfo(kind=FilingKind.PRELIMINARY, seq=1, filed_at=filed)
    data = render_notification_bytes(facts=facts, lang=lang, fmt=fmt, context=_context(filed, info))
    text = _text(data, fmt)
    assert delay in text
    # The reasons have no English text: the English copy marks the Swedish as untranslated.
    marker = "" if lang == "sv" else f"{UNTRANSLATED_MARKER} "
    assert f"{reasons} {marker}Leverantören svarade först i dag." in text
    deadline = "4 mars 2024 kl. 10:00 (CET)" if lang == "sv" else "4 March 2024, 10:00 (CET)"
    assert deadline in text


@both_languages
@both_files
def test_an_on_time_filing_says_so(lang, fmt):
    text = _text(_file("preliminary", lang, fmt), fmt)
    assert (
        "Anmälan görs inom 72 timmar."
        if lang == "sv"
        else "This notification is filed within 72 hours."
    ) in text
    assert ("för sent" if lang == "sv" else "late by") not in text


@both_languages
@both_files
def test_every_document_warns_that_it_becomes_a_public_document(lang, fmt):
    for name in ("preliminary", "complete", "draft"):
        text = _text(_file(name, lang, fmt), fmt)
        if lang == "sv":
            assert "Allmän handling. Allt som skickas till IMY blir en allmän handling" in text
            assert "vilka uppgifter ni anser omfattas av sekretess och varför" in text
        else:
            assert "Public document. Everything sent to IMY becomes a public document" in text
            assert "which details you consider secret, and why" in text


@both_languages
@both_files
def test_a_draft_says_it_is_not_sent_and_lists_the_open_questions(lang, fmt):
    text = _text(_file("draft", lang, fmt), fmt)
    assert ("UTKAST – INTE SKICKAT TILL IMY" if lang == "sv" else "DRAFT – NOT SENT TO IMY") in text
    heading = "Öppna frågor" if lang == "sv" else "Open questions"
    body, _, open_part = text.partition(heading)
    to_follow = "ännu inte känt, kompletteras" if lang == "sv" else "not yet known, to follow"
    for path in ("notification.cross_border", "description.investigation"):
        assert f"{LABEL[path](lang)} {to_follow}" in body
        assert LABEL[path](lang) in open_part
    for path in ("contact.imy_address", "other.secrecy_claim"):
        assert LABEL[path](lang) not in text
    filed = _text(_file("preliminary", lang, fmt), fmt)
    assert "UTKAST" not in filed and "DRAFT" not in filed and heading not in filed


# -- supplements -----------------------------------------------------------------------------------


@both_languages
def test_a_word_supplement_holds_exactly_the_changed_questions_and_the_case_number(lang):
    document = _word(_file("complete", lang, "docx"))
    labels = [p.text for p in document.paragraphs if p.style.name == "Question"]
    section_a = 3  # new or supplement, IMY's case number, preliminary or complete
    assert labels[section_a:] == [LABEL[path](lang) for path in CHANGED_IN_COMPLETE]
    header = " ".join(p.text for p in document.paragraphs[:5])
    assert CASE_NUMBER in header
    assert labels[1] == (
        "IMY:s diarienummer för den tidigare anmälan"
        if lang == "sv"
        else "IMY's case number for the earlier notification"
    )
    removed = "Borttaget" if lang == "sv" else "Removed"
    assert [p.text for p in document.paragraphs if p.style.name == "Answer Marker"] == [removed]


@both_languages
def test_a_pdf_supplement_holds_exactly_the_changed_questions_and_the_case_number(lang):
    pages = _pdf_pages(_file("complete", lang, "pdf"))
    text = re.sub(r"\s+", " ", " ".join(pages))
    places = [text.find(LABEL[path](lang)) for path in CHANGED_IN_COMPLETE]
    assert -1 not in places and places == sorted(places)
    for path in ("controller.name", "description.processors", "data.data_categories"):
        assert LABEL[path](lang) not in text
    for heading in IMY_HEADINGS[lang][1:3]:  # B and C did not change
        assert heading not in text
    assert CASE_NUMBER in pages[0].split("A. ")[0]
    supplement = "Komplettering eller ändring" if lang == "sv" else "Supplement or change"
    assert supplement in text


# -- user text stays text --------------------------------------------------------------------------


def _hostile_facts() -> Facts:
    now = _at("2024-03-04T12:00")
    typed = apply(
        Facts(),
        {
            "controller.name": HOSTILE,
            "contact.contact_name": HOSTILE,
            "times.aware_at": "2024-03-01T10:00",
            "description.summary": HOSTILE + "\n# heading\n- item\n> quote",
            "measures.taken": HOSTILE,
            "measures.planned": "{_{ x }_} {_% y %_} {#r c #} bell",
            "other.secrecy_claim": HOSTILE,
        },
        now=now,
    )
    # A bell and a form feed are refused as they are typed now, but an incident stored before
    # that rule may hold them, and its documents must still print clean.
    stored = typed.model_dump(mode="json")
    stored["measures"]["planned"] = "{_{ x }_} {_% y %_} {#r c #} \x07bell\x0c"
    return stored_facts(stored)


@both_languages
@both_files
def test_hostile_text_survives_unchanged_and_never_runs(lang, fmt):
    data = render_notification_bytes(
        facts=_hostile_facts(), lang=lang, fmt=fmt, context=_context(_at("2024-03-04T12:00"))
    )
    text = _text(data, fmt)
    assert text.count(HOSTILE) == 6  # the controller heads the document too
    assert "49" not in text
    assert "{_{ x }_} {_% y %_} {#r c #} bell" in text
    assert "\x07" not in text and "\x0c" not in text


def test_hostile_text_stays_text_inside_the_word_xml():
    data = render_notification_bytes(
        facts=_hostile_facts(), lang="en", fmt="docx", context=_context(_at("2024-03-04T12:00"))
    )
    document = _word(data)
    summary = next(p for p in document.paragraphs if p.text.startswith("<script>"))
    assert summary.runs and all(not run.bold for run in summary.runs)
    assert "<script>" not in document.element.xml.replace("&lt;script&gt;", "")


# -- the footer ------------------------------------------------------------------------------------


@both_languages
@pytest.mark.parametrize("name", ["preliminary", "complete", "draft"])
def test_every_pdf_page_carries_the_footer(lang, name):
    facts, context = _scenario(name)
    pages = _pdf_pages(_file(name, lang, "pdf"))
    assert len(pages) >= 2
    version = (
        f"faktaversion {VERSIONS[name]}" if lang == "sv" else f"facts version {VERSIONS[name]}"
    )
    for number, page in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", page)
        assert f"{'Ärende' if lang == 'sv' else 'Incident'} {REF} · {version}" in flat
        assert format_local(context.generated_at, lang) in flat
        assert CHAIN_HEAD[:16] in flat and CHAIN_HEAD[16:] not in flat
        assert f"{number} / {len(pages)}" in flat


@both_languages
@pytest.mark.parametrize("name", ["preliminary", "complete", "draft"])
def test_the_word_document_carries_the_footer_on_its_pages_and_at_its_end(lang, name):
    facts, context = _scenario(name)
    document = _word(_file(name, lang, "docx"))
    version = (
        f"faktaversion {VERSIONS[name]}" if lang == "sv" else f"facts version {VERSIONS[name]}"
    )
    generated = format_local(context.generated_at, lang)
    page_footer = document.sections[0].footer.paragraphs[0].text
    closing = document.paragraphs[-2].text
    for footer in (page_footer, closing):
        assert footer.startswith(f"{'Ärende' if lang == 'sv' else 'Incident'} {REF} · {version}")
        assert generated in footer
        assert footer.endswith(CHAIN_HEAD[:16])
    assert REF in document.sections[0].header.paragraphs[0].text
    assert "PAGE" in document.sections[0].footer._element.xml


# -- reproducible files ----------------------------------------------------------------------------


@both_files
def test_the_same_facts_and_moment_give_the_same_bytes(fmt):
    assert _file("complete", "sv", fmt) == _file("complete", "sv", fmt)


def test_the_word_file_is_dated_by_its_context_not_the_clock():
    document = _word(_file("complete", "en", "docx"))
    assert document.core_properties.created == COMPLETE_AT
    assert document.core_properties.modified == COMPLETE_AT


def test_the_committed_word_templates_are_what_the_script_makes():
    # The generator is a script, not a module of the package: load it by its path.
    path = Path(__file__).resolve().parents[1] / "scripts" / "make_docx_templates.py"
    spec = importlib.util.spec_from_file_location("make_docx_templates", path)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    for lang in LANGS:
        committed = (DEFAULT_TEMPLATES / f"imy-notification.{lang}.docx").read_bytes()
        assert generator.build(lang) == committed, "run scripts/make_docx_templates.py again"


# -- the organisation's own templates, in the sandbox ----------------------------------------------

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ controller.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__ }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ cycler.__init__.__globals__.os }}",
    "{% set x = sections.append(1) %}",
]


@pytest.fixture
def own_templates(tmp_path, monkeypatch) -> Path:
    """An organisation's templates folder, named in BREACHREPORT_TEMPLATES."""
    folder = tmp_path / "own-templates"
    folder.mkdir()
    monkeypatch.setenv("BREACHREPORT_TEMPLATES", str(folder))
    return folder


def _word_template(path: Path, *lines: str) -> None:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_an_override_template_cannot_reach_python_internals(own_templates, escape, fmt):
    (own_templates / "imy-notification.sv.html.j2").write_text(f"<p>{escape}</p>\n")
    facts, context = _scenario("draft")
    with pytest.raises(InputError) as raised:
        render_notification_bytes(facts=facts, lang="sv", fmt=fmt, context=context)
    message = str(raised.value)
    assert "imy-notification.sv.html.j2" in message and str(own_templates) in message
    assert "sandbox" in message
    assert "\n" not in message


@pytest.mark.parametrize("escape", ESCAPES)
def test_an_override_word_template_cannot_reach_python_internals(own_templates, escape):
    _word_template(own_templates / "imy-notification.sv.docx", "Egen mall", escape)
    facts, context = _scenario("draft")
    with pytest.raises(InputError) as raised:
        render_notification_bytes(facts=facts, lang="sv", fmt="docx", context=context)
    assert "imy-notification.sv.docx" in str(raised.value) and "sandbox" in str(raised.value)


@pytest.mark.parametrize(
    ("template", "why"),
    [
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{% if %}", "line 1"),
        ("{{ no_such_value }}", "'no_such_value' is undefined"),
    ],
)
def test_a_broken_override_template_is_one_clear_error(own_templates, template, why):
    (own_templates / "imy-notification.en.md.j2").write_text(template)
    facts, context = _scenario("draft")
    with pytest.raises(InputError, match=re.escape(why)):
        render_notification(facts=facts, lang="en", fmt="md", context=context)


def test_an_override_that_is_not_a_word_file_is_a_clear_error(own_templates):
    (own_templates / "imy-notification.en.docx").write_bytes(b"not a zip")
    facts, context = _scenario("draft")
    with pytest.raises(InputError, match="is not a Word document"):
        render_notification_bytes(facts=facts, lang="en", fmt="docx", context=context)


def test_an_override_can_replace_one_template_and_keep_the_rest(own_templates):
    (own_templates / "imy-notification.sv.html.j2").write_text(
        '{% extends "_notification_base.html.j2" %}'
        "{% block title %}Region Nordmarks anmälan{% endblock %}"
    )
    _word_template(
        own_templates / "imy-notification.sv.docx", "Region Nordmarks mall", "{{ controller }}"
    )
    facts, context = _scenario("draft")
    pdf = _text(
        render_notification_bytes(facts=facts, lang="sv", fmt="pdf", context=context), "pdf"
    )
    assert "Region Nordmarks anmälan" in pdf
    assert "A. Typ av anmälan" in pdf  # the built-in base still lays out the sections
    word = _word_body(
        _word(render_notification_bytes(facts=facts, lang="sv", fmt="docx", context=context))
    )
    assert word == ["Region Nordmarks mall", "Region Nordmark"]
    english = _text(
        render_notification_bytes(facts=facts, lang="en", fmt="docx", context=context), "docx"
    )
    assert "Personal data breach notification to IMY" in english


def test_an_override_page_cannot_read_local_files_into_the_pdf(own_templates, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body::before { content: 'LOCAL-FILE-READ'; }")
    (own_templates / "imy-notification.en.html.j2").write_text(
        f'<html><head><link rel="stylesheet" href="{secret.as_uri()}"></head>'
        f'<body><p>Own page</p><img src="{secret.as_uri()}"></body></html>'
    )
    facts, context = _scenario("draft")
    text = _text(
        render_notification_bytes(facts=facts, lang="en", fmt="pdf", context=context), "pdf"
    )
    assert "Own page" in text
    assert "LOCAL-FILE-READ" not in text


# -- filed copies, the workspace and the command line ----------------------------------------------


@pytest.fixture
def demo(sqlite_url, ring):
    """The scenario played into a fresh workspace: two filings, the second with IMY's number."""
    store = open_store(sqlite_url, ring)
    try:
        workspace = Workspace(store, clock=lambda: COMPLETE_AT)
        incident = load_demo(workspace)
        yield workspace, incident.reference
    finally:
        store.dispose()


def test_a_filing_keeps_word_and_pdf_copies_in_both_languages(demo):
    workspace, ref = demo
    filings = workspace.filings(ref)
    assert [f.kind for f in filings] == [FilingKind.PRELIMINARY, FilingKind.SUPPLEMENT]
    assert filings[-1].final
    for filing in filings:
        assert sorted(filing.documents) == sorted(
            f"imy-notification.{lang}.{fmt}" for lang in LANGS for fmt in ("md", "html", *FILES)
        )
    complete = workspace.render(ref=ref, lang="sv", fmt="docx", filing_seq=2)
    labels = [p.text for p in _word(complete).paragraphs if p.style.name == "Question"]
    assert LABEL["controller.name"]("sv") not in labels
    assert CASE_NUMBER in _text(
        workspace.render(ref=ref, lang="en", fmt="pdf", filing_seq=2), "pdf"
    )


def test_filed_copies_stay_frozen_when_the_templates_change(demo, own_templates):
    workspace, ref = demo
    # The organisation's folder is empty: every template is still the built-in one.
    filed = {
        (lang, fmt): workspace.render(ref=ref, lang=lang, fmt=fmt, filing_seq=1)
        for lang in LANGS
        for fmt in FILES
    }
    for lang in LANGS:
        (own_templates / f"imy-notification.{lang}.html.j2").write_text(
            '{% extends "_notification_base.html.j2" %}{% block title %}EGEN MALL{% endblock %}'
        )
        _word_template(own_templates / f"imy-notification.{lang}.docx", "EGEN MALL")
    for (lang, fmt), data in filed.items():
        assert workspace.render(ref=ref, lang=lang, fmt=fmt, filing_seq=1) == data
        assert "EGEN MALL" not in _text(data, fmt)
        assert "EGEN MALL" in _text(workspace.render(ref=ref, lang=lang, fmt=fmt), fmt)


def test_a_filing_made_before_word_copies_were_kept_still_gives_its_pdf(
    sqlite_url, ring, monkeypatch
):
    real = services.filing_documents

    def text_only(recipient, kind, **kwargs):
        kept = real(recipient, kind, **kwargs)
        return {n: d for n, d in kept.items() if n.endswith((".md", ".html"))}

    monkeypatch.setattr(services, "filing_documents", text_only)
    store = open_store(sqlite_url, ring)
    try:
        workspace = Workspace(store, clock=lambda: PRELIMINARY_AT)
        ref = load_demo(workspace, until=PRELIMINARY_AT).reference
        html = workspace.render(ref=ref, lang="en", fmt="html", filing_seq=1).decode()
        pdf = _text(workspace.render(ref=ref, lang="en", fmt="pdf", filing_seq=1), "pdf")
        assert "Preliminary notification no. 1" in html and "Preliminary notification no. 1" in pdf
        with pytest.raises(NotFound, match="download its HTML or PDF"):
            workspace.render(ref=ref, lang="en", fmt="docx", filing_seq=1)
    finally:
        store.dispose()


def test_the_files_a_filing_keeps_match_the_single_renderings():
    facts, context = _scenario("complete")
    files = render_notification_files(facts=facts, context=context)
    for lang in LANGS:
        for fmt in ("md", "html", *FILES):
            single = render_notification_bytes(facts=facts, lang=lang, fmt=fmt, context=context)
            assert files[f"imy-notification.{lang}.{fmt}"] == single


@both_files
def test_the_command_line_writes_word_and_pdf_files(home, capsys, tmp_path, fmt):
    assert main(["demo"]) == 0
    output = tmp_path / f"notification.{fmt}"
    code = main(
        ["render", REF, "--filing", "2", "--lang", "sv", "--format", fmt, "--out", str(output)]
    )
    assert code == 0
    text = _text(output.read_bytes(), fmt)
    assert CASE_NUMBER in text and "Komplettering eller ändring av tidigare anmälan" in text


def test_the_command_line_will_not_print_a_pdf_on_a_terminal(home, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["render", REF, "--format", "pdf"]) != 0
    _, err = capsys.readouterr()
    assert "--output" in err and "Traceback" not in err


def test_the_command_line_reports_an_unsafe_override_in_one_line(home, capsys, own_templates):
    assert main(["demo"]) == 0
    capsys.readouterr()
    (own_templates / "imy-notification.sv.html.j2").write_text("{{ ''.__class__.__mro__ }}")
    assert main(["render", REF, "--format", "html"]) != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "sandbox" in err and "Traceback" not in err


def test_a_templates_folder_that_does_not_exist_is_refused(own_templates):
    shutil.rmtree(own_templates)
    facts, context = _scenario("draft")
    with pytest.raises(SettingsError, match="BREACHREPORT_TEMPLATES names .* not a folder"):
        render_notification(facts=facts, lang="en", fmt="md", context=context)
