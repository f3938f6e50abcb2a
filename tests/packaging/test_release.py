"""One version from one place: pulumi_qoder/_version.py, in the schema, every plugin manifest,
both SDKs and CHANGELOG.md, all naming the same server (what `make dist` checks first)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pulumi_qoder._version import __version__
from pulumi_qoder.release import PLUGIN_SERVER, manifest

REPO = Path(__file__).resolve().parents[2]


def test_every_manifest_says_the_packages_version_and_server():
    checked = subprocess.run([sys.executable, str(REPO / "scripts" / "build-dist"), "--check"],
                             capture_output=True, text=True, timeout=60)

    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_python_manifest_names_the_server_but_no_plugin_to_download():
    found = json.loads((REPO / "pulumi_qoder" / "pulumi-plugin.json").read_text())

    assert found == manifest(resource=False)
    assert found["server"] == "github://api.github.com/pulumi-qoder"


def test_the_schema_names_the_release_page():
    schema = json.loads((REPO / "schema.json").read_text())

    assert schema["pluginDownloadURL"] == PLUGIN_SERVER
    assert schema["version"] == __version__
    assert schema["repository"] == "https://github.com/pulumi-qoder/pulumi-qoder"


def test_the_yaml_example_asks_for_this_version_from_the_release_page():
    text = (REPO / "examples" / "yaml-fleet" / "Pulumi.yaml").read_text()

    assert f"version: {__version__}\n" in text
    assert f"pluginDownloadURL: {PLUGIN_SERVER}\n" in text


def test_native_python_resources_name_the_version_and_server():
    from pulumi_qoder.native.resources import _versioned

    opts = _versioned(None)

    assert (opts.version, opts.plugin_download_url) == (__version__, PLUGIN_SERVER)
