"""`ignoreChanges` kept as recorded: the paths it names neither differ nor get written."""

from __future__ import annotations

from pulumi_qoder.core.deployment.ignore import (
    IGNORE_KEY,
    format_path,
    keep_recorded,
    parse_path,
)
from pulumi_qoder.core.deployment.plan import ObservedState, diff, plan
from pulumi_qoder.core.deployment.spec import DeploymentSpec
from pulumi_qoder.native.ignore import core_path

RECORDED = {
    "name": "report", "agent": "agent_019ebb21ef8e7df6a559052c94875160",
    "environment_id": "env_019e49a1780171daac1e6b01f290ac2b", "status": "paused",
    "paused": True, "description": "live",
    "schedule": {"expression": "0 9 * * *", "timezone": "UTC"},
    "metadata": {"owner": "ops", "a.b": "x"},
    "initial_events": [{"type": "user.message", "content": "live"}],
}


def test_property_paths_parse_and_print_back():
    for path in ("paused", "schedule.expression", 'metadata["a.b"]', "initial_events[0].content",
                 "resources[*].url"):
        assert format_path(parse_path(path)) == path
    assert parse_path("initial_events[0].content") == ("initial_events", 0, "content")
    assert parse_path("a..b") is None and parse_path("") is None


def test_schema_paths_become_core_paths():
    assert core_path("paused") == "paused"
    assert core_path("environmentId") == "environment_id"
    assert core_path("initialEvents[0].maxIterations") == "initial_events[0].max_iterations"
    assert core_path("schedule.timezone") == "schedule.timezone"
    assert core_path("metadata.ownerTeam") == "metadata.ownerTeam"  # a free-form map's key


def test_a_hand_pause_is_no_change_when_paused_is_ignored():
    # the old inputs said active: the engine copied that in, the outputs say paused
    news = {**RECORDED, "paused": False, "description": "new", IGNORE_KEY: ["paused"]}
    kept = keep_recorded(RECORDED, news)

    assert diff(RECORDED, kept).changed == ("description",)
    spec = DeploymentSpec.from_props({k: v for k, v in kept.items() if k != IGNORE_KEY})
    actions = plan(spec, ObservedState.from_outputs(RECORDED))
    assert [type(a).__name__ for a in actions] == ["Update"]  # no unpause


def test_nested_and_missing_paths_take_the_recorded_value_or_none():
    news = {**RECORDED, "schedule": {"expression": "0 7 * * *", "timezone": "UTC"},
            "metadata": {"owner": "me", "a.b": "y", "new": "z"}, "vault_ids": ["v"],
            IGNORE_KEY: ["schedule.expression", 'metadata["a.b"]', "metadata.new", "vault_ids"]}
    kept = keep_recorded(RECORDED, news)

    assert kept["schedule"] == RECORDED["schedule"]
    assert kept["metadata"] == {"owner": "me", "a.b": "x"}
    assert "vault_ids" not in kept
    assert news["schedule"]["expression"] == "0 7 * * *"  # the given inputs are not changed


def test_without_ignored_paths_the_inputs_are_returned_as_given():
    news = {**RECORDED, "paused": False}
    assert keep_recorded(RECORDED, news) is news
    assert diff(RECORDED, news).changed == ("paused",)

