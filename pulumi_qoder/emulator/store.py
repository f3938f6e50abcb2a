"""Where records live: in memory, or in SQLite so state survives a restart. No rules here."""

from __future__ import annotations

import copy
import dataclasses
import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from .clock import parse_timestamp
from .keystore import KeyTable, MemoryKeys, SQLiteKeys
from .records import DeploymentRecord, RunRecord, Stats

__all__ = ["InMemoryStore", "SQLiteStore", "Store"]


class Store(Protocol):
    """Record storage. Callers get copies: a change is only kept once it is put back.

    ``keys`` holds the remembered Idempotency-Key answers, beside the records they
    describe, so they last exactly as long as the records do.
    """

    keys: KeyTable

    def get_deployment(self, deployment_id: str) -> DeploymentRecord | None: ...
    def put_deployment(self, record: DeploymentRecord) -> None: ...
    def list_deployments(self) -> list[DeploymentRecord]: ...
    def get_run(self, run_id: str) -> RunRecord | None: ...
    def put_run(self, record: RunRecord) -> None: ...
    def list_runs(self, deployment_id: str | None = None) -> list[RunRecord]: ...


class InMemoryStore:
    """Records in dicts; state ends with the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deployments: dict[str, DeploymentRecord] = {}
        self._runs: dict[str, RunRecord] = {}
        self.keys: KeyTable = MemoryKeys()

    def get_deployment(self, deployment_id: str) -> DeploymentRecord | None:
        with self._lock:
            return copy.deepcopy(self._deployments.get(deployment_id))

    def put_deployment(self, record: DeploymentRecord) -> None:
        with self._lock:
            self._deployments[record.id] = copy.deepcopy(record)

    def list_deployments(self) -> list[DeploymentRecord]:
        with self._lock:
            return copy.deepcopy(list(self._deployments.values()))

    def get_run(self, run_id: str) -> RunRecord | None:
        with self._lock:
            return copy.deepcopy(self._runs.get(run_id))

    def put_run(self, record: RunRecord) -> None:
        with self._lock:
            self._runs[record.id] = copy.deepcopy(record)

    def list_runs(self, deployment_id: str | None = None) -> list[RunRecord]:
        with self._lock:
            runs = [
                r for r in self._runs.values()
                if deployment_id is None or r.deployment_id == deployment_id
            ]
            return copy.deepcopy(runs)


class SQLiteStore:
    """Records as JSON rows in one SQLite file (``":memory:"`` works too)."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS deployments (id TEXT PRIMARY KEY, body TEXT NOT NULL)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY,"
            " deployment_id TEXT NOT NULL, body TEXT NOT NULL)"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS runs_by_deployment ON runs (deployment_id)")
        self.keys: KeyTable = SQLiteKeys(self._db, self._lock)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get_deployment(self, deployment_id: str) -> DeploymentRecord | None:
        row = self._one("SELECT body FROM deployments WHERE id = ?", deployment_id)
        return None if row is None else _load_deployment(row)

    def put_deployment(self, record: DeploymentRecord) -> None:
        self._write(
            "INSERT OR REPLACE INTO deployments (id, body) VALUES (?, ?)",
            record.id, _dump(record),
        )

    def list_deployments(self) -> list[DeploymentRecord]:
        return [_load_deployment(b) for b in self._all("SELECT body FROM deployments")]

    def get_run(self, run_id: str) -> RunRecord | None:
        row = self._one("SELECT body FROM runs WHERE id = ?", run_id)
        return None if row is None else _load_run(row)

    def put_run(self, record: RunRecord) -> None:
        self._write(
            "INSERT OR REPLACE INTO runs (id, deployment_id, body) VALUES (?, ?, ?)",
            record.id, record.deployment_id, _dump(record),
        )

    def list_runs(self, deployment_id: str | None = None) -> list[RunRecord]:
        if deployment_id is None:
            bodies = self._all("SELECT body FROM runs")
        else:
            bodies = self._all("SELECT body FROM runs WHERE deployment_id = ?", deployment_id)
        return [_load_run(b) for b in bodies]

    def _one(self, sql: str, *args: Any) -> str | None:
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return None if row is None else row[0]

    def _all(self, sql: str, *args: Any) -> list[str]:
        with self._lock:
            return [row[0] for row in self._db.execute(sql, args).fetchall()]

    def _write(self, sql: str, *args: Any) -> None:
        with self._lock:
            self._db.execute(sql, args)


def _dump(record: Any) -> str:
    return json.dumps(dataclasses.asdict(record), default=_encode)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$emulator.time": value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if set(obj) == {"$emulator.time"}:
        return parse_timestamp(obj["$emulator.time"])
    return obj


def _load_deployment(body: str) -> DeploymentRecord:
    data = json.loads(body, object_hook=_decode)
    data["stats"] = Stats(**data["stats"])
    return DeploymentRecord(**data)


def _load_run(body: str) -> RunRecord:
    return RunRecord(**json.loads(body, object_hook=_decode))
