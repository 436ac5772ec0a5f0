"""Escaping of user text for Markdown documents: the text comes out literally, never as structure.

Only the characters that could start markup are escaped; everything else is left as written.
"""

from __future__ import annotations

import re

# Characters that mark up text anywhere in a line (emphasis, code, links, HTML, tables, strikes).
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# An ampersand that would start a character reference such as &lt; or &#60;.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What starts a block at the beginning of a line: headings, list items, rules, setext underlines.
_HEADING = re.compile(r"^#")
_BULLET = re.compile(r"^([-+])(?=\s|$)")
_UNDERLINE = re.compile(r"^(=+|-+)\s*$")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# Every line break str.splitlines knows, CR LF as one.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _escape_line(line: str) -> str:
    # Leading spaces would make an indented code block; the words matter, the indent does not.
    line = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", line.strip()))
    if _UNDERLINE.match(line):
        return "\\" + line
    line = _HEADING.sub(r"\\#", line)
    line = _BULLET.sub(r"\\\1", line)
    return _ORDERED.sub(r"\1\\\2", line)


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown; each line break is kept as a hard break (two spaces).

    Every character Python counts as a line break (NEL, the Unicode line and paragraph
    separators, vertical tab, form feed …) ends a line here too: a reader that breaks lines there
    would otherwise see a line such as ``===`` that was never escaped as the start of one."""
    return "  \n".join(_escape_line(line) for line in _LINE_BREAK.split(text))


def one_line(text: str) -> str:
    """``text`` on one line, for a table cell: line breaks and runs of spaces become one space."""
    return " ".join(str(text).split())
