"""A program folder run by the real `pulumi` CLI and its official language host.

As a user runs it: `cd` into the folder and type `pulumi install`, `pulumi up`, ... The
folder is a copy under the test's tmp dir; Pulumi.yaml's runtime options name a pip
virtualenv and requirements.txt installs this package from the built wheel (the
repository's copies install it from the checkout with `-e ../..`). Each project gets its
own PULUMI_HOME (plugin cache) and file backend; nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import yaml

PASSPHRASE = "pulumi-qoder-official-tests"


def official_env(cli_dir: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QODER_", "PULUMI_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(
        PULUMI_HOME=str(home / "pulumi-home"),
        PULUMI_BACKEND_URL=(home / "backend").as_uri(),
        PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        # plugins come from the plugin cache or beside the CLI, never from PATH (an activated
        # .venv has pulumi-resource-qoder on it, which would hide a missing registration)
        PULUMI_IGNORE_AMBIENT_PLUGINS="true",
        PATH=f"{cli_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


def runtime_of(project_file: Path) -> dict:
    """A Pulumi.yaml's `runtime` as a mapping (`runtime: python` is `{"name": "python"}`)."""
    runtime = yaml.safe_load(project_file.read_text())["runtime"]
    return {"name": runtime} if isinstance(runtime, str) else runtime


class OfficialProject:
    """A copy of a program folder with its own stack `dev`, driven by the `pulumi` CLI."""

    def __init__(self, cli_dir: Path, home: Path, source: Path, *, virtualenv: str | Path,
                 wheel: Path | None = None) -> None:
        self.home = home
        self.folder = home / source.name
        shutil.copytree(source, self.folder,
                        ignore=shutil.ignore_patterns("Pulumi.*.yaml", "venv", ".venv",
                                                      "node_modules"))
        project = yaml.safe_load((self.folder / "Pulumi.yaml").read_text())
        if project.get("runtime", {}) in ("python", {"name": "python"}) or (
            isinstance(project.get("runtime"), dict) and project["runtime"]["name"] == "python"
        ):
            project["runtime"] = {"name": "python", "options": {
                "toolchain": "pip", "virtualenv": str(virtualenv)}}
        (self.folder / "Pulumi.yaml").write_text(yaml.safe_dump(project, sort_keys=False))
        requirements = self.folder / "requirements.txt"
        if wheel is not None and requirements.exists():
            text = re.sub(r"(?m)^-e \.\./\.\.\s*$", str(wheel), requirements.read_text())
            requirements.write_text(text)
        (home / "backend").mkdir(parents=True, exist_ok=True)
        self.cli = cli_dir / "pulumi"
        self.env = official_env(cli_dir, home)

    def install_plugin(self, venv: Path) -> subprocess.CompletedProcess:
        """`pulumi-qoder install-plugin` from `venv`, as docs tell users, into this PULUMI_HOME."""
        return subprocess.run(
            [str(venv / "bin" / "pulumi-qoder"), "install-plugin", "--pulumi", str(self.cli)],
            env=self.env, capture_output=True, text=True, timeout=120, check=True,
        )

    def use_plugins(self, plugins: Path) -> None:
        """This project's plugin cache is `plugins` (a symlink): the plugin as installed there."""
        home = Path(self.env["PULUMI_HOME"])
        home.mkdir(parents=True, exist_ok=True)
        (home / "plugins").symlink_to(plugins, target_is_directory=True)

    def init(self, config: Mapping[str, str], secrets: Mapping[str, str]) -> None:
        self.run("stack", "init", "dev")
        pairs = [arg for k, v in config.items() for arg in ("--plaintext", f"{k}={v}")]
        pairs += [arg for k, v in secrets.items() for arg in ("--secret", f"{k}={v}")]
        if pairs:
            self.run("config", "set-all", *pairs)

    def run(self, *args: str, check: bool = True, timeout: float = 600,
            interactive_flags: bool = True) -> subprocess.CompletedProcess:
        flags = ["--non-interactive", "--color", "never"] if interactive_flags else []
        done = subprocess.run(
            [str(self.cli), *args, *flags], cwd=self.folder, env=self.env,
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"pulumi {' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
            )
        return done

    def outputs(self) -> dict:
        return json.loads(self.run("stack", "output", "--json", "--show-secrets").stdout)

    def resources(self) -> list[dict]:
        state = json.loads(self.run("stack", "export").stdout)
        return state["deployment"].get("resources") or []

    def deployment_ids(self) -> list[str]:
        return sorted(
            r["id"] for r in self.resources()
            if r["type"].endswith(("qoder:Deployment", "qoder:index:Deployment")) and r.get("id")
        )
