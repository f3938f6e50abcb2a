"""Bulk adoption at fleet size: 1,000 live deployments made directly on the API (not by
Pulumi), `pulumi-qoder import-file` for all of them and for a prefix of 300, then
`pulumi import --file` of those 300 through the real CLI (a YAML project on the native
plugin; with and without `--skip-preview`), with the API writes it made (must be 0) and
the time the API's documented read limits impose on those reads.

    make bench-adopt        # or: .venv/bin/python -m bench.adopt [--total 1000 --prefixed 300]

Needs the pulumi CLI with the YAML host ($PULUMI_QODER_CLI_DIR, or scripts/ensure-pulumi).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    InMemoryStore,
    ManualClock,
    create_app,
)
from pulumi_qoder.fleet.live import PAGE_INTERVAL, PAGE_SIZE
from tests.native.cli import YamlProject

REPO = Path(__file__).resolve().parent.parent
TOKEN = "pt-bench-token-0000000000000001"
AGENT = "agent_019ebb21ef8e7df6a559052c94875160"
ENVIRONMENT = "env_019e49a1780171daac1e6b01f290ac2b"
PREFIX = "team-a-"
READS_PER_SECOND = 50  # CONTRACT §1: suggested client self-limit for reads
COMMAND = Path(sys.executable).parent / "pulumi-qoder"


def cli_dir() -> Path:
    found = os.environ.get("PULUMI_QODER_CLI_DIR") or subprocess.run(
        [str(REPO / "scripts" / "ensure-pulumi")], capture_output=True, text=True, check=True
    ).stdout.strip()
    return Path(found)


def make_fleet(http: httpx.Client, total: int, prefixed: int) -> None:
    for i in range(total):
        name = f"{PREFIX}{i:04d}" if i < prefixed else f"other-{i:04d}"
        body = {"name": name, "agent": AGENT, "environment_id": ENVIRONMENT,
                "initial_events": [{"type": "user.message", "content": f"run {name}"}],
                "schedule": {"type": "cron", "expression": "0 3 * * *", "timezone": "UTC"}}
        http.post("/deployments", json=body).raise_for_status()


def journal(root: str) -> list[dict]:
    return httpx.get(f"{root}/_emulator/requests", timeout=30).json()


def clear(root: str) -> None:
    httpx.delete(f"{root}/_emulator/requests", timeout=30).raise_for_status()


def timed_command(server: EmulatorServer, *argv: str) -> tuple[float, list[dict]]:
    """Seconds `pulumi-qoder argv` took, and the API calls it made."""
    clear(server.root_url)
    env = {**os.environ, "QODER_PAT": TOKEN, "QODER_BASE_URL": server.base_url}
    start = time.perf_counter()
    subprocess.run([str(COMMAND), *argv], env=env, check=True, capture_output=True)
    return time.perf_counter() - start, journal(server.root_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--total", type=int, default=1000)
    parser.add_argument("--prefixed", type=int, default=300)
    args = parser.parse_args()
    clock = ManualClock(datetime.now(timezone.utc))
    service = DeploymentService(store=InMemoryStore(), clock=clock)
    rows: list[tuple[str, float, int, int, float, float]] = []
    with EmulatorServer(create_app(service, tokens=[TOKEN])) as server, \
            tempfile.TemporaryDirectory(prefix="bench-adopt-") as work:
        with httpx.Client(base_url=server.base_url, timeout=30,
                          headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            start = time.perf_counter()
            make_fleet(http, args.total, args.prefixed)
            print(f"made {args.total} deployments on the API in "
                  f"{time.perf_counter() - start:.1f} s", file=sys.stderr)
        out = Path(work)
        for label, argv in (
            (f"import-file, all {args.total}", ["-o", str(out / "all.json")]),
            (f"import-file --prefix {PREFIX} ({args.prefixed})",
             ["--prefix", PREFIX, "-o", str(out / "prefixed.json")]),
        ):
            seconds, calls = timed_command(server, "import-file", *argv)
            reads = len(calls) - len(_writes(calls))
            # pages: at most 50 reads a second, and at least PAGE_INTERVAL between pages
            rows.append((label, seconds, reads, len(_writes(calls)), reads / READS_PER_SECOND,
                         (reads - 1) * PAGE_INTERVAL))
        entries = json.loads((out / "prefixed.json").read_text())["resources"]
        assert len(entries) == args.prefixed, len(entries)
        assert len(json.loads((out / "all.json").read_text())["resources"]) == args.total

        # the same 300 into two throwaway stacks: the CLI's default (a preview, then the
        # import: each reads every deployment) and --skip-preview
        for label, extra in (("", ()), (" --skip-preview", ("--skip-preview",))):
            project = YamlProject(cli_dir(), out / f"stack{len(rows)}",
                                  REPO / "tests/fleet/programs/adopted",
                                  config={"qoder:baseUrl": server.base_url},
                                  secrets={"qoder:token": TOKEN})
            clear(server.root_url)
            start = time.perf_counter()
            done = project.run("import", "--file", str(out / "prefixed.json"), "--yes",
                               "--generate-code=false", "--protect=false", *extra)
            seconds = time.perf_counter() - start
            calls = journal(server.root_url)
            assert f"{args.prefixed} imported" in done.stdout, done.stdout[-2000:]
            reads = len(calls) - len(_writes(calls))
            rows.append((f"pulumi import --file ({args.prefixed}){label}", seconds, reads,
                         len(_writes(calls)), reads / READS_PER_SECOND, 0.0))
        # `pulumi do qoder:Deployment list`: the plugin's List streams the whole account;
        # `pulumi do` loads the plugin from the CLI's cache, so it is installed there first
        project = YamlProject(cli_dir(), out / "lister", REPO / "tests/fleet/programs/adopted",
                              config={"qoder:baseUrl": server.base_url},
                              secrets={"qoder:token": TOKEN})
        subprocess.run([str(Path(sys.executable).parent / "pulumi-qoder"), "install-plugin",
                        "--pulumi", str(cli_dir() / "pulumi")], env=project.env, check=True,
                       capture_output=True, timeout=600)
        project.env.update(QODER_PAT=TOKEN, QODER_BASE_URL=server.base_url)
        clear(server.root_url)
        start = time.perf_counter()
        done = project.run("do", "qoder:Deployment", "list", "--color", "never")
        seconds = time.perf_counter() - start
        listed = json.loads(done.stdout)
        assert len(listed) == args.total, len(listed)
        calls = journal(server.root_url)
        reads = len(calls) - len(_writes(calls))
        rows.append((f"pulumi do qoder:Deployment list ({len(listed)})", seconds, reads,
                     len(_writes(calls)), reads / READS_PER_SECOND,
                     (reads - 1) * PAGE_INTERVAL))
    print(f"\n{args.total} live deployments, list pages of {PAGE_SIZE}; read floor: "
          f"{READS_PER_SECOND} reads/s, and {PAGE_INTERVAL * 1000:.0f} ms between list pages\n")
    print("| run | wall s | API reads | API writes | floor at 50 reads/s | "
          "floor at 100 ms/page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, seconds, reads, writes, at_rate, paced in rows:
        paging = f"{paced:.1f} s" if paced else "-"
        print(f"| {label} | {seconds:.1f} | {reads} | {writes} | {at_rate:.2f} s | {paging} |")
    if any(row[3] for row in rows):
        sys.exit("an adoption wrote to the API")


def _writes(calls: list[dict]) -> list[dict]:
    return [c for c in calls if c["method"] != "GET"]


if __name__ == "__main__":
    main()
