"""The Jinja environment that renders every document from the top-level ``templates/`` folder.

HTML templates are autoescaped; every other template is Markdown, whose output expressions are
escaped as Markdown by ``finalize``, so user text can never add structure or markup to a document.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from .markdown import escape_markdown, one_line

TEMPLATES_ENV = "BREACHREPORT_TEMPLATES"
DEFAULT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def templates_folder() -> Path:
    """The folder the templates come from: ``BREACHREPORT_TEMPLATES`` if set, else ``templates/``."""
    configured = os.environ.get(TEMPLATES_ENV)
    return Path(configured).expanduser().resolve() if configured else DEFAULT_TEMPLATES


def _is_markdown(name: str | None) -> bool:
    return bool(name) and ".md" in Path(name).suffixes


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Escape every printed value of a Markdown template; HTML is left to autoescape."""
    if not _is_markdown(context.name):
        return value
    return escape_markdown(value if isinstance(value, str) else str(value))


@cache
def _environment(folder: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["one_line"] = one_line
    return env


def environment() -> Environment:
    """The cached environment for the current templates folder (compiled templates are cached too)."""
    return _environment(templates_folder())
