"""A stack written by the first released layout keeps working with today's code.

`tests/fixtures/state/v0-stack.json` was written by commit e867b91, whose resources pickle
`pulumi_qoder.provider.DeploymentProvider` and `pulumi_qoder.run_provider.DeploymentRunProvider`
into their `__provider`. The same deployments are made live here and the state is imported.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from pulumi import automation as auto

pytestmark = [
    pytest.mark.engine,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "state"
_spec = importlib.util.spec_from_file_location("make_v0_state", FIXTURES / "make_v0_state.py")
v0 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(v0)


@pytest.fixture
def legacy_stack(make_stack, api_client, served_emulator):
    """The v0 state imported over live deployments made to match it (ids rewritten)."""
    text = (FIXTURES / "v0-stack.json").read_text()
    resources = json.loads(text)["deployment"]["resources"]
    recorded = {r["urn"].rsplit("::", 1)[1]: r for r in resources}
    body = {
        "agent": v0.AGENT,
        "environment_id": v0.ENVIRONMENT,
        "initial_events": [{"type": "user.message", "content": "Generate today's status report"}],
    }
    cron = api_client.deployments.create(
        name="legacy-cron",
        schedule={"type": "cron", "expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
        metadata={"team": "platform"},
        **body,
    )
    auto_name = recorded["legacy-auto"]["outputs"]["name"]
    auto_named = api_client.deployments.create(name=auto_name, **body)
    paused = api_client.deployments.create(name="legacy-paused", **body)
    api_client.deployments.pause(paused.id)
    run = api_client.deployments.run(cron.id)
    for key, new_id in {
        "legacy-cron": cron.id,
        "legacy-auto": auto_named.id,
        "legacy-paused": paused.id,
        "legacy-run": run.id,
    }.items():
        text = text.replace(recorded[key]["id"], new_id)
    text = text.replace("http://127.0.0.1:0/api/v1/cloud", served_emulator.base_url)
    stack = make_stack(v0.program, project="qoder-legacy")
    state = json.loads(text)
    deployment = auto.Deployment(version=state["version"], deployment=state["deployment"])
    stack.stack.import_stack(deployment)
    return stack


def test_old_state_previews_no_changes_with_todays_providers(legacy_stack, journal):
    journal.clear()

    preview = legacy_stack.preview(refresh=True)

    assert preview.change_summary == {"same": 5}
    assert journal.writes() == []


def test_old_state_destroys_through_its_pickled_providers(legacy_stack, api_client):
    legacy_stack.destroy()

    assert [d.name for d in api_client.deployments.iter()] == []
