"""The Python examples on the reference pages run through the real engine on the emulator."""

from __future__ import annotations

import runpy
from pathlib import Path

import httpx
import pytest

from tests.support.constants import AGENT, ENV

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "reference" / "examples"

pytestmark = [
    pytest.mark.engine,
    # the SDK's inline-program teardown leaves a coroutine behind on every run
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def example(name: str):
    def program() -> None:
        runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__main__")

    return program


@pytest.fixture
def nightly(api_client, served_emulator) -> str:
    """A deployment made outside Pulumi, named as the lookup examples expect, with a failed run."""
    httpx.post(
        f"{served_emulator.root_url}/_emulator/run_outcomes",
        json={
            "status": "failed",
            "duration_ms": 0,
            "error_type": "unknown_error",
            "error_message": "boom",
            "count": 1,
        },
    ).raise_for_status()
    dep = api_client.deployments.create(
        name="nightly-deps",
        agent=AGENT,
        environment_id=ENV,
        initial_events=[{"type": "user.message", "content": "Check dependencies"}],
    )
    api_client.deployments.run(dep.id)
    return dep.id


def test_deployment_example_creates_a_weekday_schedule(make_stack):
    outputs = make_stack(example("deployment")).up().outputs

    assert outputs["name"].value.startswith("daily-report-")
    assert len(outputs["next_runs"].value) == 5


def test_deployment_run_example_waits_for_a_completed_run(make_stack, served_emulator):
    httpx.post(
        f"{served_emulator.root_url}/_emulator/run_outcomes",
        json={"status": "completed", "duration_ms": 0},
    ).raise_for_status()

    outputs = make_stack(example("deployment-run")).up().outputs

    assert outputs["smoke_status"].value == "completed"


def test_lookup_examples_read_a_deployment_made_outside(make_stack, nightly):
    config = {"qoder-engine-test:deploymentId": nightly}
    found = {
        name: make_stack(example(name), **config).up().outputs
        for name in ("get-deployment", "get-deployment-by-name", "list-deployments", "list-runs")
    }

    assert found["get-deployment"]["name"].value == "nightly-deps"
    assert found["get-deployment-by-name"]["nightly_id"].value == nightly
    assert found["list-deployments"]["total"].value == 1
    [failure] = found["list-runs"]["failures"].value
    assert failure["error"] == "boom" and failure["run"].startswith("drun_")
