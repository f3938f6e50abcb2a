"""The dynamic Deployment with `ignore_changes=["paused"]`: a pause by hand survives `up`."""

from __future__ import annotations

import pulumi
import pytest

from tests.engine.programs import single

pytestmark = [
    pytest.mark.engine,
    # the SDK's inline-program teardown leaves a coroutine behind on every run
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

IGNORE_PAUSED = pulumi.ResourceOptions(ignore_changes=["paused"])


def test_an_ignored_hand_pause_survives_a_change_and_the_ups_after_it(
        make_stack, journal, api_client):
    stack = make_stack(single(IGNORE_PAUSED, paused=False))
    dep_id = stack.up().outputs["id"].value
    api_client.deployments.pause(dep_id)
    journal.clear()

    stack.set_program(single(IGNORE_PAUSED, paused=False, description="changed"))
    stack.up()  # patches the description; now the outputs say paused, the old inputs active
    stack.up()
    stack.up(refresh=True)

    assert journal.writes() == [f"POST /deployments/{dep_id}"]
    assert api_client.deployments.retrieve(dep_id).status == "paused"
