"""Signed supplier bulletins in a real browser, two installs side by side: the HR-system supplier of
the second scenario (Personalrum Nord AB, its own breachreport) signs bulletin 1 for its three
customers; a region (Region Västmark, another breachreport) registers the supplier's key by its
fingerprint, imports its own part, and accepts the proposal field by field. The region's facts
hold its own numbers only, and a forged part is refused with one line that changes nothing.

Every input the region's DPO makes for the import and the review goes through ``Inputs`` and is
printed, as in test_browser_walk.py (signing in is not part of the task).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import OUTPUT, field, settle, sign_in_in_english, streamlit_server
from playwright.sync_api import expect
from test_browser_walk import Inputs

pytestmark = pytest.mark.browser

MAX_INPUTS = 12  # register the key, import, open, untick two, accept: 10 today
PASSWORD = "correct horse battery staple"
SUPPLIER_DPO = ("lena.berg@personalrum-nord.example", "Lena Berg")
REGION_DPO = ("anders.lund@vastmark.example", "Anders Lund")
SUPPLIER = ("Personalrum Nord AB", "559990-1203")
REGION = ("Region Västmark", "232100-9900")
OTHERS = ("Ekeby kommun", "Sjöhamra kommun", "212000-9903", "212000-9911", "2650", "7100")
KEPT = {"data.subjects_count", "data.data_categories", "data.subject_categories"}


def _install(home: Path, dpo: tuple[str, str], organisation: tuple[str, str], sector: str) -> None:
    """An install as its operator leaves it: the DPO's account and the organisation profile."""
    from breachreport.runtime.home import initialise, open_home
    from breachreport.services.accounts import LOCAL_OPERATOR, Accounts, OrganisationProfile
    from breachreport.settings import load_settings

    settings = load_settings(home=home)
    initialise(settings)
    store = open_home(settings)
    try:
        accounts = Accounts(store)
        accounts.create_first_dpo(username=dpo[0], display_name=dpo[1], password=PASSWORD)
        accounts.save_organisation(
            by=LOCAL_OPERATOR,
            profile=OrganisationProfile.parse(
                {"name": organisation[0], "org_number": organisation[1], "sector": sector}
            ),
        )
    finally:
        store.dispose()


def _region_state(home: Path) -> tuple[list, list]:
    """The region's incidents (reference, facts) and the proposals it reviewed, as stored."""
    from breachreport.runtime.home import open_home
    from breachreport.services import Workspace
    from breachreport.settings import load_settings

    store = open_home(load_settings(home=home))
    try:
        workspace = Workspace(store)
        incidents = [workspace.incident(row.reference) for row in workspace.register()]
        reviewed = [p for i in incidents for p in workspace.proposals.reviewed(ref=i.reference)]
        return incidents, reviewed
    finally:
        store.dispose()


@pytest.fixture
def servers(tmp_path, chromium) -> Iterator[tuple[str, str, Path, Path]]:
    supplier_home, region_home = tmp_path / "supplier", tmp_path / "region"
    _install(supplier_home, SUPPLIER_DPO, SUPPLIER, "private")
    _install(region_home, REGION_DPO, REGION, "region")
    logs = (tmp_path / "supplier.log", tmp_path / "region.log")
    with (
        streamlit_server(supplier_home, log=logs[0]) as supplier_url,
        streamlit_server(region_home, log=logs[1]) as region_url,
    ):
        yield supplier_url, region_url, supplier_home, region_home
    for log in logs:
        text = log.read_text(errors="replace")
        assert "Traceback" not in text, text
        assert not re.search(r"unexpected \w+ in the app", text), text


def _upload(page, label: str, path: Path) -> None:
    """Choose a file in the uploader labelled ``label`` and wait until it is uploaded (its name
    shows, and the run the upload starts is over)."""
    settle(page)
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=label)
    uploader.locator("input[type=file]").set_input_files(path)
    expect(uploader.get_by_role("button", name=f"Remove {path.name}")).to_be_visible()
    settle(page)


def _download(page, button) -> bytes:
    settle(page)
    with page.expect_download() as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def _nav(page, link: str, heading: str) -> None:
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
    settle(page)


def test_a_supplier_signs_and_a_region_imports_and_accepts_its_own_part(servers, browser, tmp_path):
    from breachreport.domain.bulletin import example_bulletin

    supplier_url, region_url, _supplier_home, region_home = servers
    supplier, region = browser("supplier"), browser("region")

    # The supplier's DPO: a signing key, bulletin 1 from the draft, signed, one part per customer.
    sign_in_in_english(supplier, supplier_url, SUPPLIER_DPO[0], PASSWORD)
    _nav(supplier, "Bulletins to customers", "Bulletins to customers")
    main = supplier.get_by_test_id("stMain")
    main.get_by_role("button", name="Create the signing key", exact=True).click()
    expect(main.get_by_text("The signing key is created.")).to_be_visible()
    public_line = main.get_by_test_id("stCode").first.inner_text().strip()
    assert public_line.startswith("breachreport-ed25519 ")
    fingerprint = re.search(r"SHA256:\S+", main.get_by_text("Fingerprint:").inner_text()).group()
    draft = tmp_path / "bulletin-1-draft.json"
    draft.write_text(json.dumps(example_bulletin(1).model_dump(mode="json"), ensure_ascii=False))
    _upload(supplier, "Start from the previous version's signed file", draft)
    expect(main.get_by_text("The draft is opened as bulletin 1.")).to_be_visible()
    settle(supplier)
    main.get_by_role("button", name="Sign bulletin 1", exact=True).click()
    expect(main.get_by_text("Bulletin 1 is signed. Customer parts: 3.")).to_be_visible()
    zipped = _download(
        supplier, main.get_by_role("button", name="Download one part per customer (zip)")
    )
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert sorted(archive.namelist()) == [
            f"{o}.json" for o in ("212000-9903", "212000-9911", REGION[1])
        ]
        own = tmp_path / f"{REGION[1]}.json"
        own.write_bytes(archive.read(f"{REGION[1]}.json"))
    own_text = own.read_text(encoding="utf-8")
    assert REGION[0] in own_text and not any(other in own_text for other in OTHERS[:4])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    supplier.screenshot(path=OUTPUT / "bulletin-supplier-signed.png", full_page=True)

    # The region's DPO, every input counted: register the key, import, accept field by field.
    sign_in_in_english(region, region_url, REGION_DPO[0], PASSWORD)
    dpo = Inputs(region)
    body = region.get_by_test_id("stMain")
    dpo.nav("Suppliers' bulletins", "Suppliers' bulletins")
    dpo.type(field(region, "The supplier's name"), SUPPLIER[0], "supplier's name")
    dpo.type(field(region, "The supplier's public key (one line)"), public_line, "public key")
    region.keyboard.press("Control+Enter")  # the text area's own way to apply what was pasted
    expect(body.get_by_text(fingerprint, exact=False).first).to_be_visible()
    dpo.click(body.get_by_role("button", name="Register the supplier", exact=True), "register")
    expect(body.get_by_text(f"{SUPPLIER[0]} is registered with the fingerprint")).to_be_visible()
    _upload(region, "The bulletin file from the supplier", own)
    dpo._note("upload", "the region's part")
    dpo.click(body.get_by_role("button", name="Import the bulletin", exact=True), "import")
    done = body.get_by_text(re.compile(r"^Bulletin 1 from Personalrum Nord AB opened incident"))
    expect(done).to_be_visible()
    ref = re.search(r"opened incident (\S+)\.", done.inner_text()).group(1)
    dpo.click(body.get_by_role("button", name=f"Review the proposals of {ref}"), "open proposals")
    expect(region.get_by_role("heading", name=re.compile(rf"· {re.escape(ref)}$"))).to_be_visible()
    expect(
        body.get_by_text(re.compile(r"^From Personalrum Nord AB: bulletin 1 \(PRN-2025-0823\)"))
    ).to_be_visible()
    settle(region)
    region.screenshot(path=OUTPUT / "bulletin-region-proposal.png", full_page=True)
    paths = _pending_paths(region_home, ref)
    assert set(paths) >= KEPT, paths
    dropped = [path for path in paths if path not in KEPT][:2]  # the DPO unticks two, one by one
    checkboxes = body.get_by_test_id("stCheckbox")
    for path, label in _labels(dropped).items():
        dpo.click(checkboxes.get_by_text(label, exact=True), f"untick {path}")
        expect(body.get_by_role("checkbox", name=label, exact=True)).not_to_be_checked()
    dpo.click(body.get_by_role("button", name="Accept selected", exact=True), "accept")
    expect(body.get_by_text("The proposal is reviewed", exact=False)).to_be_visible()
    print(f"\nThe region DPO's inputs to import and accept: {dpo.total} {dict(dpo.counted)}")
    for number, step in enumerate(dpo.steps, 1):
        print(f"  {number:2}. {step}")
    assert dpo.total <= MAX_INPUTS, dpo.steps

    # A forged part: one line, nothing changed.
    forged = tmp_path / "forged.json"
    forged.write_bytes(own.read_bytes().replace(b"30500", b"30501", 1))
    assert forged.read_bytes() != own.read_bytes()
    before, _ = _region_state(region_home)
    _nav(region, "Suppliers' bulletins", "Suppliers' bulletins")
    _upload(region, "The bulletin file from the supplier", forged)
    region.get_by_role("button", name="Import the bulletin", exact=True).click()
    alert = body.get_by_test_id("stAlertContentError")
    expect(alert).to_have_count(1)
    assert "\n" not in alert.inner_text().strip() and "Traceback" not in alert.inner_text()
    after, reviewed = _region_state(region_home)
    assert [(i.reference, i.version) for i in after] == [(i.reference, i.version) for i in before]

    # The region's facts: its own numbers, from the supplier's bulletin 1, nobody else's.
    [incident] = after
    facts = incident.facts
    assert facts.data.subjects_count.value == 30_500
    text = json.dumps(facts.model_dump(mode="json"), ensure_ascii=False)
    assert not any(other in text for other in OTHERS)
    [proposal] = reviewed
    assert set(proposal.rejected) == set(dropped) and len(dropped) == 2
    assert set(proposal.accepted) == set(paths) - set(dropped)


def _pending_paths(home: Path, ref: str) -> list[str]:
    from breachreport.runtime.home import open_home
    from breachreport.services import Workspace
    from breachreport.settings import load_settings

    store = open_home(load_settings(home=home))
    try:
        [proposal] = Workspace(store).proposals.pending(ref=ref)
        return proposal.paths
    finally:
        store.dispose()


def _labels(paths: list[str]) -> dict[str, str]:
    from breachreport.ui.incident import answers

    return {path: answers.label(path, "en") for path in paths}
