"""Word documents from Word templates with Jinja tags (docxtpl), autoescaped as XML and sandboxed.

A value from the facts is only ever text in the document: never a tag, never template code. The
renderer reads no clock: the document's dates and the ZIP entries' times are the given moment.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from .environment import TEMPLATE_FAILURES, template_failure, template_file, word_environment

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@lru_cache(maxsize=8)
def _template_bytes(path: Path, mtime_ns: int, size: int) -> bytes:
    return path.read_bytes()


def _load(name: str):
    # Imported on first use, so that the app and the command line start without loading them.
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    path = template_file(name)
    stat = path.stat()
    data = _template_bytes(path, stat.st_mtime_ns, stat.st_size)
    document = DocxTemplate(io.BytesIO(data))
    try:
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(
            f"The template {name} (in {path.parent}) is not a Word document (.docx)."
        ) from None
    return document


def render_docx(name: str, view: Mapping[str, Any], *, at: datetime) -> bytes:
    """The Word template ``name`` rendered with ``view``; ``at`` dates the file (created, saved).

    The same template, view and moment give the same bytes.
    """
    document = _load(name)
    try:
        document.render(dict(view), jinja_env=word_environment(), autoescape=True)
    except TEMPLATE_FAILURES as error:
        raise template_failure(name, error, source=str(template_file(name))) from None
    properties = document.docx.core_properties
    properties.created = properties.modified = at
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip_times(buffer.getvalue(), at)


def fixed_zip_times(data: bytes, at: datetime) -> bytes:
    """``data`` (a ZIP) with every entry dated ``at`` (UTC), so that the file is reproducible."""
    stamp = at.astimezone(UTC).timetuple()[:6] if at.tzinfo else at.timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()
