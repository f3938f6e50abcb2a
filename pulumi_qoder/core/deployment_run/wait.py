"""Waiting for a run to end: polling with backoff and following its retries; time is injected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pulumi_qoder.models import DeploymentRun

__all__ = [
    "TERMINAL",
    "Backoff",
    "RunSource",
    "RunTimeoutError",
    "attempt_of",
    "follow_retries",
    "label",
    "wait_for_run",
]

TERMINAL = frozenset({"completed", "failed", "skipped"})
"""Run statuses that never change again (CONTRACT §3)."""

HEARTBEAT_SECONDS = 30.0
"""How often an unchanged status is reported again, so a long run visibly lives."""

RETRY_GRACE_SECONDS = 60.0
"""How soon after a failure its retry must be triggered to count as that failure's retry."""


@dataclass(frozen=True)
class Backoff:
    """Poll delays: `first`, then times `factor` each poll, never above `most` (seconds)."""

    first: float = 0.5
    factor: float = 1.5
    most: float = 10.0


class RunSource(Protocol):
    """What waiting needs from the API; `operations.ClientRuns` is the real one."""

    def retrieve(self, run: DeploymentRun) -> DeploymentRun:
        """The run as it is now."""

    def max_retries(self) -> int:
        """The deployment's `max_retries`."""

    def retry_of(self, failed: DeploymentRun, until: datetime) -> DeploymentRun | None:
        """The earliest `retry` run with attempt `attempt_of(failed) + 1` triggered from when
        `failed` was triggered up to `until`; None when there is none (yet)."""

    def retrying(self) -> bool:
        """Whether the deployment can still retry (active and not archived)."""


class RunTimeoutError(Exception):
    """The run was not over within the time allowed; `run` is how it was last seen."""

    def __init__(self, run: DeploymentRun, timeout: float, first_id: str) -> None:
        self.run = run
        super().__init__(
            f"{label(run, first_id)} did not finish within {timeout:g} s; "
            f"last status: {run.status}"
        )


def attempt_of(run: DeploymentRun) -> int:
    """The 1-based attempt number (`cas_run_extras.attempt`; 1 when the API leaves it out)."""
    return run.cas_run_extras.attempt if run.cas_run_extras is not None else 1


def follow_retries(
    run: DeploymentRun,
    source: RunSource,
    *,
    retry_grace: float = RETRY_GRACE_SECONDS,
    on_follow: Callable[[DeploymentRun, DeploymentRun], object] = lambda failed, retry: None,
) -> DeploymentRun:
    """`run`, or the last run of its retry chain that exists now; never waits.

    The API does not link a retry to the run it retries (CONTRACT §3), so a failed run's retry
    is the earliest `retry` run with the next attempt number, and only when the failed run had
    attempts left (`attempt <= max_retries`) and the retry was triggered within `retry_grace`
    seconds of the failure. Without those limits a run that failed while the deployment was
    paused would take the retry of some later (scheduled) run's failure as its own.
    `on_follow(failed, retry)` is called for each step.
    """
    while run.status == "failed" and attempt_of(run) <= source.max_retries():
        failed_at = run.completed_at or run.triggered_at
        retry = source.retry_of(run, failed_at + timedelta(seconds=retry_grace))
        if retry is None:
            break
        on_follow(run, retry)
        run = retry
    return run


def wait_for_run(
    run: DeploymentRun,
    source: RunSource,
    *,
    timeout: float,
    sleep: Callable[[float], object],
    clock: Callable[[], float],
    on_progress: Callable[[str], object] = lambda message: None,
    backoff: Backoff = Backoff(),
    retry_grace: float = RETRY_GRACE_SECONDS,
) -> DeploymentRun:
    """Poll `run` until it ends and return its last attempt; raise `RunTimeoutError` on timeout.

    A failed run is followed to its retry by `follow_retries`, and that one to its own, so the
    result is the chain's final run. When no retry shows up within `retry_grace` seconds (or
    the deadline), or the deployment stops being able to retry (paused, archived), the failed
    run is the result. The deadline is checked between API calls, never slept past; a call
    itself is bounded by the client's own timeout.
    """
    first_id = run.id
    start = clock()
    deadline = start + timeout
    delay = backoff.first
    reported: str | None = None
    last_report = start
    failed_since: float | None = None
    while True:
        now = clock()
        if run.status != reported or now - last_report >= HEARTBEAT_SECONDS:
            on_progress(_describe(run, now - start, first_id))
            reported, last_report = run.status, now
        if run.status == "failed":
            last = follow_retries(
                run, source, retry_grace=retry_grace,
                on_follow=lambda failed, retry: on_progress(
                    f"run {failed.id} failed (attempt {attempt_of(failed)}); "
                    f"following retry {retry.id}"
                ),
            )
            if last is not run:
                run, reported, delay, failed_since = last, None, backoff.first, None
                continue
            if attempt_of(run) > source.max_retries() or not source.retrying():
                return run
            now = clock()  # the calls above took time
            failed_since = now if failed_since is None else failed_since
            if now - failed_since >= retry_grace or now >= deadline:
                return run
        elif run.status in TERMINAL:
            return run
        elif now >= deadline:
            raise RunTimeoutError(run, timeout, first_id)
        sleep(min(delay, deadline - now))  # now < deadline here: every later case returned
        delay = min(delay * backoff.factor, backoff.most)
        if run.status not in TERMINAL:
            run = source.retrieve(run)


def label(run: DeploymentRun, first_id: str) -> str:
    """`run drun_…`, plus its attempt when it is a retry in the chain started by `first_id`."""
    if run.id == first_id:
        return f"run {run.id}"
    return f"run {run.id} (attempt {attempt_of(run)}, retrying run {first_id})"


def _describe(run: DeploymentRun, elapsed: float, first_id: str) -> str:
    return f"{label(run, first_id)}: {run.status} after {elapsed:.0f} s"
