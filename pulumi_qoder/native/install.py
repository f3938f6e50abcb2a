"""`pulumi-qoder`: the package's command line. `install-plugin` installs the plugin without
the release page (offline, dev); `import-file` and `orphans` are `pulumi_qoder.fleet`'s.

The CLI downloads `qoder` by itself from the server the manifests name (docs/native.md,
"How the CLI gets the plugin"). This command is for a machine that cannot reach it, or for
a development checkout: it packs the same self-contained plugin the release publishes (the
`pulumi_qoder` package this command runs from, its runtime dependencies in requirements.txt,
`PulumiPlugin.yaml` with `runtime: python`), or takes an archive you give it (`--archive
dist/pulumi-resource-qoder-v<version>-linux-amd64.tar.gz`), and hands it to `pulumi plugin
install resource qoder <version> --file ARCHIVE --reinstall`. The CLI then makes the
plugin's own virtualenv in its plugin cache; nothing refers to this environment afterwards,
so recreating or deleting it changes nothing for the installed plugin.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pulumi_qoder._version import __version__
from pulumi_qoder.native import plugin_archive
from pulumi_qoder.release import PLUGIN_NAME

__all__ = ["INSTALL_COMMAND", "add_parser", "this_package_archive"]

INSTALL_COMMAND = "pulumi-qoder install-plugin"
"""What a user runs to install the plugin without the release page."""


def this_package_archive() -> bytes:
    """The plugin archive for the `pulumi_qoder` this process imports, as `make dist` packs it."""
    package = Path(plugin_archive.__file__).resolve().parent.parent
    try:
        requires = importlib.metadata.requires("pulumi-qoder") or []
    except importlib.metadata.PackageNotFoundError:  # imported from a checkout, not installed
        raise SystemExit("pulumi-qoder: the package is not installed (pip install pulumi-qoder, "
                         "or pass --archive)") from None
    return plugin_archive.pack(plugin_archive.files_from_package(package, requires))


def _archive_problem(archive: Path) -> str | None:
    """Why `archive` is not this version's plugin, or None: checked before the CLI installs it
    under this version's name (it would not look inside)."""
    if not archive.is_file():
        return f"no archive at {archive}"
    try:
        version = plugin_archive.version_of(archive.read_bytes())
    except ValueError as error:
        return f"{archive} is not a plugin archive ({error}); download it again"
    if version != __version__:
        return (f"{archive} holds pulumi-qoder {version}, not {__version__}: use "
                f"pulumi-resource-{PLUGIN_NAME}-v{__version__}-<os>-<arch>.tar.gz, or run the "
                f"pulumi-qoder {version} package's own `{INSTALL_COMMAND}`")
    return None


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
    with tempfile.TemporaryDirectory(prefix="pulumi-qoder-plugin-") as work:
        if args.archive:
            archive = Path(args.archive)
            wrong = _archive_problem(archive)
            if wrong:
                print(f"pulumi-qoder: {wrong}", file=sys.stderr)
                return 1
        else:
            archive = Path(work) / f"pulumi-resource-{PLUGIN_NAME}-v{__version__}.tar.gz"
            archive.write_bytes(this_package_archive())
        command = [pulumi, "plugin", "install", "resource", PLUGIN_NAME, __version__,
                   "--file", str(archive), "--reinstall"]
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ)
    if done.returncode != 0:
        print(f"pulumi-qoder: `pulumi plugin install` exited {done.returncode}", file=sys.stderr)
        sys.stderr.write(done.stderr or done.stdout)
        return 1
    print(f"installed resource plugin {PLUGIN_NAME} v{__version__} (its own virtualenv, made "
          "by the Pulumi CLI)")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`pulumi-qoder install-plugin` (pulumi_qoder/cli.py)."""
    install = commands.add_parser(
        "install-plugin",
        help="install the resource plugin qoder into the Pulumi CLI's plugin cache, "
             "without downloading it",
    )
    install.add_argument("--pulumi", help="the pulumi CLI to use (default: the one on PATH)")
    install.add_argument(
        "--archive",
        help="a plugin archive to install (default: one packed from this installed package)",
    )
    install.set_defaults(run=_install_plugin)
