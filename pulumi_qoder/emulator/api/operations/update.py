"""``POST /deployments/{id}`` (CONTRACT §4.4): merge-patch a deployment.

Body: ``UpdateBody``; a field left out is kept, so absent differs from null. Rules:
an archived deployment cannot be updated (409 [INF CONTRACT §8.5]); ``name``, ``agent``,
``environment_id``, ``initial_events`` and ``metadata`` may not be null;
``description``, ``resources`` and ``vault_ids`` may be null to clear them [SDK];
``schedule: null`` makes it manual-only [SDK]. Every field sent is checked as on create
(a new name must be free); metadata keys merge, a null user key deletes it. A schedule
change recomputes ``upcoming_runs_at`` from now. A paused deployment stays paused.
``updated_at`` moves, and the record is saved, only when something changed [INF].
"""

from __future__ import annotations

from typing import Any

from pydantic import StrictStr

from ...storage.records import DeploymentRecord
from .. import validation
from ..errors import Conflict, InvalidRequest
from ..schemas import InitialEvent, ScheduleIn, Strict
from .context import Context

__all__ = ["NOT_NULL", "UpdateBody", "update"]

NOT_NULL = ("name", "agent", "environment_id", "initial_events", "metadata")


class UpdateBody(Strict):
    """Body of ``POST /deployments/{id}``: merge-patch, so absent differs from null."""

    name: StrictStr | None = None
    description: StrictStr | None = None
    agent: Any = None
    environment_id: StrictStr | None = None
    schedule: ScheduleIn | None = None
    initial_events: list[InitialEvent] | None = None
    resources: list[dict[str, Any]] | None = None
    vault_ids: list[StrictStr] | None = None
    metadata: dict[str, Any] | None = None


def update(context: Context, deployment_id: str, patch: UpdateBody) -> DeploymentRecord:
    sent = patch.model_fields_set
    now = context.now()
    record = context.get(deployment_id)
    if record.archived:
        raise Conflict("Cannot update an archived deployment.")
    before = record.copy()
    for field in NOT_NULL:
        if field in sent and getattr(patch, field) is None:
            raise InvalidRequest(f"'{field}' cannot be null.", field)
    if "name" in sent:
        record.name = validation.check_name(patch.name)
        if record.name != before.name:
            context.check_name_free(record.name)
    if "description" in sent:
        record.description = patch.description or ""
    if "agent" in sent:
        record.agent_id, record.agent_version = validation.agent_ref(patch.agent)
    if "environment_id" in sent:
        record.environment_id = validation.check_environment_id(patch.environment_id)
    if "initial_events" in sent:
        record.initial_events = validation.check_initial_events(patch.initial_events)
    if "resources" in sent:
        record.resources = validation.resources(patch.resources)
    if "vault_ids" in sent:
        record.vault_ids = validation.check_vault_ids(patch.vault_ids)
    if "metadata" in sent:
        validation.apply_metadata(record, patch.metadata or {}, patch=True)
    if "schedule" in sent:
        if patch.schedule is None:
            record.cron = record.timezone = None
        else:
            record.cron, record.timezone = validation.check_schedule(patch.schedule, now)
        context.reschedule(record, now)
    if record != before:
        record.updated_at = now
        context.save(record)
    return record
