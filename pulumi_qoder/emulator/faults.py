"""Injected faults: latency, error responses and dropped connections for matching calls.

They act like the gateway in front of the real API (CONTRACT §1.2: 429/503 or a reset
with no body), so they apply before authentication and are journaled like any call.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["DEFAULT_ERROR_TYPES", "Fault", "FaultTable"]

# The envelope type for an injected status; 429/503 types are undocumented (CONTRACT §8.19).
DEFAULT_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    409: "conflict_error",
    429: "rate_limit_error",
    501: "feature_not_available",
}


@dataclass
class Fault:
    """One fault rule. ``path`` is a glob over the URL path (e.g.
    ``/api/v1/cloud/deployments/*/pause``); ``method`` ``*`` matches any method.

    With ``count`` the rule fires for the next N matching calls; with ``probability``
    for that fraction of them; with neither, for every one until cleared.
    """

    path: str = "*"
    method: str = "*"
    status: int | None = None
    body: bool = True
    error_type: str | None = None
    message: str = "Injected fault."
    retry_after: str | None = None
    latency_ms: int = 0
    drop: bool = False
    count: int | None = None
    probability: float | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if self.status is not None and not 400 <= self.status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be at least 1")
        if self.probability is not None and not 0 <= self.probability <= 1:
            raise ValueError("probability must be between 0 and 1")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must not be negative")
        self.method = self.method.upper()

    @property
    def envelope(self) -> dict[str, Any]:
        error_type = self.error_type or DEFAULT_ERROR_TYPES.get(self.status or 500, "api_error")
        return {"type": "error", "error": {"type": error_type, "message": self.message}}

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method.upper()) and fnmatch.fnmatchcase(path, self.path)


class FaultTable:
    """The active fault rules, consulted once per API call."""

    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._random = random.Random(seed)
        self._next_id = 1

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            fault.id = f"fault_{self._next_id}"
            self._next_id += 1
            self._faults.append(fault)
            return fault

    def match(self, method: str, path: str) -> Fault | None:
        """The first rule that fires for this call, using up one of its ``count``."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path):
                    continue
                if fault.probability is not None and self._random.random() >= fault.probability:
                    continue
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                return fault
            return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(f) for f in self._faults]
