"""The dated rule table as data: read from ``rules/deadlines.toml`` and from an organisation's own
rules file, and the table in force for this process (``install``/``active``).

``rule_table`` is the face the rest of the code uses; this module holds the parsing so that
``significance`` can read thresholds without importing the chains that use it. Pure apart from
reading the package's own data file once; an organisation's file is handed in as text.
"""

from __future__ import annotations

import copy
import tomllib
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from .choices import Sector
from .labels import Text
from .recipients import recipient, recipient_keys
from .rule_model import (
    CONDITIONS,
    COUNTED_FROM,
    SCOPES,
    THRESHOLD_KEYS,
    ChainRule,
    Deadline,
    ReportRule,
    RulesError,
    RuleSet,
    RuleTable,
    Thresholds,
)


def _text(value: Any, where: str) -> Text:
    if not isinstance(value, dict) or set(value) != {"sv", "en"}:
        raise RulesError(f"{where}: expected {{ sv = ..., en = ... }}")
    if not all(isinstance(v, str) and v.strip() for v in value.values()):
        raise RulesError(f"{where}: sv and en must be non-empty text")
    return Text(value["sv"], value["en"])


def _only(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise RulesError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _count(raw: dict[str, Any], key: str, where: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RulesError(f"{where}: {key} must be a whole number of at least 1")
    return value


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise RulesError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


_REPORT_KEYS = {"kind", "label", "hours", "days", "months", "from", "condition", "basis"}
_REPORT_KEYS |= {"applies_from", "deadline_label"}


def _report(raw: Any, chain: str, earlier: list[str], since: date | None, where: str) -> ReportRule:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: a report must be a table")
    _only(raw, _REPORT_KEYS, where)
    found = recipient(chain)
    kind = raw.get("kind")
    if found is None or found.kind(kind) is None:
        raise RulesError(f"{where}: {chain} takes no report of kind {kind!r}")
    where = f"{where} ({kind})"
    deadline = Deadline(*(_count(raw, k, where) for k in ("hours", "days", "months")))
    if sum(v is not None for v in deadline.to_json().values()) > 1:
        raise RulesError(f"{where}: give at most one of hours, days and months")
    counted = raw.get("from", "awareness")
    if counted not in COUNTED_FROM and counted not in earlier:
        raise RulesError(
            f"{where}: from = {counted!r} must be awareness, previous or an earlier report's kind"
        )
    if counted == "previous" and not earlier:
        raise RulesError(f"{where}: the first report cannot count from a previous one")
    applies = raw.get("applies_from", since)
    if applies is not None and (not isinstance(applies, date) or isinstance(applies, datetime)):
        raise RulesError(f"{where}: applies_from must be a date such as 2026-01-15")
    label = raw.get("deadline_label")
    return ReportRule(
        recipient=chain,
        kind=kind,
        label=_text(raw.get("label"), f"{where} label"),
        deadline=deadline,
        counted_from=counted,
        condition=_choice(raw.get("condition", "none"), CONDITIONS, f"{where} condition"),
        basis=_text(raw.get("basis"), f"{where} basis"),
        applies_from=applies,
        deadline_label=_text(label, f"{where} deadline_label") if label is not None else None,
    )


def _chain(key: str, raw: Any, since: date | None, where: str) -> ChainRule:
    if key not in recipient_keys():
        raise RulesError(
            f"{where}: unknown recipient {key!r} (known: {', '.join(recipient_keys())})"
        )
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: a chain must be a table")
    _only(raw, {"scope", "condition", "reports"}, where)
    reports = raw.get("reports")
    if not isinstance(reports, list) or not reports:
        raise RulesError(f"{where}: a chain needs at least one [[...reports]]")
    parsed: list[ReportRule] = []
    for number, item in enumerate(reports, 1):
        rule = _report(item, key, [r.kind for r in parsed], since, f"{where} report {number}")
        if rule.kind in (r.kind for r in parsed):
            raise RulesError(f"{where}: report kind {rule.kind!r} is listed twice")
        parsed.append(rule)
    return ChainRule(
        recipient=key,
        scope=_choice(raw.get("scope", "all"), SCOPES, f"{where} scope"),
        condition=_choice(raw.get("condition", "none"), CONDITIONS, f"{where} condition"),
        reports=tuple(parsed),
    )


def _thresholds(raw: Any, base: dict[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: thresholds must be a table")
    _only(raw, set(THRESHOLD_KEYS), where)
    for key, value in raw.items():
        if key == "protected_info_leaked" and not isinstance(value, bool):
            raise RulesError(f"{where}: protected_info_leaked must be true or false")
        if key != "protected_info_leaked" and (
            isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ):
            raise RulesError(f"{where}: {key} must be a positive number")
    return {**base, **raw}


def _significance(raw: Any, inherited: dict[str, Thresholds], where: str) -> dict[str, Thresholds]:
    if raw is None:
        return dict(inherited)
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: significance must be a table")
    sectors = {s.value for s in Sector}
    for name in raw:
        if name != "default" and name not in sectors:
            raise RulesError(
                f"{where}: {name!r} is neither default nor a sector ({', '.join(sorted(sectors))})"
            )
    default = vars(inherited["default"]) if "default" in inherited else {}
    default = _thresholds(raw.get("default", {}), default, f"{where}.default")
    found = {"default": Thresholds(**default)}
    # A sector starts from its inherited values, else from the default, and takes its own over.
    for name in sorted((set(inherited) | set(raw)) - {"default"}):
        start = vars(inherited[name]) if name in inherited else default
        found[name] = Thresholds(**_thresholds(raw.get(name, {}), start, f"{where}.{name}"))
    return found


_SET_KEYS = {
    "name",
    "applies_from",
    "in_force",
    "proposed_on",
    "based_on",
    "chains",
    "significance",
}


def _date(raw: dict[str, Any], key: str, where: str) -> date | None:
    value = raw.get(key)
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        raise RulesError(f"{where}: {key} must be a date such as 2026-01-15")
    return value


def _build(raw_sets: dict[str, Any]) -> RuleTable:
    built: dict[str, RuleSet] = {}

    def build(version: str, seen: tuple[str, ...]) -> RuleSet:
        if version in built:
            return built[version]
        where = f"set {version!r}"
        if version in seen:
            raise RulesError(f"{where}: based_on goes round in a circle ({' -> '.join(seen)})")
        raw = raw_sets[version]
        if not isinstance(raw, dict):
            raise RulesError(f"{where}: a rule set must be a table")
        _only(raw, _SET_KEYS, where)
        since = _date(raw, "applies_from", where)
        in_force = raw.get("in_force", True)
        if not isinstance(in_force, bool):
            raise RulesError(f"{where}: in_force must be true or false")
        if in_force and since is None:
            raise RulesError(
                f"{where}: a set in force needs applies_from (the date it applies from)"
            )
        base_key = raw.get("based_on")
        base = None
        if base_key is not None:
            if base_key not in raw_sets:
                raise RulesError(f"{where}: based_on {base_key!r} is no rule set")
            base = build(base_key, (*seen, version))
        chains = {c.recipient: c for c in base.chains} if base else {}
        own = raw.get("chains", {})
        if not isinstance(own, dict):
            raise RulesError(f"{where}: chains must be a table")
        for key, value in own.items():
            chains[key] = _chain(key, value, since, f"{where} chain {key!r}")
        order = recipient_keys()
        built[version] = RuleSet(
            version=version,
            name=_text(raw.get("name"), f"{where} name"),
            applies_from=since,
            in_force=in_force,
            proposed_on=_date(raw, "proposed_on", where),
            based_on=base_key,
            chains=tuple(sorted(chains.values(), key=lambda c: order.index(c.recipient))),
            significance=_significance(
                raw.get("significance"), base.significance if base else {}, f"{where} significance"
            ),
        )
        return built[version]

    table = RuleTable(tuple(build(version, ()) for version in raw_sets))
    if not any(s.in_force for s in table.sets):
        raise RulesError("no rule set is in force: at least one needs in_force = true")
    return table


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; anything else (a chain's list of reports) is replaced whole."""
    merged = dict(into)
    for key, value in extra.items():
        old = merged.get(key)
        merged[key] = (
            _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
        )
    return merged


@cache
def _builtin_raw() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("rules", "deadlines.toml").read_text("utf-8")
    return tomllib.loads(text)["sets"]


@cache
def builtin() -> RuleTable:
    """The table shipped with breachreport (``rules/deadlines.toml``)."""
    return _build(copy.deepcopy(_builtin_raw()))


def parse_rules(text: str, *, source: str = "rules file") -> RuleTable:
    """The built-in table with an organisation's rules file over it: its ``[sets.NAME]`` add rule
    sets or override a built-in one field by field. RulesError naming ``source`` if unusable."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{source}: not valid TOML ({error})") from None
    if set(raw) != {"sets"} or not isinstance(raw["sets"], dict) or not raw["sets"]:
        raise RulesError(f"{source}: expected one or more [sets.NAME] tables and nothing else")
    try:
        return _build(_merge(copy.deepcopy(_builtin_raw()), raw["sets"]))
    except RulesError as error:
        raise RulesError(f"{source}: {error}") from None


_installed: list[RuleTable] = []


def install(table: RuleTable | None) -> RuleTable:
    """Use ``table`` for this process from now on (None: the built-in one); returns the one it
    replaces, so that a test can put it back."""
    previous = active()
    _installed[:] = [table] if table is not None else []
    return previous


def active() -> RuleTable:
    """The table in use: the installed one, else the built-in one."""
    return _installed[0] if _installed else builtin()


def resolve(
    rules: RuleTable | RuleSet | None, aware_at: datetime | None, now: datetime | None = None
) -> RuleSet:
    """The rule set for an incident aware at ``aware_at``: ``rules`` itself when it is a set,
    else the set in force then in ``rules`` (default: the active table)."""
    if isinstance(rules, RuleSet):
        return rules
    return (rules or active()).rules_at(aware_at, now=now)
