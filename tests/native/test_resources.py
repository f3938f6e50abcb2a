"""`pulumi_qoder.native` resources register the native tokens and schema names (mock monitor)."""

from __future__ import annotations

import pulumi
import pytest

import pulumi_qoder as qoder
from pulumi_qoder import native


class Recorder(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args):
        self.registered.append(args)
        outs = {**args.inputs, "status": "active", "upcomingRunsAt": ["2026-06-15T01:30:00Z"],
                "runId": "drun_1"}
        return ("drun_1" if args.typ.endswith("Run") else "dep_0123"), outs

    def call(self, args):
        return {}, None


@pytest.fixture
def mocks():
    recorder = Recorder()
    pulumi.runtime.set_mocks(recorder, project="p", stack="s", preview=False)
    return recorder


@pulumi.runtime.test
def test_a_native_deployment_registers_the_native_token_with_schema_names(mocks):
    report = native.Deployment(
        "daily-report",
        qoder.DeploymentArgs(
            agent="agent_1",
            environment_id="env_1",
            initial_events=[qoder.DefineOutcome("a report", {"type": "text"}, 3)],
            metadata={"cost_center": "42"},
            max_retries=2,
        ),
    )

    def check(values):
        (args,) = mocks.registered
        assert args.typ == "qoder:index:Deployment"
        assert args.inputs == {
            "agent": "agent_1",
            "environmentId": "env_1",
            "initialEvents": [{"type": "user.define_outcome", "description": "a report",
                               "rubric": {"type": "text"}, "max_iterations": 3}],
            "metadata": {"cost_center": "42"},  # user keys are never renamed
            "maxRetries": 2,
        }
        status, upcoming = values
        assert status == "active" and upcoming == ["2026-06-15T01:30:00Z"]

    return pulumi.Output.all(report.status, report.upcoming_runs_at).apply(check)


@pulumi.runtime.test
def test_a_native_run_registers_the_native_token(mocks):
    run = native.DeploymentRun(
        "smoke", qoder.DeploymentRunArgs(deployment_id="dep_1", wait_for_completion=True)
    )

    def check(run_id):
        (args,) = mocks.registered
        assert args.typ == "qoder:index:DeploymentRun"
        assert args.inputs == {"deploymentId": "dep_1", "waitForCompletion": True}
        assert run_id == "drun_1"

    return run.run_id.apply(check)


def test_the_aliases_name_the_dynamic_types():
    assert native.DYNAMIC_ALIASES == {
        "Deployment": "pulumi-python:dynamic/qoder:Deployment",
        "DeploymentRun": "pulumi-python:dynamic/qoder:DeploymentRun",
    }


@pulumi.runtime.test
def test_keyword_fields_register_as_an_args_object_does(mocks):
    """The form `pulumi import --generate-code` prints: fields as keywords, values as dicts."""
    report = native.Deployment(
        "nightly-report",
        agent={"id": "agent_1", "version": 2},
        environment_id="env_1",
        initial_events=[{"content": "hi", "type": "user.message"}],
        schedule={"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
        name="nightly-report",
        paused=True,
        opts=pulumi.ResourceOptions(protect=True),
    )

    def check(_):
        (args,) = mocks.registered
        assert args.typ == "qoder:index:Deployment"
        assert args.inputs == {
            "agent": {"id": "agent_1", "version": 2},
            "environmentId": "env_1",
            "initialEvents": [{"content": "hi", "type": "user.message"}],
            "schedule": {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
            "name": "nightly-report",
            "paused": True,
        }

    return report.status.apply(check)


def test_an_args_object_and_keyword_fields_together_are_refused():
    with pytest.raises(TypeError, match="either a DeploymentArgs or keyword arguments"):
        native.Deployment("x", qoder.DeploymentArgs(
            agent="agent_1", environment_id="env_1", initial_events=[]), paused=True)
