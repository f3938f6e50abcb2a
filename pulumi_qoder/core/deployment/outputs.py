"""Provider properties from a live deployment: the resource's outputs and, for read, its inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.deployment.spec import (
    EXECUTION_DEFAULTS,
    EXECUTION_FIELDS,
    INPUT_FIELDS,
    RESOURCE_NAME_KEY,
    normalise,
)

__all__ = ["INPUT_KEYS_KEY", "OUTPUT_FIELDS", "WRITE_ONLY_RESOURCE_KEYS", "inputs_of", "outputs_of"]

OUTPUT_FIELDS = (
    "status",
    "paused_reason",
    "agent_version",
    "upcoming_runs_at",
    "next_trigger_at",
    "last_run_at",
    "created_at",
    "updated_at",
    "archived_at",
    "stats",
)
"""Server-managed outputs; they never cause a diff."""

WRITE_ONLY_RESOURCE_KEYS = ("authorization_token",)
"""Resource fields the API accepts but never echoes (CONTRACT §2.7)."""

INPUT_KEYS_KEY = "__input_keys"
"""Hidden output listing the inputs the program set, so `read` rebuilds exactly those."""

_REQUIRED_KEYS = ("name", "agent", "environment_id", "initial_events")


def outputs_of(live: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
    """Every property of the resource after a call that returned `live` (the wire object).

    Inputs appear as live values in the program's form: an agent given as a bare id stays a
    bare id while the live agent has that id, and write-only resource fields come from `prior`
    (the checked inputs or the previous outputs). Execution settings always hold live values.
    """
    wire_schedule = live.get("schedule") or {}
    cas_config = (live.get("metadata") or {}).get("cas_config") or {}
    stats = dict(cas_config.get("stats") or {})
    outs = _live_inputs(live, prior)
    outs.update(
        status=live.get("status"),
        paused_reason=live.get("paused_reason"),
        agent_version=(live.get("agent") or {}).get("version"),
        upcoming_runs_at=list(wire_schedule.get("upcoming_runs_at") or []),
        next_trigger_at=stats.pop("next_trigger_at", None),
        last_run_at=wire_schedule.get("last_run_at"),
        created_at=live.get("created_at"),
        updated_at=live.get("updated_at"),
        archived_at=live.get("archived_at"),
        stats=stats,
    )
    outs[INPUT_KEYS_KEY] = _given_keys(prior)
    if prior.get(RESOURCE_NAME_KEY) is not None:
        outs[RESOURCE_NAME_KEY] = prior[RESOURCE_NAME_KEY]
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
    if prior.get(RESOURCE_NAME_KEY) is not None:
        rebuilt[RESOURCE_NAME_KEY] = prior[RESOURCE_NAME_KEY]
    return rebuilt


def _live_inputs(live: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
    metadata = dict(live.get("metadata") or {})
    cas_config = metadata.pop("cas_config", None) or {}
    settings = {
        "session_strategy": cas_config.get("session_strategy"),
        **cas_config.get("config", {}),
    }
    schedule = live.get("schedule")
    out = {
        "name": live.get("name"),
        "description": live.get("description") or "",
        "agent": _agent_input(live.get("agent") or {}, prior.get("agent")),
        "environment_id": live.get("environment_id"),
        "schedule": None
        if schedule is None
        else {"expression": schedule.get("expression"), "timezone": schedule.get("timezone")},
        "initial_events": list(live.get("initial_events") or []),
        "resources": _with_write_only(live.get("resources") or [], prior.get("resources") or []),
        "vault_ids": list(live.get("vault_ids") or []),
        "metadata": metadata,
    }
    for key in EXECUTION_FIELDS:
        value = settings.get(key)
        out[key] = EXECUTION_DEFAULTS[key] if value is None else value
    out["paused"] = live.get("status") == "paused"
    return out


def _given_keys(prior: Mapping[str, Any]) -> list[str]:
    """The input keys the program set, from outputs (recorded list) or from inputs (their keys)."""
    recorded = prior.get(INPUT_KEYS_KEY)
    if recorded is not None:
        return [str(k) for k in recorded]
    if "status" in prior:  # outputs recorded before the list existed: rebuild from live values
        return []
    return [k for k in INPUT_FIELDS if prior.get(k) is not None]


def _agent_input(live: Mapping[str, Any], prior: Any) -> Any:
    """The live agent, in the form the program used when it still describes the live one."""
    if isinstance(prior, str) and prior == live.get("id"):
        return prior
    if isinstance(prior, Mapping) and prior.get("id") == live.get("id"):
        if prior.get("version") is None:
            return {"id": prior["id"]}
        if normalise("agent", prior)["version"] == live.get("version"):
            return {"id": prior["id"], "version": live.get("version")}
    return {"id": live.get("id"), "version": live.get("version")}


def _with_write_only(live: list, prior: list) -> list:
    """`live` resources with the write-only fields the API never echoes taken from `prior`."""
    out = []
    for i, item in enumerate(live):
        old = prior[i] if i < len(prior) and isinstance(prior[i], Mapping) else {}
        hidden = {k: old[k] for k in WRITE_ONLY_RESOURCE_KEYS if k in old and k not in item}
        visible = {k: v for k, v in old.items() if k not in hidden}
        same = normalise("resources", [visible]) == normalise("resources", [item])
        out.append({**item, **hidden} if hidden and same else dict(item))
    return out
