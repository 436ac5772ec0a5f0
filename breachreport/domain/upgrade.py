"""Facts written in an older format, brought up to today's, whole or one change at a time.

Stored facts, their revisions and pending proposals are sealed as they were written, so they are
upgraded when read, never rewritten. Format 1 (until issue 14) said "is the recipient trusted?"
and "has deletion been confirmed?" as yes or no, and "was care delayed?" as yes or no; format 2
asks who the recipients are, what became of the data they got, and whether care was or could be
disrupted.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

FORMAT_1 = "breachreport-facts/1"
FORMAT_2 = "breachreport-facts/2"
UNKNOWN_FIELD = "not_yet_known"

# Old path -> (new path, old value -> new value). A value not listed (None, "not yet known")
# carries over unchanged.
_MOVED: dict[str, tuple[str, dict[Any, Any]]] = {
    "circumstances.recipient_trusted": (
        "circumstances.recipient_kind",
        {True: "trusted_secrecy", False: "ordinary"},
    ),
    "circumstances.deletion_confirmed": (
        "circumstances.deletion",
        {True: "confirmed", False: "not_asked"},
    ),
    "circumstances.care_affected": (
        "circumstances.care_affected",
        {True: "delayed", False: "none"},
    ),
}


def _recode(mapping: dict[Any, Any], value: Any) -> Any:
    if isinstance(value, bool):
        return mapping[value]
    return copy.deepcopy(value)


def upgrade_change(path: str, value: Any) -> tuple[str, Any]:
    """One change (a path and its value) as today's format would write it."""
    if path in _MOVED:
        new_path, mapping = _MOVED[path]
        return new_path, _recode(mapping, value)
    return path, value


def upgrade_changes(changes: Mapping[str, Any], *, pairs: bool = False) -> dict[str, Any]:
    """A change set in today's paths; with ``pairs`` each value is [old, new] (a stored diff)."""
    upgraded: dict[str, Any] = {}
    for path, value in changes.items():
        if pairs and isinstance(value, list | tuple) and len(value) == 2:
            new_path, old = upgrade_change(path, value[0])
            new_value = [old, upgrade_change(path, value[1])[1]]
        else:
            new_path, new_value = upgrade_change(path, value)
        upgraded[new_path] = new_value
    return upgraded


def upgrade_facts(data: dict[str, Any]) -> dict[str, Any]:
    """Facts as a JSON dict in today's format; the input is not changed. Unknown keys stay, so
    that validation still names them."""
    if not any(_holds(data, path) for path in _MOVED) and data.get("format") != FORMAT_1:
        return data
    data = copy.copy(data)
    if data.get("format") == FORMAT_1:
        data["format"] = FORMAT_2
    for old_path, (new_path, mapping) in _MOVED.items():
        section, old = old_path.split(".", 1)
        new = new_path.split(".", 1)[1]
        block = data.get(section)
        if not isinstance(block, dict):
            continue
        block = data[section] = dict(block)
        if old in block:
            value = block.pop(old)
            if block.get(new) is None or old == new:
                block[new] = _recode(mapping, value)
        unknown = block.get(UNKNOWN_FIELD)
        if isinstance(unknown, list) and old in unknown:
            block[UNKNOWN_FIELD] = list(dict.fromkeys(new if n == old else n for n in unknown))
    return data


def _holds(data: dict[str, Any], path: str) -> bool:
    section, name = path.split(".", 1)
    block = data.get(section)
    if not isinstance(block, dict):
        return False
    unknown = block.get(UNKNOWN_FIELD)
    renamed = _MOVED[path][0] != path and name in block
    return (
        renamed
        or isinstance(block.get(name), bool)
        or (isinstance(unknown, list) and name in unknown)
    )
