"""dist/ as `make dist` writes it: every asset a release uploads, one version in each, and
a SHA256SUMS that checks."""

from __future__ import annotations

import hashlib
import json
import tarfile
import zipfile

import pytest

from pulumi_qoder._version import __version__
from pulumi_qoder.native import plugin_archive
from pulumi_qoder.release import PLATFORMS, archive_name, manifest

pytestmark = pytest.mark.engine


def test_dist_holds_every_release_asset(assets):
    names = sorted(p.name for p in assets.iterdir())

    assert names == sorted([
        f"pulumi_qoder-{__version__}-py3-none-any.whl", f"pulumi_qoder-{__version__}.tar.gz",
        f"pulumi-qoder-qoder-{__version__}.tgz", "SHA256SUMS",
        *(archive_name(p) for p in PLATFORMS)])


def test_sha256sums_lists_every_other_asset_with_its_digest(assets):
    listed = dict(reversed(line.split("  ")) for line in
                  (assets / "SHA256SUMS").read_text().splitlines())

    assert set(listed) == {p.name for p in assets.iterdir()} - {"SHA256SUMS"}
    assert all(hashlib.sha256((assets / n).read_bytes()).hexdigest() == d
               for n, d in listed.items())


def test_every_plugin_archive_is_the_same_pure_python_plugin_of_this_version(assets):
    packed = {(assets / archive_name(p)).read_bytes() for p in PLATFORMS}

    assert len(packed) == 1
    assert plugin_archive.version_of(packed.pop()) == __version__


def test_the_wheel_and_the_node_sdk_carry_this_version_and_the_server(assets):
    (wheel,) = assets.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        python = json.loads(archive.read("pulumi_qoder/pulumi-plugin.json"))
    with tarfile.open(assets / f"pulumi-qoder-qoder-{__version__}.tgz") as packed:
        node = json.load(packed.extractfile("package/package.json"))

    assert python == manifest(resource=False)
    assert node["version"] == __version__ and node["pulumi"] == manifest(resource=True)


def test_the_plugin_archive_serves_the_schema_the_wheel_ships(assets):
    (wheel,) = assets.glob("pulumi_qoder-*.whl")
    with tarfile.open(assets / archive_name(PLATFORMS[0])) as archive:
        packed = archive.extractfile("pulumi_qoder/schema.json").read()
    with zipfile.ZipFile(wheel) as shipped:
        in_wheel = shipped.read("pulumi_qoder/schema.json")

    assert packed == in_wheel
