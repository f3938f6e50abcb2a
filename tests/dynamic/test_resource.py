"""The Deployment resource registers its type token and inputs (Pulumi's mock monitor)."""

from __future__ import annotations

import base64

import pulumi
import pytest

import pulumi_qoder as qoder
from tests.support.constants import TEST_TOKEN
from tests.support.values import secret


class Recorder(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args):
        self.registered.append(args)
        outs = {**args.inputs, "status": "active", "upcoming_runs_at": ["2026-06-15T01:30:00Z"]}
        return "dep_0123", outs

    def call(self, args):
        return {}, None


@pytest.fixture
def mocks():
    recorder = Recorder()
    pulumi.runtime.set_mocks(recorder, project="p", stack="s", preview=False)
    return recorder


def report() -> qoder.Deployment:
    return qoder.Deployment(
        "daily-report",
        qoder.DeploymentArgs(
            agent=qoder.AgentArgs(id="agent_1", version=2),
            environment_id=pulumi.Output.from_input("env_1"),
            schedule=qoder.ScheduleArgs(expression="30 9 * * 1-5", timezone="Asia/Shanghai"),
            initial_events=[
                qoder.UserMessage("Generate today's status report"),
                qoder.DefineOutcome("a report", {"type": "text", "content": "is complete"}, 3),
            ],
            resources=[qoder.FileResourceArgs("file_1")],
            max_concurrent=1,
            paused=False,
        ),
    )


@pulumi.runtime.test
def test_deployment_registers_its_type_token_and_inputs(mocks):
    resource = report()

    def check(_):
        (args,) = mocks.registered
        assert args.typ == "pulumi-python:dynamic/qoder:Deployment"
        assert args.name == "daily-report"
        inputs = {k: v for k, v in args.inputs.items() if k != "__provider"}
        assert inputs == {
            "agent": {"id": "agent_1", "version": 2},
            "environment_id": "env_1",
            "schedule": {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
            "initial_events": [
                {"type": "user.message", "content": "Generate today's status report"},
                {
                    "type": "user.define_outcome",
                    "description": "a report",
                    "rubric": {"type": "text", "content": "is complete"},
                    "max_iterations": 3,
                },
            ],
            # a resource's authorization_token is secret however it comes (the field table)
            "resources": secret([{"type": "file", "file_id": "file_1"}]),
            "max_concurrent": 1,
            "paused": False,
            "__name": "daily-report",
            "__scope": "urn:pulumi:s::p",
        }

    return resource.id.apply(check)


@pulumi.runtime.test
def test_a_child_of_a_component_is_scoped_by_its_parent(mocks):
    parent = pulumi.ComponentResource("my:Team", "team-a")
    resource = qoder.Deployment(
        "daily-report",
        qoder.DeploymentArgs(agent="agent_1", environment_id="env_1",
                             initial_events=[qoder.UserMessage("hi")]),
        pulumi.ResourceOptions(parent=parent),
    )

    def check(_):
        (args,) = [a for a in mocks.registered if a.typ.endswith("qoder:Deployment")]
        assert args.inputs["__scope"].endswith("my:Team::team-a")

    return resource.id.apply(check)


@pulumi.runtime.test
def test_outputs_are_typed_attributes(mocks):
    resource = report()

    def check(values):
        status, runs = values
        assert status == "active" and runs == ["2026-06-15T01:30:00Z"]

    return pulumi.Output.all(resource.status, resource.upcoming_runs_at).apply(check)


@pulumi.runtime.test
def test_the_registered_provider_is_a_tiny_reference_without_the_token(mocks, monkeypatch):
    monkeypatch.setenv("QODER_PAT", TEST_TOKEN)
    resource = report()

    def check(_):
        blob = mocks.registered[0].inputs["__provider"]
        assert len(blob) < 1024
        raw = base64.b64decode(blob)
        assert b"pulumi_qoder.provider" in raw and TEST_TOKEN.encode() not in raw

    return resource.id.apply(check)
