"""Native plugin fixtures: `pulumi-resource-qoder` as a subprocess per module (a fresh one
per test only for tests that configure it themselves)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.support.constants import TEST_TOKEN
from tests.support.hosts import DEPLOYMENT_URN, Plugin, running_dynamic_host, running_plugin
from tests.support.parity import FrontEnd
from tests.support.values import secret


@pytest.fixture
def bare_plugin() -> Iterator[Plugin]:
    """A fresh, unconfigured plugin process of its own, for tests that configure it."""
    with running_plugin() as plugin:
        yield plugin


@pytest.fixture(scope="module")
def unconfigured_plugin() -> Iterator[Plugin]:
    """One unconfigured plugin process shared by a module's tests that never configure it
    (schema, CheckConfig, Check without calls)."""
    with running_plugin() as plugin:
        yield plugin


@contextmanager
def _configured_plugin(base_url: str) -> Iterator[Plugin]:
    with running_plugin() as plugin:
        plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": base_url})
        yield plugin


@contextmanager
def _both_configured(base_url: str) -> Iterator[list[FrontEnd]]:
    with running_dynamic_host() as host, _configured_plugin(base_url) as plugin:
        host.configure({"qoder:token": secret(TEST_TOKEN), "qoder:baseUrl": base_url})
        yield [FrontEnd("dynamic", host), FrontEnd("native", plugin)]


@pytest.fixture(scope="module")
def configured_plugin(emulator_server) -> Iterator[Plugin]:
    """One plugin process per module, configured once for the session's emulator server."""
    with _configured_plugin(emulator_server.server.base_url) as plugin:
        yield plugin


@pytest.fixture
def plugin(configured_plugin, served_emulator) -> Plugin:
    """The plugin configured for the served emulator (fresh and empty for each test), as
    the engine configures it; the process is the module's."""
    return configured_plugin.for_urn(DEPLOYMENT_URN)


@pytest.fixture(scope="module")
def both_configured(emulator_server) -> Iterator[list[FrontEnd]]:
    """Both hosts, started once for the module and configured for the session's server."""
    with _both_configured(emulator_server.server.base_url) as fronts:
        yield fronts


@pytest.fixture
def both(both_configured, served_emulator) -> list[FrontEnd]:
    """Both hosts on a fresh, empty emulator."""
    return both_configured


@pytest.fixture(scope="module")
def later_configured_plugin(emulator_server) -> Iterator[Plugin]:
    """Another plugin process configured like `configured_plugin`: a later engine run's."""
    with _configured_plugin(emulator_server.server.base_url) as plugin:
        yield plugin


@pytest.fixture
def later_plugin(later_configured_plugin, served_emulator) -> Plugin:
    """The plugin of a later engine run (a `destroy` after the `up`): each run has its own
    process, and one process never deletes what its own create recorded (replays.py)."""
    return later_configured_plugin.for_urn(DEPLOYMENT_URN)


@pytest.fixture(scope="module")
def both_later_configured(emulator_server) -> Iterator[list[FrontEnd]]:
    """Both hosts again, in processes of their own: a later engine run's (see `later_plugin`)."""
    with _both_configured(emulator_server.server.base_url) as fronts:
        yield fronts


@pytest.fixture
def both_later(both_later_configured, served_emulator) -> list[FrontEnd]:
    """`both`'s front ends in a later run, in the same order, on the same fresh emulator."""
    return both_later_configured
