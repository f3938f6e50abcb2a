"""examples/ts-fleet on a fresh machine: `@pulumi-qoder/qoder` from dist/'s tarball names
the plugin's server (`pulumi.server` in its package.json), so `pulumi install` fetches the
plugin from the release page; then the lifecycle runs on it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from pulumi_qoder.release import PLUGIN_SERVER
from tests.install.lifecycle import assert_lifecycle, run_lifecycle
from tests.install.node_program import use_in
from tests.support.constants import TEST_TOKEN

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ts-fleet"

pytestmark = [pytest.mark.engine, pytest.mark.timeout(900)]


def test_the_node_sdk_manifest_names_the_server():
    package = json.loads((REPO / "sdk" / "nodejs" / "package.json").read_text())

    assert package["pulumi"]["server"] == PLUGIN_SERVER


def test_typescript_program_fetches_the_plugin_and_runs_its_lifecycle(
        machine, page, assets, served_emulator, api_client):
    httpx.post(f"{served_emulator.root_url}/_emulator/run_outcomes",
               json={"status": "completed", "duration_ms": 0}).raise_for_status()
    folder = machine.copy(EXAMPLE)
    use_in(folder, assets)
    machine.init_stack(folder, served_emulator.base_url, TEST_TOKEN)

    done = run_lifecycle(machine, folder, page, api_client)

    assert_lifecycle(done, machine, api_client, deployments=3)
