"""Payloads that break the documented contract fail with a message naming the field."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pulumi_qoder.models import Deployment, DeploymentList, DeploymentRun, ErrorEnvelope

FIXTURES = Path(__file__).parents[1] / "fixtures" / "qoder-api"


def load(name):
    return json.loads((FIXTURES / name).read_text())


def with_change(payload, path, value):
    target = payload
    *parents, last = path
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return payload


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (["id"], KeyError, "id"),
        (["type"], "agent", "type"),
        (["status"], "archived", "status"),
        (["agent", "version"], "1", "agent.version"),
        (["created_at"], "14 June 2026", "created_at"),
        (["schedule", "type"], "rate", "schedule.type"),
        (["schedule", "upcoming_runs_at", 0], "soon", "schedule.upcoming_runs_at.0"),
        (["metadata", "team"], 7, "metadata.team"),
        (["metadata", "cas_config", "config", "timeout_ms"], "300s",
         "metadata.cas_config.config.timeout_ms"),
        (["initial_events", 0, "type"], "user.shout", "initial_events.0.type"),
        (["initial_events", 0], {"type": "user.message"}, "initial_events.0"),
        (["resources"], [{"type": "s3_bucket"}], "resources.0"),
        (["paused_reason"], "manual", "paused_reason"),
        (["vault_ids"], "vault_1", "vault_ids"),
    ],
    ids=[
        "missing-id", "wrong-type", "unknown-status", "version-as-string", "bad-timestamp",
        "schedule-not-cron", "bad-upcoming-run", "non-string-user-metadata",
        "cas-config-wrong-type", "unknown-event-type", "message-without-content",
        "unknown-resource-type", "paused-reason-as-string", "vault-ids-not-a-list",
    ],
)
def test_malformed_deployment_is_rejected_naming_the_field(path, value, where):
    payload = with_change(load("get-response.json"), path, value)
    with pytest.raises(ValidationError) as exc:
        Deployment.model_validate(payload)
    assert where in str(exc.value)


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (["status"], "done", "status"),
        (["trigger_context", "type"], "cron", "trigger_context.type"),
        (["error"], "boom", "error"),
        (["duration_ms"], 1.5, "duration_ms"),
        (["triggered_at"], KeyError, "triggered_at"),
    ],
    ids=["unknown-status", "unknown-trigger", "error-as-string", "float-duration",
         "missing-triggered-at"],
)
def test_malformed_run_is_rejected_naming_the_field(path, value, where):
    payload = with_change(load("run-response.json"), path, value)
    with pytest.raises(ValidationError) as exc:
        DeploymentRun.model_validate(payload)
    assert where in str(exc.value)


def test_list_without_has_more_is_rejected():
    payload = with_change(load("list-response.json"), ["has_more"], KeyError)
    with pytest.raises(ValidationError, match="has_more"):
        DeploymentList.model_validate(payload)


def test_error_envelope_without_message_is_rejected():
    with pytest.raises(ValidationError, match="error.message"):
        ErrorEnvelope.model_validate({"type": "error", "error": {"type": "api_error"}})


def test_unknown_fields_are_kept_and_dumped_back():
    payload = load("get-response.json")
    payload["budget"] = {"max_list_cost": 3}
    payload["agent"]["label"] = "new"
    dep = Deployment.model_validate(payload)
    assert dep.budget == {"max_list_cost": 3}
    assert dep.to_wire() == payload


def test_user_metadata_excludes_cas_config():
    payload = load("get-response.json")
    payload["metadata"]["team"] = "infra"
    dep = Deployment.model_validate(payload)
    assert dep.user_metadata == {"team": "infra"}
    assert dep.metadata.cas_config.session_strategy == "new_session"


def test_event_content_may_be_a_list_of_blocks():
    payload = load("get-response.json")
    payload["initial_events"] = [
        {"type": "user.message", "content": [{"type": "text", "text": "hi"}]},
        {"type": "user.define_outcome", "description": "d", "rubric": {"type": "text"}},
        {"type": "system.message", "content": [{"type": "text", "text": "be brief"}]},
    ]
    dep = Deployment.model_validate(payload)
    assert dep.initial_events[0].content[0].text == "hi"
    assert dep.to_wire() == payload


def test_documented_resource_kinds_parse():
    payload = load("get-response.json")
    payload["resources"] = [
        {"type": "github_repository", "url": "https://github.com/o/r", "mount_path": "/w/r",
         "checkout": {"type": "branch", "name": "main"}},
        {"type": "file", "file_id": "file_1", "mount_path": "/mnt/f"},
        {"type": "memory_store", "memory_store_id": "memstore_1", "access": "read_only"},
    ]
    dep = Deployment.model_validate(payload)
    assert [type(r).__name__ for r in dep.resources] == [
        "GithubRepositoryResource", "FileResource", "MemoryStoreResource",
    ]
    assert dep.to_wire() == payload
