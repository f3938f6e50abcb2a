"""DeploymentRun and lookups driven by the real pulumi engine against the emulator."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pulumi
import pytest
from pulumi import automation as auto

import pulumi_qoder as qoder
from tests.engine.programs import report_args

pytestmark = [
    pytest.mark.engine,
    # the SDK's inline-program teardown leaves a coroutine behind on every run
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def outcome(served, **rule) -> None:
    httpx.post(f"{served.root_url}/_emulator/run_outcomes", json=rule).raise_for_status()


def smoke(timeout_seconds: float = 30, **deployment) -> Callable[[], None]:
    """A manual-only deployment and a run of it that `up` waits for."""

    def program() -> None:
        dep = qoder.Deployment("report", report_args(schedule=None, **deployment))
        run = qoder.DeploymentRun(
            "smoke",
            qoder.DeploymentRunArgs(
                deployment_id=dep.id, wait_for_completion=True, timeout_seconds=timeout_seconds
            ),
        )
        pulumi.export("status", run.status)
        pulumi.export("run_id", run.run_id)
        pulumi.export("final_run_id", run.final_run_id)
        pulumi.export("attempt", run.attempt)
        by_name = qoder.get_deployment_by_name_output(dep.name)
        pulumi.export("found_id", pulumi.Output.all(by_name, run.id).apply(lambda v: v[0].id))

    return program


def test_smoke_run_example_runs_once_and_again_only_when_the_deployment_changes(
    example_stack, served_emulator, api_client
):
    outcome(served_emulator, status="completed", duration_ms=0)
    stack = example_stack("smoke-run")

    first = stack.up().outputs
    unchanged = stack.up()
    stack.set_config({"smoke-run:prompt": "Draft the notes for v2"})
    changed = stack.up().outputs

    dep_id = first["deployment_id"].value
    runs = api_client.runs.list(deployment_id=dep_id).data
    assert first["run_status"].value == changed["run_status"].value == "completed"
    assert first["recent_runs"].value == [f"{first['run_id'].value} completed"]
    assert unchanged.summary.resource_changes == {"same": 3}
    assert [r.id for r in runs] == [changed["run_id"].value, first["run_id"].value]
    assert any("smoke: run drun_" in line for line in stack.output)  # engine progress lines


def test_up_waits_for_the_run_and_lookups_see_the_deployment(make_stack, served_emulator):
    outcome(served_emulator, status="completed", duration_ms=0)
    stack = make_stack(smoke())

    outputs = stack.up().outputs

    assert outputs["status"].value == "completed"
    assert outputs["found_id"].value.startswith("dep_")


def test_a_failing_run_fails_up_with_the_run_error(make_stack, served_emulator, api_client):
    outcome(
        served_emulator, status="failed", duration_ms=0,
        error_type="vault_not_found_error", error_message="Vault vault_1 was not found.",
    )
    stack = make_stack(smoke())

    with pytest.raises(auto.CommandError) as exc:
        stack.up()

    (run,) = api_client.runs.list().data
    assert (
        f"run {run.id} of deployment {run.deployment_id} failed: "
        "vault_not_found_error: Vault vault_1 was not found." in str(exc.value)
    )


def test_a_paused_deployment_gives_the_clear_conflict_message(make_stack, api_client):
    stack = make_stack(smoke(paused=True))

    with pytest.raises(auto.CommandError) as exc:
        stack.up()

    (dep,) = api_client.deployments.list().data
    assert (
        f"triggering a run of deployment '{dep.id}': the deployment is paused; unpause it first"
        in str(exc.value)
    )
    assert "Traceback" not in str(exc.value)
    assert api_client.runs.list().data == []


def test_a_retried_run_is_followed_to_its_last_attempt(make_stack, served_emulator, api_client):
    outcome(served_emulator, status="failed", duration_ms=0, count=2)
    outcome(served_emulator, status="completed", duration_ms=0)
    stack = make_stack(smoke(max_retries=2))

    outputs = stack.up().outputs

    newest, _, first = api_client.runs.list().data
    assert (outputs["run_id"].value, outputs["final_run_id"].value) == (first.id, newest.id)
    assert (outputs["status"].value, outputs["attempt"].value) == ("completed", 3)


def test_a_run_that_outlasts_the_timeout_fails_up_naming_it(make_stack, api_client):
    stack = make_stack(smoke(timeout_seconds=1))  # the manual clock stands still: it never ends

    with pytest.raises(auto.CommandError) as exc:
        stack.up()

    (run,) = api_client.runs.list().data
    assert f"run {run.id} did not finish within 1 s; last status: running" in str(exc.value)


def test_a_second_run_at_the_concurrency_cap_is_recorded_skipped(make_stack):
    def program() -> None:
        dep = qoder.Deployment("report", report_args(schedule=None, max_concurrent=1))
        for name in ("first", "second"):
            run = qoder.DeploymentRun(name, qoder.DeploymentRunArgs(deployment_id=dep.id))
            pulumi.export(name, run.status)

    outputs = make_stack(program).up().outputs

    assert sorted([outputs["first"].value, outputs["second"].value]) == ["running", "skipped"]
