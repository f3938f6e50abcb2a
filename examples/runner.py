"""Run Pulumi programs, the examples among them, through the real engine.

The Python language host (`pulumi-language-python`) is not published as a Go module, so
a CLI built from the module proxy cannot start `runtime: python` projects by itself.
This runner uses the Automation API instead: the program runs in this process as an
inline program and the real `pulumi` CLI drives preview / up / refresh / destroy, with a
local file backend and the dynamic-provider host it starts itself.

    python examples/runner.py daily-report up --config qoder:baseUrl=http://... \
        --secret qoder:token=pt-...

Commands: preview, up, refresh, destroy, outputs, and recover (after a killed command:
`pulumi cancel` and an empty `<stack>.json.attrs` removed; see docs/behaviour.md).
Each example's stack lives under `--home` (default ~/.pulumi-qoder-examples/<project>);
config given once is kept there, and keys are namespaced as with `pulumi config set`
(`daily-report:paused=true`).
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from pulumi import automation as auto

EXAMPLES = Path(__file__).resolve().parent
DEFAULT_PASSPHRASE = "pulumi-qoder-local"


def engine_env(cli_dir: Path, home: Path) -> dict[str, str]:
    """The environment for the engine and the provider host it starts."""
    return {
        "PULUMI_HOME": str(home / "pulumi-home"),
        "PULUMI_BACKEND_URL": (home / "backend").as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": os.environ.get("PULUMI_CONFIG_PASSPHRASE", DEFAULT_PASSPHRASE),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
        # the launcher beside the CLI runs `$PULUMI_PYTHON_CMD -m pulumi.dynamic`
        "PULUMI_PYTHON_CMD": sys.executable,
        "PATH": f"{cli_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def example_program(name: str) -> tuple[str, Callable[[], None]]:
    """The project name and an inline program that runs examples/<name>/__main__.py."""
    folder = EXAMPLES / name
    project = _project_name(folder / "Pulumi.yaml")

    def program() -> None:
        runpy.run_path(str(folder / "__main__.py"), run_name="__main__")

    return project, program


def _project_name(pulumi_yaml: Path) -> str:
    for line in pulumi_yaml.read_text().splitlines():
        if line.startswith("name:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"{pulumi_yaml}: no 'name:' line")


class EngineStack:
    """One stack of one inline program, with its own PULUMI_HOME and file backend."""

    def __init__(
        self,
        cli_dir: Path,
        home: Path,
        program: Callable[[], None],
        project: str = "qoder-engine-test",
        stack: str = "dev",
        config: Mapping[str, str] | None = None,
        secrets: Mapping[str, str] | None = None,
        extra_env: Mapping[str, str] | None = None,
    ) -> None:
        (home / "backend").mkdir(parents=True, exist_ok=True)
        self.cli_dir = cli_dir
        self.env = {**engine_env(cli_dir, home), **(extra_env or {})}
        self.output: list[str] = []
        opts = auto.LocalWorkspaceOptions(
            work_dir=str(home),
            pulumi_home=self.env["PULUMI_HOME"],
            env_vars=self.env,
            pulumi_command=auto.PulumiCommand(root=str(cli_dir.parent), skip_version_check=True),
            project_settings=auto.ProjectSettings(
                name=project,
                runtime="python",
                backend=auto.ProjectBackend(url=self.env["PULUMI_BACKEND_URL"]),
            ),
            secrets_provider="passphrase",
        )
        self.stack = auto.create_or_select_stack(
            stack_name=stack, project_name=project, program=program, opts=opts
        )
        self.set_config(config or {}, secrets or {})

    def set_config(self, plain: Mapping[str, str], secret: Mapping[str, str] | None = None) -> None:
        values = {k: auto.ConfigValue(v) for k, v in plain.items()}
        values.update({k: auto.ConfigValue(v, secret=True) for k, v in (secret or {}).items()})
        if values:
            self.stack.set_all_config(values)

    def set_program(self, program: Callable[[], None]) -> None:
        self.stack.workspace.program = program

    def up(self, **kwargs) -> auto.UpResult:
        return self.stack.up(**self._opts(kwargs))

    def preview(self, **kwargs) -> auto.PreviewResult:
        return self.stack.preview(**self._opts(kwargs))

    def refresh(self, **kwargs) -> auto.RefreshResult:
        return self.stack.refresh(**self._opts(kwargs))

    def destroy(self, **kwargs) -> auto.DestroyResult:
        return self.stack.destroy(**self._opts(kwargs))

    def _opts(self, kwargs: dict) -> dict:
        """Plain text, and every line the engine prints kept in `output`."""
        echo = kwargs.pop("on_output", None)

        def collect(line: str) -> None:
            self.output.append(line)
            if echo:
                echo(line)

        return {"color": "never", "on_output": collect, **kwargs}

    def outputs(self) -> dict[str, object]:
        return {k: v.value for k, v in self.stack.outputs().items()}

    def export(self) -> str:
        """The stack's state exactly as `pulumi stack export` prints it (secrets encrypted).

        The Automation API's own export adds `--show-secrets`, which is not what lands on disk.
        """
        done = subprocess.run(
            [str(self.cli_dir / "pulumi"), "stack", "export", "--stack", self.stack.name],
            cwd=self.stack.workspace.work_dir,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout


def recover_backend(cli_dir: Path, home: Path, stack: str) -> list[str]:
    """After the engine was killed mid-command: make the stack usable again.

    `pulumi cancel` releases the lock the killed update still holds. A kill can also leave
    the file backend's `<stack>.json.attrs` sidecar empty, after which every command fails
    "failed to load checkpoint: EOF"; an empty sidecar holds nothing, so it is removed (the
    CLI writes it again). Returns what was done.
    """
    done = []
    for attrs in (home / "backend" / ".pulumi" / "stacks").rglob(f"{stack}.json.attrs"):
        if attrs.stat().st_size == 0:
            attrs.unlink()
            done.append(f"removed empty {attrs.name}")
    cancel = subprocess.run(
        [str(cli_dir / "pulumi"), "cancel", "--yes", "--stack", stack, "--non-interactive"],
        cwd=home, env={**os.environ, **engine_env(cli_dir, home)},
        capture_output=True, text=True,
    )
    done.append(f"pulumi cancel: {(cancel.stdout + cancel.stderr).strip()}")
    return done


def _ensure_pulumi() -> str:
    """The CLI directory from scripts/ensure-pulumi (cached after its first build)."""
    script = EXAMPLES.parent / "scripts" / "ensure-pulumi"
    done = subprocess.run([str(script)], stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit("no pulumi CLI: scripts/ensure-pulumi failed (see above)")
    return done.stdout.strip()


def _pairs(items: list[str]) -> dict[str, str]:
    return dict(item.split("=", 1) for item in items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("example", help="a folder under examples/")
    parser.add_argument(
        "command", choices=["preview", "up", "refresh", "destroy", "outputs", "recover"]
    )
    parser.add_argument("--stack", default="dev")
    parser.add_argument("--home", default=str(Path.home() / ".pulumi-qoder-examples"))
    parser.add_argument("--config", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--secret", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    cli_dir = Path(os.environ.get("PULUMI_QODER_CLI_DIR") or _ensure_pulumi())
    project, program = example_program(args.example)
    if args.command == "recover":
        for line in recover_backend(cli_dir, Path(args.home) / project, args.stack):
            print(line)
        return 0
    stack = EngineStack(
        cli_dir, Path(args.home) / project, program, project=project, stack=args.stack,
        config=_pairs(args.config), secrets=_pairs(args.secret),
    )
    if args.command == "outputs":
        print(json.dumps(stack.outputs(), indent=2))
        return 0
    result = getattr(stack, args.command)(on_output=print)
    if hasattr(result, "outputs"):
        print(json.dumps({k: v.value for k, v in result.outputs.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
