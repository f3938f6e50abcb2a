"""The vendor's SDK (qca-sdk 0.11.0, pinned in the dev extra) as an outside client of the
served emulator: every deployment call, and its auto-pagination (``?page=<next_page>``)
over three lists, sync and async.

Its models are wrong in places (CONTRACT §7), which these tests work around, not fix:
- ``Deployment.metadata`` is typed ``Dict[str, str]`` but holds ``cas_config`` objects;
  the SDK's default (non-strict) parsing keeps the dict as sent, so it is read as a dict.
  With ``_strict_response_validation=True`` every deployment answer fails to parse.
- ``DeploymentRun`` lacks ``status``, ``triggered_at``, ``completed_at``,
  ``duration_ms`` and ``cas_run_extras``; they are read from ``model_extra``.
"""

import asyncio
from datetime import timedelta

import pytest
import qca  # qca-sdk, a dev dependency (make venv)

from tests.support.constants import AGENT, ENV, TEST_TOKEN

EVENTS = [{"type": "user.message", "content": "Generate the report"}]


@pytest.fixture
def sdk(served_emulator):
    client = qca.Managed(pat=TEST_TOKEN, base_url=served_emulator.base_url + "/", max_retries=0)
    yield client
    client.close()


def _async_client(served_emulator):
    return qca.AsyncManaged(pat=TEST_TOKEN, base_url=served_emulator.base_url + "/", max_retries=0)


def _create(sdk, name, **extra):
    return sdk.deployments.create(
        name=name, agent=AGENT, environment_id=ENV, initial_events=EVENTS, **extra
    )


def test_sdk_drives_a_deployment_through_its_lifecycle(sdk):
    created = _create(sdk, "sdk-lifecycle", description="first", metadata={"team": "ops"},
                      schedule={"type": "cron", "expression": "30 9 * * 1-5",
                                "timezone": "Asia/Shanghai"})
    assert created.id.startswith("dep_") and created.status == "active"
    # metadata is typed Dict[str, str] in the SDK; cas_config is an object (CONTRACT §7.1)
    assert created.metadata["team"] == "ops"
    assert created.metadata["cas_config"]["session_strategy"] == "new_session"
    assert len(created.schedule.upcoming_runs_at) == 5
    assert sdk.deployments.retrieve(created.id).name == "sdk-lifecycle"
    assert sdk.deployments.update(created.id, description="second").description == "second"
    paused = sdk.deployments.pause(created.id)
    assert paused.status == "paused" and paused.paused_reason.type == "manual"
    assert sdk.deployments.unpause(created.id).status == "active"
    run = sdk.deployments.run(created.id)
    assert run.deployment_id == created.id and run.trigger_context.type == "manual"
    # DeploymentRun lacks status and cas_run_extras in the SDK (CONTRACT §7.2)
    assert run.model_extra["status"] == "running"
    assert run.model_extra["cas_run_extras"]["attempt"] == 1
    archived = sdk.deployments.archive(created.id)
    assert archived.archived_at is not None
    assert archived.name.startswith("sdk-lifecycle_archived_")


def test_sdk_sees_the_error_envelope_as_typed_errors(sdk):
    dep = _create(sdk, "sdk-errors")
    sdk.deployments.pause(dep.id)
    with pytest.raises(qca.ConflictError) as conflict:
        sdk.deployments.pause(dep.id)
    assert conflict.value.status_code == 409
    with pytest.raises(qca.NotFoundError):
        sdk.deployments.retrieve("dep_019ec55a2b687b3f94eee77dd77e4b2a")
    with pytest.raises(qca.BadRequestError):
        sdk.deployments.list(limit=0)


def test_sdk_pages_through_every_deployment(sdk):
    ids = [_create(sdk, f"sdk-page-{i}").id for i in range(9)]
    first = sdk.deployments.list(limit=2)
    assert first.has_more and first.next_page == first.last_id
    seen = [dep.id for dep in sdk.deployments.list(limit=2)]
    assert seen == ids[::-1]


def _runs(sdk, served_emulator, count):
    dep = _create(sdk, "sdk-runs")
    run_ids = []
    for _ in range(count):
        run_ids.append(sdk.deployments.run(dep.id).id)
        served_emulator.clock.advance(2)  # each run completes before the next
    return dep.id, run_ids


def test_sdk_pages_through_every_run(sdk, served_emulator):
    _, run_ids = _runs(sdk, served_emulator, 9)
    pages = list(sdk.deployment_runs.list(limit=2).iter_pages())
    assert len(pages) == 5
    assert [run.id for page in pages for run in page.data] == run_ids[::-1]


def test_sdk_pages_through_one_deployments_runs(sdk, served_emulator):
    dep_id, run_ids = _runs(sdk, served_emulator, 9)
    _create(sdk, "sdk-other-deployment")
    seen = [run.id for run in sdk.deployments.runs.list(dep_id, limit=2)]
    assert seen == run_ids[::-1]
    statuses = {run.model_extra["status"] for run in sdk.deployments.runs.list(dep_id)}
    assert statuses == {"completed"}


def test_async_sdk_pages_through_all_three_lists(sdk, served_emulator):
    dep_id, run_ids = _runs(sdk, served_emulator, 7)
    dep_ids = [dep_id] + [_create(sdk, f"sdk-async-{i}").id for i in range(6)]

    async def walk():
        client = _async_client(served_emulator)
        try:
            deployments = [d.id async for d in client.deployments.list(limit=2)]
            runs = [r.id async for r in client.deployment_runs.list(limit=2)]
            scoped = [r.id async for r in client.deployments.runs.list(dep_id, limit=2)]
        finally:
            await client.close()
        return deployments, runs, scoped

    # a private loop: asyncio.run() would leave the main thread without a current loop,
    # which later tests that build Pulumi resources (asyncio.get_event_loop()) rely on
    loop = asyncio.new_event_loop()
    try:
        deployments, runs, scoped = loop.run_until_complete(walk())
    finally:
        loop.close()
    assert deployments == dep_ids[::-1]
    assert runs == scoped == run_ids[::-1]


def test_sdk_created_at_filters_select_by_creation_time(sdk, served_emulator):
    older = [_create(sdk, f"sdk-old-{i}").id for i in range(3)]
    cutoff = served_emulator.clock.advance(3600)
    newer = [_create(sdk, f"sdk-new-{i}").id for i in range(3)]
    after = [d.id for d in sdk.deployments.list(limit=2, created_at_gte=cutoff)]
    before = [d.id for d in sdk.deployments.list(created_at_lte=cutoff - timedelta(seconds=1))]
    future = list(sdk.deployments.list(created_at_gte=cutoff + timedelta(days=3650)))
    assert after == newer[::-1] and before == older[::-1] and future == []


def test_sdk_run_filters_by_creation_time(sdk, served_emulator):
    dep = _create(sdk, "sdk-run-times")
    early = sdk.deployments.run(dep.id).id
    cutoff = served_emulator.clock.advance(60)
    late = sdk.deployments.run(dep.id).id
    listed = sdk.deployment_runs.list(created_at_gte=cutoff)
    assert [r.id for r in listed] == [late]
    assert [r.id for r in sdk.deployment_runs.list(created_at_lt=cutoff)] == [early]
