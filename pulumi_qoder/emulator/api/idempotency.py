"""Idempotency-Key replay (CONTRACT §1.2): same key and body replays, a new body is 409.

Keys are scoped per token and kept for 24 hours of emulator-clock time, then evicted
(checked at most once a minute of clock time, so memory stays bounded by a day of
keys). Answers live in the store's key table: in memory, or in the SQLite file with
``--db``, so a restarted emulator still replays them. Only answers below 500 are kept,
so a retry after a server error runs again [INF]. A second request with a key still in
flight is a 409 as well [INF]; in-flight claims are memory-only, so a crash never leaves
a key stuck "in progress".
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime, timedelta

from ..clock import Clock
from ..storage.keystore import KeyTable, MemoryKeys
from ..storage.records import KeyRecord

__all__ = ["RETENTION", "IdempotencyCache", "StoredResponse"]

RETENTION = timedelta(hours=24)
_SWEEP_EVERY = timedelta(minutes=1)

# The answer a key replays: status, headers and body bytes.
StoredResponse = KeyRecord


class IdempotencyCache:
    """Remembered answers keyed by (principal, Idempotency-Key)."""

    def __init__(self, clock: Clock, keys: KeyTable | None = None) -> None:
        self._clock = clock
        self._keys: KeyTable = keys if keys is not None else MemoryKeys()
        self._lock = threading.Lock()
        self._pending: dict[str, tuple[str, datetime]] = {}  # scope id -> (fingerprint, at)
        self._last_sweep: datetime | None = None

    @staticmethod
    def fingerprint(method: str, path: str, body: bytes) -> str:
        return hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()

    @staticmethod
    def scope_id(scope: tuple[str, str]) -> str:
        principal, key = scope
        return hashlib.sha256(f"{principal}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()

    def __len__(self) -> int:
        return len(self._keys)

    def begin(self, scope: tuple[str, str], fingerprint: str) -> KeyRecord | str | None:
        """Claim a key. Returns the stored answer to replay, a conflict reason, or None
        when the caller should run the request and then ``finish``/``abandon``."""
        now = self._clock.now()
        scope_id = self.scope_id(scope)
        with self._lock:
            self._sweep(now)
            pending = self._pending.get(scope_id)
            if pending is not None:
                if pending[0] != fingerprint:
                    return _REUSED
                return "A request with this Idempotency-Key is still in progress."
            record = self._keys.load(scope_id)
            if record is not None and now - record.stored_at > RETENTION:
                self._keys.delete(scope_id)
                record = None
            if record is None:
                self._pending[scope_id] = (fingerprint, now)
                return None
            if record.fingerprint != fingerprint:
                return _REUSED
            return record

    def finish(self, scope: tuple[str, str], status: int, headers: list[tuple[bytes, bytes]],
               body: bytes) -> None:
        scope_id = self.scope_id(scope)
        with self._lock:
            pending = self._pending.pop(scope_id, None)
            if pending is None or status >= 500:
                return
            fingerprint, stored_at = pending
            self._keys.save(scope_id, KeyRecord(fingerprint, stored_at, status, headers, body))

    def abandon(self, scope: tuple[str, str]) -> None:
        with self._lock:
            self._pending.pop(self.scope_id(scope), None)

    def sweep(self) -> None:
        """Evict keys older than 24 hours (at most once a minute of emulator time); called
        on every API call, so keys go even when no keyed request comes any more."""
        now = self._clock.now()
        with self._lock:
            self._sweep(now)

    def _sweep(self, now: datetime) -> None:
        if self._last_sweep is not None and now - self._last_sweep < _SWEEP_EVERY:
            return
        self._last_sweep = now
        self._keys.evict(now - RETENTION)


_REUSED = "The Idempotency-Key was already used with a different request body."
