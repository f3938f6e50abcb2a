"""Serving over loopback: the command line, SQLite persistence, concurrent clients."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import httpx
from emulator_support import body

from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    ManualClock,
    SQLiteStore,
    create_app,
)

TOKEN = "pt-test-token-for-emulator-0001"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_command_prints_its_base_url_and_serves(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", TOKEN,
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
        return EmulatorServer(create_app(service, tokens=[TOKEN]))

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
