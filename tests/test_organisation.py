"""The organisation profile turns on the regimes that apply to the organisation: whether it provides
health care (IVO, lex Maria) beside its NIS2 entity type and sector, saved and read back, prefilled
into every new incident, and shown on the organisation page with which recipients' chains it turns
on, in Swedish and English.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import import_module

import pytest
from conftest import CHEAP
from ui_support import no_trouble, shown

from breachreport.demo.scenario import ORGANISATION
from breachreport.domain.changes import apply
from breachreport.domain.choices import Nis2Entity, Sector
from breachreport.domain.facts import Facts
from breachreport.domain.recipients import CERT_SE, IMY, IVO, POLICE, recipient
from breachreport.domain.status import Role
from breachreport.services import Actor, Workspace
from breachreport.services.accounts import Accounts, OrganisationProfile
from breachreport.services.organisation import regimes
from breachreport.ui.shell import organisation_form as form_page

organisation_page = import_module("breachreport.ui.shell.organisation")

T0 = datetime(2026, 1, 17, 13, 0, tzinfo=UTC)
LANGS = ["sv", "en"]
REGION = OrganisationProfile(
    **{path.split(".", 1)[1]: value for path, value in ORGANISATION.items()}, health_care=True
)


@pytest.fixture
def accounts(store) -> Accounts:
    return Accounts(store, clock=lambda: T0, password_hasher=CHEAP)


@pytest.fixture
def dpo(accounts):
    return accounts.create_first_dpo(
        username="karin.holm@nordmark.example.se",
        display_name="Karin Holm",
        password="correct horse battery staple",
    )


# -- the profile -----------------------------------------------------------------------------------


def test_health_care_is_saved_and_read_back_with_the_other_regime_answers(store, accounts, dpo):
    assert accounts.organisation().health_care is None
    accounts.save_organisation(by=dpo, profile=REGION)
    saved = accounts.organisation()
    assert (saved.sector, saved.nis2_entity, saved.health_care) == (
        Sector.REGION,
        Nis2Entity.ESSENTIAL,
        True,
    )
    accounts.save_organisation(
        by=dpo, profile=OrganisationProfile(name="Bolaget AB", health_care=False)
    )
    assert accounts.organisation().health_care is False  # "no" is an answer, not "not given"
    assert store.verify() == []


def test_a_profile_saved_before_the_health_care_question_still_reads(store, accounts, dpo):
    with store.transaction() as tx:
        tx.organisation.save(
            profile={"name": "Region Nordmark", "nis2_entity": "essential"},
            saved_at=T0,
            saved_by=dpo.id,
        )
    assert accounts.organisation() == OrganisationProfile(
        name="Region Nordmark", nis2_entity=Nis2Entity.ESSENTIAL
    )


def test_health_care_prefills_the_controllers_answer_of_every_new_incident(store, accounts, dpo):
    changes = REGION.as_changes()
    assert changes["controller.health_care"] is True
    assert OrganisationProfile(health_care=False).as_changes() == {"controller.health_care": False}
    assert OrganisationProfile().as_changes() == {}
    facts = apply(Facts(), changes)
    assert facts.controller.health_care is True
    assert facts.controller.nis2_entity is Nis2Entity.ESSENTIAL
    incident = Workspace(store, clock=lambda: T0).open_incident(
        actor=Actor(name="Karin Holm", role=Role.DPO), changes=changes
    )
    assert incident.facts.controller.health_care is True


def test_a_bad_health_care_answer_names_its_facts_path():
    from breachreport.errors import FactsInvalid

    with pytest.raises(FactsInvalid) as caught:
        OrganisationProfile.parse({"health_care": "perhaps"})
    assert [problem.path for problem in caught.value.problems] == ["controller.health_care"]
    assert OrganisationProfile.parse({"health_care": True}).health_care is True


# -- the regimes it turns on -----------------------------------------------------------------------


def _states(profile: OrganisationProfile) -> dict[str, bool | None]:
    return {regime.recipient.key: regime.on for regime in regimes(profile)}


def test_an_essential_care_provider_turns_on_cert_se_and_ivo_beside_imy():
    assert _states(REGION) == {IMY: True, CERT_SE: True, POLICE: None, IVO: True}
    says = {regime.recipient.key: regime.says for regime in regimes(REGION)}
    cert_se = says[CERT_SE]("sv")
    assert cert_se.startswith("CERT-SE, Myndigheten för civilt försvar (MCF): ")
    # The recipients and their report types are data, in the reader's language.
    assert "(tidig varning, incidentanmälan, lägesrapport, slutrapport)" in cert_se
    assert "essential or important entity" in says[CERT_SE]("en")
    assert "The sector decides" in says[CERT_SE]("en")
    assert "(early warning, incident notification, progress report, final report)" in says[CERT_SE](
        "en"
    )
    assert says[IVO]("sv").startswith("Inspektionen för vård och omsorg (IVO): ")
    assert "provides health care" in says[IVO]("en") and "lex Maria" in says[IVO]("en")
    assert says[IVO]("en").startswith("Health and Social Care Inspectorate (IVO): ")
    assert says[IMY]("sv").startswith("Integritetsskyddsmyndigheten (IMY): ")


def test_a_company_outside_nis2_and_health_care_has_only_imy_and_the_police():
    profile = OrganisationProfile(nis2_entity=Nis2Entity.NOT_COVERED, health_care=False)
    assert _states(profile) == {IMY: True, CERT_SE: False, POLICE: None, IVO: False}
    says = {regime.recipient.key: regime.says("en") for regime in regimes(profile)}
    assert "not covered by the Cybersecurity Act" in says[CERT_SE]
    assert "does not provide health care" in says[IVO]


def test_unanswered_regime_questions_leave_the_chains_open_and_say_what_to_answer():
    states = _states(OrganisationProfile())
    assert states == {IMY: True, CERT_SE: None, POLICE: None, IVO: None}
    says = {regime.recipient.key: regime.says("en") for regime in regimes(OrganisationProfile())}
    assert "not answered yet" in says[CERT_SE] and "CERT-SE" in says[CERT_SE]
    assert "not answered yet" in says[IVO] and "IVO (lex Maria)" in says[IVO]
    assert _states(OrganisationProfile(nis2_entity=Nis2Entity.IMPORTANT))[CERT_SE] is True


# -- the organisation page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_asks_health_care_beside_nis2_and_sector_and_shows_the_chains_it_turns_on(
    signed_in_app, app_resources, open_page, lang
):
    app = open_page(signed_in_app(lang=lang), "organisation").run()
    no_trouble(app)
    health = app.selectbox(key=f"br_organisation_health_care.{lang}")
    assert health.label == form_page.question("health_care")[0](lang)
    assert "IVO" in health.help and "lex Maria" in health.help
    assert health.value is None  # not given until answered
    # The regime questions stand together under their own heading, with why they matter.
    markdown = shown(app.markdown)
    heading = f"**{form_page.REGIMES(lang)}**"
    assert heading in markdown
    captions = shown(app.caption)
    why = next(c for c in captions if c.startswith(form_page.REGIMES_WHY(lang).split("{")[0]))
    assert "CERT-SE" in why and "IVO" in why
    # Before anything is answered: IMY applies, CERT-SE and IVO are open.
    assert organisation_page.CHAINS(lang) in shown(app.header)
    chains = next(text for text in markdown if "CERT-SE" in text and "IVO" in text)
    depends = organisation_page.OPEN(lang)
    assert f"**{depends}**: {recipient(IVO).name(lang)}" in chains

    app.selectbox(key=f"br_organisation_nis2_entity.{lang}").set_value("essential")
    app.selectbox(key=f"br_organisation_sector.{lang}").set_value("region")
    health.set_value("yes")
    app.form_submit_button[0].click().run()
    no_trouble(app)
    saved = app_resources.accounts.organisation()
    assert (saved.health_care, saved.nis2_entity, saved.sector) == (
        True,
        Nis2Entity.ESSENTIAL,
        Sector.REGION,
    )
    chains = next(text for text in shown(app.markdown) if "CERT-SE" in text and "IVO" in text)
    applies = organisation_page.ON(lang)
    for key in (IMY, CERT_SE, IVO):
        assert f"**{applies}**: {recipient(key).name(lang)}" in chains, key
    assert f"**{depends}**: {recipient(POLICE).name(lang)}" in chains

    app.selectbox(key=f"br_organisation_health_care.{lang}").set_value("no")
    app.form_submit_button[0].click().run()
    assert app_resources.accounts.organisation().health_care is False
    chains = next(text for text in shown(app.markdown) if "CERT-SE" in text and "IVO" in text)
    assert f"**{organisation_page.OFF(lang)}**: {recipient(IVO).name(lang)}" in chains
