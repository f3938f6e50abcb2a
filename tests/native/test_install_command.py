"""The plugin archive (`make dist` and `pulumi-qoder install-plugin` pack the same one), and
`install-plugin`'s own checks before it hands an archive to the CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

from pulumi_qoder._version import __version__
from pulumi_qoder.cli import main
from pulumi_qoder.native import plugin_archive
from pulumi_qoder.native.install import this_package_archive


def _members(packed: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(packed)) as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}


def test_archive_is_a_python_plugin_the_cli_installs_with_its_own_virtualenv():
    files = _members(this_package_archive())
    plugin = yaml.safe_load(files["PulumiPlugin.yaml"])
    requirements = files["requirements.txt"].decode().splitlines()

    assert plugin["runtime"] == {"name": "python",
                                 "options": {"toolchain": "pip", "virtualenv": "venv"}}
    assert "pulumi_qoder.native.server import main" in files["__main__.py"].decode()
    assert files["pulumi-resource-qoder"].startswith(b"#!/bin/sh\n")
    assert any(line.startswith("pulumi<") or line.startswith("pulumi>") for line in requirements)
    assert not any("extra" in line or "fastapi" in line for line in requirements)
    assert "pulumi_qoder/native/server.py" in files
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in files)


def test_archive_names_no_path_of_the_machine_that_packed_it():
    files = _members(this_package_archive())
    launcher = b"".join(files[n] for n in ("PulumiPlugin.yaml", "__main__.py",
                                           "requirements.txt", "pulumi-resource-qoder"))

    assert sys.prefix.encode() not in launcher and os.getcwd().encode() not in launcher
    assert sys.executable.encode() not in b"".join(files.values())


def test_archive_packs_the_repository_schema_into_the_package_the_plugin_serves_from():
    files = _members(this_package_archive())
    checkout = Path(__file__).resolve().parents[2] / "schema.json"

    assert files["pulumi_qoder/schema.json"] == checkout.read_bytes()


def test_packing_the_same_files_twice_gives_the_same_bytes():
    assert this_package_archive() == this_package_archive()


def test_the_unpacked_launcher_serves_the_plugin_from_its_own_folder(tmp_path):
    with tarfile.open(fileobj=io.BytesIO(this_package_archive())) as archive:
        archive.extractall(tmp_path / "plugin", filter="data")
    # the virtualenv the CLI makes at install time, stood in for by this interpreter
    python = tmp_path / "plugin" / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    # what the engine runs: the executable, by its absolute path, from another directory
    plugin = subprocess.Popen([str(tmp_path / "plugin" / "pulumi-resource-qoder")],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True)
    try:
        port = plugin.stdout.readline().strip()
    finally:
        plugin.terminate()
        plugin.wait(timeout=10)
    assert port.isdigit()


def test_a_folder_named_for_another_version_refuses_to_serve_naming_the_fix(tmp_path):
    folder = tmp_path / "resource-qoder-v9.9.9"
    with tarfile.open(fileobj=io.BytesIO(this_package_archive())) as archive:
        archive.extractall(folder, filter="data")

    done = subprocess.run([sys.executable, "-E", "-s", str(folder)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 1 and done.stdout == ""
    assert f"holds pulumi-qoder {__version__}, not 9.9.9" in done.stderr
    assert "pulumi plugin rm resource qoder 9.9.9 --yes" in done.stderr


def test_version_of_reads_the_packed_version():
    assert plugin_archive.version_of(this_package_archive()) == __version__


def test_install_plugin_with_no_cli_fails_naming_the_flag(capsys, tmp_path):
    code = main(["install-plugin", "--pulumi", str(tmp_path / "pulumi")])

    assert code == 1
    assert "--pulumi PATH" in capsys.readouterr().err


def test_install_plugin_refuses_a_corrupt_archive_saying_to_download_it_again(
        capsys, tmp_path):
    broken = tmp_path / "pulumi-resource-qoder-v0.1.0-linux-amd64.tar.gz"
    broken.write_bytes(this_package_archive()[:200])

    code = main(["install-plugin", "--pulumi", "/bin/false", "--archive", str(broken)])

    assert code == 1
    assert "is not a plugin archive" in capsys.readouterr().err


def test_install_plugin_refuses_another_versions_archive_naming_the_right_one(
        capsys, tmp_path):
    files = _members(this_package_archive())
    files["pulumi_qoder/_version.py"] = b'__version__ = "0.0.9"\n'
    other = tmp_path / "pulumi-resource-qoder-v0.0.9-linux-amd64.tar.gz"
    other.write_bytes(plugin_archive.pack(files))

    code = main(["install-plugin", "--pulumi", "/bin/false", "--archive", str(other)])

    err = capsys.readouterr().err
    assert code == 1
    assert f"holds pulumi-qoder 0.0.9, not {__version__}" in err
    assert f"pulumi-resource-qoder-v{__version__}-<os>-<arch>.tar.gz" in err
