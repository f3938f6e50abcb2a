"""How emulated runs end: a default outcome plus rules set through the control surface."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, replace
from typing import Any

__all__ = ["DEFAULT_RUN_DURATION_MS", "RunOutcome", "RunOutcomes"]

DEFAULT_RUN_DURATION_MS = 1_000


@dataclass(frozen=True)
class RunOutcome:
    """What happens to a run once triggered (in emulator-clock time)."""

    status: str = "completed"  # "completed" or "failed"
    duration_ms: int = DEFAULT_RUN_DURATION_MS
    start_delay_ms: int = 0  # time spent "pending" before "running"
    error_type: str = "unknown_error"
    error_message: str = "The run failed."

    def __post_init__(self) -> None:
        if self.status not in ("completed", "failed"):
            raise ValueError("status must be 'completed' or 'failed'")
        if self.duration_ms < 0 or self.start_delay_ms < 0:
            raise ValueError("durations must not be negative")

    @property
    def error(self) -> dict[str, str] | None:
        if self.status != "failed":
            return None
        return {"message": self.error_message, "type": self.error_type}


@dataclass
class _Rule:
    outcome: RunOutcome
    deployment_id: str | None
    remaining: int | None  # None: until cleared


class RunOutcomes:
    """Ordered outcome rules; a rule for a deployment wins over a rule for all.

    The first matching rule is used and its ``count`` (if any) is used up; with no rule
    a run completes after ``DEFAULT_RUN_DURATION_MS``.
    """

    def __init__(self, default: RunOutcome | None = None) -> None:
        self.default = default or RunOutcome()
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()

    def add(
        self, outcome: RunOutcome, *, deployment_id: str | None = None, count: int | None = None
    ) -> None:
        if count is not None and count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._rules.append(_Rule(outcome, deployment_id, count))

    def take(self, deployment_id: str) -> RunOutcome:
        with self._lock:
            candidates = [r for r in self._rules if r.deployment_id == deployment_id]
            candidates += [r for r in self._rules if r.deployment_id is None]
            if not candidates:
                return self.default
            rule = candidates[0]
            if rule.remaining is not None:
                rule.remaining -= 1
                if rule.remaining == 0:
                    self._rules.remove(rule)
            return replace(rule.outcome)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {**asdict(r.outcome), "deployment_id": r.deployment_id, "count": r.remaining}
                for r in self._rules
            ]
