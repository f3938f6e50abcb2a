"""The schema as the official CLI reads it from the plugin: served, identical and bindable."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.native.cli import PLUGIN_DIR
from tests.native.plugin import REPO

pytestmark = pytest.mark.engine

PLUGIN = PLUGIN_DIR / "pulumi-resource-qoder"
SHIPPED = json.loads((REPO / "schema.json").read_text())


def pulumi(cli_dir, tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": f"{cli_dir}", "HOME": str(tmp_path), "PULUMI_HOME": str(tmp_path / "home"),
           "PULUMI_SKIP_UPDATE_CHECK": "true"}
    return subprocess.run([str(cli_dir / "pulumi"), *args], env=env, capture_output=True,
                          text=True, timeout=120, check=True, cwd=tmp_path)


def test_get_schema_through_the_cli_returns_the_shipped_schema(cli_dir, tmp_path):
    got = pulumi(cli_dir, tmp_path, "package", "get-schema", str(PLUGIN))
    assert json.loads(got.stdout) == SHIPPED


@pytest.mark.parametrize("resource", ["Deployment", "DeploymentRun"])
def test_the_cli_binds_the_schema_and_lists_every_input(cli_dir, tmp_path, resource):
    done = pulumi(cli_dir, tmp_path, "package", "info", str(PLUGIN), "--resource", resource)
    token = f"qoder:index:{resource}"
    listed = {line.split(" (", 1)[0].strip(" -") for line in
              done.stdout.split("Inputs:", 1)[1].split("Outputs:", 1)[0].splitlines()
              if line.startswith(" - ")}
    assert listed == set(SHIPPED["resources"][token]["inputProperties"])


def test_every_language_section_is_there_for_sdk_generation():
    language = SHIPPED["language"]
    # Python code generated from the schema imports this package's typed SDK
    assert language["python"]["packageName"] == "pulumi_qoder.native"
    assert all(language[x]["respectSchemaVersion"] for x in ("python", "nodejs", "go"))
    assert language["nodejs"]["packageName"] == "@pulumi-qoder/qoder"
    assert language["go"]["importBasePath"].endswith("/sdk/go/qoder")
