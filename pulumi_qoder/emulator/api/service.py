"""DeploymentService: the Deployments API's rules (CONTRACT §3-4) over a store and a clock.

Each public method is one API operation, named by the API's verb. All of them run under
one lock and tick the scheduler first, so concurrent callers never lose an update and
always see state caught up with the clock.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..clock import Clock, SystemClock
from ..storage.paging import DeploymentFilter, Page, RunFilter, TimeRange, Window
from ..storage.records import DeploymentRecord, RunRecord
from ..storage.store import InMemoryStore, Store
from . import schedules, validation
from .errors import Conflict, InvalidRequest, NotFound
from .ids import IdSequence
from .outcomes import RunOutcomes
from .scheduler import Scheduler
from .schemas import DeploymentCreate, DeploymentUpdate, parse_model

__all__ = ["DeploymentService", "RunFilter"]

DEPLOYMENT_STATUSES = ("active", "paused")
RUN_STATUSES = ("pending", "running", "completed", "failed", "skipped")
TRIGGER_TYPES = ("manual", "schedule", "retry")


class DeploymentService:
    """Deployments and their runs; see each method for what is guessed ([INF])."""

    def __init__(
        self,
        store: Store | None = None,
        clock: Clock | None = None,
        outcomes: RunOutcomes | None = None,
    ) -> None:
        self.store = store if store is not None else InMemoryStore()
        self.clock = clock if clock is not None else SystemClock()
        self.outcomes = outcomes if outcomes is not None else RunOutcomes()
        self._lock = threading.RLock()
        self._ids = IdSequence()
        for newest in self.store.newest_ids():
            self._ids.resume_after(newest)
        self.scheduler = Scheduler(self.store, self.clock, self._ids, self.outcomes, self._lock)

    def now(self) -> datetime:
        return self.clock.now()

    def tick(self) -> int:
        """Catch up with the clock: fire due runs, advance run lifecycles."""
        return self.scheduler.tick()

    # -- deployments -------------------------------------------------------------------

    def create(self, body: DeploymentCreate | Mapping[str, Any]) -> DeploymentRecord:
        """Create an active deployment (CONTRACT §4.1; it cannot start paused).

        [INF] CONTRACT §3: names are unique among non-archived deployments (409).
        ``description`` defaults to ``""``; ``metadata.cas_config`` is always
        materialised with defaults (CONTRACT §2.3).
        """
        body = parse_model(DeploymentCreate, body)
        with self._lock:
            self.tick()
            now = self.now()
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
            self._apply_metadata(record, body.metadata or {}, patch=False)
            self._check_name_free(name)
            self._reschedule(record, now)
            record.id = self._ids.new("dep", now)
            self._save(record)
            return record

    def retrieve(self, deployment_id: str) -> DeploymentRecord:
        """Get a deployment; archived ones stay readable by id [INF CONTRACT §4.2]."""
        with self._lock:
            self.tick()
            return self._get(deployment_id)

    def update(
        self, deployment_id: str, patch: DeploymentUpdate | Mapping[str, Any]
    ) -> DeploymentRecord:
        """Merge-patch a deployment (CONTRACT §4.4).

        [INF] CONTRACT §8.5: an archived deployment cannot be updated (409). A paused
        one stays paused. ``schedule: null`` makes it manual-only [SDK]; a schedule
        change recomputes ``upcoming_runs_at`` from now. ``description``,
        ``resources`` and ``vault_ids`` may be null to clear them [SDK]; ``name``,
        ``agent``, ``environment_id``, ``initial_events`` and ``metadata`` may not.
        ``updated_at`` moves only when something changed [INF].
        """
        patch = parse_model(DeploymentUpdate, patch)
        sent = patch.model_fields_set
        with self._lock:
            self.tick()
            now = self.now()
            record = self._get(deployment_id)
            if record.archived:
                raise Conflict("Cannot update an archived deployment.")
            before = self.store.get_deployment(deployment_id)
            for field in ("name", "agent", "environment_id", "initial_events", "metadata"):
                if field in sent and getattr(patch, field) is None:
                    raise InvalidRequest(f"'{field}' cannot be null.", field)
            if "name" in sent:
                record.name = validation.check_name(patch.name)
                if record.name != before.name:
                    self._check_name_free(record.name)
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
                self._apply_metadata(record, patch.metadata or {}, patch=True)
            if "schedule" in sent:
                if patch.schedule is None:
                    record.cron = record.timezone = None
                else:
                    record.cron, record.timezone = validation.check_schedule(patch.schedule, now)
                self._reschedule(record, now)
            if record != before:
                record.updated_at = now
                self._save(record)
            return record

    def list(
        self,
        *,
        limit: int | None = None,
        after_id: str | None = None,
        before_id: str | None = None,
        status: str | None = None,
        include_archived: bool = False,
        agent_id: str | None = None,
        created: TimeRange | None = None,
    ) -> Page[DeploymentRecord]:
        """List newest first (CONTRACT §4.3); archived ones only with ``include_archived``.

        [INF] CONTRACT §8.24: ``status`` and ``include_archived`` may be combined.
        ``created`` is the SDK's ``created_at[gt|gte|lt|lte]`` [SDK] (or ``created_at_gt`` etc.).
        """
        window = Window(validation.page_limit(limit), after_id, before_id)
        validation.check_cursor(after_id, before_id, "dep")
        if status is not None and status not in DEPLOYMENT_STATUSES:
            raise InvalidRequest("'status' must be 'active' or 'paused'.", "status")
        where = DeploymentFilter(status, include_archived, agent_id, created or TimeRange())
        with self._lock:
            self.tick()
            return self.store.list_deployments(window, where)

    def pause(self, deployment_id: str) -> DeploymentRecord:
        """Pause (CONTRACT §4.5): 409 when paused or archived [INF for archived].

        ``upcoming_runs_at`` is kept while paused, as the example shows.
        """
        with self._lock:
            record = self._get_current(deployment_id, "pause")
            if record.status == "paused":
                raise Conflict("Deployment is already paused.")
            record.status = "paused"
            record.paused_reason = {"type": "manual"}
            record.updated_at = self.now()
            self._save(record)
            return record

    def unpause(self, deployment_id: str) -> DeploymentRecord:
        """Unpause (CONTRACT §4.6); upcoming runs are recomputed from now."""
        with self._lock:
            record = self._get_current(deployment_id, "unpause")
            if record.status != "paused":
                raise Conflict("Deployment is not paused.")
            now = self.now()
            record.status = "active"
            record.paused_reason = None
            record.updated_at = now
            self._reschedule(record, now)
            self._save(record)
            return record

    def archive(self, deployment_id: str) -> DeploymentRecord:
        """Archive (CONTRACT §4.7): irreversible; keeps ``status`` and the stats.

        The name gets ``_archived_<unix seconds>`` to free it for reuse; upcoming runs
        are emptied while ``stats.next_trigger_at`` is left stale, as in the example.
        A paused deployment can be archived and stays paused [INF CONTRACT §8.6].
        """
        with self._lock:
            self.tick()
            record = self._get(deployment_id)
            if record.archived:
                raise Conflict("Deployment is already archived.")
            now = self.now()
            record.archived_at = now
            record.updated_at = now
            record.name = f"{record.name}_archived_{int(now.timestamp())}"
            record.upcoming_runs_at = []
            self._save(record)
            return record

    # -- runs ------------------------------------------------------------------------

    def run(self, deployment_id: str) -> RunRecord:
        """Trigger a manual run (CONTRACT §4.8): 409 unless active and not archived.

        With ``max_concurrent`` runs already live the run is recorded ``skipped`` and
        still returned (HTTP 200).
        """
        with self._lock:
            record = self._get_current(deployment_id, "run")
            if record.status != "active":
                raise Conflict("Deployment is paused; unpause it to run it.")
            run = self.scheduler.trigger(record, "manual", self.now())
            self._save(record)
            return run

    def retrieve_run(self, run_id: str, deployment_id: str | None = None) -> RunRecord:
        """Get a run, globally or scoped to its deployment (404 for a mismatched pair)."""
        with self._lock:
            self.tick()
            if deployment_id is not None:
                self._get(deployment_id)
            run = self.store.get_run(run_id)
            if run is None or deployment_id not in (None, run.deployment_id):
                raise NotFound(f"Deployment run '{run_id}' not found.")
            return run

    def list_runs(
        self,
        *,
        deployment_id: str | None = None,
        scoped: bool = False,
        limit: int | None = None,
        after_id: str | None = None,
        before_id: str | None = None,
        filters: RunFilter | None = None,
    ) -> Page[RunRecord]:
        """List runs newest first. ``scoped`` (``/deployments/{id}/runs``) 404s for an
        unknown deployment; the global list just filters by ``deployment_id`` [SDK]."""
        window = Window(validation.page_limit(limit), after_id, before_id)
        validation.check_cursor(after_id, before_id, "drun")
        filters = filters or RunFilter()
        if filters.status is not None and filters.status not in RUN_STATUSES:
            raise InvalidRequest(f"'status' must be one of {RUN_STATUSES}.", "status")
        if filters.trigger_type is not None and filters.trigger_type not in TRIGGER_TYPES:
            raise InvalidRequest(
                f"'trigger_type' must be one of {TRIGGER_TYPES}.", "trigger_type"
            )
        with self._lock:
            self.tick()
            if scoped and deployment_id is not None:
                self._get(deployment_id)
            return self.store.list_runs(window, filters, deployment_id)

    # -- internals ---------------------------------------------------------------------

    def _get(self, deployment_id: str) -> DeploymentRecord:
        record = self.store.get_deployment(deployment_id)
        if record is None:
            raise NotFound(f"Deployment '{deployment_id}' not found.")
        return record

    def _get_current(self, deployment_id: str, action: str) -> DeploymentRecord:
        """A deployment that is not archived; archived ones 409 [INF CONTRACT §8.5]."""
        self.tick()
        record = self._get(deployment_id)
        if record.archived:
            raise Conflict(f"Cannot {action} an archived deployment.")
        return record

    def _check_name_free(self, name: str) -> None:
        if self.store.live_deployment_named(name) is not None:
            raise Conflict(f"A deployment named '{name}' already exists.", "name")

    def _apply_metadata(self, record: DeploymentRecord, sent: dict[str, Any], patch: bool) -> None:
        user = {k: v for k, v in sent.items() if k != "cas_config"}
        record.user_metadata = validation.merge_user_metadata(
            record.user_metadata, user, patch=patch
        )
        if "cas_config" in sent:
            current = {
                "session_strategy": record.session_strategy,
                "max_retries": record.max_retries,
                "timeout_ms": record.timeout_ms,
                "max_concurrent": record.max_concurrent,
            }
            merged = validation.merge_cas_config(current, sent["cas_config"])
            record.session_strategy = merged["session_strategy"]
            record.max_retries = merged["max_retries"]
            record.timeout_ms = merged["timeout_ms"]
            record.max_concurrent = merged["max_concurrent"]

    def _reschedule(self, record: DeploymentRecord, now: datetime) -> None:
        """Recompute the next fires from ``now`` (create, schedule change, unpause).

        Without a schedule there is nothing upcoming and no ``next_trigger_at`` [INF].
        """
        if record.cron is None or record.timezone is None:
            record.upcoming_runs_at = []
            record.stats.next_trigger_at = None
            return
        record.upcoming_runs_at = schedules.upcoming(record.cron, record.timezone, now)
        record.stats.next_trigger_at = (
            record.upcoming_runs_at[0] if record.upcoming_runs_at else None
        )

    def _save(self, record: DeploymentRecord) -> None:
        self.store.put_deployment(record)
        self.scheduler.track(record)

