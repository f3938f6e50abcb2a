"""Run Pulumi programs through the real engine (Automation API, local file backend)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pulumi import automation as auto

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "engine-tests-passphrase"


def find_pulumi_cli() -> Path:
    """The directory holding `pulumi`; fails (not skips) when the engine is required."""
    found = os.environ.get("PULUMI_QODER_CLI_DIR", "")
    if not found:
        result = subprocess.run(
            [str(REPO / "scripts" / "ensure-pulumi")], capture_output=True, text=True
        )
        found = result.stdout.strip() if result.returncode == 0 else ""
    if not found or not (Path(found) / "pulumi").exists():
        message = "no pulumi CLI: run scripts/ensure-pulumi (make test does)"
        if os.environ.get("QODER_REQUIRE_ENGINE") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Path(found)


def engine_env(cli_dir: Path, home: Path) -> dict[str, str]:
    """The environment the engine and the provider host it starts run with."""
    return {
        "PULUMI_HOME": str(home / "pulumi-home"),
        "PULUMI_BACKEND_URL": (home / "backend").as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
        # the dynamic-provider launcher beside the CLI runs `$PULUMI_PYTHON_CMD -m pulumi.dynamic`
        "PULUMI_PYTHON_CMD": sys.executable,
        "PATH": f"{cli_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        # the provider host must get its token from stack config, never from our env
        "QODER_PAT": "",
        "QODER_BASE_URL": "",
    }


@dataclass
class EngineStack:
    """One stack of one inline program, with its own PULUMI_HOME and file backend."""

    cli_dir: Path
    home: Path
    program: Callable[[], None]
    project: str = "qoder-engine-test"
    name: str = "dev"
    config: Mapping[str, str] = field(default_factory=dict)
    secrets: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        (self.home / "backend").mkdir(parents=True, exist_ok=True)
        env = engine_env(self.cli_dir, self.home)
        os.environ.update({k: v for k, v in env.items() if k.startswith("PULUMI_")})
        opts = auto.LocalWorkspaceOptions(
            work_dir=str(self.home),
            pulumi_home=env["PULUMI_HOME"],
            env_vars=env,
            pulumi_command=auto.PulumiCommand(
                root=str(self.cli_dir.parent), skip_version_check=True
            ),
            project_settings=auto.ProjectSettings(
                name=self.project,
                runtime="python",
                backend=auto.ProjectBackend(url=env["PULUMI_BACKEND_URL"]),
            ),
            secrets_provider="passphrase",
        )
        self.stack = auto.create_or_select_stack(
            stack_name=self.name, project_name=self.project, program=self.program, opts=opts
        )
        self.set_config(self.config, self.secrets)

    def set_config(self, plain: Mapping[str, str], secret: Mapping[str, str] = {}) -> None:
        values = {k: auto.ConfigValue(v) for k, v in plain.items()}
        values.update({k: auto.ConfigValue(v, secret=True) for k, v in secret.items()})
        if values:
            self.stack.set_all_config(values)

    def set_program(self, program: Callable[[], None]) -> None:
        self.stack.workspace.program = program

    def up(self) -> auto.UpResult:
        return self.stack.up(color="never", on_output=self._log)

    def preview(self, refresh: bool = False) -> auto.PreviewResult:
        return self.stack.preview(color="never", refresh=refresh, on_output=self._log, diff=True)

    def refresh(self) -> auto.RefreshResult:
        return self.stack.refresh(color="never", on_output=self._log)

    def destroy(self) -> auto.DestroyResult:
        return self.stack.destroy(color="never", on_output=self._log)

    def export(self) -> str:
        import json

        return json.dumps(self.stack.export_stack().deployment)

    def _log(self, line: str) -> None:
        self.output.append(line)

    @property
    def output(self) -> list[str]:
        if not hasattr(self, "_output"):
            self._output: list[str] = []
        return self._output
