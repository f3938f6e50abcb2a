"""The /_emulator control surface: clock, journal, faults and run outcomes."""

import httpx
import pytest

from pulumi_qoder.emulator import DeploymentService, EmulatorServer, InMemoryStore, create_app
from tests.emulator.emulator_support import body, error_of

DEPLOYMENTS = "/api/v1/cloud/deployments"


def test_clock_reads_the_manual_time(emulator):
    assert emulator.http.get("/_emulator/clock").json() == {
        "now": "2026-06-14T08:58:01Z", "mode": "manual",
    }


def test_clock_can_be_set_and_advanced(emulator):
    emulator.http.post("/_emulator/clock", json={"set": "2026-06-15T00:00:00Z"})
    state = emulator.http.post("/_emulator/clock", json={"advance_seconds": 1.5}).json()
    assert state["now"] == "2026-06-15T00:00:01.5Z"
    assert emulator.clock.now().isoformat() == "2026-06-15T00:00:01.500000+00:00"


@pytest.mark.parametrize(
    "change",
    [{"set": "2026-06-01T00:00:00Z"}, {"set": "tomorrow"}, {"advance_seconds": -1}, {},
     {"set": "2026-06-15T00:00:00Z", "advance_seconds": 1}],
    ids=["backwards", "not-a-time", "negative", "neither", "both"],
)
def test_bad_clock_changes_are_rejected(emulator, change):
    response = emulator.http.post("/_emulator/clock", json=change)
    assert response.status_code == 400
    assert error_of(response)["type"] == "invalid_request_error"
    assert emulator.http.get("/_emulator/clock").json()["now"] == "2026-06-14T08:58:01Z"


def test_real_clock_cannot_be_moved():
    from starlette.testclient import TestClient

    with TestClient(create_app()) as http:
        assert http.get("/_emulator/clock").json()["mode"] == "real"
        response = http.post("/_emulator/clock", json={"advance_seconds": 1})
        assert response.status_code == 409


def test_journal_records_api_calls_only(emulator):
    emulator.http.post(DEPLOYMENTS, json=body())
    emulator.http.get(DEPLOYMENTS, params={"limit": 5})
    emulator.http.get("/_emulator/clock")
    assert emulator.http.get("/_emulator/requests").json() == [
        {"method": "POST", "path": DEPLOYMENTS, "query": "", "status": 200,
         "time": "2026-06-14T08:58:01Z"},
        {"method": "GET", "path": DEPLOYMENTS, "query": "limit=5", "status": 200,
         "time": "2026-06-14T08:58:01Z"},
    ]


def test_journal_can_be_cleared(emulator):
    emulator.http.get(DEPLOYMENTS)
    emulator.http.delete("/_emulator/requests")
    assert emulator.journal() == []


def test_journal_never_holds_the_token(emulator):
    emulator.http.get(DEPLOYMENTS)
    emulator.http.get(DEPLOYMENTS, headers={"Authorization": "Bearer pt-wrong-secret"})
    text = emulator.http.get("/_emulator/requests").text
    assert "pt-" not in text
    assert [e["status"] for e in emulator.journal()] == [200, 401]


def test_fault_returns_an_error_for_the_next_n_matching_calls(emulator):
    emulator.http.post("/_emulator/faults", json={
        "method": "GET", "path": "/api/v1/cloud/deployments", "status": 503, "count": 2,
        "retry_after": 3,
    })
    first = emulator.http.get(DEPLOYMENTS)
    assert first.status_code == 503 and first.headers["retry-after"] == "3"
    assert error_of(first)["type"] == "api_error"
    assert emulator.http.get(DEPLOYMENTS).status_code == 503
    assert emulator.http.get(DEPLOYMENTS).status_code == 200
    assert [e["status"] for e in emulator.journal()] == [503, 503, 200]


def test_fault_can_answer_without_a_body(emulator):
    emulator.http.post("/_emulator/faults", json={"path": "*", "status": 429, "body": False})
    response = emulator.http.get(DEPLOYMENTS)
    assert response.status_code == 429 and response.content == b""


def test_fault_only_matches_its_method_and_path(emulator):
    emulator.http.post("/_emulator/faults", json={
        "method": "POST", "path": "/api/v1/cloud/deployments/*/pause", "status": 500,
    })
    dep = emulator.http.post(DEPLOYMENTS, json=body()).json()
    assert emulator.http.get(f"{DEPLOYMENTS}/{dep['id']}").status_code == 200
    response = emulator.http.post(f"{DEPLOYMENTS}/{dep['id']}/pause")
    assert response.status_code == 500
    assert emulator.http.get(f"{DEPLOYMENTS}/{dep['id']}").json()["status"] == "active"


def test_fault_probability_zero_never_fires_and_one_always_does(emulator):
    emulator.http.post("/_emulator/faults", json={"status": 500, "probability": 0})
    assert emulator.http.get(DEPLOYMENTS).status_code == 200
    emulator.http.delete("/_emulator/faults")
    emulator.http.post("/_emulator/faults", json={"status": 502, "probability": 1})
    assert emulator.http.get(DEPLOYMENTS).status_code == 502


def test_faults_are_listed_and_cleared(emulator):
    emulator.http.post("/_emulator/faults", json={"status": 500})
    assert [f["status"] for f in emulator.http.get("/_emulator/faults").json()] == [500]
    emulator.http.delete("/_emulator/faults")
    assert emulator.http.get(DEPLOYMENTS).status_code == 200


@pytest.mark.parametrize(
    "fault",
    [{"path": "*"}, {"status": 200}, {"status": 500, "count": 0},
     {"status": 500, "probability": 2}, {"status": 500, "colour": "red"}],
    ids=["no-effect", "success-status", "zero-count", "probability-above-one", "unknown-field"],
)
def test_bad_faults_are_rejected(emulator, fault):
    assert emulator.http.post("/_emulator/faults", json=fault).status_code == 400


def test_run_outcomes_are_listed_and_cleared(emulator):
    emulator.http.post("/_emulator/run_outcomes", json={"status": "failed", "count": 1})
    listed = emulator.http.get("/_emulator/run_outcomes").json()
    assert [(o["status"], o["count"]) for o in listed] == [("failed", 1)]
    emulator.http.delete("/_emulator/run_outcomes")
    assert emulator.http.get("/_emulator/run_outcomes").json() == []


def test_bad_run_outcome_is_rejected(emulator):
    response = emulator.http.post("/_emulator/run_outcomes", json={"status": "exploded"})
    assert response.status_code == 400
    assert error_of(response)["param"] == "status"


def test_dropped_connection_reaches_a_served_client(served_emulator):
    httpx.post(f"{served_emulator.root_url}/_emulator/faults", json={"drop": True, "count": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(f"{served_emulator.base_url}/deployments")
    response = httpx.get(
        f"{served_emulator.base_url}/deployments",
        headers={"Authorization": "Bearer pt-test-token-for-emulator-0001"},
    )
    assert response.status_code == 200
    assert [e["status"] for e in served_emulator.journal()] == [None, 200]


def test_latency_delays_a_served_call(served_emulator):
    httpx.post(f"{served_emulator.root_url}/_emulator/faults",
               json={"latency_ms": 300, "count": 1})
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{served_emulator.base_url}/deployments", timeout=0.05)


def test_unknown_path_is_an_enveloped_404(emulator):
    response = emulator.http.get("/api/v1/cloud/agents")
    assert response.status_code == 404
    assert error_of(response)["type"] == "not_found_error"


def test_wrong_method_is_an_enveloped_405(emulator):
    response = emulator.http.delete(f"{DEPLOYMENTS}/dep_019ec55a2b687b3f94eee77dd77e4b2a")
    assert response.status_code == 405
    assert error_of(response)["type"] == "invalid_request_error"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("DELETE", f"{DEPLOYMENTS}/dep_019ec55a2b687b3f94eee77dd77e4b2a", "GET, POST"),
     ("PUT", DEPLOYMENTS, "GET, POST"),
     ("GET", f"{DEPLOYMENTS}/dep_019ec55a2b687b3f94eee77dd77e4b2a/pause", "POST"),
     ("POST", "/api/v1/cloud/deployment_runs", "GET")],
    ids=["deployment", "collection", "action", "runs"],
)
def test_405_names_the_allowed_methods(emulator, method, path, allowed):
    response = emulator.http.request(method, path)
    assert response.status_code == 405 and response.headers["allow"] == allowed


def test_journal_keeps_only_the_latest_calls():
    from starlette.testclient import TestClient

    app = create_app(tokens=["pt-x"], journal_size=3)
    with TestClient(app, headers={"Authorization": "Bearer pt-x"}) as http:
        for limit in range(1, 6):
            http.get(DEPLOYMENTS, params={"limit": limit})
        journal = http.get("/_emulator/requests").json()
    assert [e["query"] for e in journal] == ["limit=3", "limit=4", "limit=5"]


def test_server_context_manager_frees_its_port(emulator):
    with EmulatorServer(create_app(emulator.service)) as server:
        assert server.base_url.endswith("/api/v1/cloud")
        port = server.port
        assert httpx.get(f"{server.root_url}/_emulator/clock").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/_emulator/clock", timeout=1)


class BrokenStore(InMemoryStore):
    def get_deployment(self, deployment_id):
        raise RuntimeError("disk on fire")


def test_an_emulator_bug_is_a_500_api_error_envelope():
    from starlette.testclient import TestClient

    app = create_app(DeploymentService(BrokenStore()), tokens=["pt-x"])
    with TestClient(app, raise_server_exceptions=False) as http:
        response = http.get(f"{DEPLOYMENTS}/dep_019ec55a2b687b3f94eee77dd77e4b2a",
                            headers={"Authorization": "Bearer pt-x"})
    assert response.status_code == 500
    assert error_of(response)["type"] == "api_error"


@pytest.mark.parametrize("method, path", [
    ("GET", "/_emulator/clock"), ("GET", "/_emulator/requests"), ("DELETE", "/_emulator/faults"),
    ("POST", "/_emulator/run_outcomes"), ("GET", "/openapi.json"),
])
def test_control_surface_refuses_unknown_query_parameters(emulator, method, path):
    response = emulator.http.request(method, path, params={"colour": "red"})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "colour"
