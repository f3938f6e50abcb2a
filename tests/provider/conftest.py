"""Provider-protocol fixtures: the SDK's dynamic provider host as a subprocess.

The host configures a provider once per process, like the engine's: a test that configures
it takes ``provider_host`` (its own process); a module whose tests share one configuration
takes ``module_provider_host`` and configures it once, for the session's emulator server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.hosts import REPO, FakeEngine, ProviderHost, fake_engine, running_dynamic_host

_host = running_dynamic_host  # the name tests/native/test_parity.py imports

__all__ = ["REPO", "_host"]


@pytest.fixture
def provider_host() -> Iterator[ProviderHost]:
    """A fresh host per test: it configures a provider once per process, like the engine's."""
    with running_dynamic_host() as host:
        yield host


@pytest.fixture(scope="module")
def module_provider_host() -> Iterator[ProviderHost]:
    """One host for a module's tests; configure it once (a module-scoped fixture)."""
    with running_dynamic_host() as host:
        yield host


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    """A stand-in engine gRPC service that records what the host logs to it."""
    with fake_engine() as fake:
        yield fake


@pytest.fixture
def provider_host_with_engine(engine) -> Iterator[ProviderHost]:
    """A host started as the engine starts plugins: its first argument is the engine address."""
    with running_dynamic_host(engine.address) as host:
        yield host
