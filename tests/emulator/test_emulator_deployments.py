"""Create, retrieve, update and list deployments over HTTP."""

import json

import pytest

from pulumi_qoder.emulator.app import ROUTES
from tests.emulator.emulator_support import SCHEDULED, body, error_of, example
from tests.support.constants import AGENT, ENV


def test_create_returns_the_full_deployment_with_defaults(emulator_api):
    dep = emulator_api.created()
    assert set(dep) == set(example("get-response.json"))
    assert dep["id"].startswith("dep_") and len(dep["id"]) == 36
    assert dep["status"] == "active"
    assert dep["paused_reason"] is None and dep["archived_at"] is None
    assert dep["schedule"] is None
    assert dep["description"] == ""
    assert dep["resources"] == [] and dep["vault_ids"] == []
    assert dep["agent"] == {"id": AGENT, "type": "agent", "version": 1}
    assert dep["metadata"]["cas_config"] == {
        "config": {"max_concurrent": 1, "max_retries": 0, "timeout_ms": 300000},
        "session_strategy": "new_session",
        "stats": {"consecutive_failures": 0, "total_failures": 0, "total_runs": 0},
    }
    assert dep["created_at"] == dep["updated_at"] == "2026-06-14T08:58:01Z"


def test_create_answers_200_with_sorted_keys(emulator_api):
    response = emulator_api.create()
    assert response.status_code == 200
    keys = list(json.loads(response.text))
    assert keys == sorted(keys)


def test_created_deployment_is_readable_by_id(emulator_api):
    dep = emulator_api.created(**SCHEDULED)
    assert emulator_api.get(dep["id"]).json() == dep


def test_agent_object_form_keeps_its_version(emulator_api):
    dep = emulator_api.created(agent={"id": AGENT, "type": "agent", "version": 3})
    assert dep["agent"] == {"id": AGENT, "type": "agent", "version": 3}


def test_initial_events_are_echoed_exactly(emulator_api):
    events = [
        {"type": "user.message", "content": [{"type": "text", "text": "hi"}]},
        {"type": "user.define_outcome", "description": "d", "rubric": {"type": "text"}},
        {"type": "system.message", "content": "be brief"},
    ]
    assert emulator_api.created(initial_events=events)["initial_events"] == events


def test_resources_are_echoed_without_write_only_tokens(emulator_api):
    repo = {"type": "github_repository", "url": "https://x/y", "authorization_token": "ghp_s"}
    dep = emulator_api.created(resources=[repo])
    assert dep["resources"] == [{"type": "github_repository", "url": "https://x/y"}]


def test_client_sent_cas_config_is_applied_and_stats_ignored(emulator_api):
    cas = {"config": {"max_retries": 2, "timeout_ms": 5000}, "stats": {"total_runs": 99}}
    dep = emulator_api.created(metadata={"team": "a", "cas_config": cas})
    assert dep["metadata"]["team"] == "a"
    assert dep["metadata"]["cas_config"]["config"] == {
        "max_concurrent": 1, "max_retries": 2, "timeout_ms": 5000,
    }
    assert dep["metadata"]["cas_config"]["stats"]["total_runs"] == 0


def test_unknown_deployment_is_not_found(emulator_api):
    response = emulator_api.get("dep_019ec55a2b687b3f94eee77dd77e4b2a")
    assert response.status_code == 404
    assert error_of(response)["type"] == "not_found_error"


def test_missing_token_is_401(emulator):
    response = emulator.http.get("/api/v1/cloud/deployments", headers={"Authorization": ""})
    assert response.status_code == 401
    assert error_of(response) == {
        "type": "authentication_error", "message": "Invalid API key or token.",
    }


def test_wrong_token_is_401(emulator):
    response = emulator.http.post(
        "/api/v1/cloud/deployments", json=body(), headers={"Authorization": "Bearer pt-nope"}
    )
    assert response.status_code == 401
    assert emulator.service.list().items == []


def test_x_api_key_is_not_accepted(emulator):
    response = emulator.http.get(
        "/api/v1/cloud/deployments",
        headers={"Authorization": "", "x-api-key": "pt-test-token-for-emulator-0001"},
    )
    assert response.status_code == 401


def test_every_response_has_a_request_id(emulator_api):
    assert emulator_api.create().headers["x-request-id"].startswith("req_")
    assert emulator_api.get("dep_019ec55a2b687b3f94eee77dd77e4b2a").headers["x-request-id"]


def test_duplicate_name_is_a_conflict(emulator_api):
    emulator_api.created(name="same")
    response = emulator_api.create(name="same")
    assert response.status_code == 409
    assert error_of(response)["type"] == "conflict_error"


def test_rename_to_a_taken_name_is_a_conflict(emulator_api):
    emulator_api.created(name="taken")
    dep = emulator_api.created(name="other")
    response = emulator_api.update(dep["id"], {"name": "taken"})
    assert response.status_code == 409
    assert emulator_api.get(dep["id"]).json()["name"] == "other"


def test_archived_name_can_be_reused(emulator_api):
    dep = emulator_api.created(name="reuse")
    emulator_api.action(dep["id"], "archive")
    assert emulator_api.create(name="reuse").status_code == 200


def test_update_changes_only_sent_fields(emulator_api, emulator):
    dep = emulator_api.created(**SCHEDULED)
    emulator.clock.advance(60)
    updated = emulator_api.update(dep["id"], {"description": "new"}).json()
    assert updated["description"] == "new"
    assert updated["updated_at"] == "2026-06-14T08:59:01Z"
    assert {k: v for k, v in updated.items() if k not in ("description", "updated_at")} == {
        k: v for k, v in dep.items() if k not in ("description", "updated_at")
    }


def test_empty_update_changes_nothing(emulator_api, emulator):
    dep = emulator_api.created()
    emulator.clock.advance(60)
    assert emulator_api.update(dep["id"], {}).json() == dep


def test_metadata_merge_patch_upserts_and_deletes(emulator_api):
    dep = emulator_api.created(metadata={"a": "1", "b": "2"})
    updated = emulator_api.update(dep["id"], {"metadata": {"a": None, "c": "3"}}).json()
    user = {k: v for k, v in updated["metadata"].items() if k != "cas_config"}
    assert user == {"b": "2", "c": "3"}


def test_cas_config_is_deep_merged_on_update(emulator_api):
    dep = emulator_api.created(metadata={"cas_config": {"config": {"max_retries": 3}}})
    patch = {"metadata": {"cas_config": {"config": {"max_concurrent": 4}}}}
    config = emulator_api.update(dep["id"], patch).json()["metadata"]["cas_config"]["config"]
    assert config == {"max_concurrent": 4, "max_retries": 3, "timeout_ms": 300000}


def test_null_cas_config_restores_defaults(emulator_api):
    dep = emulator_api.created(metadata={"cas_config": {"config": {"max_retries": 3}}})
    config = emulator_api.update(dep["id"], {"metadata": {"cas_config": None}}).json()
    assert config["metadata"]["cas_config"]["config"]["max_retries"] == 0


def test_schedule_null_makes_it_manual_only(emulator_api):
    dep = emulator_api.created(**SCHEDULED)
    updated = emulator_api.update(dep["id"], {"schedule": None}).json()
    assert updated["schedule"] is None
    assert "next_trigger_at" not in updated["metadata"]["cas_config"]["stats"]


def test_schedule_change_recomputes_upcoming_runs(emulator_api):
    dep = emulator_api.created(**SCHEDULED)
    schedule = {"type": "cron", "expression": "0 9 * * *", "timezone": "Asia/Shanghai"}
    updated = emulator_api.update(dep["id"], {"schedule": schedule}).json()
    assert updated["schedule"]["upcoming_runs_at"][:2] == [
        "2026-06-15T01:00:00Z", "2026-06-16T01:00:00Z",
    ]
    assert updated["metadata"]["cas_config"]["stats"]["next_trigger_at"] == "2026-06-15T01:00:00Z"


def test_update_replaces_lists_and_clears_with_null(emulator_api):
    vault = "vault_019ec55a2b687b3f94eee77dd77e4b2a"
    dep = emulator_api.created(vault_ids=[vault], description="d")
    updated = emulator_api.update(dep["id"], {"vault_ids": None, "description": None}).json()
    assert updated["vault_ids"] == [] and updated["description"] == ""


def test_update_of_unknown_deployment_is_not_found(emulator_api):
    response = emulator_api.update("dep_019ec55a2b687b3f94eee77dd77e4b2a", {"name": "x"})
    assert response.status_code == 404


def test_update_of_paused_deployment_keeps_it_paused(emulator_api):
    dep = emulator_api.created()
    emulator_api.action(dep["id"], "pause")
    assert emulator_api.update(dep["id"], {"name": "renamed"}).json()["status"] == "paused"


def test_create_without_content_type_is_accepted(emulator):
    response = emulator.http.post(
        "/api/v1/cloud/deployments", content=json.dumps(body()).encode()
    )
    assert response.status_code == 200


def test_same_idempotency_key_replays_without_creating_again(emulator_api, emulator):
    headers = {"Idempotency-Key": "b3c7e1a0-0000-4000-8000-000000000001"}
    first = emulator.http.post("/api/v1/cloud/deployments", json=body(), headers=headers)
    second = emulator.http.post("/api/v1/cloud/deployments", json=body(), headers=headers)
    assert second.status_code == 200 and second.json() == first.json()
    assert len(emulator_api.list().json()["data"]) == 1


def test_idempotency_key_reused_with_another_body_is_a_conflict(emulator):
    headers = {"Idempotency-Key": "b3c7e1a0-0000-4000-8000-000000000002"}
    emulator.http.post("/api/v1/cloud/deployments", json=body(), headers=headers)
    response = emulator.http.post(
        "/api/v1/cloud/deployments", json=body(name="other"), headers=headers
    )
    assert response.status_code == 409
    assert error_of(response)["type"] == "conflict_error"


def test_environment_id_is_stored(emulator_api):
    assert emulator_api.created()["environment_id"] == ENV


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in ROUTES])
def test_every_endpoint_requires_the_bearer_token(emulator, method, path):
    path = path.format(deployment_id="dep_019ec55a2b687b3f94eee77dd77e4b2a",
                       run_id="drun_019ec55a68af73028afa5b87931cb2f3")
    response = emulator.http.request(method, f"/api/v1/cloud{path}",
                                     headers={"Authorization": "Bearer pt-wrong"})
    assert response.status_code == 401
    assert error_of(response)["type"] == "authentication_error"
