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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pulumi
import yaml
from pulumi import automation as auto

import pulumi_qoder as qoder
from bench.counted_emulator import TOKEN
from pulumi_qoder import native
from pulumi_qoder.emulator import API_PREFIX

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
    home.mkdir(parents=True, exist_ok=True)
    (home / "backend").mkdir(exist_ok=True)
    env = {
        "PULUMI_HOME": str(home / "pulumi-home"),
        "PULUMI_BACKEND_URL": (home / "backend").as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "bench",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
        "PATH": f"{cli_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    if skip_checkpoints:
        env["PULUMI_SKIP_CHECKPOINTS"] = "true"
    settings = {
        "name": "qoder-bench",
        "runtime": "python",
        "backend": {"url": env["PULUMI_BACKEND_URL"]},
        "plugins": {"providers": [{"name": "qoder", "path": str(PLUGIN_DIR)}]},
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
        stack_name=name, project_name="qoder-bench", program=fn, opts=opts
    )
    stack.set_all_config({
        "qoder:baseUrl": auto.ConfigValue(base_url),
        "qoder:token": auto.ConfigValue(TOKEN, secret=True),
    })
    return stack


def timed_up(stack: auto.Stack, root_url: str, parallel: int) -> tuple[float, int, int]:
    httpx.delete(f"{root_url}/_bench/inflight").raise_for_status()
    start = time.perf_counter()
    stack.up(parallel=parallel, color="never", on_output=lambda _: None)
    seconds = time.perf_counter() - start
    counts = httpx.get(f"{root_url}/_bench/inflight").json()
    return seconds, counts["peak"], counts["total"]


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
                seconds, peak, total = result[op]
                print(f"  {front:7} {op:6} checkpoints={'skipped' if skip else 'written'}: "
                      f"{seconds:6.1f} s, peak {peak:3d} in flight, {total} API calls",
                      flush=True)
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
