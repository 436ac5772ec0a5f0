"""Spotting personal data of the people affected in free text: Swedish personal identity numbers
(with a valid check digit), email addresses and phone numbers.

Pure: no Streamlit, no I/O. It only warns, because a notification to IMY becomes a public document;
it never blocks a save.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from .fields import luhn_ok
from .labels import Choice


class Kind(Choice):
    PERSONAL_NUMBER = (
        "personal_number",
        "personnummer eller samordningsnummer",
        "personal identity or coordination number",
    )
    EMAIL = ("email", "e-postadress", "email address")
    PHONE = ("phone", "telefonnummer", "phone number")


@dataclass(frozen=True)
class Finding:
    """One piece of text that looks like personal data, where it stands and what it is."""

    kind: Kind
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        """Enough to find it in the text, not enough to copy it: '121212-••••', 'a…@example.se',
        '070-••• •• 67'."""
        if self.kind is Kind.EMAIL:
            local, _, domain = self.text.partition("@")
            return f"{local[:1]}…@{domain}"
        total = sum(char.isdigit() for char in self.text)
        if self.kind is Kind.PERSONAL_NUMBER:
            shown = range(1, total - 3)  # the date of birth, not the last four
        else:
            shown = [*range(1, 4), *range(total - 1, total + 1)]  # area code and last two
        out, seen = [], 0
        for char in self.text:
            if char.isdigit():
                seen += 1
                out.append(char if seen in shown else "•")
            else:
                out.append(char)
        return "".join(out)


# Ten or twelve digits: [century] YYMMDD, an optional separator (+ for people over 100), NNNC.
_PERSONAL_NUMBER = re.compile(
    r"(?<![\w+-])(?P<century>19|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[-+ ]?)(?P<tail>\d{4})(?![\w-])"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# 'kl. 0800-1600' is opening hours, not a Stockholm number.
_TIME_SPAN = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d\s?[-–]\s?(?:[01]\d|2[0-3])[0-5]\d")


def _is_personal_number(match: re.Match[str]) -> bool:
    month, day = int(match["mm"]), int(match["dd"])
    # Coordination numbers (samordningsnummer) add 60 to the day.
    if not 1 <= month <= 12 or not (1 <= day <= 31 or 61 <= day <= 91):
        return False
    return luhn_ok(match["yy"] + match["mm"] + match["dd"] + match["tail"])


def _looks_like_phone(text: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, "SE"))
    except phonenumbers.NumberParseException:
        return False


def _phone_key(text: str) -> str | None:
    try:
        number = phonenumbers.parse(text, "SE")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def find_personal_data(text: str | None, *, ignore: Iterable[str] = ()) -> list[Finding]:
    """What in ``text`` looks like a person's identity number, email address or phone number.

    ``ignore`` lists the organisation's own addresses and numbers (sections B and C), which
    are not the data subjects' and may be named freely.
    """
    if not text:
        return []
    ignored = {value.strip().lower() for value in ignore if value}
    ignored_phones = {_phone_key(value) for value in ignore if value} - {None}
    found: list[Finding] = []

    for match in _PERSONAL_NUMBER.finditer(text):
        if not _is_personal_number(match):
            continue
        bare = not match["century"] and not match["sep"]
        if bare and match.group().startswith("0") and _looks_like_phone(match.group()):
            continue  # 0701234567 is far more likely a mobile number than someone born in 2007
        found.append(Finding(Kind.PERSONAL_NUMBER, match.start(), match.end(), match.group()))

    for match in _EMAIL.finditer(text):
        if match.group().lower() not in ignored:
            found.append(Finding(Kind.EMAIL, match.start(), match.end(), match.group()))

    taken = [(f.start, f.end) for f in found]
    for match in phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.VALID):
        start, end, raw = match.start, match.end, match.raw_string
        if any(start < b and a < end for a, b in taken) or _TIME_SPAN.fullmatch(raw):
            continue
        if _phone_key(raw) in ignored_phones:
            continue
        found.append(Finding(Kind.PHONE, start, end, raw))

    return sorted(found, key=lambda f: f.start)
