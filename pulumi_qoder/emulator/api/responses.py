"""Render records in the API's response shapes (CONTRACT §2), keys absent until they apply.

Timestamps are formatted through a cache: a page of deployments repeats the same few
instants (a shared schedule's upcoming fires, one clock second)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from ..storage.records import DeploymentRecord, RunRecord

__all__ = ["deployment", "fractional", "page", "run", "whole_seconds"]

_ONE_MS = timedelta(milliseconds=1)


@lru_cache(maxsize=4096)
def whole_seconds(when: datetime) -> str:
    """Deployment-side timestamps: UTC, whole seconds, ``Z`` (CONTRACT §1.4)."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=4096)
def fractional(when: datetime) -> str:
    """Run timestamps: UTC with the fraction's trailing zeros trimmed (CONTRACT §1.4).

    Like Go's RFC3339Nano, which the examples look like, a zero fraction is left out.
    """
    when = when.astimezone(timezone.utc)
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    if when.microsecond:
        text += f".{when.microsecond:06d}".rstrip("0")
    return text + "Z"


def _optional(when: datetime | None, fmt: Callable[[datetime], str]) -> str | None:
    return None if when is None else fmt(when)


def deployment(rec: DeploymentRecord) -> dict[str, Any]:
    stats: dict[str, Any] = {
        "consecutive_failures": rec.stats.consecutive_failures,
        "total_failures": rec.stats.total_failures,
        "total_runs": rec.stats.total_runs,
    }
    if rec.stats.next_trigger_at is not None:
        stats["next_trigger_at"] = whole_seconds(rec.stats.next_trigger_at)
    if rec.stats.last_triggered_at is not None:
        stats["last_triggered_at"] = whole_seconds(rec.stats.last_triggered_at)
    schedule: dict[str, Any] | None = None
    if rec.cron is not None:
        schedule = {
            "expression": rec.cron,
            "timezone": rec.timezone,
            "type": "cron",
            "upcoming_runs_at": [whole_seconds(t) for t in rec.upcoming_runs_at],
        }
        if rec.last_run_at is not None:
            schedule["last_run_at"] = whole_seconds(rec.last_run_at)
    metadata: dict[str, Any] = dict(rec.user_metadata)
    metadata["cas_config"] = {
        "config": {
            "max_concurrent": rec.max_concurrent,
            "max_retries": rec.max_retries,
            "timeout_ms": rec.timeout_ms,
        },
        "session_strategy": rec.session_strategy,
        "stats": stats,
    }
    return {
        "agent": {"id": rec.agent_id, "type": "agent", "version": rec.agent_version},
        "archived_at": _optional(rec.archived_at, whole_seconds),
        "created_at": whole_seconds(rec.created_at),
        "description": rec.description,
        "environment_id": rec.environment_id,
        "id": rec.id,
        "initial_events": rec.initial_events,
        "metadata": metadata,
        "name": rec.name,
        "paused_reason": rec.paused_reason,
        "resources": rec.resources,
        "schedule": schedule,
        "status": rec.status,
        "type": "deployment",
        "updated_at": whole_seconds(rec.updated_at),
        "vault_ids": rec.vault_ids,
    }


def run(rec: RunRecord) -> dict[str, Any]:
    extras: dict[str, Any] = {"attempt": rec.attempt}
    if rec.turn_id is not None:
        extras["turn_id"] = rec.turn_id
    if rec.started_at is not None:
        extras["started_at"] = fractional(rec.started_at)
    body: dict[str, Any] = {
        "agent": {"id": rec.agent_id, "type": "agent", "version": rec.agent_version},
        "cas_run_extras": extras,
        "created_at": fractional(rec.triggered_at),
        "deployment_id": rec.deployment_id,
        "error": rec.error,
        "id": rec.id,
        "status": rec.status,
        "trigger_context": {"type": rec.trigger_type},
        "triggered_at": fractional(rec.triggered_at),
        "type": "deployment_run",
    }
    if rec.session_id is not None:
        body["session_id"] = rec.session_id
    if rec.completed_at is not None:
        body["completed_at"] = fractional(rec.completed_at)
        if rec.started_at is not None:
            # [INF] CONTRACT §8.16: failed runs that ran also report how long they ran.
            elapsed = rec.completed_at - rec.started_at
            body["duration_ms"] = elapsed // _ONE_MS
    return body


def page(items: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
    """The list envelope with ``next_page`` (CONTRACT §1.5)."""
    first_id = items[0]["id"] if items else None
    last_id = items[-1]["id"] if items else None
    return {
        "data": items,
        "first_id": first_id,
        "has_more": has_more,
        "last_id": last_id,
        "next_page": last_id if has_more else None,
    }

