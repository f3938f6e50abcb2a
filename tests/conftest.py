"""Shared fixtures: the emulator in process and served on 127.0.0.1, on a manual clock."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    InMemoryStore,
    ManualClock,
    create_app,
)

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 fork; we need TestClient to be an httpx.Client,
    # because that is what QoderClient(http_client=...) takes.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

TEST_TOKEN = "pt-test-token-for-emulator-0001"
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


def _service() -> DeploymentService:
    return DeploymentService(store=InMemoryStore(), clock=ManualClock(START))


@pytest.fixture
def emulator() -> Iterator[InProcessEmulator]:
    service = _service()
    app = create_app(service, tokens=[TEST_TOKEN])
    headers = {"Authorization": f"Bearer {TEST_TOKEN}"}
    with TestClient(app, base_url="http://emulator.test", headers=headers) as http:
        yield InProcessEmulator(service, service.clock, app, http)


@pytest.fixture
def served_emulator() -> Iterator[ServedEmulator]:
    service = _service()
    with EmulatorServer(create_app(service, tokens=[TEST_TOKEN])) as server:
        yield ServedEmulator(server, service, service.clock)
