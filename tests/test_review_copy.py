"""The review copy for legal reviewers: Swedish and English side by side per IMY section, the open
questions, the circumstances of section R, the assessment's reasons in both languages, literal user
text. Every clock is fixed.

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_review_copy.py``.
"""

from __future__ import annotations

import html
import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from documents_support import CHAIN_HEAD, DRAFT_AT, HOSTILE, LABEL
from documents_support import document_context as _context

from breachreport.demo.scenario import CASE_NUMBER, COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.documents.notification import (
    FilingInfo,
    NotificationContext,
    render_notification,
)
from breachreport.documents.review_copy import render_review_copy
from breachreport.domain.assessment import assess
from breachreport.domain.changes import NOT_YET_KNOWN, apply
from breachreport.domain.choices import FilingKind
from breachreport.domain.facts import Facts
from breachreport.domain.times import from_stockholm
from breachreport.errors import InputError

GOLDEN = Path(__file__).parent / "golden"
FORMATS = ("md", "html")

both_formats = pytest.mark.parametrize("fmt", FORMATS)


def _scenario(name: str) -> tuple[Facts, NotificationContext]:
    if name == "preliminary":
        filing = FilingInfo(
            kind=FilingKind.PRELIMINARY, seq=1, filed_at=PRELIMINARY_AT, case_number=None
        )
        return scenario_facts(PRELIMINARY_AT), _context(PRELIMINARY_AT, filing, version=6)
    if name == "complete":  # the facts before the complete filing, reviewed as a draft
        return scenario_facts(COMPLETE_AT), _context(COMPLETE_AT, version=11)
    return scenario_facts(DRAFT_AT), _context(DRAFT_AT, version=4)


def _render(name: str, fmt: str) -> str:
    facts, context = _scenario(name)
    return render_review_copy(facts=facts, fmt=fmt, context=context)


def _cells(document: str, lang: str) -> list[str]:
    found = re.findall(rf'<td lang="{lang}"><div class="label">(.*?)</div>', document)
    return [html.unescape(label) for label in found]


@pytest.mark.parametrize("name", ["draft", "complete"])
@both_formats
def test_the_scenario_review_copy_matches_its_golden_file(name, fmt):
    document = _render(name, fmt)
    golden = GOLDEN / f"review-copy.{name}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(document, encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert document == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["draft", "preliminary", "complete"])
def test_each_column_shows_exactly_what_that_languages_notification_says(name):
    facts, context = _scenario(name)
    document = render_review_copy(facts=facts, fmt="html", context=context)
    section_a = 1 if context.filing is None else 2  # the lines about the kind of filing
    for lang in ("sv", "en"):
        notification = render_notification(facts=facts, lang=lang, fmt="html", context=context)
        shown = [html.unescape(x) for x in re.findall(r"<dt>(.*?)</dt>", notification)]
        imy = _cells(document, lang)[: len(shown) - section_a]
        assert imy == shown[section_a:]
        values = re.findall(r'<dd class="text">(.*?)</dd>', notification, flags=re.S)
        for value in values:
            assert f'<div class="value text">{value}</div>' in document


@both_formats
def test_swedish_and_english_sit_side_by_side_per_imy_section(fmt):
    document = _render("complete", fmt)
    headings = (
        re.findall(r'<h2>([A-J]\. .*?) <span lang="en">/ (.*?)</span></h2>', document)
        if fmt == "html"
        else re.findall(r"^## ([A-J]\. .*?) / (.*)$", document, flags=re.M)
    )
    assert [sv[:2] for sv, _ in headings] == [f"{letter}." for letter in "ABCDEFGHIJ"]
    assert ("E. Beskrivning av incidenten", "What happened") in headings
    if fmt == "md":
        row = (
            "| **Orsak:** Antagonistiskt angrepp, externt | **Cause:** Malicious attack, external |"
        )
        assert row in document
    else:
        row = re.search(r'<tr id="q-description.cause">(.*?)</tr>', document, flags=re.S)
        assert row is not None
        assert "Antagonistiskt angrepp, externt" in row.group(1)
        assert "Malicious attack, external" in row.group(1)
        assert row.group(1).index('lang="sv"') < row.group(1).index('lang="en"')


@both_formats
def test_the_open_questions_follow_in_both_languages(fmt):
    document = html.unescape(_render("draft", fmt))
    heading = "Öppna frågor"
    assert heading in document
    open_part = document[document.index(heading) :]
    for path in ("notification.cross_border", "description.investigation"):
        assert LABEL[path].sv in open_part and LABEL[path].en in open_part
    # The answer not known yet that the assessment turns on, and what each answer would mean.
    assert "Har uppgifter förts ut eller kopierats av obehöriga? – ännu inte känt" in open_part
    assert "Were data taken out or copied by someone unauthorised? – not yet known" in open_part
    assert "ENISA 5,25" in open_part and "ENISA 5.25" in open_part


@both_formats
def test_every_reason_of_the_assessment_is_given_in_both_languages(fmt):
    document = html.unescape(_render("complete", fmt))
    judged = assess(scenario_facts(COMPLETE_AT))
    for reason in judged.reasons:
        assert " ".join(reason.text.sv.split()) in " ".join(document.split())
        assert " ".join(reason.text.en.split()) in " ".join(document.split())


@both_formats
def test_the_assessment_and_the_dpos_decision_are_shown_in_both_languages(fmt):
    document = html.unescape(_render("complete", fmt))
    assert "Rekommendation: Anmäl till IMY och informera de registrerade" in document
    assert "Recommendation: Notify IMY and tell the data subjects" in document
    assert "ENISA 4,75 (mycket hög)" in document and "ENISA 4.75 (very high)" in document
    assert "Dataskyddsombudets beslut" in document and "The DPO's decision" in document
    assert "Karin Holm" in document
    assert "12 februari 2024 kl. 10:30" in document and "12 February 2024, 10:30" in document


# Answers of format 2 in section R, and how each reads in Swedish and in English.
NEW_CIRCUMSTANCES = {
    "circumstances.recipients": ("one_known", "En känd mottagare", "One known recipient"),
    "circumstances.recipient_kind": (
        "malicious",
        "En känd person i ond tro",
        "A known person acting in bad faith",
    ),
    "circumstances.deletion": (
        "asked",
        "Ombedda att radera, inte bekräftat",
        "Asked to delete, not confirmed",
    ),
    "circumstances.exposure_hours": (1.5, "1,5 timmar", "1.5 hours"),
    "circumstances.unavailable_hours": (30, "30 timmar", "30 hours"),
    "circumstances.pseudonymised": ("no", "Nej", "No"),
    "circumstances.medium": ("device", "En dator, telefon eller surfplatta", "A laptop, phone"),
    "circumstances.device_state": (
        ["password_locked", "powered_off"],
        "Låst med lösenord eller kod",
        "Locked with a password or PIN",
    ),
    "circumstances.misuse_kinds": (["harassment"], "Hot, trakasserier", "Threats, harassment"),
    "circumstances.care_affected": ("possible", "Vården kan störas", "Care could be disrupted"),
    "circumstances.backup": ("held_elsewhere", "finns kvar på annat håll", "still held elsewhere"),
    "circumstances.sensitive_gravity": ("grave", "Allvarliga eller stigmatiserande", "Grave"),
    "circumstances.authority_aware": (True, "Ja", "Yes"),
}


@both_formats
def test_section_r_shows_the_new_circumstances_with_their_labels_in_both_languages(fmt):
    facts, context = _scenario("draft")
    answers = {path: value for path, (value, _sv, _en) in NEW_CIRCUMSTANCES.items()}
    facts = apply(facts, {**answers, "circumstances.access": NOT_YET_KNOWN}, now=DRAFT_AT)
    document = html.unescape(render_review_copy(facts=facts, fmt=fmt, context=context))
    start = document.index("R. Omständigheter för riskbedömningen")
    end = "## Riskbedömning" if fmt == "md" else '<section class="assessment">'
    part = document[start : document.index(end, start)]
    assert "Circumstances for the risk assessment" in part
    assert "Skickas inte till IMY" in part and "Not sent to IMY" in part
    for path, (_value, sv, en) in NEW_CIRCUMSTANCES.items():
        assert LABEL[path].sv in part and LABEL[path].en in part, path
        assert sv in part and en in part, path
    # Marked "not yet known": said so; not answered at all: left out.
    assert LABEL["circumstances.access"].sv in part
    assert "ännu inte känt" in part.partition(LABEL["circumstances.access"].sv)[2][:120].lower()
    assert LABEL["circumstances.integrity"].en not in part
    assert facts.circumstances.integrity is None
    # Internal: the notification to IMY never shows them.
    for lang in ("sv", "en"):
        notification = render_notification(facts=facts, lang=lang, fmt=fmt, context=context)
        assert LABEL["circumstances.recipient_kind"](lang) not in html.unescape(notification)


def test_an_assessment_given_by_the_caller_is_the_one_shown():
    facts, context = _scenario("complete")
    other = assess(Facts())
    document = render_review_copy(facts=facts, fmt="md", context=context, assessment=other)
    assert f"Rekommendation: {other.outcome.label('sv')}" in document
    assert "ENISA 4,75" not in document


@both_formats
def test_a_filed_review_copy_names_the_filing_in_both_languages(fmt):
    facts = scenario_facts(COMPLETE_AT)
    filing = FilingInfo(
        kind=FilingKind.COMPLETE,
        seq=2,
        filed_at=COMPLETE_AT,
        case_number=CASE_NUMBER,
        changes={},
        first_filed_at=PRELIMINARY_AT,
    )
    context = _context(COMPLETE_AT, filing, version=11)
    document = render_review_copy(facts=facts, fmt=fmt, context=context)
    assert "Fullständig anmälan nr 2" in document and "Complete notification no. 2" in document
    assert document.count(CASE_NUMBER) >= 2


@both_formats
def test_the_footer_is_in_both_languages(fmt):
    document = _render("draft", fmt)
    assert "faktaversion 4" in document and "facts version 4" in document
    assert document.count(CHAIN_HEAD[:16]) == 2
    assert CHAIN_HEAD[16:] not in document
    assert "21 januari 2024 kl. 18:30" in document and "21 January 2024, 18:30" in document


def _hostile() -> Facts:
    now = from_stockholm(datetime(2024, 3, 4, 12, 0))
    return apply(
        Facts(),
        {
            "controller.name": HOSTILE,
            "times.aware_at": "2024-03-01T10:00",
            "description.summary": HOSTILE + "\n# heading\n- item\n> quote\n1. one\n---",
            "measures.taken": HOSTILE,
            "other.secrecy_claim": HOSTILE + " | col",
        },
        now=now,
    )


def test_hostile_text_stays_literal_in_html():
    document = render_review_copy(
        facts=_hostile(), fmt="html", context=_context(from_stockholm(datetime(2024, 3, 4, 12)))
    )
    assert "<script" not in document
    assert "49" not in document
    # Header, then each of four answers in two columns.
    assert html.unescape(document).count(HOSTILE) == 1 + 4 * 2


def test_hostile_text_stays_literal_in_markdown():
    document = render_review_copy(
        facts=_hostile(), fmt="md", context=_context(from_stockholm(datetime(2024, 3, 4, 12)))
    )
    assert not re.search(r"(?<!\\)[<]", document)
    assert "49" not in document
    plain = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", document)
    assert plain.count(HOSTILE) == 1 + 4 * 2
    # A pipe in user text cannot open a new table cell: every row keeps its two columns.
    for line in document.splitlines():
        if line.startswith("| **"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 3, line
    assert "\\| col" in document


def test_an_unknown_format_is_refused():
    facts, context = _scenario("draft")
    with pytest.raises(InputError):
        render_review_copy(facts=facts, fmt="pdf", context=context)
