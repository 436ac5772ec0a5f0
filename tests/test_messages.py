"""The message catalogues against the code: every text the code uses has its Swedish, compiled.

The texts are extracted from the source in memory (the same extraction as ``scripts/messages``), so
a new ``_("...")`` without a Swedish translation fails here before anyone sees English on a Swedish
screen.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import pickle
from pathlib import Path

import pytest

from breachreport.errors import (
    AuthenticationFailed,
    FactsInvalid,
    NotFound,
    VersionConflict,
)
from breachreport.i18n import LANGS, Message, _, _n, _p, translate, translator

ROOT = Path(__file__).resolve().parents[1]


def _load_script():
    loader = importlib.machinery.SourceFileLoader(
        "scripts_messages", str(ROOT / "scripts/messages")
    )
    spec = importlib.util.spec_from_loader("scripts_messages", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


messages = _load_script()


@pytest.fixture(scope="module")
def problems() -> list[str]:
    return messages.problems()


def _kind(problems: list[str], word: str) -> list[str]:
    return [line for line in problems if f": {word} " in line or line.endswith(f": {word}")]


def test_every_text_the_code_uses_is_in_the_swedish_catalogue(problems):
    assert _kind(problems, "missing") == [], "run scripts/messages update and translate"


def test_every_swedish_entry_is_translated_and_none_is_fuzzy(problems):
    assert _kind(problems, "untranslated") + _kind(problems, "fuzzy") == []


def test_one_english_text_has_one_swedish_translation_across_all_layers(problems):
    assert _kind(problems, "conflict") == [], "tell the two apart with _p(context, ...)"


def test_no_catalogue_keeps_an_entry_the_code_no_longer_uses(problems):
    assert _kind(problems, "obsolete") == [], "run scripts/messages update"


def test_every_compiled_catalogue_matches_its_po_file(problems):
    assert [line for line in problems if "stale" in line] == [], "run scripts/messages compile"


def test_the_check_finds_nothing_else(problems):
    assert problems == []


def test_the_swedish_catalogue_holds_at_least_three_hundred_complete_messages():
    complete = 0
    for layer in messages.CATALOGUES:
        path = messages.po_path("sv", layer)
        if path.exists():
            complete += sum(1 for m in messages.read(path, "sv") if m.id and messages._complete(m))
    assert complete >= 300


def test_every_source_file_belongs_to_a_layer():
    for path in messages.sources():
        assert messages.layer_of(path.relative_to(ROOT).as_posix()) in messages.CATALOGUES


# -- the Message API ----------------------------------------------------------------------------


def test_a_message_is_english_as_a_string_and_swedish_when_asked():
    message = _("The facts are not valid")
    assert str(message) == "The facts are not valid"
    assert message("sv") == message.in_("sv") == "Uppgifterna är inte giltiga"
    assert message("en") == f"{message}"


def test_a_message_fills_in_its_parameters_in_the_language_asked():
    inner = _("The facts are not valid")
    message = _("{what}: {n}", what=inner, n=3)
    assert message("en") == "The facts are not valid: 3"
    assert message("sv") == "Uppgifterna är inte giltiga: 3"


def test_a_message_without_parameters_leaves_its_braces_for_the_caller():
    assert _("Incident {ref}")("en").format(ref="X-1") == "Incident X-1"


def test_an_unknown_language_reads_swedish_like_a_bilingual_text():
    message = _("The facts are not valid")
    assert message("de") == message("sv")


def test_a_text_missing_from_the_catalogue_reads_as_its_english_id():
    assert _("No such text anywhere")("sv") == "No such text anywhere"


def test_a_plural_picks_its_form_by_the_count():
    one = _n("{count} key was retired.", "{count} keys were retired.", 1, count=1)
    many = _n("{count} key was retired.", "{count} keys were retired.", 4, count=4)
    assert str(one) == "1 key was retired."
    assert str(many) == "4 keys were retired."


def test_a_context_keeps_apart_one_english_word_with_two_translations():
    message = _p("somewhere", "The facts are not valid")
    assert message != _("The facts are not valid")
    assert str(message) == "The facts are not valid"
    # No entry under that context: the English id, not the other context's Swedish.
    assert message("sv") == "The facts are not valid"


def test_equal_messages_compare_and_hash_alike_and_survive_pickling():
    first = _("Incident {ref}", ref="X-1")
    assert first == _("Incident {ref}", ref="X-1")
    assert first != _("Incident {ref}", ref="X-2")
    assert hash(first) == hash(_("Incident {ref}", ref="X-2"))
    assert pickle.loads(pickle.dumps(first)) == first
    with pytest.raises(AttributeError):
        first.msgid = "changed"


def test_one_translator_per_language_is_made_once_and_never_installed():
    import builtins

    assert translator("sv") is translator("sv")
    assert all(translator(lang) is translator(lang) for lang in LANGS)
    assert not hasattr(builtins, "_") or builtins._ is not translator("sv").gettext


def test_translate_renders_messages_bilingual_texts_and_english_ids():
    from breachreport.domain.labels import Text

    assert translate(_("The facts are not valid"), "sv") == "Uppgifterna är inte giltiga"
    assert translate(Text("Ja", "Yes"), "sv") == "Ja"
    assert translate("The facts are not valid", "sv") == "Uppgifterna är inte giltiga"
    assert translate("Not a message id", "sv") == "Not a message id"


# -- errors -------------------------------------------------------------------------------------


def test_an_error_is_english_as_a_string_and_in_the_users_language_when_asked():
    error = AuthenticationFailed()
    assert str(error) == "Wrong username or password."
    assert error.in_("sv") == "Fel användarnamn eller lösenord."
    conflict = VersionConflict(incident_ref="X-1", expected_version=1, current_version=2)
    assert str(conflict).startswith("Incident X-1 was changed by someone else")
    assert conflict.in_("sv").startswith("Incident X-1 ändrades av någon annan")


def test_an_error_with_a_plain_english_message_still_reads_it():
    error = NotFound("Nothing by that name here.")
    assert str(error) == error.in_("sv") == "Nothing by that name here."
    assert isinstance(NotFound(_("The facts are not valid")).text, Message)


def test_an_error_carrying_problems_lists_them_in_the_language_asked():
    from breachreport.domain.problems import Problem

    problem = Problem(
        path="controller.email", code="email_format", sv="Fel e-post.", en="Bad email."
    )
    error = FactsInvalid([problem])
    assert str(error) == "The facts are not valid: controller.email: Bad email."
    assert error.in_("sv") == "Uppgifterna är inte giltiga: controller.email: Fel e-post."
    assert error.messages("sv") == ["Fel e-post."]
