"""``POST /deployments`` (CONTRACT §4.1): create an active deployment (it cannot start paused).

Body: ``CreateBody``; unknown fields are refused. Rules, in order: ``name`` not
empty and at most 256 characters; ``agent`` a bare id (version 1) or ``{id, type,
version}``; ``schedule`` a 5-field cron in an IANA zone that fires at least once;
``environment_id`` an ``env_`` id; 1 to 50 ``initial_events``; ``resources`` by type
(``authorization_token`` is write-only); at most 50 ``vault_ids``; metadata (at most 16
user keys, plus ``cas_config`` deep-merged over the defaults, always materialised,
CONTRACT §2.3); then the name must be free among live deployments (409 [INF]).
``description`` defaults to ``""``. The new deployment is saved with its upcoming fires.
"""

from __future__ import annotations

from typing import Any

from pydantic import StrictStr

from ...storage.records import DeploymentRecord
from .. import validation
from ..schemas import InitialEvent, ScheduleIn, Strict
from .context import Context

__all__ = ["CreateBody", "create"]


class CreateBody(Strict):
    """Body of ``POST /deployments`` (CONTRACT §4.1)."""

    name: StrictStr
    description: StrictStr | None = None
    agent: Any  # a bare id or {id, type, version}; checked in validation.agent_ref
    environment_id: StrictStr
    schedule: ScheduleIn | None = None
    initial_events: list[InitialEvent]
    resources: list[dict[str, Any]] | None = None
    vault_ids: list[StrictStr] | None = None
    metadata: dict[str, Any] | None = None


def create(context: Context, body: CreateBody) -> DeploymentRecord:
    now = context.now()
    name = validation.check_name(body.name)
    agent_id, agent_version = validation.agent_ref(body.agent)
    cron = timezone = None
    if body.schedule is not None:
        cron, timezone = validation.check_schedule(body.schedule, now)
    record = DeploymentRecord(
        id="",
        name=name,
        description=body.description or "",
        agent_id=agent_id,
        agent_version=agent_version,
        environment_id=validation.check_environment_id(body.environment_id),
        initial_events=validation.check_initial_events(body.initial_events),
        resources=validation.resources(body.resources),
        vault_ids=validation.check_vault_ids(body.vault_ids),
        created_at=now,
        updated_at=now,
        cron=cron,
        timezone=timezone,
    )
    validation.apply_metadata(record, body.metadata or {}, patch=False)
    context.check_name_free(name)
    context.reschedule(record, now)
    record.id = context.ids.new("dep", now)
    context.save(record)
    return record
