"""`up` of many deployments: the native plugin against the dynamic provider, in one run.

    python -m bench.native [--deployments 200] [--latency-ms 50] [--parallel 32]
                           [--fronts dynamic,native] [--checkpoints written,skipped]

Both front ends run the same Automation API program (N deployments, then an update that
changes every description) through the real CLI against one emulator served on
127.0.0.1 with injected latency on every API call. Each is run with the engine's
checkpoints (the default) and with `PULUMI_SKIP_CHECKPOINTS=true`. The emulator runs in its
own process (`bench.counted_emulator`), wrapped in a counter, so "peak in flight" is the
most API requests it was serving at once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pulumi
from pulumi import automation as auto

import pulumi_qoder as qoder
from bench.counted_emulator import TOKEN
from pulumi_qoder import native
from pulumi_qoder.emulator import API_PREFIX
from tests.native.cli import native_stack

AGENT = "agent_019ebb21ef8e7df6a559052c94875160"
ENVIRONMENT = "env_019e49a1780171daac1e6b01f290ac2b"
REPO = Path(__file__).resolve().parents[1]
PLUGIN_DIR = Path(os.environ.get("BENCH_PLUGIN_DIR", Path(sys.executable).parent))


def program(resource: Callable, count: int, description: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        for i in range(count):
            resource(
                f"bench-{i:04d}",
                qoder.DeploymentArgs(
                    agent=AGENT,
                    environment_id=ENVIRONMENT,
                    description=description["text"],
                    schedule=qoder.ScheduleArgs(expression="*/15 * * * *", timezone="UTC"),
                    initial_events=[qoder.UserMessage("hello")],
                ),
            )
        pulumi.export("count", count)

    return run


def make_stack(cli_dir: Path, home: Path, name: str, fn: Callable[[], None], base_url: str,
               skip_checkpoints: bool) -> auto.Stack:
    """A stack on a file backend whose Pulumi.yaml names the native plugin's folder."""
    return native_stack(
        cli_dir, home, fn, "qoder-bench",
        config={"qoder:baseUrl": base_url}, secrets={"qoder:token": TOKEN},
        stack_name=name, plugin_dir=PLUGIN_DIR,
        extra_env={"PULUMI_SKIP_CHECKPOINTS": "true"} if skip_checkpoints else None,
    )


class CpuMeter:
    """CPU seconds used by this process (the Python program) and each kind of descendant.

    Polls /proc every 100 ms for the processes below this one and keeps each one's last
    utime+stime: `engine` (the CLI), `provider` (the plugin or the dynamic host),
    `language` (the language host), `emulator` (`bench.counted_emulator`, when a child). CPU
    a process had used before the meter started is not counted (a long-lived emulator's
    earlier requests). A process's last <100 ms of CPU may be missed. Under a
    shared, busy machine wall time swings; CPU seconds say what each part costs.
    """

    KINDS = ("program", "engine", "provider", "language", "emulator")

    def __init__(self) -> None:
        self._ticks: dict[int, tuple[str, int]] = {}
        self._before: dict[int, int] = {}
        self._stop = threading.Event()
        self._tick = os.sysconf("SC_CLK_TCK")
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> CpuMeter:
        self._start = os.times()
        self._poll_once()
        self._before = {pid: ticks for pid, (_, ticks) in self._ticks.items()}
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._poll_once()
        end = os.times()
        self.seconds = dict.fromkeys(self.KINDS, 0.0)
        self.seconds["program"] = (end.user - self._start.user) + (end.system - self._start.system)
        for pid, (kind, ticks) in self._ticks.items():
            self.seconds[kind] += (ticks - self._before.get(pid, 0)) / self._tick

    def _poll(self) -> None:
        while not self._stop.wait(0.1):
            self._poll_once()

    def _poll_once(self) -> None:
        parents, stats = {}, {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            stats[int(entry)] = (cmdline, int(fields[11]) + int(fields[12]))
        me = os.getpid()
        for pid, (cmdline, ticks) in stats.items():
            parent, depth = parents.get(pid), 0
            while parent not in (None, 0, 1, me) and depth < 8:
                parent, depth = parents.get(parent), depth + 1
            if parent == me and pid != me:
                kind = self._kind(cmdline)
                known = self._ticks.get(pid, ("engine", 0))[0]
                # an exiting process (a zombie) has no cmdline: keep what it was known as
                self._ticks[pid] = (known if kind == "engine" else kind, ticks)

    @staticmethod
    def _kind(cmdline: str) -> str:
        if "counted_emulator" in cmdline:
            return "emulator"
        if "pulumi-resource-" in cmdline or "pulumi.dynamic" in cmdline or (
            "pulumi_qoder.native" in cmdline
        ):
            return "provider"
        if "pulumi-language" in cmdline:
            return "language"
        return "engine"


def timed_up(stack: auto.Stack, root_url: str, parallel: int) -> tuple[float, int, int, dict]:
    httpx.delete(f"{root_url}/_bench/inflight").raise_for_status()
    with CpuMeter() as cpu:
        start = time.perf_counter()
        stack.up(parallel=parallel, color="never", on_output=lambda _: None)
        seconds = time.perf_counter() - start
    counts = httpx.get(f"{root_url}/_bench/inflight").json()
    return seconds, counts["peak"], counts["total"], cpu.seconds


@contextmanager
def emulator() -> Iterator[tuple[str, str]]:
    """(base URL, root URL) of `bench.counted_emulator` running in a child process."""
    child = subprocess.Popen([sys.executable, "-m", "bench.counted_emulator"], cwd=REPO,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        base_url = child.stdout.readline().strip()
        yield base_url, base_url.removesuffix(API_PREFIX)
    finally:
        child.stdin.close()
        child.wait(timeout=30)


def cli() -> Path:
    found = os.environ.get("PULUMI_QODER_CLI_DIR")
    if not found:
        found = subprocess.run([str(REPO / "scripts" / "ensure-pulumi")], stdout=subprocess.PIPE,
                               text=True, check=True).stdout.strip()
    return Path(found)


def run_case(front: str, skip: bool, args: argparse.Namespace) -> dict[str, list]:
    """One front end's create then update, in this process (a fresh one per case)."""
    resource = native.Deployment if front == "native" else qoder.Deployment
    description = {"text": "first"}
    name = f"{front}-{'skip' if skip else 'checkpoints'}"
    with tempfile.TemporaryDirectory() as tmp:
        stack = make_stack(cli(), Path(tmp), name,
                           program(resource, args.deployments, description),
                           args.base_url, skip)
        create = timed_up(stack, args.root_url, args.parallel)
        description["text"] = "second"
        update = timed_up(stack, args.root_url, args.parallel)
    return {"create": list(create), "update": list(update)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deployments", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=32)
    parser.add_argument("--fronts", default="dynamic,native",
                        help="which front ends to run (default: both)")
    parser.add_argument("--checkpoints", default="written,skipped",
                        help="with checkpoints written, skipped, or both (the default)")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # front,skip: one case, JSON out
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--root-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        front, skip = args.case.split(",")
        print(json.dumps(run_case(front, skip == "skip", args)))
        return 0
    cli()  # build or find the CLI once, before timing anything
    print(f"up of {args.deployments} deployments, {args.latency_ms} ms latency per API call, "
          f"--parallel {args.parallel}; then an update of every description. Each case runs "
          "in a fresh process against a fresh emulator (a long-lived Automation API process slows "
          "down run after run).")
    fronts = [f for f in ("dynamic", "native") if f in args.fronts.split(",")]
    skips = [s == "skipped" for s in ("written", "skipped") if s in args.checkpoints.split(",")]
    rows: dict[tuple[str, bool, str], list] = {}
    for skip in skips:
        for front in fronts:
            with emulator() as (base_url, root_url):  # a fresh, empty one per case
                if args.latency_ms:  # 0: no fault, the floor set by the engine and program
                    fault = {"path": "*", "latency_ms": args.latency_ms}
                    httpx.post(f"{root_url}/_emulator/faults", json=fault).raise_for_status()
                case = [sys.executable, "-m", "bench.native", "--case",
                        f"{front},{'skip' if skip else 'write'}",
                        "--deployments", str(args.deployments), "--parallel", str(args.parallel),
                        "--base-url", base_url, "--root-url", root_url]
                done = subprocess.run(case, cwd=REPO, stdout=subprocess.PIPE, text=True,
                                      check=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            for op in ("create", "update"):
                rows[(front, skip, op)] = result[op]
                seconds, peak, total, cpu = result[op]
                used = ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
                print(f"  {front:7} {op:6} checkpoints={'skipped' if skip else 'written'}: "
                      f"{seconds:6.1f} s, peak {peak:3d} in flight, {total} API calls; "
                      f"CPU s: {used}", flush=True)
    print()
    for skip in skips if len(fronts) == 2 else ():
        for op in ("create", "update"):
            dyn, nat = rows[("dynamic", skip, op)], rows[("native", skip, op)]
            print(f"{op:6} ({'PULUMI_SKIP_CHECKPOINTS=true' if skip else 'checkpoints written'}):"
                  f" dynamic {dyn[0]:6.1f} s (peak {dyn[1]:2d}), native {nat[0]:6.1f} s "
                  f"(peak {nat[1]:2d}): dynamic/native = {dyn[0] / nat[0]:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
