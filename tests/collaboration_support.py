"""A small world for the tests of roles, invitations, proposals, reviews and evidence: one incident,
an account per role, a reviewer assigned to it and a supplier contact invited to some sections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from conftest import CHEAP

from breachreport.demo.scenario import ORGANISATION
from breachreport.domain.changes import NOT_YET_KNOWN
from breachreport.domain.status import Role
from breachreport.domain.times import from_stockholm
from breachreport.services import Actor, Workspace
from breachreport.services.accounts import Account, Accounts
from breachreport.storage import Store

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
PASSWORD = "tre blå hästar i snö"
SUPPLIER_SECTIONS = ("times", "measures", "circumstances")
MINIMUM = {
    **ORGANISATION,
    "times.aware_at": "2024-01-20T14:00",
    "description.summary": "Ransomware at the hosting provider of a supplier.",
    "description.breach_type": "malware",
    "description.kinds": ["availability"],
    "data.subjects_count": NOT_YET_KNOWN,
    "data.subject_categories": ["patients"],
    "data.data_categories": ["identity", "health"],
}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def at(text: str) -> datetime:
    """A Swedish wall-clock time as a UTC instant."""
    return from_stockholm(datetime.fromisoformat(text))


class Clock:
    """A clock that moves a second each time it is read, so that records made one after another
    keep their order, and that tests can move by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    store: Store
    clock: Clock
    workspace: Workspace
    accounts: Accounts
    ref: str
    admin: Account
    dpo: Account
    reviewer: Account
    supplier_account: Account
    supplier: Actor  # as the invitation link gave them
    token: str
    invitation_id: str

    def account(self, role: Role) -> Account:
        return {
            Role.ADMIN: self.admin,
            Role.DPO: self.dpo,
            Role.LEGAL_REVIEWER: self.reviewer,
            Role.SUPPLIER_CONTACT: self.supplier_account,
        }[role]

    def actor(self, role: Role) -> Actor:
        """Each role as it really acts: signed in, or (a supplier contact) through the link."""
        if role is Role.SUPPLIER_CONTACT:
            return self.supplier
        return self.account(role).actor

    @property
    def version(self) -> int:
        return self.workspace.incident(self.ref).version

    def open_another(self) -> str:
        return self.workspace.open_incident(
            actor=self.dpo.actor, changes=MINIMUM, at=at("2024-02-01T09:00")
        ).reference


def build_world(store: Store) -> World:
    clock = Clock()
    workspace = Workspace(store, clock=clock)
    accounts = Accounts(store, clock=clock, password_hasher=CHEAP)
    dpo = accounts.create_first_dpo(
        username="dpo@nordmark.example.se", display_name="Karin Holm", password=PASSWORD
    )

    def add(name: str, role: Role) -> Account:
        return accounts.add(
            by=dpo,
            username=f"{name.split()[0].lower()}@nordmark.example.se",
            display_name=name,
            password=PASSWORD,
            role=role,
        )

    admin = add("Anna Berg", Role.ADMIN)
    reviewer = add("Johan Ek", Role.LEGAL_REVIEWER)
    supplier_account = add("Lena Sjöberg", Role.SUPPLIER_CONTACT)
    ref = workspace.open_incident(
        actor=dpo.actor, changes=MINIMUM, at=at("2024-01-20T14:05")
    ).reference
    workspace.reviews.assign_reviewer(actor=dpo.actor, ref=ref, reviewer=reviewer.actor)
    invitation, token = workspace.invitations.invite(
        actor=dpo.actor,
        ref=ref,
        contact_name="Omar Haddad",
        contact_email="omar.haddad@samplan.example.se",
        sections=SUPPLIER_SECTIONS,
        expires_at=NOW + timedelta(days=14),
    )
    return World(
        store=store,
        clock=clock,
        workspace=workspace,
        accounts=accounts,
        ref=ref,
        admin=admin,
        dpo=dpo,
        reviewer=reviewer,
        supplier_account=supplier_account,
        supplier=workspace.invitations.redeem(token),
        token=token,
        invitation_id=invitation.id,
    )
