"""A Python program on `pulumi_qoder.native`, on a fresh machine: pulumi-qoder comes from
dist/'s wheel into the program's virtualenv (as requirements.txt names it), and the plugin
from the release page the first time the program registers a native resource (the package's
own manifest says `resource: false`, so a dynamic-provider program downloads nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.install.lifecycle import assert_lifecycle, run_lifecycle
from tests.support.constants import TEST_TOKEN
from tests.support.inputs import NATIVE_PYTHON_PROGRAM

pytestmark = [pytest.mark.engine, pytest.mark.timeout(900)]


def python_program(root: Path, venv: Path, wheel: Path) -> Path:
    folder = root / "native-report"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text(
        "name: native-report\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
        f"    virtualenv: {venv}\n")
    (folder / "__main__.py").write_text(NATIVE_PYTHON_PROGRAM)
    (folder / "requirements.txt").write_text(f"{wheel}\n")
    return folder


def test_python_native_program_fetches_the_plugin_and_runs_its_lifecycle(
        machine, page, assets, user_venv, served_emulator, api_client):
    (wheel,) = assets.glob("pulumi_qoder-*.whl")
    folder = python_program(machine.root, user_venv, wheel)
    machine.init_stack(folder, served_emulator.base_url, TEST_TOKEN)

    done = run_lifecycle(machine, folder, page, api_client)

    # `pulumi install` fetched nothing: the first `up` did
    assert_lifecycle(done, machine, api_client, deployments=1, fetched_by_install=False)
