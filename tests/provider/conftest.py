"""Provider-protocol fixtures: the SDK's dynamic provider host as a subprocess per test."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from pulumi.runtime.proto import provider_pb2_grpc

from tests.provider.host import ProviderHost

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def provider_host() -> Iterator[ProviderHost]:
    """A fresh host per test: it configures a provider once per process, like the engine's."""
    env = {k: v for k, v in os.environ.items() if k not in ("QODER_PAT", "QODER_BASE_URL")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi.dynamic"],
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
