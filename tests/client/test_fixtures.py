"""Every example payload parses into its model and dumps back to the same JSON."""

import json
from pathlib import Path

import pytest

from pulumi_qoder.models import (
    Deployment,
    DeploymentList,
    DeploymentRun,
    DeploymentRunList,
    ErrorEnvelope,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "qoder-api"

MODEL_FOR = {
    "archive-response.json": Deployment,
    "get-response.json": Deployment,
    "pause-response.json": Deployment,
    "run-response.json": DeploymentRun,
    "get-run-response.json": DeploymentRun,
    "list-response.json": DeploymentList,
    "list-empty-response-agents.json": DeploymentList,
    "list-runs-response.json": DeploymentRunList,
    "error-400.json": ErrorEnvelope,
    "error-400-schemas-page.json": ErrorEnvelope,
    "error-401.json": ErrorEnvelope,
    "error-envelope-template.json": ErrorEnvelope,
}


def load(name):
    return json.loads((FIXTURES / name).read_text())


def test_every_fixture_file_has_a_model():
    assert sorted(p.name for p in FIXTURES.glob("*.json")) == sorted(MODEL_FOR)


@pytest.mark.parametrize("name", sorted(MODEL_FOR))
def test_fixture_round_trips_exactly(name):
    raw = load(name)
    assert MODEL_FOR[name].model_validate(raw).to_wire() == raw


@pytest.mark.parametrize("name", sorted(MODEL_FOR))
def test_fixture_round_trips_from_json_text(name):
    text = (FIXTURES / name).read_text()
    model = MODEL_FOR[name].model_validate_json(text)
    assert json.loads(model.model_dump_json(exclude_unset=True)) == json.loads(text)


def test_list_without_next_page_keeps_the_key_absent():
    page = DeploymentList.model_validate(load("list-empty-response-agents.json"))
    assert page.next_page is None
    assert "next_page" not in page.to_wire()


def test_run_keys_absent_until_terminal_stay_absent():
    wire = DeploymentRun.model_validate(load("run-response.json")).to_wire()
    assert "completed_at" not in wire
    assert "duration_ms" not in wire
    assert wire["error"] is None


def test_schedule_last_run_at_absent_before_first_run():
    dep = Deployment.model_validate(load("get-response.json"))
    assert dep.schedule.last_run_at is None
    assert "last_run_at" not in dep.to_wire()["schedule"]
