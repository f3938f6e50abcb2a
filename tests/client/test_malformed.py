"""Altered payloads: read as sent where that is safe, else fail with a message naming the field."""

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
        (["created_at"], "14 June 2026", "created_at"),
        (["schedule", "upcoming_runs_at", 0], "soon", "schedule.upcoming_runs_at.0"),
        (["metadata", "team"], 7, "metadata.team"),
        (["metadata", "cas_config", "config", "timeout_ms"], "300s",
         "metadata.cas_config.config.timeout_ms"),
        (["agent", "version"], 1.5, "agent.version"),
        (["paused_reason"], "manual", "paused_reason"),
        (["vault_ids"], "vault_1", "vault_ids"),
    ],
    ids=[
        "missing-id", "bad-timestamp", "bad-upcoming-run", "non-string-user-metadata",
        "cas-config-wrong-type", "fractional-version", "paused-reason-as-string",
        "vault-ids-not-a-list",
    ],
)
def test_malformed_deployment_is_rejected_naming_the_field(path, value, where):
    payload = with_change(load("get-response.json"), path, value)
    with pytest.raises(ValidationError) as exc:
        Deployment.model_validate(payload)
    assert where in str(exc.value)


@pytest.mark.parametrize(
    ("path", "value", "attribute", "read_as"),
    [
        (["type"], "agent", "type", "agent"),
        (["status"], "suspended", "status", "suspended"),
        (["schedule", "type"], "rate", "schedule.type", "rate"),
        (["agent", "version"], 3.0, "agent.version", 3),
        (["agent"], None, "agent", None),
        (["name"], KeyError, "name", None),
        (["created_at"], None, "created_at", None),
        (["initial_events"], None, "initial_events", None),
        (["schedule", "upcoming_runs_at"], None, "schedule.upcoming_runs_at", None),
        (["metadata", "cas_config", "config", "timeout_ms"], 300000.0,
         "metadata.cas_config.config.timeout_ms", 300000),
        (["metadata", "cas_config", "stats"], {"total_runs": None, "shards": [1, 2]},
         "metadata.cas_config.stats.total_runs", None),
        (["initial_events", 0, "type"], "user.shout", "initial_events.0.type", "user.shout"),
        (["initial_events", 0], {"type": "user.message"}, "initial_events.0.content", None),
        (["resources"], [{"type": "s3_bucket", "arn": "a"}], "resources.0.type", "s3_bucket"),
        (["paused_reason"], {"type": "budget", "limit": {"usd": 5}}, "paused_reason.type",
         "budget"),
    ],
    ids=[
        "unknown-type", "unknown-status", "unknown-schedule-type", "whole-float-version",
        "null-agent", "missing-name", "null-created-at", "null-initial-events",
        "null-upcoming-runs", "whole-float-timeout", "nested-null-and-new-list",
        "unknown-event-type", "message-without-content", "unknown-resource-type",
        "unknown-paused-reason",
    ],
)
def test_altered_deployment_is_read_as_sent(path, value, attribute, read_as):
    payload = with_change(load("get-response.json"), path, value)
    dep = Deployment.model_validate(payload)
    got = dep
    for part in attribute.split("."):
        got = got[int(part)] if part.isdigit() else getattr(got, part)
    assert got == read_as


@pytest.mark.parametrize(
    ("path", "attribute"),
    [
        (["schedule", "upcoming_runs_at"], "schedule.upcoming_runs_at"),
        (["vault_ids"], "vault_ids"),
        (["initial_events"], "initial_events"),
        (["resources"], "resources"),
    ],
    ids=["upcoming-runs", "vault-ids", "initial-events", "resources"],
)
def test_a_null_inside_a_list_is_dropped(path, attribute):
    payload = load("get-response.json")
    items = payload
    for key in path:
        items = items[key]
    expected = Deployment.model_validate(payload)
    for part in attribute.split("."):
        expected = getattr(expected, part)
    items[:] = [None, *items, None]
    got = Deployment.model_validate_json(json.dumps(payload))
    for part in attribute.split("."):
        got = getattr(got, part)
    assert got == expected


def test_a_null_inside_a_page_of_deployments_drops_it_from_their_lists():
    payload = load("list-response.json")
    payload["data"][0]["vault_ids"] = ["vault_1", None]
    page = DeploymentList.model_validate(payload)
    assert page.data[0].vault_ids == ["vault_1"]


def test_unknown_resource_type_is_dumped_back_as_sent():
    payload = with_change(load("get-response.json"), ["resources"], [{"type": "s3", "arn": "a"}])
    assert Deployment.model_validate(payload).to_wire()["resources"] == [{"type": "s3", "arn": "a"}]


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (["error"], "boom", "error"),
        (["duration_ms"], 1.5, "duration_ms"),
        (["id"], KeyError, "id"),
    ],
    ids=["error-as-string", "fractional-duration", "missing-id"],
)
def test_malformed_run_is_rejected_naming_the_field(path, value, where):
    payload = with_change(load("run-response.json"), path, value)
    with pytest.raises(ValidationError) as exc:
        DeploymentRun.model_validate(payload)
    assert where in str(exc.value)


@pytest.mark.parametrize(
    ("path", "value", "attribute", "read_as"),
    [
        (["status"], "done", "status", "done"),
        (["trigger_context", "type"], "cron", "trigger_context.type", "cron"),
        (["duration_ms"], 1500.0, "duration_ms", 1500),
        (["triggered_at"], KeyError, "triggered_at", None),
    ],
    ids=["unknown-status", "unknown-trigger", "whole-float-duration", "missing-triggered-at"],
)
def test_altered_run_is_read_as_sent(path, value, attribute, read_as):
    payload = with_change(load("run-response.json"), path, value)
    got = DeploymentRun.model_validate(payload)
    for part in attribute.split("."):
        got = getattr(got, part)
    assert got == read_as


def test_list_without_data_is_rejected():
    payload = with_change(load("list-response.json"), ["data"], KeyError)
    with pytest.raises(ValidationError, match="data"):
        DeploymentList.model_validate(payload)


def test_list_without_has_more_reads_it_as_none_and_stops():
    page = DeploymentList.model_validate(
        with_change(load("list-response.json"), ["has_more"], KeyError)
    )
    assert page.has_more is None
    assert page.next_cursor is None


def test_error_envelope_without_message_reads_it_as_none():
    envelope = ErrorEnvelope.model_validate({"type": "error", "error": {"type": "api_error"}})
    assert envelope.error.message is None


def test_unknown_fields_are_kept_and_dumped_back():
    payload = load("get-response.json")
    payload["budget"] = {"max_list_cost": 3}
    payload["agent"]["label"] = "new"
    dep = Deployment.model_validate(payload)
    assert dep.budget == {"max_list_cost": 3}
    assert dep.to_wire() == payload


def test_a_missing_field_is_dumped_back_absent_and_a_null_one_as_null():
    payload = with_change(load("get-response.json"), ["status"], KeyError)
    payload["paused_reason"] = None
    payload["agent"]["version"] = None
    wire = Deployment.model_validate(payload).to_wire()
    assert "status" not in wire
    assert wire["paused_reason"] is None
    assert wire == payload


def test_a_missing_field_reads_as_none_in_a_model_with_its_own_validator():
    payload = load("get-response.json")
    del payload["initial_events"][0]["type"]
    event = Deployment.model_validate(payload).initial_events[0]
    assert event.type is None


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
