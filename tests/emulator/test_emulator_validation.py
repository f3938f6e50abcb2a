"""Every documented 400: bad fields on create and update, bad list parameters."""

import pytest

from tests.emulator.emulator_support import MINIMAL, body, error_of
from tests.support.constants import AGENT

HEX = "019ec55a2b687b3f94eee77dd77e4b2a"
EVENT = {"type": "user.message", "content": "x"}
CRON = {"type": "cron", "expression": "0 9 * * *", "timezone": "UTC"}
WITHOUT = object()  # marks a field to drop from the body

CREATE_ERRORS = [
    ("missing-name", {"name": WITHOUT}, "name"),
    ("empty-name", {"name": ""}, "name"),
    ("name-too-long", {"name": "n" * 257}, "name"),
    ("name-not-string", {"name": 5}, "name"),
    ("missing-agent", {"agent": WITHOUT}, "agent"),
    ("agent-bad-prefix", {"agent": f"ag_{HEX}"}, "agent"),
    ("agent-short-hex", {"agent": "agent_abc"}, "agent"),
    ("agent-object-without-id", {"agent": {"version": 1}}, "agent.id"),
    ("agent-version-zero", {"agent": {"id": AGENT, "version": 0}}, "agent.version"),
    ("agent-wrong-type", {"agent": {"id": AGENT, "type": "env"}}, "agent.type"),
    ("missing-environment", {"environment_id": WITHOUT}, "environment_id"),
    ("environment-bad-prefix", {"environment_id": f"environment_{HEX}"}, "environment_id"),
    ("missing-events", {"initial_events": WITHOUT}, "initial_events"),
    ("no-events", {"initial_events": []}, "initial_events"),
    ("too-many-events", {"initial_events": [EVENT] * 51}, "initial_events"),
    ("unknown-event-type", {"initial_events": [{"type": "user.shout"}]}, "initial_events[0].type"),
    ("event-without-type", {"initial_events": [{"content": "x"}]}, "initial_events[0].type"),
    ("schedule-not-cron", {"schedule": {**CRON, "type": "rate"}}, "schedule.type"),
    ("schedule-missing-timezone", {"schedule": {"type": "cron", "expression": "0 9 * * *"}},
     "schedule.timezone"),
    ("cron-six-fields", {"schedule": {**CRON, "expression": "0 0 9 * * *"}}, "schedule.expression"),
    ("cron-four-fields", {"schedule": {**CRON, "expression": "0 9 * *"}}, "schedule.expression"),
    ("cron-shortcut", {"schedule": {**CRON, "expression": "@daily"}}, "schedule.expression"),
    ("cron-out-of-range", {"schedule": {**CRON, "expression": "61 9 * * *"}},
     "schedule.expression"),
    ("cron-last-day", {"schedule": {**CRON, "expression": "0 9 L * *"}}, "schedule.expression"),
    ("cron-never-fires", {"schedule": {**CRON, "expression": "0 9 30 2 *"}},
     "schedule.expression"),
    ("bad-timezone", {"schedule": {**CRON, "timezone": "Mars/Olympus"}}, "schedule.timezone"),
    ("offset-not-zone", {"schedule": {**CRON, "timezone": "+08:00"}}, "schedule.timezone"),
    ("too-many-vault-ids", {"vault_ids": [f"vault_{HEX}"] * 51}, "vault_ids"),
    ("bad-vault-id", {"vault_ids": ["vlt_1"]}, "vault_ids[0]"),
    ("too-many-metadata-keys", {"metadata": {f"k{i}": "v" for i in range(17)}}, "metadata"),
    ("metadata-key-too-long", {"metadata": {"k" * 65: "v"}}, "metadata." + "k" * 65),
    ("metadata-value-too-long", {"metadata": {"k": "v" * 513}}, "metadata.k"),
    ("metadata-value-not-string", {"metadata": {"k": 1}}, "metadata.k"),
    ("metadata-null-on-create", {"metadata": {"k": None}}, "metadata.k"),
    ("cas-config-not-object", {"metadata": {"cas_config": "x"}}, "metadata.cas_config"),
    ("cas-config-unknown-key", {"metadata": {"cas_config": {"speed": 1}}},
     "metadata.cas_config.speed"),
    ("session-strategy-unknown", {"metadata": {"cas_config": {"session_strategy": "reuse"}}},
     "metadata.cas_config.session_strategy"),
    ("max-retries-too-high", {"metadata": {"cas_config": {"config": {"max_retries": 11}}}},
     "metadata.cas_config.config.max_retries"),
    ("timeout-too-low", {"metadata": {"cas_config": {"config": {"timeout_ms": 999}}}},
     "metadata.cas_config.config.timeout_ms"),
    ("max-concurrent-zero", {"metadata": {"cas_config": {"config": {"max_concurrent": 0}}}},
     "metadata.cas_config.config.max_concurrent"),
    ("resource-unknown-type", {"resources": [{"type": "s3"}]}, "resources[0].type"),
    ("file-resource-bad-id", {"resources": [{"type": "file", "file_id": "f1"}]},
     "resources[0].file_id"),
    ("unknown-field", {"paused": True}, "paused"),
]


@pytest.mark.parametrize(
    ("changes", "param"), [c[1:] for c in CREATE_ERRORS], ids=[c[0] for c in CREATE_ERRORS]
)
def test_create_rejects_invalid_field(emulator_api, changes, param):
    payload = body(**changes)
    for field in [k for k, v in changes.items() if v is WITHOUT]:
        del payload[field]
    response = emulator_api.http.post("/api/v1/cloud/deployments", json=payload)
    assert response.status_code == 400, response.text
    error = error_of(response)
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert emulator_api.list().json()["data"] == []


def test_missing_name_matches_the_documented_error(emulator_api):
    payload = body()
    del payload["name"]
    response = emulator_api.http.post("/api/v1/cloud/deployments", json=payload)
    assert error_of(response) == {
        "type": "invalid_request_error", "message": "Missing required field: name", "param": "name",
    }


def test_unicode_name_of_256_characters_is_accepted(emulator_api):
    assert emulator_api.create(name="名" * 256).status_code == 200


def test_sixteen_metadata_keys_plus_cas_config_are_accepted(emulator_api):
    metadata = {f"k{i}": "v" * 512 for i in range(16)}
    metadata["cas_config"] = {"config": {"max_retries": 10}}
    assert emulator_api.create(metadata=metadata).status_code == 200


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "Request body is not valid JSON."),
        (b"[]", "Request body must be a JSON object."),
        (b"", "Request body must be a JSON object."),
    ],
    ids=["malformed", "array", "empty"],
)
def test_create_rejects_a_body_that_is_not_an_object(emulator, content, message):
    response = emulator.http.post(
        "/api/v1/cloud/deployments", content=content,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert error_of(response)["message"] == message


UPDATE_ERRORS = [
    ("empty-name", {"name": ""}, "name"),
    ("null-name", {"name": None}, "name"),
    ("null-agent", {"agent": None}, "agent"),
    ("null-environment", {"environment_id": None}, "environment_id"),
    ("null-events", {"initial_events": None}, "initial_events"),
    ("no-events", {"initial_events": []}, "initial_events"),
    ("partial-schedule", {"schedule": {"expression": "0 9 * * *"}}, "schedule.type"),
    ("bad-cron", {"schedule": {**CRON, "expression": "0 9 * * * 2026"}}, "schedule.expression"),
    ("null-metadata", {"metadata": None}, "metadata"),
    ("seventeenth-key", {"metadata": {"k16": "v"}}, "metadata"),
    ("immutable-status", {"status": "paused"}, "status"),
    ("immutable-id", {"id": "dep_x"}, "id"),
]


@pytest.mark.parametrize(
    ("patch", "param"), [c[1:] for c in UPDATE_ERRORS], ids=[c[0] for c in UPDATE_ERRORS]
)
def test_update_rejects_invalid_field(emulator_api, patch, param):
    dep = emulator_api.created(metadata={f"k{i}": "v" for i in range(16)})
    response = emulator_api.update(dep["id"], patch)
    assert response.status_code == 400, response.text
    assert error_of(response)["param"] == param
    assert emulator_api.get(dep["id"]).json() == dep


LIST_ERRORS = [
    ("limit-zero", {"limit": 0}, "limit"),
    ("limit-negative", {"limit": -5}, "limit"),
    ("limit-not-number", {"limit": "ten"}, "limit"),
    ("both-cursors", {"after_id": f"dep_{HEX}", "before_id": f"dep_{HEX}"}, "before_id"),
    ("cursor-wrong-prefix", {"after_id": f"drun_{HEX}"}, "after_id"),
    ("unknown-status", {"status": "archived"}, "status"),
    ("include-archived-not-bool", {"include_archived": "maybe"}, "include_archived"),
]


@pytest.mark.parametrize(
    ("params", "param"), [c[1:] for c in LIST_ERRORS], ids=[c[0] for c in LIST_ERRORS]
)
def test_list_rejects_invalid_parameter(emulator_api, params, param):
    response = emulator_api.list(**params)
    assert response.status_code == 400
    error = error_of(response)
    assert (error["type"], error["param"]) == ("invalid_request_error", param)


RUN_LIST_ERRORS = [
    ("limit-zero", {"limit": 0}, "limit"),
    ("both-cursors", {"after_id": f"drun_{HEX}", "before_id": f"drun_{HEX}"}, "before_id"),
    ("unknown-status", {"status": "done"}, "status"),
    ("unknown-trigger-type", {"trigger_type": "cron"}, "trigger_type"),
    ("has-error-not-bool", {"has_error": "perhaps"}, "has_error"),
]


@pytest.mark.parametrize(
    ("params", "param"), [c[1:] for c in RUN_LIST_ERRORS], ids=[c[0] for c in RUN_LIST_ERRORS]
)
def test_run_list_rejects_invalid_parameter(emulator_api, params, param):
    response = emulator_api.all_runs(**params)
    assert response.status_code == 400
    assert error_of(response)["param"] == param


def test_scoped_run_list_rejects_a_bad_timestamp(emulator_api):
    dep = emulator_api.created()
    response = emulator_api.runs(dep["id"], triggered_after="yesterday")
    assert response.status_code == 400
    assert error_of(response)["param"] == "triggered_after"


def test_limit_above_the_maximum_is_capped(emulator_api):
    assert emulator_api.list(limit=5000).status_code == 200


def test_run_body_with_unknown_field_is_rejected(emulator_api):
    dep = emulator_api.created()
    path = f"/api/v1/cloud/deployments/{dep['id']}/run"
    response = emulator_api.http.post(path, json={"now": True})
    assert response.status_code == 400
    assert error_of(response)["param"] == "now"


def test_minimal_body_is_valid(emulator_api):
    assert emulator_api.http.post("/api/v1/cloud/deployments", json=MINIMAL).status_code == 200
