"""DeploymentRun through the SDK's dynamic provider host, against the served emulator."""

from __future__ import annotations

import time

import httpx
import pytest
from pulumi.runtime.proto import engine_pb2, provider_pb2

from pulumi_qoder.run_provider import DeploymentRunProvider
from tests.dynamic.host import HostError, api_calls, secret
from tests.support.constants import TEST_TOKEN
from tests.support.runs import RUN_TARGET, clock_running, deployment, outcome

RUN_URN = "urn:pulumi:test::project::pulumi-python:dynamic/qoder:DeploymentRun::smoke"


def configured(host, served):
    host.configure({"qoder:token": secret(TEST_TOKEN), "qoder:baseUrl": served.base_url})
    return host.serving(DeploymentRunProvider(), RUN_URN)


@pytest.fixture(scope="module")
def host_resource():
    """The module's host serves runs."""
    return DeploymentRunProvider(), RUN_URN


def up(host, **inputs):
    checked, failures = host.check({"__name": "smoke", **inputs})
    assert failures == []
    return host.create(checked)


def test_check_fills_defaults_and_reports_bad_inputs(host):
    checked, failures = host.check({"deployment_id": "dep_1"})
    assert failures == []
    assert checked["wait_for_completion"] is False and checked["timeout_seconds"] == 600
    assert checked["triggers"] == {} and checked["fail_on_skipped"] is False

    _, failures = host.check({"deployment_id": "drun_1", "timeout_seconds": 0, "triggers": "x"})
    assert sorted(r.split(":")[0] for _, r in failures) == [
        "deployment_id",
        "timeout_seconds",
        "triggers",
    ]


def test_create_without_waiting_records_the_live_run(host, api_client):
    dep_id = deployment(api_client)

    run_id, outs = up(host, deployment_id=dep_id)

    assert run_id.startswith("drun_") and outs["run_id"] == outs["final_run_id"] == run_id
    assert outs["status"] == "running" and outs["trigger_type"] == "manual"
    assert outs["attempt"] == 1 and outs.get("completed_at") is None  # None is not sent
    assert api_client.runs.retrieve(run_id).deployment_id == dep_id


def test_waiting_returns_the_completed_run(host, api_client, served_emulator):
    dep_id = deployment(api_client)
    outcome(served_emulator, status="completed", duration_ms=3000, start_delay_ms=1000)

    with clock_running(served_emulator):
        _, outs = up(host, deployment_id=dep_id, wait_for_completion=True, timeout_seconds=20)

    assert outs["status"] == "completed" and outs["duration_ms"] == 3000
    assert outs["session_id"].startswith("sess_") and outs["completed_at"] is not None
    assert outs.get("error") is None


def test_a_failed_run_fails_create_with_its_error(host, api_client, served_emulator):
    dep_id = deployment(api_client)
    outcome(
        served_emulator, status="failed", duration_ms=0,
        error_type="environment_archived_error", error_message="The environment is archived.",
    )

    with pytest.raises(HostError) as exc:
        up(host, deployment_id=dep_id, wait_for_completion=True, timeout_seconds=20)

    (run,) = api_client.runs.list(deployment_id=dep_id).data
    assert (
        f"run {run.id} of deployment {dep_id} failed: "
        "environment_archived_error: The environment is archived." in str(exc.value)
    )


def test_a_run_that_does_not_end_in_time_fails_create_naming_it(host, api_client):
    dep_id = deployment(api_client)
    started = time.monotonic()

    with pytest.raises(HostError) as exc:
        up(host, deployment_id=dep_id, wait_for_completion=True, timeout_seconds=1)

    (run,) = api_client.runs.list(deployment_id=dep_id).data
    assert f"run {run.id} did not finish within 1 s; last status: running" in str(exc.value)
    assert time.monotonic() - started < 5
    assert TEST_TOKEN not in str(exc.value)


def test_a_run_skipped_at_max_concurrent_is_recorded_or_fails_when_asked(host, api_client):
    dep_id = deployment(api_client, max_concurrent=1)
    api_client.deployments.run(dep_id)  # still running: the cap is reached

    _, outs = up(host, deployment_id=dep_id, wait_for_completion=True)
    with pytest.raises(HostError) as exc:
        up(host, deployment_id=dep_id, fail_on_skipped=True)

    assert outs["status"] == "skipped" and outs.get("session_id") is None
    assert "was skipped: the deployment already had max_concurrent runs" in str(exc.value)


def test_a_failing_run_is_followed_through_two_retries(host, api_client, served_emulator):
    dep_id = deployment(api_client, max_retries=2)
    outcome(served_emulator, deployment_id=dep_id, status="failed", duration_ms=0, count=2)
    outcome(served_emulator, deployment_id=dep_id, status="completed", duration_ms=0)

    run_id, outs = up(host, deployment_id=dep_id, wait_for_completion=True, timeout_seconds=20)
    calls = api_calls(served_emulator)

    # Only the documented per-deployment run endpoints (CONTRACT §4.9, §4.11).
    assert not [c for c in calls if "/deployment_runs" in c]
    assert "GET /deployments/{id}/runs" in {c.split("?")[0] for c in calls}
    runs = api_client.runs.list(deployment_id=dep_id).data  # newest first
    assert [r.trigger_context.type for r in runs] == ["retry", "retry", "manual"]
    assert run_id == outs["run_id"] == runs[-1].id
    assert outs["final_run_id"] == runs[0].id
    assert (outs["status"], outs["attempt"], outs["trigger_type"]) == ("completed", 3, "retry")


def test_a_retry_chain_that_keeps_failing_reports_its_last_attempt(
    host, api_client, served_emulator
):
    dep_id = deployment(api_client, max_retries=2)
    outcome(served_emulator, deployment_id=dep_id, status="failed", duration_ms=0,
            error_type="unknown_error", error_message="boom")

    with pytest.raises(HostError) as exc:
        up(host, deployment_id=dep_id, wait_for_completion=True, timeout_seconds=20)

    last, _, first = api_client.runs.list(deployment_id=dep_id).data
    assert (
        f"run {last.id} (attempt 3, retrying run {first.id}) of deployment {dep_id} failed: "
        "unknown_error: boom" in str(exc.value)
    )


@pytest.mark.parametrize(
    ("action", "says"),
    [
        ("pause", "the deployment is paused; unpause it first"),
        ("archive", "the deployment is archived; point deployment_id at a live one"),
    ],
)
def test_a_deployment_that_cannot_run_is_a_clear_error_not_a_traceback(
    host, api_client, action, says
):
    dep_id = deployment(api_client)
    getattr(api_client.deployments, action)(dep_id)

    with pytest.raises(HostError) as exc:
        up(host, deployment_id=dep_id)

    assert str(exc.value) == f"triggering a run of deployment '{dep_id}': {says}"  # no trace


def test_another_trigger_error_is_the_api_error_without_a_traceback(host):
    missing = "dep_0000000000000000000000000000dead"

    with pytest.raises(HostError) as exc:
        up(host, deployment_id=missing)

    assert str(exc.value).startswith(f"triggering a run of deployment '{missing}': 404")
    assert "Traceback" not in str(exc.value)


def test_read_refreshes_the_status_and_follows_retries(host, api_client, served_emulator):
    dep_id = deployment(api_client, max_retries=1)
    outcome(served_emulator, deployment_id=dep_id, status="failed", duration_ms=1000, count=1)
    run_id, outs = up(host, deployment_id=dep_id)
    httpx.post(f"{served_emulator.root_url}/_emulator/clock", json={"advance_seconds": 5})

    same_id, refreshed, inputs = host.read(run_id, outs)

    assert same_id == run_id and outs["status"] == "running"
    assert refreshed["run_id"] == run_id and refreshed["final_run_id"] != run_id
    assert (refreshed["status"], refreshed["attempt"]) == ("completed", 2)
    assert inputs["deployment_id"] == dep_id and "status" not in inputs


def test_read_does_not_take_a_later_scheduled_failures_retry_as_its_own(
    host, api_client, served_emulator
):
    # The manual run fails while the deployment is paused, so it is never retried; an hour's
    # scheduled run then fails and is retried with the same attempt number (2).
    schedule = {"type": "cron", "expression": "0 * * * *", "timezone": "UTC"}
    metadata = {"cas_config": {"config": {"max_retries": 1}}}
    dep_id = api_client.deployments.create(**RUN_TARGET, schedule=schedule, metadata=metadata).id
    outcome(served_emulator, deployment_id=dep_id, status="failed", duration_ms=1000, count=2,
            error_type="unknown_error", error_message="boom")
    run_id, outs = up(host, deployment_id=dep_id)
    api_client.deployments.pause(dep_id)
    clock = f"{served_emulator.root_url}/_emulator/clock"
    httpx.post(clock, json={"advance_seconds": 5}).raise_for_status()
    api_client.deployments.unpause(dep_id)
    httpx.post(clock, json={"advance_seconds": 180}).raise_for_status()
    retries = api_client.runs.list(deployment_id=dep_id, trigger_type="retry").data
    assert [(r.cas_run_extras.attempt, r.status) for r in retries] == [(2, "completed")]

    _, refreshed, _ = host.read(run_id, outs)

    assert refreshed["final_run_id"] == run_id and refreshed["attempt"] == 1
    assert refreshed["status"] == "failed" and refreshed["error"]["message"] == "boom"


def test_read_of_a_run_that_is_gone_drops_it(host):
    id_, outs, _ = host.read("drun_0000000000000000000000000000dead", {"deployment_id": "dep_1"})
    assert id_ == "" and set(outs) == {"__provider"}


def test_delete_leaves_the_run_alone(host, api_client, served_emulator):
    dep_id = deployment(api_client)
    run_id, outs = up(host, deployment_id=dep_id)
    writes_before = _writes(served_emulator)

    host.delete(run_id, outs)

    assert _writes(served_emulator) == writes_before
    assert api_client.runs.retrieve(run_id).id == run_id


def test_only_deployment_and_triggers_changes_replace(host, api_client):
    dep_id = deployment(api_client)
    run_id, outs = up(host, deployment_id=dep_id, triggers={"version": "1"})

    replaced = host.diff(run_id, outs, {**outs, "triggers": {"version": "2"}})
    updated = host.diff(run_id, outs, {**outs, "timeout_seconds": 60, "fail_on_skipped": True})
    after = host.update(run_id, outs, {**outs, "timeout_seconds": 60})

    assert list(replaced.replaces) == ["triggers"]
    assert updated.changes == provider_pb2.DiffResponse.DIFF_SOME and not updated.replaces
    assert after["timeout_seconds"] == 60 and after["status"] == outs["status"]


def test_progress_goes_to_the_engine_as_ephemeral_messages(
    provider_host_with_engine, engine, served_emulator, api_client
):
    host = configured(provider_host_with_engine, served_emulator)
    dep_id = deployment(api_client)
    outcome(served_emulator, status="completed", duration_ms=2000, start_delay_ms=1000)

    with clock_running(served_emulator):
        run_id, _ = up(host, deployment_id=dep_id, wait_for_completion=True, timeout_seconds=20)

    messages = [log.message for log in engine.logs]
    assert messages[0] == f"smoke: run {run_id}: pending after 0 s"
    assert messages[-1].startswith(f"smoke: run {run_id}: completed after")
    assert all(log.ephemeral and log.severity == engine_pb2.INFO for log in engine.logs)


def _writes(served) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in served.journal() if e["method"] != "GET"]


def test_an_unexpected_error_keeps_its_traceback(host):
    with pytest.raises(HostError) as exc:
        host.create({})  # unchecked inputs without a deployment_id: a KeyError, a bug

    assert str(exc.value).startswith("Traceback (most recent call last):")
