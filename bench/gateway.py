"""Stacks at the API's real pace: latency, the documented limits, several stacks on one token.

    python -m bench.gateway [--stacks 1] [--deployments 300] [--dynamic]
                            [--latency 80ms±25%] [--rate-limit 20/50] [--parallel N]
                            [--skip-checkpoints]

`BENCH_PLUGIN_DIR` (a folder holding another `pulumi-resource-qoder`, e.g. from
`bench.floor.baseline_plugin_dir`) and, with `--dynamic`, `BENCH_PYTHONPATH` (another
checkout) run another version of the provider: a change measured before and after.

`qoder-emulator --rate-limit 20/50 --latency 80ms±25%` (docs/emulator.md, "Playing the
gateway") plays the API behind its gateway, in its own process. S stacks of N deployments
run at once, all on ONE token (S CI jobs of one team): YAML programs through the real
`pulumi` CLI on the native plugin, or with `--dynamic` Python programs through the CLI's
official Python language host on the dynamic provider. Steps: `up` from empty, `up` after
every description changed, `destroy`.

Per step it prints each stack's wall time and failure (the first `error:` line), then for
the step: the floor the limits impose, max(accepted writes / write rate, accepted reads /
read rate), with the calls counted by the emulator for all stacks together (they share
the token's buckets, so they share the floor); the slowest stack's wall over that floor;
the answers of 429 and their share of all calls; where the wall went, by the journal's
times: before the first API call (the CLIs', hosts' and program's start), from the first
call to the last (what the floor bounds), after the last; and the CPU seconds the step's
processes used, by kind (`bench.cpu`: the `pulumi` CLI, the plugin or the dynamic provider
host, the language host, the emulator). After `destroy`, how many
deployments are still live (it must be 0). The 0-ms CPU floor (`bench.floor`) is a diagnostic only;
this is the measure of speed (issue 38).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import yaml

from bench.cpu import CpuSampler
from bench.native import AGENT, ENVIRONMENT, PLUGIN_DIR, REPO, cli
from tests.native.cli import engine_env
from tests.official.project import official_env

TOKEN = "pt-bench-gateway-token-000000001"
STEPS = ("up", "update", "destroy")
COMMANDS = {"up": ("up",), "update": ("up",), "destroy": ("destroy",)}
SCHEDULE = {"expression": "*/15 * * * *", "timezone": "UTC"}


@contextmanager
def gateway(rate_limit: str, latency: str) -> Iterator[tuple[str, str]]:
    """(base URL, root URL) of `qoder-emulator` playing the gateway, in a child process."""
    command = [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", TOKEN]
    if rate_limit != "off":
        command += ["--rate-limit", rate_limit]
    if latency != "0":
        command += ["--latency", latency]
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    try:
        base_url = child.stdout.readline().strip()
        if not base_url:
            raise SystemExit(f"qoder-emulator did not start: {' '.join(command)}")
        yield base_url, base_url.removesuffix("/api/v1/cloud")
    finally:
        child.terminate()
        child.wait(timeout=30)


class Stack:
    """One stack in its own folder, PULUMI_HOME and file backend, run by the `pulumi` CLI."""

    def __init__(self, home: Path, cli_dir: Path, name: str, count: int, base_url: str,
                 dynamic: bool, parallel: int | None, skip_checkpoints: bool = False) -> None:
        self.name, self.count, self.dynamic, self.parallel = name, count, dynamic, parallel
        self.folder = home / "project"
        self.folder.mkdir(parents=True)
        (home / "backend").mkdir()
        self.cli = cli_dir / "pulumi"
        self.env = official_env(cli_dir, home) if dynamic else engine_env(cli_dir, home)
        if dynamic and os.environ.get("BENCH_PYTHONPATH"):
            # another checkout's pulumi_qoder for the program and the provider host (a
            # before/after run; BENCH_PLUGIN_DIR is the native plugin's counterpart)
            self.env["PYTHONPATH"] = os.environ["BENCH_PYTHONPATH"]
        if skip_checkpoints:
            self.env["PULUMI_SKIP_CHECKPOINTS"] = "true"
        self.write("first")
        self.run("stack", "init", name)
        self.run("config", "set-all", "--plaintext", f"qoder:baseUrl={base_url}",
                 "--secret", f"qoder:token={TOKEN}")

    def resource_names(self) -> list[str]:
        return [f"{self.name}-r{i:03d}" for i in range(self.count)]

    def write(self, description: str) -> None:
        if self.dynamic:
            self._write_python(description)
            return
        resources = {
            name: {"type": "qoder:Deployment", "properties": {
                "agent": AGENT, "environmentId": ENVIRONMENT, "description": description,
                "schedule": dict(SCHEDULE),
                "initialEvents": [{"type": "user.message", "content": "hello"}],
            }} for name in self.resource_names()
        }
        program = {"name": "qoder-gateway", "runtime": "yaml",
                   "plugins": {"providers": [{"name": "qoder", "path": str(PLUGIN_DIR)}]},
                   "resources": resources}
        (self.folder / "Pulumi.yaml").write_text(yaml.safe_dump(program, sort_keys=False))

    def _write_python(self, description: str) -> None:
        project = {"name": "qoder-gateway", "runtime": {"name": "python", "options": {
            "toolchain": "pip", "virtualenv": str(REPO / ".venv")}}}
        (self.folder / "Pulumi.yaml").write_text(yaml.safe_dump(project, sort_keys=False))
        (self.folder / "__main__.py").write_text(
            "import pulumi_qoder as qoder\n\n"
            f"for name in {self.resource_names()!r}:\n"
            "    qoder.Deployment(name, qoder.DeploymentArgs(\n"
            f"        agent={AGENT!r}, environment_id={ENVIRONMENT!r},\n"
            f"        description={description!r},\n"
            f"        schedule=qoder.ScheduleArgs(**{SCHEDULE!r}),\n"
            "        initial_events=[qoder.UserMessage('hello')]))\n"
        )

    def run(self, *args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([str(self.cli), *args, "--non-interactive", "--color", "never"],
                              cwd=self.folder, env=self.env, capture_output=True, text=True,
                              timeout=3600, stdin=subprocess.DEVNULL)
        if done.returncode != 0 and args[0] in ("stack", "config"):
            raise SystemExit(f"pulumi {' '.join(args)} exited {done.returncode}\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done

    def step(self, step: str) -> StackResult:
        flags = ["--yes", "--skip-preview"]
        if self.parallel:
            flags += ["--parallel", str(self.parallel)]
        start = time.perf_counter()
        done = self.run(*COMMANDS[step], *flags)
        seconds = time.perf_counter() - start
        return StackResult(self.name, seconds, done.returncode, _first_error(done))


@dataclass
class StackResult:
    stack: str
    seconds: float
    returncode: int
    error: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _first_error(done: subprocess.CompletedProcess) -> str:
    if done.returncode == 0:
        return ""
    lines = [ln.strip() for ln in (done.stdout + done.stderr).splitlines()]
    found = [ln for ln in lines if "error:" in ln and "update failed" not in ln]
    failed = sum(1 for ln in lines if re.search(r"\*\*(creating|updating|deleting) failed", ln))
    first = (found or [f"exit {done.returncode}"])[0]
    return f"{first[:200]} ({failed} resources failed)" if failed else first[:200]


def counts(root_url: str) -> dict:
    return httpx.get(f"{root_url}/_emulator/gateway", timeout=30).json()["counts"]


def live_deployments(base_url: str) -> int:
    """Live (not archived) deployments on the token, read as slowly as the limit asks."""
    total, after = 0, None
    with httpx.Client(base_url=base_url, timeout=30,
                      headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        while True:
            params = {"limit": 1000, **({"after_id": after} if after else {})}
            page = http.get("/deployments", params=params)
            if page.status_code == 429:
                time.sleep(int(page.headers.get("retry-after", "1")))
                continue
            page.raise_for_status()
            body = page.json()
            total += sum(1 for d in body["data"] if not d.get("archived_at"))
            if not body.get("has_more"):
                return total
            after = body["data"][-1]["id"]


def run_step(stacks: list[Stack], step: str, root_url: str, rates: tuple[float, float]
             ) -> tuple[list[StackResult], dict]:
    httpx.delete(f"{root_url}/_emulator/gateway/counts", timeout=30).raise_for_status()
    httpx.delete(f"{root_url}/_emulator/requests", timeout=30).raise_for_status()
    results: list[StackResult | None] = [None] * len(stacks)

    def one(i: int) -> None:
        results[i] = stacks[i].step(step)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(stacks))]
    began = time.time()
    with CpuSampler() as cpu:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    ended = time.time()
    calls = counts(root_url)
    journal = httpx.get(f"{root_url}/_emulator/requests", timeout=30).json()
    calls["read_kinds"] = read_kinds(journal)
    calls["span"] = api_span(journal, began, ended)
    calls["cpu"] = cpu.by_kind()
    return [r for r in results if r is not None], calls


def read_kinds(journal: list[dict]) -> dict[str, int]:
    """Accepted GETs by kind, from the journal (the latest 10,000 calls): reads of one
    deployment (what a create's read back cost before the archive ledger) and lists."""
    gets = [e["path"] for e in journal if e["method"] == "GET" and e["status"] != 429]
    return {"one": sum(1 for p in gets if re.search(r"/deployments/[^/]+$", p)),
            "lists": sum(1 for p in gets if p.endswith("/deployments"))}


def api_span(journal: list[dict], began: float, ended: float) -> tuple[float, float, float]:
    """Where the step's wall time went: (before the first API call, from the first call to
    the last, after the last call), by the journal's times (the emulator's real clock;
    a call is stamped when answered). The first part is the CLIs' start-up, the language
    host and the plugin's, which no limit or provider pace shortens; the middle part is
    what the floor bounds."""
    times = [datetime.fromisoformat(e["time"].replace("Z", "+00:00")).timestamp()
             for e in journal]
    if not times:
        return (ended - began, 0.0, 0.0)
    first, last = min(times), max(times)
    return (first - began, last - first, ended - last)


def report(step: str, results: list[StackResult], calls: dict, rates: tuple[float, float]
           ) -> dict:
    writes, reads = calls["writes"], calls["reads"]
    floor = max(writes["accepted"] / rates[0], reads["accepted"] / rates[1])
    refused = writes["refused"] + reads["refused"]
    every = refused + writes["accepted"] + reads["accepted"]
    wall = max(r.seconds for r in results)
    for r in results:
        ratio = f"{r.seconds / floor:5.2f}x" if floor else "    -"
        print(f"  {step:7} {r.stack:8} {r.seconds:7.1f} s  {ratio} of the floor  "
              f"{'ok' if r.ok else 'FAILED: ' + r.error}", flush=True)
    kinds = calls["read_kinds"]
    before, span, after = calls["span"]
    print(f"  {step:7} all      floor {floor:6.1f} s (writes {writes['accepted']}, reads "
          f"{reads['accepted']} accepted: {kinds['one']} of one deployment, {kinds['lists']} "
          f"lists); slowest/floor "
          f"{(wall / floor if floor else 0):.2f}x; 429s {refused} "
          f"({(refused / every if every else 0):.1%} of calls; writes {writes['refused']}, "
          f"reads {reads['refused']}); failed stacks {sum(not r.ok for r in results)}",
          flush=True)
    print(f"  {step:7} all      {before:.1f} s before the first API call, {span:.1f} s from the "
          f"first to the last ({(span / floor if floor else 0):.2f}x of the floor), "
          f"{after:.1f} s after the last", flush=True)
    print(f"  {step:7} all      CPU: " + ", ".join(
        f"{kind} {seconds:.1f} s" for kind, seconds in calls["cpu"].items()), flush=True)
    return {"floor": floor, "wall": wall, "refused": refused, "calls": every,
            "failed": sum(not r.ok for r in results), "writes": writes["accepted"],
            "reads": reads["accepted"], "read_one": kinds["one"], "before": before,
            "span": span, "cli_cpu": calls["cpu"].get("pulumi CLI", 0.0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stacks", type=_positive, default=1)
    parser.add_argument("--deployments", type=_positive, default=300, help="per stack")
    parser.add_argument("--dynamic", action="store_true",
                        help="Python programs on the dynamic provider, through the official "
                             "Python language host (default: YAML on the native plugin)")
    parser.add_argument("--latency", default="80ms±25%", help="per API call; 0: none")
    parser.add_argument("--rate-limit", default="20/50",
                        help="writes/reads per second per token; off: none")
    parser.add_argument("--parallel", type=_positive, default=None,
                        help="pulumi --parallel (default: the CLI's own default)")
    parser.add_argument("--skip-checkpoints", action="store_true",
                        help="a diagnostic: PULUMI_SKIP_CHECKPOINTS=true, the engine saves the "
                             "state once at the end instead of around every step (what the "
                             "engine's own CPU costs at N resources)")
    args = parser.parse_args(argv)
    rates = _rates(args.rate_limit)
    cli_dir = cli()
    if args.dynamic and not (cli_dir / "pulumi-language-python").exists():
        raise SystemExit(f"no official pulumi-language-python beside {cli_dir}: run "
                         "scripts/ensure-pulumi with PULUMI_QODER_LANGUAGE_HOSTS set")
    front = "dynamic provider (Python, official host)" if args.dynamic else \
        "native plugin (YAML)"
    print(f"{args.stacks} stack(s) x {args.deployments} deployments at once on one token, "
          f"{front}; latency {args.latency}, rate limit {args.rate_limit} writes/reads per s; "
          f"--parallel {args.parallel or 'default'}"
          f"{'; PULUMI_SKIP_CHECKPOINTS' if args.skip_checkpoints else ''}; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    summary = {}
    with gateway(args.rate_limit, args.latency) as (base_url, root_url), \
            tempfile.TemporaryDirectory(prefix="qoder-gateway-") as tmp:
        stacks = [Stack(Path(tmp) / f"s{i}", cli_dir, f"fleet{i}", args.deployments,
                        base_url, args.dynamic, args.parallel, args.skip_checkpoints)
                  for i in range(1, args.stacks + 1)]
        for step in STEPS:
            for stack in stacks:
                stack.write("second" if step != "up" else "first")
            results, calls = run_step(stacks, step, root_url, rates)
            summary[step] = report(step, results, calls, rates)
        left = live_deployments(base_url)
    print(f"  live after destroy: {left}")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| step | wall (slowest) | floor | ratio | before 1st call | 1st to last call (ratio) "
          "| writes | reads (of one deployment) | 429s | failed stacks | CLI CPU |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for step, s in summary.items():
        share = s["refused"] / s["calls"] if s["calls"] else 0
        ratio = s["wall"] / s["floor"] if s["floor"] else 0
        spanned = s["span"] / s["floor"] if s["floor"] else 0
        print(f"| {step} | {s['wall']:.1f} s | {s['floor']:.1f} s | {ratio:.2f}x | "
              f"{s['before']:.1f} s | {s['span']:.1f} s ({spanned:.2f}x) | {s['writes']} | "
              f"{s['reads']} ({s['read_one']}) | {s['refused']} ({share:.0%}) | "
              f"{s['failed']}/{args.stacks} | {s['cli_cpu']:.1f} s |")
    print(f"live after destroy: {left}")
    return 0 if left == 0 and not any(s["failed"] for s in summary.values()) else 1


def _rates(text: str) -> tuple[float, float]:
    if text == "off":
        return (float("inf"), float("inf"))
    writes, _, reads = text.partition("/")
    return float(writes), float(reads)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


if __name__ == "__main__":
    raise SystemExit(main())
