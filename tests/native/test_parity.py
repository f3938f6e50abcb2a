"""The same scenarios through both front ends: the SDK's dynamic provider host and the
native plugin make the same API calls and end with the same properties."""

from __future__ import annotations

import httpx
import pytest

from tests.dynamic.host import api_calls
from tests.support.parity import PROGRAM


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


def test_delete_makes_the_same_call(both, both_later, served_emulator):
    calls = []
    for front, later in zip(both, both_later, strict=True):
        id_, outs, _ = front.up(PROGRAM)
        clear(served_emulator)
        later.target.delete(id_, outs)  # `destroy`: another run
        calls.append(api_calls(served_emulator))
    assert calls[0] == calls[1] == ["POST /deployments/{id}/archive"]
