"""The package as users get it: a wheel and sdist that pass a metadata check, carrying the
plugin manifest the official Python host reads (`resource: false`: `pulumi install` downloads
nothing for a program on the dynamic provider)."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

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
    assert "pulumi_qoder/schema.json" in names  # the repository root's, by the build config
    assert "pulumi-resource-qoder = pulumi_qoder.native.server:main" in entry_points
    assert "pulumi-qoder = pulumi_qoder.cli:main" in entry_points


def test_both_carry_the_repository_schema_the_wheel_as_package_data(dist, wheel):
    schema = (Path(__file__).resolve().parents[2] / "schema.json").read_bytes()
    (sdist,) = dist.glob("pulumi_qoder-*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = archive.read("pulumi_qoder/schema.json")
    with tarfile.open(sdist) as archive:
        in_sdist = {m.name.split("/", 1)[1]: m for m in archive.getmembers() if "/" in m.name}
        at_root = archive.extractfile(in_sdist["schema.json"]).read()

    assert in_wheel == schema and at_root == schema
    assert "pulumi_qoder/schema.json" not in in_sdist  # one copy: the wheel's is built
