"""The request journal: which API calls arrived and how they were answered.

Only method, path, query, status and time are kept; never headers, so a bearer token can
never end up here.
"""

from __future__ import annotations

import threading
from typing import Any

from .clock import Clock
from .wire import fractional

__all__ = ["Journal"]


class Journal:
    """An append-only list of API calls, stamped with the emulator clock."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: list[dict[str, Any]] = []

    def record(self, method: str, path: str, query: str, status: int | None) -> None:
        """Note one call; ``status`` is None when the connection was dropped."""
        entry = {
            "method": method,
            "path": path,
            "query": query,
            "status": status,
            "time": fractional(self._clock.now()),
        }
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(e) for e in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
