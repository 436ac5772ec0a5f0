"""Hostile supplier bulletins (issue 17): a supplier that signs nonsense with its own key, or
someone who changes the file on its way, gets one clear line per problem and nothing stored.

Attacked here as the facts import was (tests/test_import_hostile.py): the answers inside a
correctly signed bulletin (characters, types, years, times in the future or before the breach), the
file around the signed part (a part beside it, a forged key id, JSON that is not a bulletin), the
supplier's registration (its name, a key of no strength, a key file of several lines), and what a
bulletin's proposal must still meet when the DPO accepts it.
"""

from __future__ import annotations

import base64
import copy
import json
from datetime import UTC, datetime

import pytest
from test_bulletin_import import DPO, NAME, controller, snapshot, supplier_key

from breachreport.cli import main
from breachreport.crypto.bulletin_signing import (
    BulletinRefused,
    fingerprint,
    generate_key,
    is_weak_key,
    parse_public_key,
    public_key_text,
    verify,
)
from breachreport.domain.bulletin import canonical_json, example_bulletin
from breachreport.domain.bulletin_example import EKEBY, SJOHAMRA
from breachreport.domain.status import Role
from breachreport.errors import FactsInvalid, InputError

SIGNED = "breachreport-signed-bulletin/1"


def bulletin(version: int = 1) -> dict:
    """Bulletin ``version`` of the worked example as Ekeby kommun's part (plain JSON)."""
    data = example_bulletin(version).model_dump(mode="json")
    data["customers"] = [c for c in data["customers"] if c["org_number"] == EKEBY[0]]
    return data


def hostile(path: str, value, version: int = 1) -> dict:
    """The part with one answer replaced (a dotted path; digits index a list)."""
    data = copy.deepcopy(bulletin(version))
    *parents, last = path.split(".")
    holder = data
    for step in parents:
        holder = holder[int(step)] if step.isdigit() else holder[step]
    holder[int(last) if last.isdigit() else last] = value
    return data


def part(data: dict, key=None) -> dict:
    """A part signed over exactly ``data`` by a supplier that signs whatever it likes."""
    key = key or supplier_key()
    value = base64.b64encode(key.sign(canonical_json(data))).decode()
    signature = {"algorithm": "Ed25519", "key": fingerprint(key), "value": value}
    return {"bulletin": data, "signature": signature}


def signed_raw(data: dict, key=None) -> bytes:
    return canonical_json({"format": SIGNED, "parts": [part(data, key)]})


def keys() -> dict:
    return {fingerprint(supplier_key()): supplier_key().public_key()}


def refusal(data: bytes) -> BulletinRefused:
    with pytest.raises(BulletinRefused) as refused:
        verify(data, keys(), EKEBY[0])
    return refused.value


# -- the answers of a correctly signed bulletin ------------------------------------------------

# name -> (the part, the path named, what the line says)
ANSWERS = {
    "NUL in the summary": (
        hostile("incident.summary", "Ransomware\x00"),
        "incident.summary",
        '"What happened?": The text holds a control character (U+0000)',
    ),
    "an escape sequence in the supplier's name": (
        hostile("supplier.name", "Personalrum \x1b[31mNord AB"),
        "supplier.name",
        "control character (U+001B)",
    ),
    "a direction override in the note": (
        hostile("customers.0.notes", "abc\u202edef"),
        "customers.0.notes",
        '"The supplier\'s note to you": The text holds an invisible character that reverses',
    ),
    "a line separator in a system's name": (
        hostile("customers.0.systems", ["Personal\u2028register"]),
        "customers.0.systems.0",
        "single line; remove the line break or tab (U+2028)",
    ),
    "an id of invisible characters": (
        hostile("bulletin_id", "\u3164\u200b"),
        "bulletin_id",
        "no visible character",
    ),
    "true as a count": (
        hostile("customers.0.subjects_count", {"value": True}),
        "customers.0.subjects_count.value",
        "Must be a whole number",
    ),
    '"12" as a count': (
        hostile("customers.0.subjects_count", {"value": "12"}),
        "customers.0.subjects_count.value",
        "Must be a whole number",
    ),
    "1.5 as a time": (
        hostile("incident.occurred_from", 1.5),
        "incident.occurred_from",
        "a number is not a time",
    ),
    "the year 1989": (
        hostile("incident.discovered_at", "1989-05-01T00:00:00Z"),
        "incident.discovered_at",
        "before 1990",
    ),
    "a count of 10**30": (
        hostile("customers.0.subjects_count", {"value": 10**30}),
        "customers.0.subjects_count.value",
        "implausibly large",
    ),
    "an unknown format version": (
        hostile("format", "breachreport-bulletin/2"),
        "format",
        '"Format": Choose one of the given options',
    ),
}


@pytest.mark.parametrize("case", ANSWERS, ids=str)
def test_a_bad_answer_in_a_signed_bulletin_is_named_with_its_rule(case):
    data, path, words = ANSWERS[case]
    refused = refusal(signed_raw(data))
    assert isinstance(refused, FactsInvalid)
    [problem] = refused.problems
    assert problem.path == path
    assert words in problem.en
    assert str(refused).startswith("The signed bulletin is not valid: ")
    assert problem.sv != problem.en and problem.sv  # said in Swedish too


def test_several_bad_answers_are_each_named_once():
    data = hostile("incident.summary", "a\x00")
    data["customers"][0]["name"] = "Ekeby\x1b[0m"
    refused = refusal(signed_raw(data))
    assert [p.path for p in refused.problems] == ["incident.summary", "customers.0.name"]
    assert refused.heading("en") == "The signed bulletin is not valid (2 problems)"


def test_a_key_of_escape_sequences_is_never_written_as_it_stands():
    data = bulletin()
    data["incident"]["\x1b[2J\x1b[31mPWNED"] = 1
    refused = refusal(signed_raw(data))
    said = refused.in_("en") + refused.in_("sv")
    assert "\x1b" not in said and "<U+001B>[2J" in said


# -- the file around the signed part -----------------------------------------------------------


def _file(*parts: dict) -> bytes:
    return json.dumps({"format": SIGNED, "parts": list(parts)}).encode()


FILES = {
    "a lone surrogate in a text": (
        signed_raw(bulletin()).replace(b'"Ekeby kommun"', b'"Ekeby kommun\\ud800"'),
        "broken character (a lone UTF-16 surrogate)",
    ),
    "1e400": (
        signed_raw(bulletin()).replace(b'"version":1', b'"version":1e400'),
        "number too large",
    ),
    "NaN": (
        signed_raw(bulletin()).replace(b'"version":1', b'"version":NaN'),
        "NaN and Infinity are not numbers",
    ),
    "a key twice": (
        signed_raw(bulletin()).replace(b'"version":1', b'"version":1,"version":2'),
        "names a key twice",
    ),
    "Latin-1": (
        signed_raw(bulletin()).replace(b"Ekeby", "Ekeby\u00e5".encode("latin-1")),
        "not UTF-8 text",
    ),
    "nesting 100,000 deep": (b"[" * 100_000 + b"]" * 100_000, "nested deeper than 16"),
    "nesting 40 deep inside a signed part": (
        signed_raw(hostile("incident.summary", json.loads("[" * 40 + "]" * 40))),
        "nested deeper than 16",
    ),
    "an escape sequence as the key id": (
        _file(
            {**part(bulletin()), "signature": {**part(bulletin())["signature"], "key": "\x1b]0"}}
        ),
        "not an Ed25519 signature",
    ),
}


@pytest.mark.parametrize("case", FILES, ids=str)
def test_a_file_no_bulletin_can_be_is_refused_in_one_line(case):
    data, words = FILES[case]
    refused = refusal(data)  # BulletinRefused, never UnicodeEncodeError or ValueError
    assert words in str(refused)
    assert "\x1b" not in str(refused) and "\n" not in str(refused)


def test_a_part_beside_the_signed_one_is_neither_kept_nor_named_as_signer(store):
    """An unsigned part naming this organisation among others, placed before the signed part and
    claiming another registered supplier's key: the import is the signed part's, by its signer."""
    workspace = controller(store)
    other = generate_key()
    workspace.bulletins.add_supplier(actor=DPO, name="Annan AB", public_key=public_key_text(other))
    good = part(bulletin())
    decoy = copy.deepcopy(bulletin())
    decoy.update(bulletin_id="DECOY", version=99, changes="Not signed by anyone.")
    decoy["customers"].append({"org_number": SJOHAMRA[0], "name": SJOHAMRA[1]})
    forged = {"bulletin": decoy, "signature": {**good["signature"], "key": fingerprint(other)}}
    imported = workspace.bulletins.import_bulletin(actor=DPO, data=_file(forged, good))
    assert imported.supplier == NAME
    [kept] = workspace.bulletins.imports(ref=imported.reference, actor=DPO)
    assert (kept.supplier, kept.bulletin_id, kept.version) == (NAME, bulletin()["bulletin_id"], 1)
    with workspace.store.transaction(write=False) as tx:
        [row] = tx.bulletins.for_incident(tx.incidents.load(imported.reference).id)
    assert json.loads(row.content)["parts"] == [good]
    # The next version still follows the first: the chain holds the signed part only.
    second = workspace.bulletins.import_bulletin(actor=DPO, data=signed_raw(bulletin(2)))
    assert second.reference == imported.reference and second.version == 2


# -- times a bulletin holds beside the facts ---------------------------------------------------

LATER = datetime(2030, 1, 1, tzinfo=UTC).isoformat()
BEFORE = "2020-01-01T00:00:00Z"
PUBLISHED = {"exfiltration": "confirmed", "kinds": ["confidentiality"]}

TIMES = {
    "published in the future": ({**PUBLISHED, "published_at": LATER}, "incident.published_at"),
    "restored in the future": ({"restored_at": LATER}, "incident.restored_at"),
    "published before the breach": (
        {**PUBLISHED, "published_at": BEFORE},
        "incident.published_at",
    ),
    "restored before the breach": ({"restored_at": BEFORE}, "incident.restored_at"),
}


@pytest.mark.parametrize("case", TIMES, ids=str)
def test_a_time_in_the_future_or_before_the_breach_is_refused_and_stores_nothing(store, case):
    workspace = controller(store)
    answers, path = TIMES[case]
    data = bulletin()
    data["incident"].update(answers)
    before = snapshot(store)
    with pytest.raises(BulletinRefused) as refused:
        workspace.bulletins.import_bulletin(actor=DPO, data=signed_raw(data))
    [problem] = refused.value.problems
    assert problem.path == path
    expected = "in the future" if answers.get(path.split(".")[1]) == LATER else "timeline"
    assert expected in problem.en
    assert snapshot(store) == before


def test_a_later_version_issued_in_the_future_is_refused(store):
    workspace = controller(store)
    workspace.bulletins.import_bulletin(actor=DPO, data=signed_raw(bulletin(1)))
    data = hostile("issued_at", LATER, version=2)
    before = snapshot(store)
    with pytest.raises(BulletinRefused, match="issued_at: .*The time is in the future"):
        workspace.bulletins.import_bulletin(actor=DPO, data=signed_raw(data))
    assert snapshot(store) == before


def test_what_changed_is_a_reason_the_dpo_can_accept(store):
    """The bulletin's 'changes' becomes the reason of the revision its proposal is accepted as:
    a text longer than a reason may be is refused at the import, not when the DPO accepts."""
    workspace = controller(store)
    data = hostile("changes", "Mer information. " * 400)  # 6,800 characters: a LongText
    before = snapshot(store)
    with pytest.raises(BulletinRefused, match="changes: .*at most 5000 characters"):
        workspace.bulletins.import_bulletin(actor=DPO, data=signed_raw(data))
    assert snapshot(store) == before
    imported = workspace.bulletins.import_bulletin(
        actor=DPO, data=signed_raw(hostile("changes", "Mer information. " * 290))
    )
    workspace.proposals.review(actor=DPO, proposal_id=imported.proposal_id, accept="all")


# -- registering a supplier --------------------------------------------------------------------

NAMES = {
    "an escape sequence": ("Evil \x1b[2J\x1b[31mAB", "control characters"),
    "a direction override": ("Evil \u202eBA", "control characters"),
    "a line separator": ("A\u2028B", "control characters"),
    "a zero-width space": ("A\u200bB", "control characters"),
    "Hangul fillers only": ("\u3164\u3164", "Give the supplier's name"),
    "the braille blank": ("\u2800", "Give the supplier's name"),
}


@pytest.mark.parametrize("case", NAMES, ids=str)
def test_a_supplier_name_that_is_no_plain_name_is_refused(store, case):
    workspace = controller(store)
    name, words = NAMES[case]
    before = snapshot(store)
    with pytest.raises(InputError, match=words):
        workspace.bulletins.add_supplier(
            actor=DPO, name=name, public_key=public_key_text(generate_key())
        )
    assert snapshot(store) == before


def _key_line(raw: bytes) -> str:
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + raw
    return "breachreport-ed25519 " + base64.b64encode(blob).decode()


# The neutral point, the points of order 4 (zero) and 8, and the neutral point written as p + 1.
WEAK = {
    "the neutral point": b"\x01" + b"\x00" * 31,
    "zero": b"\x00" * 32,
    "a point of order 8": bytes.fromhex(
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"
    ),
    "p + 1": b"\xee" + b"\xff" * 30 + b"\x7f",
}


@pytest.mark.parametrize("case", WEAK, ids=str)
def test_a_key_of_small_order_is_refused_as_one_anyone_could_sign_with(case):
    with pytest.raises(InputError, match="no real key"):
        parse_public_key(_key_line(WEAK[case]))


def test_why_a_key_of_small_order_is_refused():
    """Under the neutral point, the neutral point and zero verify for any message: a registered
    key of that kind would let anyone sign bulletins in the supplier's name."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    neutral = WEAK["the neutral point"]
    Ed25519PublicKey.from_public_bytes(neutral).verify(neutral + bytes(32), b"any bulletin")
    assert not any(is_weak_key(_raw(generate_key())) for _ in range(50))


def _raw(key) -> bytes:
    return base64.b64decode(public_key_text(key).split()[1])[-32:]


def test_a_key_file_of_several_lines_is_refused(store):
    workspace = controller(store)
    text = public_key_text(generate_key()) + "\n" + public_key_text(generate_key())
    before = snapshot(store)
    with pytest.raises(InputError, match="one line"):
        workspace.bulletins.add_supplier(actor=DPO, name="Two AB", public_key=text)
    assert snapshot(store) == before


# -- the command line --------------------------------------------------------------------------


def test_the_command_line_lists_each_problem_and_stores_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BREACHREPORT_HOME", str(tmp_path / "home"))
    assert main(["init"]) == 0
    assert main(["organisation", "set", "--name", EKEBY[1], "--org-number", EKEBY[0]]) == 0
    key_file = tmp_path / "supplier.pub"
    key_file.write_text(public_key_text(supplier_key()) + "\n")
    assert main(["supplier", "add", NAME, "--public-key", str(key_file)]) == 0
    data = hostile("incident.summary", "a\x00")
    data["customers"][0]["subjects_count"] = {"value": True}
    file = tmp_path / "part.json"
    file.write_bytes(signed_raw(data))
    capsys.readouterr()
    assert main(["--lang", "en", "bulletin", "import", str(file)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "breachreport: error: The signed bulletin is not valid (2 problems):"
    assert lines[1].startswith(
        '  - incident.summary: "What happened?": The text holds a control character (U+0000)'
    )
    assert lines[2].startswith(
        '  - customers.0.subjects_count.value: "Number of people affected": Must be a whole'
    )
    assert len(lines) == 3
    assert main(["list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_supplier_cannot_sign_a_time_its_customers_would_refuse():
    from breachreport.crypto.bulletin_signing import sign
    from breachreport.domain.bulletin import Bulletin

    data = bulletin()
    data["incident"].update(restored_at=LATER)
    with pytest.raises(BulletinRefused, match="The time is in the future"):
        sign(Bulletin.model_validate(data), supplier_key())
    data["incident"].update(restored_at=BEFORE)
    with pytest.raises(BulletinRefused, match="timeline"):
        sign(Bulletin.model_validate(data), supplier_key())


def test_a_later_version_issued_before_the_one_imported_is_refused(store):
    workspace = controller(store)
    workspace.bulletins.import_bulletin(actor=DPO, data=signed_raw(bulletin(2)))
    data = hostile("issued_at", bulletin(1)["issued_at"], version=2)
    data["version"] = 3  # version 3, dated as version 1
    before = snapshot(store)
    with pytest.raises(BulletinRefused, match="says it was issued before version 2"):
        workspace.bulletins.import_bulletin(actor=DPO, data=signed_raw(data))
    assert snapshot(store) == before


def test_a_key_of_small_order_registered_before_signs_nothing_and_blocks_nothing(store):
    """A supplier registered with such a key before they were refused: a bulletin 'signed' under
    it (anyone can make one) is refused as unregistered; other suppliers' bulletins still import."""
    workspace = controller(store)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    neutral = WEAK["the neutral point"]
    weak_id = fingerprint(Ed25519PublicKey.from_public_bytes(neutral))
    with workspace.store.transaction() as tx:
        actor_id = tx.actors.ensure(name="Svag AB", role=Role.SUPPLIER_CONTACT.value)
        tx.bulletins.add_supplier(
            name="Svag AB",
            public_key=_key_line(neutral),
            fingerprint=weak_id,
            actor_id=actor_id,
            added_at=datetime(2025, 8, 1, tzinfo=UTC),
        )
    value = base64.b64encode(neutral + bytes(32)).decode()  # verifies for any message
    forged = {
        "bulletin": bulletin(),
        "signature": {"algorithm": "Ed25519", "key": weak_id, "value": value},
    }
    before = snapshot(store)
    with pytest.raises(BulletinRefused, match="not registered here"):
        workspace.bulletins.import_bulletin(actor=DPO, data=_file(forged))
    assert snapshot(store) == before
    assert workspace.bulletins.import_bulletin(actor=DPO, data=signed_raw(bulletin())).created
