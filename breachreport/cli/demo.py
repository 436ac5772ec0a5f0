"""``breachreport demo``: the supplier-ransomware scenario as a worked example, loaded once."""

from __future__ import annotations

from ..i18n import _
from .context import Run, pass_run
from .options import command, lang_option


@command("demo", "load the supplier-ransomware scenario as a worked example (once)")
@lang_option
@pass_run
def demo(run: Run) -> int:
    """Load the worked example once: a second run finds it by IMY's case number and adds nothing,
    so that the register never holds two incidents under one case number."""
    from breachreport.demo.loading import load_demo
    from breachreport.demo.scenario import CASE_NUMBER
    from breachreport.runtime.home import initialise, open_home

    from ..services import Workspace
    from ..settings import load_settings

    settings = load_settings()
    initialise(settings)
    workspace = Workspace(open_home(settings))
    there = next((row for row in workspace.register() if row.case_number == CASE_NUMBER), None)
    if there is not None:
        run.echo(
            _(
                "The worked example is already there as {ref} (IMY case number {case_number}); "
                "nothing new was added.",
                ref=there.reference,
                case_number=CASE_NUMBER,
            )
        )
        return 0
    incident = load_demo(workspace)
    status = incident.status.label(run.lang)
    run.echo(
        _("Loaded the worked example as {ref} ({status}).", ref=incident.reference, status=status)
    )
    return 0


COMMANDS = (demo,)
