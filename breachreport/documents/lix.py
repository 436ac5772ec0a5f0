"""LIX, the Swedish readability index: words per sentence plus the share of long words, in percent.

LIX = words / sentences + 100 × long words / words, where a long word has more than six letters.
Under 30 reads easily, 30-40 is plain everyday prose, 40-50 is a newspaper, above 50 officialese.
Pure: text in, a number out; Markdown and HTML are reduced to the words a reader sees first.
"""

from __future__ import annotations

import html
import re

LONG_WORD = 6  # letters; a word with more is long

# Abbreviations whose dots never end a sentence ("t.ex. Region", "kl. 14:00"), and those that may
# end one when a capital letter or the end of the text follows ("… namn, adress m.m. Vi …").
_INNER_ABBREVIATIONS = (
    "t.ex.",
    "bl.a.",
    "s.k.",
    "d.v.s.",
    "dvs.",
    "p.g.a.",
    "pga.",
    "fr.o.m.",
    "t.o.m.",
    "kl.",
    "ca.",
    "nr.",
    "tel.",
    "jfr.",
    "art.",
    "e.g.",
    "i.e.",
    "vs.",
    "approx.",
    "incl.",
)
_FINAL_ABBREVIATIONS = ("m.m.", "osv.", "etc.", "o.s.v.")

_LETTER = r"[^\W\d_]"
# A word: letters, possibly joined by hyphens or apostrophes ("e-post", "IMY:s", "don't").
_WORD = re.compile(rf"{_LETTER}+(?:[-'’:]{_LETTER}+)*")
# A number is read as one word however it is written: 4 899, 4,899, 2024-01-20, 14:00, 33.5,
# 090-785 00 00.
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,:/-]\d+)*")
_ADDRESS = re.compile(
    r"(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@])[\w-]+(?:\.[\w-]+)*\.(?:se|nu|com|org|net|eu|info|io|fi|no|dk|de|uk)\b(?:/\S*)?)",
    re.IGNORECASE,
)
# A sentence ends at . ! ? : … (one or more, perhaps before a closing bracket or quote) followed
# by a space or the end of its paragraph.
_END = re.compile(r"[.!?:…]+[)\]\"'”’»]*(?=\s|$)")

_DROP = re.compile(r"<(style|script|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dt|dd|dl|tr|td|th|table|section|header|footer|aside|"
    r"blockquote|br|hr)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
# Markdown marks at the start of a line: headings, bullets, numbers, quotes, table pipes.
_MD_LINE_START = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d{1,9}[.)]\s+|>\s?)+")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,}|\|?[\s:|-]+\|[\s:|-]*)\s*$")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def _abbreviation_pattern(items: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(item) for item in sorted(items, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE)


_INNER = _abbreviation_pattern(_INNER_ABBREVIATIONS)
_FINAL = _abbreviation_pattern(_FINAL_ABBREVIATIONS)


def _looks_like_html(text: str) -> bool:
    # An escaped "\<p>" is user text in Markdown, not a tag.
    return bool(re.search(r"(?<!\\)<(?:!DOCTYPE|html|body|p|h[1-6]|li|div|dt|dd|br)\b", text, re.I))


def paragraphs(text: str) -> list[str]:
    """The text a reader sees, one string per paragraph, heading, list item or table row.

    A line that stands on its own (a heading, a list item) ends its sentence even without a full
    stop, so that a list of short items is not read as one endless sentence.
    """
    if _looks_like_html(text):
        text = _DROP.sub(" ", text)
        text = _BLOCK_TAG.sub("\n\n", text)
        text = html.unescape(_TAG.sub("", text))
        lines = text.split("\n")
    else:
        lines = []
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if _MD_RULE.match(line):
                lines.append("")
                continue
            marked = _MD_LINE_START.match(line)
            table_row = line.strip().startswith("|")
            line = _MD_LINE_START.sub("", line)
            line = _MD_EMPHASIS.sub("", _MD_ESCAPE.sub(r"\1", line))
            if table_row:
                for cell in line.split("|"):
                    lines += ["", cell, ""]
            elif marked:
                lines += ["", line, ""]
            else:
                lines.append(line)
    found: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            found.append(" ".join(current))
            current = []
    return found


def _normalise(paragraph: str) -> str:
    """An abbreviation's dots stop ending sentences; an address becomes one short word."""
    paragraph = _INNER.sub(lambda m: m.group(0).replace(".", ""), paragraph)
    paragraph = _ADDRESS.sub("x", paragraph)

    def final(match: re.Match[str]) -> str:
        after = paragraph[match.end() :]
        ends = not after.strip() or re.match(r"\s+[A-ZÅÄÖÉÜ]", after)
        bare = match.group(0).replace(".", "")
        return bare + "." if ends else bare

    return _FINAL.sub(final, paragraph)


def counts(text: str) -> tuple[int, int, int]:
    """(words, sentences, long words) of ``text``, Markdown or HTML markup left out."""
    words = sentences = long_words = 0
    for paragraph in paragraphs(text):
        paragraph = _normalise(paragraph)
        found = _WORD.findall(paragraph)
        numbers = _NUMBER.findall(_WORD.sub(" ", paragraph))
        if not found and not numbers:
            continue
        words += len(found) + len(numbers)
        long_words += sum(1 for word in found if sum(c.isalpha() for c in word) > LONG_WORD)
        ends = len(_END.findall(paragraph))
        closed = bool(re.search(_END.pattern + r"\s*\Z", paragraph))
        sentences += ends if closed else ends + 1
    return words, sentences, long_words


def lix(text: str) -> float:
    """The LIX score of ``text`` (plain, Markdown or HTML), rounded to one decimal; 0 if empty."""
    words, sentences, long_words = counts(text)
    if not words:
        return 0.0
    return round(words / sentences + 100 * long_words / words, 1)
