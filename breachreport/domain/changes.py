"""Field-level changes to facts: flatten, diff, apply and replay, by paths like ``times.aware_at``.

A change set is a plain JSON dict, so it can be sealed in a revision, offered as a proposal and
replayed to rebuild the facts.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ..errors import InputError
from .facts import Facts, parse_facts, stored_facts
from .upgrade import upgrade_changes

# The value that answers a question with "not yet known" in a change set.
NOT_YET_KNOWN: dict[str, bool] = {"not_yet_known": True}
UNKNOWN_FIELD = "not_yet_known"


def is_not_yet_known(value: Any) -> bool:
    return value == NOT_YET_KNOWN


def all_paths() -> list[str]:
    """Every path a change may name: each question and each section's not-yet-known list."""
    paths = []
    for section in Facts.section_names():
        cls = Facts.section_class(section)
        paths.extend(f"{section}.{name}" for name in cls.question_names())
        paths.append(f"{section}.{UNKNOWN_FIELD}")
    return paths


_PATHS = frozenset(all_paths())


def check_path(path: str) -> tuple[str, str]:
    if path not in _PATHS:
        raise InputError(f"There is no question '{path}' in the facts.")
    section, name = path.split(".", 1)
    return section, name


def flatten(facts: Facts) -> dict[str, Any]:
    """Every path with its JSON value (None when unanswered)."""
    dumped = facts.model_dump(mode="json")
    return {path: dumped[path.split(".")[0]][path.split(".", 1)[1]] for path in all_paths()}


def diff(old: Facts, new: Facts) -> dict[str, list[Any]]:
    """The paths whose values differ, each as [old, new]."""
    before, after = flatten(old), flatten(new)
    return {path: [before[path], after[path]] for path in before if before[path] != after[path]}


def apply(facts: Facts, changes: Mapping[str, Any], *, now: datetime | None = None) -> Facts:
    """New facts with ``changes`` applied and validated; FactsInvalid or InputError if they break.

    Setting a value clears that question's "not yet known"; NOT_YET_KNOWN clears the value.
    """
    data = facts.model_dump(mode="json")
    for path, value in upgrade_changes(changes).items():
        section, name = check_path(path)
        block = data[section]
        unknown = list(block.get(UNKNOWN_FIELD) or [])
        if name == UNKNOWN_FIELD:
            block[UNKNOWN_FIELD] = list(value or [])
            continue
        if is_not_yet_known(value):
            block[name] = None
            unknown.append(name)
        else:
            block[name] = copy.deepcopy(value)
            if value is not None and name in unknown:
                unknown.remove(name)
        block[UNKNOWN_FIELD] = unknown
    return parse_facts(data, now=now)


def replay(change_sets: Iterable[Mapping[str, list[Any]]]) -> Facts:
    """Rebuild facts from stored diffs, oldest first (each value is [old, new])."""
    data: dict[str, dict[str, Any]] = {section: {} for section in Facts.section_names()}
    for changes in change_sets:
        for path, (_old, new) in upgrade_changes(changes, pairs=True).items():
            section, name = check_path(path)
            data[section][name] = copy.deepcopy(new)
    return stored_facts(data)


def sections_touched(paths: Iterable[str]) -> set[str]:
    return {path.split(".", 1)[0] for path in paths}
