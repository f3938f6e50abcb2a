"""A deployment created `paused: true` never has a moment where it is active with its schedule.

Between every API call the emulator's clock jumps past a fire time of an every-minute
schedule and its scheduler ticks, so a schedule live in any gap would leave a run record.
"""

from __future__ import annotations

import pytest

from pulumi_qoder.core.deployment.check import check_inputs
from pulumi_qoder.core.deployment.operations import DeploymentOperations
from tests.support.constants import AGENT, ENV
from tests.support.emulator import API_PREFIX

PROGRAM = {
    "name": "nightly",
    "agent": AGENT,
    "environment_id": ENV,
    "initial_events": [{"type": "user.message", "content": "Run the nightly job"}],
    "schedule": {"expression": "* * * * *", "timezone": "UTC"},
    "__name": "nightly",
    "__scope": "urn:pulumi:dev::shop",
}


@pytest.fixture
def client(emulator):
    def time_passes(response):
        emulator.clock.advance(120)
        emulator.service.tick()

    emulator.http.event_hooks["response"].append(time_passes)
    with emulator.client() as qoder:
        yield qoder


def inputs(**changes):
    checked, failures = check_inputs({}, {**PROGRAM, **changes})
    assert failures == []
    return checked


def runs(client, id_):
    return client.deployments.runs.list(id_).data


def test_a_paused_create_leaves_no_run_in_any_gap(client):
    id_, outs = DeploymentOperations(client).create(inputs(paused=True))
    assert outs["status"] == "paused"
    assert outs["schedule"] == {"expression": "* * * * *", "timezone": "UTC"}
    assert runs(client, id_) == []


def test_an_active_create_does_run_in_the_gaps(client):
    id_, _ = DeploymentOperations(client).create(inputs())
    client.deployments.retrieve(id_)
    assert runs(client, id_) != []


def test_a_paused_create_calls_create_check_pause_then_schedule(client, emulator):
    id_, _ = DeploymentOperations(client).create(inputs(paused=True))
    calls = [f"{e['method']} {e['path'].removeprefix(API_PREFIX)}" for e in emulator.journal()]
    assert calls == [
        "POST /deployments",
        "GET /deployments",  # the client's archive ledger lists once, at its first create
        f"POST /deployments/{id_}/pause",
        f"POST /deployments/{id_}",
    ]


def test_a_kill_after_the_pause_recovers_with_a_plain_up(client, emulator):
    operations = DeploymentOperations(client)
    calls = []

    def killed_after_pause(request):
        calls.append(request.url.path)
        if request.method == "POST" and len([c for c in calls if c.endswith("/pause")]) == 1 \
                and not request.url.path.endswith("/pause") and request.url.path.count("/") > 4:
            raise KeyboardInterrupt  # the engine is killed before the schedule is set

    emulator.http.event_hooks["request"].append(killed_after_pause)
    with pytest.raises(KeyboardInterrupt):
        operations.create(inputs(paused=True))
    emulator.http.event_hooks["request"].remove(killed_after_pause)
    live = client.deployments.list().data
    assert [(d.status, d.schedule) for d in live] == [("paused", None)]

    id_, outs = operations.create(inputs(paused=True))

    assert [d.id for d in client.deployments.list().data] == [id_] == [live[0].id]
    assert outs["status"] == "paused" and outs["schedule"]["expression"] == "* * * * *"
    assert runs(client, id_) == []
