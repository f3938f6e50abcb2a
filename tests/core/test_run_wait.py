"""wait_for_run on scripted runs and a fake clock: no server, no real sleeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from pulumi_qoder.core.deployment_run.wait import (
    Backoff,
    RunTimeoutError,
    follow_retries,
    wait_for_run,
)
from pulumi_qoder.models import DeploymentRun
from tests.support.constants import AGENT

AGENT_REF = {"id": AGENT, "type": "agent", "version": 1}


def run(id_: str, status: str, attempt: int = 1, at: str = "2026-06-14T09:00:00Z", **extra):
    trigger = "retry" if attempt > 1 else "manual"
    error = {"type": "timeout_error", "message": "too slow"} if status == "failed" else None
    body = {
        "id": id_, "type": "deployment_run", "deployment_id": "dep_1", "agent": AGENT_REF,
        "status": status, "error": error, "trigger_context": {"type": trigger},
        "cas_run_extras": {"attempt": attempt}, "triggered_at": at, "created_at": at, **extra,
    }
    if status in ("completed", "failed", "skipped"):
        body.setdefault("completed_at", at)
    return DeploymentRun.model_validate(body)


@dataclass
class Script:
    """Each retrieve returns the next scripted state of a run id (the last one repeats)."""

    states: dict[str, list[DeploymentRun]]
    retries: dict[str, DeploymentRun] = field(default_factory=dict)
    max_retries_value: int = 0
    active: bool = True
    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)
    call_seconds: float = 0.0  # how long each API call takes on the fake clock
    asked_until: list[datetime] = field(default_factory=list)

    def retrieve(self, current: DeploymentRun) -> DeploymentRun:
        self.now += self.call_seconds
        queue = self.states[current.id]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def max_retries(self) -> int:
        return self.max_retries_value

    def retry_of(self, failed: DeploymentRun, until: datetime) -> DeploymentRun | None:
        self.now += self.call_seconds
        self.asked_until.append(until)
        retry = self.retries.get(failed.id)
        return retry if retry is not None and retry.triggered_at <= until else None

    def retrying(self) -> bool:
        self.now += self.call_seconds
        return self.active

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def wait(script: Script, first: DeploymentRun, timeout: float = 60, **kwargs):
    messages: list[str] = []
    result = wait_for_run(
        first, script, timeout=timeout, sleep=script.sleep, clock=script.clock,
        on_progress=messages.append, **kwargs,
    )
    return result, messages


def test_polls_with_growing_delays_until_the_run_completes():
    script = Script({"drun_a": [run("drun_a", "running")] * 4 + [run("drun_a", "completed")]})

    result, messages = wait(script, run("drun_a", "pending"), backoff=Backoff(1, 2, 5))

    assert result.status == "completed"
    assert script.sleeps == [1, 2, 4, 5, 5]
    assert messages == [
        "run drun_a: pending after 0 s", "run drun_a: running after 1 s",
        "run drun_a: completed after 17 s",
    ]


def test_a_terminal_run_is_returned_without_polling():
    script = Script({})
    for status in ("completed", "failed", "skipped"):
        result, _ = wait(script, run("drun_a", status))
        assert result.status == status
    assert script.sleeps == []


def test_timing_out_names_the_run_and_its_last_status_and_never_oversleeps():
    script = Script({"drun_a": [run("drun_a", "running")]})

    with pytest.raises(RunTimeoutError) as exc:
        wait(script, run("drun_a", "pending"), timeout=30)

    assert str(exc.value) == "run drun_a did not finish within 30 s; last status: running"
    assert script.now == 30


def test_an_unchanged_status_is_reported_again_every_half_minute():
    script = Script({"drun_a": [run("drun_a", "running")] * 12 + [run("drun_a", "completed")]})

    _, messages = wait(script, run("drun_a", "running"), timeout=600)

    assert sum("running" in m for m in messages) >= 3


def test_a_failed_run_is_followed_through_its_retries_to_the_last_attempt():
    script = Script(
        {"drun_b": [run("drun_b", "failed", 2)], "drun_c": [run("drun_c", "completed", 3)]},
        retries={"drun_a": run("drun_b", "running", 2), "drun_b": run("drun_c", "running", 3)},
        max_retries_value=2,
    )

    result, messages = wait(script, run("drun_a", "failed"))

    assert (result.id, result.status) == ("drun_c", "completed")
    assert "run drun_a failed (attempt 1); following retry drun_b" in messages
    assert messages[-1].startswith("run drun_c (attempt 3, retrying run drun_a): completed")


def test_the_last_allowed_attempt_failing_is_the_result():
    script = Script(
        {"drun_b": [run("drun_b", "failed", 2)]},
        retries={"drun_a": run("drun_b", "failed", 2)},
        max_retries_value=1,
    )

    result, _ = wait(script, run("drun_a", "failed"))

    assert (result.id, result.status) == ("drun_b", "failed")


def test_without_retries_left_a_failure_is_final_at_once():
    script = Script({}, max_retries_value=0)
    result, _ = wait(script, run("drun_a", "failed"))
    assert result.id == "drun_a" and script.sleeps == []


def test_a_paused_deployment_ends_the_wait_for_a_retry():
    script = Script({}, max_retries_value=2, active=False)
    result, _ = wait(script, run("drun_a", "failed"))
    assert result.id == "drun_a" and script.sleeps == []


def test_a_retry_that_never_appears_is_awaited_for_the_grace_period_only():
    script = Script({}, max_retries_value=2)

    result, _ = wait(script, run("drun_a", "failed"), timeout=600, retry_grace=20)

    assert result.id == "drun_a"
    assert 20 <= script.now < 30


def test_a_timeout_during_a_retry_names_the_retry_and_the_first_run():
    script = Script(
        {"drun_b": [run("drun_b", "running", 2)]},
        retries={"drun_a": run("drun_b", "pending", 2)},
        max_retries_value=1,
    )

    with pytest.raises(RunTimeoutError, match=r"run drun_b \(attempt 2, retrying run drun_a\) "
                       r"did not finish within 5 s; last status: running"):
        wait(script, run("drun_a", "failed"), timeout=5)


def test_slow_api_calls_never_make_the_wait_sleep_past_its_deadline():
    script = Script({}, max_retries_value=2, call_seconds=10)
    slept_until: list[float] = []
    sleep = script.sleep

    def recording_sleep(seconds: float) -> None:
        sleep(seconds)
        slept_until.append(script.now)

    result = wait_for_run(
        run("drun_a", "failed"), script, timeout=30, sleep=recording_sleep,
        clock=script.clock, retry_grace=600,
    )

    assert result.id == "drun_a"
    assert slept_until and all(t <= 30 for t in slept_until)


def test_a_running_poll_that_ends_past_the_deadline_times_out_without_sleeping_again():
    script = Script({"drun_a": [run("drun_a", "running")]}, call_seconds=20)
    slept_until: list[float] = []
    sleep = script.sleep

    def recording_sleep(seconds: float) -> None:
        sleep(seconds)
        slept_until.append(script.now)

    with pytest.raises(RunTimeoutError):
        wait_for_run(
            run("drun_a", "pending"), script, timeout=30, sleep=recording_sleep,
            clock=script.clock,
        )
    assert all(t <= 30 for t in slept_until)


def test_follow_retries_takes_the_chain_as_far_as_it_exists_now():
    script = Script(
        {}, max_retries_value=2,
        retries={"drun_a": run("drun_b", "failed", 2, at="2026-06-14T09:00:01Z"),
                 "drun_b": run("drun_c", "running", 3, at="2026-06-14T09:00:02Z")},
    )
    steps: list[tuple[str, str]] = []

    last = follow_retries(
        run("drun_a", "failed"), script, on_follow=lambda f, r: steps.append((f.id, r.id))
    )

    assert last.id == "drun_c" and steps == [("drun_a", "drun_b"), ("drun_b", "drun_c")]


def test_follow_retries_asks_only_within_the_grace_after_the_failure():
    failed = run("drun_a", "failed", at="2026-06-14T09:00:00Z", completed_at="2026-06-14T09:00:30Z")
    late = run("drun_x", "completed", 2, at="2026-06-14T10:00:00Z")
    script = Script({}, max_retries_value=1, retries={"drun_a": late})

    assert follow_retries(failed, script, retry_grace=60).id == "drun_a"
    assert script.asked_until == [datetime.fromisoformat("2026-06-14T09:01:30+00:00")]


def test_follow_retries_never_looks_past_the_last_allowed_attempt():
    script = Script({}, max_retries_value=1, retries={"drun_b": run("drun_c", "completed", 3)})

    last = follow_retries(run("drun_b", "failed", 2), script)

    assert last.id == "drun_b" and script.asked_until == []
