r"""Run Pulumi programs, the examples among them, through the real engine.

The Python language host (`pulumi-language-python`) is not published as a Go module, so
a CLI built from the module proxy cannot start `runtime: python` projects by itself.
This runner uses the Automation API instead: the program runs in this process as an
inline program and the real `pulumi` CLI drives preview / up / refresh / destroy, with a
local file backend and the dynamic-provider host it starts itself.

    python examples/runner.py daily-report up --config qoder:baseUrl=http://... \
        --secret qoder:token=pt-...
    python examples/runner.py daily-report preview --refresh --expect-no-changes --diff
    python examples/runner.py ./my-app up          # any folder: a path with a slash
    python examples/runner.py fleet state unprotect --all && ... fleet destroy

PROGRAM is either the name of a folder under examples/ (`daily-report`), or, when it holds
a slash, the path of any folder (`./my-app`, `../infra/agents`, `/abs/path`), relative to
the current directory. The folder needs a `Pulumi.yaml` with a `name:` line and a
`__main__.py`; the program runs with that folder as its working directory and on
`sys.path`, as under the official CLI's Python host, in this runner's Python (its
`requirements.txt` is not read).

Commands: preview, up, refresh, destroy (each with --target URN, repeatable, and --diff;
preview, up and refresh with --expect-no-changes; preview, up and destroy with --refresh),
outputs, state unprotect (URN... or --all), and recover (after a killed command:
`pulumi cancel`, and an empty `<stack>.json.attrs` removed; see docs/behaviour.md).
Each program's stack lives under `--home` (default ~/.pulumi-qoder-examples/<project>);
config given once is kept there, and keys are namespaced as with `pulumi config set`
(`daily-report:paused=true`).

The exit code is the CLI's: 0 on success, 7 when --expect-no-changes finds changes, 1 for
other failures (2 for a bad invocation). A failure prints the engine's output once, with no
Python traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
    return program_at(EXAMPLES / name)


def program_folder(argument: str) -> Path:
    """PROGRAM as given on the command line: an example's name, or a path holding a slash."""
    if "/" in argument or os.sep in argument:
        return Path(argument).resolve()
    return EXAMPLES / argument


def program_at(folder: Path) -> tuple[str, Callable[[], None]]:
    """The project name and an inline program that runs `folder`/__main__.py."""
    folder = folder.resolve()
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

    def unprotect(self, urns: list[str], every: bool = False) -> int:
        """`pulumi state unprotect` on this stack; its exit code (output goes to ours)."""
        command = [str(self.cli_dir / "pulumi"), "state", "unprotect", "--yes"]
        command += ["--stack", self.stack.name, "--color", "never"]
        command += ["--all"] if every else ["--", *urns]
        return subprocess.run(
            command, cwd=self.stack.workspace.work_dir, env={**os.environ, **self.env}
        ).returncode

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
    creates = _interrupted_creates(cli_dir, home, stack)
    if creates:
        done.append(
            f"{creates} interrupted create(s): run `up` with the unchanged program before any "
            "`destroy`; a `destroy` now would drop them and leave what they made live"
        )
    return done


def _interrupted_creates(cli_dir: Path, home: Path, stack: str) -> int:
    """How many creates the killed command left pending in the state (0 if unreadable)."""
    export = subprocess.run(
        [str(cli_dir / "pulumi"), "stack", "export", "--stack", stack, "--non-interactive"],
        cwd=home, env={**os.environ, **engine_env(cli_dir, home)},
        capture_output=True, text=True,
    )
    try:
        pending = json.loads(export.stdout)["deployment"].get("pending_operations") or []
    except (ValueError, KeyError, TypeError, AttributeError):
        return 0
    return sum(1 for op in pending if isinstance(op, dict) and op.get("type") == "creating")


def _ensure_pulumi() -> str:
    """The CLI directory from scripts/ensure-pulumi (cached after its first build)."""
    script = EXAMPLES.parent / "scripts" / "ensure-pulumi"
    done = subprocess.run([str(script)], stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit("no pulumi CLI: scripts/ensure-pulumi failed (see above)")
    return done.stdout.strip()


def _pairs(items: list[str]) -> dict[str, str]:
    return dict(item.split("=", 1) for item in items)


def _key_value(text: str) -> str:
    if "=" not in text:
        raise argparse.ArgumentTypeError("expected KEY=VALUE")
    return text


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--stack", default="dev", help="stack name (default: dev)")
    common.add_argument(
        "--home",
        default=str(Path.home() / ".pulumi-qoder-examples"),
        help="where stacks live, one folder per project (default: ~/.pulumi-qoder-examples)",
    )
    common.add_argument("--config", action="append", default=[], type=_key_value,
                        metavar="KEY=VALUE", help="stack config, kept for later runs")
    common.add_argument("--secret", action="append", default=[], type=_key_value,
                        metavar="KEY=VALUE", help="secret stack config, kept encrypted")

    parser = argparse.ArgumentParser(
        prog="runner.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "program", metavar="PROGRAM",
        help="a folder under examples/ by name, or any folder by a path holding a slash",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, flags in OPERATIONS.items():
        sub = commands.add_parser(name, parents=[common], help=f"pulumi {name}")
        sub.add_argument("--target", action="append", default=[], metavar="URN",
                         help="only this resource (repeatable)")
        sub.add_argument("--diff", action="store_true", help="show a detailed property diff")
        if "expect_no_changes" in flags:
            sub.add_argument("--expect-no-changes", action="store_true",
                             help="fail with exit code 7 if anything would change")
        if "refresh" in flags:
            sub.add_argument("--refresh", action="store_true",
                             help="refresh the state from the API first")
    commands.add_parser("outputs", parents=[common], help="print the stack's outputs as JSON")
    commands.add_parser(
        "recover", parents=[common],
        help="after a killed command: pulumi cancel, and drop an empty .json.attrs sidecar",
    )
    state = commands.add_parser("state", help="edit the stack's state")
    state_commands = state.add_subparsers(dest="state_command", required=True, metavar="COMMAND")
    unprotect = state_commands.add_parser(
        "unprotect", parents=[common], help="clear `protect` so the resource can be destroyed"
    )
    unprotect.add_argument("urns", nargs="*", metavar="URN")
    unprotect.add_argument("--all", action="store_true", help="every resource in the stack")
    return parser


# The Automation API's keyword arguments each operation takes beyond target and diff.
OPERATIONS = {
    "preview": ("expect_no_changes", "refresh"),
    "up": ("expect_no_changes", "refresh"),
    "refresh": ("expect_no_changes",),
    "destroy": ("refresh",),
}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "state" and bool(args.urns) == args.all:
        parser.error("state unprotect: give one or more URNs, or --all")
    folder = program_folder(args.program)
    if not (folder / "Pulumi.yaml").is_file() or not (folder / "__main__.py").is_file():
        parser.error(f"{folder}: not a program folder (it needs Pulumi.yaml and __main__.py)")
    home = Path(args.home).resolve()
    cli_dir = Path(os.environ.get("PULUMI_QODER_CLI_DIR") or _ensure_pulumi()).resolve()
    project, program = program_at(folder)
    if args.command == "recover":
        for line in recover_backend(cli_dir, home / project, args.stack):
            print(line)
        return 0
    # as under the official CLI's Python host: the program's folder is its working
    # directory and first on sys.path, so it can open its files and import its modules
    os.chdir(folder)
    sys.path.insert(0, str(folder))
    try:
        stack = EngineStack(
            cli_dir,
            home / project,
            program,
            project=project,
            stack=args.stack,
            config=_pairs(args.config),
            secrets=_pairs(args.secret),
        )
        if args.command == "outputs":
            print(json.dumps(stack.outputs(), indent=2))
            return 0
        if args.command == "state":
            return stack.unprotect(args.urns, every=args.all)
        return _operate(stack, args)
    except KeyboardInterrupt:
        return 130  # the engine got the same interrupt and says what it cancelled
    except auto.CommandError as err:
        code, stdout, stderr = _failure(err)
        if not getattr(err, "streamed", False):
            print(stdout, end="")
            print(stderr, end="", file=sys.stderr)
        return code


def _operate(stack: EngineStack, args: argparse.Namespace) -> int:
    options = {"target": args.target or None, "diff": args.diff or None}
    for flag in OPERATIONS[args.command]:
        options[flag] = getattr(args, flag) or None
    try:
        result = getattr(stack, args.command)(
            on_output=print, on_error=lambda line: print(line, file=sys.stderr), **options
        )
    except auto.CommandError as err:
        err.streamed = True  # type: ignore[attr-defined]  # its output is already on screen
        raise
    if hasattr(result, "outputs"):
        print(json.dumps({k: v.value for k, v in result.outputs.items()}, indent=2))
    return 0


_COMMAND_RESULT = re.compile(r"\A\n code: (-?\d+)\n stdout: (.*)\n stderr: (.*)\Z", re.DOTALL)


def _failure(err: auto.CommandError) -> tuple[int, str, str]:
    """The CLI's exit code, stdout and stderr, from the Automation API's error.

    The error keeps only its text (`code: N`, `stdout: ...`, `stderr: ...`); the code is
    the CLI's own, e.g. 7 when --expect-no-changes finds changes. A code the shell cannot
    carry (a signal, reported negative) becomes 1.
    """
    found = _COMMAND_RESULT.match(str(err))
    if not found:
        return 1, "", f"{err}\n"
    code = int(found.group(1))
    return (code if 0 < code < 256 else 1), found.group(2), found.group(3)


if __name__ == "__main__":
    sys.exit(main())
