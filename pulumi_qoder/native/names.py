"""Schema names (camelCase, as YAML and generated SDKs write them) and the core's snake_case.

Only the names the schema defines are renamed: the top-level properties, and one level
inside the object properties whose fields the schema types (`schedule`, `agent`, each
event and resource, `stats`, `pausedReason`). Free-form maps (`metadata`, `triggers`,
`checkout`, `rubric`, message `content`, `error`) keep their keys exactly as given.
Renaming to snake_case is idempotent, so snake_case input (Python's input types, state
written by the dynamic provider) passes through unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from ..core.fields import RESOURCES, TYPES, type_refs

__all__ = [
    "NESTED_OBJECTS", "camel", "schema_path", "schema_property", "secret_paths", "snake",
    "to_core", "to_schema", "visible",
]

NESTED_OBJECTS = frozenset().union(*(r.nested_objects() for r in RESOURCES))
"""Properties whose objects (or list items) have schema-typed fields, renamed one level deep:
the resources' fields whose type is an object type (`agent`, `schedule`, `initial_events`,
`resources`, `stats`, `paused_reason`, a run's `error`), from the field tables."""



def _secret_keys(type_: str) -> tuple[str, ...]:
    return tuple(k.name for t in TYPES if t.name in type_refs(type_) for k in t.fields if k.secret)


_SECRET_KEYS = {
    f.name: keys
    for r in RESOURCES for f in r.fields if f.is_list and (keys := _secret_keys(f.type))
}
"""List properties whose items have secret fields (`resources`: `authorization_token`)."""


@functools.lru_cache(maxsize=4096)  # every call renames the same few dozen names
def snake(name: str) -> str:
    """`environmentId` -> `environment_id`; hidden keys (`__name`) and snake names unchanged.

    Only a camelCase name is renamed: one that `camel` gives back from its snake form. Any
    other (`Content`, `URL`) is kept as written, so it fails check as an unknown property
    instead of silently becoming the field it resembles.
    """
    if name.startswith("__"):
        return name
    renamed = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return renamed if renamed == name or camel(renamed) == name else name


@functools.lru_cache(maxsize=4096)
def camel(name: str) -> str:
    """`environment_id` -> `environmentId`; hidden keys unchanged."""
    if name.startswith("__"):
        return name
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_core(props: Mapping[str, Any]) -> dict[str, Any]:
    """Engine properties (schema names) as the core's snake_case properties."""
    return _rename(props, snake)


def to_schema(props: Mapping[str, Any]) -> dict[str, Any]:
    """Core properties as schema-named ones; hidden `__` keys are dropped."""
    return visible(_rename(props, camel))


def visible(props: Mapping[str, Any]) -> dict[str, Any]:
    """Without hidden `__` keys (the dynamic adapter's, or a migrated state's)."""
    return {k: v for k, v in props.items() if not k.startswith("__")}


def _rename(props: Mapping[str, Any], rename) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in props.items():
        core_key = snake(key)
        if core_key in NESTED_OBJECTS:
            value = _rename_one_level(value, rename)
        out[rename(key)] = value
    return out


def _rename_one_level(value: Any, rename) -> Any:
    if isinstance(value, Mapping):
        return {rename(k): v for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_one_level(item, rename) if isinstance(item, Mapping) else item
                for item in value]
    return value


def secret_paths(props: Mapping[str, Any]) -> set[tuple]:
    """Where `props` (core names) hold a secret field of an item, as schema-named paths:
    a repository's token is secret however it came."""
    out = set()
    for name, keys in _SECRET_KEYS.items():
        items = props.get(name)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, Mapping):
                out.update((camel(name), i, camel(k)) for k in keys if item.get(k) is not None)
    return out


def schema_property(path: str) -> str:
    """A check failure's path (`initial_events[0].max_iterations`) in schema names."""
    head, sep, rest = path.partition(".")
    bracket = head.find("[")
    top, index = (head, "") if bracket < 0 else (head[:bracket], head[bracket:])
    if sep and snake(top) in NESTED_OBJECTS:
        field, sep2, deeper = rest.partition(".")
        rest = camel(field) + sep2 + deeper
    return camel(top) + index + sep + rest


def schema_path(path: tuple) -> tuple:
    """A property path (`("resources", 0, "authorization_token")`) in schema names."""
    if not path:
        return path
    top = snake(str(path[0]))
    out = [camel(top)]
    rest = list(path[1:])
    if top in NESTED_OBJECTS and rest:
        if isinstance(rest[0], int):
            out.append(rest.pop(0))
        if rest and isinstance(rest[0], str):
            out.append(camel(snake(rest.pop(0))))
    return (*out, *rest)
