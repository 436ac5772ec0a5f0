"""The IMY notification: golden documents of the scenario, IMY's order, supplements, the 72 hours,
and user text that stays literal in Markdown and HTML. Every clock is fixed.

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_notification.py``.
"""

from __future__ import annotations

import html
import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from documents_support import CHAIN_HEAD, DRAFT_AT, HOSTILE, IMY_HEADINGS, LABEL, REF
from documents_support import document_context as _context
from documents_support import stockholm as _at

import breachreport.documents
from breachreport.demo.scenario import CASE_NUMBER, COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.documents import FilingInfo, NotificationContext, render_notification
from breachreport.documents.markdown import escape_markdown
from breachreport.domain.changes import NOT_YET_KNOWN, apply, diff
from breachreport.domain.choices import DataCategory, FilingKind, SubjectCategory
from breachreport.domain.facts import Facts
from breachreport.errors import InputError

GOLDEN = Path(__file__).parent / "golden"
LANGS = ("sv", "en")
FORMATS = ("md", "html")


def _scenario(name: str) -> tuple[Facts, NotificationContext]:
    preliminary = scenario_facts(PRELIMINARY_AT)
    if name == "preliminary":
        filing = FilingInfo(
            kind=FilingKind.PRELIMINARY,
            seq=1,
            filed_at=PRELIMINARY_AT,
            case_number=None,
            changes=None,
        )
        return preliminary, _context(PRELIMINARY_AT, filing, version=6)
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
        return complete, _context(COMPLETE_AT, filing, version=11)
    return scenario_facts(DRAFT_AT), _context(DRAFT_AT, None, version=4)


def _render(name: str, lang: str, fmt: str) -> str:
    facts, context = _scenario(name)
    return render_notification(facts=facts, lang=lang, fmt=fmt, context=context)


def _filed(facts: Facts, at: datetime, **filing: object) -> NotificationContext:
    info = {
        "kind": FilingKind.PRELIMINARY,
        "seq": 1,
        "filed_at": at,
        "case_number": None,
        "changes": None,
    }
    return _context(at, FilingInfo(**{**info, **filing}))


def _plain_markdown(text: str) -> str:
    """What a Markdown reader shows for escaped text: escapes dropped, hard breaks as newlines."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace("  \n", "\n"))


def _shown_labels(document: str) -> list[str]:
    return [html.unescape(label) for label in re.findall(r"<dt>(.*?)</dt>", document)]


both_languages = pytest.mark.parametrize("lang", LANGS)
both_formats = pytest.mark.parametrize("fmt", FORMATS)


def test_the_public_names_are_pinned():
    assert sorted(breachreport.documents.__all__) == [
        "FilingInfo",
        "NotificationContext",
        "render_notification",
    ]


@pytest.mark.parametrize("name", ["preliminary", "complete", "draft"])
@both_languages
@both_formats
def test_the_scenario_notification_matches_its_golden_file(name, lang, fmt):
    document = _render(name, lang, fmt)
    golden = GOLDEN / f"imy-notification.{name}.{lang}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(document, encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert document == golden.read_text(encoding="utf-8")


@both_languages
def test_the_html_carries_imys_section_headings_in_imys_order(lang):
    document = _render("preliminary", lang, "html")
    assert f'<html lang="{lang}">' in document
    headings = re.findall(r"<h2>(.*?)</h2>", document)
    assert [h for h in headings if re.match(r"[A-J]\. ", h)] == IMY_HEADINGS[lang]
    other = "en" if lang == "sv" else "sv"
    assert not any(f"<h2>{h}</h2>" in document for h in IMY_HEADINGS[other][1:])


@both_languages
def test_the_markdown_carries_imys_section_headings_in_imys_order(lang):
    document = _render("preliminary", lang, "md")
    headings = re.findall(r"^## ([A-J]\. .*)$", document, flags=re.M)
    assert headings == IMY_HEADINGS[lang]


@pytest.mark.parametrize("name", ["preliminary", "complete", "draft"])
@both_formats
def test_both_languages_carry_the_same_facts(name, fmt):
    sv, en = (html.unescape(_render(name, lang, fmt)) for lang in LANGS)

    def numbers(text: str) -> list[str]:
        return re.findall(r"\d+", re.sub(r"(?<=\d)[,\u00a0](?=\d{3})", "", text))

    assert numbers(sv) == numbers(en)
    assert re.findall(r"\d\d:\d\d \(CES?T\)", sv) == re.findall(r"\d\d:\d\d \(CES?T\)", en)
    if name == "complete":
        assert CASE_NUMBER in sv and CASE_NUMBER in en
        assert "4\u00a0899" in sv and "4,899" in en


@pytest.mark.parametrize(
    ("lang", "fmt", "expected"),
    [
        ("sv", "md", "**När upphörde incidenten?**\n\n*ännu inte känt, kompletteras*"),
        ("en", "md", "**When did it end?**\n\n*not yet known, to follow*"),
        (
            "sv",
            "html",
            '<dt>När upphörde incidenten?</dt>\n<dd class="unknown">ännu inte känt, kompletteras</dd>',
        ),
        (
            "en",
            "html",
            '<dt>When did it end?</dt>\n<dd class="unknown">not yet known, to follow</dd>',
        ),
    ],
)
def test_a_not_yet_known_answer_shows_as_to_follow(lang, fmt, expected):
    assert expected in _render("preliminary", lang, fmt)


@both_languages
@both_formats
def test_unanswered_questions_are_left_out_of_a_filing(lang, fmt):
    document = _render("preliminary", lang, fmt)
    for path in ("contact.imy_address", "other.secrecy_claim", "communication.informed_at"):
        assert LABEL[path](lang) not in document
    assert ("Öppna frågor" if lang == "sv" else "Open questions") not in document


@both_languages
@both_formats
def test_a_draft_shows_unanswered_questions_as_to_follow_and_lists_them_as_open(lang, fmt):
    document = _render("draft", lang, fmt)
    heading = "Öppna frågor" if lang == "sv" else "Open questions"
    body, _, open_part = document.partition(heading)
    to_follow = "ännu inte känt, kompletteras" if lang == "sv" else "not yet known, to follow"
    for path in ("notification.cross_border", "description.investigation"):
        label = html.escape(LABEL[path](lang)) if fmt == "html" else LABEL[path](lang)
        assert to_follow in body.partition(label)[2][:80]
        assert label in open_part
    # Optional questions with nothing to say are neither promised nor open.
    for path in ("contact.imy_address", "other.secrecy_claim", "other.reports"):
        label = html.escape(LABEL[path](lang)) if fmt == "html" else LABEL[path](lang)
        assert label not in document
    # Answered and not-yet-known questions are not open.
    for path in ("controller.name", "times.ended_at"):
        assert LABEL[path](lang) not in open_part


@both_languages
@both_formats
def test_a_draft_says_clearly_that_it_is_not_sent(lang, fmt):
    marker = "UTKAST – INTE SKICKAT TILL IMY" if lang == "sv" else "DRAFT – NOT SENT TO IMY"
    assert marker in _render("draft", lang, fmt)
    assert marker not in _render("preliminary", lang, fmt)


def _section_f(document: str, fmt: str) -> str:
    heading = "## " if fmt == "md" else "<h2>"
    start = document.index(f"{heading}F. ")
    return document[start : document.index(f"{heading}G. ", start)]


@both_languages
@both_formats
def test_the_groups_and_kinds_of_data_of_format_2_are_listed_in_f_like_any_other(lang, fmt):
    facts, context = _scenario("draft")
    groups = [SubjectCategory.VICTIMS, SubjectCategory.PERSECUTION_RISK]
    kinds = [DataCategory.FOREIGN_ID, DataCategory.FAMILY, DataCategory.VEHICLE]
    facts = apply(
        facts,
        {
            "data.subject_categories": [c.value for c in groups],
            "data.data_categories": [c.value for c in kinds],
        },
        now=DRAFT_AT,
    )
    document = html.unescape(render_notification(facts=facts, lang=lang, fmt=fmt, context=context))
    part = _section_f(document, fmt)
    for choice in [*groups, *kinds]:
        assert choice.label(lang) in part, choice


@both_languages
@both_formats
def test_how_many_the_sensitive_data_concern_follows_the_kinds_of_data(lang, fmt):
    facts, context = _scenario("draft")
    assert DataCategory.HEALTH in facts.data.data_categories
    counted = apply(
        facts,
        {
            "data.subjects_count": {"value": 4900, "precision": "approximate"},
            "data.sensitive_subjects_count": {"value": 1200, "precision": "exact"},
        },
        now=DRAFT_AT,
    )
    document = html.unescape(
        render_notification(facts=counted, lang=lang, fmt=fmt, context=context)
    )
    part = _section_f(document, fmt)
    kinds = part.index(LABEL["data.data_categories"](lang))
    count = part.index(LABEL["data.sensitive_subjects_count"](lang))
    assert kinds < count
    assert ("1\u00a0200" if lang == "sv" else "1,200") in part[count:]
    # Not answered with special categories named: IMY is told it will follow.
    draft = html.unescape(render_notification(facts=facts, lang=lang, fmt=fmt, context=context))
    to_follow = "ännu inte känt, kompletteras" if lang == "sv" else "not yet known, to follow"
    after = _section_f(draft, fmt).partition(LABEL["data.sensitive_subjects_count"](lang))[2]
    assert to_follow in after[:80]
    # No special category or criminal data: the question does not arise.
    plain = apply(facts, {"data.data_categories": ["identity", "contact"]}, now=DRAFT_AT)
    document = render_notification(facts=plain, lang=lang, fmt=fmt, context=context)
    assert LABEL["data.sensitive_subjects_count"](lang) not in html.unescape(document)


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


@both_languages
def test_a_supplement_shows_exactly_the_changed_imy_questions(lang):
    document = _render("complete", lang, "html")
    section_a = 3  # new or supplement, IMY's case number, preliminary or complete
    assert _shown_labels(document)[section_a:] == [LABEL[p](lang) for p in CHANGED_IN_COMPLETE]
    removed = "Borttaget" if lang == "sv" else "Removed"
    assert f'<dd class="removed">{removed}</dd>' in document


@both_languages
@both_formats
def test_a_supplement_quotes_the_case_number_at_the_top(lang, fmt):
    document = _render("complete", lang, fmt)
    top = document[: document.index("A. ")]
    assert CASE_NUMBER in top
    supplement = "Komplettering eller ändring" if lang == "sv" else "Supplement or change"
    assert supplement in document


@both_languages
def test_a_supplement_leaves_out_unchanged_and_internal_questions(lang):
    facts, context = _scenario("complete")
    assert "circumstances.exfiltration" in context.filing.changes
    document = render_notification(facts=facts, lang=lang, fmt="md", context=context)
    for path in ("controller.name", "description.processors", "data.data_categories"):
        assert LABEL[path](lang) not in document
    for path in ("circumstances.exfiltration", "circumstances.backup"):
        assert LABEL[path](lang) not in document
    for letter in "BC":
        assert f"## {letter}. " not in document


@both_languages
def test_a_supplement_shows_an_answer_that_became_not_yet_known(lang):
    now = _at("2024-03-10T12:00")
    before = apply(Facts(), {"times.aware_at": "2024-03-01T10:00", "times.ongoing": True}, now=now)
    after = apply(before, {"times.ongoing": NOT_YET_KNOWN}, now=now)
    context = _filed(
        after,
        now,
        kind=FilingKind.SUPPLEMENT,
        seq=2,
        case_number="IMY-2024-1234",
        changes=diff(before, after),
    )
    document = render_notification(facts=after, lang=lang, fmt="html", context=context)
    unknown = "ännu inte känt, kompletteras" if lang == "sv" else "not yet known, to follow"
    assert _shown_labels(document)[3:] == [LABEL["times.ongoing"](lang)]
    assert f'<dd class="unknown">{unknown}</dd>' in document


@pytest.mark.parametrize(
    ("lang", "delay", "reasons"),
    [
        ("sv", "Anmälan görs 26 tim för sent.", "Skäl till förseningen"),
        ("en", "This notification is late by 26 h.", "Reasons for the delay"),
    ],
)
@both_formats
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
    document = render_notification(facts=facts, lang=lang, fmt=fmt, context=_filed(facts, filed))
    assert delay in document
    assert reasons in document
    assert "Leverantören svarade först i dag." in document


@both_languages
def test_a_late_filing_without_reasons_says_they_are_missing(lang):
    filed = _at("2024-03-05T12:00")
    facts = apply(Facts(), {"times.aware_at": "2024-03-01T10:00"}, now=filed)
    document = render_notification(facts=facts, lang=lang, fmt="md", context=_filed(facts, filed))
    assert ("inte angivna" if lang == "sv" else "are not given") in document


@pytest.mark.parametrize(
    ("lang", "deadline", "verdict"),
    [
        ("sv", "tisdag 2 april 2024 kl. 15:00 (CEST)", "Anmälan görs inom 72 timmar."),
        ("en", "Tuesday 2 April 2024, 15:00 (CEST)", "This notification is filed within 72 hours."),
    ],
)
@both_formats
def test_an_on_time_filing_shows_the_deadline_across_daylight_saving(lang, deadline, verdict, fmt):
    # Aware on Saturday 30 March 2024 at 14:00 CET; the clocks go forward on Sunday night.
    filed = _at("2024-04-01T09:00")
    facts = apply(Facts(), {"times.aware_at": "2024-03-30T14:00"}, now=filed)
    document = render_notification(facts=facts, lang=lang, fmt=fmt, context=_filed(facts, filed))
    assert deadline in document
    assert verdict in document


@both_languages
def test_an_unknown_awareness_time_is_said_so(lang):
    now = _at("2024-03-05T12:00")
    document = render_notification(facts=Facts(), lang=lang, fmt="md", context=_context(now))
    assert ("kan inte\nberäknas" if lang == "sv" else "cannot be computed") in document


@both_languages
def test_a_follow_up_judges_the_first_filing(lang):
    facts, context = _scenario("complete")
    document = render_notification(facts=facts, lang=lang, fmt="md", context=context)
    assert (
        "gäller den första anmälan" if lang == "sv" else "concerns the first notification"
    ) in document
    assert (
        "Anmälan görs inom" if lang == "sv" else "This notification is filed within"
    ) not in document
    filing = FilingInfo(**{**context.filing.__dict__, "first_filed_at": _at("2024-01-24T09:00")})
    late = render_notification(
        facts=facts, lang=lang, fmt="md", context=_context(COMPLETE_AT, filing)
    )
    assert (
        "Den första anmälan gjordes 19 tim för sent."
        if lang == "sv"
        else "The first notification was late by 19 h."
    ) in late


@both_languages
@both_formats
def test_every_document_carries_the_public_document_caution_and_the_footer(lang, fmt):
    for name in ("preliminary", "complete", "draft"):
        document = _render(name, lang, fmt)
        assert ("allmän handling" if lang == "sv" else "public document") in document
        assert ("sekretess" if lang == "sv" else "secret") in document
        assert REF in document
        assert CHAIN_HEAD[:16] in document
        assert CHAIN_HEAD[16:] not in document
        version = {"preliminary": 6, "complete": 11, "draft": 4}[name]
        assert (
            f"faktaversion {version}" if lang == "sv" else f"facts version {version}"
        ) in document


def _hostile_facts() -> Facts:
    now = _at("2024-03-04T12:00")
    return apply(
        Facts(),
        {
            "controller.name": HOSTILE,
            "contact.contact_name": HOSTILE,
            "times.aware_at": "2024-03-01T10:00",
            "description.summary": HOSTILE + "\n# heading\n- item\n> quote\n1. one\n---",
            "measures.taken": HOSTILE,
            "other.secrecy_claim": HOSTILE,
        },
        now=now,
    )


@both_languages
def test_hostile_text_stays_literal_in_html(lang):
    document = render_notification(
        facts=_hostile_facts(), lang=lang, fmt="html", context=_context(_at("2024-03-04T12:00"))
    )
    assert "<script" not in document
    assert "49" not in document
    assert html.unescape(document).count(HOSTILE) == 6  # the controller heads the page too
    assert "# heading\n- item\n&gt; quote\n1. one\n---</dd>" in document


@both_languages
def test_hostile_text_stays_literal_in_markdown(lang):
    document = render_notification(
        facts=_hostile_facts(), lang=lang, fmt="md", context=_context(_at("2024-03-04T12:00"))
    )
    assert not re.search(r"(?<!\\)[<>]", document.replace("\n> ", "\n"))  # only the caution quotes
    assert "49" not in document
    assert _plain_markdown(document).count(HOSTILE) == 6
    assert "*bold*" not in document and "\\*bold\\*" in document
    lines = document.splitlines()
    for structure in ("# heading", "- item", "> quote", "1. one"):
        assert structure not in lines
    assert lines.count("---") == 1  # the rule above the footer, not the one in the summary
    assert "\\# heading" in document and "\\> quote" in document and "1\\. one" in document


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a & b", "a & b"),
        ("&lt;b&gt;", "\\&lt;b\\&gt;"),
        ("#5 on the list", "\\#5 on the list"),
        ("+46 90 785 00 00", "+46 90 785 00 00"),
        ("- item", "\\- item"),
        ("===", "\\==="),
        ("2024. year", "2024\\. year"),
        ("a | b", "a \\| b"),
        ("[x](http://e)", "\\[x\\](http://e)"),
        ("line one\n    line two", "line one  \nline two"),
        ("para\n\npara", "para  \n  \npara"),
    ],
)
def test_markdown_escaping_keeps_text_literal(text, escaped):
    assert escape_markdown(text) == escaped


@both_languages
def test_the_html_is_a_standalone_printable_document(lang):
    document = _render("preliminary", lang, "html")
    assert document.startswith("<!DOCTYPE html>\n")
    assert document.rstrip().endswith("</html>")
    assert "size: A4" in document
    for external in ("http://", "https://", "<link", "<script", "src=", "@import", "url("):
        assert external not in document


@both_languages
@both_formats
def test_long_text_keeps_its_line_breaks(lang, fmt):
    document = _render("preliminary", lang, fmt)
    if fmt == "html":
        assert "Region Nordmark\nBox 700\n901 89 Nordstad</dd>" in document
        assert "white-space: pre-wrap" in document
    else:
        assert "Region Nordmark  \nBox 700  \n901 89 Nordstad" in document


def test_rendering_is_deterministic_for_a_fixed_context():
    assert _render("draft", "sv", "html") == _render("draft", "sv", "html")


@pytest.mark.parametrize(("lang", "fmt"), [("de", "md"), ("sv", "pdf")])
def test_an_unknown_language_or_format_is_refused(lang, fmt):
    facts, context = _scenario("draft")
    with pytest.raises(InputError):
        render_notification(facts=facts, lang=lang, fmt=fmt, context=context)


def test_the_templates_folder_can_be_named_in_the_environment(tmp_path, monkeypatch):
    (tmp_path / "imy-notification.sv.md.j2").write_text("Egen mall: {{ footer.incident_ref }}\n")
    monkeypatch.setenv("BREACHREPORT_TEMPLATES", str(tmp_path))
    assert _render("draft", "sv", "md") == f"Egen mall: {REF}\n"
