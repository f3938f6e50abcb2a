"""Provider-protocol fixtures: the SDK's dynamic provider host as a subprocess.

The host configures a provider once per process, like the engine's: a test that configures
it takes ``provider_host`` (its own process); a module whose tests share one configuration
takes ``host``: the module's host (``module_provider_host``), configured once for the
session's emulator server (``configured_host``), with the module's ``host_settings`` and
serving the module's ``host_resource``, both of which a module may override.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pulumi.dynamic import ResourceProvider

from tests.support.constants import TEST_TOKEN
from tests.support.hosts import FakeEngine, ProviderHost, fake_engine, running_dynamic_host
from tests.support.values import secret


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


@pytest.fixture(scope="module")
def host_settings() -> dict[str, str]:
    """`qoder:` settings for the module's host beyond its token and base URL (none); a
    module overrides this fixture to set some."""
    return {}


@pytest.fixture(scope="module")
def host_resource() -> tuple[ResourceProvider, str] | None:
    """The provider and URN the module's host calls send; None: a Deployment's. A module
    overrides this fixture to serve another resource type."""
    return None


@pytest.fixture(scope="module")
def configured_host(module_provider_host, emulator_server, host_settings, host_resource
                    ) -> ProviderHost:
    """The module's host, configured once for the session's emulator server."""
    module_provider_host.configure({
        "qoder:token": secret(TEST_TOKEN),
        "qoder:baseUrl": emulator_server.server.base_url,
        **host_settings,
    })
    if host_resource is not None:
        return module_provider_host.serving(*host_resource)
    return module_provider_host


@pytest.fixture
def host(configured_host, served_emulator) -> ProviderHost:
    """The module's host, on a fresh, empty emulator."""
    return configured_host


@pytest.fixture(scope="module")
def later_configured_host(emulator_server, host_settings, host_resource
                          ) -> Iterator[ProviderHost]:
    """Another host process configured like `configured_host`: a later engine run's."""
    with running_dynamic_host() as later:
        later.configure({
            "qoder:token": secret(TEST_TOKEN),
            "qoder:baseUrl": emulator_server.server.base_url,
            **host_settings,
        })
        yield later if host_resource is None else later.serving(*host_resource)


@pytest.fixture
def later_host(later_configured_host, served_emulator) -> ProviderHost:
    """The host of a later engine run (a `destroy` after the `up`): each run has its own
    process, and one process never deletes what its own create recorded (replays.py)."""
    return later_configured_host


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
