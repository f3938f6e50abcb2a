"""Runs on the served emulator: a deployment to run, the outcome runs get, a running clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from tests.support.constants import AGENT, ENV

RUN_TARGET: dict[str, Any] = {
    "name": "smoke-target",
    "agent": AGENT,
    "environment_id": ENV,
    "initial_events": [{"type": "user.message", "content": "Say hello"}],
}
"""The deployment the run tests trigger (manual-only)."""


def deployment(api_client: Any, **cas: Any) -> str:
    """A manual-only deployment; keywords are `cas_config.config` settings."""
    metadata = {"cas_config": {"config": cas}} if cas else {}
    return api_client.deployments.create(**RUN_TARGET, metadata=metadata).id


def outcome(served: Any, **rule: Any) -> None:
    """How the emulator ends the next runs (`/_emulator/run_outcomes`)."""
    httpx.post(f"{served.root_url}/_emulator/run_outcomes", json=rule).raise_for_status()


@contextmanager
def clock_running(served: Any, seconds_per_tick: float = 1.0) -> Iterator[None]:
    """Move the manual clock on from a thread, 20 ticks a second, while the provider waits."""
    stop = threading.Event()

    def advance() -> None:
        while not stop.wait(0.05):
            body = {"advance_seconds": seconds_per_tick}
            httpx.post(f"{served.root_url}/_emulator/clock", json=body, timeout=10)

    thread = threading.Thread(target=advance, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
