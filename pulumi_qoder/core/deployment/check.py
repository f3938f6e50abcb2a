"""Validation of deployment inputs for `check`: one failure per bad property, with its path."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from pulumi_qoder.client.params import (
    FileResourceParam,
    GithubRepositoryResourceParam,
    InitialEventParam,
    MemoryStoreResourceParam,
)
from pulumi_qoder.core.deployment.identity import Identity
from pulumi_qoder.core.deployment.spec import (
    ADOPT_KEY,
    EXECUTION_DEFAULTS,
    INPUT_FIELDS,
    INPUTS,
    LIVE_NAME_KEY,
    RESOURCE_NAME_KEY,
    SCOPE_KEY,
    UNKNOWN,
    Failure,
    api_value,
    contains_unknown,
)
from pulumi_qoder.core.fields import DEPLOYMENT, Field
from pulumi_qoder.core.naming import random_name
from pulumi_qoder.core.rules import MAX_WHOLE, Check, check_list, join, rule, whole_number_reason
from pulumi_qoder.core.schedule.cron import cron_error, timezone_error

__all__ = ["COMPARED_DEFAULTS", "check_inputs", "checked_inputs", "validate"]

EVENT_TYPES = {
    "user.message": (("content",),),
    "user.define_outcome": (("description", "rubric"),),
    "system.message": (("content",),),
}
"""Event type: (required keys,)."""
EVENT_KEYS = tuple(InitialEventParam.model_fields)
RESOURCE_TYPES: dict[str, tuple[tuple[str, ...], type[BaseModel]]] = {
    "github_repository": (("url", "authorization_token"), GithubRepositoryResourceParam),
    "file": (("file_id",), FileResourceParam),
    "memory_store": (("memory_store_id",), MemoryStoreResourceParam),
}
"""Resource type: (required keys, the client's request model)."""
ID_PREFIXES = {"file_id": "file_", "memory_store_id": "memstore_"}
REQUIRED = tuple(f.name for f in INPUTS if f.required)
MAX_METADATA_KEY = 64
MAX_OUTCOME_ITERATIONS = 20
MAX_INSTRUCTIONS = 4096
COMPARED_DEFAULTS: Mapping[str, Any] = DEPLOYMENT.when_unset(keeps_live=False)
"""What an unset compared input means (the API's defaults, the field table's `when_unset`);
`checked_inputs` fills them in."""


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Failure]]:
    """The inputs to record (with a generated name when none is set) and every failure.

    A name once recorded (`olds`) is kept while the program sets none, so a deployment
    never gets renamed by a later run (stacks from before derived names keep their random
    suffix). Otherwise an unset name is derived from the resource's identity
    (`identity.Identity.auto_name`), the same on every run; without an identity (no
    `__scope` input) it falls back to a random suffix. A resource adopted with
    `import_` and no name keeps the live deployment's name (marked by `__name_from_live`).
    """
    inputs = dict(news)
    if inputs.get("name") is not None:
        inputs.pop(LIVE_NAME_KEY, None)
        return inputs, validate(inputs)
    old_name = olds.get("name")
    if isinstance(old_name, str) and old_name:
        inputs["name"] = old_name
    elif inputs.get(ADOPT_KEY) or olds.get(LIVE_NAME_KEY):
        # Adoption takes the live name; a made-up one could never match it.
        inputs[LIVE_NAME_KEY] = True
    elif news.get(SCOPE_KEY) is UNKNOWN:
        inputs["name"] = UNKNOWN  # the parent's URN is not known yet (preview)
    else:
        identity = Identity.of(news)
        if identity is not None:
            inputs["name"] = identity.auto_name()
        else:
            inputs["name"] = random_name(str(news.get(RESOURCE_NAME_KEY) or "deployment"))
    return inputs, validate(inputs)


def checked_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any], *, strict_drift: bool = False
) -> tuple[dict[str, Any], list[Failure]]:
    """`check_inputs`, then every unset compared input filled in with the API's default.

    The engine shows a diff as old inputs against new ones, so an unset `paused` next to a
    refreshed `paused: true` reads as a removal (`- paused: true`); with the default filled in
    it reads as what happened, `paused: true => false`. The filled values are what unset
    already meant, so they change no diff and cause no update. With `strict_drift`, unset
    execution settings are filled in too: they are then compared, and restored by `up`.
    """
    inputs, failures = check_inputs(olds, news)
    defaults = dict(COMPARED_DEFAULTS)
    if strict_drift:
        defaults.update(EXECUTION_DEFAULTS)
    for key, default in defaults.items():
        if inputs.get(key) is None:
            inputs[key] = copy.deepcopy(default)
    return inputs, failures


def validate(props: Mapping[str, Any]) -> list[Failure]:
    """One failure per invalid property; unknown values are never failures.

    Reasons name the rule, never the value (a value may have come from a secret), and no
    input, however malformed, raises.
    """
    out: list[Failure] = []
    for key in props:
        if key not in INPUT_FIELDS and not str(key).startswith("__"):
            out.append(Failure(str(key), "unknown property"))
    for key in REQUIRED:
        if props.get(key) is None:
            out.append(Failure(key, "is required"))
    for key, check in _CHECKS.items():
        value = props.get(key)
        if value is None or value is UNKNOWN:
            continue
        try:
            check(key, value, out)
        except Exception:  # noqa: BLE001 - a shape no rule foresaw is a failure, not a crash
            out.append(Failure(key, "has a shape that is not accepted"))
    return out


# Validators: each appends failures for one top-level property (path, value, failures).


def _check_string(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, str):
        out.append(Failure(path, "must be a string"))


def _check_text(path: str, value: Any, out: list[Failure]) -> None:
    if value is not UNKNOWN and (not isinstance(value, str) or not value):
        out.append(Failure(path, "must be a non-empty string"))


def _check_id(prefix: str) -> Check:
    def check(path: str, value: Any, out: list[Failure]) -> None:
        if value is UNKNOWN:
            return
        if not isinstance(value, str) or not re.fullmatch(rf"{prefix}[0-9a-f]{{32}}", value):
            out.append(Failure(path, f"must be an id like {prefix}<32 hex digits>"))

    return check


def _unknown_keys(path: str, item: Mapping[str, Any], allowed: tuple[str, ...],
                  out: list[Failure]) -> None:
    for key in item:
        if key not in allowed:
            out.append(Failure(join(path, key), "unknown property"))


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
    if version is not None and version is not UNKNOWN:
        if reason := whole_number_reason(version, 1, MAX_WHOLE):
            out.append(Failure(f"{path}.version", reason))
    if value.get("type", "agent") not in ("agent", UNKNOWN):
        out.append(Failure(f"{path}.type", "must be 'agent'"))
    _unknown_keys(path, value, ("id", "version", "type"), out)


def _check_schedule(path: str, value: Any, out: list[Failure]) -> None:
    if not isinstance(value, Mapping):
        out.append(Failure(path, "must be {expression, timezone}, or unset for manual-only"))
        return
    checks = {"expression": cron_error, "timezone": timezone_error}
    for key, error_of in checks.items():
        item = value.get(key)
        if item is None:
            out.append(Failure(f"{path}.{key}", "is required"))
        elif item is not UNKNOWN and (reason := _reason_of(error_of, item, key)):
            out.append(Failure(f"{path}.{key}", reason))
    if value.get("type", "cron") not in ("cron", UNKNOWN):
        out.append(Failure(f"{path}.type", "must be 'cron', the only schedule type"))
    _unknown_keys(path, value, ("expression", "timezone", "type"), out)


def _reason_of(error_of: Any, item: Any, key: str) -> str | None:
    try:
        return error_of(item)
    except Exception:  # noqa: BLE001 - a parser crash still means the value is not valid
        return f"is not a valid {'cron expression' if key == 'expression' else 'IANA timezone'}"


def _typed_items(
    path: str, value: Any, out: list[Failure], kinds: Mapping[str, Any], low: int, high: int
) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    """`(path, item, kind)` of each known `{type, ...}` item whose required keys are set."""
    if not check_list(path, value, out, low, high):
        return
    noun, article = ("event", "an") if kinds is EVENT_TYPES else ("resource", "a")
    for i, item in enumerate(value):
        here = f"{path}[{i}]"
        if item is UNKNOWN:
            continue
        if not isinstance(item, Mapping):
            out.append(Failure(here, f"must be {article} {noun} object"))
            continue
        kind = item.get("type")
        if kind is UNKNOWN:
            continue
        if kind is None:
            out.append(Failure(f"{here}.type", f"is required: one of {', '.join(kinds)}"))
            continue
        if not isinstance(kind, str) or kind not in kinds:
            out.append(Failure(f"{here}.type", f"must be one of {', '.join(kinds)}"))
            continue
        missing = [key for key in kinds[kind][0] if item.get(key) is None]
        for key in missing:
            out.append(Failure(f"{here}.{key}", f"is required for a {kind} {noun}"))
        if not missing:
            yield here, item, kind


def _items(name: str) -> tuple[int, int]:
    """How many items a list input may hold (the field table's `items`)."""
    return DEPLOYMENT.field(name).items or (0, MAX_WHOLE)


def _check_events(path: str, value: Any, out: list[Failure]) -> None:
    low, high = _items("initial_events")
    for here, event, _kind in _typed_items(path, value, out, EVENT_TYPES, low, high):
        before = len(out)
        _unknown_keys(here, event, EVENT_KEYS, out)
        iterations = event.get("max_iterations")
        if iterations not in (None, UNKNOWN):
            if reason := whole_number_reason(iterations, 1, MAX_OUTCOME_ITERATIONS):
                out.append(Failure(f"{here}.max_iterations", reason))
        if event.get("content") not in (None, UNKNOWN):
            _check_content(f"{here}.content", event["content"], out)
        if event.get("description") not in (None, UNKNOWN):
            _check_string(f"{here}.description", event["description"], out)
        if event.get("rubric") not in (None, UNKNOWN) and not isinstance(event["rubric"], Mapping):
            out.append(Failure(f"{here}.rubric", "must be an object"))
        if len(out) == before:
            _model_failures(here, InitialEventParam, event, out)


def _check_content(path: str, value: Any, out: list[Failure]) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, (list, tuple)):
        out.append(Failure(path, "must be text or a list of content blocks ({type, text})"))
        return
    for i, block in enumerate(value):
        here = f"{path}[{i}]"
        if block is UNKNOWN:
            continue
        if not isinstance(block, Mapping):
            out.append(Failure(here, "must be a content block ({type, text})"))
            continue
        kind = block.get("type")
        if kind is None:
            out.append(Failure(f"{here}.type", "is required, e.g. 'text'"))
        elif kind is not UNKNOWN and not isinstance(kind, str):
            out.append(Failure(f"{here}.type", "must be a string such as 'text'"))
        if block.get("text") not in (None, UNKNOWN) and not isinstance(block["text"], str):
            out.append(Failure(f"{here}.text", "must be a string"))


def _check_resources(path: str, value: Any, out: list[Failure]) -> None:
    low, high = _items("resources")
    for here, item, kind in _typed_items(path, value, out, RESOURCE_TYPES, low, high):
        before = len(out)
        required, model = RESOURCE_TYPES[kind]
        _unknown_keys(here, item, tuple(model.model_fields), out)
        for key in required:
            if key.endswith("_id"):
                _check_id(ID_PREFIXES[key])(f"{here}.{key}", item[key], out)
            else:
                _check_text(f"{here}.{key}", item[key], out)
        if item.get("access") not in (None, UNKNOWN, "read_write", "read_only"):
            out.append(Failure(f"{here}.access", "must be read_write or read_only"))
        instructions = item.get("instructions")
        if isinstance(instructions, str) and len(instructions) > MAX_INSTRUCTIONS:
            out.append(
                Failure(f"{here}.instructions", f"must be at most {MAX_INSTRUCTIONS} characters")
            )
        if len(out) == before:
            _model_failures(here, model, item, out)


def _model_failures(
    path: str, model: type[BaseModel], item: Mapping[str, Any], out: list[Failure]
) -> None:
    """What the client's request model (so the request) would reject, as failures under `path`.

    The rules above give the clearer reasons; this catches whatever they do not cover, so
    check accepts nothing the request would refuse. Pydantic's messages quote no input.
    """
    if contains_unknown(item):
        return
    try:
        model.model_validate(api_value(item))
    except ValidationError as err:
        for error in err.errors(include_input=False, include_url=False):
            here = _model_path(path, item, error["loc"])
            reason = _MODEL_REASONS.get(error["type"], error["msg"])
            out.append(Failure(here, reason[:1].lower() + reason[1:]))


def _model_path(path: str, item: Any, loc: tuple[str | int, ...]) -> str:
    """The property path of a pydantic error location, without its union-member labels.

    A location follows the value: keys into objects, indexes into lists. A part that does
    not fit the value (`str` in `('content', 'str')`) names a union member: the path ends.
    """
    here, value = path, item
    for part in loc:
        if isinstance(value, Mapping) and isinstance(part, str):
            here, value = join(here, part), value.get(part)
        elif isinstance(value, (list, tuple)) and isinstance(part, int):
            here, value = join(here, part), value[part] if part < len(value) else None
        else:
            break
    return here


def _check_metadata_keys(path: str, value: Any, out: list[Failure]) -> None:
    """What the map rule does not know of `metadata`: its key length, and `cas_config`."""
    if not isinstance(value, Mapping):
        return
    for key in value:
        here = f"{path}[{json.dumps(str(key))}]"
        if key == "cas_config":
            out.append(
                Failure(
                    here,
                    "is reserved; use session_strategy, max_retries, timeout_ms and max_concurrent",
                )
            )
        elif not isinstance(key, str) or not key or len(key) > MAX_METADATA_KEY:
            out.append(Failure(here, f"key must be 1 to {MAX_METADATA_KEY} characters"))


_MODEL_REASONS = {"extra_forbidden": "unknown property", "missing": "is required"}

_OWN_CHECKS = {
    "agent": _check_agent,
    "schedule": _check_schedule,
    "initial_events": _check_events,
    "resources": _check_resources,
}
"""The inputs whose rules go beyond what their kind and the field table say (instead of the
kind's rule: cron expressions, event and resource variants, the agent's id forms)."""

_EXTRA_CHECKS = {"metadata": _check_metadata_keys}
"""Rules applied after the kind's rule (`metadata`: its reserved key and key length)."""


def _rule(field: Field) -> Check:
    """The check of one input: its own, or the one its kind and table rules imply."""
    if field.name in _OWN_CHECKS:
        return _OWN_CHECKS[field.name]
    generic = rule(field)
    extra = _EXTRA_CHECKS.get(field.name)
    if extra is None:
        return generic

    def check(path: str, value: Any, out: list[Failure]) -> None:
        generic(path, value, out)
        extra(path, value, out)

    return check


_CHECKS = {field.name: _rule(field) for field in INPUTS}
