"""The stores behind the service: the live-name index, and SQLite files from before the
filter columns (schema version 1) still open, migrated."""

import sqlite3
import warnings
from datetime import datetime, timezone

import pytest

from pulumi_qoder.emulator import (
    DeploymentService,
    InMemoryStore,
    ManualClock,
    SQLiteStore,
    create_app,
)
from pulumi_qoder.emulator.storage.paging import DeploymentFilter, Window
from tests.emulator.emulator_support import body

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

START = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)


@pytest.fixture(params=["memory", "sqlite"])
def service(request, tmp_path):
    store = InMemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "s.db")
    return DeploymentService(store, ManualClock(START))


def test_a_rename_frees_the_old_name(service):
    dep = service.create(body(name="old"))
    service.update(dep.id, {"name": "new"})
    assert service.store.live_deployment_named("old") is None
    assert service.store.live_deployment_named("new") == dep.id
    assert service.create(body(name="old")).name == "old"


def test_archive_frees_the_name(service):
    dep = service.create(body(name="taken"))
    service.archive(dep.id)
    assert service.store.live_deployment_named("taken") is None
    assert service.create(body(name="taken")).id != dep.id


def test_pages_copy_only_what_they_return(service):
    for i in range(30):
        service.create(body(name=f"d{i}"))
    page = service.store.list_deployments(Window(limit=3), DeploymentFilter())
    assert [d.name for d in page.items] == ["d29", "d28", "d27"] and page.has_more
    page.items[0].name = "changed"
    assert service.retrieve(page.items[0].id).name == "d29"


def test_a_version_1_sqlite_file_is_migrated(tmp_path):
    path = tmp_path / "v1.sqlite"
    first = DeploymentService(SQLiteStore(path), ManualClock(START))
    dep = first.create(body(name="from-v1"))
    run = first.run(dep.id)
    first.store.close()
    # rewrite the file as version 1 had it: (id, body) rows only, user_version 0
    db = sqlite3.connect(path)
    deployments = db.execute("SELECT id, body FROM deployments").fetchall()
    runs = db.execute("SELECT id, deployment_id, body FROM runs").fetchall()
    db.executescript(
        "DROP TABLE deployments; DROP TABLE runs; PRAGMA user_version = 0;"
        "CREATE TABLE deployments (id TEXT PRIMARY KEY, body TEXT NOT NULL);"
        "CREATE TABLE runs (id TEXT PRIMARY KEY, deployment_id TEXT NOT NULL, body TEXT);"
    )
    db.executemany("INSERT INTO deployments VALUES (?, ?)", deployments)
    db.executemany("INSERT INTO runs VALUES (?, ?, ?)", runs)
    db.commit()
    db.close()
    again = DeploymentService(SQLiteStore(path), ManualClock(START))
    assert again.retrieve(dep.id).name == "from-v1"
    assert [d.id for d in again.list().items] == [dep.id]
    assert [r.id for r in again.list_runs(deployment_id=dep.id).items] == [run.id]
    assert again.store.live_deployment_named("from-v1") == dep.id
    assert again.retrieve_run(run.id).status == "running"


def test_a_file_holding_a_lone_surrogate_still_lists(tmp_path):
    # an emulator from before the body gate stored "x\ud800y" and then answered 500 to
    # every list, even after a restart; such a file now opens, lists and reads back
    path = tmp_path / "poisoned.sqlite"
    first = DeploymentService(SQLiteStore(path), ManualClock(START))
    dep = first.create(body(name="poisoned"))
    first.store.close()
    db = sqlite3.connect(path)
    (text,) = db.execute("SELECT body FROM deployments").fetchone()
    db.executescript(
        "DROP TABLE deployments; DROP TABLE runs; PRAGMA user_version = 0;"
        "CREATE TABLE deployments (id TEXT PRIMARY KEY, body TEXT NOT NULL);"
        "CREATE TABLE runs (id TEXT PRIMARY KEY, deployment_id TEXT NOT NULL, body TEXT);"
    )
    db.execute("INSERT INTO deployments VALUES (?, ?)",
               (dep.id, text.replace('"poisoned"', '"x\\ud800y"')))
    db.commit()
    db.close()
    service = DeploymentService(SQLiteStore(path), ManualClock(START))
    app = create_app(service, tokens=["pt-x"])
    with TestClient(app, headers={"Authorization": "Bearer pt-x"}) as http:
        listed = http.get("/api/v1/cloud/deployments")
        one = http.get(f"/api/v1/cloud/deployments/{dep.id}")
    assert listed.status_code == 200 and one.status_code == 200
    assert listed.json()["data"][0]["name"] == one.json()["name"] == "x\ud800y"
