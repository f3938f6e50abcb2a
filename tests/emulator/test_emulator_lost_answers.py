"""Lost answers: faults that act after the request was processed, and Idempotency-Key
replay across them and across a restart with SQLite (issue #9, CONTRACT §1.2)."""

from datetime import datetime, timezone

import httpx
import pytest

from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    ManualClock,
    SQLiteStore,
    create_app,
)
from tests.emulator.emulator_support import body, error_of
from tests.support.constants import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
START = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)


def _fault(root_url: str, **rule) -> None:
    response = httpx.post(f"{root_url}/_emulator/faults", json=rule, timeout=10)
    assert response.status_code == 200, response.text


def _names(base_url: str) -> list[str]:
    listed = httpx.get(f"{base_url}/deployments", headers=AUTH, timeout=10).json()
    return [d["name"] for d in listed["data"]]


def test_dropped_answer_after_processing_still_creates(served_emulator):
    _fault(served_emulator.root_url, method="POST", path="/api/v1/cloud/deployments",
           drop=True, after_processing=True, count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(f"{served_emulator.base_url}/deployments", json=body(name="lost"),
                   headers=AUTH, timeout=10)
    assert _names(served_emulator.base_url) == ["lost"]
    assert [(e["method"], e["status"]) for e in served_emulator.journal()] == [
        ("POST", None), ("GET", 200),
    ]


def test_retry_with_the_same_key_replays_the_lost_answer(served_emulator):
    _fault(served_emulator.root_url, method="POST", path="/api/v1/cloud/deployments",
           drop=True, after_processing=True, count=1)
    headers = {**AUTH, "Idempotency-Key": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"}
    url = f"{served_emulator.base_url}/deployments"
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(url, json=body(name="lost"), headers=headers, timeout=10)
    replay = httpx.post(url, json=body(name="lost"), headers=headers, timeout=10)
    assert replay.status_code == 200
    listed = httpx.get(url, headers=AUTH, timeout=10).json()["data"]
    assert [d["id"] for d in listed] == [replay.json()["id"]]


def test_injected_status_after_processing_replaces_the_real_answer(served_emulator):
    _fault(served_emulator.root_url, method="POST", path="/api/v1/cloud/deployments",
           status=503, body=False, retry_after="2", after_processing=True, count=1)
    headers = {**AUTH, "Idempotency-Key": "key-503"}
    url = f"{served_emulator.base_url}/deployments"
    first = httpx.post(url, json=body(name="behind-503"), headers=headers, timeout=10)
    assert first.status_code == 503 and first.content == b""
    assert first.headers["retry-after"] == "2"
    replay = httpx.post(url, json=body(name="behind-503"), headers=headers, timeout=10)
    assert replay.status_code == 200 and replay.json()["name"] == "behind-503"
    assert _names(served_emulator.base_url) == ["behind-503"]
    assert [e["status"] for e in served_emulator.journal()][:2] == [503, 200]


def test_injected_status_after_processing_carries_the_envelope(emulator):
    emulator.http.post("/_emulator/faults", json={
        "method": "POST", "path": "*/pause", "status": 500, "after_processing": True,
    })
    dep = emulator.http.post("/api/v1/cloud/deployments", json=body()).json()
    response = emulator.http.post(f"/api/v1/cloud/deployments/{dep['id']}/pause")
    assert response.status_code == 500 and error_of(response)["type"] == "api_error"
    assert emulator.service.retrieve(dep["id"]).status == "paused"


def test_latency_after_processing_delays_a_done_write(served_emulator):
    _fault(served_emulator.root_url, method="POST", latency_ms=400, after_processing=True,
           count=1)
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{served_emulator.base_url}/deployments", json=body(name="slow"),
                   headers=AUTH, timeout=0.1)
    assert served_emulator.service.list().items[0].name == "slow"


def test_latency_after_processing_alone_lets_the_answer_through(emulator):
    emulator.http.post("/_emulator/faults", json={
        "latency_ms": 1, "after_processing": True, "count": 1,
    })
    response = emulator.http.post("/api/v1/cloud/deployments", json=body())
    assert response.status_code == 200 and response.json()["type"] == "deployment"


def test_after_processing_fault_is_used_up_by_its_count(served_emulator):
    _fault(served_emulator.root_url, method="POST", status=502, after_processing=True,
           count=1)
    url = f"{served_emulator.base_url}/deployments"
    statuses = [httpx.post(url, json=body(name=f"d{i}"), headers=AUTH, timeout=10).status_code
                for i in range(3)]
    assert statuses == [502, 200, 200]
    assert sorted(_names(served_emulator.base_url)) == ["d0", "d1", "d2"]


def test_after_processing_probability_uses_the_seeded_rng():
    from starlette.testclient import TestClient

    from pulumi_qoder.emulator import FaultTable

    def statuses(seed):
        app = create_app(tokens=[TEST_TOKEN], faults=FaultTable(seed=seed))
        with TestClient(app, headers=AUTH) as http:
            http.post("/_emulator/faults", json={
                "method": "GET", "status": 503, "probability": 0.5, "after_processing": True,
            })
            return [http.get("/api/v1/cloud/deployments").status_code for _ in range(20)]

    first = statuses(7)
    assert first == statuses(7)
    assert set(first) == {200, 503}


def test_fault_rule_lists_after_processing(emulator):
    emulator.http.post("/_emulator/faults", json={"drop": True, "after_processing": True})
    emulator.http.post("/_emulator/faults", json={"status": 503})
    assert [f["after_processing"] for f in emulator.http.get("/_emulator/faults").json()] == [
        True, False,
    ]


def _sqlite_server(db) -> EmulatorServer:
    service = DeploymentService(SQLiteStore(db), ManualClock(START))
    return EmulatorServer(create_app(service, tokens=[TEST_TOKEN]))


def test_idempotency_key_replays_after_a_restart_with_sqlite(tmp_path):
    db = tmp_path / "keys.sqlite"
    headers = {**AUTH, "Idempotency-Key": "create-once"}
    with _sqlite_server(db) as server:
        _fault(server.root_url, method="POST", drop=True, after_processing=True, count=1)
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.post(f"{server.base_url}/deployments", json=body(name="restarted"),
                       headers=headers, timeout=10)
    with _sqlite_server(db) as server:
        replay = httpx.post(f"{server.base_url}/deployments", json=body(name="restarted"),
                            headers=headers, timeout=10)
        listed = httpx.get(f"{server.base_url}/deployments", headers=AUTH, timeout=10).json()
    assert replay.status_code == 200 and replay.json()["name"] == "restarted"
    assert [d["id"] for d in listed["data"]] == [replay.json()["id"]]


def test_replay_after_a_restart_is_byte_for_byte_the_original(tmp_path):
    db = tmp_path / "keys.sqlite"
    headers = {**AUTH, "Idempotency-Key": "same-bytes"}
    with _sqlite_server(db) as server:
        first = httpx.post(f"{server.base_url}/deployments", json=body(), headers=headers)
    with _sqlite_server(db) as server:
        again = httpx.post(f"{server.base_url}/deployments", json=body(), headers=headers)
        other = httpx.post(f"{server.base_url}/deployments", json=body(name="other"),
                           headers=headers)
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert other.status_code == 409 and error_of(other)["type"] == "conflict_error"


def test_a_key_is_forgotten_after_24_hours(emulator):
    headers = {"Idempotency-Key": "day-old"}
    first = emulator.http.post("/api/v1/cloud/deployments", json=body(), headers=headers)
    emulator.http.post("/_emulator/clock", json={"advance_seconds": 24 * 3600 + 1})
    again = emulator.http.post("/api/v1/cloud/deployments", json=body(), headers=headers)
    assert first.status_code == 200
    # the create runs again, and the name is taken by the first one
    assert again.status_code == 409 and error_of(again)["param"] == "name"


def test_expired_keys_are_evicted_without_coming_back(emulator):
    for i in range(5):
        emulator.http.post("/api/v1/cloud/deployments", json=body(name=f"k{i}"),
                           headers={"Idempotency-Key": f"k{i}"})
    keys = emulator.service.store.keys
    assert len(keys) == 5
    emulator.http.post("/_emulator/clock", json={"advance_seconds": 24 * 3600 + 120})
    emulator.http.post("/api/v1/cloud/deployments", json=body(name="fresh"),
                       headers={"Idempotency-Key": "fresh"})
    assert len(keys) == 1


def test_expired_keys_are_evicted_by_any_later_call(emulator):
    for i in range(3):
        emulator.http.post("/api/v1/cloud/deployments", json=body(name=f"k{i}"),
                           headers={"Idempotency-Key": f"k{i}"})
    keys = emulator.service.store.keys
    emulator.http.post("/_emulator/clock", json={"advance_seconds": 23 * 3600})
    emulator.http.get("/api/v1/cloud/deployments")
    assert len(keys) == 3
    emulator.http.post("/_emulator/clock", json={"advance_seconds": 3600 + 120})
    assert emulator.http.get("/api/v1/cloud/deployments").status_code == 200
    assert len(keys) == 0


def test_a_retry_replays_while_the_delayed_answer_is_still_on_its_way(served_emulator):
    import threading
    import time

    _fault(served_emulator.root_url, method="POST", latency_ms=1500, after_processing=True,
           count=1)
    headers = {**AUTH, "Idempotency-Key": "slow-create"}
    url = f"{served_emulator.base_url}/deployments"
    first: list[httpx.Response] = []
    slow = threading.Thread(target=lambda: first.append(
        httpx.post(url, json=body(name="slow"), headers=headers, timeout=30)))
    slow.start()
    deadline = time.monotonic() + 10
    while not served_emulator.service.list().items and time.monotonic() < deadline:
        time.sleep(0.01)
    # processed, answer held back: the key already replays (not 409 "in progress")
    retry = httpx.post(url, json=body(name="slow"), headers=headers, timeout=30)
    slow.join(timeout=30)
    assert retry.status_code == first[0].status_code == 200
    assert retry.json()["id"] == first[0].json()["id"]
    assert len(served_emulator.service.list().items) == 1
