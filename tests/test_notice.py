"""The notice to the data subjects (Art. 34): golden documents of the scenario, advice that fits the
kinds of data, the same facts in Swedish and English, literal user text, and the LIX readability
check. Every clock is fixed.

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_notice.py``.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
from documents_support import CHAIN_HEAD, DRAFT_AT, HOSTILE, REF
from documents_support import document_context as _context
from documents_support import stockholm as _at

from breachreport.demo.scenario import COMPLETE_AT, PRELIMINARY_AT, scenario_facts
from breachreport.documents.advice import CATALOGUE, GENERAL, advice_for
from breachreport.documents.lix import counts, lix, paragraphs
from breachreport.documents.notice import (
    notice_body,
    notice_readability,
    notice_view,
    render_notice,
)
from breachreport.documents.notification import FilingInfo, NotificationContext
from breachreport.domain.changes import NOT_YET_KNOWN, apply
from breachreport.domain.choices import DataCategory, FilingKind, SubjectCategory
from breachreport.domain.facts import Facts
from breachreport.domain.translations import UNTRANSLATED_MARKER, english_text
from breachreport.errors import InputError

GOLDEN = Path(__file__).parent / "golden"
LANGS = ("sv", "en")
FORMATS = ("md", "html")
TITLES = {advice.key: advice.title for advice in (*CATALOGUE, GENERAL)}

both_languages = pytest.mark.parametrize("lang", LANGS)
both_formats = pytest.mark.parametrize("fmt", FORMATS)


def _scenario(name: str) -> tuple[Facts, NotificationContext]:
    if name == "complete":
        filing = FilingInfo(
            kind=FilingKind.COMPLETE,
            seq=2,
            filed_at=COMPLETE_AT,
            case_number="IMY-2024-0412",
            changes={},
            first_filed_at=PRELIMINARY_AT,
        )
        return scenario_facts(COMPLETE_AT), _context(COMPLETE_AT, filing, version=11)
    return scenario_facts(DRAFT_AT), _context(DRAFT_AT, version=4)


def _render(name: str, lang: str, fmt: str) -> str:
    facts, context = _scenario(name)
    return render_notice(facts=facts, lang=lang, fmt=fmt, context=context)


def _facts(**answers: object) -> Facts:
    now = _at("2024-03-04T12:00")
    base = {"controller.name": "Region Nordmark", "times.aware_at": "2024-03-01T10:00"}
    return apply(Facts(), {**base, **answers}, now=now)


def _notice(facts: Facts, lang: str = "sv", fmt: str = "md") -> str:
    return render_notice(facts=facts, lang=lang, fmt=fmt, context=_context(_at("2024-03-04T12:00")))


def _plain_markdown(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace("  \n", "\n"))


# -- the scenario, as the people affected receive it ------------------------------------------


@pytest.mark.parametrize("name", ["draft", "complete"])
@both_languages
@both_formats
def test_the_scenario_notice_matches_its_golden_file(name, lang, fmt):
    document = _render(name, lang, fmt)
    golden = GOLDEN / f"data-subject-notice.{name}.{lang}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(document, encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert document == golden.read_text(encoding="utf-8")


NOTICE_HEADINGS = {
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


@both_languages
def test_the_notice_answers_the_questions_article_34_asks_in_order(lang):
    markdown = _render("complete", lang, "md")
    assert re.findall(r"^## (.*)$", markdown, flags=re.M) == NOTICE_HEADINGS[lang]
    page = _render("complete", lang, "html")
    assert re.findall(r"<h2>(.*?)</h2>", page) == NOTICE_HEADINGS[lang]
    assert f'<html lang="{lang}">' in page


@both_languages
@both_formats
def test_the_scenario_notice_gives_the_advice_for_its_kinds_of_data_only(lang, fmt):
    # Names, contact details, personal identity numbers and health data were affected.
    document = html.unescape(_render("complete", lang, fmt))
    for key in ("identity_fraud", "phishing", "health"):
        assert TITLES[key](lang) in document
    for key in ("passwords", "bank", "location", "sensitive", "biometric", "general"):
        assert TITLES[key](lang) not in document
    assert "UC" in document and "1177" in document


@pytest.mark.parametrize(
    ("data", "subjects", "expected", "telltale"),
    [
        (["credentials"], [], ["passwords"], {"sv": "två steg", "en": "two-step"}),
        (["financial"], [], ["bank"], {"sv": "spärra ditt kort", "en": "block your card"}),
        (["personal_number"], [], ["identity_fraud"], {"sv": "UC", "en": "credit freeze"}),
        (["contact"], [], ["phishing"], {"sv": "BankID", "en": "BankID"}),
        (["health"], [], ["health"], {"sv": "1177", "en": "1177"}),
        (["location"], [], ["location"], {"sv": "114 14", "en": "114 14"}),
        (["sex_life"], [], ["sensitive"], {"sv": "pressa", "en": "threaten"}),
        (["identity"], ["protected_identity"], ["protected_identity"], {"sv": "112", "en": "112"}),
        (
            ["official_documents"],
            [],
            ["identity_fraud", "identity_document"],
            {"sv": "id-kort", "en": "identity card"},
        ),
        (["identity"], [], ["general"], {"sv": "konstigt", "en": "odd"}),
        (NOT_YET_KNOWN, [], ["general"], {"sv": "konstigt", "en": "odd"}),
    ],
)
@both_languages
def test_the_advice_fits_the_kinds_of_data_affected(data, subjects, expected, telltale, lang):
    answers = {"data.data_categories": data}
    if subjects:
        answers["data.subject_categories"] = subjects
    document = _notice(_facts(**answers), lang)
    for key, title in TITLES.items():
        assert (title(lang) in document) is (key in expected), key
    assert telltale[lang] in document


def test_every_kind_of_data_has_a_plain_name_and_advice_comes_most_urgent_first():
    every = list(DataCategory)
    view = notice_view(facts=_facts(**{"data.data_categories": every}), lang="sv", context=None)
    assert len(view["data"]) == len(every)
    assert not any(name.startswith("Känsliga:") for name in view["data"])
    keys = [advice.key for advice in advice_for(every, list(SubjectCategory))]
    assert keys == [advice.key for advice in CATALOGUE]
    assert keys[0] == "passwords"


@pytest.mark.parametrize("lang", LANGS)
def test_the_kinds_of_data_and_groups_added_in_format_2_have_plain_words_and_advice(lang):
    facts = _facts(
        **{
            "data.data_categories": ["foreign_id", "family", "vehicle"],
            "data.subject_categories": ["victims"],
        }
    )
    view = notice_view(facts=facts, lang=lang, context=None)
    assert len(view["data"]) == 3
    assert not any(c.label(lang) in view["data"] for c in DataCategory)  # plain, not IMY's words
    keys = [advice["key"] for advice in view["advice"]]
    assert keys == ["identity_fraud", "safety"]  # a foreign identity number, a crime victim
    for group in ("victims", "persecution_risk"):
        assert [a.key for a in advice_for([], [SubjectCategory(group)])] == ["safety"]


@pytest.mark.parametrize("name", ["draft", "complete"])
@both_formats
def test_both_languages_carry_the_same_facts(name, fmt):
    sv, en = (html.unescape(_render(name, lang, fmt)) for lang in LANGS)

    def numbers(text: str) -> list[str]:
        return re.findall(r"\d+", re.sub(r"(?<=\d)[,\u00a0](?=\d{3})", "", text))

    assert numbers(sv) == numbers(en)
    facts, _ = _scenario(name)
    # The DPO's own texts in Swedish, and in English in the English copy (the scenario gives both).
    for path in ("description.summary", "measures.taken", "consequences.details"):
        assert facts.value(path) in sv
        assert english_text(facts, path) in en
        assert facts.value(path) not in en
    for text in (
        facts.contact.dpo_email,
        facts.contact.dpo_phone,
        "Karin Holm",
        REF,
    ):
        assert text in sv and text in en
    if name == "complete":
        assert "4\u00a0899 personer" in sv and "4,899 people" in en
    else:
        assert "ca 4\u00a0900 personer" in sv and "about 4,900 people" in en


@both_languages
def test_the_notice_says_imy_was_told_only_once_a_filing_exists(lang):
    told = "Integritetsskyddsmyndigheten (IMY) den" if lang == "sv" else "(IMY) on"
    complete = _render("complete", lang, "md")
    assert told in complete
    assert ("22 januari 2024" if lang == "sv" else "22 January 2024") in complete  # first filing
    assert told not in _render("draft", lang, "md")


@both_languages
def test_an_open_question_about_exfiltration_is_said_plainly(lang):
    draft, complete = _render("draft", lang, "md"), _render("complete", lang, "md")
    unknown = (
        "Vi vet inte än om någon har tagit uppgifter."
        if lang == "sv"
        else "We do not know yet whether anyone took data."
    )
    ruled_out = (
        "Vi har inga tecken på att någon har tagit dina uppgifter."
        if lang == "sv"
        else "We have no sign that anyone took your data."
    )
    assert unknown in draft and ruled_out not in draft
    assert ruled_out in complete and unknown not in complete


@both_languages
def test_the_contact_is_the_dpo_or_else_the_contact_person(lang):
    with_dpo = _notice(_facts(**{"contact.dpo_name": "Karin Holm"}), lang)
    assert ("dataskyddsombud Karin Holm" if lang == "sv" else "officer, Karin Holm") in with_dpo
    contact = _notice(
        _facts(**{"contact.contact_name": "Anna Berg", "contact.contact_email": "a@example.se"}),
        lang,
    )
    assert ("Kontakta Anna Berg." if lang == "sv" else "Contact Anna Berg.") in contact
    assert "a@example.se" in contact
    nobody = _notice(_facts(), lang)
    assert ("Kontakta oss om du har frågor." if lang == "sv" else "Contact us if") in nobody


@both_languages
@both_formats
def test_every_notice_carries_the_footer(lang, fmt):
    for name, version in (("draft", 4), ("complete", 11)):
        document = _render(name, lang, fmt)
        assert REF in document
        assert CHAIN_HEAD[:16] in document
        assert CHAIN_HEAD[16:] not in document
        assert (
            f"faktaversion {version}" if lang == "sv" else f"facts version {version}"
        ) in document
    generated = "12 februari 2024 kl. 11:00" if lang == "sv" else "12 February 2024, 11:00"
    assert generated in _render("complete", lang, fmt)


def _hostile() -> Facts:
    return _facts(
        **{
            "controller.name": HOSTILE,
            "contact.dpo_name": HOSTILE,
            "description.summary": HOSTILE + "\n# heading\n- item\n> quote\n1. one\n---",
            "consequences.details": HOSTILE,
            "measures.taken": HOSTILE,
            "measures.planned": HOSTILE,
        }
    )


@both_languages
def test_hostile_text_stays_literal_in_html(lang):
    document = _notice(_hostile(), lang, "html")
    assert "<script" not in document
    assert "49" not in document
    # The controller heads the page and opens the first sentence; the DPO is named once.
    assert html.unescape(document).count(HOSTILE) == 7
    assert "# heading\n- item\n&gt; quote\n1. one\n---</p>" in document


@both_languages
def test_hostile_text_stays_literal_in_markdown(lang):
    document = _notice(_hostile(), lang, "md")
    assert not re.search(r"(?<!\\)[<>]", document)
    assert "49" not in document
    assert _plain_markdown(document).count(HOSTILE) == 7
    assert "*bold*" not in document and "\\*bold\\*" in document
    lines = document.splitlines()
    for structure in ("# heading", "- item", "> quote", "1. one"):
        assert structure not in lines
    assert lines.count("---") == 1  # the rule above the footer, not the one in the summary


@both_languages
def test_the_html_is_a_standalone_printable_document(lang):
    document = _render("complete", lang, "html")
    assert document.startswith("<!DOCTYPE html>\n")
    assert document.rstrip().endswith("</html>")
    assert "size: A4" in document
    for external in ("http://", "https://", "<link", "<script", "src=", "@import", "url("):
        assert external not in document


@pytest.mark.parametrize(("lang", "fmt"), [("de", "md"), ("sv", "docx")])
def test_an_unknown_language_or_format_is_refused(lang, fmt):
    facts, context = _scenario("draft")
    with pytest.raises(InputError):
        render_notice(facts=facts, lang=lang, fmt=fmt, context=context)


# -- readability ------------------------------------------------------------------------------


def test_lix_of_a_hand_counted_text():
    # Words: Vi har haft en incident (5) + Dina uppgifter kan ha lästs av obehöriga personer (8)
    # = 13; sentences: 2; long words (more than six letters): incident, uppgifter, obehöriga,
    # personer = 4. LIX = 13 / 2 + 100 × 4 / 13 = 6.5 + 30.77 = 37.3.
    text = "Vi har haft en incident. Dina uppgifter kan ha lästs av obehöriga personer!"
    assert counts(text) == (13, 2, 4)
    assert lix(text) == 37.3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Swedish letters belong to the word: two long words, not five short pieces.
        ("Åtgärderna övervägs.", (2, 1, 2)),
        # Exactly six letters is not long; seven is.
        ("Rubrik. Rubriks.", (2, 2, 1)),
        # Abbreviations and clock times do not end a sentence.
        ("Ring oss t.ex. kl. 14:00 i dag.", (7, 1, 0)),
        # A number is one short word however it is grouped.
        ("Det gäller 4 899 personer och 61,000 poster.", (7, 1, 1)),
        # An email address or a web address is read as one word.
        ("Skriv till dataskyddsombud@nordmark.example.se eller besök imy.se i dag.", (8, 1, 0)),
        # "m.m." ends a sentence before a capital letter, and not inside one.
        ("Vi har namn m.m. Vi har inte mer.", (8, 2, 0)),
        ("Namn m.m. finns kvar.", (4, 1, 0)),
        # A list item or heading without a full stop is a sentence of its own.
        ("Det kan gälla:\n\n- ditt namn\n- din adress", (7, 3, 0)),
        # A tag the DPO typed, escaped in Markdown, is text: the list items stay apart.
        ("- Skriv \\<p> här\n- Nästa", (4, 2, 0)),
        ("", (0, 0, 0)),
    ],
)
def test_lix_counts_words_sentences_and_long_words_sensibly(text, expected):
    assert counts(text) == expected


def test_lix_reads_the_words_not_the_markup():
    plain = "Rubrik. Ett steg. Ett till steg med uppgifter."
    markdown = "# Rubrik\n\n- **Ett** steg\n- Ett `till` steg med *uppgifter*.\n"
    page = (
        "<!DOCTYPE html><html><head><title>Titel med långaord</title><style>p { color: red; }"
        "</style></head><body><h1>Rubrik</h1><ul><li>Ett steg</li><li>Ett till steg med "
        "<em>uppgifter</em>.</li></ul></body></html>"
    )
    assert counts(markdown) == counts(plain) == counts(page) == (8, 3, 1)
    assert paragraphs("Rad ett\nfortsätter.\n\nNästa stycke.") == [
        "Rad ett fortsätter.",
        "Nästa stycke.",
    ]
    assert lix("") == 0.0


@pytest.mark.parametrize("as_of", [DRAFT_AT, PRELIMINARY_AT, COMPLETE_AT])
def test_the_swedish_scenario_notice_reads_under_lix_40(as_of):
    assert 20 < notice_readability(scenario_facts(as_of)) < 40


def test_the_template_text_alone_reads_under_lix_40():
    every = [c.value for c in DataCategory]
    facts = _facts(
        **{
            "data.data_categories": every,
            "data.subject_categories": ["protected_identity", "victims"],
            "contact.dpo_name": "Karin Holm",
            "contact.dpo_email": "dso@example.se",
            "consequences.likely": ["identity_theft", "financial_loss", "distress"],
        }
    )
    assert notice_readability(facts) < 40
    assert notice_readability(facts, "en") < 40


def test_the_readability_counts_the_dpos_own_words_and_leaves_out_the_footer():
    facts = scenario_facts(COMPLETE_AT)
    officialese = (
        "Personuppgiftsincidenten föranleddes av otillräckliga behörighetsbegränsningar i "
        "verksamhetssystemets administrationsgränssnitt, varvid obehöriga aktörer erhöll "
        "tillgång till personuppgiftsbehandlingens samtliga informationsmängder."
    )
    heavy = apply(facts, {"description.summary": officialese * 8}, now=COMPLETE_AT)
    assert notice_readability(heavy) > notice_readability(facts) + 5
    body = notice_body(facts)
    assert "granskningskedjans" not in body and REF not in body
    assert notice_readability(facts) == lix(body)


@both_formats
def test_an_english_notice_marks_the_dpos_text_that_has_no_english(fmt):
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
    english = html.unescape(render_notice(facts=facts, lang="en", fmt=fmt, context=context))
    assert english.count(UNTRANSLATED_MARKER) == 1
    assert english.index(UNTRANSLATED_MARKER) < english.index("Ett system var nere.")
    assert "We have restarted the system." in english
    swedish = render_notice(facts=facts, lang="sv", fmt=fmt, context=context)
    assert UNTRANSLATED_MARKER not in swedish and "Vi har startat om systemet." in swedish
