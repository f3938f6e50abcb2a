"""The real `pulumi` CLI on a YAML project or an Automation API stack, served by the plugin.

Each project gets its own PULUMI_HOME and file backend under the test's tmp dir; the CLI
finds `pulumi-resource-qoder` through `plugins.providers[].path` in Pulumi.yaml.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml
from pulumi import automation as auto

PASSPHRASE = "pulumi-qoder-native-tests"
PLUGIN_DIR = Path(sys.executable).parent
"""Where `pip install` put `pulumi-resource-qoder` (this interpreter's bin)."""


def engine_env(cli_dir: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QODER_", "PULUMI_"))}
    env.update(
        PULUMI_HOME=str(home / "pulumi-home"),
        PULUMI_BACKEND_URL=(home / "backend").as_uri(),
        PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="true",
        PULUMI_PYTHON_CMD=sys.executable,
        PATH=f"{cli_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


class YamlProject:
    """A copy of a `runtime: yaml` project folder with its own stack `dev`, run by the CLI.

    Pulumi.yaml's `plugins.providers[].path` is pointed at this environment's plugin (and
    added when the program has none, as the reference examples do not).
    """

    def __init__(self, cli_dir: Path, home: Path, source: Path, config: Mapping[str, str],
                 secrets: Mapping[str, str]) -> None:
        self.folder = home / source.name
        shutil.copytree(source, self.folder, ignore=shutil.ignore_patterns("Pulumi.*.yaml"))
        project = self.folder / "Pulumi.yaml"
        text = project.read_text()
        if re.search(r"(?m)^plugins:", text):
            text = re.sub(r"(?m)^(\s+path:) .*$", rf"\1 {PLUGIN_DIR}", text, count=1)
        else:
            text += f"\nplugins:\n  providers:\n    - name: qoder\n      path: {PLUGIN_DIR}\n"
        project.write_text(text)
        (home / "backend").mkdir(parents=True, exist_ok=True)
        self.cli = cli_dir / "pulumi"
        self.env = engine_env(cli_dir, home)
        self.run("stack", "init", "dev")
        pairs = [arg for k, v in config.items() for arg in ("--plaintext", f"{k}={v}")]
        pairs += [arg for k, v in secrets.items() for arg in ("--secret", f"{k}={v}")]
        if pairs:
            self.run("config", "set-all", *pairs)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.cli), *args, "--non-interactive", "--color", "never"],
            cwd=self.folder, env=self.env, capture_output=True, text=True, timeout=600,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"pulumi {' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
            )
        return done

    def program(self) -> dict:
        return yaml.safe_load((self.folder / "Pulumi.yaml").read_text())

    def set_program(self, program: dict) -> None:
        (self.folder / "Pulumi.yaml").write_text(yaml.safe_dump(program, sort_keys=False))

    def outputs(self) -> dict:
        import json

        return json.loads(self.run("stack", "output", "--json", "--show-secrets").stdout)


def native_stack(cli_dir: Path, home: Path, program: Callable[[], None], project: str,
                 config: Mapping[str, str], secrets: Mapping[str, str], *,
                 stack_name: str = "dev", extra_env: Mapping[str, str] | None = None,
                 plugin_dir: Path = PLUGIN_DIR) -> auto.Stack:
    """An Automation API stack of an inline program whose Pulumi.yaml names the plugin.

    `ProjectSettings` has no `plugins`, so Pulumi.yaml is written here and the workspace
    is given none: it then keeps the file as it is. (`bench.native` uses it too.)
    """
    home.mkdir(parents=True, exist_ok=True)
    (home / "backend").mkdir(exist_ok=True)
    env = {**engine_env(cli_dir, home), **(extra_env or {})}
    settings = {
        "name": project,
        "runtime": "python",
        "backend": {"url": env["PULUMI_BACKEND_URL"]},
        "plugins": {"providers": [{"name": "qoder", "path": str(plugin_dir)}]},
    }
    (home / "Pulumi.yaml").write_text(yaml.safe_dump(settings))
    opts = auto.LocalWorkspaceOptions(
        work_dir=str(home),
        pulumi_home=env["PULUMI_HOME"],
        env_vars=env,
        pulumi_command=auto.PulumiCommand(root=str(cli_dir.parent), skip_version_check=True),
        secrets_provider="passphrase",
    )
    stack = auto.create_or_select_stack(
        stack_name=stack_name, project_name=project, program=program, opts=opts
    )
    values = {k: auto.ConfigValue(v) for k, v in config.items()}
    values.update({k: auto.ConfigValue(v, secret=True) for k, v in secrets.items()})
    stack.set_all_config(values)
    return stack


def exported_state(stack: auto.Stack, cli_dir: Path) -> str:
    """The state as `pulumi stack export` prints it (secrets encrypted, unlike the Automation
    API's export, which adds `--show-secrets`)."""
    done = subprocess.run(
        [str(cli_dir / "pulumi"), "stack", "export", "--stack", stack.name],
        cwd=stack.workspace.work_dir, env=stack.workspace.env_vars,
        capture_output=True, text=True, check=True,
    )
    return done.stdout
