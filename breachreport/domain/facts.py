"""The facts of one incident: IMY's sections A to J plus the internal risk and decision sections.

``parse_facts`` is the one way in from untrusted input; it returns a Facts or raises FactsInvalid
with bilingual problems. Pure: no I/O.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator
from pydantic_core import PydanticSerializationError, to_json

from ..errors import FactsInvalid, InputError
from ..i18n import _
from .choices import BreachKind, InformStatus
from .circumstance_choices import Exfiltration
from .circumstances import CircumstancesSection, DecisionSection
from .cyber_section import CyberSection
from .english_section import EnglishSection
from .fields import STORED_NOW_YEAR, is_stored, question_meta
from .labels import Text
from .problems import Problem, problems_from, raise_rules, rule_problem
from .sections import (
    CommunicationSection,
    ConsequencesSection,
    ContactSection,
    ControllerSection,
    DataSection,
    DescriptionSection,
    MeasuresSection,
    NotificationSection,
    OtherSection,
    Section,
    TimesSection,
)
from .times import utc_now
from .upgrade import FORMAT_2, upgrade_facts

FORMAT = FORMAT_2
MAX_JSON_BYTES = 2_000_000
# Facts go four levels deep (section, question, list, item); the rest is room, not a need.
MAX_DEPTH = 16
_NESTED = _("The facts JSON is nested deeper than {depth} levels.", depth=MAX_DEPTH)
# Clocks on different machines disagree a little; a time a few minutes ahead is not "the future".
FUTURE_TOLERANCE = timedelta(minutes=5)


class Facts(BaseModel):
    """Everything known about one incident. Any subset is a valid draft."""

    model_config = ConfigDict(extra="forbid", title="breachreport facts")

    format: Literal["breachreport-facts/2"] = FORMAT
    notification: NotificationSection = Field(default_factory=NotificationSection)
    controller: ControllerSection = Field(default_factory=ControllerSection)
    contact: ContactSection = Field(default_factory=ContactSection)
    times: TimesSection = Field(default_factory=TimesSection)
    description: DescriptionSection = Field(default_factory=DescriptionSection)
    data: DataSection = Field(default_factory=DataSection)
    consequences: ConsequencesSection = Field(default_factory=ConsequencesSection)
    measures: MeasuresSection = Field(default_factory=MeasuresSection)
    communication: CommunicationSection = Field(default_factory=CommunicationSection)
    other: OtherSection = Field(default_factory=OtherSection)
    circumstances: CircumstancesSection = Field(default_factory=CircumstancesSection)
    decision: DecisionSection = Field(default_factory=DecisionSection)
    # What only the reports to CERT-SE ask (significance, services, indicators, root cause).
    cyber: CyberSection = Field(default_factory=CyberSection)
    # Last, so that the screens' order of IMY's and the internal sections stays as it was.
    english: EnglishSection = Field(default_factory=EnglishSection)

    @classmethod
    def section_names(cls) -> list[str]:
        return [name for name in cls.model_fields if name != "format"]

    @classmethod
    def section_class(cls, name: str) -> type[Section]:
        return cls.model_fields[name].annotation  # type: ignore[return-value]

    def section(self, name: str) -> Section:
        return getattr(self, name)

    def value(self, path: str) -> Any:
        section, name = path.split(".", 1)
        return getattr(self.section(section), name)

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready dict with unanswered questions left out, so exports stay readable."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Facts:
        context = info.context or {}
        now = context.get("now") or utc_now()
        broken = list(_broken_rules(self, now))
        if not is_stored(context):
            broken += list(_after_the_breach(self))
        raise_rules("Facts", broken)
        return self


# Short names for the times, so that a timeline message reads as a sentence.
_TIME_NAMES = {
    "times.occurred_from": Text("när incidenten inträffade", "when it happened"),
    "times.occurred_to": Text("periodens slut", "the end of the period"),
    "times.ended_at": Text("när incidenten upphörde", "when it ended"),
    "times.discovered_at": Text("upptäckten", "the discovery"),
    "times.aware_at": Text("kännedomen", "the awareness"),
    "communication.informed_at": Text(
        "när de registrerade informerades", "when the data subjects were told"
    ),
    "communication.planned_at": Text(
        "den planerade informationen till de registrerade",
        "the planned telling of the data subjects",
    ),
    "decision.decided_at": Text("beslutet", "the decision"),
    "cyber.approved_at": Text(
        "ledningens godkännande av slutrapporten", "management's approval of the final report"
    ),
    "other.reports.reported_at": Text(
        "anmälan till en annan myndighet", "the report to another authority"
    ),
    "description.processors.aware_at": Text("leverantörens kännedom", "the supplier's awareness"),
    "description.processors.notified_controller_at": Text(
        "leverantörens besked till er", "the supplier's notice to you"
    ),
}


def _order(
    first: str, second: str, loc: tuple[Any, ...] | None = None
) -> tuple[tuple[Any, ...], str, dict[str, Any]]:
    a, b = _TIME_NAMES[first], _TIME_NAMES[second]
    ctx = {
        "first_sv": a.sv.capitalize(),
        "first_en": a.en.capitalize(),
        "second_sv": b.sv,
        "second_en": b.en,
    }
    return loc or tuple(second.split(".")), "timeline_order", ctx


# Pairs of times that must come in this order when both are known.
_TIMELINE = [
    ("times.occurred_from", "times.occurred_to"),
    ("times.occurred_from", "times.ended_at"),
    ("times.occurred_from", "times.discovered_at"),
    ("times.occurred_from", "times.aware_at"),
    ("times.discovered_at", "times.aware_at"),
    ("times.occurred_from", "communication.informed_at"),
]
# Times that describe the past; a planned time may lie ahead.
_PAST_TIMES = [
    "times.occurred_from",
    "times.occurred_to",
    "times.ended_at",
    "times.discovered_at",
    "times.aware_at",
    "communication.informed_at",
    "decision.decided_at",
    "cyber.approved_at",
]
# Times the law counts from the breach: none of them can come before it began. They were added
# after incidents had been stored, so stored facts are not judged by them (see ``stored_facts``).
_AFTER_START = ["communication.planned_at", "decision.decided_at", "cyber.approved_at"]
# The same for the times kept in a list: (list path, time in each entry).
_LISTED_AFTER_START = [
    ("other.reports", "reported_at"),
    ("description.processors", "aware_at"),
    ("description.processors", "notified_controller_at"),
]


def _listed_times(facts: Facts) -> Iterator[tuple[str, tuple[Any, ...], datetime]]:
    """Each known time in a list entry: its name in _TIME_NAMES, its location and its value."""
    for list_path, name in _LISTED_AFTER_START:
        section, question = list_path.split(".")
        for index, entry in enumerate(facts.value(list_path) or []):
            value = getattr(entry, name)
            if value is not None:
                yield f"{list_path}.{name}", (section, question, index, name), value


def _after_the_breach(facts: Facts) -> Iterator[tuple[tuple[Any, ...], str, dict]]:
    start = facts.times.occurred_from
    if start is None:  # "not yet known" is an honest answer: nothing to compare with
        return
    for path in _AFTER_START:
        value = facts.value(path)
        if value is not None and value < start:
            yield _order("times.occurred_from", path)
    for name, loc, value in _listed_times(facts):
        if value < start:
            yield _order("times.occurred_from", name, loc)


def _broken_rules(facts: Facts, now: datetime) -> Iterator[tuple[tuple[str, ...], str, dict]]:
    for first, second in _TIMELINE:
        a, b = facts.value(first), facts.value(second)
        if a is not None and b is not None and a > b:
            yield _order(first, second)
    for path in _PAST_TIMES:
        value = facts.value(path)
        if value is not None and value > now + FUTURE_TOLERANCE:
            yield tuple(path.split(".")), "time_in_future", {}
    for _name, loc, value in _listed_times(facts):
        if value > now + FUTURE_TOLERANCE:
            yield loc, "time_in_future", {}
    times = facts.times
    if times.ongoing is True and times.ended_at is not None:
        yield ("times", "ongoing"), "ongoing_but_ended", {}
    data = facts.data
    if (
        data.subjects_count is not None
        and data.records_count is not None
        and data.records_count.value < data.subjects_count.value
    ):
        yield ("data", "records_count"), "count_records_below_subjects", {}
    if (
        data.subjects_count is not None
        and data.sensitive_subjects_count is not None
        and data.sensitive_subjects_count.value > data.subjects_count.value
    ):
        yield ("data", "sensitive_subjects_count"), "count_sensitive_above_subjects", {}
    communication = facts.communication
    if communication.informed_at is not None and communication.status not in (
        None,
        InformStatus.INFORMED,
    ):
        yield ("communication", "informed_at"), "informed_contradiction", {}
    kinds = facts.description.kinds or []
    if (
        facts.circumstances.exfiltration is Exfiltration.CONFIRMED
        and kinds
        and BreachKind.CONFIDENTIALITY not in kinds
    ):
        yield ("description", "kinds"), "exfiltration_without_confidentiality", {}


def parse_facts(data: dict[str, Any] | str | bytes, *, now: datetime | None = None) -> Facts:
    """Validate untrusted facts (a dict or JSON text). Raises InputError or FactsInvalid.

    Nothing is coerced: true is not a count of 1, 1.5 is not a time, "yes" is not yes. The facts
    are judged as JSON in pydantic's strict mode, which reads a time or a choice from its text
    and refuses every other change of type; a dict (a screen's changes) is judged as the same
    JSON, so a screen and an import meet the same rules."""
    if isinstance(data, str | bytes):
        if len(data) > MAX_JSON_BYTES:
            raise InputError(
                _("The facts JSON is larger than {limit:,} bytes.", limit=MAX_JSON_BYTES)
            )
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise InputError(_("The facts are not valid JSON: {why}.", why=str(error))) from None
        except RecursionError:
            raise InputError(_NESTED) from None
        except ValueError:  # an integer of thousands of digits, which Python refuses to read
            raise InputError(_("The facts JSON holds a number too long to be read.")) from None
    if not isinstance(data, dict):
        raise InputError(_("The facts JSON must be an object with one key per section."))
    not_numbers = _check_shape(data)
    if not not_numbers:
        return _validated(data, now)
    # NaN and Infinity (which Python's JSON reader accepts) are named where they stand; the rest
    # is judged without them, so that every problem shows at once.
    problems = [rule_problem(_dotted(loc), "number_not_finite") for loc in not_numbers]
    try:
        _validated(_without(data, not_numbers), now)
    except FactsInvalid as error:
        named = {problem.path for problem in problems}
        problems += [p for p in error.problems if p.path not in named]
    raise FactsInvalid(problems)


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _check_shape(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Refuse what cannot be facts before validating it: nesting deeper than facts ever go (which
    would exhaust Python's recursion while the problems are listed), and text holding half a
    character (JSON can escape a lone surrogate, "\\ud800"), which could never be stored.
    Returns where a number is NaN or infinite."""
    not_numbers: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(
                    _(
                        "The facts hold text with a broken character (a lone UTF-16 surrogate); "
                        "remove it."
                    )
                ) from None
        elif isinstance(value, float) and not math.isfinite(value):
            not_numbers.append(loc)
        elif isinstance(value, dict | list | tuple):
            if len(loc) >= MAX_DEPTH:
                raise InputError(_NESTED)
            if isinstance(value, dict):
                stack.extend((key, loc) for key in value)
                stack.extend((item, (*loc, key)) for key, item in value.items())
            else:
                stack.extend((item, (*loc, index)) for index, item in enumerate(value))
    return sorted(not_numbers, key=_dotted)


def _without(data: dict[str, Any], locs: list[tuple[Any, ...]]) -> dict[str, Any]:
    """A copy of ``data`` with the values at ``locs`` set to None (unanswered)."""
    data = copy.deepcopy(data)
    for loc in locs:
        holder: Any = data
        for part in loc[:-1]:
            holder = holder[part]
        holder[loc[-1]] = None
    return data


def _validated(data: dict[str, Any], now: datetime | None, *, stored: bool = False) -> Facts:
    data = upgrade_facts(data)
    context = {"now": now, "stored": stored}
    try:
        return _model(data, context)
    except ValidationError as error:
        raise FactsInvalid(_all_problems(data, error, context)) from None


def _model(data: dict[str, Any], context: dict[str, Any]) -> Facts:
    if context["stored"]:
        return Facts.model_validate(data, context=context)
    try:
        text = to_json(data)
    except PydanticSerializationError:  # an object no screen or file sends: a programming error
        raise InputError(_("The facts hold a value that is not JSON.")) from None
    return Facts.model_validate_json(text, strict=True, context=context)


def _all_problems(data: dict[str, Any], error: ValidationError, context: Any) -> list[Problem]:
    """Field errors hide the rules across fields; clear the bad answers and look again, so that
    a DPO sees every problem at once instead of one round at a time."""
    problems = problems_from(error)
    trimmed = copy.deepcopy(data)
    for _round in range(3):
        cleared = [_clear(trimmed, item["loc"]) for item in error.errors()]  # all, not the first
        if not any(cleared):
            break
        try:
            _model(trimmed, context)
            break
        except ValidationError as again:
            error = again
            seen = {(p.path, p.code) for p in problems}
            problems += [p for p in problems_from(again) if (p.path, p.code) not in seen]
    return problems


def _clear(data: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    """Set the answer at ``loc`` (section, question) to unanswered; False if there is none."""
    if len(loc) < 2 or not isinstance(data.get(loc[0]), dict) or loc[1] not in data[loc[0]]:
        return False
    if loc[1] == "not_yet_known":
        data[loc[0]]["not_yet_known"] = []
    else:
        del data[loc[0]][loc[1]]
    return True


# Stored facts were validated when written; re-reading them must not judge them by today's clock.
_LONG_AFTER = datetime(STORED_NOW_YEAR, 1, 1, tzinfo=UTC)


def stored_facts(data: dict[str, Any]) -> Facts:
    """Facts as stored (a snapshot, a filing, a replay): every rule but "not in the future", and
    none of the rules added after incidents were first stored (characters, years, times the law
    counts from the breach), so that no stored incident becomes unreadable."""
    return _validated(data, _LONG_AFTER, stored=True)


def labelled(problems: list[Problem]) -> list[Problem]:
    """The problems with the question's label before each, for a reader who has no form beside
    the message (an import on the command line): the path alone says little to a DPO."""
    labels = {question.path: question.label for question in questions()}
    found = []
    for problem in problems:
        label = labels.get(".".join(problem.path.split(".")[:2]))
        if label is None:
            found.append(problem)
        else:
            found.append(
                replace(problem, sv=f"”{label.sv}”: {problem.sv}", en=f'"{label.en}": {problem.en}')
            )
    return found


def facts_schema() -> dict[str, Any]:
    """The JSON Schema of the facts, as printed by ``breachreport schema``."""
    schema = Facts.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://breachreport.invalid/schema/facts-2.json"
    return schema


@dataclass(frozen=True)
class Question:
    """One question of the facts, for screens and documents."""

    path: str
    section: str
    name: str
    label: Text
    why: Text
    unknown_allowed: bool
    sent_to_imy: bool


def questions(section: str | None = None) -> list[Question]:
    """Every question in form order (or those of one section)."""
    found = []
    for section_name in Facts.section_names():
        if section is not None and section_name != section:
            continue
        cls = Facts.section_class(section_name)
        for name in cls.question_names():
            field = cls.model_fields[name]
            label, why, unknown = question_meta(field)
            extra = field.json_schema_extra or {}
            found.append(
                Question(
                    path=f"{section_name}.{name}",
                    section=section_name,
                    name=name,
                    label=label,
                    why=why,
                    unknown_allowed=unknown,
                    sent_to_imy=cls.sent_to_imy and extra.get("x-sent-to-imy", True),
                )
            )
    return found
