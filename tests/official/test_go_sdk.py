"""The generated Go SDK builds and vets against the Pulumi Go SDK from the module proxy, and
`examples/go-fleet` runs from its own folder through the official CLI and Go language host:
up, an empty preview, drift after a hand pause (exit 7), a one-field change, destroy, with
the API calls the Python and YAML programs make for the same changes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.official.go_sdk import (  # noqa: F401  (fixtures)
    SDK_GO,
    go_project,
    go_toolchain,
    point_at_checkout,
    run_go,
    run_prebuilt,
)
from tests.official.project import runtime_of
from tests.support.values import api_calls

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "go-fleet"
# getDeploymentByName reads the live list each time the program runs (preview included).
LOOKUP = ["GET /deployments"]

# Whichever Go test runs first on a machine with cold Go caches compiles the Pulumi Go SDK
# (3 to 8 minutes on 2 shared cores), so each may take that long, run alone or in any order.
pytestmark = [pytest.mark.engine, pytest.mark.timeout(900)]


def calls_of(served, step) -> list[str]:
    """The API calls `step()` makes, as `METHOD /path`."""
    served.clear_journal()
    step()
    return api_calls(served)


def test_every_go_example_is_covered():
    go_examples = sorted(p.parent.name for p in (REPO / "examples").glob("*/Pulumi.yaml")
                         if runtime_of(p)["name"] == "go")
    assert go_examples == [EXAMPLE.name]


# Built with the flags the Go host builds with, so the lifecycle below finds the SDK compiled
# (-trimpath is part of Go's cache key); warm, a second or two.
@pytest.mark.parametrize("command", [["build", "-trimpath", "./..."],
                                     ["vet", "-trimpath", "./..."]], ids=["build", "vet"])
def test_go_sdk_builds_and_vets_without_a_word(go_toolchain, command):  # noqa: F811
    done = run_go(SDK_GO, *command)

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout + done.stderr == ""


def test_go_fleet_example_vets_against_the_checkout_sdk(go_toolchain):  # noqa: F811
    vetted = run_go(EXAMPLE, "vet", "-trimpath", ".")
    formatted = subprocess.run(["gofmt", "-l", "."], cwd=EXAMPLE, capture_output=True,
                               text=True, timeout=60)

    assert vetted.returncode == 0, vetted.stdout + vetted.stderr
    assert vetted.stdout + vetted.stderr == ""
    assert formatted.stdout + formatted.stderr == ""


def test_readme_go_program_vets(go_toolchain, tmp_path):  # noqa: F811
    readme = (REPO / "README.md").read_text()
    (program,) = re.findall(r"(?s)```go\n(.*?)```", readme)
    shutil.copy(EXAMPLE / "go.sum", tmp_path / "go.sum")
    (tmp_path / "go.mod").write_text((EXAMPLE / "go.mod").read_text())
    point_at_checkout(tmp_path)
    (tmp_path / "main.go").write_text(program)

    vetted = run_go(tmp_path, "vet", "-trimpath", ".")

    assert vetted.returncode == 0, vetted.stdout + vetted.stderr
    assert vetted.stdout + vetted.stderr == ""


def test_go_fleet_lifecycle_through_the_official_go_host(
    go_project, served_emulator, api_client  # noqa: F811
):
    project = go_project(EXAMPLE)

    up = ("up", "--yes", "--skip-preview")

    installed = project.run("install")
    project.run(*up)  # the host builds the program, as for a user
    run_prebuilt(project)
    outputs = project.outputs()
    ids = project.deployment_ids()
    preview_calls = calls_of(served_emulator,
                             lambda: project.run("preview", "--expect-no-changes"))
    (report,) = (d for d in api_client.deployments.iter()
                 if d.name == outputs["deployments"]["daily-report"])
    api_client.deployments.pause(report.id)
    drift = project.run("preview", "--refresh", "--expect-no-changes", "--diff", check=False)
    project.run("refresh", "--yes", "--skip-preview")
    unpause_calls = calls_of(served_emulator, lambda: project.run(*up))
    project.run("config", "set", "reportDescription", "Morning report, now shorter")
    change_calls = calls_of(served_emulator, lambda: project.run(*up))
    destroy_calls = calls_of(served_emulator,
                             lambda: project.run("destroy", "--yes", "--skip-preview"))

    said = (installed.stdout + installed.stderr).lower()
    assert "failed to download" not in said and "resource-qoder" not in said
    assert len(ids) == 3
    assert len(outputs["nextRuns"]) == 5
    assert all(run.endswith("T01:30:00Z") for run in outputs["nextRuns"])  # 09:30 Shanghai
    assert outputs["weeklyCostStatus"] == "paused" and outputs["runId"].startswith("drun_")
    assert preview_calls == LOOKUP
    assert drift.returncode == 7, drift.stdout + drift.stderr
    assert "paused" in drift.stdout
    # the lookup and the write run concurrently: their order is the engine's
    assert sorted(unpause_calls) == sorted([*LOOKUP, "POST /deployments/{id}/unpause"])
    assert sorted(change_calls) == sorted([*LOOKUP, "POST /deployments/{id}"])
    assert api_client.deployments.retrieve(report.id).description == "Morning report, now shorter"
    assert destroy_calls == ["POST /deployments/{id}/archive"] * 3  # the run needs no call
    assert [d.id for d in api_client.deployments.iter()] == []
    assert project.resources() == []
