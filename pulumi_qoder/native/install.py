"""`pulumi-qoder`: the package's command line; here `install-plugin`, which registers the
pip-installed plugin with the Pulumi CLI (`import-file` and `orphans` are `pulumi_qoder.fleet`).

`pip install pulumi-qoder` puts `pulumi-resource-qoder` in the environment's `bin`. The
engine looks for plugins in its plugin cache (`$PULUMI_HOME/plugins`, `~/.pulumi/plugins`)
by name and version, and would otherwise try to download `qoder` from a server where
nothing is published. This command packs a small launcher that runs this environment's
plugin into an archive and hands it to `pulumi plugin install resource qoder VERSION
--file ARCHIVE`, the way a downloaded plugin is registered: `pulumi plugin ls` then lists
it, and every program on the machine (Python, YAML, TypeScript, Go) finds `qoder` with no
per-project path. The launcher names this environment's interpreter: after recreating the
virtualenv, or upgrading the package, run the command again.
"""

from __future__ import annotations

import argparse
import io
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from pulumi_qoder._version import __version__

__all__ = ["INSTALL_COMMAND", "launcher_text", "main", "plugin_archive"]

INSTALL_COMMAND = "pulumi-qoder install-plugin"
"""What a user runs to make the plugin findable (named in the error for a missing plugin)."""

PLUGIN_NAME = "qoder"
BINARY = "pulumi-resource-qoder"


def launcher_text(python: str) -> str:
    """A POSIX shell launcher that runs the plugin with the given interpreter."""
    return f"#!/bin/sh\nexec {shlex.quote(python)} -m pulumi_qoder.native \"$@\"\n"


def plugin_archive(python: str) -> bytes:
    """A .tar.gz holding `pulumi-resource-qoder` (the launcher), as the CLI expects."""
    body = launcher_text(python).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo(BINARY)
        info.size = len(body)
        info.mode = 0o755
        archive.addfile(info, io.BytesIO(body))
    return buffer.getvalue()


def _pulumi(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    return shutil.which("pulumi")


def _install_plugin(args: argparse.Namespace) -> int:
    pulumi = _pulumi(args.pulumi)
    if not pulumi or not os.access(pulumi, os.X_OK):
        print(
            "pulumi-qoder: no `pulumi` CLI on PATH; install it or pass --pulumi PATH",
            file=sys.stderr,
        )
        return 1
    python = args.python or sys.executable
    with tempfile.TemporaryDirectory(prefix="pulumi-qoder-plugin-") as work:
        archive = Path(work) / f"{BINARY}-v{__version__}.tar.gz"
        archive.write_bytes(plugin_archive(python))
        command = [pulumi, "plugin", "install", "resource", PLUGIN_NAME, __version__,
                   "--file", str(archive), "--reinstall"]
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ)
    if done.returncode != 0:
        print(f"pulumi-qoder: `pulumi plugin install` exited {done.returncode}", file=sys.stderr)
        sys.stderr.write(done.stderr or done.stdout)
        return 1
    print(f"registered resource plugin {PLUGIN_NAME} v{__version__} (runs {python})")
    return 0


def _print_launcher(args: argparse.Namespace) -> int:
    sys.stdout.write(launcher_text(args.python or sys.executable))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pulumi-qoder", description="Tools for the pulumi-qoder provider."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    install = commands.add_parser(
        "install-plugin",
        help="register this environment's pulumi-resource-qoder with the Pulumi CLI",
    )
    install.add_argument("--pulumi", help="the pulumi CLI to use (default: the one on PATH)")
    install.add_argument(
        "--python", help="the interpreter the plugin runs with (default: this one)"
    )
    install.set_defaults(run=_install_plugin)
    show = commands.add_parser("launcher", help="print the launcher install-plugin registers")
    show.add_argument("--python", help="the interpreter the plugin runs with")
    show.set_defaults(run=_print_launcher)
    from pulumi_qoder.fleet import import_file, orphans

    import_file.add_parser(commands)
    orphans.add_parser(commands)
    args = parser.parse_args(argv)
    from pulumi_qoder.fleet.problem import FleetProblem

    try:
        return args.run(args)
    except FleetProblem as problem:
        print(f"pulumi-qoder {args.command}: {problem}", file=sys.stderr)
        return problem.code
    except KeyboardInterrupt:
        print(f"pulumi-qoder {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
