"""The organisation profile: the standing answers that prefill every new incident."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..domain.choices import Nis2Entity, Sector
from ..domain.fields import Email, LongText, OrgNumber, Phone, ShortText
from ..domain.problems import Problem, problems_from
from ..errors import FactsInvalid

# Each answer of the profile and the question of the facts it prefills.
ORGANISATION_PATHS: dict[str, str] = {
    "name": "controller.name",
    "org_number": "controller.org_number",
    "postal_address": "controller.postal_address",
    "sector": "controller.sector",
    "nis2_entity": "controller.nis2_entity",
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
