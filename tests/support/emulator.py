"""The emulator for tests: in process (a TestClient), or served by uvicorn on 127.0.0.1.

One uvicorn server runs for the whole session; each test installs a fresh app (a new
service, store, manual clock, journal and fault table) behind it, so tests share the
server's start-up but never its state.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import httpx

from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    InMemoryStore,
    ManualClock,
    create_app,
)
from tests.support.constants import TEST_TOKEN

if TYPE_CHECKING:
    from pulumi_qoder import QoderClient

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 fork; we need TestClient to be an httpx.Client,
    # because that is what QoderClient(http_client=...) takes.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

# The docs' timeline starts here (CONTRACT §0: all examples were made on 2026-06-14).
START = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)
API_PREFIX = "/api/v1/cloud"


@dataclass
class InProcessEmulator:
    """The emulator app driven in process; ``http`` sends the test token by default."""

    service: DeploymentService
    clock: ManualClock
    app: Any
    http: TestClient

    def journal(self) -> list[dict[str, Any]]:
        return self.app.state.journal.entries()

    def client(self, token: str = TEST_TOKEN) -> QoderClient:
        """A QoderClient on this app through its TestClient transport; backoff not slept."""
        from pulumi_qoder import QoderClient

        base_url = f"{self.http.base_url}".rstrip("/") + API_PREFIX
        return QoderClient(token=token, base_url=base_url, http_client=self.http,
                           sleep=lambda s: None)


@dataclass
class ServedEmulator:
    """The emulator app served by uvicorn on 127.0.0.1 (a free port)."""

    server: EmulatorServer
    service: DeploymentService
    clock: ManualClock

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def root_url(self) -> str:
        return self.server.root_url

    def journal(self) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.root_url}/_emulator/requests", timeout=10)
        response.raise_for_status()
        return response.json()

    def clear_journal(self) -> None:
        httpx.delete(f"{self.root_url}/_emulator/requests", timeout=10).raise_for_status()

    def inject_fault(self, fault: dict[str, Any]) -> None:
        """Add a rule to the fault table (`/_emulator/faults`)."""
        httpx.post(f"{self.root_url}/_emulator/faults", json=fault, timeout=10).raise_for_status()


def fresh_service() -> DeploymentService:
    """An empty in-memory service on a manual clock at ``START``."""
    return DeploymentService(store=InMemoryStore(), clock=ManualClock(START))


class SwitchedApp:
    """An ASGI app forwarding every call to ``current``, which a test may replace."""

    def __init__(self, current: Any) -> None:
        self.current = current

    async def __call__(self, scope, receive, send) -> None:
        await self.current(scope, receive, send)


@dataclass
class SharedServer:
    """One uvicorn server whose app is replaced by a fresh one for each test."""

    server: EmulatorServer
    switch: SwitchedApp

    def fresh(self) -> ServedEmulator:
        """Serve a new, empty emulator (its own service, clock, journal and faults)."""
        service = fresh_service()
        self.switch.current = create_app(service, tokens=[TEST_TOKEN])
        return ServedEmulator(self.server, service, service.clock)


@contextmanager
def shared_server() -> Iterator[SharedServer]:
    switch = SwitchedApp(create_app(fresh_service(), tokens=[TEST_TOKEN]))
    with EmulatorServer(switch) as server:
        yield SharedServer(server, switch)


@contextmanager
def in_process_emulator() -> Iterator[InProcessEmulator]:
    service = fresh_service()
    app = create_app(service, tokens=[TEST_TOKEN])
    headers = {"Authorization": f"Bearer {TEST_TOKEN}"}
    with TestClient(app, base_url="http://emulator.test", headers=headers) as http:
        yield InProcessEmulator(service, service.clock, app, http)


@contextmanager
def plain_http(served: ServedEmulator) -> Iterator[httpx.Client]:
    """Plain HTTP to a served emulator with the test token, for changes made outside
    Pulumi and for checking what is live."""
    headers = {"Authorization": f"Bearer {TEST_TOKEN}"}
    with httpx.Client(base_url=served.base_url, headers=headers, timeout=10) as http:
        yield http
