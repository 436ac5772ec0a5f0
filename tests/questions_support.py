"""Opening the folded sections of the questions page in AppTest, as a DPO clicks on them: a folded
section is not built, so its questions exist only once it is opened."""

from __future__ import annotations

from breachreport.domain.facts import Facts


def unfold(app, ref: str, *sections: str):
    """Open ``sections`` (every section when none is named) of incident ``ref`` and rerun."""
    for section in sections or Facts.section_names():
        app.session_state[f"br_q_open.{ref}.{section}"] = True
    return app.run()
