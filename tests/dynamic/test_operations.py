"""DeploymentOperations over a client on the in-process emulator: the create's key paths."""

from __future__ import annotations

import pytest

from pulumi_qoder.core.deployment.check import check_inputs
from pulumi_qoder.core.deployment.operations import DeploymentOperations
from pulumi_qoder.core.errors import ProviderError
from tests.support.constants import AGENT, ENV

PROGRAM = {
    "name": "nightly",
    "agent": AGENT,
    "environment_id": ENV,
    "initial_events": [{"type": "user.message", "content": "Run the nightly job"}],
    "__name": "nightly",
    "__scope": "urn:pulumi:dev::shop",
}


@pytest.fixture
def client(emulator):
    with emulator.client() as qoder:
        yield qoder


def inputs(**changes):
    checked, failures = check_inputs({}, {**PROGRAM, **changes})
    assert failures == []
    return checked


def test_a_replayed_409_for_a_name_since_freed_creates_the_deployment(client):
    other = client.deployments.create(**{k: v for k, v in PROGRAM.items() if "__" not in k})
    operations = DeploymentOperations(client)
    with pytest.raises(ProviderError, match=f"the name is taken by {other.id}"):
        operations.create(inputs())  # this 409 is now the key's remembered answer
    client.deployments.archive(other.id)

    id_, outs = operations.create(inputs())

    assert id_ != other.id and outs["name"] == "nightly"
    assert [d.id for d in client.deployments.iter()] == [id_]


def test_a_repeated_create_returns_the_same_deployment(client):
    operations = DeploymentOperations(client)
    first, _ = operations.create(inputs(name=None))

    again, _ = operations.create(inputs(name=None))

    assert again == first
    assert [d.id for d in client.deployments.iter()] == [first]


def test_without_an_identity_a_taken_name_is_never_taken_over(client):
    operations = DeploymentOperations(client)
    first, outs = operations.create(inputs(name=None))
    anonymous = {**inputs(name=outs["name"]), "__scope": None}

    with pytest.raises(ProviderError, match=f"the name is taken by {first}"):
        operations.create(anonymous)


def test_metadata_in_another_order_is_the_same_create(client):
    operations = DeploymentOperations(client)
    first, _ = operations.create(inputs(metadata={"team": "infra", "tier": "gold"}))

    again, _ = operations.create(inputs(metadata={"tier": "gold", "team": "infra"}))

    assert again == first
    assert len(list(client.deployments.iter())) == 1


def test_reading_a_blank_id_is_a_provider_error_naming_the_rule_not_a_crash(client):
    with pytest.raises(ProviderError, match="deployment_id must be a non-empty string$"):
        DeploymentOperations(client).read(" ", {})
