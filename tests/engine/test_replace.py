"""Replacing a dynamic-provider deployment through the real engine (the Automation API):
what `up --replace` leaves live and recorded, with and without `delete_before_replace`."""

from __future__ import annotations

import json

import pulumi
import pytest

from tests.engine.programs import single

pytestmark = [
    pytest.mark.engine,
    # the SDK's inline-program teardown leaves a coroutine behind on every run
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def deployment_urn(stack) -> str:
    resources = json.loads(stack.export())["deployment"]["resources"]
    (urn,) = [r["urn"] for r in resources if r["urn"].endswith("::report")]
    return urn


def test_up_replace_keeps_the_one_deployment_live_and_recorded(make_stack, api_client):
    stack = make_stack(single())
    first = stack.up().outputs["id"].value

    after = stack.up(replace=[deployment_urn(stack)]).outputs["id"].value

    assert [d.id for d in api_client.deployments.iter()] == [first] == [after]
    assert any("was kept, not archived" in line for line in stack.output)


def test_up_replace_with_delete_before_replace_makes_a_new_deployment(make_stack, api_client):
    stack = make_stack(single(pulumi.ResourceOptions(delete_before_replace=True)))
    first = stack.up().outputs["id"].value

    after = stack.up(replace=[deployment_urn(stack)]).outputs["id"].value

    assert after != first
    assert [d.id for d in api_client.deployments.iter()] == [after]
    assert api_client.deployments.retrieve(first).archived
