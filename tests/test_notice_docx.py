"""The notice to the data subjects as a Word letter: the same letter as the Markdown and HTML notice,
read back with python-docx; plain paragraphs, headings and lists a DPO can edit in Word; typed text
printed as typed, never run; the command line writes it; the committed templates are what
scripts/make_notice_docx.py makes.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from cli_support import run
from documents_support import DRAFT_AT, HOSTILE, REF, one_line, word_body, word_text
from documents_support import document_context as _context
from documents_support import stockholm as _at

from breachreport.demo.scenario import COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.documents.catalogue import file_name, render_draft
from breachreport.documents.environment import DEFAULT_TEMPLATES
from breachreport.documents.notice import render_notice, render_notice_docx
from breachreport.documents.notification import FilingInfo, NotificationContext
from breachreport.domain.changes import apply
from breachreport.domain.choices import FilingKind
from breachreport.domain.facts import Facts
from breachreport.domain.translations import UNTRANSLATED_MARKER
from breachreport.errors import InputError

LANGS = ("sv", "en")
both_languages = pytest.mark.parametrize("lang", LANGS)
HEADINGS = {
    "sv": [
        "Vad har hänt?",
        "Vad betyder det för dig?",
        "Vad har vi gjort?",
        "Vad kan du göra?",
        "Vill du veta mer?",
    ],
    "en": [
        "What happened?",
        "What does it mean for you?",
        "What have we done?",
        "What can you do?",
        "Do you want to know more?",
    ],
}
TITLE = {
    "sv": "Viktig information om dina personuppgifter",
    "en": "Important information about your personal data",
}
# Template code paired with what it would print if it were run.
TEMPLATE_CODE = {
    "{{ 7*191 }}": "1337",
    "{% for i in range(3) %}loop{% endfor %}": "looplooploop",
    "{_{ 123*457 }_}": "56211",  # docxtpl's own brackets
    "{%p if 1 %}": "",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _complete() -> tuple[Facts, NotificationContext]:
    filing = FilingInfo(
        kind=FilingKind.COMPLETE,
        seq=2,
        filed_at=COMPLETE_AT,
        case_number="IMY-2024-0412",
        changes={},
        first_filed_at=PRELIMINARY_AT,
    )
    return scenario_facts(COMPLETE_AT), _context(COMPLETE_AT, filing, version=11)


def _draft() -> tuple[Facts, NotificationContext]:
    return scenario_facts(DRAFT_AT), _context(DRAFT_AT, version=4)


def _styled(document: bytes) -> list[tuple[str, str]]:
    """Each body paragraph as (its style's name, its text)."""
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(document)).paragraphs]


def _markdown_words(markdown: str) -> str:
    """What a reader of the Markdown notice reads: markup and escapes gone, words in order."""
    lines = []
    for line in markdown.replace("  \n", "\n").splitlines():
        if line.strip() == "---":
            continue
        line = re.sub(r"^(#+ |- )", "", line)
        line = re.sub(r"^\*\*(.*)\*\*$|^\*(\[.*\])\*$", r"\1\2", line)
        lines.append(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line))
    return " ".join(" ".join(lines).split())


def _words(text: str) -> str:
    return " ".join(text.split())


# -- the same letter, in Word ----------------------------------------------------------------------


@pytest.mark.parametrize("scenario", [_draft, _complete], ids=["draft", "complete"])
@both_languages
def test_the_word_letter_says_word_for_word_what_the_markdown_notice_says(scenario, lang):
    facts, context = scenario()
    letter = render_notice_docx(facts=facts, lang=lang, context=context)
    markdown = render_notice(facts=facts, lang=lang, fmt="md", context=context)
    assert _words(" ".join(word_body(letter))) == _markdown_words(markdown)


@both_languages
def test_the_letter_is_titled_headed_and_listed_as_word_styles_not_as_typed_marks(lang):
    facts, context = _complete()
    styled = _styled(render_notice_docx(facts=facts, lang=lang, context=context))
    assert styled[0] == ("Title", TITLE[lang])
    assert styled[1] == ("Controller", "Region Nordmark")
    assert [text for style, text in styled if style == "Heading 1"] == HEADINGS[lang]
    advice = [text for style, text in styled if style == "Heading 2"]
    assert advice == (
        [
            "Skydda dig mot bedrägerier",
            "Se upp för falska mejl, sms och samtal",
            "Frågor om din vård",
        ]
        if lang == "sv"
        else [
            "Protect yourself from fraud",
            "Watch out for fake emails, texts and calls",
            "Questions about your care",
        ]
    )
    bullets = [text for style, text in styled if style == "List Bullet"]
    assert (
        "uppgifter om din hälsa och vård" if lang == "sv" else "details of your health and care"
    ) in bullets
    assert ("Telefon: +46 90 785 00 00" if lang == "sv" else "Phone: +46 90 785 00 00") in bullets
    # No paragraph is left empty by the template's logic, none starts with a typed list mark.
    assert all(text.strip() for _style, text in styled)
    assert not any(re.match(r"[-*#•]", text) for _style, text in styled)


@both_languages
def test_the_letter_is_plain_paragraphs_a_dpo_can_edit_no_boxes_tables_or_leftover_tags(lang):
    facts, context = _complete()
    letter = render_notice_docx(facts=facts, lang=lang, context=context)
    with zipfile.ZipFile(io.BytesIO(letter)) as package:
        body = package.read("word/document.xml").decode("utf-8")
        parts = "".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith(".xml")
        )
    for shape in ("w:txbxContent", "w:drawing", "w:pict", "mc:AlternateContent", "w:sdt", "w:tbl"):
        assert f"<{shape}" not in body, shape
    for tag in ("{{", "}}", "{%", "%}", "{_", "_}"):
        assert tag not in parts, tag
    document = docx.Document(io.BytesIO(letter))
    assert document.tables == []
    assert document.core_properties.title == TITLE[lang]
    assert document.core_properties.language == ("sv-SE" if lang == "sv" else "en-GB")
    assert document.core_properties.created == COMPLETE_AT
    footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    assert footer.startswith("Sida" if lang == "sv" else "Page")


def test_the_filed_letter_says_when_imy_was_told_and_the_draft_does_not():
    facts, context = _complete()
    filed = word_text(render_notice_docx(facts=facts, lang="sv", context=context))
    assert (
        "Vi har anmält det som hänt till Integritetsskyddsmyndigheten (IMY) den 22 januari 2024."
        in filed
    )
    assert "Problemet var löst den 9 februari 2024." in filed
    assert f"Ange ärende {REF} när du hör av dig." in filed
    facts, context = _draft()
    draft = word_text(render_notice_docx(facts=facts, lang="sv", context=context))
    assert "Integritetsskyddsmyndigheten (IMY) den" not in draft
    assert "Problemet är inte löst än." in draft


def test_a_letter_with_almost_nothing_known_still_reads_as_a_letter():
    now = _at("2024-03-04T12:00")
    facts = apply(Facts(), {"times.aware_at": "2024-03-01T10:00"}, now=now)
    context = NotificationContext(
        incident_ref=REF, facts_version=1, generated_at=now, chain_head="ab" * 32
    )
    styled = _styled(render_notice_docx(facts=facts, lang="sv", context=context))
    texts = [text for _style, text in styled]
    assert "Vi har uppgifter om dig." in texts[1]  # no controller: "Vi", and no name paragraph
    assert "Vi vet inte än vad det betyder för dig. Vi hör av oss när vi vet mer." in texts
    assert "Vi tar reda på vad som har hänt och hur vi kan stoppa det." in texts
    assert "Kontakta oss om du har frågor." in texts
    assert all(text.strip() for text in texts)


def test_the_english_letter_marks_the_dpos_text_that_has_no_english():
    now = _at("2024-03-04T12:00")
    facts = apply(
        Facts(),
        {
            "controller.name": "Region Nordmark",
            "description.summary": "Ett system var nere.",
            "measures.taken": "Vi har startat om systemet.",
            "english.measures_taken": "We have restarted the system.",
        },
        now=now,
    )
    context = NotificationContext(
        incident_ref=REF, facts_version=1, generated_at=now, chain_head="ab" * 32
    )
    english = _styled(render_notice_docx(facts=facts, lang="en", context=context))
    texts = [text for _style, text in english]
    marker = texts.index(UNTRANSLATED_MARKER)
    assert texts[marker + 1] == "Ett system var nere."
    assert texts.count(UNTRANSLATED_MARKER) == 1
    assert "We have restarted the system." in texts
    swedish = word_text(render_notice_docx(facts=facts, lang="sv", context=context))
    assert UNTRANSLATED_MARKER not in swedish and "Vi har startat om systemet." in swedish


# -- typed text is text ----------------------------------------------------------------------------


# The English texts of the typed answers: without them the English letter prints the typed text.
ENGLISH = ("description_summary", "measures_taken", "measures_planned", "consequences_details")


def _typed(text: str, name: str) -> Facts:
    facts, _context_ = _complete()
    return apply(
        facts,
        {
            "description.summary": text,
            "measures.taken": text,
            "measures.planned": text,
            "consequences.details": text,
            "controller.name": name,
            "contact.dpo_name": name,
            **{f"english.{field}": None for field in ENGLISH},
        },
        now=COMPLETE_AT,
    )


@both_languages
def test_hostile_typed_text_comes_out_literally_and_adds_no_paragraph(lang):
    code = " ".join(TEMPLATE_CODE)
    hostile = f"{HOSTILE} </w:t></w:r></w:p><w:p><w:r><w:t>injected\nsecond line {code}"
    name = "Region <b>&amp;</b> {{ 7*191 }}"
    _facts, context = _complete()
    plain = render_notice_docx(
        facts=_typed("Plain words", "Plain name"), lang=lang, context=context
    )
    letter = render_notice_docx(facts=_typed(hostile, name), lang=lang, context=context)
    text = word_text(letter)
    assert one_line(hostile) in one_line(text)
    assert name in text
    assert f"{name} {'har uppgifter om dig' if lang == 'sv' else 'holds data about you'}." in text
    for result in ("1337", "looplooploop", "56211"):
        assert result not in text
    # The typed line break is a break inside its paragraph; nothing typed makes a paragraph.
    assert len(docx.Document(io.BytesIO(letter)).paragraphs) == len(
        docx.Document(io.BytesIO(plain)).paragraphs
    )
    body = docx.Document(io.BytesIO(letter)).element.body
    assert len(list(body.iter(f"{W}br"))) == 4  # one in each of the four typed long texts
    assert _styled(letter)[1] == ("Controller", name)


# -- through the catalogue and the command line ----------------------------------------------------


@both_languages
def test_the_catalogue_renders_the_notice_as_word_and_names_its_file(lang):
    facts, context = _complete()
    letter = render_draft(
        "data-subject-notice", facts=facts, lang=lang, fmt="docx", context=context
    )
    assert letter == render_notice_docx(facts=facts, lang=lang, context=context)
    assert file_name(REF, "data-subject-notice", lang, "docx") == (
        f"{REF}.data-subject-notice.{lang}.docx"
    )
    with pytest.raises(InputError, match="Unknown language"):
        render_notice_docx(facts=facts, lang="de", context=context)


def test_render_writes_the_word_notice_that_reads_back(home, capsys, tmp_path):
    assert run(capsys, "init")[0] == 0
    source = tmp_path / "facts.json"
    source.write_text(
        json.dumps(scenario_facts(COMPLETE_AT).model_dump(mode="json")), encoding="utf-8"
    )
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    ref = out.strip()
    for lang in LANGS:
        target = tmp_path / f"notice.{lang}.docx"
        code, _out, err = run(
            capsys,
            "render",
            ref,
            "--document",
            "data-subject-notice",
            "--format",
            "docx",
            "--lang",
            lang,
            "--output",
            str(target),
        )
        assert code == 0, err
        styled = _styled(target.read_bytes())
        assert styled[0] == ("Title", TITLE[lang])
        assert [text for style, text in styled if style == "Heading 1"] == HEADINGS[lang]
        text = word_text(target)
        assert f"{ref} " in text  # the letter asks people to quote the incident's reference
        assert ("4\u00a0899" if lang == "sv" else "4,899") in text
        assert (target.stat().st_mode & 0o777) == 0o600


# -- the template is made by its script ------------------------------------------------------------


def test_the_committed_notice_templates_are_what_the_script_makes():
    path = Path(__file__).resolve().parents[1] / "scripts" / "make_notice_docx.py"
    spec = importlib.util.spec_from_file_location("make_notice_docx", path)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    for lang in LANGS:
        committed = (DEFAULT_TEMPLATES / f"data-subject-notice.{lang}.docx").read_bytes()
        assert generator.build(lang) == committed, "run scripts/make_notice_docx.py again"
