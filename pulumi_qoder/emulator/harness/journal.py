"""The request journal: which API calls arrived and how they were answered.

Only method, path, query, status and time are kept; never headers, so a bearer token can
never end up here. It holds the latest ``max_entries`` calls (``DEFAULT_JOURNAL_SIZE``
unless told; ``qoder-emulator --journal-size``); older ones are dropped, oldest first, so
a long-running emulator's memory stays flat.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from ..api.responses import fractional
from ..clock import Clock

__all__ = ["DEFAULT_JOURNAL_SIZE", "Journal"]

DEFAULT_JOURNAL_SIZE = 10_000


class Journal:
    """The latest API calls, oldest first, stamped with the emulator clock."""

    def __init__(self, clock: Clock, max_entries: int = DEFAULT_JOURNAL_SIZE) -> None:
        if max_entries < 0:
            raise ValueError("max_entries must not be negative")
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: deque[dict[str, Any]] = deque(maxlen=max_entries)
        self.max_entries = max_entries

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
