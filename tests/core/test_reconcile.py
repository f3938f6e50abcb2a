"""reconcile.plan and reconcile.diff: the calls each change needs, and only those."""

from __future__ import annotations

import pytest

from pulumi_qoder.core.deployment.plan import (
    Archive,
    Create,
    DiffPlan,
    ObservedState,
    Pause,
    Unpause,
    Update,
    diff,
    plan,
)
from pulumi_qoder.core.deployment.spec import UNKNOWN, DeploymentSpec
from tests.support.constants import AGENT, ENV

EVENTS = [{"type": "user.message", "content": "Generate today's status report"}]

DESIRED = {
    "name": "daily-report",
    "description": "status",
    "agent": AGENT,
    "environment_id": ENV,
    "schedule": {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
    "initial_events": EVENTS,
    "metadata": {"team": "infra"},
}

# The outputs the provider records for DESIRED on the server (live execution settings included).
OBSERVED = {
    **DESIRED,
    "resources": [],
    "vault_ids": [],
    "session_strategy": "new_session",
    "max_retries": 0,
    "timeout_ms": 300_000,
    "max_concurrent": 1,
    "paused": False,
    "status": "active",
    "upcoming_runs_at": ["2026-06-15T01:30:00Z"],
    "updated_at": "2026-06-14T08:53:32Z",
    "stats": {"total_runs": 0},
    "__provider": "blob",
}


def observed(**changes):
    return ObservedState.from_outputs({**OBSERVED, **changes})


def desired(**changes):
    return DeploymentSpec.from_props({**DESIRED, **changes})


FULL_CAS = {"max_retries": 0, "timeout_ms": 300_000, "max_concurrent": 1}

ONE_FIELD_CHANGES = [
    ("name", {"name": "renamed"}, {"name": "renamed"}),
    ("description", {"description": "new"}, {"description": "new"}),
    ("description-removed", {"description": None}, {"description": ""}),
    ("agent-id", {"agent": "agent_other"}, {"agent": "agent_other"}),
    (
        "agent-pinned",
        {"agent": {"id": AGENT, "version": 2}},
        {"agent": {"id": AGENT, "type": "agent", "version": 2}},
    ),
    ("environment", {"environment_id": "env_other"}, {"environment_id": "env_other"}),
    (
        "schedule-expression",
        {"schedule": {"expression": "0 9 * * *", "timezone": "Asia/Shanghai"}},
        {"schedule": {"type": "cron", "expression": "0 9 * * *", "timezone": "Asia/Shanghai"}},
    ),
    (
        "schedule-timezone",
        {"schedule": {"expression": "30 9 * * 1-5", "timezone": "UTC"}},
        {"schedule": {"type": "cron", "expression": "30 9 * * 1-5", "timezone": "UTC"}},
    ),
    ("schedule-removed", {"schedule": None}, {"schedule": None}),
    (
        "initial-events",
        {"initial_events": [{"type": "user.message", "content": "other"}]},
        {"initial_events": [{"type": "user.message", "content": "other"}]},
    ),
    (
        "resources",
        {"resources": [{"type": "file", "file_id": "file_1"}]},
        {"resources": [{"type": "file", "file_id": "file_1"}]},
    ),
    ("vault-ids", {"vault_ids": ["vault_1"]}, {"vault_ids": ["vault_1"]}),
    ("metadata-added", {"metadata": {"team": "infra", "a": "b"}}, {"metadata": {"a": "b"}}),
    ("metadata-changed", {"metadata": {"team": "core"}}, {"metadata": {"team": "core"}}),
    ("metadata-removed-key", {"metadata": {}}, {"metadata": {"team": None}}),
    ("metadata-unset", {"metadata": None}, {"metadata": {"team": None}}),
    (
        "max-retries",
        {"max_retries": 3},
        {
            "metadata": {
                "cas_config": {
                    "session_strategy": "new_session",
                    "config": {**FULL_CAS, "max_retries": 3},
                }
            }
        },
    ),
    (
        "timeout",
        {"timeout_ms": 60_000},
        {
            "metadata": {
                "cas_config": {
                    "session_strategy": "new_session",
                    "config": {**FULL_CAS, "timeout_ms": 60_000},
                }
            }
        },
    ),
    (
        "max-concurrent",
        {"max_concurrent": 4},
        {
            "metadata": {
                "cas_config": {
                    "session_strategy": "new_session",
                    "config": {**FULL_CAS, "max_concurrent": 4},
                }
            }
        },
    ),
    (
        "session-strategy",
        {"session_strategy": "reuse_session"},
        {"metadata": {"cas_config": {"session_strategy": "reuse_session", "config": FULL_CAS}}},
    ),
]


@pytest.mark.parametrize(
    ("change", "patch"), [c[1:] for c in ONE_FIELD_CHANGES], ids=[c[0] for c in ONE_FIELD_CHANGES]
)
def test_each_field_change_is_one_patch_with_only_that_field(change, patch):
    assert plan(desired(**change), observed()) == [Update(patch)]


def test_no_change_plans_no_call():
    assert plan(desired(), observed()) == []


@pytest.mark.parametrize(
    ("want_paused", "status", "actions"),
    [
        (True, "active", [Pause()]),
        (False, "paused", [Unpause()]),
        (True, "paused", []),
        (False, "active", []),
    ],
    ids=["pause", "unpause", "already-paused", "already-active"],
)
def test_paused_toggles_give_one_pause_or_unpause(want_paused, status, actions):
    assert plan(desired(paused=want_paused), observed(status=status)) == actions


def test_a_field_change_and_a_pause_pause_first_then_patch():
    assert plan(desired(name="x", paused=True), observed()) == [Pause(), Update({"name": "x"})]


def test_several_field_changes_share_one_patch_in_input_order():
    actions = plan(desired(max_retries=2, metadata={}, name="x"), observed())
    assert actions == [
        Update(
            {
                "name": "x",
                "metadata": {
                    "team": None,
                    "cas_config": {
                        "session_strategy": "new_session",
                        "config": {**FULL_CAS, "max_retries": 2},
                    },
                },
            }
        )
    ]


@pytest.mark.parametrize(
    ("spec", "actions"),
    [
        ({}, [Create(desired())]),
        ({"paused": True}, [Create(desired(paused=True)), Pause()]),
    ],
    ids=["active", "paused"],
)
def test_a_missing_deployment_is_created_then_paused_if_wanted(spec, actions):
    assert plan(desired(**spec), None) == actions


def test_an_archived_deployment_is_created_again():
    assert plan(desired(), observed(archived_at="2026-06-14T08:58:42Z")) == [Create(desired())]


@pytest.mark.parametrize(
    ("state", "actions"),
    [
        (OBSERVED, [Archive()]),
        ({**OBSERVED, "archived_at": "2026-06-14T08:58:42Z"}, []),
        (None, []),
    ],
    ids=["live", "archived", "missing"],
)
def test_removal_archives_only_a_live_deployment(state, actions):
    assert plan(None, state and ObservedState.from_outputs(state)) == actions


def test_plans_are_deterministic():
    assert plan(desired(name="x", paused=True), observed()) == plan(
        desired(name="x", paused=True), observed()
    )


# diff: what the provider reports to the engine.


def test_identical_inputs_are_in_sync():
    assert diff(OBSERVED, DESIRED) == DiffPlan()
    assert diff(OBSERVED, DESIRED).in_sync


@pytest.mark.parametrize(
    "key",
    ["upcoming_runs_at", "updated_at", "stats", "__provider", "agent_version"],
)
def test_server_managed_fields_never_diff(key):
    assert diff({**OBSERVED, key: "changed"}, DESIRED).in_sync


@pytest.mark.parametrize("wanted", [False, True], ids=["active-wanted", "paused-wanted"])
def test_an_unknown_status_is_drift_in_paused_whatever_the_program_wants(wanted):
    news = {**DESIRED, "paused": wanted}
    assert diff({**OBSERVED, "status": "suspended"}, news).changed == ("paused",)


@pytest.mark.parametrize("wanted", [False, True], ids=["active-wanted", "paused-wanted"])
def test_an_unknown_status_never_plans_a_pause_or_unpause(wanted):
    live = ObservedState(props=OBSERVED, status="suspended")
    assert plan(desired(paused=wanted), live) == []


@pytest.mark.parametrize(
    ("field", "server_value"),
    [("max_retries", 5), ("timeout_ms", 1), ("max_concurrent", 9), ("session_strategy", "x")],
)
def test_unset_execution_settings_are_not_compared(field, server_value):
    assert diff({**OBSERVED, field: server_value}, DESIRED).in_sync


@pytest.mark.parametrize(
    ("field", "server_value"),
    [("max_retries", 5), ("timeout_ms", 1), ("max_concurrent", 9), ("session_strategy", "x")],
)
def test_strict_drift_compares_unset_execution_settings_with_the_api_defaults(
    field, server_value
):
    assert diff({**OBSERVED, field: server_value}, DESIRED, strict=True).changed == (field,)


def test_strict_drift_finds_nothing_when_live_settings_are_the_defaults():
    assert diff(OBSERVED, DESIRED, strict=True).in_sync


def test_set_execution_settings_are_compared():
    assert diff({**OBSERVED, "max_retries": 5}, {**DESIRED, "max_retries": 0}).changed == (
        "max_retries",
    )


@pytest.mark.parametrize(
    ("olds", "news"),
    [
        ({"description": ""}, {"description": None}),
        ({"resources": []}, {"resources": None}),
        ({"vault_ids": []}, {"vault_ids": None}),
        ({"metadata": {}}, {"metadata": None}),
        ({"schedule": None}, {"schedule": None}),
        ({"paused": False, "status": "active"}, {"paused": None}),
        ({"max_retries": 3}, {"max_retries": 3.0}),
        ({"agent": AGENT}, {"agent": {"id": AGENT}}),
    ],
    ids=[
        "description",
        "resources",
        "vault_ids",
        "metadata",
        "schedule",
        "paused",
        "float",
        "agent",
    ],
)
def test_unset_and_default_forms_are_equal(olds, news):
    assert diff({**OBSERVED, **olds}, {**DESIRED, **news}).in_sync


def test_paused_is_compared_with_the_recorded_status():
    assert diff({**OBSERVED, "status": "paused", "paused": False}, DESIRED).changed == ("paused",)
    assert diff({**OBSERVED, "status": "paused"}, {**DESIRED, "paused": True}).in_sync


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", UNKNOWN),
        ("schedule", {"expression": UNKNOWN, "timezone": "UTC"}),
        ("initial_events", [UNKNOWN]),
        ("paused", UNKNOWN),
        ("max_retries", UNKNOWN),
    ],
    ids=["top-level", "nested", "list-item", "paused", "execution-setting"],
)
def test_unknown_values_count_as_changes(field, value):
    assert diff(OBSERVED, {**DESIRED, field: value}).changed == (field,)


def test_only_declared_fields_force_replacement():
    changed = diff(OBSERVED, {**DESIRED, "name": "x"})
    assert changed.replaces == ()
    assert diff(OBSERVED, {**DESIRED, "name": "x"}, frozenset({"name"})).replaces == ("name",)
