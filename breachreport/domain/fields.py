"""Field types shared by the facts sections: questions with bilingual labels, texts, times, numbers.

Each validator raises a rule from ``problems.RULES`` so that the message exists in both languages.
Values are never echoed in messages.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
)

from .choices import CountPrecision
from .labels import Text
from .problems import rule_error
from .text_rules import code_point, forbidden_character, shows_something
from .times import LocalTimeError, to_utc

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 20_000
COUNT_MAX = 1_000_000_000


def ask(
    sv: str,
    en: str,
    why_sv: str,
    why_en: str,
    *,
    unknown: bool = False,
    imy: bool = True,
    **kwargs: Any,
) -> Any:
    """A question: a field with labels and the reason IMY asks it, shown by every screen."""
    return Field(
        default=None,
        title=en,
        description=why_en,
        json_schema_extra={
            "x-label": {"sv": sv, "en": en},
            "x-why": {"sv": why_sv, "en": why_en},
            "x-unknown-allowed": unknown,
            "x-sent-to-imy": imy,
        },
        **kwargs,
    )


def question_meta(field: Any) -> tuple[Text, Text, bool]:
    """The label, the reason and whether 'not yet known' is allowed, from a field made by ask()."""
    extra = field.json_schema_extra or {}
    label = extra.get("x-label", {"sv": field.title, "en": field.title})
    why = extra.get("x-why", {"sv": "", "en": ""})
    return (
        Text(label["sv"], label["en"]),
        Text(why["sv"], why["en"]),
        extra.get("x-unknown-allowed", False),
    )


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


# Stored facts are read back with "now" set this far ahead (so that nothing is "in the future"):
# ``facts.stored_facts`` and the assessment's cache both do.
STORED_NOW_YEAR = 9000


def is_stored(context: Any) -> bool:
    """Whether facts are read back as stored: they were judged when written, by the rules of the
    day, so the rules added since (characters, years, the order of times) must not make an old
    incident unreadable. New input is judged by all of them."""
    context = context or {}
    now = context.get("now")
    return bool(context.get("stored")) or (
        isinstance(now, datetime) and now.year >= STORED_NOW_YEAR
    )


def stored(info: ValidationInfo | None) -> bool:
    return info is not None and is_stored(info.context)


def _text(max_length: int, *, multiline: bool):
    """The length, the characters and that something shows: a name of zero-width spaces only is
    no name. A blank text never gets here (it is "not answered")."""

    def check(value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        if len(value) > max_length:
            raise rule_error("text_too_long", max_length=max_length)
        if stored(info):
            return value
        found = forbidden_character(value, multiline=multiline)
        if found is not None:
            char, code = found
            raise rule_error(code, char=code_point(char))
        if not shows_something(value):
            raise rule_error("text_invisible")
        return value

    return check


# Optional answers. An empty or blank text is "not answered", never an error: forms send "" a lot.
ShortText = Annotated[
    str | None,
    BeforeValidator(_blank_to_none),
    AfterValidator(_text(SHORT_TEXT_MAX, multiline=False)),
]
LongText = Annotated[
    str | None,
    BeforeValidator(_blank_to_none),
    AfterValidator(_text(LONG_TEXT_MAX, multiline=True)),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_TEXT_MAX),
    AfterValidator(_text(SHORT_TEXT_MAX, multiline=False)),
]


# No incident involves more suppliers or reports to other authorities than this; a longer list
# is a mistake, or an import made to slow down every later reading of the incident. Stored facts
# are not judged by it (it came after incidents had been stored).
ENTRIES_MAX = 100


def _few_entries(value: list | None, info: ValidationInfo) -> list | None:
    if value is not None and len(value) > ENTRIES_MAX and not stored(info):
        raise rule_error("list_too_long", max_length=ENTRIES_MAX)
    return value


FewEntries = AfterValidator(_few_entries)


def _optional(check):
    """Run ``check`` on a present value only."""

    def run(value):
        return None if value is None else check(value)

    return run


# No breach this tool is for happened before 1990; an earlier year is a typing error (or 0001).
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")
_LAX_TIME: TypeAdapter[datetime] = TypeAdapter(datetime)


def _time_input(value: Any, info: ValidationInfo) -> Any:
    """A time is written as a date and time. Pydantic would read a number (or a text of digits)
    as seconds since 1970, so ``1.5`` became a time in January 1970: refused here. The text is
    read as pydantic reads it by default, so a date alone ("2024-01-20") still means midnight."""
    value = _blank_to_none(value)
    if value is None or isinstance(value, datetime) or stored(info):
        return value
    if not isinstance(value, str) or _NUMBER.fullmatch(value):
        raise rule_error("time_not_a_time")
    try:
        return _LAX_TIME.validate_python(value)
    except ValidationError:
        raise rule_error("time_format") from None


def _instant(value: datetime | None, info: ValidationInfo) -> datetime | None:
    if value is None:
        return None
    if value.year < EARLIEST.year and not stored(info):  # before converting: year 1 has no UTC
        raise rule_error("time_too_early", earliest=EARLIEST.year)
    try:
        value = to_utc(value)
    except LocalTimeError as error:
        raise rule_error(error.code) from None
    except OverflowError:
        raise rule_error("time_too_early", earliest=EARLIEST.year) from None
    if value < EARLIEST and not stored(info):
        raise rule_error("time_too_early", earliest=EARLIEST.year)
    return value


# A point in time: stored in UTC; naive input is read as Swedish wall-clock time.
Instant = Annotated[datetime | None, BeforeValidator(_time_input), AfterValidator(_instant)]


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def _org_number(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]  # the century prefix some registers print
    if not re.fullmatch(r"[0-9]{10}", digits):  # not \d: other scripts' digits are no org number
        raise rule_error("org_number_format")
    if not luhn_ok(digits):
        raise rule_error("org_number_checksum")
    return f"{digits[:6]}-{digits[6:]}"


OrgNumber = Annotated[
    str | None, BeforeValidator(_blank_to_none), AfterValidator(_optional(_org_number))
]


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise rule_error("email_format") from None


Email = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_optional(_email))]


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "SE")
    except phonenumbers.NumberParseException:
        raise rule_error("phone_format") from None
    if not phonenumbers.is_valid_number(number):
        raise rule_error("phone_format")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


Phone = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_optional(_phone))]


def _count_value(value: int) -> int:
    if value < 1:
        raise rule_error("count_positive")
    if value > COUNT_MAX:
        raise rule_error("count_too_large")
    return value


class Count(BaseModel):
    """An exact or approximate number of people or records."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Annotated[int, AfterValidator(_count_value)]
    precision: CountPrecision = CountPrecision.APPROXIMATE

    def label(self, lang: str) -> str:
        number = f"{self.value:,}".replace(",", "\u00a0" if lang == "sv" else ",")
        if self.precision is CountPrecision.APPROXIMATE:
            return f"ca {number}" if lang == "sv" else f"about {number}"
        return number


HOURS_MAX = 100_000  # about eleven years: longer than any breach is out of sight


def _hours(value: float) -> float:
    if not math.isfinite(value):
        raise rule_error("number_not_finite")
    if value < 0:
        raise rule_error("hours_negative")
    if value > HOURS_MAX:
        raise rule_error("hours_too_large", max_hours=HOURS_MAX)
    return int(value) if float(value).is_integer() else value


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise rule_error("hours_not_number")
    return value


# A duration in hours (30, or 1.5); true or false is not a number of hours.
Hours = Annotated[
    float | None,
    BeforeValidator(_blank_to_none),
    BeforeValidator(_not_bool),
    AfterValidator(_optional(_hours)),
]

T = TypeVar("T")


def _unique_in_form_order(values: list[Any]) -> list[Any] | None:
    """Choices appear once and in the order of the form, so that diffs and documents are stable."""
    unique = list(dict.fromkeys(values))
    if unique and hasattr(type(unique[0]), "__members__"):
        order = {member: index for index, member in enumerate(type(unique[0]))}
        unique.sort(key=lambda member: order.get(member, 0))
    return unique or None


# A multiple-choice answer; an empty list means "not answered".
ChoiceList = Annotated[list[T], AfterValidator(_unique_in_form_order)]
