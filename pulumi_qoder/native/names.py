"""Schema names (camelCase, as YAML and generated SDKs write them) and the core's snake_case.

The rules of the renaming, which the plugin's boundary adapters (`structs.py`) apply in the
same walk that reads or writes a `Struct`. Only the names the schema defines are renamed:
the top-level properties, and one level inside the object properties whose fields the
schema types (`schedule`, `agent`, each event and resource, `stats`, `pausedReason`).
Free-form maps (`metadata`, `triggers`, `checkout`, `rubric`, message `content`, `error`)
keep their keys exactly as given.
Renaming to snake_case is idempotent, so snake_case input (Python's input types, state
written by the dynamic provider) passes through unchanged.
"""

from __future__ import annotations

import functools
import re

from ..core.fields import RESOURCES
from ..core.fields.secrets import secret_keys

__all__ = ["NESTED_OBJECTS", "SECRET_ITEM_KEYS", "camel", "schema_property", "snake"]

NESTED_OBJECTS = frozenset().union(*(r.nested_objects() for r in RESOURCES))
"""Properties whose objects (or list items) have schema-typed fields, renamed one level deep:
the resources' fields whose type is an object type (`agent`, `schedule`, `initial_events`,
`resources`, `stats`, `paused_reason`, a run's `error`), from the field tables."""


SECRET_ITEM_KEYS: dict[str, tuple[str, ...]] = {
    f.name: keys
    for r in RESOURCES for f in r.fields if f.is_list and (keys := secret_keys(f.type))
}
"""List properties whose items have secret fields (`resources`: `authorization_token`): the
plugin's outbound adapter (`structs.to_engine`) wraps them secret however they came."""


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


def schema_property(path: str) -> str:
    """A check failure's path (`initial_events[0].max_iterations`) in schema names."""
    head, sep, rest = path.partition(".")
    bracket = head.find("[")
    top, index = (head, "") if bracket < 0 else (head[:bracket], head[bracket:])
    if sep and snake(top) in NESTED_OBJECTS:
        field, sep2, deeper = rest.partition(".")
        rest = camel(field) + sep2 + deeper
    return camel(top) + index + sep + rest
