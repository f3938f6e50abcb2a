"""A fresh machine for the Pulumi CLI: an empty PULUMI_HOME, no plugin on PATH, nothing of
this checkout in reach.

The environment keeps what a user's shell has (HOME, pip's and Go's settings, the toolchains
on PATH) minus anything naming this checkout or a virtualenv: no VIRTUAL_ENV, PYTHONPATH or
PYTHONHOME, no PATH entry inside the checkout or a virtualenv (its `bin` would hold
`pulumi-resource-qoder`), no QODER_* or PULUMI_* from the caller. Then the CLI's own folder
goes first on PATH, PULUMI_IGNORE_AMBIENT_PLUGINS=true, and every plugin download goes to
the loopback release page through PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES. Programs run from
their own folder, a copy outside the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "pulumi-qoder-install-tests"
PLUGIN_DIR = "resource-qoder-v0.1.0"


def _outside_checkout(entry: str) -> bool:
    if not entry:
        return False
    path = Path(entry).resolve()
    inside = {REPO.resolve(), Path(sys.prefix).resolve()}
    if any(path == root or root in path.parents for root in inside):
        return False
    return not (path / "activate").exists()  # any virtualenv's bin


def clean_env(cli_dir: Path, root: Path, override: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QODER_", "PULUMI_", "VIRTUAL_ENV", "PYTHON", "CONDA"))}
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if _outside_checkout(p)]
    env.update(
        PATH=os.pathsep.join([str(cli_dir), *path]),
        PULUMI_HOME=str(root / "pulumi-home"),
        PULUMI_BACKEND_URL=(root / "backend").as_uri(),
        PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_IGNORE_AMBIENT_PLUGINS="true",
        PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES=override,
    )
    return env


class FreshMachine:
    """A PULUMI_HOME that starts empty, a file backend, and the CLI; programs copied in."""

    def __init__(self, cli_dir: Path, root: Path, override: str) -> None:
        self.root = root
        self.cli = cli_dir / "pulumi"
        self.env = clean_env(cli_dir, root, override)
        (root / "backend").mkdir(parents=True, exist_ok=True)

    @property
    def home(self) -> Path:
        return Path(self.env["PULUMI_HOME"])

    @property
    def plugins(self) -> Path:
        return self.home / "plugins"

    def plugin_entries(self) -> list[str]:
        """What the plugin cache holds for qoder (folders and marker files)."""
        if not self.plugins.exists():
            return []
        return sorted(p.name for p in self.plugins.iterdir() if "qoder" in p.name)

    def copy(self, source: Path, name: str | None = None) -> Path:
        folder = self.root / (name or source.name)
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns(
            "Pulumi.*.yaml", "venv", ".venv", "node_modules"))
        return folder

    def run(self, folder: Path, *args: str, check: bool = True, timeout: float = 900,
            env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.cli), *args, "--non-interactive", "--color", "never"], cwd=folder,
            env={**self.env, **(env or {})}, capture_output=True, text=True, timeout=timeout,
            stdin=subprocess.DEVNULL)
        if check and done.returncode != 0:
            raise AssertionError(
                f"pulumi {' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    def init_stack(self, folder: Path, base_url: str, token: str) -> None:
        self.run(folder, "stack", "init", "dev")
        self.run(folder, "config", "set", "qoder:baseUrl", base_url)
        self.run(folder, "config", "set", "--secret", "qoder:token", token)

    def plugin_list(self, folder: Path) -> list[dict]:
        return json.loads(self.run(folder, "plugin", "ls", "--json").stdout or "[]")

    def deployment_ids(self, folder: Path) -> list[str]:
        state = json.loads(self.run(folder, "stack", "export").stdout)
        return sorted(r["id"] for r in state["deployment"].get("resources") or []
                      if r["type"] == "qoder:index:Deployment" and r.get("id"))
