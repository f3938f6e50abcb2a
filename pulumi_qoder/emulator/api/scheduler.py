"""Run lifecycles and scheduled fires, driven by the injected clock through ``tick()``.

Every service call ticks first, so state is always caught up with the clock before it is
read or changed; a real-clock server therefore needs no background loop [our choice].
Events are applied in time order (run transitions before fires at the same instant), so
advancing a manual clock by a day replays that day faithfully.

Run rules [INF, CONTRACT §3 and §8.14-17]: a trigger while ``max_concurrent`` runs are
pending or running is recorded ``skipped`` (terminal at once, no session). Otherwise the
run's outcome is fixed at trigger time from ``RunOutcomes``; a run longer than
``timeout_ms`` fails at the timeout with ``timeout_error``. A failed run with attempts
left (``attempt <= max_retries``) is retried at once as a new run record with
``trigger_context.type = "retry"`` and ``attempt + 1``, unless the deployment is paused
or archived by then. Every run record counts in ``total_runs`` and sets
``last_triggered_at``/``schedule.last_run_at``; every failed run adds to
``total_failures`` and ``consecutive_failures``; a completed run resets the latter.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta

from ..clock import Clock
from ..storage.records import DeploymentRecord, RunRecord
from ..storage.store import Store
from . import schedules
from .agenda import Agenda
from .ids import IdSequence
from .outcomes import RunOutcomes

__all__ = ["MAX_CATCH_UP", "Scheduler"]

# Fires replayed per deployment per tick; beyond this the missed ones are dropped and the
# schedule resumes from now (a `* * * * *` schedule advanced a year stays fast).
MAX_CATCH_UP = 500


class Scheduler:
    """Fires due scheduled runs and moves runs through pending -> running -> terminal."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        ids: IdSequence,
        outcomes: RunOutcomes,
        lock: threading.RLock | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._outcomes = outcomes
        self._lock = lock or threading.RLock()
        self._fires: Agenda[str] = Agenda()  # deployment id -> next scheduled fire
        self._live: Agenda[str] = Agenda()  # run id -> its next step
        self._live_by_deployment: Counter[str] = Counter()
        self._run_deployment: dict[str, str] = {}  # live run id -> deployment id
        for dep in store.scheduled_deployments():
            self.track(dep)
        for run in store.live_runs():
            self._track_run(run)

    def tick(self) -> int:
        """Apply every run transition and scheduled fire due by now; return how many."""
        with self._lock:
            now = self._clock.now()
            handled = 0
            fires: Counter[str] = Counter()
            while (event := self._next_event(now)) is not None:
                kind, when, key = event
                if kind == "run":
                    self._step_run(key)
                else:
                    fires[key] += 1
                    self._fire(key, when, resume_from=now if fires[key] >= MAX_CATCH_UP else None)
                handled += 1
            return handled

    def track(self, dep: DeploymentRecord) -> None:
        """Note a deployment's next fire (call after every write of a deployment)."""
        if dep.status == "active" and not dep.archived and dep.upcoming_runs_at:
            self._fires.set(dep.id, dep.upcoming_runs_at[0])
        else:
            self._fires.discard(dep.id)

    def live_runs(self, deployment_id: str) -> int:
        return self._live_by_deployment[deployment_id]

    def trigger(
        self, dep: DeploymentRecord, trigger_type: str, at: datetime, attempt: int = 1
    ) -> RunRecord:
        """Create a run for ``dep`` at ``at`` and update its stats (caller stores ``dep``)."""
        run = RunRecord(
            id=self._ids.new("drun", at),
            deployment_id=dep.id,
            agent_id=dep.agent_id,
            agent_version=dep.agent_version,
            trigger_type=trigger_type,
            attempt=attempt,
            triggered_at=at,
            status="pending",
        )
        if self.live_runs(dep.id) >= dep.max_concurrent:
            run.status, run.completed_at = "skipped", at
        else:
            self._plan(run, dep)
            if run.start_at == at:
                self._start(run)
        dep.stats.total_runs += 1
        dep.stats.last_triggered_at = at
        if dep.cron is not None:
            dep.last_run_at = at
        self._store.put_run(run)
        self._track_run(run)
        return run

    def _plan(self, run: RunRecord, dep: DeploymentRecord) -> None:
        outcome = self._outcomes.take(dep.id)
        run.start_at = run.triggered_at + timedelta(milliseconds=outcome.start_delay_ms)
        if outcome.duration_ms > dep.timeout_ms:
            run.end_at = run.start_at + timedelta(milliseconds=dep.timeout_ms)
            run.outcome_status = "failed"
            run.outcome_error = {
                "message": f"The run exceeded its timeout of {dep.timeout_ms} ms.",
                "type": "timeout_error",
            }
        else:
            run.end_at = run.start_at + timedelta(milliseconds=outcome.duration_ms)
            run.outcome_status = outcome.status
            run.outcome_error = outcome.error

    def _start(self, run: RunRecord) -> None:
        assert run.start_at is not None
        run.status = "running"
        run.started_at = run.start_at
        run.session_id = self._ids.new("sess", run.start_at)
        run.turn_id = self._ids.new("turn", run.start_at)

    def _next_event(self, now: datetime) -> tuple[str, datetime, str] | None:
        run = self._live.earliest()
        fire = self._fires.earliest()
        if run is not None and run[0] <= now and (fire is None or run[0] <= fire[0]):
            return ("run", run[0], run[1])
        if fire is not None and fire[0] <= now:
            return ("fire", fire[0], fire[1])
        return None

    def _fire(self, dep_id: str, when: datetime, resume_from: datetime | None) -> None:
        dep = self._store.get_deployment(dep_id)
        if dep is None or dep.cron is None or dep.timezone is None:
            self._fires.discard(dep_id)
            return
        self.trigger(dep, "schedule", when)
        dep.upcoming_runs_at = schedules.upcoming(dep.cron, dep.timezone, resume_from or when)
        dep.stats.next_trigger_at = dep.upcoming_runs_at[0] if dep.upcoming_runs_at else None
        self._store.put_deployment(dep)
        self.track(dep)

    def _step_run(self, run_id: str) -> None:
        run = self._store.get_run(run_id)
        if run is None or not run.live:
            self._forget_run(run_id)
            return
        if run.status == "pending":
            self._start(run)
            self._store.put_run(run)
            self._track_run(run)
            return
        run.status = run.outcome_status
        run.completed_at = run.end_at
        run.error = run.outcome_error
        self._store.put_run(run)
        self._track_run(run)
        dep = self._store.get_deployment(run.deployment_id)
        if dep is None:
            return
        if run.status == "failed":
            dep.stats.total_failures += 1
            dep.stats.consecutive_failures += 1
            retry = run.attempt <= dep.max_retries
            if retry and dep.status == "active" and not dep.archived:
                assert run.completed_at is not None
                self.trigger(dep, "retry", run.completed_at, attempt=run.attempt + 1)
        else:
            dep.stats.consecutive_failures = 0
        self._store.put_deployment(dep)

    def _track_run(self, run: RunRecord) -> None:
        if run.status == "pending" and run.start_at is not None:
            step = run.start_at
        elif run.status == "running" and run.end_at is not None:
            step = run.end_at
        else:
            self._forget_run(run.id)
            return
        if run.id not in self._run_deployment:
            self._run_deployment[run.id] = run.deployment_id
            self._live_by_deployment[run.deployment_id] += 1
        self._live.set(run.id, step)

    def _forget_run(self, run_id: str) -> None:
        self._live.discard(run_id)
        dep_id = self._run_deployment.pop(run_id, None)
        if dep_id is not None:
            self._live_by_deployment[dep_id] -= 1
            if not self._live_by_deployment[dep_id]:
                del self._live_by_deployment[dep_id]
