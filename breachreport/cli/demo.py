"""``breachreport demo``: the supplier-ransomware scenario as a worked example, loaded once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import _
from .context import Run, pass_run
from .options import command, lang_option

if TYPE_CHECKING:
    from ..services import Workspace


@command("demo", "load the supplier-ransomware scenario as a worked example (once)")
@lang_option
@pass_run
def demo(run: Run) -> int:
    """Load the worked example once: a second run finds it by IMY's case number and adds nothing,
    so that the register never holds two incidents under one case number."""
    from breachreport.runtime.home import initialise, open_home

    from ..services import Workspace
    from ..settings import load_settings

    settings = load_settings()
    initialise(settings)
    store = open_home(settings)
    try:
        return _load_once(run, Workspace(store))
    finally:
        store.dispose()  # closed here, so that SQLite folds its -wal back into the database now


def _load_once(run: Run, workspace: Workspace) -> int:
    from breachreport.demo.loading import load_demo
    from breachreport.demo.scenario import CASE_NUMBER

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
