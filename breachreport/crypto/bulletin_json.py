"""Reading a signed bulletin file as JSON before anything else looks at it, the one way both the
import (``bulletin_signing.verify``) and ``bulletin show`` read it: UTF-8 only, no key named twice
in an object (the signature would cover one value and a reader might take the other), no NaN or
Infinity, no number too large to be one, no half a character, no nesting deeper than a bulletin
goes. Each refusal is one line (BulletinRefused) that repeats nothing from the file.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from breachreport.errors import InputError
from breachreport.i18n import _

__all__ = ["MAX_DEPTH", "MAX_SIGNED_BYTES", "BulletinRefused", "is_fingerprint", "load"]

# A whole signed file for thousands of customers stays well below this; a part is a few kB.
MAX_SIGNED_BYTES = 50_000_000
# A signed file goes seven levels deep (parts, a part, its bulletin, customers, a customer, its
# count); the rest is room. Deeper nesting is refused before anything walks it.
MAX_DEPTH = 16
# A key's fingerprint as ``bulletin_signing.fingerprint`` writes it: anything else is no key of
# ours, and is never repeated in a message (it is text from the file).
_FINGERPRINT = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")


class BulletinRefused(InputError):
    """A bulletin that is not taken in: one line saying why. Nothing is changed."""


def is_fingerprint(value: Any) -> bool:
    """Whether ``value`` is written as a key's fingerprint is (and so may be shown)."""
    return isinstance(value, str) and _FINGERPRINT.fullmatch(value) is not None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise BulletinRefused(_("The bulletin file is not JSON: one object names a key twice."))
    return found


def _no_constant(name: str) -> Any:
    raise BulletinRefused(
        _("The bulletin file is not JSON: NaN and Infinity are not numbers in JSON.")
    )


def load(data: bytes) -> Any:
    """The JSON value in ``data``; BulletinRefused if it is not JSON a bulletin can be."""
    if not isinstance(data, bytes | bytearray):
        raise BulletinRefused(_("The bulletin file is not JSON."))
    if len(data) > MAX_SIGNED_BYTES:
        raise BulletinRefused(
            _("The bulletin file is larger than {limit} MB.", limit=MAX_SIGNED_BYTES // 1_000_000)
        )
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise BulletinRefused(_("The bulletin file is not JSON: it is not UTF-8 text.")) from None
    try:
        found = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise _too_deep() from None
    except ValueError:  # JSONDecodeError, and an integer of thousands of digits
        raise BulletinRefused(_("The bulletin file is not JSON.")) from None
    _check_values(found)
    return found


def _too_deep() -> BulletinRefused:
    return BulletinRefused(
        _("The bulletin file is nested deeper than {depth} levels.", depth=MAX_DEPTH)
    )


def _check_values(value: Any) -> None:
    """Refuse what JSON can say but no bulletin can hold, before anything is signed-checked or
    read: nesting deeper than a bulletin goes, text with half a character (JSON can escape a lone
    surrogate, "\\ud800"), and a number too large to be a number (1e400 reads as infinity)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BulletinRefused(
                    _(
                        "The bulletin file holds text with a broken character (a lone UTF-16 "
                        "surrogate)."
                    )
                ) from None
        elif isinstance(value, float) and not math.isfinite(value):
            raise BulletinRefused(_("The bulletin file holds a number too large to be read."))
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise _too_deep()
            items = [*value, *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
