"""The released plugin's cost: install by the CLI, then start-up, first after install and warm.

    python -m bench.plugin_install [--archive dist/pulumi-resource-qoder-v0.1.0-linux-amd64.tar.gz]
                                   [--runs 5]

Installs the archive `make dist` wrote into a fresh PULUMI_HOME with `pulumi plugin install
resource qoder <version> --file ARCHIVE` (what a download ends in: unpack, then the CLI's
Python host makes the plugin's virtualenv and pip installs requirements.txt), then times
the installed `pulumi-resource-qoder` from process start to its port on stdout and to its
answer to a first call (`GetSchema`, which loads the provider): once right after the
install (its own modules not yet byte-compiled) and then warm (median of `--runs`), beside
the pip-installed plugin of this environment for reference. The
environment is cleaned as tests/install/ cleans it (no VIRTUAL_ENV, PYTHONPATH, checkout
PATH entries). Needs the CLI (`scripts/ensure-pulumi`) and `make dist`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.floor import startup
from pulumi_qoder._version import __version__
from tests.install.machine import clean_env

REPO = Path(__file__).resolve().parents[1]


def _cli_dir() -> Path:
    found = os.environ.get("PULUMI_QODER_CLI_DIR") or subprocess.run(
        [str(REPO / "scripts" / "ensure-pulumi")], capture_output=True, text=True,
        check=True).stdout.strip()
    return Path(found)


def first_answer(command: list[str], runs: int) -> float:
    """Median seconds from process start to its answer to a first call (`GetSchema`, which
    loads the provider: the plugin prints its port before importing it)."""
    import grpc
    from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                 text=True)
        try:
            port = child.stdout.readline().strip()
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = provider_pb2_grpc.ResourceProviderStub(channel)
                stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60)
            times.append(time.perf_counter() - start)
        finally:
            child.kill()
            child.wait()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=REPO / "dist" /
                        f"pulumi-resource-qoder-v{__version__}-linux-amd64.tar.gz")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.archive.is_file():
        raise SystemExit(f"no {args.archive}: run `make dist` first")
    cli = _cli_dir()
    with tempfile.TemporaryDirectory(prefix="bench-plugin-install-") as work:
        env = clean_env(cli, Path(work), "")
        env.pop("PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES")
        start = time.perf_counter()
        subprocess.run([str(cli / "pulumi"), "plugin", "install", "resource", "qoder",
                        __version__, "--file", str(args.archive)], env=env, check=True,
                       capture_output=True, text=True, timeout=1800)
        installed = time.perf_counter() - start
        plugin = Path(env["PULUMI_HOME"]) / "plugins" / f"resource-qoder-v{__version__}"
        command = [str(plugin / "pulumi-resource-qoder"), "127.0.0.1:1"]
        first = first_answer(command, 1)
        first_port = startup(command, 1)
        warm = first_answer(command, args.runs)
        warm_port = startup(command, args.runs)
    pip_command = [str(Path(sys.executable).parent / "pulumi-resource-qoder"), "127.0.0.1:1"]
    pip_installed = first_answer(pip_command, args.runs)
    pip_port = startup(pip_command, args.runs)
    print(f"install (unpack, venv, pip install -r requirements.txt): {installed:.1f} s")
    print("start to port on stdout / start to the answer of a first call (GetSchema):")
    print(f"  first start after install: {first_port:.3f} s / {first:.3f} s (the answer: "
          "first run, its own modules not yet byte-compiled)")
    print(f"  warm (median of {args.runs}):        {warm_port:.3f} s / {warm:.3f} s")
    print(f"  pip-installed plugin, warm:  {pip_port:.3f} s / {pip_installed:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
