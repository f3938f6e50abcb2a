"""Provider properties from a live deployment: the resource's outputs and, for read, its inputs."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.deployment.spec import (
    EXECUTION_DEFAULTS,
    INPUT_FIELDS,
    INPUTS,
    RESOURCE_NAME_KEY,
    SCOPE_KEY,
    dig,
    normalise,
)
from pulumi_qoder.core.fields import DEPLOYMENT, TYPES

__all__ = [
    "INPUT_KEYS_KEY", "OUTPUT_FIELDS", "WRITE_ONLY_RESOURCE_KEYS", "agent_input", "inputs_of",
    "outputs_of",
]

_SERVER_FIELDS = DEPLOYMENT.output_only()

OUTPUT_FIELDS = DEPLOYMENT.names(_SERVER_FIELDS)
"""Server-managed outputs (the field table's outputs that are no input); never a diff."""

_SHOWN_APART = tuple(
    (f.name, inner.api_keys[-1])
    for f in _SERVER_FIELDS
    for inner in _SERVER_FIELDS
    if inner is not f and inner.api_keys is not None and inner.api_keys[:-1] == f.api_keys
)
"""(output, key): a value another output shows is not repeated inside this one
(`stats.next_trigger_at` is `next_trigger_at`)."""

WRITE_ONLY_RESOURCE_KEYS = tuple(
    f.name for t in TYPES if t.name == "DeploymentResource" for f in t.fields if f.write_only
)
"""Resource fields the API accepts but never echoes (CONTRACT §2.7; `write_only` in the table)."""

INPUT_KEYS_KEY = "__input_keys"
"""Hidden output listing the inputs the program set, so `read` rebuilds exactly those."""

_REQUIRED_KEYS = ("name", *(f.name for f in INPUTS if f.required))


def outputs_of(live: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
    """Every property of the resource after a call that returned `live` (the API object).

    Inputs appear as live values in the program's form: an agent given as a bare id stays a
    bare id while the live agent has that id, and write-only resource fields come from `prior`
    (the checked inputs or the previous outputs). Execution settings always hold live values.
    """
    outs = _live_inputs(live, prior)
    for f in _SERVER_FIELDS:
        outs[f.name] = _read(live, f)
    for name, key in _SHOWN_APART:
        if isinstance(outs[name], Mapping):
            outs[name] = {k: v for k, v in outs[name].items() if k != key}
    outs[INPUT_KEYS_KEY] = _given_keys(prior)
    outs.update(_identity_keys(prior))
    return outs


def inputs_of(live: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs a program declaring exactly `live` would have, for `read` (refresh, import).

    An input is kept when the program set it (known from `prior`: the previous outputs on
    refresh, the program's inputs on import) or when its live value is not the API default,
    so an outside edit shows up as drift. `paused` is `status == "paused"`.
    """
    given = {*_given_keys(prior), *_REQUIRED_KEYS}
    rebuilt = {}
    for key, value in _live_inputs(live, prior).items():
        if key in given or normalise(key, value) != normalise(key, EXECUTION_DEFAULTS.get(key)):
            rebuilt[key] = value
    rebuilt.update(_identity_keys(prior))
    return rebuilt


def _identity_keys(prior: Mapping[str, Any]) -> dict[str, Any]:
    """The hidden inputs identifying the resource (`__name`, `__scope`), kept as given."""
    return {k: prior[k] for k in (RESOURCE_NAME_KEY, SCOPE_KEY) if prior.get(k) is not None}


def _read(live: Mapping[str, Any], field: Any) -> Any:
    """A field's live value from its `api_path`; a missing one is what `when_unset` says."""
    value = dig(live, field.api_keys)
    if value is None:
        if field.has_when_unset:
            return copy.deepcopy(field.when_unset)
        return [] if field.is_list else None
    return list(value) if field.is_list else dict(value) if field.is_map else value


def _live_inputs(live: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
    """Each input's live value in the program's form (the field table says where it is)."""
    out: dict[str, Any] = {}
    for f in INPUTS:
        if f.name in _LIVE:
            out[f.name] = _LIVE[f.name](live, prior)
        elif f.api_keys is None:
            continue
        else:
            out[f.name] = _read(live, f)
    out["paused"] = live.get("status") == "paused"
    return out


def _schedule_input(live: Mapping[str, Any], prior: Mapping[str, Any]) -> Any:
    schedule = live.get("schedule")
    if schedule is None:
        return None
    return {"expression": schedule.get("expression"), "timezone": schedule.get("timezone")}


def _metadata_input(live: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
    """The user's keys: `cas_config` is the server's, shown as the execution settings."""
    metadata = dict(live.get("metadata") or {})
    metadata.pop("cas_config", None)
    return metadata


def _given_keys(prior: Mapping[str, Any]) -> list[str]:
    """The input keys the program set, from outputs (recorded list) or from inputs (their keys)."""
    recorded = prior.get(INPUT_KEYS_KEY)
    if recorded is not None:
        return [str(k) for k in recorded]
    if "status" in prior:  # outputs recorded before the list existed: rebuild from live values
        return []
    return [k for k in INPUT_FIELDS if prior.get(k) is not None]


def agent_input(live: Mapping[str, Any], prior: Any) -> Any:
    """The live agent, in the form the program used when it still describes the live one."""
    if isinstance(prior, str) and prior == live.get("id"):
        return prior
    if isinstance(prior, Mapping) and prior.get("id") == live.get("id"):
        if prior.get("version") is None:
            return {"id": prior["id"]}
        if normalise("agent", prior)["version"] == live.get("version"):
            return {"id": prior["id"], "version": live.get("version")}
    return {"id": live.get("id"), "version": live.get("version")}


def _with_write_only(live: list[Any], prior: list[Any]) -> list[Any]:
    """`live` resources with the write-only fields the API never echoes taken from `prior`."""
    out = []
    for i, item in enumerate(live):
        old = prior[i] if i < len(prior) and isinstance(prior[i], Mapping) else {}
        hidden = {k: old[k] for k in WRITE_ONLY_RESOURCE_KEYS if k in old and k not in item}
        visible = {k: v for k, v in old.items() if k not in hidden}
        same = normalise("resources", [visible]) == normalise("resources", [item])
        out.append({**item, **hidden} if hidden and same else dict(item))
    return out


_LIVE = {
    "agent": lambda live, prior: agent_input(live.get("agent") or {}, prior.get("agent")),
    "schedule": _schedule_input,
    "resources": lambda live, prior: _with_write_only(
        live.get("resources") or [], prior.get("resources") or []
    ),
    "metadata": _metadata_input,
}
"""The inputs read from live by more than their `api_path`."""
