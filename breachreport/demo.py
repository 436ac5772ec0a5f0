"""Loads the worked example (``scenario``) into a workspace, step by step, as the people did it.

Every revision, filing and case number goes through the same use cases as a real incident.
"""

from __future__ import annotations

from .domain.choices import FilingKind
from .domain.circumstances import Outcome
from .domain.status import Role
from .scenario import STEPS, Person
from .services import Actor, Incident, Workspace


def _actor(person: Person) -> Actor:
    return Actor(name=person.name, role=Role(person.role))


def load_demo(workspace: Workspace) -> Incident:
    """Play the scenario into ``workspace``; returns the incident as it stands at the end."""
    incident: Incident | None = None
    for step in STEPS:
        actor = _actor(step.person)
        if step.action == "open":
            incident = workspace.open_incident(actor=actor, changes=step.changes, at=step.at)
            continue
        assert incident is not None, "the scenario must open the incident first"
        if step.action == "revise":
            incident = workspace.revise(
                actor=actor,
                ref=incident.reference,
                changes=step.changes,
                expected_version=incident.version,
                reason=step.reason,
                at=step.at,
            )
        elif step.action == "decide":
            incident = workspace.decide(
                actor=actor,
                ref=incident.reference,
                outcome=Outcome(step.changes["decision.outcome"]),
                reason=step.reason,
                expected_version=incident.version,
                at=step.at,
            )
        elif step.action == "file":
            workspace.file(
                actor=actor, ref=incident.reference, kind=FilingKind(step.filing_kind), at=step.at
            )
        elif step.action == "case_number":
            workspace.record_case_number(
                actor=actor, ref=incident.reference, case_number=step.case_number, at=step.at
            )
    assert incident is not None
    return workspace.incident(incident.reference)
