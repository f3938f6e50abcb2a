"""examples/yaml-fleet (no `plugins:` block) on a fresh machine: `pulumi install` downloads
qoder v0.1.0 from the release page the program names, and the lifecycle runs on it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.install.lifecycle import assert_lifecycle, run_lifecycle
from tests.support.constants import TEST_TOKEN

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "yaml-fleet"

pytestmark = [pytest.mark.engine, pytest.mark.timeout(900)]


def test_yaml_fleet_names_no_plugin_path():
    assert "plugins" not in yaml.safe_load((EXAMPLE / "Pulumi.yaml").read_text())


def test_yaml_program_fetches_the_plugin_and_runs_its_lifecycle(
        machine, page, served_emulator, api_client):
    folder = machine.copy(EXAMPLE)
    machine.init_stack(folder, served_emulator.base_url, TEST_TOKEN)

    done = run_lifecycle(machine, folder, page, api_client)

    assert_lifecycle(done, machine, api_client, deployments=3)
