"""`pulumi-qoder install-plugin`'s archive: a launcher the engine can start as a plugin."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile

from pulumi_qoder.native.discovery import missing_plugin_message, plugin_registered
from pulumi_qoder.native.install import main, plugin_archive


def test_archive_holds_an_executable_launcher_that_serves_the_plugin(tmp_path):
    with tarfile.open(fileobj=io.BytesIO(plugin_archive(sys.executable))) as archive:
        (member,) = archive.getmembers()
        archive.extractall(tmp_path, filter="data")

    launcher = subprocess.Popen([str(tmp_path / member.name)], stdout=subprocess.PIPE,
                                text=True)
    try:
        port = launcher.stdout.readline().strip()
    finally:
        launcher.terminate()
        launcher.wait(timeout=10)
    assert member.name == "pulumi-resource-qoder" and member.mode & 0o111
    assert port.isdigit()


def test_install_plugin_with_no_cli_fails_naming_the_flag(capsys, tmp_path):
    code = main(["install-plugin", "--pulumi", str(tmp_path / "pulumi")])

    assert code == 1
    assert "--pulumi PATH" in capsys.readouterr().err


def test_missing_plugin_message_names_the_install_command():
    assert "`pulumi-qoder install-plugin`" in missing_plugin_message()


def test_a_project_naming_the_plugin_path_counts_as_registered(tmp_path, monkeypatch):
    monkeypatch.setenv("PULUMI_HOME", str(tmp_path / "home"))
    (tmp_path / "Pulumi.yaml").write_text(
        "name: x\nruntime: yaml\nplugins:\n  providers:\n    - name: qoder\n      path: bin\n"
    )

    assert plugin_registered(tmp_path)
    assert not plugin_registered(tmp_path / "elsewhere")


def test_the_plugin_cache_entry_counts_as_registered(tmp_path, monkeypatch):
    monkeypatch.setenv("PULUMI_HOME", str(tmp_path))
    (tmp_path / "plugins" / "resource-qoder-v0.1.0").mkdir(parents=True)

    assert plugin_registered(tmp_path / "no-project", version="0.1.0")
    assert not plugin_registered(tmp_path / "no-project", version="0.2.0")
