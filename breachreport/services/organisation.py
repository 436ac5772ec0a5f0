"""The organisation profile: the standing answers that prefill every new incident, and the
regimes they turn on (the recipients whose report chains apply to the organisation's incidents)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..domain.choices import Nis2Entity, Sector
from ..domain.fields import Email, LongText, OrgNumber, Phone, ShortText
from ..domain.labels import Text
from ..domain.problems import Problem, problems_from
from ..domain.recipients import CERT_SE, IMY, IVO, POLICE, Recipient, recipient
from ..errors import FactsInvalid
from ..i18n import Message, _

# Each answer of the profile and the question of the facts it prefills.
ORGANISATION_PATHS: dict[str, str] = {
    "name": "controller.name",
    "org_number": "controller.org_number",
    "postal_address": "controller.postal_address",
    "sector": "controller.sector",
    "nis2_entity": "controller.nis2_entity",
    "health_care": "controller.health_care",
    "contact_name": "contact.contact_name",
    "contact_phone": "contact.contact_phone",
    "contact_email": "contact.contact_email",
    "dpo_name": "contact.dpo_name",
    "dpo_phone": "contact.dpo_phone",
    "dpo_email": "contact.dpo_email",
}


class OrganisationProfile(BaseModel):
    """The organisation's standing answers, which prefill every new incident. All optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ShortText = None
    org_number: OrgNumber = None
    postal_address: LongText = None
    sector: Sector | None = None
    nis2_entity: Nis2Entity | None = None
    health_care: bool | None = None
    contact_name: ShortText = None
    contact_phone: Phone = None
    contact_email: Email = None
    dpo_name: ShortText = None
    dpo_phone: Phone = None
    dpo_email: Email = None

    @classmethod
    def parse(cls, answers: Mapping[str, Any]) -> OrganisationProfile:
        """A profile from a form's answers; FactsInvalid names each bad answer by its facts path
        (``contact.dpo_email``), in Swedish and English."""
        try:
            return cls.model_validate(dict(answers))
        except ValidationError as error:
            problems = [
                Problem(path=ORGANISATION_PATHS.get(p.path, p.path), code=p.code, sv=p.sv, en=p.en)
                for p in problems_from(error)
            ]
            listed = "; ".join(f"{p.path}: {p.en}" for p in problems)
            raise FactsInvalid(
                problems, f"The organisation profile is not valid: {listed}"
            ) from None

    def as_changes(self) -> dict[str, Any]:
        """The answered fields as facts changes, e.g. {"contact.dpo_email": "..."}."""
        dumped = self.model_dump(mode="json")
        return {
            path: dumped[name]
            for name, path in ORGANISATION_PATHS.items()
            if dumped[name] is not None
        }


# -- the regimes the profile turns on --------------------------------------------------------------

# The profile's answers that decide which recipients' chains apply, in the form's order.
REGIME_FIELDS = ("sector", "nis2_entity", "health_care")


@dataclass(frozen=True)
class Regime:
    """One recipient's chain as the profile sets it: ``on`` True (it applies), False (the profile
    rules it out) or None (not answered yet, or it depends on the incident); ``says`` why."""

    recipient: Recipient
    on: bool | None
    says: Message


def _reports(found: Recipient) -> Text:
    """The recipient's report types in order, e.g. "early warning, incident notification, ..."."""
    labels = [kind.text for kind in found.kinds]
    return Text(
        ", ".join(label.sv[:1].lower() + label.sv[1:] for label in labels),
        ", ".join(label.en[:1].lower() + label.en[1:] for label in labels),
    )


def _cert_se(profile: OrganisationProfile, found: Recipient) -> Regime:
    entity = profile.nis2_entity
    if entity in (Nis2Entity.ESSENTIAL, Nis2Entity.IMPORTANT):
        return Regime(
            found,
            True,
            _(
                "{name}: the organisation is an essential or important entity under the "
                "Cybersecurity Act, so a significant incident is reported in steps ({reports}). "
                "The sector decides which thresholds make an incident significant.",
                name=found.name,
                reports=_reports(found),
            ),
        )
    if entity is Nis2Entity.NOT_COVERED:
        return Regime(
            found,
            False,
            _(
                "{name}: the organisation is not covered by the Cybersecurity Act.",
                name=found.name,
            ),
        )
    return Regime(
        found,
        None,
        _(
            "{name}: not answered yet. If the organisation is an essential or important entity "
            "under the Cybersecurity Act (NIS2), significant incidents are reported to {short}.",
            name=found.name,
            short=found.short,
        ),
    )


def _ivo(profile: OrganisationProfile, found: Recipient) -> Regime:
    if profile.health_care:
        return Regime(
            found,
            True,
            _(
                "{name}: the organisation provides health care, so a serious care injury, or "
                "the risk of one, is reported under lex Maria.",
                name=found.name,
            ),
        )
    if profile.health_care is False:
        return Regime(
            found,
            False,
            _(
                "{name}: the organisation does not provide health care.",
                name=found.name,
            ),
        )
    return Regime(
        found,
        None,
        _(
            "{name}: not answered yet. A care provider reports serious care injuries, and the "
            "risk of them, to {short} (lex Maria).",
            name=found.name,
            short=found.short,
        ),
    )


def regimes(profile: OrganisationProfile) -> tuple[Regime, ...]:
    """Each recipient's chain as ``profile`` sets it, in the recipients' order (IMY first)."""
    imy, cert_se, police, ivo = (recipient(key) for key in (IMY, CERT_SE, POLICE, IVO))
    assert imy and cert_se and police and ivo, "the recipients table lacks a built-in recipient"
    return (
        Regime(
            imy,
            True,
            _(
                "{name}: every personal data breach is notified, unless it is unlikely to result "
                "in a risk to people (GDPR, Article 33).",
                name=imy.name,
            ),
        ),
        _cert_se(profile, cert_se),
        Regime(
            police,
            None,
            _(
                "{name}: a crime report when a crime is suspected, such as an attack; only its "
                "reference number is kept here.",
                name=police.name,
            ),
        ),
        _ivo(profile, ivo),
    )
