"""DeploymentSpec: from checked inputs to the API's create body and patch values."""

from __future__ import annotations

from pulumi_qoder.core.deployment.spec import DeploymentSpec

MINIMAL = {
    "name": "daily-report",
    "agent": "agent_1",
    "environment_id": "env_1",
    "initial_events": [{"type": "user.message", "content": "hi"}],
    "__provider": "blob",
    "__name": "report",
}


def test_a_minimal_spec_sends_only_required_fields():
    assert DeploymentSpec.from_props(MINIMAL).create_body() == {
        "name": "daily-report",
        "agent": "agent_1",
        "environment_id": "env_1",
        "initial_events": [{"type": "user.message", "content": "hi"}],
    }


def test_every_field_reaches_the_create_body():
    spec = DeploymentSpec.from_props(
        {
            **MINIMAL,
            "description": "d",
            "agent": {"id": "agent_1", "version": 2.0},
            "schedule": {"expression": "0 9 * * *", "timezone": "UTC"},
            "resources": [{"type": "file", "file_id": "file_1", "mount_path": None}],
            "vault_ids": ["vault_1"],
            "metadata": {"team": "infra"},
            "max_retries": 2.0,
            "timeout_ms": 60_000,
            "paused": True,
        }
    )
    assert spec.create_body() == {
        "name": "daily-report",
        "description": "d",
        "agent": {"id": "agent_1", "type": "agent", "version": 2},
        "environment_id": "env_1",
        "schedule": {"type": "cron", "expression": "0 9 * * *", "timezone": "UTC"},
        "initial_events": [{"type": "user.message", "content": "hi"}],
        "resources": [{"type": "file", "file_id": "file_1"}],
        "vault_ids": ["vault_1"],
        "metadata": {
            "team": "infra",
            "cas_config": {"config": {"max_retries": 2, "timeout_ms": 60_000}},
        },
    }
    assert spec.paused is True


def test_protobuf_floats_become_ints_in_events():
    event = {"type": "user.define_outcome", "description": "d", "rubric": {}, "max_iterations": 3.0}
    spec = DeploymentSpec.from_props({**MINIMAL, "initial_events": [event]})
    assert spec.initial_events[0]["max_iterations"] == 3
    assert isinstance(spec.initial_events[0]["max_iterations"], int)


def test_an_agent_object_without_version_is_sent_as_a_bare_id():
    spec = DeploymentSpec.from_props({**MINIMAL, "agent": {"id": "agent_1"}})
    assert spec.request_value("agent") == "agent_1"


def test_cas_config_fills_unset_settings_from_the_live_values():
    spec = DeploymentSpec.from_props({**MINIMAL, "max_retries": 4})
    live = {
        "session_strategy": "new_session",
        "max_retries": 0,
        "timeout_ms": 5,
        "max_concurrent": 2,
    }
    assert spec.cas_config(live) == {
        "session_strategy": "new_session",
        "config": {"max_retries": 4, "timeout_ms": 5, "max_concurrent": 2},
    }


def test_props_leave_out_unset_execution_settings():
    props = DeploymentSpec.from_props(MINIMAL).props()
    assert "max_retries" not in props and props["schedule"] is None and props["paused"] is False
