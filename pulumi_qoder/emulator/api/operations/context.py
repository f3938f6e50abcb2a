"""What an operation works on: the store, clock, ids and scheduler, and shared lookups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...clock import Clock
from ...storage.records import DeploymentRecord
from ...storage.store import Store
from .. import schedules
from ..errors import Conflict, NotFound
from ..ids import IdSequence
from ..scheduler import Scheduler

__all__ = ["Context"]


@dataclass
class Context:
    store: Store
    clock: Clock
    ids: IdSequence
    scheduler: Scheduler

    def now(self) -> datetime:
        return self.clock.now()

    def get(self, deployment_id: str) -> DeploymentRecord:
        """The deployment, archived or not; 404 if there is none."""
        record = self.store.get_deployment(deployment_id)
        if record is None:
            raise NotFound(f"Deployment '{deployment_id}' not found.")
        return record

    def get_current(self, deployment_id: str, action: str) -> DeploymentRecord:
        """A deployment that is not archived; archived ones 409 [INF CONTRACT §8.5]."""
        record = self.get(deployment_id)
        if record.archived:
            raise Conflict(f"Cannot {action} an archived deployment.")
        return record

    def check_name_free(self, name: str) -> None:
        """[INF] CONTRACT §3: names are unique among non-archived deployments (409)."""
        if self.store.live_deployment_named(name) is not None:
            raise Conflict(f"A deployment named '{name}' already exists.", "name")

    def reschedule(self, record: DeploymentRecord, now: datetime) -> None:
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

    def save(self, record: DeploymentRecord) -> None:
        self.store.put_deployment(record)
        self.scheduler.track(record)
