"""Each deployments endpoint sends the right method, path, query, body and headers."""

import pytest

from pulumi_qoder.client import OMIT
from pulumi_qoder.client.params import DeploymentCreate, DeploymentPatch
from pulumi_qoder.models import Deployment, DeploymentList, DeploymentRun
from tests.support.constants import AGENT, ENV

EVENTS = [{"type": "user.message", "content": "Generate today's status report"}]
MINIMAL = {
    "name": "daily-report",
    "agent": AGENT,
    "environment_id": ENV,
    "initial_events": EVENTS,
}
DEP = "dep_019ec55a2b687b3f94eee77dd77e4b2a"


def test_create_posts_the_given_fields_only(mocked):
    mocked.reply(fixture="get-response.json")
    dep = mocked.client.deployments.create(**MINIMAL)
    assert isinstance(dep, Deployment)
    assert (mocked.last.method, mocked.last.url) == ("POST", "https://api.test/api/v1/cloud/deployments")
    assert mocked.body() == MINIMAL


def test_create_sends_optional_fields_in_wire_form(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.create(
        **MINIMAL,
        description="d",
        schedule={"expression": "0 9 * * *", "timezone": "Asia/Shanghai"},
        resources=[{"type": "file", "file_id": "file_1"}],
        vault_ids=["vault_1"],
        metadata={"team": "infra"},
    )
    body = mocked.body()
    assert body["schedule"] == {"type": "cron", "expression": "0 9 * * *",
                                "timezone": "Asia/Shanghai"}
    assert body["resources"] == [{"type": "file", "file_id": "file_1"}]
    assert (body["vault_ids"], body["metadata"]) == (["vault_1"], {"team": "infra"})


def test_create_with_a_pinned_agent_sends_the_object_form(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.create(**{**MINIMAL, "agent": {"id": "agent_1", "version": 2}})
    assert mocked.body()["agent"] == {"id": "agent_1", "type": "agent", "version": 2}


def test_create_rejects_an_unknown_field_before_any_io(mocked):
    with pytest.raises(ValueError, match="initial_events"):
        mocked.client.deployments.create(**{**MINIMAL, "initial_events": [{"type": "bogus"}]})
    assert mocked.requests == []


def test_create_from_sends_a_built_request_model_with_the_given_key(mocked):
    mocked.reply(fixture="get-response.json")
    params = DeploymentCreate.model_validate({**MINIMAL, "vault_ids": ["vault_1"]})
    dep = mocked.client.deployments.create_from(params, idempotency_key="key-1")
    assert isinstance(dep, Deployment)
    assert mocked.body() == {**MINIMAL, "vault_ids": ["vault_1"]}
    assert mocked.last.headers["idempotency-key"] == "key-1"


def test_create_and_create_from_send_the_same_bytes(mocked):
    mocked.reply(fixture="get-response.json").reply(fixture="get-response.json")
    mocked.client.deployments.create(**MINIMAL, idempotency_key="k")
    mocked.client.deployments.create_from(DeploymentCreate.model_validate(MINIMAL),
                                          idempotency_key="k")
    assert mocked.requests[0].content == mocked.requests[1].content


def test_create_takes_the_request_model_or_a_mapping_of_its_fields(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.create(DeploymentCreate.model_validate(MINIMAL))
    first = mocked.body()
    mocked.client.deployments.create(MINIMAL)
    assert mocked.body() == first == MINIMAL


def test_create_with_a_model_and_keywords_too_is_refused_before_any_io(mocked):
    with pytest.raises(TypeError, match="not both"):
        mocked.client.deployments.create(MINIMAL, description="d")
    assert mocked.requests == []


def test_update_takes_the_patch_model_or_a_mapping(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.update(DEP, DeploymentPatch(metadata={"gone": None}))
    assert mocked.body() == {"metadata": {"gone": None}}
    mocked.client.deployments.update(DEP, {"description": None})
    assert mocked.body() == {"description": None}


def test_retrieve_gets_the_deployment(mocked):
    mocked.reply(fixture="get-response.json")
    dep = mocked.client.deployments.retrieve(DEP)
    assert (mocked.last.method, mocked.last.url.path) == ("GET", f"/api/v1/cloud/deployments/{DEP}")
    assert dep.metadata.cas_config.config.timeout_ms == 300000


def test_update_sends_only_the_fields_given(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.update(DEP, name="renamed", description=OMIT)
    assert mocked.last.method == "POST"
    assert mocked.last.url.path == f"/api/v1/cloud/deployments/{DEP}"
    assert mocked.body() == {"name": "renamed"}


def test_update_sends_none_as_null_to_clear(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.update(DEP, schedule=None, description=None)
    assert mocked.body() == {"schedule": None, "description": None}


def test_update_metadata_none_deletes_that_key(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.update(DEP, metadata={"old": None, "new": "v"})
    assert mocked.body() == {"metadata": {"old": None, "new": "v"}}


def test_update_from_sends_only_the_patch_models_set_fields(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.update_from(DEP, DeploymentPatch(name="renamed", schedule=None))
    assert mocked.last.url.path == f"/api/v1/cloud/deployments/{DEP}"
    assert mocked.body() == {"name": "renamed", "schedule": None}


def test_list_sends_every_filter_as_query(mocked):
    mocked.reply(fixture="list-response.json")
    page = mocked.client.deployments.list(
        limit=5, after_id="dep_a", status="paused", include_archived=True, agent_id="agent_1"
    )
    assert isinstance(page, DeploymentList)
    assert dict(mocked.last.url.params) == {
        "limit": "5", "after_id": "dep_a", "status": "paused",
        "include_archived": "true", "agent_id": "agent_1",
    }


def test_list_without_filters_sends_no_query(mocked):
    mocked.reply(fixture="list-empty-response-agents.json")
    assert mocked.client.deployments.list().data == []
    assert mocked.last.url.query == b""


def test_list_before_id_is_sent(mocked):
    mocked.reply(fixture="list-empty-response-agents.json")
    mocked.client.deployments.list(before_id="dep_b")
    assert mocked.last.url.params["before_id"] == "dep_b"


@pytest.mark.parametrize("action", ["pause", "unpause", "archive"])
def test_state_actions_post_to_their_path(mocked, action):
    mocked.reply(fixture="pause-response.json")
    dep = getattr(mocked.client.deployments, action)(DEP)
    assert isinstance(dep, Deployment)
    assert mocked.last.method == "POST"
    assert mocked.last.url.path == f"/api/v1/cloud/deployments/{DEP}/{action}"


def test_run_posts_and_returns_a_run(mocked):
    mocked.reply(fixture="run-response.json")
    run = mocked.client.deployments.run(DEP)
    assert isinstance(run, DeploymentRun)
    assert run.status == "running"
    assert mocked.last.url.path == f"/api/v1/cloud/deployments/{DEP}/run"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.deployments.retrieve(""),
        lambda c: c.deployments.update("  ", name="x"),
        lambda c: c.deployments.pause(""),
        lambda c: c.deployments.unpause(""),
        lambda c: c.deployments.archive(""),
        lambda c: c.deployments.run(""),
        lambda c: c.deployments.runs.list(""),
        lambda c: c.deployments.runs.iter(""),
        lambda c: c.deployments.runs.retrieve("", deployment_id=DEP),
        lambda c: c.deployments.runs.retrieve("drun_1", deployment_id=""),
        lambda c: c.runs.retrieve(""),
    ],
    ids=["retrieve", "update", "pause", "unpause", "archive", "run", "runs.list",
         "runs.iter", "runs.retrieve-run", "runs.retrieve-deployment", "global-retrieve"],
)
def test_empty_id_is_a_value_error_before_any_io(mocked, call):
    with pytest.raises(ValueError):
        call(mocked.client)
    assert mocked.requests == []


def test_ids_are_escaped_into_one_path_segment(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.retrieve("dep/../x")
    assert mocked.last.url.raw_path == b"/api/v1/cloud/deployments/dep%2F..%2Fx"
