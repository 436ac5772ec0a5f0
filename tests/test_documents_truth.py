"""Documents that are true: read back from Word and PDF, every IMY question is there (answered or
"not yet known, to follow"), untranslated free text is marked, a final supplement says it completes
the notification, and ``render --lang en`` names the fields still without English."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import docx
import pypdf
import pytest
from cli_support import run as _run
from documents_support import LABEL

from breachreport.demo.scenario import CASE_NUMBER, COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.documents import FilingInfo, NotificationContext
from breachreport.documents.notification import IMY_QUESTIONS, render_notification_bytes
from breachreport.domain.changes import NOT_YET_KNOWN, apply, diff
from breachreport.domain.choices import FilingKind
from breachreport.domain.facts import Facts
from breachreport.domain.times import from_stockholm
from breachreport.domain.translations import UNTRANSLATED_MARKER

TO_FOLLOW = {"sv": "ännu inte känt, kompletteras", "en": "not yet known, to follow"}
NOW = from_stockholm(datetime(2024, 3, 4, 12, 0))


def _context(filing: FilingInfo | None, at: datetime = NOW) -> NotificationContext:
    return NotificationContext(
        incident_ref="BR-2024-0009",
        facts_version=3,
        generated_at=at,
        chain_head="ab" * 32,
        filing=filing,
    )


def _preliminary(at: datetime = NOW) -> FilingInfo:
    return FilingInfo(kind=FilingKind.PRELIMINARY, seq=1, filed_at=at)


def _read(data: bytes, fmt: str) -> str:
    """The text a reader of the file sees, on one line per paragraph."""
    if fmt == "docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return re.sub(r"[ \t]+", " ", "\n".join(page.extract_text() for page in pages))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# A first report: what a DPO knows in the first hour, little more.
FIRST_HOUR = {
    "controller.name": "Region Nordmark",
    "contact.contact_name": "Karin Holm",
    "contact.contact_email": "dso@nordmark.example.se",
    "times.aware_at": "2024-03-04T10:00",
    "description.summary": "Utpressningsvirus hos en driftleverantör.",
    "description.breach_type": "malware",
    "data.subjects_count": NOT_YET_KNOWN,
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_preliminary_notification_names_every_open_question_as_to_follow(lang, fmt):
    facts = apply(Facts(), FIRST_HOUR, now=NOW)
    data = render_notification_bytes(
        facts=facts, lang=lang, fmt=fmt, context=_context(_preliminary())
    )
    text = _flat(_read(data, fmt))
    # Marked "not yet known" and never answered read the same: both are still to come.
    for path in ("data.subjects_count", "description.investigation", "measures.taken"):
        assert f"{LABEL[path](lang)} {TO_FOLLOW[lang]}" in text, path
    # Every question IMY asks in E is there, answered or to follow.
    for question in IMY_QUESTIONS["description"]:
        assert question.label(lang) in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_follow_up_question_that_an_answer_rules_out_is_left_out(lang):
    facts = apply(
        Facts(),
        {**FIRST_HOUR, "communication.status": "will_inform", "communication.channels": ["letter"]},
        now=NOW,
    )
    text = _flat(
        _read(
            render_notification_bytes(
                facts=facts, lang=lang, fmt="docx", context=_context(_preliminary())
            ),
            "docx",
        )
    )
    # "When did you inform them?" cannot be answered while they are still to be told.
    assert LABEL["communication.informed_at"](lang) not in text
    assert f"{LABEL['communication.planned_at'](lang)} {TO_FOLLOW[lang]}" in text
    assert LABEL["communication.reason_not"](lang) not in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_english_copy_marks_swedish_text_and_uses_english_where_given(fmt):
    facts = apply(
        Facts(),
        {
            **FIRST_HOUR,
            "measures.taken": "Vi stängde kopplingen till leverantören.",
            "english.description_summary": "Ransomware at a hosting provider.",
        },
        now=NOW,
    )
    english = _read(
        render_notification_bytes(facts=facts, lang="en", fmt=fmt, context=_context(None)), fmt
    )
    flat = _flat(english)
    assert "Ransomware at a hosting provider." in flat
    assert "Utpressningsvirus" not in flat
    assert f"{UNTRANSLATED_MARKER} Vi stängde kopplingen till leverantören." in flat
    assert flat.count(UNTRANSLATED_MARKER) == 1
    swedish = _read(
        render_notification_bytes(facts=facts, lang="sv", fmt=fmt, context=_context(None)), fmt
    )
    assert "Utpressningsvirus hos en driftleverantör." in _flat(swedish)
    assert UNTRANSLATED_MARKER not in swedish


def _final_supplement() -> tuple[Facts, NotificationContext]:
    before, after = scenario_facts(PRELIMINARY_AT), scenario_facts(COMPLETE_AT)
    info = FilingInfo(
        kind=FilingKind.SUPPLEMENT,
        seq=2,
        filed_at=COMPLETE_AT,
        case_number=CASE_NUMBER,
        changes=diff(before, after),
        final=True,
    )
    return after, _context(info, COMPLETE_AT)


@pytest.mark.parametrize(
    ("lang", "complete"),
    [
        ("sv", "Fullständig – anmälan är nu komplett"),
        ("en", "Complete – this supplement completes the notification"),
    ],
)
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_final_supplement_says_it_completes_the_notification(lang, complete, fmt):
    facts, context = _final_supplement()
    text = _flat(
        _read(render_notification_bytes(facts=facts, lang=lang, fmt=fmt, context=context), fmt)
    )
    assert complete in text
    assert "Preliminär (kompletteras senare)" not in text
    assert "Preliminary (more will follow)" not in text
    assert TO_FOLLOW[lang] not in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_forensic_result_and_the_final_counts_reach_the_supplement(lang):
    facts, context = _final_supplement()
    text = _flat(
        _read(render_notification_bytes(facts=facts, lang=lang, fmt="pdf", context=context), "pdf")
    )
    section_e = text[text.index("E. ") : text.index("F. ")]
    assert LABEL["description.investigation"](lang) in section_e
    assert ("inte förts ut" if lang == "sv" else "the data were not taken out") in section_e
    assert ("4 899" if lang == "sv" else "4,899") in text.replace("\u00a0", " ")
    assert ("ca 61 000" if lang == "sv" else "about 61,000") in text.replace("\u00a0", " ")
    # The demo is translated throughout: its English copy holds no untranslated text.
    assert UNTRANSLATED_MARKER not in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_reasons_given_when_filing_come_before_those_in_the_facts(lang):
    late = from_stockholm(datetime(2024, 3, 8, 12, 0))
    facts = apply(Facts(), {**FIRST_HOUR, "times.delay_reasons": "Gamla skäl."}, now=late)
    info = FilingInfo(
        kind=FilingKind.PRELIMINARY,
        seq=1,
        filed_at=late,
        delay_reasons="Leverantören svarade sent.",
    )
    text = _flat(
        _read(
            render_notification_bytes(
                facts=facts, lang=lang, fmt="docx", context=_context(info, late)
            ),
            "docx",
        )
    )
    deadline = text[: text.index("A. ")]
    assert "Leverantören svarade sent." in deadline
    assert "Gamla skäl." not in deadline


# -- the command line ------------------------------------------------------------------------------


def test_render_in_english_warns_once_naming_each_field_without_english(home, capsys, tmp_path):
    _run(capsys, "init")
    source = tmp_path / "facts.json"
    source.write_text(
        json.dumps(
            {
                "controller": {"name": "Region Nordmark"},
                "times": {"aware_at": "2024-01-20T14:00"},
                "description": {"summary": "Utpressningsvirus hos en driftleverantör."},
                "measures": {"taken": "Vi stängde kopplingen."},
                "consequences": {"details": "Vården kan försenas."},
                "english": {"consequences_details": "Care may be delayed."},
            }
        ),
        encoding="utf-8",
    )
    reference = _run(capsys, "import", str(source))[1].strip()
    output = tmp_path / "en.md"
    code, _, err = _run(
        capsys, "render", reference, "--lang", "en", "--format", "md", "--output", str(output)
    )
    assert code == 0
    [line] = [line for line in err.splitlines() if "English" in line]
    assert "What happened? (description.summary)" in line
    assert "What measures have you taken? (measures.taken)" in line
    assert "consequences.details" not in line
    assert UNTRANSLATED_MARKER in output.read_text(encoding="utf-8")
    # Swedish needs no translation, and a fully translated incident gets no warning.
    code, _, err = _run(
        capsys, "render", reference, "--lang", "sv", "--format", "md", "--output", str(output)
    )
    assert code == 0 and "English" not in err


def test_render_of_the_translated_demo_in_english_gives_no_warning(home, capsys):
    assert _run(capsys, "demo")[0] == 0
    code, out, err = _run(capsys, "render", "BR-2024-0001", "--lang", "en", "--format", "md")
    assert code == 0 and "What happened?" in out
    assert "English" not in err
    code, out, err = _run(
        capsys, "render", "BR-2024-0001", "--filing", "2", "--lang", "en", "--format", "md"
    )
    assert code == 0 and "this supplement completes the notification" in out
    assert "English" not in err


@pytest.mark.parametrize("kind", [FilingKind.COMPLETE, FilingKind.WITHDRAWAL])
def test_a_filing_after_which_nothing_follows_promises_nothing(kind):
    facts = apply(Facts(), FIRST_HOUR, now=NOW)
    info = FilingInfo(kind=kind, seq=1, filed_at=NOW)
    for lang in ("sv", "en"):
        text = _read(
            render_notification_bytes(facts=facts, lang=lang, fmt="docx", context=_context(info)),
            "docx",
        )
        assert TO_FOLLOW[lang] not in text
        # Left open at the end, an answer is only "not yet known", and an empty one is left out.
        assert LABEL["data.subjects_count"](lang) in text
        assert LABEL["measures.taken"](lang) not in text
