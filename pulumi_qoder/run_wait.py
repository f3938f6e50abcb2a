"""Waiting for a run to end: polling with backoff and following its retries; time is injected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pulumi_qoder.models import DeploymentRun

__all__ = [
    "TERMINAL",
    "Backoff",
    "RunSource",
    "RunTimeoutError",
    "attempt_of",
    "label",
    "wait_for_run",
]

TERMINAL = frozenset({"completed", "failed", "skipped"})
"""Run statuses that never change again (CONTRACT §3)."""

HEARTBEAT_SECONDS = 30.0
"""How often an unchanged status is reported again, so a long run visibly lives."""


@dataclass(frozen=True)
class Backoff:
    """Poll delays: `first`, then times `factor` each poll, never above `most` (seconds)."""

    first: float = 0.5
    factor: float = 1.5
    most: float = 10.0


class RunSource(Protocol):
    """What waiting needs from the API; `pulumi_qoder.run_provider.ClientRuns` is the real one."""

    def retrieve(self, run: DeploymentRun) -> DeploymentRun:
        """The run as it is now."""

    def max_retries(self) -> int:
        """The deployment's `max_retries`."""

    def retry_of(self, failed: DeploymentRun) -> DeploymentRun | None:
        """The retry of a failed run, once it exists."""

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


def wait_for_run(
    run: DeploymentRun,
    source: RunSource,
    *,
    timeout: float,
    sleep: Callable[[float], object],
    clock: Callable[[], float],
    on_progress: Callable[[str], object] = lambda message: None,
    backoff: Backoff = Backoff(),
    retry_grace: float = 60.0,
) -> DeploymentRun:
    """Poll `run` until it ends and return its last attempt; raise `RunTimeoutError` on timeout.

    A failed run with attempts left (`attempt <= max_retries`) is followed to its retry, and
    that one to its own, so the result is the chain's final run. When no retry shows up within
    `retry_grace` seconds (or the deadline), or the deployment stops being able to retry
    (paused, archived), the failed run is the result.
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
        if run.status == "failed" and attempt_of(run) <= source.max_retries():
            retry = source.retry_of(run)
            if retry is not None:
                on_progress(
                    f"run {run.id} failed (attempt {attempt_of(run)}); following retry {retry.id}"
                )
                run, reported, delay, failed_since = retry, None, backoff.first, None
                continue
            failed_since = now if failed_since is None else failed_since
            if now - failed_since >= retry_grace or now >= deadline or not source.retrying():
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
