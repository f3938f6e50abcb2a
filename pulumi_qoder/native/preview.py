"""What a Deployment will look like after `up`, computed during preview without any call.

The next runs follow from the schedule alone (`cron.next_fires` from now, in UTC), so a
schedule change shows its new `upcoming_runs_at` and `next_trigger_at` before it is
applied. Fields only the server decides (timestamps, counters) are unknown.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from pulumi_qoder.core.fields import DEPLOYMENT
from pulumi_qoder.core.schedule.cron import next_fires
from pulumi_qoder.core.values import UNKNOWN, contains_unknown

__all__ = ["next_runs", "preview_outputs"]


def next_runs(schedule: Any, now: datetime | None = None) -> list[str] | Any:
    """Up to 5 fire times (RFC 3339, UTC) of `schedule`; [] without one; unknown if unknown."""
    if schedule is None:
        return []
    if contains_unknown(schedule):
        return UNKNOWN
    after = now or datetime.now(timezone.utc)
    # Fires fall on whole minutes, so "strictly after `after`" is "after its minute": a
    # fleet sharing a schedule computes its next runs once a minute, not once a resource.
    minute = after.astimezone(timezone.utc).replace(second=0, microsecond=0)
    return list(_fires(schedule["expression"], schedule["timezone"], minute))


@functools.lru_cache(maxsize=256)
def _fires(expression: str, tz: str, minute: datetime) -> tuple[str, ...]:
    return tuple(fire.strftime("%Y-%m-%dT%H:%M:%SZ")
                 for fire in next_fires(expression, tz, minute))


def preview_outputs(
    inputs: Mapping[str, Any], prior: Mapping[str, Any] | None, now: datetime | None = None
) -> dict[str, Any]:
    """The outputs of a create (`prior` None) or an update of `prior`, as far as known."""
    prior = prior or {}
    outs: dict[str, Any] = {}
    for f in DEPLOYMENT.inputs():
        given = inputs.get(f.name)
        if f.keeps_live:  # unset: the live value stands, or the API's default on create
            outs[f.name] = given if given is not None else prior.get(f.name, f.when_unset)
        elif f.has_when_unset:
            outs[f.name] = copy.deepcopy(f.when_unset) if given is None else given
        else:
            outs[f.name] = given
    outs["name"] = inputs.get("name", UNKNOWN)
    paused = inputs.get("paused")
    if paused is UNKNOWN:
        outs.update(paused=UNKNOWN, status=UNKNOWN, paused_reason=UNKNOWN)
    else:
        outs.update(
            paused=bool(paused),
            status="paused" if paused else "active",
            paused_reason=UNKNOWN if paused else None,
        )
    outs["agent_version"] = _agent_version(inputs.get("agent"), prior)
    upcoming = next_runs(inputs.get("schedule"), now)
    outs["upcoming_runs_at"] = upcoming
    if upcoming is UNKNOWN:
        outs["next_trigger_at"] = UNKNOWN
    else:
        outs["next_trigger_at"] = upcoming[0] if upcoming else None
    outs["last_run_at"] = prior.get("last_run_at") if prior else None
    outs["created_at"] = prior.get("created_at", UNKNOWN)
    outs["updated_at"] = UNKNOWN
    outs["archived_at"] = None
    outs["stats"] = prior.get("stats", UNKNOWN)
    for f in DEPLOYMENT.output_only():
        outs.setdefault(f.name, UNKNOWN)  # a field only the server decides
    return outs


def _agent_version(agent: Any, prior: Mapping[str, Any]) -> Any:
    """A pinned version is known; an unpinned agent keeps its version only if unchanged."""
    if isinstance(agent, Mapping) and agent.get("version") is not None:
        return agent["version"]
    agent_id = agent.get("id") if isinstance(agent, Mapping) else agent
    old = prior.get("agent")
    old_id = old.get("id") if isinstance(old, Mapping) else old
    if prior and agent_id == old_id and agent_id is not None and agent_id is not UNKNOWN:
        return prior.get("agent_version", UNKNOWN)
    return UNKNOWN
