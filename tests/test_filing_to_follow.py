"""Before a preliminary filing, the DPO is told which questions nobody has answered yet, and the
filed notification shows exactly those as "not yet known, to follow" (Art. 33(4))."""

from __future__ import annotations

from datetime import timedelta

from breachreport.demo.scenario import STEPS
from breachreport.domain.choices import FilingKind
from breachreport.domain.facts import questions
from breachreport.domain.times import utc_now


def _labels() -> dict[str, object]:
    return {q.path: q.label for q in questions()}


def _warning_naming(check, words: str) -> str | None:
    return next((w.sv for w in check.warnings if words in w.sv), None)


def test_unanswered_questions_are_named_before_a_preliminary_filing_and_follow_in_it(
    app_resources,
):
    dpo = app_resources.accounts.list()[0]
    workspace = app_resources.workspace
    aware = utc_now() - timedelta(hours=3)
    changes = {**STEPS[0].changes, "times.aware_at": aware.isoformat()}
    changes.pop("measures.taken", None)
    ref = workspace.open_incident(actor=dpo.actor, changes=changes).reference

    check = workspace.filing_check(actor=dpo.actor, ref=ref, kind=FilingKind.PRELIMINARY)
    assert check.problems == ()
    warning = _warning_naming(check, "inte besvarade ännu")
    assert warning is not None, [w.sv for w in check.warnings]
    taken = _labels()["measures.taken"]
    assert f"”{taken.sv}”" in warning

    # The same question, in the filed document, says it is to follow.
    filing = workspace.file(actor=dpo.actor, ref=ref, kind=FilingKind.PRELIMINARY)
    assert any("inte besvarade ännu" in w.sv for w in filing.warnings)
    document = workspace.render(ref=ref, fmt="md", lang="sv", filing_seq=1).decode()
    after = document.split(f"**{taken.sv}**", 1)[1].lstrip()
    assert after.lower().startswith("*ännu inte känt, kompletteras")


def test_a_complete_notification_warns_of_nothing_unanswered(app_resources):
    dpo = app_resources.accounts.list()[0]
    workspace = app_resources.workspace
    aware = utc_now() - timedelta(hours=3)
    changes = {**STEPS[0].changes, "times.aware_at": aware.isoformat()}
    ref = workspace.open_incident(actor=dpo.actor, changes=changes).reference
    check = workspace.filing_check(actor=dpo.actor, ref=ref, kind=FilingKind.COMPLETE)
    assert _warning_naming(check, "inte besvarade ännu") is None
