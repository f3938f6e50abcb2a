"""Where records live: in memory, or in SQLite so state survives a restart. No rules here.

Both stores keep what makes the hot paths flat in the number of records stored: ids in
order (a page walks from its cursor, see ``paging``), runs by deployment, and the names
of live (not archived) deployments. Only the records on a page are copied or decoded.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from bisect import insort
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from ..clock import parse_timestamp
from .keystore import KeyTable, MemoryKeys, SQLiteKeys
from .paging import (
    DeploymentFilter,
    Page,
    RunFilter,
    Window,
    micros,
    walk,
    whole_second_micros,
)
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
    def live_deployment_named(self, name: str) -> str | None: ...
    def list_deployments(
        self, window: Window, where: DeploymentFilter
    ) -> Page[DeploymentRecord]: ...
    def get_run(self, run_id: str) -> RunRecord | None: ...
    def put_run(self, record: RunRecord) -> None: ...
    def list_runs(
        self, window: Window, where: RunFilter, deployment_id: str | None = None
    ) -> Page[RunRecord]: ...
    def scheduled_deployments(self) -> list[DeploymentRecord]: ...
    def live_runs(self) -> list[RunRecord]: ...
    def newest_ids(self) -> list[str]: ...


class InMemoryStore:
    """Records in dicts; state ends with the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deployments: dict[str, DeploymentRecord] = {}
        self._runs: dict[str, RunRecord] = {}
        self._deployment_ids: list[str] = []
        self._run_ids: list[str] = []
        self._runs_by_deployment: dict[str, list[str]] = {}
        self._live_names: dict[str, str] = {}
        self.keys: KeyTable = MemoryKeys()

    def get_deployment(self, deployment_id: str) -> DeploymentRecord | None:
        with self._lock:
            found = self._deployments.get(deployment_id)
            return None if found is None else found.copy()

    def put_deployment(self, record: DeploymentRecord) -> None:
        record = record.copy()
        with self._lock:
            before = self._deployments.get(record.id)
            if before is None:
                _add_sorted(self._deployment_ids, record.id)
            elif self._live_names.get(before.name) == record.id:
                del self._live_names[before.name]
            if not record.archived:
                self._live_names[record.name] = record.id
            self._deployments[record.id] = record

    def live_deployment_named(self, name: str) -> str | None:
        with self._lock:
            return self._live_names.get(name)

    def list_deployments(self, window: Window, where: DeploymentFilter) -> Page[DeploymentRecord]:
        with self._lock:
            page = walk(self._deployment_ids, self._deployments.get, where.matches, window)
            return Page([item.copy() for item in page.items], page.has_more)

    def get_run(self, run_id: str) -> RunRecord | None:
        with self._lock:
            found = self._runs.get(run_id)
            return None if found is None else found.copy()

    def put_run(self, record: RunRecord) -> None:
        record = record.copy()
        with self._lock:
            if record.id not in self._runs:
                _add_sorted(self._run_ids, record.id)
                _add_sorted(self._runs_by_deployment.setdefault(record.deployment_id, []),
                            record.id)
            self._runs[record.id] = record

    def list_runs(
        self, window: Window, where: RunFilter, deployment_id: str | None = None
    ) -> Page[RunRecord]:
        with self._lock:
            if deployment_id is None:
                ids = self._run_ids
            else:
                ids = self._runs_by_deployment.get(deployment_id, [])
            page = walk(ids, self._runs.get, where.matches, window)
            return Page([item.copy() for item in page.items], page.has_more)

    def scheduled_deployments(self) -> list[DeploymentRecord]:
        with self._lock:
            return [
                d.copy() for d in self._deployments.values()
                if d.status == "active" and not d.archived
            ]

    def live_runs(self) -> list[RunRecord]:
        with self._lock:
            return [r.copy() for r in self._runs.values() if r.live]

    def newest_ids(self) -> list[str]:
        with self._lock:
            return [ids[-1] for ids in (self._deployment_ids, self._run_ids) if ids]


def _add_sorted(ids: list[str], new_id: str) -> None:
    """Ids are minted in order, so this is almost always an append."""
    if not ids or ids[-1] < new_id:
        ids.append(new_id)
    else:
        insort(ids, new_id)


_SCHEMA_VERSION = 2
_DEPLOYMENT_COLUMNS = "id, name, live, status, agent_id, created_us, body"
_RUN_COLUMNS = "id, deployment_id, status, trigger_type, has_error, triggered_us, body"


class SQLiteStore:
    """Records as JSON rows in one SQLite file (``":memory:"`` works too), with the
    columns that lists filter on beside them, indexed; paging happens in SQL."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a killed process loses nothing committed; only a power cut can
        # drop the last commits, which an emulator may [our choice]
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._lock:
            self._create_tables()
        self.keys: KeyTable = SQLiteKeys(self._db, self._lock)

    def _create_tables(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        old_rows: tuple[list[str], list[str]] = ([], [])
        if version < _SCHEMA_VERSION and self._has_table("deployments"):
            # version 1 kept only (id, body): rebuild with the filter columns
            old_rows = (
                [r[0] for r in self._db.execute("SELECT body FROM deployments")],
                [r[0] for r in self._db.execute("SELECT body FROM runs")],
            )
            self._db.execute("DROP TABLE deployments")
            self._db.execute("DROP TABLE runs")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS deployments (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
            " live INTEGER NOT NULL, status TEXT NOT NULL, agent_id TEXT NOT NULL,"
            " created_us INTEGER NOT NULL, body TEXT NOT NULL)"
        )
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS deployments_live_name ON deployments (name) WHERE live"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, deployment_id TEXT NOT NULL,"
            " status TEXT NOT NULL, trigger_type TEXT NOT NULL, has_error INTEGER NOT NULL,"
            " triggered_us INTEGER NOT NULL, body TEXT NOT NULL)"
        )
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS runs_by_deployment ON runs (deployment_id, id)"
        )
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS runs_live ON runs (status)"
            " WHERE status IN ('pending', 'running')"
        )
        for body in old_rows[0]:
            self._db.execute(*_deployment_row(_load_deployment(body)))
        for body in old_rows[1]:
            self._db.execute(*_run_row(_load_run(body)))
        self._db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")

    def _has_table(self, name: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get_deployment(self, deployment_id: str) -> DeploymentRecord | None:
        rows = self._all("SELECT body FROM deployments WHERE id = ?", [deployment_id])
        return _load_deployment(rows[0]) if rows else None

    def put_deployment(self, record: DeploymentRecord) -> None:
        sql, args = _deployment_row(record)
        self._write(sql, args)

    def live_deployment_named(self, name: str) -> str | None:
        rows = self._all("SELECT id FROM deployments WHERE live AND name = ? LIMIT 1",
                         [_column_text(name)])
        return rows[0] if rows else None

    def list_deployments(self, window: Window, where: DeploymentFilter) -> Page[DeploymentRecord]:
        clauses: list[str] = []
        args: list[Any] = []
        if not where.include_archived:
            clauses.append("live")
        if where.status is not None:
            clauses.append("status = ?")
            args.append(where.status)
        if where.agent_id is not None:
            clauses.append("agent_id = ?")
            args.append(where.agent_id)
        for op, bound in where.created.bounds():
            clauses.append(f"created_us {op} ?")
            args.append(bound)
        bodies, has_more = self._page("deployments", clauses, args, window)
        return Page([_load_deployment(b) for b in bodies], has_more)

    def get_run(self, run_id: str) -> RunRecord | None:
        rows = self._all("SELECT body FROM runs WHERE id = ?", [run_id])
        return _load_run(rows[0]) if rows else None

    def put_run(self, record: RunRecord) -> None:
        sql, args = _run_row(record)
        self._write(sql, args)

    def list_runs(
        self, window: Window, where: RunFilter, deployment_id: str | None = None
    ) -> Page[RunRecord]:
        clauses: list[str] = []
        args: list[Any] = []
        for column, value in (("deployment_id", deployment_id), ("status", where.status),
                              ("trigger_type", where.trigger_type)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        if where.has_error is not None:
            clauses.append("has_error = ?")
            args.append(int(where.has_error))
        if where.triggered_after is not None:
            clauses.append("triggered_us > ?")
            args.append(micros(where.triggered_after))
        if where.triggered_before is not None:
            clauses.append("triggered_us < ?")
            args.append(micros(where.triggered_before))
        for op, bound in where.created.bounds():
            clauses.append(f"triggered_us {op} ?")
            args.append(bound)
        bodies, has_more = self._page("runs", clauses, args, window)
        return Page([_load_run(b) for b in bodies], has_more)

    def scheduled_deployments(self) -> list[DeploymentRecord]:
        bodies = self._all("SELECT body FROM deployments WHERE live AND status = 'active'", [])
        return [_load_deployment(b) for b in bodies]

    def live_runs(self) -> list[RunRecord]:
        bodies = self._all("SELECT body FROM runs WHERE status IN ('pending', 'running')", [])
        return [_load_run(b) for b in bodies]

    def newest_ids(self) -> list[str]:
        newest = [*self._all("SELECT MAX(id) FROM deployments", []),
                  *self._all("SELECT MAX(id) FROM runs", [])]
        return [i for i in newest if i is not None]

    def _page(
        self, table: str, clauses: list[str], args: list[Any], window: Window
    ) -> tuple[list[str], bool]:
        if window.before_id is not None:
            clauses = [*clauses, "id > ?"]
            args = [*args, window.before_id]
            order = "ASC"
        else:
            if window.after_id is not None:
                clauses = [*clauses, "id < ?"]
                args = [*args, window.after_id]
            order = "DESC"
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT body FROM {table}{where} ORDER BY id {order} LIMIT ?"
        bodies = self._all(sql, [*args, window.limit + 1])
        page = bodies[: window.limit]
        if window.before_id is not None:
            page.reverse()
        return page, len(bodies) > window.limit

    def _all(self, sql: str, args: Iterable[Any]) -> list[Any]:
        with self._lock:
            return [row[0] for row in self._db.execute(sql, tuple(args)).fetchall()]

    def _write(self, sql: str, args: Iterable[Any]) -> None:
        with self._lock:
            self._db.execute(sql, tuple(args))


def _deployment_row(record: DeploymentRecord) -> tuple[str, tuple[Any, ...]]:
    return (
        f"INSERT OR REPLACE INTO deployments ({_DEPLOYMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (record.id, _column_text(record.name), int(not record.archived), record.status,
         record.agent_id,
         whole_second_micros(record.created_at), _dump(record)),
    )


def _run_row(record: RunRecord) -> tuple[str, tuple[Any, ...]]:
    return (
        f"INSERT OR REPLACE INTO runs ({_RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (record.id, record.deployment_id, record.status, record.trigger_type,
         int(record.error is not None), micros(record.triggered_at), _dump(record)),
    )


def _column_text(text: str) -> str:
    """``text`` as SQLite can bind it: a lone surrogate (only in files written before the
    body gate refused them) becomes U+FFFD; the JSON body keeps it escaped."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


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
