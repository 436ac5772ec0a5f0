"""The second scenario from the command line: one HR-system supplier signs its bulletins once, and
three controllers, each in its own data folder with its own organisation profile, import their
own part of the same signed files.

A forged bulletin, one with a changed byte, another customer's part and a replayed older version
are refused with one line, exit non-zero and leave the incident and its history as they were;
each controller sees only its own numbers, never another customer's name.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from breachreport.domain.bulletin import example_bulletin
from tests.cli_support import run

REFERENCE = re.compile(r"^(BR-\d{4}-\d{4}): (\d+) fields? proposed from (.+)'s bulletin (\d)$")


class World:
    """Data folders under one temporary folder; ``at(name)`` makes the next commands run on one."""

    def __init__(self, root: Path, monkeypatch, capsys) -> None:
        self.root, self.monkeypatch, self.capsys = root, monkeypatch, capsys

    def at(self, name: str) -> Path:
        folder = self.root / name
        self.monkeypatch.setenv("BREACHREPORT_HOME", str(folder))
        return folder

    def ok(self, *argv: str) -> str:
        code, out, err = run(self.capsys, *argv)
        assert code == 0, (argv, out, err)
        return out

    def file(self, name: str) -> Path:
        return self.root / "files" / name


def _customers():
    return example_bulletin(1).customers


@pytest.fixture
def world(tmp_path, monkeypatch, capsys) -> World:
    """The supplier's data folder with its key, bulletins 1 and 2 signed and split, and the three
    customers' data folders each with its own profile and the supplier's public key registered."""
    for name in ("BREACHREPORT_MASTER_KEY", "BREACHREPORT_DATABASE_URL", "BREACHREPORT_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("BREACHREPORT_BULLETIN_KEY_FILE", raising=False)
    monkeypatch.setenv("BREACHREPORT_ACTOR", "Karin Holm")
    w = World(tmp_path, monkeypatch, capsys)
    (tmp_path / "files").mkdir()
    supplier = example_bulletin(1).supplier
    w.at("supplier")
    w.ok("init")
    w.ok("organisation", "set", "--name", supplier.name, "--org-number", supplier.org_number)
    w.fingerprint = re.fullmatch(
        r"Its fingerprint: (SHA256:[A-Za-z0-9+/]{43})\n", w.ok("bulletin", "init-key")
    ).group(1)
    w.file("supplier.pub").write_text(w.ok("bulletin", "public-key"), encoding="utf-8")
    for version in (1, 2, 3):
        unsigned, signed = w.file(f"v{version}.json"), w.file(f"v{version}.signed.json")
        w.ok("bulletin", "example", "--version", str(version), "--output", str(unsigned))
        w.ok("bulletin", "sign", str(unsigned), "--output", str(signed))
        w.ok("bulletin", "split", str(signed), "--output-dir", str(w.file(f"v{version}")))
    for number, customer in enumerate(_customers()):
        w.at(f"controller{number}")
        w.ok("init")
        w.ok("organisation", "set", "--name", customer.name, "--org-number", customer.org_number)
        added = w.ok("supplier", "add", supplier.name, "--public-key", str(w.file("supplier.pub")))
        assert w.fingerprint in added
    return w


def part(world: World, version: int, org_number: str) -> str:
    return str(world.file(f"v{version}") / f"{org_number}.json")


def seen_by(world: World, ref: str) -> str:
    """Everything the controller can read of the incident: its facts, its history and every
    proposal's values, as one text."""
    from breachreport.cli.context import workspace

    opened = workspace()
    proposals = opened.proposals.pending(ref=ref) + opened.proposals.reviewed(ref=ref)
    values = [(c.path, c.proposed) for p in proposals for c in p.changes]
    return "\n".join(
        (
            world.ok("export", ref),
            world.ok("history", ref, "--json"),
            json.dumps(values, ensure_ascii=False, default=str),
        )
    )


def imported(world: World, *argv: str) -> tuple[str, int]:
    out = world.ok("bulletin", "import", *argv)
    found = REFERENCE.match(out.splitlines()[0])
    assert found, out
    return found.group(1), int(found.group(2))


def test_the_supplier_key_is_private_and_never_overwritten(world):
    folder = world.at("supplier")
    key = folder / "bulletin-signing.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    code, out, err = run(world.capsys, "bulletin", "init-key")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "exists already" in err
    assert key.read_bytes() == before
    line = world.file("supplier.pub").read_text(encoding="utf-8")
    assert line.count("\n") == 1 and line.startswith("breachreport-ed25519 ")


def test_split_writes_one_private_part_per_customer_named_by_its_number(world):
    parts = sorted(p.name for p in world.file("v1").iterdir())
    assert parts == sorted(f"{c.org_number}.json" for c in _customers())
    for file in world.file("v1").iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        signed = json.loads(file.read_text(encoding="utf-8"))
        [own] = signed["parts"]
        assert [c["org_number"] for c in own["bulletin"]["customers"]] == [file.stem]


def test_each_controller_imports_its_own_part_and_sees_only_its_own_numbers(world):
    customers = _customers()
    supplier = example_bulletin(1).supplier.name
    for number, customer in enumerate(customers):
        world.at(f"controller{number}")
        # The last one is given the whole signed file: it takes its own part out of it.
        whole = str(world.file("v1.signed.json"))
        source = whole if number == len(customers) - 1 else part(world, 1, customer.org_number)
        out = world.ok("bulletin", "import", source)
        ref, proposed, by, version = REFERENCE.match(out.splitlines()[0]).groups()
        assert int(proposed) > 0 and (by, version) == (supplier, "1")
        seen = seen_by(world, ref)
        assert customer.name in seen or customer.org_number in seen
        if customer.subjects_count is not None:
            assert str(customer.subjects_count.value) in seen
        for other in customers:
            if other.org_number == customer.org_number:
                continue
            assert other.name not in seen
            assert other.org_number not in seen
            own = customer.subjects_count.value if customer.subjects_count else None
            if other.subjects_count is not None and other.subjects_count.value != own:
                assert f'"value": {other.subjects_count.value}' not in seen


def _refused(world: World, file: str, *extra: str) -> str:
    code, out, err = run(world.capsys, "bulletin", "import", file, *extra)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and err.startswith("breachreport: error: "), err
    return err


def test_forged_changed_foreign_and_replayed_bulletins_are_refused_and_change_nothing(world):
    first, second = _customers()[:2]
    # A forger: the same bulletin signed with a key the controller never registered.
    world.at("forger")
    world.ok("init")
    world.ok("bulletin", "init-key")
    forged = world.file("forged.json")
    world.ok("bulletin", "sign", str(world.file("v1.json")), "--output", str(forged))
    world.ok("bulletin", "split", str(forged), "--output-dir", str(world.file("forged")))

    world.at("controller0")
    ref, _count = imported(world, part(world, 1, first.org_number))
    imported(world, part(world, 2, first.org_number), "--incident", ref)
    before = (world.ok("list", "--json"), world.ok("history", ref, "--json"), seen_by(world, ref))

    forged_part = str(world.file("forged") / f"{first.org_number}.json")
    assert "not registered" in _refused(world, forged_part)
    assert "not registered" in _refused(world, forged_part, "--incident", ref)
    changed = world.file("changed.json")
    text = Path(part(world, 2, first.org_number)).read_text(encoding="utf-8")
    target = f'"value":{first.subjects_count.value}'  # the canonical file: no spaces
    assert text.count(target) == 1
    changed.write_text(
        text.replace(target, target[:-1] + str((int(target[-1]) + 1) % 10)), encoding="utf-8"
    )
    assert "changed after signing" in _refused(world, str(changed), "--incident", ref)
    foreign = _refused(world, part(world, 2, second.org_number), "--incident", ref)
    assert "another customer" in foreign and second.name not in foreign
    replay = _refused(world, part(world, 1, first.org_number), "--incident", ref)
    assert "version 1" in replay and "not newer than version 2" in replay
    assert "not newer" in _refused(world, part(world, 1, first.org_number))  # nor as a new one
    whole = _refused(world, str(world.file("v2.signed.json")), "--incident", ref)
    assert "not newer than version 2" in whole  # the whole file: its own part is found in it

    after = (world.ok("list", "--json"), world.ok("history", ref, "--json"), seen_by(world, ref))
    assert after == before


def test_bulletin_two_onto_the_same_incident_shows_what_changed(world):
    customer = _customers()[0]
    world.at("controller0")
    ref, _count = imported(world, part(world, 1, customer.org_number))
    out = world.ok("bulletin", "import", part(world, 2, customer.org_number), "--incident", ref)
    lines = out.splitlines()
    assert lines[0].startswith(f"{ref}: ") and lines[0].endswith("'s bulletin 2")
    assert lines[1] == "What changed since the version imported before:"
    assert len(lines) > 2 and all(" -> " in line for line in lines[2:])
    police = example_bulletin(2).incident.police_report
    assert f"  Police report: - -> {police}" in lines
    assert "  Is it ongoing?: yes -> no" in lines
    assert "  Were data taken out?: Not yet known -> Yes, confirmed" in lines


def test_show_reads_a_part_and_says_whose_key_signed_it(world):
    customer, other = _customers()[:2]
    world.at("supplier")
    out = world.ok("bulletin", "show", part(world, 1, customer.org_number))
    assert "signature checks against this install's own key" in out
    assert customer.org_number in out and other.org_number not in out
    assert other.name not in out
    out = world.ok("bulletin", "show", str(world.file("v2.signed.json")))
    assert all(c.org_number in out for c in _customers())
    assert "What changed: " in out and "first version" not in out
    out = world.ok("bulletin", "show", str(world.file("v1.json")))
    assert "Not signed." in out and "first version" in out

    world.at("controller0")
    out = world.ok("bulletin", "show", part(world, 1, customer.org_number))
    assert "registered supplier" in out and example_bulletin(1).supplier.name in out


def test_show_says_a_changed_part_does_not_check_and_exits_non_zero(world):
    customer = _customers()[0]
    world.at("supplier")
    text = Path(part(world, 1, customer.org_number)).read_text(encoding="utf-8")
    changed = world.file("changed-1.json")
    changed.write_text(text.replace(customer.name, customer.name + "s", 1), encoding="utf-8")
    code, out, err = run(world.capsys, "bulletin", "show", str(changed))
    assert code == 1 and err == ""
    assert "signature does NOT check: The bulletin's signature does not match" in out


def test_show_never_repeats_a_key_id_that_is_no_fingerprint(world):
    """The key id is text from the file: an escape sequence there would drive the terminal."""
    customer = _customers()[0]
    world.at("controller0")
    data = json.loads(Path(part(world, 1, customer.org_number)).read_text(encoding="utf-8"))
    data["parts"][0]["signature"]["key"] = "\x1b[2J\x1b]0;owned\x07SHA256:x"
    forged = world.file("forged-key.json")
    forged.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(world.capsys, "bulletin", "show", str(forged))
    assert code == 1 and err == ""
    assert "\x1b" not in out and "owned" not in out
    assert "signature does NOT check: The bulletin's signature is not an Ed25519 signature." in out


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the reader goes
        b'{"format": "breachreport-bulletin/1", "format": "x"}',  # a key twice
        b'{"version": NaN}',
        b"\xff\xfe{}",  # not UTF-8
    ],
    ids=["deep", "key-twice", "nan", "not-utf8"],
)
def test_show_refuses_what_the_import_refuses_in_one_line(world, content):
    world.at("controller0")
    hostile = world.file("hostile.json")
    hostile.write_bytes(content)
    for verb in ("show", "import"):
        code, out, err = run(world.capsys, "bulletin", verb, str(hostile))
        assert code == 1 and out == "", (verb, out, err)
        assert len(err.strip().splitlines()) == 1 and "The bulletin file" in err, (verb, err)
        assert "unexpected error" not in err


def test_show_reads_a_count_as_strictly_as_the_import(world):
    """A count written as text is not shown as a number the import would then refuse."""
    world.at("supplier")
    data = json.loads(world.file("v1.json").read_text(encoding="utf-8"))
    count = data["customers"][0]["subjects_count"]
    count["value"] = str(count["value"])
    quoted = world.file("quoted-count.json")
    quoted.write_text(json.dumps(data), encoding="utf-8")
    code, _out, err = run(world.capsys, "bulletin", "show", str(quoted))
    assert code == 1 and "is not a valid bulletin" in err.splitlines()[0]
    assert "subjects_count" in err
    code, _out, err = run(world.capsys, "bulletin", "sign", str(quoted), "--output", "x.json")
    assert code == 1 and not Path("x.json").exists()


def test_supplier_list_shows_the_fingerprint_the_supplier_printed(world):
    world.at("controller1")
    [line] = world.ok("supplier", "list").splitlines()
    assert line.startswith(f"{example_bulletin(1).supplier.name}  {world.fingerprint}  ")
    world.at("controller2")
    [listed] = json.loads(world.ok("supplier", "list", "--json"))
    assert listed["fingerprint"] == world.fingerprint


def test_new_update_and_schema_give_a_supplier_what_to_fill_in(world):
    world.at("supplier")
    skeleton = world.file("new.json")
    world.ok("bulletin", "new", "--output", str(skeleton))
    data = json.loads(skeleton.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["supplier"]["name"] == example_bulletin(1).supplier.name
    assert data["customers"][0]["org_number"] is None
    following = world.file("v2-own.json")
    world.ok(
        "bulletin", "update", str(world.file("v1.json")), "--changes", "Data published.",
        "--output", str(following),
    )  # fmt: skip
    data = json.loads(following.read_text(encoding="utf-8"))
    assert (data["version"], data["changes"]) == (2, "Data published.")
    assert data["issued_at"] != json.loads(world.file("v1.json").read_text())["issued_at"]
    schema = json.loads(world.ok("bulletin", "schema"))
    assert "customers" in schema["properties"]
    assert "parts" in json.loads(world.ok("bulletin", "schema", "--signed"))["properties"]


def test_an_invalid_bulletin_is_not_signed(world):
    world.at("supplier")
    data = json.loads(world.file("v2.json").read_text(encoding="utf-8"))
    data["changes"] = None
    bad = world.file("bad.json")
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(world.capsys, "bulletin", "sign", str(bad), "--output", "x.json")
    assert code == 1 and "is not a valid bulletin" in err.splitlines()[0]
    assert not Path("x.json").exists()


# -- the organisation profile ------------------------------------------------------------------


def test_organisation_set_and_show_edit_the_profile_the_app_reads(home, capsys):
    from breachreport.cli.context import accounts

    assert run(capsys, "init")[0] == 0
    code, out, _err = run(
        capsys, "organisation", "set", "--name", "Norrvik kommun", "--org-number", "2120000142",
        "--sector", "municipality", "--nis2", "none", "--no-health-care",
    )  # fmt: skip
    assert code == 0 and "212000-0142" in out
    profile = accounts().organisation()
    assert (profile.name, profile.org_number, profile.sector.value) == (
        "Norrvik kommun",
        "212000-0142",
        "municipality",
    )
    assert (profile.nis2_entity.value, profile.health_care) == ("not_covered", False)
    code, out, _err = run(capsys, "organisation", "show", "--json")
    assert json.loads(out)["nis2_entity"] == "not_covered"
    assert run(capsys, "organisation", "set", "--nis2", "important")[0] == 0
    code, out, _err = run(capsys, "organisation", "show")
    assert "Norrvik kommun" in out and "Important entity" in out


def test_a_bad_org_number_or_sector_is_refused_clearly(home, capsys):
    assert run(capsys, "init")[0] == 0
    code, out, err = run(capsys, "organisation", "set", "--name", "X", "--org-number", "2120000143")
    assert code == 1 and err == (
        "breachreport: error: '2120000143' is not an organisation number: The organisation "
        "number's check digit does not match; check the number.\n"
    )
    with pytest.raises(SystemExit) as refused:
        run(capsys, "organisation", "set", "--sector", "bakery")
    assert refused.value.code == 2
    assert "'municipality'" in capsys.readouterr().err


def test_the_sectors_of_the_command_line_are_the_profiles():
    from breachreport.cli.options import SECTORS
    from breachreport.domain.choices import Sector

    assert tuple(s.value for s in Sector) == SECTORS
