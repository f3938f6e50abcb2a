"""The package as users get it: a wheel and sdist that pass a metadata check, carrying the
plugin manifest the official Python host reads (`resource: false`: `pulumi install` downloads
nothing for a program on the dynamic provider)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from pulumi_qoder import release

pytestmark = pytest.mark.engine


def test_wheel_and_sdist_pass_the_metadata_check(dist):
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
        capture_output=True, text=True,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert sorted(p.suffix for p in dist.iterdir()) == [".gz", ".whl"]


def test_wheel_ships_the_plugin_manifest_and_the_schema(wheel):
    with zipfile.ZipFile(wheel) as archive:
        manifest = json.loads(archive.read("pulumi_qoder/pulumi-plugin.json"))
        names = archive.namelist()
        entry_points = next(archive.read(n).decode() for n in names
                            if n.endswith("entry_points.txt"))

    assert manifest == release.manifest(resource=False)  # names the server, asks no download
    assert "pulumi_qoder/schema.json" in names
    assert "pulumi-resource-qoder = pulumi_qoder.native.server:main" in entry_points
    assert "pulumi-qoder = pulumi_qoder.native.install:main" in entry_points
