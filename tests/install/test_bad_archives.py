"""A release page without the archive, or with a corrupt one, or with another version's under
this version's name: the engine's error, the fix where our code can speak, and nothing in
PULUMI_HOME that the CLI would take for an installed plugin."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from pulumi_qoder.native import plugin_archive
from tests.install.lifecycle import installed_self_contained, plugin_listed
from tests.install.machine import PLUGIN_DIR, FreshMachine
from tests.support.constants import TEST_TOKEN

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "yaml-fleet"
NAME = "pulumi-resource-qoder-v0.1.0-linux-amd64.tar.gz"

pytestmark = [pytest.mark.engine, pytest.mark.timeout(900)]


def _good(assets: Path) -> bytes:
    return (assets / NAME).read_bytes()


def _machine(official_cli, page, tmp_path, folder: str, files: dict[str, bytes]):
    page.publish(folder, files)
    machine = FreshMachine(official_cli, tmp_path, page.override(folder))
    program = machine.copy(EXAMPLE)
    return machine, program


def test_a_missing_archive_fails_install_naming_the_url_it_tried(
        official_cli, page, tmp_path):
    machine, program = _machine(official_cli, page, tmp_path, "empty", {})

    failed = machine.run(program, "install", check=False)

    said = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "failed to download plugin: qoder-0.1.0: 404" in said, said
    assert page.url("empty/pulumi-resource-qoder-v0.1.0-linux-amd64.tar.gz") in said
    assert machine.plugin_entries() == []


def test_a_corrupt_archive_fails_install_and_leaves_no_usable_plugin_behind(
        official_cli, page, assets, tmp_path, served_emulator):
    machine, program = _machine(official_cli, page, tmp_path, "corrupt",
                                {NAME: _good(assets)[:4096]})

    failed = machine.run(program, "install", check=False)
    listed = machine.run(program, "plugin", "ls").stdout
    left = machine.plugins / PLUGIN_DIR
    left_runnable = (left / "pulumi-resource-qoder").exists() or (left / "venv").exists()
    left_unmarked = left.exists() and not (machine.plugins / f"{PLUGIN_DIR}.partial").exists()
    machine.env["PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES"] = page.override("v0.1.0")
    machine.run(program, "install")  # the fixed release page: installs over what was left

    said = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "error installing provider qoder" in said or "unexpected EOF" in said, said
    assert not plugin_listed(listed), listed
    # the CLI keeps what it unpacked, marked .partial; the launcher and manifest come last
    assert not left_runnable and not left_unmarked
    assert installed_self_contained(machine)


def test_another_versions_archive_is_refused_by_the_plugin_naming_the_fix(
        official_cli, page, assets, tmp_path, served_emulator):
    with tarfile.open(fileobj=io.BytesIO(_good(assets))) as archive:
        files = {m.name: archive.extractfile(m).read() for m in archive.getmembers()
                 if m.isfile()}
    files["pulumi_qoder/_version.py"] = b'__version__ = "0.0.9"\n'
    machine, program = _machine(official_cli, page, tmp_path, "other-version",
                                {NAME: plugin_archive.pack(files)})
    machine.init_stack(program, served_emulator.base_url, TEST_TOKEN)

    machine.run(program, "install")
    failed = machine.run(program, "preview", check=False)

    said = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "holds pulumi-qoder 0.0.9, not 0.1.0" in said, said
    assert "pulumi plugin rm resource qoder 0.1.0" in said
