"""The rules a field gets from its kind in the field table: string, integer, number, boolean,
list, map, object, and either of two (`string|AgentRef`).

`rule(field)` is the check of one property: what its type and its table rules (`id_prefix`,
`minimum`, `non_empty`, `max_length`, `items`) say, so a new field of any kind needs no rule
of its own. A list's items and a map's values are checked by their own kind's rule, under
the item's path (`vault_ids[0]`, `labels["team"]`); an object type's fields by theirs. Reasons
name the rule, never the value (a value may have come from a secret); unknown values pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.fields import TYPES, Field
from pulumi_qoder.core.values import UNKNOWN, whole

__all__ = ["MAX_WHOLE", "Check", "check_list", "join", "rule", "whole_number_reason"]

Check = Callable[[str, Any, list[Failure]], None]
"""A rule: (property path, value, failures to append to)."""

MAX_WHOLE = 2**53 - 1
"""The largest whole number a Pulumi number (a double) holds exactly; the API takes integers.

CONTRACT §8 #10: the API documents no range for the execution settings, so check enforces
only this and the lower bounds; a range the API enforces fails `up` naming the property.
"""

_OBJECT_TYPES = {t.name: t for t in TYPES}


def rule(field: Field) -> Check:
    """The check of a property: the rule its kind and its table rules imply."""
    return _of_type(field.type, field)


def _of_type(type_: str, field: Field, *, item: bool = False) -> Check:
    """The rule of `type_` under `field`'s table rules (`item`: a list's or map's item)."""
    if "|" in type_:
        return _either(tuple(_of_type(t, field, item=item) for t in type_.split("|")), type_)
    if type_.startswith("["):
        return _list(_of_type(type_[1:-1], field, item=True), field)
    if type_.startswith("{"):
        return _map(_of_type(type_[1:-1], _value_field(field), item=True), field, type_[1:-1])
    if type_ in _OBJECT_TYPES:
        return _object(type_)
    if type_ == "boolean":
        return _bool
    if type_ == "integer":
        return _integer(field.minimum or 0)
    if type_ == "number":
        return _number
    if type_ == "string":
        return _string(field, say_length=not item)
    return _anything


def _value_field(field: Field) -> Field:
    """The rules a map's values follow: the field's own, but no key count (`items`)."""
    return Field(field.name, field.type[1:-1], field.doc, id_prefix=field.id_prefix,
                 minimum=field.minimum, non_empty=field.non_empty, max_length=field.max_length)


def _anything(path: str, value: Any, out: list[Failure]) -> None:
    return


def _bool(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, bool):
        out.append(Failure(path, "must be true or false"))


def _number(path: str, value: Any, out: list[Failure]) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        out.append(Failure(path, "must be a number"))


def _is_int(value: Any) -> bool:
    return isinstance(whole(value), int) and not isinstance(value, bool)


def whole_number_reason(value: Any, low: int, high: int) -> str | None:
    """Why `value` is not a whole number in `low`..`high`, or None; never quotes it."""
    if _is_int(value) and low <= value <= high:
        return None
    if high != MAX_WHOLE:
        return f"must be a whole number from {low} to {high}"
    if not _is_int(value) or value < low:
        return f"must be a whole number of at least {low}"
    return f"must be at most {MAX_WHOLE} (2^53 - 1, the largest whole number a Pulumi number holds)"


def _integer(low: int) -> Check:
    def check(path: str, value: Any, out: list[Failure]) -> None:
        if reason := whole_number_reason(value, low, MAX_WHOLE):
            out.append(Failure(path, reason))

    return check


def _string(field: Field, *, say_length: bool) -> Check:
    """A string's rule; an item's (`say_length` False) does not say how long it was."""
    if field.id_prefix:
        pattern = re.compile(rf"{field.id_prefix}[0-9a-f]{{32}}")
        reason = f"must be an id like {field.id_prefix}<32 hex digits>"

        def check_id(path: str, value: Any, out: list[Failure]) -> None:
            if not isinstance(value, str) or not pattern.fullmatch(value):
                out.append(Failure(path, reason))

        return check_id
    example = f" such as {field.when_unset!r}" if field.non_empty and field.has_when_unset else ""
    longest = field.max_length

    def check(path: str, value: Any, out: list[Failure]) -> None:
        if not isinstance(value, str):
            out.append(Failure(path, f"must be a non-empty string{example}" if field.non_empty
                               else "must be a string"))
        elif field.non_empty and not value.strip():
            out.append(Failure(path, f"must be a non-empty string{example}"))
        elif longest is not None and len(value) > longest:
            got = f", got {len(value)}" if say_length else ""
            out.append(Failure(path, f"must be at most {longest} characters{got}"))

    return check


def check_list(path: str, value: Any, out: list[Failure], low: int, high: int) -> bool:
    """Whether `value` is a list (a failure if not), with a failure if its length is not in
    `low`..`high`."""
    if not isinstance(value, (list, tuple)):
        out.append(Failure(path, "must be a list"))
        return False
    if not low <= len(value) <= high:
        out.append(Failure(path, f"must hold {low} to {high} items, got {len(value)}"))
    return True


def _list(item: Check, field: Field) -> Check:
    low, high = field.items or (0, MAX_WHOLE)

    def check(path: str, value: Any, out: list[Failure]) -> None:
        if check_list(path, value, out, low, high):
            for i, each in enumerate(value):
                if each is not UNKNOWN:
                    item(f"{path}[{i}]", each, out)

    return check


def _map(value_rule: Check, field: Field, value_type: str) -> Check:
    low, high = field.items or (0, MAX_WHOLE)
    noun = {"string": "strings", "integer": "whole numbers", "boolean": "booleans",
            "number": "numbers"}.get(value_type, "values")

    def check(path: str, value: Any, out: list[Failure]) -> None:
        if not isinstance(value, Mapping):
            out.append(Failure(path, f"must be a map of {noun}"))
            return
        if len(value) > high:
            out.append(Failure(path, f"must have at most {high} keys, got {len(value)}"))
        elif len(value) < low:
            out.append(Failure(path, f"must have at least {low} keys, got {len(value)}"))
        for key, item in value.items():
            if item is UNKNOWN:
                continue
            here = f"{path}[{json.dumps(str(key))}]"
            found: list[Failure] = []
            value_rule(here, item, found)
            out.extend(Failure(f.property, "value " + f.reason) if f.property == here else f
                       for f in found)

    return check


def _object(type_name: str) -> Check:
    fields = {f.name: f for f in _OBJECT_TYPES[type_name].fields}
    required = tuple(name for name, f in fields.items() if f.required)
    rules: dict[str, Check] = {}

    def check(path: str, value: Any, out: list[Failure]) -> None:
        if not isinstance(value, Mapping):
            out.append(Failure(path, "must be an object"))
            return
        if not rules:  # built on first use: an object type may name itself
            rules.update({name: rule(f) for name, f in fields.items()})
        for key in value:
            if key not in fields:
                out.append(Failure(join(path, key), "unknown property"))
        for key in required:
            if value.get(key) is None:
                out.append(Failure(join(path, key), "is required"))
        for key, item in value.items():
            if key in rules and item is not None and item is not UNKNOWN:
                rules[key](join(path, key), item, out)

    return check


def _either(alternatives: tuple[Check, ...], type_: str) -> Check:
    def check(path: str, value: Any, out: list[Failure]) -> None:
        best: list[Failure] | None = None
        for alternative in alternatives:
            found: list[Failure] = []
            alternative(path, value, found)
            if not found:
                return
            if best is None or any(f.property != path for f in found):
                best = found  # the alternative that got past the value's shape says most
        out.extend(best or [Failure(path, f"must be {type_.replace('|', ' or ')}")])

    return check


def join(path: str, part: Any) -> str:
    """A property path one step deeper: `.key`, `[0]` or `["odd key"]`."""
    if isinstance(part, int):
        return f"{path}[{part}]"
    part = str(part)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
        return f"{path}.{part}"
    return f"{path}[{json.dumps(part)}]"
