"""Python programs on the native provider: moving a stack from the dynamic resources, and
explicit provider resources serving another account."""

from __future__ import annotations

import httpx
import pulumi
import pytest

import pulumi_qoder as qoder
from pulumi_qoder import native
from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.native.cli import exported_state, native_stack
from tests.support.constants import AGENT, ENV, TEST_TOKEN
from tests.support.emulator import fresh_service

pytestmark = pytest.mark.engine

ARGS = dict(
    agent=AGENT,
    environment_id=ENV,
    schedule=qoder.ScheduleArgs(expression="30 9 * * 1-5", timezone="Asia/Shanghai"),
    initial_events=[qoder.UserMessage("Generate today's status report")],
    metadata={"team": "platform"},
)


def dynamic_program() -> None:
    report = qoder.Deployment("daily-report", qoder.DeploymentArgs(**ARGS))
    smoke = qoder.DeploymentRun("smoke", qoder.DeploymentRunArgs(deployment_id=report.id))
    pulumi.export("id", report.id)
    pulumi.export("name", report.name)
    pulumi.export("run", smoke.id)


def native_program() -> None:
    report = native.Deployment(
        "daily-report",
        qoder.DeploymentArgs(**ARGS),
        opts=pulumi.ResourceOptions(
            aliases=[pulumi.Alias(type_=native.DYNAMIC_ALIASES["Deployment"])]
        ),
    )
    smoke = native.DeploymentRun(
        "smoke",
        qoder.DeploymentRunArgs(deployment_id=report.id),
        opts=pulumi.ResourceOptions(
            aliases=[pulumi.Alias(type_=native.DYNAMIC_ALIASES["DeploymentRun"])]
        ),
    )
    pulumi.export("id", report.id)
    pulumi.export("name", report.name)
    pulumi.export("run", smoke.id)
    pulumi.export("next_runs", report.upcoming_runs_at)


def writes(served) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in served.journal() if e["method"] != "GET"]


def test_a_dynamic_stack_moves_to_native_keeping_every_deployment(
    cli_dir, served_emulator, tmp_path
):
    stack = native_stack(
        cli_dir, tmp_path / "migrate", dynamic_program, "qoder-migration",
        config={"qoder:baseUrl": served_emulator.base_url},
        secrets={"qoder:token": TEST_TOKEN},
    )
    first = stack.up(color="never")
    httpx.delete(f"{served_emulator.root_url}/_emulator/requests").raise_for_status()

    stack.workspace.program = native_program
    preview = stack.preview(color="never", diff=True)
    assert preview.change_summary == {"same": 3}, preview.stdout
    moved = stack.up(color="never")
    assert moved.summary.resource_changes == {"same": 3}
    assert moved.outputs["id"].value == first.outputs["id"].value
    assert moved.outputs["name"].value == first.outputs["name"].value
    assert moved.outputs["run"].value == first.outputs["run"].value
    assert writes(served_emulator) == []

    stack.refresh(color="never")
    after = stack.preview(color="never", expect_no_changes=True)
    assert after.change_summary == {"same": 3}
    state = stack.export_stack().deployment["resources"]
    report = next(r for r in state if r["urn"].endswith("::daily-report"))
    assert report["type"] == "qoder:index:Deployment"
    assert "__provider" not in report["outputs"]
    smoke = next(r for r in state if r["urn"].endswith("::smoke"))
    assert smoke["type"] == "qoder:index:DeploymentRun"
    assert "__provider" not in smoke["outputs"]


def test_an_explicit_provider_serves_another_account(cli_dir, served_emulator, tmp_path):
    other_service = fresh_service()
    other_token = "pt-test-token-for-other-account-2"
    with EmulatorServer(create_app(other_service, tokens=[other_token])) as other:

        def two_accounts() -> None:
            account = pulumi.ProviderResource(
                "qoder", "other-account",
                {"baseUrl": other.base_url, "token": pulumi.Output.secret(other_token)},
            )
            here = native.Deployment("here", qoder.DeploymentArgs(**ARGS))
            there = native.Deployment("there", qoder.DeploymentArgs(**ARGS),
                                      opts=pulumi.ResourceOptions(provider=account))
            pulumi.export("here", here.id)
            pulumi.export("there", there.id)

        stack = native_stack(
            cli_dir, tmp_path / "accounts", two_accounts, "qoder-accounts",
            config={"qoder:baseUrl": served_emulator.base_url},
            secrets={"qoder:token": TEST_TOKEN},
        )
        outputs = stack.up(color="never").outputs
        # each account gets its create (and the read that checks it is not a stale replay)
        assert [e["method"] for e in served_emulator.journal()] == ["POST", "GET"]
        other_calls = httpx.get(f"{other.root_url}/_emulator/requests").json()
        assert [e["method"] for e in other_calls] == ["POST", "GET"]
        assert outputs["here"].value != outputs["there"].value
        state = exported_state(stack, cli_dir)
        assert other_token not in state and TEST_TOKEN not in state
        stack.destroy(color="never")


def test_import_option_adopts_a_live_deployment_through_the_engine(
    cli_dir, served_emulator, tmp_path
):
    with qoder.QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url) as api:
        live = api.deployments.create(
            name="legacy-report",
            agent=ARGS["agent"],
            environment_id=ARGS["environment_id"],
            initial_events=[{"type": "user.message", "content": "Generate today's status report"}],
            schedule={"type": "cron", "expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
            metadata={"team": "platform"},
        )
    httpx.delete(f"{served_emulator.root_url}/_emulator/requests").raise_for_status()

    def adopting() -> None:
        report = native.Deployment(
            "report", qoder.DeploymentArgs(name="legacy-report", **ARGS),
            opts=pulumi.ResourceOptions(import_=live.id),
        )
        pulumi.export("id", report.id)

    stack = native_stack(
        cli_dir, tmp_path / "adopt", adopting, "qoder-adopt",
        config={"qoder:baseUrl": served_emulator.base_url},
        secrets={"qoder:token": TEST_TOKEN},
    )
    result = stack.up(color="never", diff=True)
    assert result.summary.resource_changes == {"create": 1, "import": 1}, result.stdout
    assert result.outputs["id"].value == live.id
    assert writes(served_emulator) == []
    assert stack.preview(color="never", expect_no_changes=True).change_summary == {"same": 2}
