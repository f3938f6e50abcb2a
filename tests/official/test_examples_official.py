"""Every `runtime: python` example, run from its own folder as a user runs it: the official
CLI and Python language host, `pulumi install` into a pip virtualenv, then up, an empty
preview, drift after a hand pause (exit 7), refresh, up, destroy, and nothing left live.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.official.project import runtime_of

REPO = Path(__file__).resolve().parents[2]
# Examples whose lifecycle starts from an empty folder, as README's flow does: `pulumi
# install` makes the example's own ./venv (the others share one venv to save time).
FRESH_VENV = {"daily-report"}


PYTHON_EXAMPLES = sorted(
    p.parent.name for p in (REPO / "examples").glob("*/Pulumi.yaml")
    if runtime_of(p)["name"] == "python"
)

pytestmark = pytest.mark.engine


def test_every_python_example_is_covered():
    assert PYTHON_EXAMPLES == ["daily-report", "fleet", "pause-window", "smoke-run"]


@pytest.mark.parametrize("name", PYTHON_EXAMPLES)
def test_python_example_names_a_pip_virtualenv_for_pulumi_install(name):
    runtime = runtime_of(REPO / "examples" / name / "Pulumi.yaml")
    assert runtime["options"] == {"toolchain": "pip", "virtualenv": "venv"}


@pytest.mark.parametrize("name", PYTHON_EXAMPLES)
def test_example_lifecycle_through_the_official_python_host(
    name, official_project, served_emulator, api_client
):
    httpx.post(f"{served_emulator.root_url}/_emulator/run_outcomes",
               json={"status": "completed", "duration_ms": 0}).raise_for_status()
    project = official_project(REPO / "examples" / name,
                               virtualenv="venv" if name in FRESH_VENV else None)

    installed = project.run("install")
    project.run("up", "--yes", "--skip-preview")
    quiet = project.run("preview", "--expect-no-changes")
    ids = project.deployment_ids()
    api_client.deployments.pause(ids[0])
    drift = project.run("preview", "--refresh", "--expect-no-changes", "--diff", check=False)
    project.run("refresh", "--yes", "--skip-preview")
    restored = project.run("up", "--yes", "--skip-preview")
    project.run("state", "unprotect", "--all", "--yes")
    project.run("destroy", "--yes", "--skip-preview")

    said = (installed.stdout + installed.stderr).lower()
    assert "failed to download" not in said and "resource-qoder" not in said
    assert (project.folder / "venv" / "bin" / "python").exists() == (name in FRESH_VENV)
    assert ids and quiet.returncode == 0
    assert drift.returncode == 7, drift.stdout + drift.stderr
    assert "paused" in drift.stdout
    assert api_client.deployments.retrieve(ids[0]).status == "active", restored.stdout
    assert [d.id for d in api_client.deployments.iter()] == []
    assert project.deployment_ids() == []


def test_daily_report_exports_the_next_five_weekday_runs(official_project, api_client):
    project = official_project(REPO / "examples" / "daily-report")
    project.run("install")

    project.run("up", "--yes", "--skip-preview")

    outputs = project.outputs()
    assert len(outputs["next_runs"]) == 5
    assert all(run.endswith("T01:30:00Z") for run in outputs["next_runs"])  # 09:30 Shanghai
    assert api_client.deployments.retrieve(outputs["deployment_id"]).status == "active"
