"""Provider-protocol fixtures: the SDK's dynamic provider host as a subprocess per test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_TOKEN
from tests.provider.host import FakeEngine, ProviderHost, fake_engine, started_plugin

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def provider_host() -> Iterator[ProviderHost]:
    """A fresh host per test: it configures a provider once per process, like the engine's."""
    with _host() as host:
        yield host


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    """A stand-in engine gRPC service that records what the host logs to it."""
    with fake_engine() as fake:
        yield fake


@pytest.fixture
def provider_host_with_engine(engine) -> Iterator[ProviderHost]:
    """A host started as the engine starts plugins: its first argument is the engine address."""
    with _host(engine.address) as host:
        yield host


@contextmanager
def _host(*args: str) -> Iterator[ProviderHost]:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "pulumi.dynamic", *args]
    with started_plugin(command, REPO, {"PYTHONPATH": path}) as (process, stub):
        yield ProviderHost(process, stub)


@pytest.fixture
def api(served_emulator):
    """Plain HTTP to the emulator, for outside changes and for checking what is live."""
    headers = {"Authorization": f"Bearer {TEST_TOKEN}"}
    with httpx.Client(base_url=served_emulator.base_url, headers=headers, timeout=10) as http:
        yield http
