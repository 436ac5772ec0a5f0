"""Loads the worked example (``scenario``) into a workspace, step by step, as the people did it.

Every step goes through the same use cases as a real incident, at the step's own time: suppliers
through invitation links and proposals the DPO accepts, the legal reviewer through an assignment,
comments and approvals. Played by the local operator, so people have names but no accounts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from breachreport.demo.cast import DPO, Person, Step
from breachreport.demo.scenario import STEPS
from breachreport.domain.choices import FilingKind
from breachreport.domain.circumstances import Outcome
from breachreport.domain.status import Role
from breachreport.services import Actor, Incident, Workspace

INVITATION_DAYS = 30


def _actor(person: Person) -> Actor:
    return Actor(name=person.name, role=Role(person.role))


def load_demo(workspace: Workspace, *, until: datetime | None = None) -> Incident:
    """Play the scenario into ``workspace`` (only the steps up to ``until``, when given); returns
    the incident as it stands at the end."""
    ref: str | None = None
    tokens: dict[str, str] = {}  # a supplier contact's name -> their link's token
    contacts: dict[str, Actor] = {}  # ... -> the actor their link gave them
    for step in STEPS:
        if until is not None and step.at > until:
            break
        at_step = Workspace(workspace.store, clock=lambda at=step.at: at)
        if step.action == "open":
            ref = at_step.open_incident(
                actor=_actor(step.person), changes=step.changes, at=step.at
            ).reference
            continue
        assert ref is not None, "the scenario must open the incident first"
        if step.action == "invite":
            assert step.whom is not None
            _, tokens[step.whom.name] = at_step.invitations.invite(
                actor=_actor(step.person),
                ref=ref,
                contact_name=step.whom.name,
                sections=step.sections,
                expires_at=step.at + timedelta(days=INVITATION_DAYS),
            )
        elif step.action in ("propose", "attach"):
            name = step.person.name
            if name not in contacts:  # the first time the contact follows the link
                contacts[name] = at_step.invitations.redeem(tokens[name])
            _supplier_step(at_step, step, ref, contacts[name])
        else:
            _staff_step(at_step, step, ref)
    assert ref is not None
    return workspace.incident(ref)


def _supplier_step(workspace: Workspace, step: Step, ref: str, contact: Actor) -> None:
    if step.action == "attach":
        assert step.attachment is not None
        filename, text = step.attachment
        workspace.evidence.upload(
            actor=contact, ref=ref, filename=filename, content=text.encode("utf-8")
        )
        return
    proposal = workspace.proposals.propose(
        actor=contact,
        changes=step.changes,
        comment=step.reason,
        expected_version=workspace.proposals.invited(actor=contact).version,
    )
    workspace.proposals.review(actor=_actor(DPO), proposal_id=proposal.id, accept="all")


def _staff_step(workspace: Workspace, step: Step, ref: str) -> None:
    actor = _actor(step.person)
    if step.action == "revise":
        workspace.revise(
            actor=actor,
            ref=ref,
            changes=step.changes,
            expected_version=workspace.incident(ref).version,
            reason=step.reason,
            at=step.at,
        )
    elif step.action == "decide":
        workspace.decide(
            actor=actor,
            ref=ref,
            outcome=Outcome(step.changes["decision.outcome"]),
            reason=step.reason,
            expected_version=workspace.incident(ref).version,
            at=step.at,
        )
    elif step.action == "file":
        workspace.file(
            actor=actor, ref=ref, kind=FilingKind(step.filing_kind), at=step.at, final=step.final
        )
    elif step.action == "case_number":
        assert step.case_number is not None
        workspace.record_case_number(actor=actor, ref=ref, case_number=step.case_number, at=step.at)
    elif step.action == "assign":
        assert step.whom is not None
        workspace.reviews.assign_reviewer(actor=actor, ref=ref, reviewer=_actor(step.whom))
    elif step.action == "comment":
        assert step.reason is not None
        for section in step.sections:
            workspace.reviews.comment(actor=actor, ref=ref, section=section, text=step.reason)
    elif step.action == "approve":
        workspace.reviews.approve(
            actor=actor, ref=ref, facts_version=workspace.incident(ref).version, note=step.reason
        )
    else:
        raise ValueError(f"unknown scenario action {step.action!r}")
