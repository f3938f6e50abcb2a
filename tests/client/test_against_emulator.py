"""The client against the emulator over HTTP: every method, merge-patch and error mapping."""

import httpx
import pytest

from pulumi_qoder import QoderClient, errors
from pulumi_qoder.emulator import API_PREFIX
from pulumi_qoder.models import Deployment
from tests.support.constants import AGENT, ENV
from tests.support.inputs import EVENTS

SCHEDULE = {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"}


def make(client, name="daily-report", **fields):
    return client.deployments.create(
        name=name, agent=AGENT, environment_id=ENV, initial_events=EVENTS, **fields
    )


def test_create_returns_the_resolved_deployment(client):
    dep = make(client, schedule=SCHEDULE, metadata={"team": "infra"})
    assert dep.id.startswith("dep_")
    assert (dep.status, dep.agent.id, dep.agent.type) == ("active", AGENT, "agent")
    assert dep.user_metadata == {"team": "infra"}
    assert dep.metadata.cas_config.session_strategy == "new_session"
    assert len(dep.schedule.upcoming_runs_at) == 5


def test_models_round_trip_the_emulators_json(client, emulator):
    dep = make(client, schedule=SCHEDULE)
    client.deployments.run(dep.id)
    raw = emulator.http.get(f"/api/v1/cloud/deployments/{dep.id}").json()
    assert Deployment.model_validate(raw).to_wire() == raw


def test_retrieve_returns_what_create_made(client):
    dep = make(client)
    assert client.deployments.retrieve(dep.id) == dep


def test_update_changes_only_the_fields_given(client):
    dep = make(client, description="first", schedule=SCHEDULE)
    updated = client.deployments.update(dep.id, name="renamed")
    assert (updated.name, updated.description) == ("renamed", "first")
    assert updated.schedule.expression == SCHEDULE["expression"]


def test_update_none_clears_a_field(client):
    dep = make(client, description="first", schedule=SCHEDULE)
    updated = client.deployments.update(dep.id, description=None, schedule=None)
    assert updated.description in ("", None)
    assert updated.schedule is None


def test_update_metadata_none_deletes_only_that_key(client):
    dep = make(client, metadata={"team": "infra", "tier": "gold"})
    updated = client.deployments.update(dep.id, metadata={"tier": None, "owner": "ops"})
    assert updated.user_metadata == {"team": "infra", "owner": "ops"}
    assert updated.metadata.cas_config is not None


def test_update_accepts_response_models_back(client):
    dep = make(client, schedule=SCHEDULE)
    updated = client.deployments.update(dep.id, schedule=dep.schedule, agent=dep.agent)
    assert updated.schedule.expression == dep.schedule.expression


def test_list_pages_with_cursors(client):
    ids = [make(client, name=f"d{i}").id for i in range(5)]
    first = client.deployments.list(limit=2)
    assert [d.id for d in first.data] == ids[::-1][:2]
    assert first.has_more
    second = client.deployments.list(limit=2, after_id=first.last_id)
    assert [d.id for d in second.data] == ids[::-1][2:4]


def test_iter_walks_every_page(client):
    ids = [make(client, name=f"d{i}").id for i in range(5)]
    assert [d.id for d in client.deployments.iter(limit=2)] == ids[::-1]


def test_list_filters_by_status_and_archived(client):
    live, paused, gone = (make(client, name=n) for n in ("live", "paused", "gone"))
    client.deployments.pause(paused.id)
    client.deployments.archive(gone.id)
    assert [d.id for d in client.deployments.iter(status="paused")] == [paused.id]
    assert gone.id not in {d.id for d in client.deployments.iter()}
    assert gone.id in {d.id for d in client.deployments.iter(include_archived=True)}
    assert live.id in {d.id for d in client.deployments.iter(agent_id=AGENT)}


def test_pause_unpause_archive(client):
    dep = make(client)
    paused = client.deployments.pause(dep.id)
    assert (paused.status, paused.paused_reason.type) == ("paused", "manual")
    active = client.deployments.unpause(dep.id)
    assert (active.status, active.paused_reason) == ("active", None)
    archived = client.deployments.archive(dep.id)
    assert archived.archived and archived.name.startswith("daily-report_archived_")


def test_pausing_a_paused_deployment_is_a_conflict(client):
    dep = make(client)
    client.deployments.pause(dep.id)
    with pytest.raises(errors.ConflictError) as exc:
        client.deployments.pause(dep.id)
    assert exc.value.type == "conflict_error"
    assert client.deployments.retrieve(dep.id).status == "paused"


def test_archiving_twice_is_a_conflict(client):
    dep = make(client)
    client.deployments.archive(dep.id)
    with pytest.raises(errors.ConflictError):
        client.deployments.archive(dep.id)


def test_run_and_read_it_back_every_way(client):
    dep = make(client)
    run = client.deployments.run(dep.id)
    assert (run.deployment_id, run.trigger_context.type) == (dep.id, "manual")
    assert client.deployments.runs.retrieve(run.id, deployment_id=dep.id).id == run.id
    assert client.runs.retrieve(run.id).id == run.id
    assert [r.id for r in client.deployments.runs.list(dep.id).data] == [run.id]
    assert [r.id for r in client.runs.list(deployment_id=dep.id).data] == [run.id]


def test_runs_iter_pages_through_runs(client, emulator):
    dep = make(client)
    ids = []
    for _ in range(3):
        ids.append(client.deployments.run(dep.id).id)
        emulator.clock.advance(60)
    assert {r.id for r in client.deployments.runs.iter(dep.id, limit=2)} == set(ids)
    assert {r.id for r in client.runs.iter(limit=2, trigger_type="manual")} == set(ids)


def test_runs_list_filters_by_status(client, emulator):
    dep = make(client)
    client.deployments.run(dep.id)
    emulator.clock.advance(3600)
    assert client.deployments.runs.list(dep.id, status="running").data == []
    assert len(client.deployments.runs.list(dep.id, status="completed").data) == 1


def test_unknown_deployment_is_not_found(client):
    with pytest.raises(errors.NotFoundError) as exc:
        client.deployments.retrieve("dep_019ec55a2b687b3f94eee77dd77e4b2a")
    assert (exc.value.status_code, exc.value.type) == (404, "not_found_error")


def test_unknown_run_is_not_found(client):
    with pytest.raises(errors.NotFoundError):
        client.runs.retrieve("drun_019ec55a68af73028afa5b87931cb2f3")


def test_invalid_field_is_an_invalid_request_naming_it(client):
    with pytest.raises(errors.InvalidRequestError) as exc:
        make(client, name="x" * 257)
    assert (exc.value.type, exc.value.param) == ("invalid_request_error", "name")


def test_wrong_token_is_an_authentication_error(emulator):
    with QoderClient(token="pt-wrong", base_url="http://emulator.test/api/v1/cloud",
                     http_client=emulator.http) as client:
        with pytest.raises(errors.AuthenticationError) as exc:
            client.deployments.list()
    assert exc.value.type == "authentication_error"
    assert "pt-wrong" not in str(exc.value)


def test_injected_503_is_retried_with_its_retry_after(emulator, emulator_token):
    fault = {"path": "*/deployments", "method": "GET", "status": 503, "retry_after": "2",
             "count": 1}
    assert emulator.http.post("/_emulator/faults", json=fault).status_code == 200
    sleeps: list[float] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    # A clock of its own gives the client a pace of its own: the process-wide one for this
    # token may still be spacing another test's requests, which would add a pacing wait.
    with QoderClient(token=emulator_token, base_url="http://emulator.test/api/v1/cloud",
                     http_client=emulator.http, sleep=sleep, clock=lambda: now[0]) as client:
        assert client.deployments.list().data == []
    # The cool-down runs from the answer: Retry-After, on a clock that stood still meanwhile.
    assert sleeps == [2.0]


def test_served_emulator_over_a_real_socket(served_emulator, emulator_token):
    with QoderClient(token=emulator_token, base_url=served_emulator.base_url) as client:
        dep = make(client, schedule=SCHEDULE)
        assert client.deployments.pause(dep.id).status == "paused"
        run_list = client.deployments.runs.list(dep.id)
        assert run_list.data == [] and not run_list.has_more
        assert [d.id for d in client.deployments.iter()] == [dep.id]
    assert [e["method"] for e in served_emulator.journal()][:2] == ["POST", "POST"]


def test_refused_connection_is_an_api_connection_error():
    with QoderClient(token="pt-x", base_url="http://127.0.0.1:9/api/v1/cloud", max_retries=1,
                     sleep=lambda s: None) as client:
        with pytest.raises(errors.APIConnectionError):
            client.deployments.list()


def test_http_client_transport_is_reused_not_closed(emulator, client):
    make(client)
    client.close()
    assert not emulator.http.is_closed
    assert emulator.http.get(f"{API_PREFIX}/deployments").status_code == 200
    assert [e["method"] for e in emulator.journal()] == ["POST", "GET"]


class LoseFirstPostResponse(httpx.BaseTransport):
    """Lets the first POST reach the server, then drops its response like a reset socket."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and not self.lost:
            self.lost += 1
            response.read()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


@pytest.fixture
def lossy_client(emulator, emulator_token):
    # The TestClient's own transport calls the app in process; wrap it to lose one response.
    transport = LoseFirstPostResponse(emulator.http._transport)
    with httpx.Client(transport=transport, base_url="http://emulator.test") as http:
        with QoderClient(token=emulator_token, base_url="http://emulator.test/api/v1/cloud",
                         http_client=http, sleep=lambda s: None) as client:
            yield client


def posts_to(emulator, suffix):
    return [e for e in emulator.journal() if e["method"] == "POST" and e["path"].endswith(suffix)]


def test_create_retried_after_a_lost_response_creates_once(lossy_client, client, emulator):
    dep = make(lossy_client)
    assert len(posts_to(emulator, "/deployments")) == 2
    assert [d.id for d in client.deployments.iter()] == [dep.id]


def test_pause_retried_after_a_lost_response_is_not_a_conflict(lossy_client, client, emulator):
    dep = make(client)
    assert lossy_client.deployments.pause(dep.id).status == "paused"
    assert len(posts_to(emulator, "/pause")) == 2


def test_a_create_through_a_burst_of_faults_makes_one_deployment(served_emulator, emulator_token):
    faults = [
        {"path": "*/deployments", "method": "POST", "status": 503, "body": False, "count": 2},
        {"path": "*/deployments", "method": "POST", "drop": True, "count": 2},
        {"path": "*/deployments", "method": "POST", "status": 429, "retry_after": "1",
         "count": 2},
    ]
    for fault in faults:  # dropped connections need a real socket: the served emulator
        httpx.post(f"{served_emulator.root_url}/_emulator/faults", json=fault).raise_for_status()
    with QoderClient(token=emulator_token, base_url=served_emulator.base_url,
                     sleep=lambda s: None) as client:
        dep = make(client)
        assert [d.id for d in client.deployments.iter()] == [dep.id]
