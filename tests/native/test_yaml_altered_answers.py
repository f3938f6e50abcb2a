"""A newer API through the real engine: `refresh`, `preview` and `destroy` of a YAML stack
whose deployment the API answers with an unknown status and fields we do not know, or with
a null inside a list."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.native.cli import YamlProject
from tests.support.constants import TEST_TOKEN

pytestmark = pytest.mark.engine

PROGRAM = """\
name: altered-answers
runtime: yaml
resources:
  report:
    type: qoder:Deployment
    properties:
      agent: agent_019ebb21ef8e7df6a559052c94875160
      environmentId: env_019e49a1780171daac1e6b01f290ac2b
      initialEvents:
        - type: user.message
          content: Generate today's status report
"""

NEWER = {"status": "suspended", "type": "deployment_v2", "budget": {"usd": 3.0},
         "description": None}


SCHEDULED = PROGRAM + """\
      schedule:
        expression: 30 9 * * 1-5
        timezone: Asia/Shanghai
"""


def _project(cli_dir, served_emulator, tmp_path, program: str) -> YamlProject:
    source = tmp_path / "src" / "altered-answers"
    source.mkdir(parents=True)
    (source / "Pulumi.yaml").write_text(program)
    return YamlProject(cli_dir, tmp_path / "home", source,
                       config={"qoder:baseUrl": served_emulator.base_url},
                       secrets={"qoder:token": TEST_TOKEN})


@pytest.fixture
def project(cli_dir, served_emulator, tmp_path) -> YamlProject:
    return _project(cli_dir, served_emulator, tmp_path, PROGRAM)


@pytest.fixture
def scheduled(cli_dir, served_emulator, tmp_path) -> YamlProject:
    return _project(cli_dir, served_emulator, tmp_path, SCHEDULED)


def newer_api(served) -> None:
    httpx.post(f"{served.root_url}/_emulator/faults", timeout=10, json={
        "path": "*/deployments/dep_*", "method": "GET", "alter": NEWER}).raise_for_status()


def test_unknown_status_is_refreshed_shown_as_drift_and_destroy_archives(
    project, served_emulator, api_client
):
    project.run("up", "--yes", "--skip-preview")
    newer_api(served_emulator)

    refreshed = project.run("refresh", "--yes", "--skip-preview")
    state = json.loads(project.run("stack", "export").stdout)["deployment"]["resources"]
    drift = project.run("preview", "--expect-no-changes", "--diff", check=False)
    destroyed = project.run("destroy", "--yes", "--skip-preview")

    (report,) = [r for r in state if r["type"] == "qoder:index:Deployment"]
    said = refreshed.stdout + drift.stdout + drift.stderr + destroyed.stdout
    assert report["outputs"]["status"] == "suspended"
    assert drift.returncode != 0 and "paused" in drift.stdout
    assert "Traceback" not in said
    assert [d.id for d in api_client.deployments.iter()] == []


NEXT_RUNS = ["2026-06-15T01:30:00Z", "2026-06-16T01:30:00Z", "2026-06-17T01:30:00Z"]


def test_a_null_inside_a_list_is_dropped_by_refresh_preview_and_destroy(
    scheduled, served_emulator, api_client
):
    scheduled.run("up", "--yes", "--skip-preview")
    httpx.post(f"{served_emulator.root_url}/_emulator/faults", timeout=10, json={
        "path": "*/deployments/dep_*", "method": "*",
        "alter": {"schedule": {"upcoming_runs_at": [*NEXT_RUNS, None]}}}).raise_for_status()

    refreshed = scheduled.run("refresh", "--yes", "--skip-preview")
    state = json.loads(scheduled.run("stack", "export").stdout)["deployment"]["resources"]
    previewed = scheduled.run("preview", "--refresh", "--expect-no-changes")
    destroyed = scheduled.run("destroy", "--yes", "--skip-preview")

    (report,) = [r for r in state if r["type"] == "qoder:index:Deployment"]
    assert report["outputs"]["upcomingRunsAt"] == NEXT_RUNS
    said = refreshed.stdout + previewed.stdout + previewed.stderr + destroyed.stdout
    assert "Traceback" not in said and "NoneType" not in said
    assert [d.id for d in api_client.deployments.iter()] == []
