"""The cast of the worked example (``scenario``): its people, the region's organisation profile, the
suppliers and their hosting provider, and the shape of one step. Pure data, like the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from breachreport.domain.times import from_stockholm


def at(text: str) -> datetime:
    """A Swedish wall-clock time as a UTC instant."""
    return from_stockholm(datetime.fromisoformat(text))


@dataclass(frozen=True)
class Person:
    name: str
    role: str  # "dpo", "legal_reviewer", "supplier_contact"
    organisation: str


DPO = Person("Karin Holm", "dpo", "Region Nordmark")
LEGAL = Person("Johan Ek", "legal_reviewer", "Region Nordmark")
SUPPLIER_A = Person("Lena Sjöberg", "supplier_contact", "Nordförråd AB")
SUPPLIER_B = Person("Omar Haddad", "supplier_contact", "Samplan Systems AB")
PEOPLE = (DPO, LEGAL, SUPPLIER_A, SUPPLIER_B)

CASE_NUMBER = "IMY-2024-0412"

# The organisation profile that fills every new incident of the region.
ORGANISATION: dict[str, Any] = {
    "controller.name": "Region Nordmark",
    "controller.org_number": "232199-0000",
    "controller.postal_address": "Region Nordmark\nBox 700\n901 89 Nordstad",
    "controller.sector": "region",
    "controller.nis2_entity": "essential",
    "contact.contact_name": "Karin Holm, dataskyddsombud",
    "contact.contact_phone": "090-785 00 00",
    "contact.contact_email": "dataskyddsombud@nordmark.example.se",
    "contact.dpo_name": "Karin Holm",
    "contact.dpo_phone": "090-785 00 00",
    "contact.dpo_email": "dataskyddsombud@nordmark.example.se",
}

SUPPLIER_B_PROFILE = {
    "name": "Samplan Systems AB",
    "role": "processor",
    "system": "Samplan, system för samordnad utskrivning",
    "contract_hours": 24,
    "aware_at": "2024-01-20T06:45:00+01:00",
    "notified_controller_at": "2024-01-20T08:30:00+01:00",
}
SUPPLIER_A_PROFILE = {
    "name": "Nordförråd AB",
    "role": "processor",
    "system": "Beställningssystem för förbrukningsmaterial",
    "contract_hours": 48,
    "aware_at": "2024-01-20T09:00:00+01:00",
    "notified_controller_at": "2024-01-21T10:00:00+01:00",
}
HOSTING_PROFILE = {
    "name": "Driftcenter Norden AB",
    "role": "sub_processor",
    "system": "Virtualiseringsplattform i datacenter",
}


@dataclass(frozen=True)
class Step:
    """One thing that happens in the scenario, at a Swedish wall-clock time."""

    at: datetime
    person: Person
    # "open", "revise", "decide", "file", "case_number"; "invite" and "assign" (``whom``),
    # "propose" (accepted by the DPO at once), "comment" (on ``sections``), "approve", "attach"
    action: str
    changes: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    filing_kind: str | None = None
    final: bool = False  # a supplement that completes the notification
    case_number: str | None = None
    whom: Person | None = None
    sections: tuple[str, ...] = ()
    attachment: tuple[str, str] | None = None  # (file name, text)
