"""A create's answer is checked for a stale replay without reading its deployment back.

Each test starts its own dynamic provider host (a process, as each `pulumi up` has), so
what the host's archive ledger knows (core/deployment/replays.py) is what one run knows.
"""

from __future__ import annotations

from pulumi.runtime.proto import engine_pb2

from tests.dynamic.host import api_calls, secret
from tests.support.constants import TEST_TOKEN
from tests.support.hosts import running_dynamic_host as _host
from tests.support.inputs import PROGRAM

AUTO_NAMED = {k: v for k, v in PROGRAM.items() if k != "name"}


def configure(host, served) -> None:
    host.configure({"qoder:token": secret(TEST_TOKEN), "qoder:baseUrl": served.base_url})


def live(http) -> list[dict]:
    return http.get("/deployments", params={"limit": 100}).json()["data"]


def test_creates_list_archived_deployments_once_and_read_nothing_back(served_emulator):
    with _host() as host:
        configure(host, served_emulator)
        for name in ("first-report", "second-report"):
            inputs, _ = host.check({**PROGRAM, "name": name})
            host.create(inputs)

    assert api_calls(served_emulator, ledger=True) == [
        "POST /deployments", "GET /deployments", "POST /deployments",
    ]


def test_a_replay_of_a_deployment_archived_by_an_earlier_run_is_not_recorded(
    served_emulator, api_http
):
    with _host() as first:
        configure(first, served_emulator)
        inputs, _ = first.check(AUTO_NAMED)
        old, outs = first.create(inputs)
    with _host() as destroy:  # `destroy`, in an earlier run
        configure(destroy, served_emulator)
        destroy.delete(old, outs)
    with _host() as second:
        configure(second, served_emulator)
        new, _ = second.create(inputs)  # the key replays the archived one's answer

    assert new != old
    assert [d["id"] for d in live(api_http)] == [new]


def test_a_create_reads_its_deployment_back_when_the_listing_fails(served_emulator, api_http):
    served_emulator.inject_fault({"path": "/api/v1/cloud/deployments", "method": "GET",
                                   "status": 403, "count": 1})
    with _host() as host:
        configure(host, served_emulator)
        inputs, _ = host.check(PROGRAM)
        id_, _ = host.create(inputs)

    assert api_calls(served_emulator, ledger=True) == [
        "POST /deployments", "GET /deployments", "GET /deployments/{id}",
    ]
    assert [d["id"] for d in live(api_http)] == [id_]


def test_a_delete_of_what_the_same_run_created_keeps_it_live_and_warns(
    provider_host_with_engine, engine, served_emulator, api_http
):
    """The old half of a create-before-delete replacement that got the same id
    (`pulumi up --replace`): archiving it would archive the replacement just recorded."""
    host = provider_host_with_engine
    configure(host, served_emulator)
    inputs, _ = host.check(AUTO_NAMED)
    id_, outs = host.create(inputs)
    served_emulator.clear_journal()

    host.delete(id_, outs)

    assert api_calls(served_emulator) == []
    assert [d["id"] for d in live(api_http)] == [id_]
    (warning,) = [log for log in engine.logs if log.severity == engine_pb2.WARNING]
    assert f"deployment {id_} was kept, not archived" in warning.message
    assert "deleteBeforeReplace: true" in warning.message


def test_diff_asks_for_delete_before_replace(provider_host_with_engine, served_emulator):
    """Should the engine replace a deployment (`replaceOnChanges`), the old one goes first:
    names are unique among live deployments and the new one's is derived the same."""
    host = provider_host_with_engine
    configure(host, served_emulator)
    inputs, _ = host.check(AUTO_NAMED)
    id_, outs = host.create(inputs)

    assert host.diff(id_, outs, {**inputs, "description": "changed"}).deleteBeforeReplace
