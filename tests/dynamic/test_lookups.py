"""Lookups for programs, against the served emulator, configured as a program is."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pulumi
import pulumi.runtime
import pytest

import pulumi_qoder as qoder
from pulumi_qoder.errors import NotFoundError
from pulumi_qoder.models import Deployment, DeploymentRun
from tests.support.constants import AGENT, ENV, OTHER_AGENT, TEST_TOKEN


def body(name: str, agent: str = AGENT, **metadata) -> dict:
    events = [{"type": "user.message", "content": "hello"}]
    body = {"name": name, "agent": agent, "environment_id": ENV, "initial_events": events}
    return {**body, "metadata": metadata} if metadata else body


@pytest.fixture
def served(served_emulator, monkeypatch) -> Iterator:
    """The stack config a program would have: `qoder:token` and `qoder:baseUrl`; no env."""
    monkeypatch.delenv("QODER_PAT", raising=False)
    monkeypatch.delenv("QODER_BASE_URL", raising=False)
    pulumi.runtime.set_all_config(
        {"qoder:token": TEST_TOKEN, "qoder:baseUrl": served_emulator.base_url}, ["qoder:token"]
    )
    try:
        yield served_emulator
    finally:
        pulumi.runtime.set_all_config({}, [])


def create(served, name: str, **kwargs) -> str:
    return served.service.create(body(name, **kwargs)).id


def in_loop(scenario):
    """Run a coroutine function on a fresh loop: Outputs belong to the loop they are made on."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(scenario())
    finally:
        loop.close()


def test_get_deployment_returns_the_typed_model(served):
    dep_id = create(served, "nightly")

    dep = qoder.get_deployment(dep_id)

    assert isinstance(dep, Deployment) and (dep.id, dep.name) == (dep_id, "nightly")


def test_get_deployment_of_an_unknown_id_is_not_found(served):
    with pytest.raises(NotFoundError):
        qoder.get_deployment("dep_0000000000000000000000000000beef")


def test_get_deployment_by_name_finds_the_live_one(served):
    create(served, "other")
    dep_id = create(served, "nightly")

    assert qoder.get_deployment_by_name("nightly").id == dep_id


def test_an_archived_deployment_is_found_by_name_only_when_asked(served):
    dep_id = create(served, "retired")
    served.service.archive(dep_id)

    with pytest.raises(qoder.NoSuchDeploymentError, match="'retired'; archived ones were not"):
        qoder.get_deployment_by_name("retired")
    found = qoder.get_deployment_by_name("retired", include_archived=True)

    assert found.id == dep_id and found.archived


def test_a_live_deployment_wins_over_an_archived_one_of_the_same_name(served):
    old = create(served, "report")
    served.service.archive(old)
    new = create(served, "report")

    assert qoder.get_deployment_by_name("report", include_archived=True).id == new


def test_a_missing_name_is_a_lookup_error(served):
    with pytest.raises(LookupError, match="no deployment is named 'ghost'"):
        qoder.get_deployment_by_name("ghost", include_archived=True)


def test_list_deployments_walks_every_page(served):
    for n in range(101):
        create(served, f"dep-{n:03}")  # in process: not journaled, unlike the lookup's calls

    names = [dep.name for dep in qoder.list_deployments()]

    assert sorted(names) == [f"dep-{n:03}" for n in range(101)]
    assert sum(e["path"].endswith("/deployments") for e in served.journal()) == 2


def test_list_deployments_filters(served):
    paused = create(served, "paused")
    served.service.pause(paused)
    create(served, "active")
    other = create(served, "other-agent", agent=OTHER_AGENT)
    archived = create(served, "archived")
    served.service.archive(archived)

    assert [d.id for d in qoder.list_deployments(status="paused")] == [paused]
    assert [d.id for d in qoder.list_deployments(agent_id=OTHER_AGENT)] == [other]
    assert archived not in [d.id for d in qoder.list_deployments()]
    assert archived in [d.id for d in qoder.list_deployments(include_archived=True)]


@pytest.fixture
def history(served):
    """Two deployments: `flaky` (a failure, then its completed retry) and `steady` (2 runs)."""
    control = f"{served.root_url}/_emulator/run_outcomes"
    flaky = create(served, "flaky", cas_config={"config": {"max_retries": 1}})
    steady = create(served, "steady", cas_config={"config": {"max_concurrent": 5}})
    httpx.post(control, json={"deployment_id": flaky, "status": "failed", "duration_ms": 0,
                              "count": 1}).raise_for_status()
    served.service.run(flaky)
    served.service.run(steady)
    served.service.run(steady)
    served.clock.advance(5)
    return flaky, steady


def test_list_runs_filters_by_deployment_status_trigger_and_error(served, history):
    flaky, steady = history

    assert len(qoder.list_runs()) == 4
    assert {r.deployment_id for r in qoder.list_runs(deployment_id=steady)} == {steady}
    (failed,) = qoder.list_runs(status="failed")
    (retry,) = qoder.list_runs(trigger_type="retry")
    assert failed.deployment_id == retry.deployment_id == flaky
    assert [r.id for r in qoder.list_runs(has_error=True)] == [failed.id]
    assert all(isinstance(r, DeploymentRun) for r in qoder.list_runs(has_error=False))


def test_list_runs_limit_takes_the_newest(served, history):
    newest = qoder.list_runs()[:3]
    assert [r.id for r in qoder.list_runs(limit=3)] == [r.id for r in newest]


def test_output_variants_take_outputs_and_keep_secrets(served):
    dep_id = create(served, "nightly")

    async def scenario():
        by_id = qoder.get_deployment_output(pulumi.Output.from_input(dep_id))
        by_name = qoder.get_deployment_by_name_output(pulumi.Output.secret("nightly"))
        listed = qoder.list_deployments_output(status=pulumi.Output.from_input("active"))
        runs = qoder.list_runs_output(deployment_id=by_id.apply(lambda d: d.id))
        return (
            await by_id.future(), await by_name.future(), await by_name.is_secret(),
            await listed.future(), await runs.future(),
        )

    by_id, by_name, secret, listed, runs = in_loop(scenario)

    assert by_id.id == by_name.id == dep_id and secret is True
    assert [d.id for d in listed] == [dep_id] and runs == []


def test_without_config_the_environment_is_used(served_emulator, monkeypatch):
    monkeypatch.setenv("QODER_PAT", TEST_TOKEN)
    monkeypatch.setenv("QODER_BASE_URL", served_emulator.base_url)
    dep_id = create(served_emulator, "from-env")

    assert qoder.get_deployment(dep_id).name == "from-env"


def test_without_any_token_the_error_says_how_to_set_one(monkeypatch):
    monkeypatch.delenv("QODER_PAT", raising=False)
    with pytest.raises(ValueError, match="qoder:token"):
        qoder.list_deployments()
