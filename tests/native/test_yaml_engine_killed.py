"""A plugin whose engine is SIGKILLed (with its whole process group) finishes and exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.native.cli import YamlProject
from tests.native.plugin import plugin_command
from tests.support.constants import TEST_TOKEN
from tests.support.emulator import fresh_service

pytestmark = pytest.mark.engine

PROGRAM = textwrap.dedent("""\
    name: killed-engine
    runtime: yaml
    resources:
      nightly:
        type: qoder:Deployment
        properties:
          agent: agent_019ebb21ef8e7df6a559052c94875160
          environmentId: env_019e49a1780171daac1e6b01f290ac2b
          initialEvents:
            - type: user.message
              content: Run the nightly job
    """)


def plugins_of(home: Path, program: bytes = b"pulumi-resource-qoder") -> list[int]:
    """Live processes of `program` started for this project's PULUMI_HOME."""
    marker = f"PULUMI_HOME={home / 'pulumi-home'}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if program in cmdline and marker in environ.split(b"\0") \
                and state != "Z":
            found.append(int(entry.name))
    return found


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_a_plugin_exits_after_its_engine_is_killed(cli_dir, tmp_path):
    source = tmp_path / "src" / "killed-engine"
    source.mkdir(parents=True)
    (source / "Pulumi.yaml").write_text(PROGRAM)
    home = tmp_path / "home"
    with EmulatorServer(create_app(fresh_service(), tokens=[TEST_TOKEN])) as server:
        # a slow create keeps `up` (and the plugin) busy until the kill
        httpx.post(f"{server.root_url}/_emulator/faults", timeout=10, json={
            "path": "*/deployments", "method": "POST", "latency_ms": 2000}).raise_for_status()
        project = YamlProject(cli_dir, home, source, config={"qoder:baseUrl": server.base_url},
                              secrets={"qoder:token": TEST_TOKEN})
        up = subprocess.Popen(
            [str(project.cli), "up", "--yes", "--non-interactive"], cwd=project.folder,
            env=project.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            assert wait_for(lambda: plugins_of(home), 60), "the engine never started the plugin"
            time.sleep(0.5)  # the create is in flight
            os.killpg(up.pid, signal.SIGKILL)
            up.wait(10)
            assert wait_for(lambda: not plugins_of(home), 8), plugins_of(home)
        finally:
            # the YAML language host is the CLI's, not ours: it outlives a killed engine
            for pid in plugins_of(home) + plugins_of(home, b"pulumi-language-yaml"):
                os.kill(pid, signal.SIGKILL)
            if up.poll() is None:
                os.killpg(up.pid, signal.SIGKILL)


def test_a_plugin_whose_parent_dies_exits_on_its_own(tmp_path):
    """The engine's part played by a parent that starts the plugin, then dies by SIGKILL."""
    starter = (
        "import subprocess, sys, time\n"
        "p = subprocess.Popen(sys.argv[1:], start_new_session=True)\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", starter, *plugin_command()],
                              stdout=subprocess.PIPE, text=True)
    plugin = int(parent.stdout.readline())
    port = parent.stdout.readline()  # the plugin's own first line: it is serving
    assert port.strip().isdigit()
    parent.kill()
    parent.wait(10)

    def gone() -> bool:
        try:
            return Path(f"/proc/{plugin}/stat").read_text().split()[2] == "Z"
        except OSError:
            return True

    try:
        assert wait_for(gone, 8)
    finally:
        if not gone():
            os.kill(plugin, signal.SIGKILL)
