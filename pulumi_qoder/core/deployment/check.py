"""Validation of deployment inputs for `check`: one failure per bad property, with its path."""

from __future__ import annotations

import json
import re
import secrets
import string
from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.deployment.spec import (
    ADOPT_KEY,
    INPUT_FIELDS,
    RESOURCE_NAME_KEY,
    UNKNOWN,
    Failure,
)
from pulumi_qoder.cron import cron_error, timezone_error

__all__ = ["check_inputs", "validate"]

EVENT_TYPES = {
    "user.message": ("content",),
    "user.define_outcome": ("description", "rubric"),
    "system.message": ("content",),
}
RESOURCE_TYPES = {
    "github_repository": ("url", "authorization_token"),
    "file": ("file_id",),
    "memory_store": ("memory_store_id",),
}
MAX_NAME = 256
MAX_EVENTS = 50
MAX_VAULT_IDS = 50
MAX_RESOURCES = 500
MAX_METADATA_KEYS, MAX_METADATA_KEY, MAX_METADATA_VALUE = 16, 64, 512
MAX_OUTCOME_ITERATIONS = 20
MAX_INSTRUCTIONS = 4096
_SUFFIX_ALPHABET = string.ascii_lowercase + string.digits
IMPORT_NEEDS_NAME = "is required when importing: set it to the live deployment's name"


def check_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[dict, list[Failure]]:
    """The inputs to record (with a generated name when none is set) and every failure.

    An unset name is `<resource-name>-<7 random [a-z0-9]>`; once a deployment has a name
    (`olds`), an unset name keeps it, so the suffix is stable across updates and imports.
    """
    inputs = dict(news)
    if inputs.get("name") is None:
        old_name = olds.get("name")
        if isinstance(old_name, str) and old_name:
            inputs["name"] = old_name
        elif inputs.get(ADOPT_KEY):
            # A made-up name could never match the deployment being imported.
            return inputs, [Failure("name", IMPORT_NEEDS_NAME), *validate(inputs)]
        else:
            base = str(news.get(RESOURCE_NAME_KEY) or "deployment")
            suffix = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(7))
            inputs["name"] = f"{base[: MAX_NAME - 8]}-{suffix}"
    return inputs, validate(inputs)


def validate(props: Mapping[str, Any]) -> list[Failure]:
    """One failure per invalid property; unknown values are never failures."""
    out: list[Failure] = []
    for key in props:
        if key not in INPUT_FIELDS and not key.startswith("__"):
            out.append(Failure(key, "unknown property"))
    for key in ("agent", "environment_id", "initial_events"):
        if props.get(key) is None:
            out.append(Failure(key, "is required"))
    for key, check in _CHECKS.items():
        value = props.get(key)
        if value is not None and value is not UNKNOWN:
            check(key, value, out)
    return out


# Validators: each appends failures for one top-level property (path, value, failures).


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _check_name(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, str) or not value.strip():
        out.append(Failure(path, "must be a non-empty string"))
    elif len(value) > MAX_NAME:
        out.append(Failure(path, f"must be at most {MAX_NAME} characters, got {len(value)}"))


def _check_string(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, str):
        out.append(Failure(path, "must be a string"))


def _check_id(prefix: str):
    def check(path: str, value: Any, out: list[Failure]) -> None:
        if value is UNKNOWN:
            return
        if not isinstance(value, str) or not re.fullmatch(rf"{prefix}[0-9a-f]{{32}}", value):
            out.append(Failure(path, f"must be an id like {prefix}<32 hex digits>, got {value!r}"))

    return check


def _check_agent(path: str, value: Any, out: list[Failure]) -> None:
    if isinstance(value, str):
        _check_id("agent_")(path, value, out)
        return
    if not isinstance(value, Mapping):
        out.append(Failure(path, "must be an agent id or {id, version}"))
        return
    if value.get("id") is None:
        out.append(Failure(f"{path}.id", "is required"))
    else:
        _check_id("agent_")(f"{path}.id", value["id"], out)
    version = value.get("version")
    if version is not None and version is not UNKNOWN and (not _is_int(version) or version < 1):
        out.append(
            Failure(f"{path}.version", f"must be a whole number of at least 1, got {version!r}")
        )
    for key in value:
        if key not in ("id", "version", "type"):
            out.append(Failure(f"{path}.{key}", "unknown property"))


def _check_schedule(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, Mapping):
        out.append(Failure(path, "must be {expression, timezone}, or unset for manual-only"))
        return
    checks = {"expression": cron_error, "timezone": timezone_error}
    for key, error_of in checks.items():
        item = value.get(key)
        if item is None:
            out.append(Failure(f"{path}.{key}", "is required"))
        elif item is not UNKNOWN and (reason := error_of(item)):
            out.append(Failure(f"{path}.{key}", reason))
    if value.get("type", "cron") not in ("cron", UNKNOWN):
        out.append(Failure(f"{path}.type", "must be 'cron', the only schedule type"))


def _check_list(path: str, value: Any, out: list[Failure], low: int, high: int) -> bool:
    if not isinstance(value, (list, tuple)):
        out.append(Failure(path, "must be a list"))
        return False
    if not low <= len(value) <= high:
        out.append(Failure(path, f"must hold {low} to {high} items, got {len(value)}"))
    return True


def _typed_items(path: str, value: Any, out: list[Failure], kinds: dict, low: int, high: int):
    """The known `{type, ...}` items of a list, once the list, type and required keys pass."""
    if not _check_list(path, value, out, low, high):
        return
    noun = "event" if kinds is EVENT_TYPES else "resource"
    for i, item in enumerate(value):
        here = f"{path}[{i}]"
        if item is UNKNOWN:
            continue
        if not isinstance(item, Mapping):
            out.append(Failure(here, f"must be an {noun} object"))
            continue
        kind = item.get("type")
        if kind is UNKNOWN:
            continue
        if kind not in kinds:
            out.append(Failure(f"{here}.type", f"must be one of {', '.join(kinds)}, got {kind!r}"))
            continue
        for key in kinds[kind]:
            if item.get(key) is None:
                out.append(Failure(f"{here}.{key}", f"is required for a {kind} {noun}"))
        yield here, item


def _check_events(path: str, value: Any, out: list[Failure]) -> None:
    for here, event in _typed_items(path, value, out, EVENT_TYPES, 1, MAX_EVENTS):
        iterations = event.get("max_iterations")
        if iterations not in (None, UNKNOWN) and (
            not _is_int(iterations) or not 1 <= iterations <= MAX_OUTCOME_ITERATIONS
        ):
            out.append(
                Failure(
                    f"{here}.max_iterations",
                    f"must be 1 to {MAX_OUTCOME_ITERATIONS}, got {iterations!r}",
                )
            )


def _check_resources(path: str, value: Any, out: list[Failure]) -> None:
    for here, item in _typed_items(path, value, out, RESOURCE_TYPES, 0, MAX_RESOURCES):
        prefixes = {"file_id": "file_", "memory_store_id": "memstore_"}
        for key, prefix in prefixes.items():
            if item.get(key) is not None:
                _check_id(prefix)(f"{here}.{key}", item[key], out)
        if item.get("access") not in (None, UNKNOWN, "read_write", "read_only"):
            out.append(Failure(f"{here}.access", "must be read_write or read_only"))
        instructions = item.get("instructions")
        if isinstance(instructions, str) and len(instructions) > MAX_INSTRUCTIONS:
            out.append(
                Failure(f"{here}.instructions", f"must be at most {MAX_INSTRUCTIONS} characters")
            )


def _check_vault_ids(path: str, value: Any, out: list[Failure]) -> None:
    if _check_list(path, value, out, 0, MAX_VAULT_IDS):
        for i, item in enumerate(value):
            _check_id("vault_")(f"{path}[{i}]", item, out)


def _check_metadata(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, Mapping):
        out.append(Failure(path, "must be a map of strings"))
        return
    if len(value) > MAX_METADATA_KEYS:
        out.append(Failure(path, f"must have at most {MAX_METADATA_KEYS} keys, got {len(value)}"))
    for key, item in value.items():
        here = f"{path}[{json.dumps(key)}]"
        if key == "cas_config":
            out.append(
                Failure(
                    here,
                    "is reserved; use session_strategy, max_retries, timeout_ms and max_concurrent",
                )
            )
        elif not key or len(key) > MAX_METADATA_KEY:
            out.append(Failure(here, f"key must be 1 to {MAX_METADATA_KEY} characters"))
        if item is UNKNOWN:
            continue
        if not isinstance(item, str):
            out.append(Failure(here, "value must be a string"))
        elif len(item) > MAX_METADATA_VALUE:
            out.append(Failure(here, f"value must be at most {MAX_METADATA_VALUE} characters"))


def _check_int(low: int, high: int | None = None):
    def check(path: str, value: Any, out: list[Failure]) -> None:
        if not _is_int(value) or value < low or (high is not None and value > high):
            bound = f"at least {low}" if high is None else f"{low} to {high}"
            out.append(Failure(path, f"must be a whole number {bound}, got {value!r}"))

    return check


def _check_session_strategy(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, str) or not value:
        out.append(Failure(path, "must be a non-empty string such as 'new_session'"))


def _check_bool(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, bool):
        out.append(Failure(path, f"must be true or false, got {value!r}"))


_CHECKS = {
    "name": _check_name,
    "description": _check_string,
    "agent": _check_agent,
    "environment_id": _check_id("env_"),
    "schedule": _check_schedule,
    "initial_events": _check_events,
    "resources": _check_resources,
    "vault_ids": _check_vault_ids,
    "metadata": _check_metadata,
    "session_strategy": _check_session_strategy,
    "max_retries": _check_int(0),
    "timeout_ms": _check_int(1),
    "max_concurrent": _check_int(1),
    "paused": _check_bool,
}
