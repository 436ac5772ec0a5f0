"""(being built for issue 20)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..mail.config import MailConfig
from ..storage import Store
from .base import UseCases


class Notices(UseCases):
    def __init__(
        self, store: Store, clock: Callable[[], datetime], mail: Callable[[], MailConfig | None]
    ) -> None:
        super().__init__(store, clock)
        self.mail = mail
