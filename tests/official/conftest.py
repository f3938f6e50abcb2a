"""Fixtures for the official-workflow tests: the CLI with its official Python host, the
package built as a wheel and installed into a fresh virtualenv, the emulator on loopback.

A missing CLI or language host fails the run in CI or under `make test`, and skips these
tests elsewhere (tests/support/pulumi_cli.py).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.official.project import OfficialProject, official_env
from tests.support.constants import TEST_TOKEN

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    """The wheel and sdist, built from this checkout with `python -m build`.

    Under pytest-xdist the workers share one build (it takes tens of seconds, and both would
    read the same checkout): the first worker builds under a lock, the others wait for it and
    reuse the result.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # this run's folder, shared by its workers
    out = root / "dist"
    with (root / "dist.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not any(out.glob("pulumi_qoder-*.whl")):
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run(
                [sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(out),
                 str(REPO)],
                check=True, capture_output=True, text=True, timeout=300,
            )
    return out


@pytest.fixture(scope="session")
def wheel(dist) -> Path:
    (found,) = dist.glob("pulumi_qoder-*.whl")
    return found


@pytest.fixture(scope="session")
def shared_venv(tmp_path_factory, wheel) -> Path:
    """One virtualenv with the wheel installed, which the example projects share.

    Each project's `pulumi install` still runs pip on its requirements.txt in it; sharing
    saves installing the Pulumi SDK and grpcio once per example.
    """
    venv = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(wheel), "pyyaml>=6"], check=True, timeout=600,
                   capture_output=True, text=True)
    return venv


@pytest.fixture(scope="session")
def installed_plugins(tmp_path_factory, official_cli, shared_venv) -> Path:
    """A plugin cache holding qoder as `pulumi-qoder install-plugin` installs it.

    The CLI makes the plugin's own virtualenv (pip installs pulumi, grpcio, ...: about 25 s),
    so the projects that only need the plugin present share one install, made once per run
    (xdist workers wait on a lock), through a symlinked `plugins` folder.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    plugins = root / "shared-plugins" / "pulumi-home" / "plugins"
    with (root / "shared-plugins.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (plugins / "resource-qoder-v0.1.0" / "venv").exists():
            (root / "shared-plugins").mkdir(exist_ok=True)
            subprocess.run(
                [str(shared_venv / "bin" / "pulumi-qoder"), "install-plugin", "--pulumi",
                 str(official_cli / "pulumi")],
                env=official_env(official_cli, root / "shared-plugins"), check=True,
                capture_output=True, text=True, timeout=900)
    return plugins


@pytest.fixture
def official_project(official_cli, served_emulator, tmp_path, wheel, shared_venv
                     ) -> Callable[..., OfficialProject]:
    """A copy of a program folder, configured for the served emulator, stack `dev`."""

    def make(source: Path, *, virtualenv: str | Path | None = None, **config: str
             ) -> OfficialProject:
        project = OfficialProject(official_cli, tmp_path, source,
                                  virtualenv=virtualenv or shared_venv, wheel=wheel)
        project.init({"qoder:baseUrl": served_emulator.base_url, **config},
                     {"qoder:token": TEST_TOKEN})
        return project

    return make
