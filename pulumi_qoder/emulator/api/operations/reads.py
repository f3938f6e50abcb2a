"""The read operations: one deployment, the deployment list, one run, the run lists.

- ``GET /deployments/{id}`` (CONTRACT §4.2): archived ones stay readable by id [INF].
- ``GET /deployments`` (§4.3): newest first; archived ones only with
  ``include_archived``, which may be combined with ``status`` [INF CONTRACT §8.24];
  ``created`` is the SDK's ``created_at[gt|gte|lt|lte]`` [SDK].
- ``GET /deployments/{id}/runs/{run_id}`` and ``GET /deployment_runs/{run_id}``: a run,
  globally or scoped to its deployment (404 for a mismatched pair).
- ``GET /deployments/{id}/runs`` (404 for an unknown deployment) and
  ``GET /deployment_runs`` (which just filters by ``deployment_id`` [SDK]): newest first.

Every list takes ``limit`` (default 20, at most 1000; larger is capped [INF]) and one of
``after_id``/``before_id``; a filter value outside its enumeration is a 400.
"""

from __future__ import annotations

from ...storage.paging import DeploymentFilter, Page, RunFilter, TimeRange, Window
from ...storage.records import DeploymentRecord, RunRecord
from .. import validation
from ..errors import InvalidRequest, NotFound
from .context import Context

__all__ = [
    "DEPLOYMENT_STATUSES",
    "RUN_STATUSES",
    "TRIGGER_TYPES",
    "deployment_window",
    "list_deployments",
    "list_runs",
    "retrieve",
    "retrieve_run",
    "run_window",
]

DEPLOYMENT_STATUSES = ("active", "paused")
RUN_STATUSES = ("pending", "running", "completed", "failed", "skipped")
TRIGGER_TYPES = ("manual", "schedule", "retry")


def retrieve(context: Context, deployment_id: str) -> DeploymentRecord:
    return context.get(deployment_id)


def deployment_window(
    limit: int | None, after_id: str | None, before_id: str | None, status: str | None,
) -> Window:
    """The query rules of the deployment list (checked before any state is read)."""
    window = Window(validation.page_limit(limit), after_id, before_id)
    validation.check_cursor(after_id, before_id, "dep")
    if status is not None and status not in DEPLOYMENT_STATUSES:
        raise InvalidRequest("'status' must be 'active' or 'paused'.", "status")
    return window


def list_deployments(
    context: Context, window: Window, status: str | None, include_archived: bool,
    agent_id: str | None, created: TimeRange | None,
) -> Page[DeploymentRecord]:
    where = DeploymentFilter(status, include_archived, agent_id, created or TimeRange())
    return context.store.list_deployments(window, where)


def retrieve_run(context: Context, run_id: str, deployment_id: str | None) -> RunRecord:
    if deployment_id is not None:
        context.get(deployment_id)
    found = context.store.get_run(run_id)
    if found is None or deployment_id not in (None, found.deployment_id):
        raise NotFound(f"Deployment run '{run_id}' not found.")
    return found


def run_window(
    limit: int | None, after_id: str | None, before_id: str | None, filters: RunFilter,
) -> Window:
    """The query rules of the run lists (checked before any state is read)."""
    window = Window(validation.page_limit(limit), after_id, before_id)
    validation.check_cursor(after_id, before_id, "drun")
    if filters.status is not None and filters.status not in RUN_STATUSES:
        raise InvalidRequest(f"'status' must be one of {RUN_STATUSES}.", "status")
    if filters.trigger_type is not None and filters.trigger_type not in TRIGGER_TYPES:
        raise InvalidRequest(f"'trigger_type' must be one of {TRIGGER_TYPES}.", "trigger_type")
    return window


def list_runs(
    context: Context, window: Window, filters: RunFilter, deployment_id: str | None,
    scoped: bool,
) -> Page[RunRecord]:
    if scoped and deployment_id is not None:
        context.get(deployment_id)
    return context.store.list_runs(window, filters, deployment_id)
