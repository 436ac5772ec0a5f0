"""The English texts of the free-text answers: where they live and which are missing."""

from breachreport.domain.facts import Facts, parse_facts, questions
from breachreport.domain.translations import (
    TRANSLATABLE,
    english_path,
    english_text,
    source_path,
    untranslated,
)
from breachreport.services import imy_paths


def test_every_free_text_question_sent_to_imy_has_a_place_for_its_english_text():
    sent = {q.path: q for q in questions() if q.sent_to_imy}
    for path in TRANSLATABLE:
        assert path in sent, path
        target = english_path(path)
        assert target is not None and target.startswith("english.")
        assert source_path(target) == path
    assert english_path("controller.name") is None


def test_each_english_question_is_labelled_after_its_source_in_both_languages():
    labels = {q.path: q.label for q in questions()}
    label = labels[english_path("description.summary")]
    assert label.sv == "Engelsk text: Vad har hänt?"
    assert label.en == "English text: What happened?"


def test_the_english_texts_are_never_sent_to_imy_nor_a_change_for_a_supplement():
    assert not Facts.section_class("english").sent_to_imy
    assert all(not q.sent_to_imy for q in questions("english"))
    changes = {"english.description_summary": [None, "A supplier was attacked."]}
    assert imy_paths(changes) == {}


def test_untranslated_names_the_answers_with_text_but_no_english():
    facts = parse_facts(
        {
            "description": {
                "summary": "Leverantören angreps.",
                "investigation": "Inget fördes ut.",
            },
            "measures": {"taken": "Vi stängde kopplingen."},
            "english": {"description_summary": "The supplier was attacked."},
        }
    )
    assert untranslated(facts) == ["description.investigation", "measures.taken"]
    assert english_text(facts, "description.summary") == "The supplier was attacked."
    assert untranslated(Facts()) == []
