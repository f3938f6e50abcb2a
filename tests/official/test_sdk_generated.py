"""sdk/nodejs and sdk/go are what `pulumi package gen-sdk` makes of schema.json today."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.official.go_sdk import go_toolchain  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parents[2]
SDK = REPO / "sdk"

pytestmark = pytest.mark.engine


@pytest.mark.timeout(900)  # gen-sdk tidies the Go module: cold, it downloads its requirements
def test_checked_in_sdks_match_a_fresh_gen_sdk(official_cli, go_toolchain):  # noqa: F811
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen-sdk"), "--check",
         "--pulumi", str(official_cli)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr + done.stdout


def test_node_sdk_carries_the_package_version():
    package = json.loads((SDK / "nodejs" / "package.json").read_text())
    schema = json.loads((REPO / "schema.json").read_text())
    assert package["version"] == schema["version"]
    assert package["pulumi"] == {"resource": True, "name": "qoder", "version": schema["version"],
                                 "server": schema["pluginDownloadURL"]}


def test_go_sdk_module_holds_the_import_base_path():
    schema = json.loads((REPO / "schema.json").read_text())
    module = (SDK / "go" / "go.mod").read_text().splitlines()[0].split()[1]
    assert f"{module}/qoder" == schema["language"]["go"]["importBasePath"]
    assert (SDK / "go" / "qoder" / "deployment.go").exists()
