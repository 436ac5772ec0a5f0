"""(being built for issue 20)"""

from __future__ import annotations

from .base import UseCases


class Calendar(UseCases):
    pass
