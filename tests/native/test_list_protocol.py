"""The plugin's `List` for `qoder:index:Deployment`, over gRPC against the served emulator:
every page of the account in one stream, the API's filters and the name prefix, the
engine's limit and page size, and clear errors for bad queries."""

from __future__ import annotations

import grpc
import pytest

from pulumi_qoder.enginerpc.protos import provider_pb2
from pulumi_qoder.native.structs import UNKNOWN_TEXT
from tests.support.constants import AGENT, ENV, OTHER_AGENT
from tests.support.hosts import HostError
from tests.support.values import to_struct


def make(api_client, name: str, agent: str = AGENT) -> str:
    """A deployment made on the API directly, as a hand-made one is."""
    return api_client.deployments.create(
        name=name, agent=agent, environment_id=ENV,
        initial_events=[{"type": "user.message", "content": "hello"}],
    ).id


def listed(plugin, query=None, token="qoder:index:Deployment", **request
           ) -> list[provider_pb2.ListResponse]:
    """The whole stream; a failure as `HostError` with the message the engine gets."""
    stream = plugin.stub.List(provider_pb2.ListRequest(
        token=token, query=to_struct(query or {}), **request), timeout=60)
    try:
        return list(stream)
    except grpc.RpcError as err:
        raise HostError(err.details()) from None


def results(responses) -> list[tuple[str, str]]:
    return [(r.result.id, r.result.name) for r in responses if r.HasField("result")]


def test_one_stream_lists_every_page_of_the_account(plugin, api_client, served_emulator):
    made = {make(api_client, f"fleet-{i:03d}"): f"fleet-{i:03d}" for i in range(130)}
    served_emulator.clear_journal()
    responses = listed(plugin)
    assert sorted(results(responses)) == sorted(made.items())
    assert not any(r.HasField("continuation") for r in responses)
    calls = served_emulator.journal()
    assert [c["method"] for c in calls] == ["GET", "GET"]  # two pages of 100, no write


def test_the_name_prefix_is_matched_on_every_page(plugin, api_client):
    wanted = {make(api_client, f"billing-{i}") for i in range(3)}
    for i in range(4):
        make(api_client, f"search-{i}")
    assert {id_ for id_, _ in results(listed(plugin, {"namePrefix": "billing-"}))} == wanted


def test_status_and_agent_filters_go_to_the_api(plugin, api_client):
    paused = make(api_client, "paused-one")
    api_client.deployments.pause(paused)
    active = make(api_client, "active-one")
    other = make(api_client, "other-agent", agent=OTHER_AGENT)
    assert [i for i, _ in results(listed(plugin, {"status": "paused"}))] == [paused]
    assert {i for i, _ in results(listed(plugin, {"agentId": AGENT}))} == {paused, active}
    assert [i for i, _ in results(listed(plugin, {"agentId": OTHER_AGENT}))] == [other]


def test_archived_deployments_are_listed_only_when_asked_for(plugin, api_client):
    gone = make(api_client, "gone")
    api_client.deployments.archive(gone)
    kept = make(api_client, "kept")
    assert [i for i, _ in results(listed(plugin))] == [kept]
    assert {i for i, _ in results(listed(plugin, {"includeArchived": True}))} == {gone, kept}


def test_the_engines_limit_stops_the_stream(plugin, api_client):
    for i in range(5):
        make(api_client, f"d-{i}")
    assert len(results(listed(plugin, limit=3))) == 3


def test_a_page_size_ends_the_page_with_a_continuation_that_resumes(plugin, api_client):
    made = {make(api_client, f"d-{i}") for i in range(5)}
    first = listed(plugin, page_size=2)
    assert len(results(first)) == 2
    token = first[-1].continuation.continuation_token
    assert token
    second = listed(plugin, page_size=10, continuation_token=token)
    assert not any(r.HasField("continuation") for r in second)
    assert {i for i, _ in results(first) + results(second)} == made


def test_an_unknown_query_value_is_computed(plugin, api_client):
    make(api_client, "d")
    responses = listed(plugin, {"namePrefix": UNKNOWN_TEXT})
    assert len(responses) == 1 and responses[0].HasField("computed")


@pytest.mark.parametrize("query, message", [
    ({"status": "archived"}, "status: must be `active` or `paused`"),
    ({"includeArchived": "yes"}, "includeArchived: must be true or false"),
    ({"prefix": "x"}, "prefix: is not a list input of qoder:index:Deployment"),
])
def test_a_bad_query_fails_naming_the_input_and_the_rule(plugin, query, message):
    with pytest.raises(HostError) as failed:
        listed(plugin, query)
    assert message in str(failed.value)
    assert "Traceback" not in str(failed.value)


def test_other_types_cannot_be_listed(plugin):
    with pytest.raises(HostError, match="only qoder:index:Deployment can"):
        listed(plugin, token="qoder:index:DeploymentRun")
