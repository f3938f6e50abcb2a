"""Value rules for request fields that several operations share (CONTRACT §2, §4.1), raising
400s that name ``param``. Which rules an operation applies, and in what order, is in its
module under ``operations/``.

Agents and environments are not emulated as collections [INF]: any syntactically valid
``agent_``/``env_`` id is accepted as existing and not archived. A bare agent id resolves
to version 1; the object form keeps its ``version`` (1 when omitted, CONTRACT §2.4).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ..storage.records import (
    DEFAULT_MAX_CONCURRENT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_SESSION_STRATEGY,
    DEFAULT_TIMEOUT_MS,
    DeploymentRecord,
)
from . import schedules
from .errors import InvalidRequest
from .schemas import InitialEvent, ScheduleIn

__all__ = [
    "CAS_CONFIG_RANGES",
    "MAX_LIMIT",
    "agent_ref",
    "apply_metadata",
    "check_cursor",
    "check_environment_id",
    "check_id",
    "check_initial_events",
    "check_name",
    "check_schedule",
    "check_vault_ids",
    "merge_cas_config",
    "merge_user_metadata",
    "page_limit",
    "resources",
]

MAX_NAME = 256
MAX_EVENTS = 50
MAX_VAULT_IDS = 50
MAX_RESOURCES = 500  # [SDK]
MAX_METADATA_KEYS = 16
MAX_METADATA_KEY = 64
MAX_METADATA_VALUE = 512
DEFAULT_LIMIT = 20
MAX_LIMIT = 1000  # CONTRACT §8.8: deployment pages say 1000; larger values are capped [INF]
# CONTRACT §8.10: ranges are undocumented; these are our choice [INF].
CAS_CONFIG_RANGES = {
    "max_retries": (0, 10),
    "timeout_ms": (1_000, 3_600_000),
    "max_concurrent": (1, 100),
}
CAS_CONFIG_DEFAULTS = {
    "max_retries": DEFAULT_MAX_RETRIES,
    "timeout_ms": DEFAULT_TIMEOUT_MS,
    "max_concurrent": DEFAULT_MAX_CONCURRENT,
}
SESSION_STRATEGIES = (DEFAULT_SESSION_STRATEGY,)
_RESOURCE_ID_FIELDS = {"file": ("file_id", "file"), "memory_store": ("memory_store_id", "memstore")}


def check_id(value: Any, prefix: str, param: str) -> str:
    """An id must be ``<prefix>_`` plus 32 lowercase hex characters (CONTRACT §1.3)."""
    if not isinstance(value, str) or not re.fullmatch(rf"{prefix}_[0-9a-f]{{32}}", value):
        raise InvalidRequest(
            f"'{param}' must be an id of the form {prefix}_<32 hex characters>.", param
        )
    return value


def check_name(name: str | None) -> str:
    if name is None or not name.strip():
        raise InvalidRequest("'name' must not be empty.", "name")
    if len(name) > MAX_NAME:
        raise InvalidRequest(f"'name' must be at most {MAX_NAME} characters.", "name")
    return name


def agent_ref(agent: Any) -> tuple[str, int]:
    """Resolve an agent reference to ``(id, version)`` (see the module docstring)."""
    if isinstance(agent, str):
        return check_id(agent, "agent", "agent"), 1
    if not isinstance(agent, dict):
        raise InvalidRequest("'agent' must be an agent id or an object with 'id'.", "agent")
    unknown = set(agent) - {"id", "type", "version"}
    if unknown:
        field = sorted(unknown)[0]
        raise InvalidRequest(f"Unknown field: agent.{field}", f"agent.{field}")
    if "id" not in agent:
        raise InvalidRequest("Missing required field: agent.id", "agent.id")
    agent_id = check_id(agent["id"], "agent", "agent.id")
    if agent.get("type", "agent") != "agent":
        raise InvalidRequest("'agent.type' must be 'agent'.", "agent.type")
    version = agent.get("version")
    if version is None:
        return agent_id, 1
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidRequest("'agent.version' must be an integer >= 1.", "agent.version")
    return agent_id, version


def check_environment_id(environment_id: str | None) -> str:
    return check_id(environment_id, "env", "environment_id")


def check_schedule(schedule: ScheduleIn, now: datetime) -> tuple[str, str]:
    """Validate a cron schedule; it must also fire at least once (else 400 [INF])."""
    try:
        schedules.check_expression(schedule.expression)
    except ValueError as exc:
        raise InvalidRequest(f"Invalid cron expression: {exc}", "schedule.expression") from None
    try:
        schedules.check_timezone(schedule.timezone)
    except ValueError as exc:
        raise InvalidRequest(f"Invalid timezone: {exc}", "schedule.timezone") from None
    if not schedules.upcoming(schedule.expression, schedule.timezone, now, count=1):
        raise InvalidRequest("The cron expression never fires.", "schedule.expression")
    return schedule.expression, schedule.timezone


def check_initial_events(events: list[InitialEvent] | None) -> list[dict[str, Any]]:
    if events is None or not 1 <= len(events) <= MAX_EVENTS:
        raise InvalidRequest(
            f"'initial_events' must hold between 1 and {MAX_EVENTS} events.", "initial_events"
        )
    return [event.model_dump() for event in events]


def resources(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Check resource items by type (shapes are [SDK] only, CONTRACT §2.7).

    ``authorization_token`` is write-only, so it is not stored or echoed [SDK].
    """
    items = items or []
    if len(items) > MAX_RESOURCES:
        raise InvalidRequest(f"At most {MAX_RESOURCES} resources are allowed.", "resources")
    kept = []
    for index, item in enumerate(items):
        param = f"resources[{index}]"
        kind = item.get("type")
        if kind == "github_repository":
            for field in ("url", "authorization_token"):
                if not isinstance(item.get(field), str) or not item[field]:
                    where = f"{param}.{field}"
                    raise InvalidRequest(f"Missing required field: {where}", where)
        elif kind in _RESOURCE_ID_FIELDS:
            field, prefix = _RESOURCE_ID_FIELDS[kind]
            check_id(item.get(field), prefix, f"{param}.{field}")
        else:
            raise InvalidRequest(
                f"'{param}.type' must be github_repository, file or memory_store.",
                f"{param}.type",
            )
        kept.append({k: v for k, v in item.items() if k != "authorization_token"})
    return kept


def check_vault_ids(vault_ids: list[str] | None) -> list[str]:
    vault_ids = vault_ids or []
    if len(vault_ids) > MAX_VAULT_IDS:
        raise InvalidRequest(f"At most {MAX_VAULT_IDS} vault ids are allowed.", "vault_ids")
    for index, vault_id in enumerate(vault_ids):
        check_id(vault_id, "vault", f"vault_ids[{index}]")
    return list(vault_ids)


def apply_metadata(record: DeploymentRecord, sent: dict[str, Any], *, patch: bool) -> None:
    """Apply a sent ``metadata`` to ``record``: user keys, then ``cas_config`` if sent."""
    user = {k: v for k, v in sent.items() if k != "cas_config"}
    record.user_metadata = merge_user_metadata(record.user_metadata, user, patch=patch)
    if "cas_config" in sent:
        current = {
            "session_strategy": record.session_strategy,
            "max_retries": record.max_retries,
            "timeout_ms": record.timeout_ms,
            "max_concurrent": record.max_concurrent,
        }
        merged = merge_cas_config(current, sent["cas_config"])
        record.session_strategy = merged["session_strategy"]
        record.max_retries = merged["max_retries"]
        record.timeout_ms = merged["timeout_ms"]
        record.max_concurrent = merged["max_concurrent"]


def merge_user_metadata(
    current: dict[str, str], changes: dict[str, Any], *, patch: bool
) -> dict[str, str]:
    """Apply user metadata (without ``cas_config``); on update null deletes a key."""
    merged = dict(current)
    for key, value in changes.items():
        param = f"metadata.{key}"
        if value is None and patch:
            merged.pop(key, None)
            continue
        if not isinstance(value, str):
            raise InvalidRequest(f"'{param}' must be a string.", param)
        if not key or len(key) > MAX_METADATA_KEY:
            raise InvalidRequest(
                f"Metadata keys must be 1 to {MAX_METADATA_KEY} characters.", param
            )
        if len(value) > MAX_METADATA_VALUE:
            raise InvalidRequest(
                f"Metadata values must be at most {MAX_METADATA_VALUE} characters.", param
            )
        merged[key] = value
    if len(merged) > MAX_METADATA_KEYS:
        raise InvalidRequest(f"At most {MAX_METADATA_KEYS} metadata keys are allowed.", "metadata")
    return merged


def merge_cas_config(current: dict[str, Any], sent: Any) -> dict[str, Any]:
    """Deep-merge a client's ``metadata.cas_config`` into ``{session_strategy, <config>}``.

    [INF] CONTRACT §8.11: ``stats`` is server-managed and ignored when sent; null (for the
    whole object or one setting) restores the default.
    """
    param = "metadata.cas_config"
    if sent is None:
        return {"session_strategy": DEFAULT_SESSION_STRATEGY, **CAS_CONFIG_DEFAULTS}
    if not isinstance(sent, dict):
        raise InvalidRequest(f"'{param}' must be an object.", param)
    merged = dict(current)
    for key, value in sent.items():
        if key == "stats":
            continue
        if key == "session_strategy":
            if value is None:
                value = DEFAULT_SESSION_STRATEGY
            if value not in SESSION_STRATEGIES:
                raise InvalidRequest(
                    f"'{param}.session_strategy' must be one of {SESSION_STRATEGIES}.",
                    f"{param}.session_strategy",
                )
            merged["session_strategy"] = value
        elif key == "config":
            merged.update(_cas_settings(value))
        else:
            raise InvalidRequest(f"Unknown field: {param}.{key}", f"{param}.{key}")
    return merged


def _cas_settings(config: Any) -> dict[str, int]:
    param = "metadata.cas_config.config"
    if config is None:
        return dict(CAS_CONFIG_DEFAULTS)
    if not isinstance(config, dict):
        raise InvalidRequest(f"'{param}' must be an object.", param)
    settings = {}
    for key, value in config.items():
        if key not in CAS_CONFIG_RANGES:
            raise InvalidRequest(f"Unknown field: {param}.{key}", f"{param}.{key}")
        low, high = CAS_CONFIG_RANGES[key]
        if value is None:
            value = CAS_CONFIG_DEFAULTS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidRequest(
                f"'{param}.{key}' must be an integer from {low} to {high}.", f"{param}.{key}"
            )
        settings[key] = value
    return settings


def page_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1:
        raise InvalidRequest("'limit' must be a positive integer.", "limit")
    return min(limit, MAX_LIMIT)


def check_cursor(after_id: str | None, before_id: str | None, prefix: str) -> None:
    if after_id is not None and before_id is not None:
        raise InvalidRequest("Pass at most one of 'after_id' and 'before_id'.", "before_id")
    for param, value in (("after_id", after_id), ("before_id", before_id)):
        if value is not None:
            check_id(value, prefix, param)
