"""PDF documents: the HTML rendering laid out on A4 pages by WeasyPrint, with the print stylesheet,
as tagged PDF/UA-1 (a structure tree, the language of the page's ``<html lang>``, the title shown),
so that a screen reader reads the notification and the notice in order (lag 2018:1937).

Fetches nothing: a template may embed an image as a ``data:`` URL, but no file or network address
is ever read, so an override template cannot pull a local file into a document.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

from ..errors import SettingsError
from .environment import template_file

PDF_MIME = "application/pdf"
PRINT_STYLESHEET = "print.css"
# Tagged, with the document's language and title: what the accessibility law asks of a document.
PDF_VARIANT = "pdf/ua-1"
# Debian's names for what WeasyPrint loads at import time (the README's install note says so too).
NEEDED_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
# Control characters (a pasted bell or form feed, or the C1 controls of text decoded with the
# wrong code page) have no glyph; in a PDF they would print as stray marks and confuse text
# extraction. Tabs and line breaks stay.
_CONTROL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])


class _NoTypedCharacters(logging.Filter):
    """WeasyPrint warns of each character no installed font can draw, quoting the character: a
    name in a script the server lacks fonts for would reach the log one letter at a time."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(".notdef glyph"):
            record.msg = "a character no installed font can draw was printed as a box"
            record.args = ()
        return True


@cache
def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as error:  # the Pango or HarfBuzz libraries are missing
        raise SettingsError(
            f"PDF needs Debian's {NEEDED_PACKAGES} and a font (e.g. fonts-liberation); "
            f"install them with apt-get ({error})."
        ) from None
    logging.getLogger("weasyprint").addFilter(_NoTypedCharacters())
    return weasyprint


def _fetcher(weasyprint: Any) -> Any:
    return weasyprint.urls.URLFetcher(allowed_protocols=("data",), timeout=1)


def _stylesheet(weasyprint: Any) -> Any:
    """The print stylesheet, parsed once for each text it has had: the file is read on every
    render (an organisation may change its own), but parsing it again gives the same rules."""
    path = template_file(PRINT_STYLESHEET)
    return _parsed_stylesheet(weasyprint, path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _parsed_stylesheet(weasyprint: Any, text: str) -> Any:
    # Read only by the renders that share it, never changed (it holds no @font-face rule that a
    # render's own font configuration would have to load).
    return weasyprint.CSS(string=text, url_fetcher=_fetcher(weasyprint))


class _CollectorPause:
    """Python's cycle collector held off while PDFs are laid out and written.

    WeasyPrint makes hundreds of thousands of short-lived objects for one document, and each
    full collection walks every object of the process: in the app, with Streamlit and a register
    of thousands of incidents in memory, that was a tenth or more of a render. What a render
    leaves is collected as usual once it is done. Renders in other threads (Streamlit sessions)
    share the pause: the collector comes back when the last one finishes, and only if it was on
    before the first began.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_on = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                self._was_on = gc.isenabled()
                gc.disable()
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0 and self._was_on:
                    gc.enable()


_collector_paused = _CollectorPause()


def render_pdf(html: str) -> bytes:
    """``html`` (a standalone page, as the HTML templates make) as a PDF on A4 pages.

    The print stylesheet adds what only paper needs: the footer with the incident's reference,
    facts version and chain head on every page. The PDF is tagged (PDF/UA-1): its language is the
    page's ``<html lang>`` and its title the page's ``<title>``. The same HTML gives the same bytes.
    """
    weasyprint = _weasyprint()
    fetcher = _fetcher(weasyprint)
    page = html.translate(_CONTROL)
    stylesheet = _stylesheet(weasyprint)
    with _collector_paused():
        document = weasyprint.HTML(string=page, url_fetcher=fetcher, base_url=None)
        return document.write_pdf(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
