"""Fixtures for the fresh-machine tests: the release assets `make dist` builds, a loopback
release page serving them, and a fresh machine whose CLI downloads from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.install.machine import FreshMachine
from tests.install.release import release_assets, release_page
from tests.support.pulumi_cli import missing


@pytest.fixture(scope="session")
def assets() -> Path:
    """dist/ as `make dist` writes it (built once per set of inputs, cached)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing("make dist packs the Node SDK: node and npm must be on PATH")
    return release_assets()


@pytest.fixture(scope="session")
def page(tmp_path_factory, assets) -> Iterator:
    """The loopback release page: `/v0.1.0/` holds the assets as published."""
    root = tmp_path_factory.mktemp("release-page")
    shutil.copytree(assets, root / "v0.1.0")
    with release_page(root) as served:
        yield served


@pytest.fixture
def machine(official_cli, page, tmp_path) -> FreshMachine:  # noqa: F811
    return FreshMachine(official_cli, tmp_path, page.override("v0.1.0"))


@pytest.fixture(scope="session")
def user_venv(tmp_path_factory, assets) -> Path:
    """A Python user's virtualenv: pulumi-qoder from dist/'s wheel, as requirements.txt
    names it (shared by the Python programs; the plugin never runs from it)."""
    (wheel,) = assets.glob("pulumi_qoder-*.whl")
    venv = tmp_path_factory.mktemp("user-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    str(wheel)], check=True, timeout=900, capture_output=True, text=True)
    return venv
