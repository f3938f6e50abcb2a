"""The native plugin tells a stale replay from the answer's deployment without reading it back.

Each plugin process is one run's (as the engine starts one per `pulumi up` or `destroy`).
"""

from __future__ import annotations

from tests.support.emulator import TEST_TOKEN
from tests.support.hosts import DEPLOYMENT_URN, running_plugin
from tests.support.inputs import PROGRAM as DYNAMIC_PROGRAM
from tests.support.values import api_calls, schema_names, secret

PROGRAM = schema_names(DYNAMIC_PROGRAM)

AUTO_NAMED = {k: v for k, v in PROGRAM.items() if k != "name"}


def configured(plugin, served):
    plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": served.base_url})
    return plugin.for_urn(DEPLOYMENT_URN)


def test_destroy_then_up_in_new_runs_creates_a_new_deployment(served_emulator, api_http):
    with running_plugin() as process:
        first = configured(process, served_emulator)
        inputs, _ = first.check(AUTO_NAMED)
        old, outs = first.create(inputs)
    with running_plugin() as process:
        configured(process, served_emulator).delete(old, outs)  # the `destroy` run
    served_emulator.clear_journal()
    with running_plugin() as process:
        new, _ = configured(process, served_emulator).create(inputs)  # the next `up`
    calls = api_calls(served_emulator, ledger=True)

    assert new != old
    assert [d["id"] for d in api_http.get("/deployments").json()["data"]] == [new]
    # the replay was told by the ledger's listing, not by reading the old one back
    assert calls == ["POST /deployments", "GET /deployments", "POST /deployments"]
