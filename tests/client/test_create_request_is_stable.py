"""A resource's create sends the same Idempotency-Key and the same body bytes in every version.

The API replays a repeated key only when the body is byte for byte the one first sent, so a
stack left mid-create by an earlier version (a lost answer, a killed engine) must get the
same key and the same bytes from this one, or its next `up` is a 409 instead of a replay.
The constants below were recorded from the version before the typed-params refactor.
"""

from __future__ import annotations

import pytest

from pulumi_qoder.core.deployment.identity import Identity
from pulumi_qoder.core.deployment.operations import DeploymentOperations
from pulumi_qoder.core.errors import ProviderError

INPUTS = {
    "name": "nightly-report",
    "description": "Nightly report \u2713",
    "agent": {"id": "agent_019ebb21ef8e7df6a559052c94875160", "version": 3.0},
    "environment_id": "env_019e49a1780171daac1e6b01f290ac2b",
    "schedule": {"expression": "0 9 * * 1-5", "timezone": "Europe/Berlin"},
    "initial_events": [{"type": "user.message", "content": "Summarise the day"}],
    "resources": [
        {"type": "github_repository", "url": "https://github.com/acme/app",
         "authorization_token": "ghp_x", "checkout": {"type": "branch", "name": "main"},
         "mount_path": "/work/app"},
        {"type": "file", "file_id": "file_1", "mount_path": "/data/in.csv"},
    ],
    "vault_ids": ["vault_1"],
    "metadata": {"zeta": "z", "alpha": "a", "team": "infra"},
    "max_retries": 2.0,
    "timeout_ms": 60000,
    "max_concurrent": 1,
    "session_strategy": "new_session",
    "paused": False,
}

KEY = "pulumi-qoder-create-9fd85df286fb0386aeef287acc8f70dc6c14f5ee"
BODY = (
    '{"name":"nightly-report","description":"Nightly report \u2713","agent":{"id":'
    '"agent_019ebb21ef8e7df6a559052c94875160","type":"agent","version":3},"environment_id":'
    '"env_019e49a1780171daac1e6b01f290ac2b","schedule":{"type":"cron","expression":'
    '"0 9 * * 1-5","timezone":"Europe/Berlin"},"initial_events":[{"type":"user.message",'
    '"content":"Summarise the day"}],"resources":[{"type":"github_repository","url":'
    '"https://github.com/acme/app","checkout":{"name":"main","type":"branch"},"mount_path":'
    '"/work/app","authorization_token":"ghp_x"},{"type":"file","file_id":"file_1",'
    '"mount_path":"/data/in.csv"}],"vault_ids":["vault_1"],"metadata":{"alpha":"a",'
    '"cas_config":{"config":{"max_concurrent":1,"max_retries":2,"timeout_ms":60000},'
    '"session_strategy":"new_session"},"team":"infra","zeta":"z"}}'
)


def _sent_create(mocked, inputs):
    mocked.reply(400, json={"error": {"type": "invalid_request_error", "message": "no"}})
    with pytest.raises(ProviderError, match="^creating deployment 'nightly-report': 400"):
        DeploymentOperations(mocked.client).create(inputs, Identity("p/dev", "report"))
    (request,) = mocked.requests
    return request.headers["idempotency-key"], request.content.decode()


def test_a_create_sends_the_key_and_bytes_earlier_versions_sent(mocked):
    assert _sent_create(mocked, INPUTS) == (KEY, BODY)


def test_a_create_sends_the_same_key_and_bytes_whatever_the_order_of_a_map(mocked):
    reordered = {**INPUTS, "metadata": dict(reversed(INPUTS["metadata"].items()))}
    assert _sent_create(mocked, dict(reversed(reordered.items()))) == (KEY, BODY)


def test_a_create_over_the_clients_own_http_client_sends_the_same_key_and_bytes():
    from pulumi_qoder import QoderClient
    from tests.client.raw_server import RawServer

    server = RawServer().reply(400, {"error": {"type": "invalid_request_error", "message": "no"}})
    try:
        with QoderClient(token="pt-x", base_url=server.url, max_retries=0) as client, \
                pytest.raises(ProviderError, match="^creating deployment 'nightly-report': 400"):
            DeploymentOperations(client).create(INPUTS, Identity("p/dev", "report"))
    finally:
        server.close()
    (seen,) = server.seen
    assert (seen.headers["idempotency-key"], seen.body.decode()) == (KEY, BODY)
