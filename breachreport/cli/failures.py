"""How a deliberate error reads on the command line: one line on standard error in the run's
language, then the problems to fix, one a line, when there are several.

Every error says itself in a language from the catalogues (``error.in_(lang)``): the use cases
raise messages, so the command line has nothing of its own to translate.
"""

from __future__ import annotations

import sys

from ..errors import BreachReportError
from ..i18n import _

ERROR = _("error")


def print_error(error: BreachReportError, lang: str) -> None:
    print(f"breachreport: {ERROR.in_(lang)}: {error.in_(lang)}", file=sys.stderr)
    problems = getattr(error, "problems", None)
    if problems and len(problems) > 1:
        for problem in problems:
            where = f"{problem.path}: " if problem.path else ""
            print(f"  - {where}{problem.text(lang)}", file=sys.stderr)
