"""The native plugin against a provider that costs nothing, through the same CLI, in one run.

    python -m bench.floor [--deployments 200] [--latency-ms 0] [--parallel 32] [--runs 1]
                          [--checkpoints written,skipped] [--startup-runs 5]
                          [--baseline PATH] [--sized-null] [--without-engine-log]

The same YAML program of N deployments runs through the real `pulumi` CLI twice: served by
`pulumi-resource-qoder` against the emulator (`bench.counted_emulator`, in its own process,
with `--latency-ms` injected on every API call), and by `bench.null_provider`, which serves
the same schema and answers every call at once with no HTTP. Steps: create (`up`), preview
(no changes), update of every description (`up`), destroy; with checkpoints written and
with `PULUMI_SKIP_CHECKPOINTS=true`. Each step prints both wall times (median of `--runs`),
the ratio, and the CPU seconds of the plugin, the emulator, the engine and the language
host (`bench.native.CpuMeter`, polled), plus the emulator's CPU per API request. The CPU
ratio is of the CLI's whole tree without the emulator, taken exactly from the children
times of the CLI process (the polled sum misses up to 0.1 s of each process that exits). Then plugin
start-up (process start to its port on stdout, median of `--startup-runs`) for ours, the
null one, and the dynamic provider's host (the SDK's `pulumi.dynamic` with our imports).

`--baseline PATH` (a checkout of this repository at another commit, e.g. `git archive main |
tar -x -C /tmp/base`) adds a third provider, `base`: that checkout's plugin against the same
emulator, run in the same rounds, so a change is measured before and after side by side.

`--sized-null` adds `sized`: the null provider returning outputs as large as ours (the inputs
plus the server's fields, `bench.null_provider.SERVER_FIELDS`), so what the engine pays for
the outputs the schema declares is told apart from what our code costs; each of our rows
then also prints its CPU ratio against `sized` (`1.12x sized`).

`--without-engine-log` stops the CLI's automatic log (3.259 writes every call's properties at
debug level, JSON, compressed and encrypted, to PULUMI_HOME/logs on every run): its CPU grows
with the size of the property bags, so it is most of what `sized` costs over null.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import httpx
import yaml

from bench.counted_emulator import TOKEN
from bench.native import AGENT, ENVIRONMENT, PLUGIN_DIR, REPO, CpuMeter, cli, emulator
from tests.native.cli import engine_env

STEPS = ("create", "preview", "update", "destroy")
PROVIDERS = ("ours", "null")
NULLS = ("null", "sized")
CPU_KINDS = ("provider", "emulator", "engine", "language")


def null_plugin_dir(folder: Path, sized: bool = False) -> Path:
    """A folder holding `pulumi-resource-qoder` that runs `bench.null_provider`."""
    return _launcher_dir(folder, REPO, "bench.null_provider", "main(sized=True)" if sized
                         else "main()")


def baseline_plugin_dir(folder: Path, checkout: Path) -> Path:
    """A folder holding `pulumi-resource-qoder` that runs the plugin of another checkout."""
    return _launcher_dir(folder, checkout, "pulumi_qoder.native.server")


def _launcher_dir(folder: Path, root: Path, module: str, call: str = "main()") -> Path:
    """`folder` with a `pulumi-resource-qoder` running `module`'s `main` from `root`."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "pulumi-resource-qoder"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        f"from {module} import main\n"
        f"sys.exit({call})\n"
    )
    script.chmod(0o755)
    return folder


def compile_bytecode(*roots: Path) -> None:
    """Write the bytecode of `pulumi_qoder` and `bench`, as `pip install` of a wheel does.

    An editable install under `PYTHONDONTWRITEBYTECODE=1` (set on some CI machines) has
    none, and each plugin process would compile its ~70 modules again (~0.1 s of CPU) that
    no installed plugin pays; the null provider's script compiles `bench` as well.
    """
    for root in (REPO, *roots):
        for folder in ("pulumi_qoder", "bench"):
            compileall.compile_dir(root / folder, quiet=1)


def yaml_program(count: int, description: str, plugin_dir: Path) -> dict:
    def deployment() -> dict:  # a fresh dict each: YAML anchors are not Pulumi YAML
        return {
            "type": "qoder:Deployment",
            "properties": {
                "agent": AGENT,
                "environmentId": ENVIRONMENT,
                "description": description,
                "schedule": {"expression": "*/15 * * * *", "timezone": "UTC"},
                "initialEvents": [{"type": "user.message", "content": "hello"}],
            },
        }

    return {
        "name": "qoder-floor",
        "runtime": "yaml",
        "plugins": {"providers": [{"name": "qoder", "path": str(plugin_dir)}]},
        "resources": {f"bench-{i:04d}": deployment() for i in range(count)},
        "outputs": {"count": count},
    }


class Project:
    """A YAML project with its own PULUMI_HOME, file backend and stack `floor`."""

    def __init__(self, home: Path, cli_dir: Path, plugin_dir: Path, base_url: str,
                 skip_checkpoints: bool, engine_log: bool = True) -> None:
        self.folder, self.plugin_dir = home / "project", plugin_dir
        self.folder.mkdir(parents=True)
        (home / "backend").mkdir()
        self.cli = cli_dir / "pulumi"
        self.env = engine_env(cli_dir, home)
        if not engine_log:
            # The CLI (3.259) logs every call's properties at debug level to an encrypted,
            # compressed file under PULUMI_HOME/logs on every run; a file in the folder's
            # place makes it skip that ("automatic logging unavailable"), nothing else.
            pulumi_home = Path(self.env["PULUMI_HOME"])
            pulumi_home.mkdir(parents=True, exist_ok=True)
            (pulumi_home / "logs").write_text("no automatic log in this benchmark\n")
        if skip_checkpoints:
            self.env["PULUMI_SKIP_CHECKPOINTS"] = "true"
        self.write(1, "first")
        self.run("stack", "init", "floor")
        self.run("config", "set-all", "--plaintext", f"qoder:baseUrl={base_url}",
                 "--secret", f"qoder:token={TOKEN}")

    def write(self, count: int, description: str) -> None:
        program = yaml_program(count, description, self.plugin_dir)
        (self.folder / "Pulumi.yaml").write_text(yaml.safe_dump(program, sort_keys=False))

    def run(self, *args: str) -> None:
        done = subprocess.run([str(self.cli), *args, "--non-interactive", "--color", "never"],
                              cwd=self.folder, env=self.env, capture_output=True, text=True,
                              timeout=1200)
        if done.returncode != 0:
            raise SystemExit(f"pulumi {' '.join(args)} exited {done.returncode}\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def run_steps(provider: str, skip: bool, args: argparse.Namespace, cli_dir: Path,
              plugin_dirs: dict[str, Path]) -> dict[str, dict]:
    """One provider's four steps on a fresh stack (and, for ours, a fresh emulator)."""
    results: dict[str, dict] = {}
    serving = emulator() if provider not in NULLS else nullcontext(("http://127.0.0.1:9/api/v1/cloud",
                                                                 None))
    with serving as (base_url, root_url), tempfile.TemporaryDirectory() as tmp:
        if root_url and args.latency_ms:
            fault = {"path": "*", "latency_ms": args.latency_ms}
            httpx.post(f"{root_url}/_emulator/faults", json=fault).raise_for_status()
        plugin_dir = plugin_dirs[provider]
        project = Project(Path(tmp), cli_dir, plugin_dir, base_url, skip,
                          engine_log=not args.without_engine_log)
        commands = {
            "create": ("up", "--yes", "--skip-preview", "--parallel", str(args.parallel)),
            "preview": ("preview", "--expect-no-changes", "--parallel", str(args.parallel)),
            "update": ("up", "--yes", "--skip-preview", "--parallel", str(args.parallel)),
            "destroy": ("destroy", "--yes", "--skip-preview", "--parallel", str(args.parallel)),
        }
        for step in STEPS:
            project.write(args.deployments, "second" if step in ("update", "destroy") else
                          "first")
            if root_url:
                httpx.delete(f"{root_url}/_bench/inflight").raise_for_status()
            with CpuMeter() as cpu:
                before = os.times()
                start = time.perf_counter()
                project.run(*commands[step])
                seconds = time.perf_counter() - start
                after = os.times()
            calls = httpx.get(f"{root_url}/_bench/inflight").json()["total"] if root_url else 0
            # The CLI's whole tree (engine, plugins, language host), exactly: each process's
            # CPU is added to its parent's children times when it is reaped, and the CLI is
            # reaped by the end of the step. The emulator, alive across steps, is not in it.
            tree = (after.children_user - before.children_user) + (
                after.children_system - before.children_system)
            results[step] = {"seconds": seconds, "cpu": cpu.seconds, "calls": calls,
                             "tree": tree}
    return results


def startup(command: list[str], runs: int) -> float:
    """Median seconds from process start to the first line (its port) on stdout."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                 cwd=REPO, text=True)
        port = child.stdout.readline()
        times.append(time.perf_counter() - start)
        child.kill()
        child.wait()
        if not port.strip().isdigit():
            raise SystemExit(f"{command}: no port on stdout ({port!r})")
    return statistics.median(times)


def median_row(runs: list[dict]) -> dict:
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu": {k: statistics.median(r["cpu"][k] for r in runs) for k in runs[0]["cpu"]},
        "calls": statistics.median(r["calls"] for r in runs),
        "tree": statistics.median(r["tree"] for r in runs),
    }


def _ours_cpu(row: dict) -> float:
    """CPU seconds of the plugin, the engine and the language host (not the emulator's):
    the CLI's whole tree, exact (`tree`), rather than the sum of the polled processes,
    which misses up to 0.1 s of each process that exits between two polls."""
    return row["tree"]


def print_row(label: str, step: str, mine: dict, null: dict, sized: dict | None = None) -> None:
    """One provider's step against the null one's: wall times, ratio, CPU, CPU ratio; with
    `sized`, also the CPU ratio against the null provider returning outputs as large."""
    o, n = mine["cpu"], null["cpu"]
    per_call = (f", emulator {o['emulator'] / mine['calls'] * 1000:.2f} ms CPU per "
                f"request ({mine['calls']:.0f})" if mine["calls"] else "")
    against_sized = f", {_ours_cpu(mine) / _ours_cpu(sized):.2f}x sized" if sized else ""
    print(f"  {step:8} {label:5} {mine['seconds']:6.1f} / {null['seconds']:5.1f} s = "
          f"{mine['seconds'] / null['seconds']:.2f}x;  CPU "
          + " ".join(f"{o[k]:.2f}" for k in CPU_KINDS) + " | "
          + " ".join(f"{n[k]:.2f}" for k in ("provider", "engine", "language"))
          + f";  CPU w/o emulator {_ours_cpu(mine):.2f} / {_ours_cpu(null):.2f} s = "
          + f"{_ours_cpu(mine) / _ours_cpu(null):.2f}x" + against_sized + per_call,
          flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deployments", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--parallel", type=int, default=32)
    parser.add_argument("--runs", type=int, default=1, help="median of this many runs")
    parser.add_argument("--checkpoints", default="written,skipped",
                        help="with checkpoints written, skipped, or both (the default)")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--startup-only", action="store_true", help="only the start-up times")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout of this repository whose plugin runs beside ours")
    parser.add_argument("--sized-null", action="store_true",
                        help="also a null provider whose outputs are as large as ours")
    parser.add_argument("--without-engine-log", action="store_true",
                        help="stop the CLI's automatic debug log of every call's properties "
                        "(PULUMI_HOME/logs), whose cost grows with the size of the property bags")
    args = parser.parse_args()
    cli_dir = cli()
    baseline = args.baseline.resolve() if args.baseline else None
    compile_bytecode(*([baseline] if baseline else []))
    with tempfile.TemporaryDirectory() as tmp:
        null_dir = null_plugin_dir(Path(tmp) / "null-plugin")
        plugin_dirs = {"ours": PLUGIN_DIR, "null": null_dir}
        if baseline:
            plugin_dirs["base"] = baseline_plugin_dir(Path(tmp) / "base-plugin", baseline)
        if args.sized_null:
            plugin_dirs["sized"] = null_plugin_dir(Path(tmp) / "sized-plugin", sized=True)
        providers = [p for p in ("base", *PROVIDERS, "sized") if p in plugin_dirs]
        if not args.startup_only:
            print(f"{args.deployments} deployments in YAML, {args.latency_ms} ms latency per API "
                  f"call, --parallel {args.parallel}, median of {args.runs} run(s); "
                  f"load average {os.getloadavg()[0]:.1f} at the start"
                  + (f"; base = {baseline}" if baseline else "")
                  + ("; the CLI's automatic log off" if args.without_engine_log else "") + ".",
                  flush=True)
            skips = [s == "skipped" for s in ("written", "skipped")
                     if s in args.checkpoints.split(",")]
            for skip in skips:
                runs = {p: [] for p in providers}
                for _ in range(args.runs):
                    for provider in providers:
                        runs[provider].append(run_steps(provider, skip, args, cli_dir,
                                                        plugin_dirs))
                mode = "skipped (PULUMI_SKIP_CHECKPOINTS=true)" if skip else "written"
                print(f"\ncheckpoints {mode}"
                      ":  seconds ours / null = ratio; CPU s ours (plugin, emulator, engine, "
                      "language) | null (plugin, engine, language); CPU ratio without the "
                      "emulator (what our code costs, whatever the load), against the null "
                      "provider and (--sized-null) against the one with outputs as large")
                for step in STEPS:
                    rows = {p: median_row([r[step] for r in runs[p]]) for p in providers}
                    for provider in providers:
                        if provider != "null":
                            print_row(provider, step, rows[provider], rows["null"],
                                      rows.get("sized") if provider != "sized" else None)
            print(f"load average {os.getloadavg()[0]:.1f} at the end.")
        print(f"\nstart-up, process start to its port on stdout (median of {args.startup_runs}):")
        times = {p: startup([str(plugin_dirs[p] / "pulumi-resource-qoder"), "127.0.0.1:1"],
                            args.startup_runs) for p in providers}
        dynamic_bare = startup([sys.executable, "-u", "-m", "pulumi.dynamic"], args.startup_runs)
        dynamic = startup([sys.executable, "-u", "-c", "import pulumi_qoder.provider, runpy; "
                           "runpy.run_module('pulumi.dynamic', run_name='__main__')"],
                          args.startup_runs)
        print(f"  pulumi-resource-qoder {times['ours']:.3f} s, null provider {times['null']:.3f} s "
              f"(ours/null {times['ours'] / times['null']:.2f}x)"
              + (f"; base {times['base']:.3f} s" if "base" in times else ""))
        print(f"  dynamic host (SDK pulumi.dynamic) {dynamic_bare:.3f} s bare, {dynamic:.3f} s "
              "with pulumi_qoder's provider imported (as on its first call)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
