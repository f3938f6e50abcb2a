"""Injected faults: latency, error responses and dropped connections for matching calls.

They act like the gateway in front of the real API (CONTRACT §1.2: 429/503 or a reset
with no body), so they apply before authentication and are journaled like any call.
With ``after_processing`` a fault acts on the answer instead: the request is processed
first (the write happens, is journaled and its Idempotency-Key recorded), then the
answer is delayed, replaced by the injected error, or lost with the connection. That is
how tests produce the lost-answer cases of exactly-once creates.

An ``alter`` rule plays a newer API than the one documented: the request is processed as
usual, then the JSON object it answers (each item of a list page's ``data``) is deep-merged
with ``alter`` (a null sets null, it does not delete) and the dotted paths in ``remove``
are deleted, so a client meets unknown statuses, new fields, nulls and floats for real.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


MAX_LATENCY_MS = 600_000  # ten minutes [our choice]


class Fault(BaseModel):
    """One fault rule, also the body of ``POST /_emulator/faults``.

    ``path`` is a glob over the URL path (e.g. ``/api/v1/cloud/deployments/*/pause``);
    ``method`` ``*`` matches any method. With ``count`` the rule fires for the next N
    matching calls; with ``probability`` for that fraction of them; with neither, for
    every one until cleared. ``latency_ms`` alone delays the call and lets it through.
    ``after_processing`` makes the rule act on the answer of a processed request (see
    the module docstring): ``latency_ms`` then delays the answer, ``status`` replaces it
    and ``drop`` closes the connection instead of delivering it.
    """

    model_config = ConfigDict(extra="forbid")

    path: str = "*"
    method: str = "*"
    status: int | None = Field(default=None, ge=400, le=599)
    body: bool = True
    error_type: str | None = None
    message: str = "Injected fault."
    retry_after: str | None = None
    latency_ms: int = Field(default=0, ge=0, le=MAX_LATENCY_MS)
    drop: bool = False
    after_processing: bool = False
    alter: dict[str, Any] | None = None
    remove: list[str] = Field(default_factory=list)
    count: int | None = Field(default=None, ge=1)
    probability: float | None = Field(default=None, ge=0, le=1)
    id: str = ""

    @field_validator("retry_after", mode="before")
    @classmethod
    def _header_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value

    @model_validator(mode="after")
    def _has_effect(self) -> Fault:
        altering = self.alter is not None or bool(self.remove)
        if not (self.drop or self.status is not None or self.latency_ms or altering):
            raise ValueError("a fault needs 'status', 'drop', 'latency_ms', 'alter' or 'remove'")
        if altering:
            self.after_processing = True
        self.method = self.method.upper()
        return self

    @property
    def envelope(self) -> dict[str, Any]:
        error_type = self.error_type or DEFAULT_ERROR_TYPES.get(self.status or 500, "api_error")
        return {"type": "error", "error": {"type": error_type, "message": self.message}}

    def altered(self, answer: Any) -> Any:
        """The JSON `answer` as the altered API would send it (list pages item by item)."""
        if isinstance(answer, dict) and isinstance(answer.get("data"), list):
            return {**answer, "data": [self.altered(item) for item in answer["data"]]}
        if not isinstance(answer, dict):
            return answer
        changed = _merged(answer, self.alter or {})
        for dotted in self.remove:
            *parents, last = dotted.split(".")
            target: Any = changed
            for key in parents:
                target = target.get(key) if isinstance(target, dict) else None
            if isinstance(target, dict):
                target.pop(last, None)
        return changed

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
            return [f.model_dump() for f in self._faults]


def _merged(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out
