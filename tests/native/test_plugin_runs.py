"""DeploymentRun through the plugin: waiting, failures and progress in the engine's log."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pulumi.runtime.proto import engine_pb2

from tests.dynamic.host import FakeEngine, HostError, fake_engine, secret
from tests.native.plugin import RUN_URN, Plugin, running_plugin
from tests.support.constants import TEST_TOKEN
from tests.support.runs import clock_running, deployment, outcome


@pytest.fixture(scope="module")
def module_engine() -> Iterator[FakeEngine]:
    with fake_engine() as fake:
        yield fake


@pytest.fixture
def engine(module_engine) -> FakeEngine:
    """The module's stand-in engine, its log emptied for each test."""
    module_engine.logs.clear()
    return module_engine


@pytest.fixture(scope="module")
def module_runs(module_engine, emulator_server) -> Iterator[Plugin]:
    """The plugin started as the engine starts it (its address last), once for the module."""
    with running_plugin("--logtostderr", "-v=3", module_engine.address) as plugin:
        plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": emulator_server.server.base_url})
        yield plugin.for_urn(RUN_URN)


@pytest.fixture
def runs(module_runs, engine, served_emulator) -> Plugin:
    """The module's plugin for runs, on a fresh, empty emulator, with an empty engine log."""
    return module_runs


def up(runs, **inputs):
    checked, failures = runs.check(inputs)
    assert failures == []
    return runs.create(checked)


def test_waiting_returns_the_completed_run_and_reports_progress(
    runs, api_client, served_emulator, engine
):
    dep_id = deployment(api_client)
    outcome(served_emulator, status="completed", duration_ms=3000, start_delay_ms=1000)
    with clock_running(served_emulator):
        run_id, outs = up(runs, deploymentId=dep_id, waitForCompletion=True, timeoutSeconds=20)
    assert outs["status"] == "completed" and outs["durationMs"] == 3000
    assert outs["runId"] == run_id and outs["sessionId"].startswith("sess_")
    messages = [log.message for log in engine.logs]
    assert messages[0] == f"smoke: run {run_id}: pending after 0 s"
    assert messages[-1].startswith(f"smoke: run {run_id}: completed after")
    assert all(log.ephemeral and log.severity == engine_pb2.INFO for log in engine.logs)


def test_a_failed_run_fails_create_with_its_error(runs, api_client, served_emulator):
    dep_id = deployment(api_client)
    outcome(served_emulator, status="failed", duration_ms=1000, error_type="timeout_error",
            error_message="the agent ran out of time")
    with clock_running(served_emulator), pytest.raises(HostError) as caught:
        up(runs, deploymentId=dep_id, waitForCompletion=True, timeoutSeconds=20)
    assert "failed: timeout_error: the agent ran out of time" in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_paused_deployment_cannot_run_and_says_so(runs, api_client):
    dep_id = deployment(api_client)
    api_client.deployments.pause(dep_id)
    with pytest.raises(HostError, match="the deployment is paused; unpause it first"):
        up(runs, deploymentId=dep_id)


def test_refresh_reads_the_status(runs, api_client, served_emulator):
    dep_id = deployment(api_client)
    outcome(served_emulator, status="completed", duration_ms=2000, start_delay_ms=0)
    run_id, outs = up(runs, deploymentId=dep_id)
    clock = f"{served_emulator.root_url}/_emulator/clock"
    httpx.post(clock, json={"advance_seconds": 10}).raise_for_status()
    found, refreshed, inputs = runs.read(run_id, outs, {"deploymentId": dep_id})
    assert found == run_id and refreshed["status"] == "completed"
    assert inputs["deploymentId"] == dep_id
