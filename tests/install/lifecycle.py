"""The fresh-machine lifecycle every language runs: `pulumi install` (the plugin is fetched
from the release page), up, an empty preview, a hand pause caught as drift (exit 7), destroy.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.install.machine import PLUGIN_DIR, FreshMachine

REPO = Path(__file__).resolve().parents[2]
ARCHIVE = "/v0.1.0/pulumi-resource-qoder-v0.1.0-linux-amd64.tar.gz"


@dataclass
class Lifecycle:
    installed: str      # what `pulumi install` said
    listed: str         # `pulumi plugin ls`
    fetched: list[str]  # the release page's requests for the plugin archive
    ids: list[str]      # the deployments `up` made
    quiet: int          # `preview --expect-no-changes`'s exit code
    drift: int          # `preview --refresh --expect-no-changes`'s exit code after a pause
    drift_said: str
    left: list[str]     # deployments in the state after destroy


def run_lifecycle(machine: FreshMachine, folder: Path, page, api_client,
                  after_first_up: Callable[[], None] | None = None) -> Lifecycle:
    asked_before = len(page.requests)
    installed = machine.run(folder, "install")
    listed = machine.run(folder, "plugin", "ls").stdout
    machine.run(folder, "up", "--yes", "--skip-preview")
    if after_first_up is not None:
        after_first_up()
    ids = machine.deployment_ids(folder)
    quiet = machine.run(folder, "preview", "--expect-no-changes", check=False)
    api_client.deployments.pause(next(d.id for d in api_client.deployments.iter()
                                      if d.status == "active"))
    drift = machine.run(folder, "preview", "--refresh", "--expect-no-changes", "--diff",
                        check=False)
    machine.run(folder, "destroy", "--yes", "--skip-preview")
    return Lifecycle(
        installed=installed.stdout + installed.stderr, listed=listed,
        fetched=[p for p in page.requests[asked_before:] if p == ARCHIVE], ids=ids,
        quiet=quiet.returncode, drift=drift.returncode,
        drift_said=drift.stdout + drift.stderr, left=machine.deployment_ids(folder))


def plugin_listed(listed: str) -> bool:
    """`pulumi plugin ls` shows `qoder  resource  0.1.0`."""
    return re.search(r"(?m)^qoder\s+resource\s+0\.1\.0\b", listed) is not None


def installed_self_contained(machine: FreshMachine) -> bool:
    """The plugin folder holds its own virtualenv, made from no interpreter of this checkout
    or its venv, and no marker of a half-done install."""
    plugin = machine.plugins / PLUGIN_DIR
    venv = plugin / "venv" / "pyvenv.cfg"
    made_from = venv.read_text() if venv.exists() else ""
    return (bool(made_from) and str(REPO) not in made_from
            and str(Path(sys.prefix).resolve()) not in made_from
            and (plugin / "PulumiPlugin.yaml").exists()
            and not (machine.plugins / f"{PLUGIN_DIR}.partial").exists())


def assert_lifecycle(done: Lifecycle, machine: FreshMachine, api_client, *, deployments: int,
                     fetched_by_install: bool = True) -> None:
    """What every language's fresh-machine run must show: the plugin fetched once and
    installed self-contained, `deployments` made, an empty preview, the hand pause caught as
    drift (exit 7), and nothing left after destroy. `fetched_by_install`: `pulumi install`
    fetched it (YAML, TypeScript, Go), or the first `up` did (Python, whose program names
    the plugin only when it registers a native resource)."""
    assert len(done.fetched) == 1, done.installed
    assert plugin_listed(done.listed) is fetched_by_install, done.listed
    assert installed_self_contained(machine)
    assert len(done.ids) == deployments and done.quiet == 0
    assert done.drift == 7, done.drift_said
    assert "paused" in done.drift_said
    assert done.left == [] and [d.id for d in api_client.deployments.iter()] == []
