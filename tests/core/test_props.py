"""props: outputs and rebuilt inputs from a live deployment round-trip without a diff."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pulumi_qoder.core.deployment.check import validate
from pulumi_qoder.core.deployment.outputs import INPUT_KEYS_KEY, inputs_of, outputs_of
from pulumi_qoder.core.deployment.plan import diff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "qoder-api"
LIVE = json.loads((FIXTURES / "get-response.json").read_text())
PAUSED = {**LIVE, "status": "paused", "paused_reason": {"type": "manual"}}

# What a program declaring exactly LIVE writes (no execution settings: server defaults).
PROGRAM = {
    "name": "api-doc-verification-deployment",
    "description": "Deployment created for API documentation verification",
    "agent": LIVE["agent"]["id"],
    "environment_id": LIVE["environment_id"],
    "schedule": {"expression": "0 9 * * *", "timezone": "Asia/Shanghai"},
    "initial_events": [{"content": "Generate today's status report", "type": "user.message"}],
    "__name": "report",
}


def test_the_fixture_program_is_valid():
    assert validate(PROGRAM) == []


def test_outputs_carry_inputs_and_server_fields():
    outs = outputs_of(LIVE, PROGRAM)
    assert outs["agent"] == PROGRAM["agent"]
    assert outs["agent_version"] == 1
    assert outs["status"] == "active" and outs["paused"] is False
    assert outs["schedule"] == PROGRAM["schedule"]
    assert outs["upcoming_runs_at"][0] == "2026-06-15T01:00:00Z"
    assert outs["next_trigger_at"] == "2026-06-15T01:00:00Z"
    assert outs["stats"] == {"consecutive_failures": 0, "total_failures": 0, "total_runs": 0}
    assert outs["metadata"] == {}
    assert outs["max_retries"] == 0 and outs["timeout_ms"] == 300_000
    assert outs["created_at"] == "2026-06-14T08:53:32Z" and outs["archived_at"] is None
    assert outs[INPUT_KEYS_KEY] == [
        "name",
        "description",
        "agent",
        "environment_id",
        "schedule",
        "initial_events",
    ]


def test_outputs_of_a_live_deployment_do_not_diff_with_the_program():
    assert diff(outputs_of(LIVE, PROGRAM), PROGRAM).in_sync


@pytest.mark.parametrize(
    "program",
    [
        PROGRAM,
        {**PROGRAM, "paused": False, "max_retries": 0, "timeout_ms": 300_000, "max_concurrent": 1},
        {**PROGRAM, "agent": {"id": PROGRAM["agent"], "version": 1}},
        {**PROGRAM, "metadata": {}, "resources": [], "vault_ids": []},
    ],
    ids=["minimal", "explicit-defaults", "pinned-agent", "explicit-empties"],
)
def test_refresh_rebuilds_exactly_the_program_inputs(program):
    outs = outputs_of(LIVE, program)
    assert inputs_of(LIVE, outs) == program
    assert diff(outputs_of(LIVE, outs), program).in_sync


def test_import_rebuilds_the_program_inputs():
    assert inputs_of(LIVE, {**PROGRAM, "__provider": "blob"}) == PROGRAM


def test_an_outside_pause_shows_as_drift():
    outs = outputs_of(PAUSED, outputs_of(LIVE, PROGRAM))
    assert outs["status"] == "paused" and outs["paused_reason"] == {"type": "manual"}
    assert inputs_of(PAUSED, outs)["paused"] is True
    assert diff(outs, PROGRAM).changed == ("paused",)


def test_an_outside_edit_shows_as_drift():
    edited = {**copy.deepcopy(LIVE), "description": "changed", "metadata": {"k": "v"}}
    outs = outputs_of(edited, outputs_of(LIVE, PROGRAM))
    assert diff(outs, PROGRAM).changed == ("description", "metadata")


def test_a_non_default_setting_not_in_the_program_is_rebuilt_but_not_diffed():
    live = copy.deepcopy(LIVE)
    live["metadata"]["cas_config"]["config"]["max_retries"] = 3
    outs = outputs_of(live, PROGRAM)
    assert inputs_of(live, outs)["max_retries"] == 3
    assert diff(outs, PROGRAM).in_sync


def test_a_new_agent_id_drops_the_bare_id_form():
    live = {**LIVE, "agent": {"id": "agent_new", "type": "agent", "version": 4}}
    assert outputs_of(live, PROGRAM)["agent"] == {"id": "agent_new", "version": 4}


def test_write_only_resource_fields_are_kept_from_prior_state():
    repo = {"type": "github_repository", "url": "https://g/r", "authorization_token": "ghp_x"}
    live = {**LIVE, "resources": [{"type": "github_repository", "url": "https://g/r"}]}
    program = {**PROGRAM, "resources": [repo]}
    outs = outputs_of(live, program)
    assert outs["resources"] == [repo]
    assert diff(outs, program).in_sync
    changed = {**LIVE, "resources": [{"type": "github_repository", "url": "https://g/other"}]}
    assert outputs_of(changed, outs)["resources"] == changed["resources"]


def test_manual_only_deployments_have_no_schedule_outputs():
    live = {**LIVE, "schedule": None}
    outs = outputs_of(live, {**PROGRAM, "schedule": None})
    assert outs["schedule"] is None and outs["upcoming_runs_at"] == []
    assert diff(outs, {k: v for k, v in PROGRAM.items() if k != "schedule"}).in_sync
