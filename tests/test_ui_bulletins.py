"""Supplier bulletins on screen, driven with AppTest: the supplier's page makes its key, opens a
draft or the previous signed version, signs and hands out one part per customer; the controller's
page registers the supplier's key (fingerprint first), imports its own part into a new incident,
refuses a forged or foreign file with one line, and the proposal shows the supplier's bulletin
version as its author and, from version 2, what changed. The second scenario (an HR-system
supplier, three customers) as ``example_bulletin`` tells it."""

from __future__ import annotations

import importlib
import io
import json
import stat
import zipfile

import pytest
from browser_support import files_holding
from streamlit.testing.v1 import AppTest
from ui_support import no_trouble
from ui_support import shown as texts_of

from breachreport.domain.bulletin import example_bulletin
from breachreport.services.accounts import OrganisationProfile
from breachreport.ui.context import PAGE_STATE
from breachreport.ui.incident import bulletin_source, supplier_proposals
from breachreport.ui.shell import bulletin_form

# The modules, not the page functions the shell package names after them.
bulletins = importlib.import_module("breachreport.ui.shell.bulletins")
suppliers = importlib.import_module("breachreport.ui.shell.suppliers")

REGION = ("232100-9900", "Region Västmark")
OTHERS = ("Ekeby kommun", "Sjöhamra kommun", "212000-9903", "212000-9911")


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _draft(version: int = 1) -> bytes:
    return _json(example_bulletin(version).model_dump(mode="json"))


def _page(signed_in_app, open_page, url_path: str, lang: str = "sv", **kwargs) -> AppTest:
    app = open_page(signed_in_app(lang=lang, **kwargs), url_path).run()
    no_trouble(app)
    return app


def _click(app: AppTest, key: str) -> AppTest:
    app.button(key=key).click().run()
    no_trouble(app)
    return app


def _upload(app: AppTest, key: str, name: str, data: bytes) -> AppTest:
    [uploader] = [u for u in app.get("file_uploader") if u.key == key]
    uploader.upload(name, data, "application/json")
    app.run()
    no_trouble(app)
    return app


def _signed(app: AppTest) -> dict:
    return app.session_state[PAGE_STATE]["bulletin"]["signed"]


def _sign_example(app: AppTest, version: int = 1) -> dict:
    _click(app, "br_bul_create_key")
    _upload(app, "br_bul_upload", "draft.json", _draft(version))
    _click(app, "br_bul_sign")
    return _signed(app)


# -- the supplier's side -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_supplier_makes_its_key_once_and_sees_the_fingerprint_to_give(
    signed_in_app, app_resources, open_page, lang
):
    app = _page(signed_in_app, open_page, "bulletins", lang)
    assert bulletins.TITLE(lang) in texts_of(app.title)
    assert any(bulletins.NO_KEY(lang) in i for i in texts_of(app.info))
    assert not any(c.startswith("breachreport-ed25519 ") for c in texts_of(app.code))
    _click(app, "br_bul_create_key")
    path = app_resources.settings.resolved_bulletin_key_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    [line] = [c for c in texts_of(app.code) if c.startswith("breachreport-ed25519 ")]
    from breachreport.runtime.bulletin_keys import fingerprint_of

    assert any(fingerprint_of(line) in m for m in texts_of(app.markdown))
    # The key stays: a new visit shows the same line, with no button to make another.
    again = _page(signed_in_app, open_page, "bulletins", lang)
    assert line in texts_of(again.code)
    assert not [b for b in again.button if b.key == "br_bul_create_key"]


def test_the_supplier_signs_one_bulletin_and_each_customer_gets_only_its_part(
    signed_in_app, app_resources, open_page
):
    home = app_resources.settings.home
    app = _page(signed_in_app, open_page, "bulletins")
    before = {p.relative_to(home) for p in home.rglob("*") if p.is_file()}
    signed = _sign_example(app)
    assert bulletins.SIGNED("sv").format(version=1, count=3) in texts_of(app.success)
    with zipfile.ZipFile(io.BytesIO(signed["zip"])) as archive:
        names = sorted(archive.namelist())
        parts = {name: archive.read(name) for name in names}
    assert names == ["212000-9903.json", "212000-9911.json", "232100-9900.json"]
    region = parts["232100-9900.json"].decode()
    assert "Region Västmark" in region
    assert not any(other in region for other in OTHERS)
    whole = json.loads(signed["file"])
    assert len(whole["parts"]) == 3
    # Each part checks against the install's public key, for its own customer only.
    from breachreport.crypto import bulletin_signing
    from breachreport.runtime import bulletin_keys

    public = bulletin_keys.own_public_key(app_resources.settings)
    keys = {bulletin_keys.fingerprint(public): public}
    for name, data in parts.items():
        org_number = name.removesuffix(".json")
        [customer] = bulletin_signing.verify(data, keys, org_number).customers
        assert customer.org_number == org_number
        other = next(n for n in names if n != name).removesuffix(".json")
        with pytest.raises(bulletin_signing.BulletinRefused):
            bulletin_signing.verify(data, keys, other)
    # Nothing but the key was written: the bulletin lives in the session and the downloads.
    after = {p.relative_to(home) for p in home.rglob("*") if p.is_file()}
    key = app_resources.settings.resolved_bulletin_key_file.relative_to(home)
    assert {p for p in after - before if "-journal" not in p.name} == {key}
    assert files_holding(home, "Sjöhamra kommun") == []


def test_the_next_version_starts_from_the_signed_file_and_asks_what_changed(
    signed_in_app, app_resources, open_page
):
    app = _page(signed_in_app, open_page, "bulletins", "en")
    first = _sign_example(app)
    _upload(app, "br_bul_upload", "bulletin-1.signed.json", first["file"])
    assert bulletins.NEXT_VERSION.en.format(version=2, previous=1) in texts_of(app.success)
    assert bulletins.VERSION.en.format(version=2) in texts_of(app.header)
    generation = app.session_state[PAGE_STATE]["bulletin"]["generation"]
    # Everything is kept, the three customers with it.
    summary = app.text_area(key=f"br_bul.{generation}.en.incident.summary").value
    assert summary == example_bulletin(1).incident.summary
    assert len(app.session_state[PAGE_STATE]["bulletin"]["draft"]["customers"]) == 3
    _click(app, "br_bul_sign")  # without saying what changed: refused, one line
    [error] = texts_of(app.error)
    assert error == bulletin_form.CHECK.en.format(fields=bulletin_form.CHANGES.en)
    app.text_area(key=f"br_bul.{generation}.en.changes").input("The forensic report is in.").run()
    _click(app, "br_bul_sign")
    second = _signed(app)
    assert second["version"] == 2 and second["count"] == 3
    part = json.loads(second["file"])["parts"][0]["bulletin"]
    assert part["version"] == 2 and part["changes"] == "The forensic report is in."


def test_a_file_that_is_not_a_bulletin_is_one_line(signed_in_app, app_resources, open_page):
    app = _page(signed_in_app, open_page, "bulletins")
    _upload(app, "br_bul_upload", "notes.json", b'{"hello": "world"}')
    assert texts_of(app.error) == [bulletin_form.NOT_A_BULLETIN.sv]


# -- the controller's side -----------------------------------------------------------------------


def _region(resources) -> None:
    dpo = resources.accounts.list()[0]
    resources.accounts.save_organisation(
        by=dpo,
        profile=OrganisationProfile.parse(
            {"name": REGION[1], "org_number": REGION[0], "sector": "region"}
        ),
    )


def _supplier_key(tmp_path):
    """The supplier's own install, elsewhere: its key and its signed bulletins."""
    from breachreport.runtime import bulletin_keys
    from breachreport.settings import Settings

    settings = Settings(home=tmp_path / "supplier", database_url=None, master_key=None)
    settings.home.mkdir()
    bulletin_keys.create_key(settings)
    return settings


def _signed_part(settings, version: int, org_number: str = REGION[0]) -> bytes:
    from breachreport.runtime import bulletin_keys

    bulletin = example_bulletin(version)
    parts = bulletin_keys.split_signed(bulletin_keys.sign_bulletin(settings, bulletin))
    return _json(parts[org_number])


def _register(app: AppTest, settings) -> str:
    from breachreport.runtime import bulletin_keys

    line = bulletin_keys.public_key_text(settings)
    app.text_input(key="br_bsup_name").input("Personalrum Nord AB")
    app.text_area(key="br_bsup_key").input(line).run()
    no_trouble(app)
    return bulletin_keys.fingerprint_of(line)


def test_the_dpo_compares_the_fingerprint_then_registers_the_supplier(
    signed_in_app, app_resources, open_page, tmp_path
):
    supplier = _supplier_key(tmp_path)
    app = _page(signed_in_app, open_page, "supplier-bulletins", "en")
    fingerprint = _register(app, supplier)
    assert any(fingerprint in i for i in texts_of(app.info))  # shown before anything is stored
    assert app_resources.workspace.bulletins.suppliers() == []
    _click(app, "br_bsup_add")
    assert suppliers.ADDED.en.format(
        name="Personalrum Nord AB", fingerprint=fingerprint
    ) in texts_of(app.success)
    [row] = app.dataframe[-1].value.to_dict("records")
    assert row["Fingerprint"] == fingerprint and row["Supplier"] == "Personalrum Nord AB"


def test_a_key_that_is_not_one_is_refused_before_registering(
    signed_in_app, app_resources, open_page
):
    app = _page(signed_in_app, open_page, "supplier-bulletins")
    app.text_area(key="br_bsup_key").input("ssh-rsa AAAA not ours").run()
    no_trouble(app)
    [error] = texts_of(app.error)
    assert "\n" not in error
    assert app_resources.workspace.bulletins.suppliers() == []


def _imported(signed_in_app, app_resources, open_page, tmp_path, lang="sv"):
    _region(app_resources)
    supplier = _supplier_key(tmp_path)
    app = _page(signed_in_app, open_page, "supplier-bulletins", lang)
    _register(app, supplier)
    _click(app, "br_bsup_add")
    _upload(app, "br_bsup_file", "232100-9900.json", _signed_part(supplier, 1))
    _click(app, "br_bsup_import")
    return app, supplier


def test_the_dpo_imports_its_part_into_a_new_incident_and_reviews_it_field_by_field(
    signed_in_app, app_resources, open_page, tmp_path
):
    app, _supplier = _imported(signed_in_app, app_resources, open_page, tmp_path, "en")
    [row] = app_resources.workspace.register()
    [done] = texts_of(app.success)[-1:]
    assert done.startswith(f"Bulletin 1 from Personalrum Nord AB opened incident {row.reference}")
    [proposal] = app_resources.workspace.proposals.pending(ref=row.reference)
    assert done.endswith(f"Answers proposed for you to review: {len(proposal.changes)}.")

    page = _page(signed_in_app, open_page, "suppliers", "en", incident=row.reference)
    heading = bulletin_source.FROM_BULLETIN.en.split(":")[0].format(supplier="Personalrum Nord AB")
    assert any(
        m.startswith(f"**{heading}: bulletin 1 (PRN-2025-0823)") for m in texts_of(page.markdown)
    )
    # Accept the count and the data categories only; the rest is rejected.
    keep = {"data.subjects_count", "data.data_categories"} & set(proposal.paths)
    assert keep == {"data.subjects_count", "data.data_categories"}, proposal.paths
    for change in proposal.changes:
        if change.path not in keep:
            page.checkbox(key=f"br_sup_take.{proposal.id}.{change.path}").uncheck()
    page.button(key=f"br_sup_accept.{proposal.id}").click().run()
    no_trouble(page)
    facts = app_resources.workspace.incident(row.reference).facts
    assert facts.data.subjects_count.value == 30_500
    text = json.dumps(facts.model_dump(mode="json"), ensure_ascii=False)
    assert not any(other in text for other in OTHERS) and "7100" not in text and "2650" not in text
    # The reviewed list names the supplier's bulletin as the author.
    [reviewed] = app_resources.workspace.proposals.reviewed(ref=row.reference)
    assert supplier_proposals.reviewed_row(reviewed)[supplier_proposals.AUTHOR("sv")] == (
        "Personalrum Nord AB, bulletin 1"
    )


def test_bulletin_2_shows_what_changed_beside_the_proposal(
    signed_in_app, app_resources, open_page, tmp_path
):
    app, supplier = _imported(signed_in_app, app_resources, open_page, tmp_path, "en")
    [row] = app_resources.workspace.register()
    app.run()  # the page as the DPO sees it next: the new incident among those open
    app.radio(key="br_bsup_where").set_value("attach").run()
    app.selectbox(key="br_bsup_incident").set_value(row.reference).run()
    _upload(app, "br_bsup_file", "232100-9900.json", _signed_part(supplier, 2))
    _click(app, "br_bsup_import")
    assert any(
        s.startswith(f"Bulletin 2 from Personalrum Nord AB is added to incident {row.reference}")
        for s in texts_of(app.success)
    )
    page = _page(signed_in_app, open_page, "suppliers", "en", incident=row.reference)
    shown = texts_of(page.markdown)
    assert any(m.startswith("**What changed since the previous bulletin**") for m in shown)
    assert any(m.startswith("What changed, as the supplier says") for m in shown)
    tables = [d.value for d in page.dataframe if "Previous bulletin" in d.value.columns]
    assert tables and "Bulletin 2" in tables[0].columns
    answers = set(tables[0]["Answer in the bulletin"])
    assert "Were data taken out?" in answers


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_forged_or_foreign_bulletin_is_one_line_and_changes_nothing(
    signed_in_app, app_resources, open_page, tmp_path, lang
):
    app, supplier = _imported(signed_in_app, app_resources, open_page, tmp_path, lang)
    before = [(r.reference, r.version) for r in app_resources.workspace.register()]
    good = _signed_part(supplier, 2)
    forged = good.replace(b"30500", b"30501", 1)
    assert forged != good
    foreign = _signed_part(supplier, 2, "212000-9911")
    for data in (forged, foreign, _signed_part(supplier, 1)):  # changed, another's, a replay
        _upload(app, "br_bsup_file", "part.json", data)
        _click(app, "br_bsup_import")
        [error] = texts_of(app.error)
        assert "\n" not in error and "Traceback" not in error
        assert [(r.reference, r.version) for r in app_resources.workspace.register()] == before


def test_the_bulletin_pages_are_for_the_dpo_and_the_administrator(app_resources, open_page):
    from ui_support import app_session

    from breachreport.domain.status import Role
    from breachreport.services.accounts import LOCAL_OPERATOR

    reviewer = app_resources.accounts.add(
        by=LOCAL_OPERATOR,
        username="johan.ek@example.se",
        display_name="Johan Ek",
        password="correct horse battery staple",
        role=Role.LEGAL_REVIEWER,
    )
    for url_path in ("bulletins", "supplier-bulletins"):  # not theirs: the overview instead
        app = open_page(app_session(account_id=reviewer.id, lang="en"), url_path).run()
        no_trouble(app)
        titles = texts_of(app.title)
        assert "Overview" in titles
        assert bulletins.TITLE.en not in titles and suppliers.TITLE.en not in titles


def test_the_form_keeps_what_was_typed_across_a_language_switch_and_another_page(
    signed_in_app, app_resources, open_page
):
    app = _page(signed_in_app, open_page, "bulletins")
    _upload(app, "br_bul_upload", "draft.json", _draft(1))
    generation = app.session_state[PAGE_STATE]["bulletin"]["generation"]
    typed = "Angriparna krypterade driftmiljön natten till lördag."
    app.text_area(key=f"br_bul.{generation}.sv.incident.summary").input(typed).run()
    app.selectbox(key=f"br_bul.{generation}.sv.incident.cause").set_value("technical_fault").run()
    app.radio(key="br_lang_choice").set_value("en").run()
    no_trouble(app)
    assert app.text_area(key=f"br_bul.{generation}.en.incident.summary").value == typed
    cause = app.selectbox(key=f"br_bul.{generation}.en.incident.cause")
    assert (cause.value, cause.label) == ("technical_fault", "Cause")
    open_page(app, "overview").run()
    open_page(app, "bulletins").run()
    no_trouble(app)
    assert app.text_area(key=f"br_bul.{generation}.en.incident.summary").value == typed
    _click(app, "br_bul_create_key")
    _click(app, "br_bul_sign")
    part = json.loads(_signed(app)["file"])["parts"][0]["bulletin"]
    assert part["incident"]["summary"] == typed and part["incident"]["cause"] == "technical_fault"
