"""Native plugin fixtures: `pulumi-resource-qoder` as a subprocess per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import TEST_TOKEN
from tests.native.plugin import Plugin, running_plugin
from tests.provider.host import secret


@pytest.fixture
def bare_plugin() -> Iterator[Plugin]:
    """A fresh, unconfigured plugin process."""
    with running_plugin() as plugin:
        yield plugin


@pytest.fixture
def plugin(bare_plugin, served_emulator) -> Plugin:
    """The plugin configured for the served emulator, as the engine configures it."""
    bare_plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": served_emulator.base_url})
    return bare_plugin


@pytest.fixture
def api_http(served_emulator):
    """Plain HTTP to the emulator, for changes made outside Pulumi."""
    import httpx

    headers = {"Authorization": f"Bearer {TEST_TOKEN}"}
    with httpx.Client(base_url=served_emulator.base_url, headers=headers, timeout=10) as http:
        yield http


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
