"""The same scenarios through both front ends: the SDK's dynamic provider host and the
native plugin make the same API calls and end with the same properties."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from pulumi_qoder.native.names import snake
from tests.conftest import TEST_TOKEN
from tests.native.plugin import running_plugin
from tests.provider.conftest import _host
from tests.provider.host import api_calls, secret
from tests.support.values import core_names

AGENT = "agent_019eb4d4a06d747c865d5800b9c57ae2"
ENV = "env_019e64e01a137caf953ac2ac7b42ec5c"
PROGRAM = {
    "description": "Daily status report",
    "agent": AGENT,
    "environment_id": ENV,
    "schedule": {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
    "initial_events": [{"type": "user.message", "content": "Generate today's status report"}],
    "metadata": {"team": "infra"},
    "max_retries": 1,
}
SERVER_DECIDED = {"created_at", "updated_at", "name", "paused_reason", "stats", "last_run_at"}


@dataclass
class FrontEnd:
    """One front end, spoken to in the core's snake_case; names on the wire are its own."""

    kind: str
    target: Any

    def _send(self, props: dict[str, Any]) -> dict[str, Any]:
        if self.kind == "dynamic":
            return {**props, "__name": "parity"}
        return {("initialEvents" if k == "initial_events" else _camel(k)): v
                for k, v in props.items()}

    def _receive(self, props: dict[str, Any]) -> dict[str, Any]:
        return {snake(k): v for k, v in core_names(props).items() if not k.startswith("__")}

    def check(self, news: dict, olds: dict | None = None):
        inputs, failures = self.target.check(self._send(news), self._send(olds or {}))
        reasons = [f if isinstance(f, str) else f"{f[0]}: {f[1]}" if f[0] else f[1]
                   for f in failures]
        return inputs, sorted(snake(r.split(":")[0].split("[")[0].split(".")[0]) for r in reasons)

    def up(self, program: dict) -> tuple[str, Any, dict[str, Any]]:
        inputs, failures = self.target.check(self._send(program))
        assert failures == []
        id_, outs = self.target.create(inputs)
        return id_, outs, inputs

    def update(self, id_: str, outs: Any, olds_inputs: Any, news: dict) -> dict[str, Any]:
        checked, _ = self.target.check(self._send(news), olds_inputs)
        return self.target.update(id_, outs, checked)

    def outputs(self, outs: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in self._receive(outs).items() if k not in SERVER_DECIDED}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


@pytest.fixture(scope="module")
def both_configured(emulator_server) -> Iterator[list[FrontEnd]]:
    """Both hosts, started once for the module and configured for the session's server."""
    base_url = emulator_server.server.base_url
    with _host() as host, running_plugin() as plugin:
        host.configure({"qoder:token": secret(TEST_TOKEN), "qoder:baseUrl": base_url})
        plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": base_url})
        yield [FrontEnd("dynamic", host), FrontEnd("native", plugin)]


@pytest.fixture
def both(both_configured, served_emulator) -> list[FrontEnd]:
    """Both hosts on a fresh, empty emulator."""
    return both_configured


def clear(served) -> None:
    httpx.delete(f"{served.root_url}/_emulator/requests", timeout=10).raise_for_status()


def test_check_fails_on_the_same_properties(both):
    bad = {**PROGRAM, "environment_id": "env_x", "max_concurrent": 0,
           "schedule": {"expression": "61 * * * *", "timezone": "UTC"}}
    dynamic, native = (front.check(bad)[1] for front in both)
    assert dynamic == native == ["environment_id", "max_concurrent", "schedule"]


def test_create_makes_the_same_call_and_the_same_outputs(both, served_emulator):
    results = []
    for front in both:
        clear(served_emulator)
        _, outs, _ = front.up(PROGRAM)
        results.append((api_calls(served_emulator), front.outputs(outs)))
    assert results[0] == results[1]
    # no read back: the archive ledger says the answer is no since-archived create's replay
    assert results[0][0] == ["POST /deployments"]


@pytest.mark.parametrize(
    ("change", "calls"),
    [
        ({"description": "Now weekly"}, ["POST /deployments/{id}"]),
        ({"paused": True}, ["POST /deployments/{id}/pause"]),
        ({"max_retries": 3, "metadata": {"team": "ops"}}, ["POST /deployments/{id}"]),
    ],
    ids=["one-field", "pause", "settings-and-metadata"],
)
def test_an_update_makes_the_same_calls_with_the_same_result(both, served_emulator, change, calls):
    results = []
    for front in both:
        id_, outs, inputs = front.up(PROGRAM)
        clear(served_emulator)
        new_outs = front.update(id_, outs, inputs, {**PROGRAM, **change})
        results.append((api_calls(served_emulator), front.outputs(new_outs)))
    assert results[0] == results[1]
    assert results[0][0] == calls


def test_delete_makes_the_same_call(both, served_emulator):
    calls = []
    for front in both:
        id_, outs, _ = front.up(PROGRAM)
        clear(served_emulator)
        front.target.delete(id_, outs)
        calls.append(api_calls(served_emulator))
    assert calls[0] == calls[1] == ["POST /deployments/{id}/archive"]
