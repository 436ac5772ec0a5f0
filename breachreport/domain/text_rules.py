"""Which characters an answer may hold, and whether it shows anything at all. Pure.

An answer is read by people (on screen, in IMY's form, in a PDF) and by other programs (CSV, XLSX,
e-mail). Characters that are not text, that only steer how text is laid out, or that cannot be seen
at all make it say something else than it appears to say; they are refused with the first such
character named by its code point, never by the text around it.
"""

from __future__ import annotations

import unicodedata

# Tab, line feed and carriage return belong in a text of several lines; nowhere else. So do
# Unicode's line and paragraph separators (U+2028, U+2029), which break the line in an editor,
# a PDF or a spreadsheet as a line feed does.
_LINE_CONTROLS = frozenset("\t\n\r\u2028\u2029")
# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) turn the text
# that follows around on screen ("Trojan source"). The plain marks U+200E and U+200F stay allowed:
# they are how right-to-left writers fix the direction of a neutral character.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Letters and symbols that look like nothing although Unicode does not call them spaces or format
# characters: the Hangul fillers, the braille blank, the combining grapheme joiner.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")
# Categories that show nothing on their own: controls, format characters (U+200B–U+200D, U+2060,
# U+FEFF...), surrogates, unassigned, spaces and separators, and marks with no base to sit on.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Co", "Zs", "Zl", "Zp", "Mn", "Me"})


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def forbidden_character(value: str, *, multiline: bool) -> tuple[str, str] | None:
    """The first character ``value`` may not hold and the rule it breaks, or None.

    The rules: "text_control_character" (NUL and the other C0 controls, DEL, the C1 controls),
    "text_line_break" (a tab or line break in a one-line answer) and "text_bidi_control".
    """
    for char in value:
        if char in _LINE_CONTROLS:
            if not multiline:
                return char, "text_line_break"
        elif _is_control(char):
            return char, "text_control_character"
        elif char in _BIDI_CONTROLS:
            return char, "text_bidi_control"
    return None


def is_visible(char: str) -> bool:
    return char not in _BLANK_LOOKING and unicodedata.category(char) not in _INVISIBLE_CATEGORIES


def shows_something(value: str) -> bool:
    """Whether ``value`` has at least one character a reader can see."""
    return any(is_visible(char) for char in value)


def is_plain_line(value: str) -> bool:
    """Whether ``value`` is one line of plain characters, as a person's name or a file name must
    be: nothing the one-line rules forbid, and no other control, format, private or unassigned
    character either (Unicode's category C, zero-width ones included)."""
    return forbidden_character(value, multiline=False) is None and not any(
        unicodedata.category(char).startswith("C") for char in value
    )
