"""Logging for the app and the service commands: BREACHREPORT_LOG_LEVEL for breachreport's own
loggers, BREACHREPORT_LOG_FORMAT=json for one JSON object a line.

Libraries stay at WARNING whatever the level: SQLAlchemy at INFO or DEBUG would log statements and
their parameters. breachreport's own log lines name events, never what users typed.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO

from breachreport.settings import Settings

_HANDLER_NAME = "breachreport"
_QUIET_LIBRARIES = ("sqlalchemy", "alembic", "weasyprint", "fontTools", "urllib3", "httpx")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and the exception's type."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: a traceback's values could hold personal data.
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _StandardError(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged (a test or a runner may swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, value: IO[str]) -> None:
        pass


def configure_logging(settings: Settings, *, stream: IO[str] | None = None) -> logging.Handler:
    """Send breachreport's log lines to ``stream`` (standard error) at the configured level and
    format. Idempotent: running it again (Streamlit reruns the page) replaces its own handler."""
    handler = logging.StreamHandler(stream) if stream is not None else _StandardError()
    handler.set_name(_HANDLER_NAME)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    logger = logging.getLogger("breachreport")
    for old in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
        logger.removeHandler(old)
    logger.addHandler(handler)
    logger.setLevel(settings.log_level)
    for name in _QUIET_LIBRARIES:
        library = logging.getLogger(name)
        if library.level < logging.WARNING:  # NOTSET too: a DEBUG root must not reach them
            library.setLevel(logging.WARNING)
    return handler
