"""Serving over loopback: the command line, SQLite persistence, concurrent clients."""

import random
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import httpx
import pytest

from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    FaultTable,
    InMemoryStore,
    ManualClock,
    SQLiteStore,
    create_app,
)
from tests.emulator.emulator_support import body
from tests.support.constants import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}


def test_command_prints_its_base_url_and_serves(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", TEST_TOKEN,
         "--clock", "manual", "--start", "2026-06-14T08:58:01Z"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/api/v1/cloud")
        response = httpx.post(f"{base_url}/deployments", json=body(), headers=AUTH, timeout=10)
        assert response.status_code == 200
        assert response.json()["created_at"] == "2026-06-14T08:58:01Z"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_command_without_tokens_announces_the_dev_token():
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base_url = process.stdout.readline().strip()
        notice = process.stderr.readline()
        token = notice.split()[-1]
        assert token.startswith("pt-")
        response = httpx.get(f"{base_url}/deployments",
                             headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sqlite_state_survives_a_restart(tmp_path):
    db = tmp_path / "emulator.sqlite"
    start = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)

    def serve():
        service = DeploymentService(SQLiteStore(db), ManualClock(start))
        return EmulatorServer(create_app(service, tokens=[TEST_TOKEN]))

    with serve() as server:
        dep = httpx.post(f"{server.base_url}/deployments", json=body(), headers=AUTH).json()
        httpx.post(f"{server.base_url}/deployments/{dep['id']}/pause", headers=AUTH)
    with serve() as server:
        again = httpx.get(f"{server.base_url}/deployments/{dep['id']}", headers=AUTH).json()
        assert again["status"] == "paused" and again["name"] == dep["name"]
        duplicate = httpx.post(f"{server.base_url}/deployments", json=body(), headers=AUTH)
        assert duplicate.status_code == 409
        newer = httpx.post(f"{server.base_url}/deployments", json=body(name="n2"), headers=AUTH)
        assert newer.json()["id"] > dep["id"]


def test_runs_in_flight_survive_a_restart(tmp_path):
    db = tmp_path / "runs.sqlite"
    clock = ManualClock(datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc))
    first = DeploymentService(SQLiteStore(db), clock)
    dep = first.create(body())
    run = first.run(dep.id)
    clock.advance(2)
    second = DeploymentService(SQLiteStore(db), clock)
    assert second.retrieve_run(run.id).status == "completed"


def test_fifty_concurrent_clients_lose_no_update(served_emulator):
    names = [f"dep-{i}" for i in range(50)]

    def work(name):
        with httpx.Client(base_url=served_emulator.base_url, headers=AUTH, timeout=30) as http:
            created = http.post("/deployments", json=body(name=name)).json()
            clash = http.post("/deployments", json=body(name="contested"))
            http.post(f"/deployments/{created['id']}", json={"metadata": {name: "x"}})
            http.post(f"/deployments/{created['id']}", json={"description": name})
            http.post(f"/deployments/{created['id']}/pause")
            return created["id"], clash.status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(work, names))
    assert sorted(status for _, status in results) == [200] + [409] * 49
    service = served_emulator.service
    deployments = service.list(limit=1000).items
    assert len(deployments) == 51
    assert len({d.name for d in deployments}) == 51
    for dep_id, _ in results:
        dep = service.retrieve(dep_id)
        name = dep.description
        assert dep.status == "paused" and dep.user_metadata == {name: "x"} and dep.name == name


def _shared_deployment(served_emulator, **changes):
    with httpx.Client(base_url=served_emulator.base_url, headers=AUTH, timeout=30) as http:
        response = http.post("/deployments", json=body(name="shared", **changes))
        assert response.status_code == 200, response.text
        return response.json()["id"]


def test_fifteen_writers_on_one_deployment_lose_no_metadata_key(served_emulator):
    # 15 writers + their last values fit the 16-key limit; each merge-patch must land on
    # the state the previous one left, so a read-modify-write outside the lock drops keys
    writers, rounds = 15, 4
    dep_id = _shared_deployment(served_emulator)
    start = threading.Barrier(writers)

    def work(i):
        statuses = []
        with httpx.Client(base_url=served_emulator.base_url, headers=AUTH, timeout=30) as http:
            start.wait(timeout=10)
            for r in range(rounds):
                response = http.post(f"/deployments/{dep_id}",
                                     json={"metadata": {f"k{i}": f"v{i}-{r}"}})
                statuses.append(response.status_code)
                if response.status_code == 200:
                    assert response.json()["metadata"][f"k{i}"] == f"v{i}-{r}"
        return statuses

    with ThreadPoolExecutor(max_workers=writers) as pool:
        statuses = [s for result in pool.map(work, range(writers)) for s in result]
    assert statuses == [200] * writers * rounds
    final = served_emulator.service.retrieve(dep_id).user_metadata
    assert final == {f"k{i}": f"v{i}-{rounds - 1}" for i in range(writers)}


def test_fifty_clients_racing_on_one_deployment_leave_it_consistent(served_emulator):
    # every fifth client keeps its key; the rest add theirs and delete it again (at most 6
    # at once, so kept + transient keys stay within the 16-key limit). Meanwhile all of them
    # race pause/unpause: each transition either happens (200) or finds it done (409).
    clients = 50
    dep_id = _shared_deployment(served_emulator)
    kept = {f"k{i}": f"v{i}" for i in range(0, clients, 5)}
    transient_slots = threading.BoundedSemaphore(16 - len(kept))
    start = threading.Barrier(clients)

    def work(i):
        key, value = f"k{i}", f"v{i}"
        seen = []
        with httpx.Client(base_url=served_emulator.base_url, headers=AUTH, timeout=30) as http:
            start.wait(timeout=10)

            def call(path, payload=None):
                response = http.post(path, json=payload)
                seen.append((path.rsplit("/", 1)[-1], response.status_code))
                return response

            if key in kept:
                call(f"/deployments/{dep_id}", {"metadata": {key: value}})
                call(f"/deployments/{dep_id}/pause")
                call(f"/deployments/{dep_id}/unpause")
            else:
                with transient_slots:
                    call(f"/deployments/{dep_id}", {"metadata": {key: value}})
                    call(f"/deployments/{dep_id}/pause")
                    call(f"/deployments/{dep_id}", {"metadata": {key: None}})
                call(f"/deployments/{dep_id}/unpause")
        return seen

    with ThreadPoolExecutor(max_workers=clients) as pool:
        calls = [c for result in pool.map(work, range(clients)) for c in result]

    updates = [status for verb, status in calls if verb == dep_id]
    assert updates == [200] * len(updates) and len(updates) == clients + clients - len(kept)
    toggles = {verb: [status for v, status in calls if v == verb] for verb in ("pause", "unpause")}
    assert set(toggles["pause"] + toggles["unpause"]) <= {200, 409}
    paused_ok, unpaused_ok = toggles["pause"].count(200), toggles["unpause"].count(200)
    assert paused_ok >= 1
    # starting active, successful transitions alternate, so the final status follows
    assert paused_ok - unpaused_ok in (0, 1)
    final = served_emulator.service.retrieve(dep_id)
    assert final.status == ("paused" if paused_ok > unpaused_ok else "active")
    assert (final.paused_reason is not None) == (final.status == "paused")
    assert final.user_metadata == kept


def test_command_keeps_a_journal_of_the_size_asked_for():
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", TEST_TOKEN,
         "--journal-size", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base_url = process.stdout.readline().strip()
        for limit in (1, 2, 3):
            httpx.get(f"{base_url}/deployments", params={"limit": limit}, headers=AUTH)
        root = base_url.removesuffix("/api/v1/cloud")
        journal = httpx.get(f"{root}/_emulator/requests", timeout=10).json()
        assert [e["query"] for e in journal] == ["limit=2", "limit=3"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_command_logs_no_traceback_for_an_injected_drop():
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", TEST_TOKEN],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base_url = process.stdout.readline().strip()
        root = base_url.removesuffix("/api/v1/cloud")
        for after in (False, True):
            rule = {"method": "GET", "path": "*", "drop": True, "count": 1,
                    "after_processing": after}
            assert httpx.post(f"{root}/_emulator/faults", json=rule).status_code == 200
            try:
                httpx.get(f"{base_url}/deployments", headers=AUTH, timeout=10)
            except httpx.HTTPError:
                pass
        assert httpx.get(f"{base_url}/deployments", headers=AUTH, timeout=10).status_code == 200
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr and "ConnectionDropped" not in stderr


@pytest.fixture
def seeded_faults_emulator():
    """A served emulator whose fault table draws from a seeded RNG."""
    clock = ManualClock(datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc))
    app = create_app(DeploymentService(InMemoryStore(), clock), tokens=[TEST_TOKEN],
                     faults=FaultTable(seed=12))
    with EmulatorServer(app) as server:
        yield server


def test_concurrent_clients_under_faults_never_get_a_500(seeded_faults_emulator):
    """Eight seeded clients mix writes and reads while seeded faults drop, replace and
    delay answers before and after processing: every answer is the API's or the fault's."""
    served_emulator = seeded_faults_emulator
    root = served_emulator.root_url
    rules = [
        {"method": "POST", "path": "/api/v1/cloud/deployments", "drop": True,
         "after_processing": True, "probability": 0.2},
        {"method": "POST", "path": "/api/v1/cloud/deployments/*", "status": 503,
         "after_processing": True, "probability": 0.2},
        {"method": "*", "path": "/api/v1/cloud/deployments/*/*", "latency_ms": 5,
         "after_processing": True, "probability": 0.2},
        {"method": "GET", "path": "*", "drop": True, "probability": 0.1},
    ]
    with httpx.Client(base_url=served_emulator.base_url, headers=AUTH, timeout=30) as http:
        first = http.post("/deployments", json=body(name="storm-seed")).json()["id"]
    for rule in rules:
        assert httpx.post(f"{root}/_emulator/faults", json=rule).status_code == 200

    def client(seed: int) -> list[int]:
        rnd, got = random.Random(seed), []
        with httpx.Client(base_url=served_emulator.base_url, headers=AUTH, timeout=30) as http:
            for i in range(15):
                op = rnd.choice(["create", "update", "pause", "unpause", "run", "list", "get"])
                key = {"Idempotency-Key": f"storm-{seed}-{i}"}
                try:
                    if op == "create":
                        r = http.post("/deployments", json=body(name=f"s{seed}-{i}"), headers=key)
                    elif op == "update":
                        r = http.post(f"/deployments/{first}", headers=key,
                                      json={"metadata": {f"k{seed}": str(i)}})
                    elif op in ("pause", "unpause", "run"):
                        r = http.post(f"/deployments/{first}/{op}", headers=key)
                    elif op == "list":
                        r = http.get("/deployments", params={"limit": 5})
                    else:
                        r = http.get(f"/deployments/{first}")
                    got.append(r.status_code)
                except httpx.TransportError:
                    got.append(0)  # a dropped connection (RemoteProtocolError, ReadError)
        return got

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [s for got in pool.map(client, range(8)) for s in got]
    httpx.delete(f"{root}/_emulator/faults")
    journal = httpx.get(f"{root}/_emulator/requests").json()
    assert len(statuses) == 120 and set(statuses) <= {0, 200, 409, 503}
    assert {0, 200, 503} <= set(statuses)  # the faults did fire
    assert {e["status"] for e in journal} <= {None, 200, 409, 503}
    with httpx.Client(base_url=served_emulator.base_url, headers=AUTH, timeout=30) as http:
        listed = http.get("/deployments", params={"limit": 1000}).json()["data"]
        assert all(http.get(f"/deployments/{d['id']}").status_code == 200 for d in listed)
