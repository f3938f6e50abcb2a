"""examples/go-fleet on a fresh machine: the Go SDK's pulumi-plugin.json and its resource
options name the plugin's server, so the plugin comes from the release page; then the
lifecycle runs on it. The SDK is this checkout's sdk/go (what `go get` fetches at the tag)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pulumi_qoder.release import manifest
from tests.install.lifecycle import assert_lifecycle, run_lifecycle
from tests.official.go_sdk import (  # noqa: F401 - go_toolchain is a fixture
    HOST_BUILD_FLAGS,
    go_env,
    go_toolchain,
    point_at_checkout,
    run_go,
)
from tests.support.constants import TEST_TOKEN

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "go-fleet"

# a cold Go build cache compiles the Pulumi Go SDK first (minutes on 2 shared cores)
pytestmark = [pytest.mark.engine, pytest.mark.timeout(1200)]


def test_the_go_sdk_manifest_names_the_server():
    found = json.loads((REPO / "sdk" / "go" / "qoder" / "pulumi-plugin.json").read_text())

    assert found == manifest(resource=True)


def test_go_program_fetches_the_plugin_and_runs_its_lifecycle(
        machine, page, go_toolchain, served_emulator, api_client):  # noqa: F811
    folder = machine.copy(EXAMPLE)
    point_at_checkout(folder)
    machine.env = go_env(machine.env)
    machine.init_stack(folder, served_emulator.base_url, TEST_TOKEN)

    def prebuilt() -> None:
        """After the first `up` (the host builds, as for a user), the host runs one binary
        instead of `go build` on every command (tests/official/go_sdk.py, run_prebuilt)."""
        binary = machine.root / "go-fleet-program"
        built = run_go(folder, "build", *HOST_BUILD_FLAGS, "-o", str(binary), ".",
                       env=machine.env)
        assert built.returncode == 0, built.stdout + built.stderr
        settings = yaml.safe_load((folder / "Pulumi.yaml").read_text())
        settings["runtime"] = {"name": "go", "options": {"binary": str(binary)}}
        (folder / "Pulumi.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))

    done = run_lifecycle(machine, folder, page, api_client, after_first_up=prebuilt)

    assert_lifecycle(done, machine, api_client, deployments=3)
