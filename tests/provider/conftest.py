"""Provider-protocol fixtures: the SDK's dynamic provider host as a subprocess per test."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc
import pytest
from pulumi.runtime.proto import provider_pb2_grpc

from tests.provider.host import FakeEngine, ProviderHost

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def provider_host() -> Iterator[ProviderHost]:
    """A fresh host per test: it configures a provider once per process, like the engine's."""
    with _host() as host:
        yield host


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    """A stand-in engine gRPC service that records what the host logs to it."""
    fake = FakeEngine()
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def provider_host_with_engine(engine) -> Iterator[ProviderHost]:
    """A host started as the engine starts plugins: its first argument is the engine address."""
    with _host(engine.address) as host:
        yield host


@contextmanager
def _host(*args: str) -> Iterator[ProviderHost]:
    env = {k: v for k, v in os.environ.items() if k not in ("QODER_PAT", "QODER_BASE_URL")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi.dynamic", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        port = int(process.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
            yield ProviderHost(process, provider_pb2_grpc.ResourceProviderStub(channel))
    finally:
        process.terminate()
        process.wait(timeout=30)
