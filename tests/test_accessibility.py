"""Accessible documents (lag 2018:1937, EN 301 549 chapter 10): every PDF kind is tagged PDF/UA-1,
read back with pypdf; every HTML rendering has its language and headings in order.

The UI's side (the page language, axe-core on every page) is in test_browser_a11y.py.
"""

from __future__ import annotations

import html
import importlib
import io
import re
from datetime import datetime

import pypdf
import pytest

from breachreport.demo.scenario import scenario_facts
from breachreport.documents import NotificationContext
from breachreport.documents.catalogue import BOTH, DOCUMENTS, render_draft
from breachreport.domain.times import from_stockholm

AT = from_stockholm(datetime(2024, 1, 21, 18, 30))
CONTEXT = NotificationContext(
    incident_ref="BR-2024-0001", facts_version=4, generated_at=AT, chain_head="ab" * 32
)
# Every document that comes as PDF, in each of its languages.
PDF_KINDS = [
    pytest.param(kind.name, lang, id=f"{kind.name}.{lang}")
    for kind in DOCUMENTS.values()
    if "pdf" in kind.formats
    for lang in kind.langs()
]
HTML_KINDS = [
    pytest.param(kind.name, lang, id=f"{kind.name}.{lang}")
    for kind in DOCUMENTS.values()
    if "html" in kind.formats
    for lang in kind.langs()
]


def _render(document: str, lang: str, fmt: str) -> bytes:
    # A bilingual document is in Swedish first: its English parts say lang="en" themselves.
    return render_draft(
        document,
        facts=scenario_facts(AT),
        lang="sv" if lang == BOTH else lang,
        fmt=fmt,
        context=CONTEXT,
    )


def _tags(element, found: set[str]) -> set[str]:
    """The structure types under ``element`` of the structure tree (H1, P, Table, ...)."""
    element = element.get_object()
    kids = element.get("/K") if isinstance(element, pypdf.generic.DictionaryObject) else None
    if "/S" in element:
        found.add(str(element["/S"]).lstrip("/"))
    if kids is None:
        return found
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, pypdf.generic.IndirectObject | pypdf.generic.DictionaryObject):
            _tags(kid, found)
    return found


@pytest.mark.parametrize(("document", "lang"), PDF_KINDS)
def test_every_pdf_is_tagged_with_its_language_and_title(document, lang):
    reader = pypdf.PdfReader(io.BytesIO(_render(document, lang, "pdf")))
    catalog = reader.trailer["/Root"]
    html_title = re.search(r"<title>([^<]+)</title>", _render(document, lang, "html").decode())

    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == ("sv" if lang in ("sv", BOTH) else "en")
    # A reader's window shows the document's title, not its file name.
    assert reader.metadata.title == html.unescape(html_title.group(1))
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    # The PDF/UA identification a checker (veraPDF, PAC) looks for first.
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()

    tags = _tags(catalog["/StructTreeRoot"], set())
    assert "H1" in tags and "P" in tags, tags


@pytest.mark.parametrize(("document", "lang"), HTML_KINDS)
def test_every_html_document_has_its_language_and_headings_in_order(document, lang):
    page = _render(document, lang, "html").decode("utf-8")

    page_lang = re.search(r'<html lang="([a-z]{2})">', page)
    assert page_lang and page_lang.group(1) == ("sv" if lang in ("sv", BOTH) else "en")
    assert re.search(r"<title>[^<]+</title>", page)
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert jumps == [], f"a heading level is skipped: {jumps}"


# -- the pages: what a screen reader gets instead of a canvas grid or a chart ---------------------


def _tables(app) -> list:
    return [table.value for table in app.table]


def _expanders(app) -> list[str]:
    return [expander.label for expander in app.expander]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_register_and_its_charts_come_as_html_tables_too(signed_in_app, app_resources, lang):
    from breachreport.demo.loading import load_demo

    overview_page = importlib.import_module("breachreport.ui.shell.overview")  # not the page
    from breachreport.ui.table_view import SHOW_AS_TABLE

    demo = load_demo(app_resources.workspace)
    app = signed_in_app(lang=lang).run()

    register, by_kind, by_cause = _tables(app)
    assert list(register.columns) == [label(lang) for label in overview_page.HEADERS.values()]
    assert list(register[overview_page.HEADERS["reference"](lang)]) == [demo.reference]
    assert "nan" not in register.to_string() and "None" not in register.to_string()
    for chart in (by_kind, by_cause):
        assert chart.columns[0] == overview_page.MONTH(lang)
        assert chart.columns[-1] == overview_page.COUNT(lang)
        assert list(chart[overview_page.COUNT(lang)]) == ["1"]
    assert SHOW_AS_TABLE(lang).format(what=overview_page.REGISTER(lang)) in _expanders(app)


def test_the_history_comes_as_an_html_table_too(signed_in_app, app_resources, open_page):
    from breachreport.demo.loading import load_demo

    demo = load_demo(app_resources.workspace)
    app = open_page(signed_in_app(incident=demo.reference), "history").run()

    [grid] = app.dataframe
    [table] = _tables(app)
    assert len(table) == len(grid.value) > 1
    assert list(table.columns) == list(grid.value.columns)
