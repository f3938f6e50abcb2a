"""examples/yaml-fleet through the real CLI and the YAML language host, served by the plugin.

One stack and one emulator serve the whole module (each CLI run costs seconds): the tests
run in file order, each starting from the fleet as the previous one left it (up to date),
and `destroy` comes last.
"""

from __future__ import annotations

import re

import pytest

from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.native.cli import YamlProject
from tests.native.plugin import REPO
from tests.support.constants import AGENT, ENV, TEST_TOKEN
from tests.support.emulator import ServedEmulator, fresh_service

pytestmark = pytest.mark.engine



@pytest.fixture(scope="module")
def served_emulator():
    """One emulator for the module's one stack."""
    service = fresh_service()
    with EmulatorServer(create_app(service, tokens=[TEST_TOKEN])) as server:
        yield ServedEmulator(server, service, service.clock)


@pytest.fixture(scope="module")
def fleet(cli_dir, served_emulator, tmp_path_factory) -> YamlProject:
    return YamlProject(
        cli_dir, tmp_path_factory.mktemp("yaml"), REPO / "examples" / "yaml-fleet",
        config={"qoder:baseUrl": served_emulator.base_url},
        secrets={"qoder:token": TEST_TOKEN},
    )


def live(api_http) -> dict[str, dict]:
    listed = api_http.get("/deployments", params={"limit": 100}).json()["data"]
    return {d["name"]: d for d in listed}


def test_preview_makes_no_call_and_shows_the_next_runs(fleet, served_emulator):
    done = fleet.run("preview")
    assert "+ 5 to create" in done.stdout  # the stack, three deployments and a run
    assert "nextRuns" in done.stdout and "T01:30:00Z" in done.stdout
    assert served_emulator.journal() == []
    fleet.previewed_name = re.search(r'dailyReportName\s*: "([^"]+)"', done.stdout).group(1)


def test_up_creates_the_fleet_then_nothing_changes(fleet, api_http):
    done = fleet.run("up", "--yes")
    assert "+ 5 created" in done.stdout
    outputs = fleet.outputs()
    assert outputs["releaseNotesRunStatus"] in ("pending", "running")
    assert outputs["weeklyCostStatus"] == "active"  # the lookup, served by Invoke
    # the auto-name is the one the preview showed (URN-derived, not the engine's random seed)
    assert outputs["dailyReportName"] == getattr(fleet, "previewed_name", None)
    deployments = live(api_http)
    assert {"weekly-cost", outputs["dailyReportName"]} <= set(deployments)
    assert len(deployments) == 3
    assert outputs["nextRuns"] == deployments[outputs["dailyReportName"]]["schedule"][
        "upcoming_runs_at"]
    fleet.run("preview", "--expect-no-changes")
    assert TEST_TOKEN not in fleet.run("stack", "export").stdout


def test_a_hand_pause_is_drift_shown_as_the_paused_field(fleet, api_http):
    report = fleet.outputs()["dailyReportId"]
    api_http.post(f"/deployments/{report}/pause").raise_for_status()
    done = fleet.run("preview", "--refresh", "--expect-no-changes", "--diff", check=False)
    assert done.returncode == 7, done.stdout  # the CLI's exit code for unexpected changes
    assert "paused: true => false" in done.stdout
    assert "no changes were expected" in done.stdout + done.stderr
    fleet.run("up", "--refresh", "--yes")
    assert live(api_http)[fleet.outputs()["dailyReportName"]]["status"] == "active"


def test_refresh_drops_what_was_archived_outside(fleet, api_http):
    api_http.post(f"/deployments/{fleet.outputs()['dailyReportId']}/archive").raise_for_status()
    done = fleet.run("refresh", "--yes")
    assert "1 deleted" in done.stdout
    fleet.run("up", "--yes")
    assert len(live(api_http)) == 3


def test_import_adopts_a_live_deployment_and_the_printed_code_needs_no_change(fleet, api_http):
    body = {
        "name": "legacy-job",
        "agent": AGENT,
        "environment_id": ENV,
        "initial_events": [{"type": "user.message", "content": "legacy"}],
        "schedule": {"type": "cron", "expression": "0 3 * * *", "timezone": "UTC"},
        "metadata": {"owner": "ops"},
    }
    legacy = api_http.post("/deployments", json=body).json()["id"]
    done = fleet.run("import", "qoder:index:Deployment", "legacy", legacy, "--yes")
    assert "1 imported" in done.stdout and "Traceback" not in done.stdout + done.stderr
    code = done.stdout.split("resources:", 1)[1]
    assert "type: qoder:Deployment" in code and "name: legacy-job" in code
    import yaml

    imported = yaml.safe_load("resources:" + code)["resources"]["legacy"]
    program = fleet.program()
    program["resources"]["legacy"] = imported
    fleet.set_program(program)
    fleet.run("preview", "--expect-no-changes")
    done = fleet.run("up", "--yes")
    assert "~" not in done.stdout.split("Resources:", 1)[1]
    assert len(live(api_http)) == 4


def test_preview_of_a_schedule_change_shows_the_new_next_runs(fleet):
    before = fleet.outputs()["nextRuns"]
    fleet.run("config", "set", "reportSchedule", "0 7 * * *")
    done = fleet.run("preview", "--diff")
    assert "~ 1 to update" in done.stdout
    shown = done.stdout.split("nextRuns", 1)[1].split("weeklyCostNext", 1)[0]
    new_runs = re.findall(r'=> "([^"]+)"', shown)
    assert len(new_runs) == 5, done.stdout
    assert all(run.endswith("T23:00:00Z") for run in new_runs)  # 07:00 in Asia/Shanghai
    assert not set(new_runs) & set(before)
    fleet.run("config", "rm", "reportSchedule")


def test_destroy_archives_everything(fleet, api_http):
    fleet.run("state", "unprotect", "--all", "--yes")  # the imported deployment
    fleet.run("destroy", "--yes")
    assert live(api_http) == {}
