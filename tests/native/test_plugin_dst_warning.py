"""The plugin warns at check, on the resource, about a schedule a clock change touches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pulumi.runtime.proto import engine_pb2

from tests.dynamic.host import FakeEngine, fake_engine
from tests.native.plugin import DEPLOYMENT_URN, Plugin, running_plugin
from tests.support.constants import AGENT, ENV

PROGRAM = {
    "agent": AGENT,
    "environmentId": ENV,
    "initialEvents": [{"type": "user.message", "content": "Report"}],
}


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    with fake_engine() as fake:
        yield fake


@pytest.fixture
def plugin(engine) -> Iterator[Plugin]:
    """Unconfigured, as at preview's first check: the warning needs no API and no token."""
    with running_plugin(engine.address) as started:
        yield started


def test_a_schedule_in_the_changing_hour_warns_on_the_resource(plugin, engine):
    _, failures = plugin.check({**PROGRAM, "schedule": {
        "expression": "30 2 * * *", "timezone": "Europe/Berlin"}})
    assert failures == []
    [log] = engine.logs
    assert log.severity == engine_pb2.WARNING and log.urn == DEPLOYMENT_URN
    assert "has no 02:30" in log.message and "02:30 twice" in log.message


def test_a_schedule_outside_the_changing_hour_is_silent(plugin, engine):
    plugin.check({**PROGRAM, "schedule": {"expression": "30 9 * * *", "timezone": "Europe/Berlin"}})
    assert engine.logs == []


def test_an_invalid_schedule_fails_check_without_a_warning(plugin, engine):
    _, failures = plugin.check({**PROGRAM, "schedule": {
        "expression": "30 2 * * *", "timezone": "Mars/Olympus"}})
    assert failures and engine.logs == []
