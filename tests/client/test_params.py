"""Request models: unknown fields fail locally, and unset differs from None."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pulumi_qoder.client.params import (
    AgentParam,
    DeploymentCreate,
    DeploymentPatch,
    InitialEventParam,
    ScheduleParam,
)
from pulumi_qoder.models import Deployment

FIXTURES = Path(__file__).parents[1] / "fixtures" / "qoder-api"
MINIMAL = {
    "name": "n", "agent": "agent_1", "environment_id": "env_1",
    "initial_events": [{"type": "user.message", "content": "hi"}],
}


def deployment():
    return Deployment.model_validate_json((FIXTURES / "pause-response.json").read_text())


def test_unknown_field_is_rejected():
    with pytest.raises(ValidationError, match="nmae"):
        DeploymentCreate(**MINIMAL, nmae="typo")


def test_unknown_nested_field_is_rejected():
    with pytest.raises(ValidationError, match="schedule.tz"):
        DeploymentCreate(**MINIMAL, schedule={"expression": "0 9 * * *", "timezone": "UTC",
                                              "tz": "x"})


def test_missing_required_field_is_rejected():
    with pytest.raises(ValidationError, match="environment_id"):
        DeploymentCreate(**{k: v for k, v in MINIMAL.items() if k != "environment_id"})


def test_constant_types_are_filled_in_and_sent():
    assert ScheduleParam(expression="0 9 * * *", timezone="UTC").model_dump(
        exclude_unset=True) == {"type": "cron", "expression": "0 9 * * *", "timezone": "UTC"}
    assert AgentParam(id="agent_1").model_dump(exclude_unset=True) == {
        "id": "agent_1", "type": "agent"}


def test_agent_version_must_be_positive():
    with pytest.raises(ValidationError, match="version"):
        AgentParam(id="agent_1", version=0)


def test_define_outcome_needs_description_and_rubric():
    with pytest.raises(ValidationError, match="description and rubric"):
        InitialEventParam(type="user.define_outcome")


def test_patch_sends_set_fields_only_with_none_as_null():
    assert DeploymentPatch(name="x", schedule=None).to_body() == {"name": "x", "schedule": None}
    assert DeploymentPatch().to_body() == {}


def test_patch_metadata_none_values_mean_delete():
    body = DeploymentPatch(metadata={"gone": None, "kept": "v"}).to_body()
    assert body == {"metadata": {"gone": None, "kept": "v"}}


def test_metadata_user_values_must_be_strings():
    with pytest.raises(ValidationError, match="metadata\\['n'\\] must be a string"):
        DeploymentPatch(metadata={"n": 1})


def test_metadata_may_carry_cas_config():
    body = DeploymentPatch(metadata={"cas_config": {"config": {"max_retries": 2}}}).to_body()
    assert body == {"metadata": {"cas_config": {"config": {"max_retries": 2}}}}


def test_response_models_can_be_passed_back_without_server_fields():
    dep = deployment()
    body = DeploymentPatch(
        agent=dep.agent, schedule=dep.schedule, initial_events=dep.initial_events
    ).to_body()
    assert body == {
        "agent": {"id": dep.agent.id, "type": "agent", "version": 1},
        "schedule": {"type": "cron", "expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
        "initial_events": [{"type": "user.message", "content": "Generate today's status report"}],
    }


def test_create_body_is_json_ready():
    body = DeploymentCreate(**MINIMAL, vault_ids=["vault_1"]).model_dump(
        mode="json", exclude_unset=True)
    assert json.loads(json.dumps(body)) == {**MINIMAL, "vault_ids": ["vault_1"]}
