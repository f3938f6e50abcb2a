"""Run endpoints (one deployment's and the global ones) and paging across all pages."""

from datetime import datetime, timezone

from pulumi_qoder.models import DeploymentRun, DeploymentRunList

DEP = "dep_019ec55a2b687b3f94eee77dd77e4b2a"
RUN = "drun_019ec55a68af73028afa5b87931cb2f3"


def page(ids, more):
    item = {
        "id": "", "type": "deployment", "name": "n", "description": "", "environment_id": "env_1",
        "agent": {"id": "agent_1", "type": "agent", "version": 1}, "schedule": None,
        "initial_events": [{"type": "user.message", "content": "hi"}], "resources": [],
        "vault_ids": [], "metadata": {}, "status": "active", "paused_reason": None,
        "archived_at": None, "created_at": "2026-06-14T08:58:01Z",
        "updated_at": "2026-06-14T08:58:01Z",
    }
    return {
        "data": [{**item, "id": i} for i in ids], "first_id": ids[0] if ids else None,
        "last_id": ids[-1] if ids else None, "has_more": more,
        "next_page": ids[-1] if more and ids else None,
    }


def test_scoped_retrieve_gets_the_run(mocked):
    mocked.reply(fixture="get-run-response.json")
    run = mocked.client.deployments.runs.retrieve(RUN, deployment_id=DEP)
    assert isinstance(run, DeploymentRun)
    assert mocked.last.url.path == f"/api/v1/cloud/deployments/{DEP}/runs/{RUN}"


def test_scoped_list_sends_every_filter(mocked):
    mocked.reply(fixture="list-runs-response.json")
    result = mocked.client.deployments.runs.list(
        DEP, limit=10, after_id="drun_a", before_id="drun_b", status="failed",
        triggered_after=datetime(2026, 6, 14, 8, 0, tzinfo=timezone.utc),
        triggered_before="2026-06-15T00:00:00Z",
    )
    assert isinstance(result, DeploymentRunList)
    assert mocked.last.url.path == f"/api/v1/cloud/deployments/{DEP}/runs"
    assert dict(mocked.last.url.params) == {
        "limit": "10", "after_id": "drun_a", "before_id": "drun_b", "status": "failed",
        "triggered_after": "2026-06-14T08:00:00Z", "triggered_before": "2026-06-15T00:00:00Z",
    }


def test_global_retrieve_uses_deployment_runs(mocked):
    mocked.reply(fixture="get-run-response.json")
    assert mocked.client.runs.retrieve(RUN).id == RUN
    assert mocked.last.url.path == f"/api/v1/cloud/deployment_runs/{RUN}"


def test_global_list_sends_every_filter(mocked):
    mocked.reply(fixture="list-runs-response.json")
    mocked.client.runs.list(
        limit=3, after_id="drun_a", before_id="drun_b", deployment_id=DEP, status="completed",
        trigger_type="schedule", has_error=False,
    )
    assert mocked.last.url.path == "/api/v1/cloud/deployment_runs"
    assert dict(mocked.last.url.params) == {
        "limit": "3", "after_id": "drun_a", "before_id": "drun_b", "deployment_id": DEP,
        "status": "completed", "trigger_type": "schedule", "has_error": "false",
    }


def test_iter_follows_cursors_until_has_more_is_false(mocked):
    mocked.reply(json=page(["dep_3", "dep_2"], True)).reply(json=page(["dep_1"], False))
    ids = [d.id for d in mocked.client.deployments.iter(limit=2, status="active")]
    assert ids == ["dep_3", "dep_2", "dep_1"]
    assert [r.url.params.get("after_id") for r in mocked.requests] == [None, "dep_2"]
    assert all(r.url.params["status"] == "active" for r in mocked.requests)


def test_iter_is_lazy(mocked):
    mocked.client.deployments.iter()
    assert mocked.requests == []


def test_iter_stops_on_an_empty_page_even_if_has_more(mocked):
    mocked.reply(json=page([], True))
    assert list(mocked.client.deployments.iter()) == []
    assert len(mocked.requests) == 1


def test_iter_stops_when_the_cursor_does_not_move(mocked):
    mocked.reply(json=page(["dep_1"], True)).reply(json=page(["dep_1"], True))
    assert [d.id for d in mocked.client.deployments.iter()] == ["dep_1", "dep_1"]
    assert len(mocked.requests) == 2


def test_iter_stops_when_the_cursors_cycle(mocked):
    mocked.reply(json=page(["dep_a"], True)).reply(json=page(["dep_b"], True))
    mocked.reply(json=page(["dep_a"], True))
    assert [d.id for d in mocked.client.deployments.iter()] == ["dep_a", "dep_b", "dep_a"]
    assert len(mocked.requests) == 3


def test_scoped_runs_iter_pages_through_runs(mocked):
    mocked.reply(fixture="list-runs-response.json")
    runs = list(mocked.client.deployments.runs.iter(DEP, status="completed"))
    assert [r.id for r in runs] == [RUN]
    assert mocked.last.url.params["status"] == "completed"


def test_global_runs_iter_passes_filters(mocked):
    mocked.reply(fixture="list-runs-response.json")
    assert len(list(mocked.client.runs.iter(deployment_id=DEP, has_error=True))) == 1
    assert mocked.last.url.params["has_error"] == "true"
