"""The native plugin found by name and version in the CLI's plugin cache, installed there
by `pulumi-qoder install-plugin` (the offline route; tests/install/ has the download): any
program on the machine (Python through the official host, YAML) uses `qoder` with no
plugin path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.support.inputs import NATIVE_PYTHON_PROGRAM

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.engine


def native_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "src" / "native-report"
    folder.mkdir(parents=True)
    (folder / "Pulumi.yaml").write_text("name: native-report\nruntime: python\n")
    (folder / "__main__.py").write_text(NATIVE_PYTHON_PROGRAM)
    (folder / "requirements.txt").write_text("pulumi>=3.216,<4\n")
    return folder


def test_install_plugin_installs_the_self_contained_plugin(official_project, shared_venv,
                                                           tmp_path):
    project = official_project(native_folder(tmp_path))

    project.install_plugin(shared_venv)

    listed = project.run("plugin", "ls", interactive_flags=False).stdout
    plugin = Path(project.env["PULUMI_HOME"]) / "plugins" / "resource-qoder-v0.1.0"
    made_from = (plugin / "venv" / "pyvenv.cfg").read_text()
    assert re.search(r"(?m)^qoder\s+resource\s+0\.1\.0\b", listed), listed
    assert (plugin / "PulumiPlugin.yaml").exists() and (plugin / "__main__.py").exists()
    assert str(shared_venv) not in made_from and str(REPO) not in made_from


def test_python_program_on_native_resources_finds_the_registered_plugin(
    official_project, installed_plugins, tmp_path, api_client
):
    project = official_project(native_folder(tmp_path))
    project.use_plugins(installed_plugins)
    project.run("install")

    project.run("up", "--yes", "--skip-preview")
    quiet = project.run("preview", "--expect-no-changes")
    ids = project.deployment_ids()
    project.run("destroy", "--yes", "--skip-preview")

    assert len(ids) == 1 and quiet.returncode == 0
    assert [r["type"] for r in project.resources()] == []
    assert [d.id for d in api_client.deployments.iter()] == []


def test_yaml_program_without_a_plugin_path_finds_the_registered_plugin(
    official_project, installed_plugins, api_client
):
    project = official_project(REPO / "examples" / "yaml-fleet")
    program = yaml.safe_load((project.folder / "Pulumi.yaml").read_text())
    program.pop("plugins", None)
    (project.folder / "Pulumi.yaml").write_text(yaml.safe_dump(program, sort_keys=False))
    project.use_plugins(installed_plugins)

    project.run("up", "--yes", "--skip-preview")
    created = project.deployment_ids()
    project.run("destroy", "--yes", "--skip-preview")

    assert len(created) == 3
    assert [d.id for d in api_client.deployments.iter()] == []
