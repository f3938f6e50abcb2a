"""Native plugin fixtures: `pulumi-resource-qoder` as a subprocess per module (a fresh one
per test only for tests that configure it themselves)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.emulator import TEST_TOKEN
from tests.support.hosts import DEPLOYMENT_URN, Plugin, running_plugin
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


@pytest.fixture(scope="module")
def configured_plugin(emulator_server) -> Iterator[Plugin]:
    """One plugin process per module, configured once for the session's emulator server."""
    with running_plugin() as plugin:
        plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": emulator_server.server.base_url})
        yield plugin


@pytest.fixture
def plugin(configured_plugin, served_emulator) -> Plugin:
    """The plugin configured for the served emulator (fresh and empty for each test), as
    the engine configures it; the process is the module's."""
    return configured_plugin.for_urn(DEPLOYMENT_URN)


@pytest.fixture(scope="session")
def cli_dir():
    """The directory holding `pulumi` and `pulumi-language-yaml` (scripts/ensure-pulumi)."""
    import os
    import subprocess
    from pathlib import Path

    from tests.native.plugin import REPO

    found = os.environ.get("PULUMI_QODER_CLI_DIR", "")
    if not found:
        done = subprocess.run(
            [str(REPO / "scripts" / "ensure-pulumi")], capture_output=True, text=True
        )
        found = done.stdout.strip() if done.returncode == 0 else ""
    ready = found and all((Path(found) / n).exists() for n in ("pulumi", "pulumi-language-yaml"))
    if not ready:
        message = "no pulumi CLI with pulumi-language-yaml: run scripts/ensure-pulumi"
        if os.environ.get("QODER_REQUIRE_ENGINE") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Path(found)
