"""How a deliberate error reads on the command line: one line on standard error in the run's
language, then the problems to fix, one a line, when there are several (the first line then
says only what failed and how many problems there are, so that each problem is said once).

Every error says itself in a language from the catalogues (``error.in_(lang)``): the use cases
raise messages, so the command line has nothing of its own to translate.
"""

from __future__ import annotations

import sys

from ..errors import BreachReportError
from ..i18n import _

ERROR = _("error")


def print_error(error: BreachReportError, lang: str) -> None:
    problems = getattr(error, "problems", None)
    several = bool(problems) and len(problems) > 1
    # With several problems the first line only heads them, so that each is said once.
    said = f"{error.heading(lang)}:" if several else error.in_(lang)
    print(f"breachreport: {ERROR.in_(lang)}: {said}", file=sys.stderr)
    if several:
        for problem in problems:
            where = f"{problem.path}: " if problem.path else ""
            print(f"  - {where}{problem.text(lang)}", file=sys.stderr)
