"""The records the store keeps for deployments and runs (plain data, no rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "DEFAULT_MAX_CONCURRENT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_SESSION_STRATEGY",
    "DEFAULT_TIMEOUT_MS",
    "DeploymentRecord",
    "KeyRecord",
    "RunRecord",
    "Stats",
    "json_copy",
]

# CONTRACT §2.3: the defaults every example shows.
DEFAULT_SESSION_STRATEGY = "new_session"
DEFAULT_MAX_RETRIES = 0
DEFAULT_TIMEOUT_MS = 300_000
DEFAULT_MAX_CONCURRENT = 1


def json_copy(value: Any) -> Any:
    """A deep copy of a JSON tree (dicts, lists and immutable leaves)."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) for item in value]
    return value


def _shallow(record: Any) -> Any:
    """A new instance with the same attribute values (no ``__init__``, no field walk)."""
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__)
    return new


@dataclass
class Stats:
    """``metadata.cas_config.stats``: server-maintained run counters."""

    total_runs: int = 0
    total_failures: int = 0
    consecutive_failures: int = 0
    next_trigger_at: datetime | None = None
    last_triggered_at: datetime | None = None


@dataclass
class DeploymentRecord:
    """One deployment as stored; ``responses.deployment`` renders the API shape."""

    id: str
    name: str
    description: str
    agent_id: str
    agent_version: int
    environment_id: str
    initial_events: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime
    resources: list[dict[str, Any]] = field(default_factory=list)
    vault_ids: list[str] = field(default_factory=list)
    user_metadata: dict[str, str] = field(default_factory=dict)
    cron: str | None = None
    timezone: str | None = None
    upcoming_runs_at: list[datetime] = field(default_factory=list)
    last_run_at: datetime | None = None
    session_strategy: str = DEFAULT_SESSION_STRATEGY
    max_retries: int = DEFAULT_MAX_RETRIES
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    max_concurrent: int = DEFAULT_MAX_CONCURRENT
    stats: Stats = field(default_factory=Stats)
    status: str = "active"
    paused_reason: dict[str, Any] | None = None
    archived_at: datetime | None = None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def copy(self) -> DeploymentRecord:
        """A deep copy (what ``copy.deepcopy`` gives, at a fraction of its cost)."""
        new = _shallow(self)
        new.initial_events = json_copy(self.initial_events)
        new.resources = json_copy(self.resources)
        new.vault_ids = list(self.vault_ids)
        new.user_metadata = dict(self.user_metadata)
        new.upcoming_runs_at = list(self.upcoming_runs_at)
        new.stats = _shallow(self.stats)
        new.paused_reason = json_copy(self.paused_reason)
        return new


@dataclass
class RunRecord:
    """One deployment run as stored, including its planned (not yet visible) future."""

    id: str
    deployment_id: str
    agent_id: str
    agent_version: int
    trigger_type: str
    attempt: int
    triggered_at: datetime
    status: str
    session_id: str | None = None
    turn_id: str | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    error: dict[str, str] | None = None
    # The plan the scheduler follows; never rendered.
    start_at: datetime | None = None
    end_at: datetime | None = None
    outcome_status: str = "completed"
    outcome_error: dict[str, str] | None = None

    @property
    def live(self) -> bool:
        return self.status in ("pending", "running")

    def copy(self) -> RunRecord:
        """A deep copy (its only mutable parts are the two error objects)."""
        new = _shallow(self)
        new.error = json_copy(self.error)
        new.outcome_error = json_copy(self.outcome_error)
        return new


@dataclass
class KeyRecord:
    """A remembered answer to an Idempotency-Key (CONTRACT §1.2), kept for 24 hours."""

    fingerprint: str
    stored_at: datetime
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
