"""Idempotency-Key replay (CONTRACT §1.2): same key and body replays, a new body is 409.

Keys are scoped per token and kept for 24 hours of emulator-clock time. Only answers
below 500 are kept, so a retry after a server error runs again [INF]. A second request
with a key still in flight is a 409 as well [INF].
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from .clock import Clock

__all__ = ["IdempotencyCache", "StoredResponse"]

RETENTION = timedelta(hours=24)


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


@dataclass
class _Entry:
    fingerprint: str
    stored_at: datetime
    response: StoredResponse | None = None  # None while the first request is in flight


class IdempotencyCache:
    """Remembered answers keyed by (principal, Idempotency-Key)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], _Entry] = {}

    @staticmethod
    def fingerprint(method: str, path: str, body: bytes) -> str:
        return hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()

    def begin(self, scope: tuple[str, str], fingerprint: str) -> StoredResponse | str | None:
        """Claim a key. Returns the stored answer to replay, a conflict reason, or None
        when the caller should run the request and then ``finish``/``abandon``."""
        now = self._clock.now()
        with self._lock:
            entry = self._entries.get(scope)
            if entry is not None and now - entry.stored_at > RETENTION:
                entry = None
            if entry is None:
                self._entries[scope] = _Entry(fingerprint, now)
                return None
            if entry.fingerprint != fingerprint:
                return "The Idempotency-Key was already used with a different request body."
            if entry.response is None:
                return "A request with this Idempotency-Key is still in progress."
            return entry.response

    def finish(self, scope: tuple[str, str], response: StoredResponse) -> None:
        with self._lock:
            entry = self._entries.get(scope)
            if entry is not None:
                if response.status >= 500:
                    del self._entries[scope]
                else:
                    entry.response = response

    def abandon(self, scope: tuple[str, str]) -> None:
        with self._lock:
            self._entries.pop(scope, None)
