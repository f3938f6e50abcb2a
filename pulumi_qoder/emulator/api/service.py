"""DeploymentService: the Deployments API's operations (CONTRACT §3-4) over a store and a clock.

Each public method is one API operation, named by the API's verb; its rules are in its
module under ``operations/``. All of them run under one lock and tick the scheduler
first, so concurrent callers never lose an update and always see state caught up with
the clock. Bodies may be given as the operation's model or as a plain mapping.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from ..clock import Clock, SystemClock
from ..storage.paging import Page, RunFilter, TimeRange
from ..storage.records import DeploymentRecord, RunRecord
from ..storage.store import InMemoryStore, Store
from .ids import IdSequence
from .operations import archive, create, pause, reads, run, unpause, update
from .operations.context import Context
from .outcomes import RunOutcomes
from .scheduler import Scheduler
from .schemas import parse_model

__all__ = ["DeploymentService", "RunFilter"]

T = TypeVar("T")


class DeploymentService:
    """Deployments and their runs; see each operation's module for what is guessed ([INF])."""

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
        self._context = Context(self.store, self.clock, self._ids, self.scheduler)

    def now(self) -> datetime:
        return self.clock.now()

    def tick(self) -> int:
        """Catch up with the clock: fire due runs, advance run lifecycles."""
        return self.scheduler.tick()

    def _apply(self, operation: Callable[..., T], *args: Any) -> T:
        """Run one operation under the lock, on state caught up with the clock."""
        with self._lock:
            self.tick()
            return operation(self._context, *args)

    # -- deployments -------------------------------------------------------------------

    def create(self, body: create.CreateBody | Mapping[str, Any]) -> DeploymentRecord:
        """``POST /deployments``: see ``operations/create.py``."""
        return self._apply(create.create, parse_model(create.CreateBody, body))

    def retrieve(self, deployment_id: str) -> DeploymentRecord:
        """``GET /deployments/{id}``: see ``operations/reads.py``."""
        return self._apply(reads.retrieve, deployment_id)

    def update(
        self, deployment_id: str, patch: update.UpdateBody | Mapping[str, Any]
    ) -> DeploymentRecord:
        """``POST /deployments/{id}``: see ``operations/update.py``."""
        body = parse_model(update.UpdateBody, patch)
        return self._apply(update.update, deployment_id, body)

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
        """``GET /deployments``: see ``operations/reads.py``."""
        window = reads.deployment_window(limit, after_id, before_id, status)
        return self._apply(
            reads.list_deployments, window, status, include_archived, agent_id, created
        )

    def pause(self, deployment_id: str) -> DeploymentRecord:
        """``POST /deployments/{id}/pause``: see ``operations/pause.py``."""
        return self._apply(pause.pause, deployment_id)

    def unpause(self, deployment_id: str) -> DeploymentRecord:
        """``POST /deployments/{id}/unpause``: see ``operations/unpause.py``."""
        return self._apply(unpause.unpause, deployment_id)

    def archive(self, deployment_id: str) -> DeploymentRecord:
        """``POST /deployments/{id}/archive``: see ``operations/archive.py``."""
        return self._apply(archive.archive, deployment_id)

    # -- runs ------------------------------------------------------------------------

    def run(self, deployment_id: str) -> RunRecord:
        """``POST /deployments/{id}/run``: see ``operations/run.py``."""
        return self._apply(run.run, deployment_id)

    def retrieve_run(self, run_id: str, deployment_id: str | None = None) -> RunRecord:
        """A run, globally or scoped to its deployment: see ``operations/reads.py``."""
        return self._apply(reads.retrieve_run, run_id, deployment_id)

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
        """Runs newest first; ``scoped`` is ``/deployments/{id}/runs`` (404 for an unknown
        deployment): see ``operations/reads.py``."""
        filters = filters or RunFilter()
        window = reads.run_window(limit, after_id, before_id, filters)
        return self._apply(reads.list_runs, window, filters, deployment_id, scoped)
