"""examples/runner.py as a user runs it: a subprocess driving the real CLI on the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.constants import TEST_TOKEN

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "examples" / "runner.py"
DEPLOYMENT_TYPE = "pulumi-python:dynamic/qoder:Deployment"

pytestmark = pytest.mark.engine


class Runner:
    """`python examples/runner.py PROGRAM ...` from a chosen folder, with one stack home."""

    def __init__(self, cli_dir: Path, home: Path, base_url: str) -> None:
        self.env = {**os.environ, "PULUMI_QODER_CLI_DIR": str(cli_dir)}
        self.home = home
        self.config = [f"--config=qoder:baseUrl={base_url}", f"--secret=qoder:token={TEST_TOKEN}"]

    def __call__(self, program: str, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
        command = [sys.executable, str(RUNNER), program, *args, "--home", str(self.home)]
        if args[0] != "state":
            command += self.config
        return subprocess.run(
            command, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=300
        )


@pytest.fixture
def runner(pulumi_cli, served_emulator, tmp_path) -> Runner:
    return Runner(pulumi_cli, tmp_path / "home", served_emulator.base_url)


def urn(project: str, name: str) -> str:
    return f"urn:pulumi:dev::{project}::{DEPLOYMENT_TYPE}::{name}"


def said(done: subprocess.CompletedProcess) -> str:
    return done.stdout + done.stderr


PROGRAM = """\
from pathlib import Path

import pulumi_qoder as qoder
import settings  # a module beside the program

qoder.Deployment("report", qoder.DeploymentArgs(
    description=settings.DESCRIPTION,
    agent="agent_019ebb21ef8e7df6a559052c94875160",
    environment_id="env_019e49a1780171daac1e6b01f290ac2b",
    initial_events=[qoder.UserMessage(Path("prompt.txt").read_text().strip())],  # cwd-relative
))
"""


def write_program(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "Pulumi.yaml").write_text("name: report-elsewhere\nruntime: python\n")
    (folder / "__main__.py").write_text(PROGRAM)
    (folder / "settings.py").write_text('DESCRIPTION = "Weekday status report"\n')
    (folder / "prompt.txt").write_text("Generate today's status report\n")


def test_expect_no_changes_exits_7_like_the_cli_for_a_program_in_any_folder(
    runner, api_client, tmp_path
):
    # a program outside the repository, named by a path relative to where the runner starts
    write_program(tmp_path / "infra" / "report")
    up = runner("./infra/report", "up", cwd=tmp_path)
    clean = runner("./infra/report", "preview", "--refresh", "--expect-no-changes", cwd=tmp_path)
    [live] = api_client.deployments.iter()
    api_client.deployments.update(live.id, description="edited by hand")

    drifted = runner(
        "./infra/report", "preview", "--refresh", "--expect-no-changes", "--diff", cwd=tmp_path
    )

    assert up.returncode == 0, said(up)
    assert live.initial_events[0].content == "Generate today's status report"
    assert clean.returncode == 0, said(clean)
    # 7 is the CLI's ExitNoChanges (pkg/cmd/pulumi/cmd/exit_codes.go), passed through
    assert drifted.returncode == 7, said(drifted)
    assert "no changes were expected for preview but changes were proposed" in drifted.stderr
    assert said(drifted).count('"edited by hand" => "Weekday status report"') == 1  # --diff
    assert "Traceback" not in said(drifted)


def test_protected_fleet_refuses_destroy_once_then_tears_down_after_unprotect_all(
    runner, api_client
):
    assert runner("fleet", "up").returncode == 0

    refused = runner("fleet", "destroy")
    unprotected = runner("fleet", "state", "unprotect", "--all")
    destroyed = runner("fleet", "destroy")

    assert refused.returncode == 1
    assert "nightly-deps\" cannot be deleted\n    because it is protected" in refused.stdout
    assert said(refused).count("Destroying (dev)") == 1  # the engine's output, printed once
    assert "Traceback" not in said(refused)
    assert unprotected.returncode == 0, said(unprotected)
    assert destroyed.returncode == 0, said(destroyed)
    assert list(api_client.deployments.iter()) == []  # all three archived


def test_target_creates_and_destroys_one_resource_and_unprotect_takes_its_urn(runner, api_client):
    nightly = urn("fleet", "nightly-deps")

    created = runner("fleet", "up", "--target", nightly)
    live_after_up = sorted(d.name for d in api_client.deployments.iter())
    unprotected = runner("fleet", "state", "unprotect", nightly)
    destroyed = runner("fleet", "destroy", "--target", nightly)

    assert created.returncode == 0, said(created)
    assert len(live_after_up) == 1 and live_after_up[0].startswith("nightly-deps")
    assert unprotected.returncode == 0, said(unprotected)
    assert destroyed.returncode == 0, said(destroyed)
    assert list(api_client.deployments.iter()) == []
