"""The Jinja environments that render every document, always in Jinja's immutable sandbox.

Templates come from the organisation's folder (``BREACHREPORT_TEMPLATES``) first, then from the
built-in ones: the top-level ``templates/`` of a checkout, which a wheel ships as the package data
``breachreport/templates``. HTML is autoescaped; Markdown output is escaped as Markdown by
``finalize``; Word XML is escaped as XML. User text can never add structure, markup or template
code, and a template can never reach past the plain view model it is given.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    pass_context,
    select_autoescape,
)
from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..errors import InputError, NotFound, SettingsError
from .markdown import escape_markdown, one_line

TEMPLATES_ENV = "BREACHREPORT_TEMPLATES"


def _built_in_templates() -> Path:
    """The templates that come with the product.

    An installed package holds them as ``breachreport/templates`` (pyproject.toml maps the
    top-level folder there). A checkout, run in place or installed editable, has no such folder
    and uses its own top-level ``templates/``, so that an edited template is used at once.
    """
    packaged = files("breachreport") / "templates"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged.resolve()
    return Path(__file__).resolve().parents[2] / "templates"


DEFAULT_TEMPLATES = _built_in_templates()


def templates_folder() -> Path:
    """The folder the templates come from: ``BREACHREPORT_TEMPLATES`` if set, else ``templates/``."""
    return override_folder() or DEFAULT_TEMPLATES


def override_folder() -> Path | None:
    """The organisation's own templates folder, if ``BREACHREPORT_TEMPLATES`` names one."""
    configured = os.environ.get(TEMPLATES_ENV)
    return Path(configured).expanduser().resolve() if configured else None


def _folders() -> tuple[Path, ...]:
    """Where to look for a template, in order: an override folder may hold only some of them.

    A folder that is named but missing is refused: silently printing the built-in templates
    instead of the organisation's own would go unnoticed.
    """
    own = override_folder()
    if own is None or own == DEFAULT_TEMPLATES:
        return (DEFAULT_TEMPLATES,)
    if not own.is_dir():
        raise SettingsError(f"{TEMPLATES_ENV} names {own}, which is not a folder.")
    return (own, DEFAULT_TEMPLATES)


def _is_markdown(name: str | None) -> bool:
    return bool(name) and ".md" in Path(name).suffixes


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Escape every printed value of a Markdown template; HTML is left to autoescape."""
    if not _is_markdown(context.name):
        return value
    return escape_markdown(value if isinstance(value, str) else str(value))


class _FirstFound(BaseLoader):
    """Each template from the first folder that has it. A compiled template stays cached only while
    its file is unchanged and no earlier folder has gained a template of the same name, so that a
    template the organisation adds later is used at once."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders
        self.loaders = [FileSystemLoader(folder) for folder in folders]

    def get_source(self, environment: Environment, template: str):
        for index, loader in enumerate(self.loaders):
            try:
                source, filename, uptodate = loader.get_source(environment, template)
            except TemplateNotFound:
                continue
            earlier = [
                folder.joinpath(*split_template_path(template)) for folder in self.folders[:index]
            ]

            def still_first(uptodate=uptodate, earlier=earlier) -> bool:
                return bool(uptodate and uptodate()) and not any(p.is_file() for p in earlier)

            return source, filename, still_first
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return sorted({name for loader in self.loaders for name in loader.list_templates()})


@cache
def _environment(folders: tuple[Path, ...]) -> Environment:
    env = ImmutableSandboxedEnvironment(
        loader=_FirstFound(folders),
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
    """The cached environment for the current templates folders (compiled templates are cached too)."""
    return _environment(_folders())


def render_template(name: str, view: Mapping[str, Any]) -> str:
    """Render the template ``name`` with ``view``; a broken or unsafe template is a clear error."""
    source: str | None = None
    try:
        template = environment().get_template(name)
        source = template.filename
        return template.render(view)
    except TEMPLATE_FAILURES as error:
        raise template_failure(name, error, source=source) from None


def template_file(name: str) -> Path:
    """A template that is a file, not Jinja text (a Word template, a stylesheet), by its name."""
    for folder in _folders():
        path = folder / name
        if path.is_file():
            return path
    raise NotFound(f"The template {name} is missing from {templates_folder()}.")


# What a faulty template can raise: Jinja's own errors, and Python's when an expression goes wrong
# (``{{ 1 / 0 }}``, an index out of range).
TEMPLATE_FAILURES = (TemplateError, ArithmeticError, LookupError, TypeError, ValueError)


def template_failure(name: str, error: Exception, *, source: str | None = None) -> InputError:
    """One line that tells the organisation which template failed and why, never a traceback.

    Jinja's messages name template variables and Python types, never the values of the facts; of
    any other error only its kind is told, as its message might quote a value.
    """
    found = source or getattr(error, "filename", None)
    where = Path(found).parent if found else (override_folder() or DEFAULT_TEMPLATES)
    if not isinstance(error, TemplateError):
        return InputError(
            f"The template {name} (in {where}) cannot be rendered: "
            f"an expression in it fails ({type(error).__name__})."
        )
    detail = (error.message or type(error).__name__).rstrip(".")
    if isinstance(error, SecurityError):
        why = f"it tries something the template sandbox forbids ({detail})"
    elif isinstance(error, TemplateNotFound):
        why = f"the template {error.name} is missing"
    elif isinstance(error, TemplateSyntaxError):
        why = f"line {error.lineno}: {detail}"
    else:
        why = detail
    return InputError(f"The template {name} (in {where}) cannot be rendered: {why}.")


# -- Word XML --------------------------------------------------------------------------------------

# Characters that XML 1.0 forbids; a pasted control character would make the document unreadable.
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# docxtpl turns "{_{", "}_}", "{_%" and "%_}" in its output into Jinja brackets after rendering;
# as character references they reach the document as the text that was written.
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def xml_text(value: Any) -> Markup:
    """A printed value of a Word template as XML text: escaped, every character kept literally.

    Line breaks stay (docxtpl makes them breaks in the line); XML-invalid characters are dropped.
    """
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return Markup(str(escape(_NOT_XML.sub("", text))).translate(_BRACES))


class _WordEnvironment(ImmutableSandboxedEnvironment):
    """Compiles each Word part once: docxtpl hands over the same XML text on every render."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source, globals=None, template_class=None) -> Template:  # type: ignore[override]
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= _COMPILED_PARTS:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


# Body, header, footer and properties of two languages, with room for an override of each.
_COMPILED_PARTS = 64


@cache
def word_environment() -> Environment:
    """The environment for docxtpl: autoescaped as XML, sandboxed, strict about missing names."""
    return _WordEnvironment(undefined=StrictUndefined, autoescape=True, finalize=xml_text)
