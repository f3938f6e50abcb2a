"""Where remembered Idempotency-Key answers live: in memory, or in the store's SQLite file.

Keys arrive already hashed with their principal (``IdempotencyCache.scope_id``), so a
key of any length takes one fixed-size row and no key text is ever written to disk.
Rows are inserted in clock order, which lets ``evict`` drop the oldest cheaply.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Protocol

from .records import KeyRecord

__all__ = ["KeyTable", "MemoryKeys", "SQLiteKeys"]


class KeyTable(Protocol):
    def load(self, scope_id: str) -> KeyRecord | None: ...
    def save(self, scope_id: str, record: KeyRecord) -> None: ...
    def delete(self, scope_id: str) -> None: ...
    def evict(self, older_than: datetime) -> int: ...
    def __len__(self) -> int: ...


class MemoryKeys:
    """Key answers in an insertion-ordered dict; state ends with the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: OrderedDict[str, KeyRecord] = OrderedDict()

    def load(self, scope_id: str) -> KeyRecord | None:
        with self._lock:
            return self._rows.get(scope_id)

    def save(self, scope_id: str, record: KeyRecord) -> None:
        with self._lock:
            self._rows.pop(scope_id, None)
            self._rows[scope_id] = record

    def delete(self, scope_id: str) -> None:
        with self._lock:
            self._rows.pop(scope_id, None)

    def evict(self, older_than: datetime) -> int:
        """Drop rows stored before ``older_than``; cost is the number dropped."""
        dropped = 0
        with self._lock:
            while self._rows:
                scope_id, record = next(iter(self._rows.items()))
                if record.stored_at >= older_than:
                    break
                del self._rows[scope_id]
                dropped += 1
        return dropped

    def __len__(self) -> int:
        with self._lock:
            return len(self._rows)


class SQLiteKeys:
    """Key answers in an ``idempotency_keys`` table of the store's SQLite connection."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self._db = db
        self._lock = lock
        with self._lock:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS idempotency_keys (scope_id TEXT PRIMARY KEY,"
                " fingerprint TEXT NOT NULL, stored_at REAL NOT NULL, status INTEGER NOT NULL,"
                " headers TEXT NOT NULL, body BLOB NOT NULL)"
            )
            self._db.execute(
                "CREATE INDEX IF NOT EXISTS idempotency_keys_by_age"
                " ON idempotency_keys (stored_at)"
            )

    def load(self, scope_id: str) -> KeyRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT fingerprint, stored_at, status, headers, body FROM idempotency_keys"
                " WHERE scope_id = ?", (scope_id,),
            ).fetchone()
        if row is None:
            return None
        fingerprint, stored_at, status, headers, body = row
        return KeyRecord(
            fingerprint=fingerprint,
            stored_at=datetime.fromtimestamp(stored_at, tz=timezone.utc),
            status=status,
            headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(headers)],
            body=bytes(body),
        )

    def save(self, scope_id: str, record: KeyRecord) -> None:
        headers = json.dumps([[k.decode("latin-1"), v.decode("latin-1")]
                              for k, v in record.headers])
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO idempotency_keys"
                " (scope_id, fingerprint, stored_at, status, headers, body)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (scope_id, record.fingerprint, record.stored_at.timestamp(), record.status,
                 headers, record.body),
            )

    def delete(self, scope_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM idempotency_keys WHERE scope_id = ?", (scope_id,))

    def evict(self, older_than: datetime) -> int:
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM idempotency_keys WHERE stored_at < ?", (older_than.timestamp(),)
            )
        return cursor.rowcount

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM idempotency_keys").fetchone()[0]
