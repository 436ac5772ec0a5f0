"""The EDPB common template (draft of June 2026): the scenario moved to Saturday 17 January 2026
exported keyed by the template's field ids and checked against its JSON Schema, the command line,
the permission, and the document in every language and format read back."""

from __future__ import annotations

import json
import re
import stat
from datetime import datetime, timedelta
from typing import Any

import pytest
from cli_support import run
from collaboration_support import build_world
from documents_support import document_context, one_line, pdf_text, word_body
from jsonschema import Draft202012Validator, FormatChecker

from breachreport.demo.scenario import PRELIMINARY_AT, scenario_facts
from breachreport.documents import FilingInfo
from breachreport.documents.catalogue import render_draft
from breachreport.domain import edpb_template
from breachreport.domain.changes import apply
from breachreport.domain.choices import FilingKind
from breachreport.domain.edpb_template import (
    FIELDS,
    MANDATORY,
    TEMPLATE,
    VERSION,
    EdpbExportInvalid,
    Field,
    edpb_export,
    edpb_schema,
)
from breachreport.domain.facts import Facts, parse_facts
from breachreport.domain.status import Role
from breachreport.domain.times import from_stockholm
from breachreport.errors import PermissionDenied

# The scenario 104 weeks later: the weekdays stay, the cybersäkerhetslag is in force.
MOVE = timedelta(weeks=104)
_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def _moved(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _moved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_moved(item) for item in value]
    if isinstance(value, str) and _ISO.match(value):
        return (datetime.fromisoformat(value) + MOVE).isoformat()
    return value


def facts_2026(as_of: datetime) -> Facts:
    """The scenario's facts as known at ``as_of`` (a time in 2026), every time moved 104 weeks."""
    data = _moved(scenario_facts(as_of - MOVE).to_json_dict())
    return parse_facts(data, now=as_of)


AWARE = from_stockholm(datetime(2026, 1, 17, 14, 0))  # Saturday
OPENED = AWARE + timedelta(minutes=5)  # the case is open, the counts not yet known
PRELIMINARY = PRELIMINARY_AT + MOVE  # Monday 19 January 2026, 16:00


def _valid(document: dict) -> list[str]:
    validator = Draft202012Validator(edpb_schema(), format_checker=FormatChecker())
    return [error.message for error in validator.iter_errors(document)]


def _export(facts: Facts, at: datetime = PRELIMINARY, **kwargs: Any) -> dict:
    return edpb_export(facts, reference="BR-2026-0001", generated_at=at, **kwargs)


# -- the export ------------------------------------------------------------------------------


def test_the_scenario_in_2026_exports_keyed_by_field_id_and_validates_against_the_schema():
    document = _export(facts_2026(PRELIMINARY))
    assert _valid(document) == []
    assert document["header"]["template"] == VERSION == "edpb-art33-template/2026-06-draft"
    assert set(document) - {"header"} <= {str(field.id) for field in FIELDS}
    assert document["3"] == "new" and document["4"] == "incomplete"
    assert document["9"] == "232199-0000" and document["12"] == "SE" and document["13"] == "public"
    assert document["47"] == "2026-01-17T13:00:00Z"  # 14:00 in Stockholm
    assert document["44"] == "ongoing" and document["45"] == "2026-01-16T22:30:00Z"
    assert document["57"] == ["ransomware"]
    assert (document["59"], document["60"]) == ("external", "malicious")
    assert document["52"] == "cannot_assess"  # exfiltration neither confirmed nor ruled out
    assert document["55"] == "yes" and document["56"] == "temporary"
    assert "health" in document["66"] and "national_id" in document["66"]
    assert {p["name"] for p in document["31"]} >= {"Samplan Systems AB", "Driftcenter Norden AB"}
    assert document["85"] == "risk"  # the DPO decided to notify IMY, not yet the patients
    assert document["97"] == "not_yet"  # the patients: not yet known, pending the forensics
    assert document["109"] is True and document["110"] == "5000-K100412-24"
    assert document["113"] == [{"authority": "csirt", "reported_at": "2026-01-19T09:30:00Z"}]
    assert document["114"] is False


def test_every_mandatory_field_is_given_or_explicitly_to_be_determined():
    for at in (OPENED, PRELIMINARY):
        document = _export(facts_2026(at), at=at)
        open_ids = document["header"]["to_be_determined"]
        for field in FIELDS:
            if field.need == MANDATORY:
                key = str(field.id)
                assert (key in document) != (key in open_ids), (at, key)


def test_a_count_not_yet_known_becomes_the_templates_to_be_determined():
    early = _export(facts_2026(OPENED), at=OPENED)
    assert early["64"] == "to_be_determined" and "65" not in early
    assert early["69"] == "to_be_determined" and "70" not in early
    assert early["4"] == "incomplete"
    later = _export(facts_2026(PRELIMINARY))
    assert later["64"] == "approximate" and later["65"] == 4900


def test_an_unanswered_mandatory_field_is_listed_as_to_be_determined_not_invented():
    document = _export(Facts(), at=PRELIMINARY)
    open_ids = document["header"]["to_be_determined"]
    assert {"10", "47", "51", "57"} <= set(open_ids)
    assert "10" not in document and document["85"] == "more_information_needed"
    assert _valid(document) == []


def test_the_schema_refuses_a_mandatory_field_neither_given_nor_marked():
    document = _export(facts_2026(PRELIMINARY))
    del document["47"]
    assert _valid(document)
    with pytest.raises(EdpbExportInvalid, match="47"):
        edpb_template.check(document)
    document["header"]["to_be_determined"].append("47")
    assert _valid(document) == []


def test_a_conditional_field_whose_condition_holds_is_required_too():
    document = _export(facts_2026(PRELIMINARY))
    assert document["64"] == "approximate"
    del document["65"]
    assert _valid(document)


def test_an_export_that_breaks_the_schema_is_an_internal_error_and_never_returned(monkeypatch):
    broken = Field(
        12, 1, MANDATORY, "choice", TEMPLATE[12].label, lambda src: "XX", TEMPLATE[12].options
    )
    fields = tuple(broken if f.id == 12 else f for f in FIELDS)
    monkeypatch.setattr(edpb_template, "FIELDS", fields)
    monkeypatch.setattr(edpb_template, "TEMPLATE", {f.id: f for f in fields})
    with pytest.raises(EdpbExportInvalid, match=r"12: 'XX' is not one of"):
        _export(facts_2026(PRELIMINARY))


def test_a_follow_up_quotes_the_earlier_case_number_and_is_judged_late_by_the_first_filing():
    complete = from_stockholm(datetime(2026, 2, 9, 11, 0))
    facts = facts_2026(complete)
    follow_up = _export(facts, at=complete, previous="IMY-2026-0412", first_filed_at=PRELIMINARY)
    assert follow_up["3"] == "follow_up" and follow_up["6"] == "IMY-2026-0412"
    assert "48" not in follow_up and "48" not in follow_up["header"]["to_be_determined"]
    assert follow_up["64"] == "exact" and follow_up["65"] == 4899 and follow_up["70"] == 61000
    assert follow_up["97"] == "communicated" and follow_up["103"] == ["online_portal", "website"]
    assert follow_up["85"] == "high_risk"  # the DPO decided to tell the patients
    # A first notification made only now would be days late, and must say why.
    first = _export(facts, at=complete)
    assert first["3"] == "new" and "48" in first["header"]["to_be_determined"]
    late = apply(
        facts, {"times.delay_reasons": "Väntade på leverantörens utredning."}, now=complete
    )
    assert _export(late, at=complete)["48"] == "Väntade på leverantörens utredning."


def test_a_filing_decides_new_or_follow_up_and_complete_or_withdrawal():
    facts = facts_2026(PRELIMINARY)
    withdrawal = FilingInfo(
        kind=FilingKind.WITHDRAWAL, seq=2, filed_at=PRELIMINARY, case_number="IMY-2026-0412"
    )
    document = _export(facts, filing=withdrawal)
    assert (document["3"], document["4"], document["6"]) == (
        "follow_up",
        "withdrawal",
        "IMY-2026-0412",
    )
    assert "5" in document["header"]["to_be_determined"]  # the reasons are not in the facts
    complete = FilingInfo(kind=FilingKind.COMPLETE, seq=1, filed_at=PRELIMINARY)
    assert _export(facts, filing=complete)["4"] == "complete"


def test_an_exemption_from_telling_the_data_subjects_is_named_with_its_reasons():
    facts = apply(
        facts_2026(PRELIMINARY),
        {
            "communication.status": "will_not_inform",
            "communication.reason_not": "art34_3a",
            "communication.reason_details": "Uppgifterna var starkt krypterade.",
        },
        now=PRELIMINARY,
    )
    document = _export(facts)
    assert (document["97"], document["100"]) == ("exemption", "art34_3a")
    assert document["101"] == "Uppgifterna var starkt krypterade."


def test_data_subjects_in_other_countries_are_listed_and_the_lead_authority_is_still_open():
    facts = apply(
        facts_2026(PRELIMINARY),
        {"notification.cross_border": True, "other.other_countries": ["NO", "FI"]},
        now=PRELIMINARY,
    )
    document = _export(facts)
    assert document["114"] is True
    assert document["117"] == [{"country": "FI"}, {"country": "NO"}]
    assert "115" in document["header"]["to_be_determined"]


# -- the use case and the command line ---------------------------------------------------------


def test_the_export_needs_the_right_to_export_facts(store):
    world = build_world(store)
    document = world.workspace.edpb.export(world.ref, actor=world.actor(Role.DPO))
    assert document["header"]["reference"] == world.ref and _valid(document) == []
    for role in (Role.LEGAL_REVIEWER, Role.SUPPLIER_CONTACT):
        with pytest.raises(PermissionDenied):
            world.workspace.edpb.export(world.ref, actor=world.actor(role))


def test_schema_edpb_prints_the_templates_schema_and_schema_alone_the_facts(capsys):
    code, out, _ = run(capsys, "schema", "--edpb")
    schema = json.loads(out)
    assert code == 0
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["x-template-version"] == VERSION
    assert schema["properties"]["47"]["x-label"]["sv"] == "När fick ni kännedom om incidenten?"
    assert schema == edpb_schema()
    code, out, _ = run(capsys, "schema")
    assert code == 0 and "times" in json.loads(out)["properties"]


def _import_2026(capsys, tmp_path) -> str:
    source = tmp_path / "facts.json"
    facts = facts_2026(PRELIMINARY).to_json_dict()
    facts["times"]["delay_reasons"] = "Anmälan görs i efterhand i ett test."
    source.write_text(json.dumps(facts), encoding="utf-8")
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    return out.strip()


def test_export_format_edpb_on_stdout_and_to_a_private_file(home, capsys, tmp_path):
    run(capsys, "init")
    ref = _import_2026(capsys, tmp_path)
    code, out, err = run(capsys, "export", ref, "--format", "edpb")
    assert code == 0, err
    document = json.loads(out)
    assert _valid(document) == [] and document["header"]["reference"] == ref
    assert document["47"] == "2026-01-17T13:00:00Z" and document["3"] == "new"
    target = tmp_path / "edpb.json"
    code, _, err = run(capsys, "export", ref, "--format", "edpb", "--output", str(target))
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["10"] == "Region Nordmark"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, out, _ = run(capsys, "export", ref)  # the default is still the facts
    assert code == 0 and json.loads(out)["controller"]["name"] == "Region Nordmark"
    with pytest.raises(SystemExit) as refused:
        run(capsys, "export", ref, "--format", "xml")
    assert refused.value.code == 2 and "'xml'" in capsys.readouterr().err


def test_after_the_filing_the_export_is_a_follow_up_quoting_imys_case_number(
    home, capsys, tmp_path
):
    run(capsys, "init")
    ref = _import_2026(capsys, tmp_path)
    code, _, err = run(capsys, "file", ref, "--kind", "preliminary")
    assert code == 0, err
    document = json.loads(run(capsys, "export", ref, "--format", "edpb")[1])
    assert document["3"] == "follow_up" and "6" in document["header"]["to_be_determined"]
    run(capsys, "case-number", ref, "IMY-2026-0412")
    document = json.loads(run(capsys, "export", ref, "--format", "edpb")[1])
    assert (document["3"], document["6"]) == ("follow_up", "IMY-2026-0412")


# -- the document ----------------------------------------------------------------------------

HEADINGS = {
    "sv": ["Del 1. Typ av anmälan och personuppgiftsansvarig", "Del 7. Bilagor"],
    "en": ["Part 1. Notification type and controller", "Part 7. Attachments"],
}
# (field id, label) pairs and values a reader must find.
FIELD_LINES = {
    "sv": [(47, "När fick ni kännedom om incidenten?"), (69, "Antal poster: exakt, ungefärligt")],
    "en": [(47, "When did you become aware of the breach?"), (69, "Number of records: exact")],
}
VALUES = {
    "sv": ["17 januari 2026 kl. 14:00", "Fastställs senare", "Utpressningsprogram", "Natten mot"],
    "en": ["17 January 2026, 14:00", "To be determined", "Ransomware", "In the night before 17"],
}


def _read(fmt: str, content: bytes) -> str:
    """What a reader sees, on one line: tags, Markdown escapes and emphasis taken away."""
    if fmt == "docx":
        return one_line("\n".join(word_body(content)))
    if fmt == "pdf":
        return one_line(pdf_text(content))
    text = content.decode("utf-8")
    if fmt == "html":
        text = re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("&#34;", '"')
    return one_line(text.replace("\\", "").replace("**", ""))


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_document_shows_the_seven_parts_with_field_ids_labels_and_values(lang, fmt):
    facts = apply(
        facts_2026(OPENED),
        {"english.description_summary": "In the night before 17 January, ransomware hit."},
        now=OPENED,
    )
    content = render_draft(
        "edpb-template", facts=facts, lang=lang, fmt=fmt, context=document_context(OPENED)
    )
    text = _read(fmt, content)
    for heading in HEADINGS[lang]:
        assert heading in text, heading
    for field_id, label in FIELD_LINES[lang]:
        assert re.search(rf"\b{field_id}\.? {re.escape(label)}", text), (field_id, label)
    for expected in VALUES[lang]:
        assert expected in text, expected
    assert VERSION in text


def test_the_document_quotes_the_first_filing_like_the_export():
    facts = facts_2026(PRELIMINARY)
    first = FilingInfo(
        kind=FilingKind.PRELIMINARY, seq=1, filed_at=PRELIMINARY, case_number="IMY-2026-0412"
    )
    context = document_context(PRELIMINARY + timedelta(days=1), filing=first)
    text = render_draft("edpb-template", facts=facts, lang="en", fmt="md", context=context)
    assert "Follow-up of an earlier notification" in text.decode()
    assert "IMY-2026-0412" in text.decode()


def test_an_untranslated_text_is_marked_in_the_english_document():
    facts = apply(facts_2026(PRELIMINARY), {"english.description_summary": None}, now=PRELIMINARY)
    text = render_draft(
        "edpb-template",
        facts=facts,
        lang="en",
        fmt="html",
        context=document_context(PRELIMINARY),
    ).decode()
    assert "[Not translated – original in Swedish]" in text
    assert "Natten mot den" in text  # the Swedish original, as written


def test_the_counts_not_yet_known_read_to_be_determined_in_the_document():
    text = render_draft(
        "edpb-template",
        facts=facts_2026(OPENED),
        lang="sv",
        fmt="md",
        context=document_context(OPENED),
    ).decode()
    block = text.split("**64.", 1)[1].split("**66.", 1)[0]
    assert "Fastställs senare" in block and "Ännu inte känt" not in block
