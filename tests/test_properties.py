"""Property tests (hypothesis): whatever arrives as facts JSON gets an answer, never a crash; and
whatever is typed into the facts comes out of every document, in every format, as the text that was
typed: never as markup, structure or template code.

The documents are read back: HTML with html.parser, Markdown by its escapes, Word with python-docx,
PDF with pypdf. Each user-made structure (a tag, a list item, a paragraph) is counted against the
same document with plain text in the same answers: user text may add none.
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import docx
import pypdf
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from breachreport.documents import NotificationContext
from breachreport.documents.catalogue import DOCUMENTS, render_draft
from breachreport.domain.facts import Facts, parse_facts, stored_facts
from breachreport.domain.fields import LONG_TEXT_MAX, SHORT_TEXT_MAX
from breachreport.domain.status import Role
from breachreport.errors import FactsInvalid, InputError
from breachreport.services import Actor, Workspace

DPO = Actor(name="Karin Holm", role=Role.DPO)
CONTEXT = NotificationContext(
    incident_ref="BR-2024-0001",
    facts_version=7,
    generated_at=datetime(2024, 2, 1, 9, 0, tzinfo=UTC),
    chain_head="ab" * 32,
)
# Template code paired with what it would print if it were run: that must never appear.
TEMPLATE_CODE = {
    "{{ 7*191 }}": "1337",
    "{{ 123*457 }}": "56211",
    "{% for i in range(3) %}loop{% endfor %}": "looplooploop",
    "{{ 'Q9' ~ 'Z8' }}": "Q9Z8",
    "{_{ 7*191 }_}": "1337",  # docxtpl's own brackets
    "{_% if 1 %_}Y7Y{_% endif %_}": "Y7Y",
}
NASTY = [
    *TEMPLATE_CODE,
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% raw %}",
    "{# not a comment #}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b>",
    "<!-- hidden -->",
    "]]>",
    "<w:t>",
    "</w:t></w:r></w:p>",
    "&amp;",
    "&lt;",
    "&#60;",
    "&",
    '"',
    "'",
    "`code`",
    "```",
    "**strong**",
    "_em_",
    "~~strike~~",
    "# heading",
    "\n# heading",
    "\n- item",
    "\n+ item",
    "\n1. item",
    "\n1) item",
    "\n> quote",
    "\n---\n",
    "\n===",
    "\n    indented code",
    "| a | b |",
    "[link](javascript:alert(1))",
    "![img](http://example.invalid/x.png)",
    "\\",
    "\\*",
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2028",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",  # C1 controls: text decoded with the wrong code page
    "\x9f",
    "\r\n",
    "\r",
    "\t",
    "\u0301",
    "\U0001f600",
    "العربية",
    "עברית",
    "Åsa Öberg-Ärlig",
]
ALL_NASTY = " ".join(NASTY)
MARKUP = "`*_[]<>|~"


# -- strategies ------------------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities too
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=25,
)
# Strings that would be personal data: the errors must never repeat them.
personal = st.text(max_size=30).map(lambda text: f"PII-{text}")
leaf_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | personal,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abvx"), inner),
    max_leaves=8,
)


def _questions(section: str) -> list[str]:
    return list(Facts.section_class(section).model_fields)


@st.composite
def shaped_facts(draw) -> dict[str, Any]:
    """Facts-shaped JSON: real section and question names (and some wrong ones), any values."""
    data: dict[str, Any] = {}
    for section in draw(st.lists(st.sampled_from(Facts.section_names()), max_size=5)):
        names = _questions(section)
        data[section] = draw(
            st.dictionaries(st.sampled_from([*names, "title", "x", ""]), leaf_values, max_size=4)
        )
        if draw(st.booleans()):
            # Question names, right or wrong: a wrong one is named back, as any field path is.
            marked = st.sampled_from([*names, "nope", ""]) | st.integers() | st.none()
            data[section]["not_yet_known"] = draw(st.lists(marked, max_size=3) | st.integers())
    if draw(st.booleans()):
        data[draw(st.sampled_from(["format", "extra", "times"]))] = draw(leaf_values)
    return data


@st.composite
def broken_json(draw) -> str | bytes:
    """Valid facts JSON cut, spliced or re-encoded."""
    text = json.dumps(draw(shaped_facts()))
    how = draw(st.sampled_from(["cut", "insert", "utf16", "latin1", "deep", "number", "escape"]))
    if how == "cut":
        return text[: draw(st.integers(0, len(text)))]
    if how == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.text(min_size=1, max_size=5)) + text[at:]
    if how == "utf16":
        return text.encode("utf-16")
    if how == "latin1":
        return text.replace("PII", "PÏI").encode("latin-1", errors="replace")
    if how == "deep":
        depth = draw(st.integers(10, 5000))
        return '{"description": {"summary": ' + "[" * depth + "]" * depth + "}}"
    if how == "number":
        return '{"data": {"subjects_count": {"value": ' + "9" * draw(st.integers(1, 6000)) + "}}}"
    return '{"description": {"summary": "' + draw(st.sampled_from(["\\ud800", "\\udfff"])) + '"}}'


def _free_text(max_size: int) -> st.SearchStrategy[str]:
    pieces = st.lists(st.sampled_from(NASTY) | st.text(max_size=20), min_size=1, max_size=8)
    return pieces.map("".join).map(lambda text: text[:max_size])


def _long_text(limit: int) -> st.SearchStrategy[str]:
    """Very long answers: the nasty pieces repeated up to ``limit`` characters."""
    return st.integers(1_000, limit).map(
        lambda size: (ALL_NASTY * (size // len(ALL_NASTY) + 1))[:size]
    )


long_texts = _free_text(LONG_TEXT_MAX) | _long_text(LONG_TEXT_MAX)
short_texts = _free_text(SHORT_TEXT_MAX)


# -- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    from breachreport.crypto import KeyRing
    from breachreport.storage import open_store

    folder = tmp_path_factory.mktemp("properties")
    store = open_store(f"sqlite:///{folder / 'breachreport.db'}", KeyRing.generate())
    yield Workspace(store)
    store.dispose()


@pytest.fixture(scope="module")
def demo_facts(workspace) -> dict[str, Any]:
    """The worked example's facts, every section answered, as the base for typed text."""
    from breachreport.demo.loading import load_demo

    return workspace.export(load_demo(workspace).reference)


# -- facts JSON in -------------------------------------------------------------------------------


def _parsed_or_refused(data: Any) -> Facts | Exception:
    try:
        return parse_facts(data)
    except (FactsInvalid, InputError) as error:
        return error


def _says_nothing_personal(error: Exception) -> None:
    assert str(error).strip()
    assert "PII-" not in str(error)
    if isinstance(error, FactsInvalid):
        assert error.problems
        for lang in ("sv", "en"):
            lines = error.messages(lang)
            assert lines and all(line.strip() for line in lines)
            assert not any("PII-" in line for line in lines)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_value_is_parsed_or_refused_clearly(value):
    for data in (value, json.dumps(value)):
        outcome = _parsed_or_refused(data)
        if isinstance(outcome, Exception):
            assert str(outcome).strip()


@settings(max_examples=150, deadline=None)
@given(shaped_facts())
def test_facts_shaped_json_is_parsed_or_refused_without_repeating_its_values(data):
    outcome = _parsed_or_refused(json.dumps(data))
    if isinstance(outcome, Exception):
        _says_nothing_personal(outcome)
    else:
        assert _parsed_or_refused(json.dumps(outcome.to_json_dict())) == outcome


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text() | st.binary() | broken_json())
@example('{"description": {"summary": ' + "[" * 900 + "]" * 900 + "}}")
@example("[" * 100_000)
@example('{"data": {"subjects_count": {"value": ' + "9" * 5000 + "}}}")
@example('{"description": {"summary": "a\\ud800b"}}')
@example(b'\xef\xbb\xbf{"description": {}}')
def test_any_text_or_bytes_is_parsed_or_refused_clearly(raw):
    outcome = _parsed_or_refused(raw)
    if isinstance(outcome, Exception):
        _says_nothing_personal(outcome)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shaped_facts() | broken_json() | json_values)
@example('{"description": {"summary": "a\\ud800b"}}')
@example({"description": {"summary": "a\ud800b"}})
@example('{"description": {"summary": "a\\u0000b\\u001b[31m"}, "controller": {"name": "x\\u202e"}}')
def test_importing_anything_makes_an_incident_or_a_clear_refusal(workspace, data):
    before = len(workspace.register())
    try:
        incident = workspace.import_facts(actor=DPO, data=data)
    except (FactsInvalid, InputError) as error:
        _says_nothing_personal(error)
        assert len(workspace.register()) == before  # nothing half-written
        return
    exported = workspace.export(incident.reference)
    assert parse_facts(json.dumps(exported)) == incident.facts


# -- typed text out: every document, every format --------------------------------------------------


def _typed(base: dict[str, Any], long: str, short: str) -> Facts:
    """The example's facts with ``long`` and ``short`` typed into answers every document prints."""
    data = copy.deepcopy(base)
    data["description"]["summary"] = long
    data["measures"]["taken"] = long
    data["controller"]["name"] = short
    data["contact"]["dpo_name"] = short
    # Without their English texts, the English copies print the typed text too.
    for name in ("description_summary", "measures_taken"):
        data.get("english", {}).pop(name, None)
    return stored_facts(data)


def _cases(*formats: str) -> list[tuple[str, str, str]]:
    return [
        (name, lang, fmt)
        for name, kind in DOCUMENTS.items()
        for lang in kind.langs()
        for fmt in kind.formats
        if fmt in formats
    ]


def _render(facts: Facts, case: tuple[str, str, str]) -> bytes:
    document, lang, fmt = case
    return render_draft(document, facts=facts, lang=lang, fmt=fmt, context=CONTEXT)


def _words(text: str) -> str:
    return " ".join(text.split())


def _not_run(typed: str, output: str) -> None:
    """Template code that was typed is printed, never run: what it would print is absent."""
    for code, result in TEMPLATE_CODE.items():
        if code in typed and result not in typed:
            assert result not in output, code


class _Reader(HTMLParser):
    """The text of an HTML document, its tags (with their attribute names) and nesting errors."""

    VOID = {"meta", "link", "br", "hr", "img", "input", "col", "wbr", "area", "base", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: Counter[str] = Counter()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[" ".join([tag, *sorted(name for name, _ in attrs)])] += 1
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags[" ".join([tag, *sorted(name for name, _ in attrs)])] += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else ''}>")
            return
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags["<!-- -->"] += 1

    def handle_pi(self, data):
        self.tags["<? ?>"] += 1


def _read_html(document: bytes) -> _Reader:
    reader = _Reader()
    reader.feed(document.decode("utf-8"))
    reader.close()
    assert reader.errors == [], reader.errors[:3]
    assert reader.open == [], reader.open
    return reader


def _markup_in_markdown(document: bytes) -> Counter[str]:
    """The Markdown structure of a document: unescaped markup characters, and lines that start a
    heading, a list item, a quote, a rule or a table row."""
    bare = re.sub(r"\\.", "x", document.decode("utf-8"))  # an escaped character is text
    found = Counter(char for char in bare if char in MARKUP)
    for line in bare.splitlines():
        start = re.match(r"\s*(#+|[-+*](?=\s|$)|\d+[.)](?=\s|$)|>|=+\s*$|-+\s*$|\|)", line)
        if start:
            found[f"line {start.group(1).strip()[:1]}"] += 1
    return found


def _markdown_text(document: bytes) -> str:
    # CommonMark: a backslash before ASCII punctuation makes it literal.
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", document.decode("utf-8"))


@pytest.fixture(scope="module")
def plain(demo_facts) -> dict[tuple[str, str, str], bytes]:
    """Every document with plain text in the same answers: the structure to compare against."""
    facts = _typed(demo_facts, "Plain words", "Plain name")
    return {case: _render(facts, case) for case in _cases("md", "html", "docx")}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(long=long_texts, short=short_texts)
@example(long=ALL_NASTY, short=ALL_NASTY[:SHORT_TEXT_MAX])
@example(long="{{ 7*191 }}", short="<script>alert(1)</script>")
@example(long="\n===\x85{{ 7*191 }}", short="===\u2028# x")  # a break Markdown does not name
def test_typed_text_is_literal_in_html_and_markdown(demo_facts, plain, long, short):
    facts = _typed(demo_facts, long, short)
    typed = [facts.description.summary, facts.controller.name]
    assume(all(typed))  # blank answers are unanswered
    for case in _cases("md", "html"):
        output = _render(facts, case)
        if case[2] == "html":
            reader = _read_html(output)
            text = "".join(reader.text)
            assert reader.tags == _read_html(plain[case]).tags, case
        else:
            text = _markdown_text(output)
            assert _markup_in_markdown(output) == _markup_in_markdown(plain[case]), case
        for answer in typed:
            assert _words(answer) in _words(text), case
        _not_run(long + short, output.decode("utf-8"))


# Characters XML 1.0 cannot hold: a Word document drops them (and only them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(document: bytes) -> tuple[str, Counter[str]]:
    """The text of a Word document (as python-docx reads it, breaks as line breaks), and how many
    paragraphs, tables, fields and links it has."""
    body = docx.Document(io.BytesIO(document)).element.body
    parts: list[str] = []
    for element in body.iter():
        if element.tag == f"{_W}t" and element.text:
            parts.append(element.text)
        elif element.tag in (f"{_W}br", f"{_W}tab", f"{_W}p"):
            parts.append("\n")
    shapes = Counter(
        element.tag.removeprefix(_W)
        for element in body.iter()
        if element.tag in {f"{_W}{name}" for name in ("p", "tbl", "fldSimple", "hyperlink")}
    )
    return "".join(parts), shapes


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(long=long_texts, short=short_texts)
@example(long=ALL_NASTY, short=ALL_NASTY[:SHORT_TEXT_MAX])
def test_typed_text_is_literal_in_word(demo_facts, plain, long, short):
    facts = _typed(demo_facts, long, short)
    typed = [facts.description.summary, facts.controller.name]
    assume(all(typed))
    for case in _cases("docx"):
        output = _render(facts, case)
        text, shapes = _read_docx(output)
        assert shapes == _read_docx(plain[case])[1], case
        for answer in typed:
            assert _words(_NOT_XML.sub("", answer)) in _words(text), case
        _not_run(long + short, text)


def _pdf_text(document: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(document))
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    # pypdf gives the spaces of some justified lines as no-break spaces: words are what count.
    return " ".join(text.replace("\xa0", " ").split())


# Characters Debian's Liberation and DejaVu fonts draw (Latin, Greek, Cyrillic; control
# characters are dropped before layout). For a character no font has,
# WeasyPrint writes a font encoding of its own that pypdf cannot read back (poppler can); that
# case is checked for readability alone, below.
_DRAWN = st.characters(
    min_codepoint=0x20, max_codepoint=0x24F, exclude_categories=("Cc", "Cn")
) | st.characters(min_codepoint=0x370, max_codepoint=0x4FF, exclude_categories=("Cc", "Cn"))
_DRAWN_NASTY = [piece for piece in NASTY if piece not in ("\u2028", "\U0001f600")]
drawn_texts = st.lists(
    st.sampled_from(_DRAWN_NASTY) | st.text(_DRAWN, max_size=20), min_size=1, max_size=8
).map("".join)


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(long=drawn_texts, short=drawn_texts.map(lambda text: text[:SHORT_TEXT_MAX]))
@example(long=" ".join(_DRAWN_NASTY), short=" ".join(_DRAWN_NASTY)[:SHORT_TEXT_MAX])
def test_typed_text_makes_a_readable_pdf(demo_facts, long, short):
    facts = _typed(demo_facts, f"Sentinel words. {long}", short)
    assume(facts.controller.name)
    for case in _cases("pdf"):
        text = _pdf_text(_render(facts, case))
        assert "Sentinel words." in text, case
        _not_run(long + short, text)


def test_characters_no_font_has_still_make_a_readable_pdf(demo_facts):
    odd = "\ue000 \U0008159d \u0378 王秀英 \u2028 \U0001f600 {{ 7*191 }}"
    facts = _typed(demo_facts, f"Sentinel words. {odd}", odd)
    for case in _cases("pdf"):
        _not_run(odd, _pdf_text(_render(facts, case)).replace("\x00", ""))
