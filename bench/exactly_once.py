"""Exactly-once under faults and kills, at scale: orphans, duplicates and runs needed.

    python -m bench.exactly_once                    # 10 storm seeds x 100, 10 kills x 50
    python -m bench.exactly_once --storm-seeds 2 --kills 2

Storm: about `--rate` of all API calls fail (500, bodiless 503, 429 with Retry-After,
dropped connections, answers lost after processing); `up` is repeated until it succeeds,
then `destroy` under the same storm. Kill: SIGKILL of the engine's process group once
`moment` creates have reached the API (30 ms latency on every call), then the recovery
of docs/behaviour.md (`pulumi cancel`, an empty `.json.attrs` removed) and one `up`:
after odd kills once the surviving provider host has finished, after even ones while it
still has creates in flight (their answers delayed 2 s after processing).
Each line is one run; the totals line is what the issue counts.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "examples"), str(REPO / "tests" / "engine"), str(REPO)]

from chaos import (  # noqa: E402
    ChaosStack,
    add_faults,
    census,
    clear_faults,
    creates_seen,
    reap,
    storm_faults,
)

from pulumi_qoder import QoderClient  # noqa: E402
from pulumi_qoder.emulator import (  # noqa: E402
    DeploymentService,
    EmulatorServer,
    FaultTable,
    InMemoryStore,
    ManualClock,
    create_app,
)

TEST_TOKEN = "pt-bench-token-0000000000000001"
START = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)


def emulator(seed: int) -> EmulatorServer:
    service = DeploymentService(store=InMemoryStore(), clock=ManualClock(START))
    return EmulatorServer(create_app(service, tokens=[TEST_TOKEN], faults=FaultTable(seed)))


def runs_until_ok(stack: ChaosStack, command: str, limit: int) -> int:
    for run in range(1, limit + 1):
        if stack.run(command) == "ok":
            return run
    return limit + 1


def storm(
    cli: Path, home: Path, seed: int, count: int, rate: float, limit: int, config: dict
) -> dict:
    with emulator(seed) as server, QoderClient(token=TEST_TOKEN, base_url=server.base_url) as api:
        stack = ChaosStack(cli, home, server.base_url, server.root_url, TEST_TOKEN, count,
                           config=config)
        add_faults(server.root_url, storm_faults(rate))
        start = time.monotonic()
        ups = runs_until_ok(stack, "up", limit)
        up_seconds = time.monotonic() - start
        clear_faults(server.root_url)
        after_up = census(api, stack.state_deployments())
        add_faults(server.root_url, storm_faults(rate))
        destroys = runs_until_ok(stack, "destroy", limit)
        clear_faults(server.root_url)
        left = census(api, stack.state_deployments())
    return {"ups": ups, "up_s": up_seconds, "census": after_up, "destroys": destroys,
            "left": left.live}


def kill(cli: Path, home: Path, seed: int, count: int, host_done: bool) -> dict:
    """One kill; with `host_done` False the next `up` races the old host's in-flight creates."""
    with emulator(seed) as server, QoderClient(token=TEST_TOKEN, base_url=server.base_url) as api:
        stack = ChaosStack(cli, home, server.base_url, server.root_url, TEST_TOKEN, count)
        slow = [] if host_done else [{"path": "*/deployments", "method": "POST",
                                      "latency_ms": 2000, "after_processing": True}]
        add_faults(server.root_url, [*slow, {"latency_ms": 30}])
        moment = random.Random(seed).randint(1, count - 2)
        killed = stack.run("up", kill_when=lambda: creates_seen(server.root_url) >= moment)
        if host_done:
            reap(stack.survivors, server.root_url)
        stack.recover()
        up = stack.run("up")
        preview = stack.run("preview")
        log = stack.log[-1]
        reap(stack.survivors, server.root_url)
        changes = preview != "ok" or any(
            f"to {verb}" in log for verb in ("create", "update", "delete")
        )
        return {"moment": moment, "killed": killed, "up": up, "census": census(
            api, stack.state_deployments()), "preview_changes": changes}


def cli_dir() -> Path:
    found = os.environ.get("PULUMI_QODER_CLI_DIR")
    if not found:
        found = subprocess.run([str(REPO / "scripts" / "ensure-pulumi")], check=True,
                               capture_output=True, text=True).stdout.strip()
    return Path(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storm-seeds", type=int, default=10)
    parser.add_argument("--storm-deployments", type=int, default=100)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--api-max-retries", type=int, default=None,
                        help="qoder:apiMaxRetries for the storms (fewer retries make more "
                             "ups fail, so the next up's exactly-once recovery is exercised)")
    parser.add_argument("--max-ups", type=int, default=6,
                        help="ups (and destroys) tried per storm before giving up; the "
                             "counts are taken after the last one")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--kill-deployments", type=int, default=50)
    args = parser.parse_args()
    cli = cli_dir()
    with tempfile.TemporaryDirectory(prefix="qoder-bench-") as tmp:
        totals = {"orphans": 0, "duplicates": 0, "unconverged": 0}
        retries = {} if args.api_max_retries is None else {
            "qoder:apiMaxRetries": str(args.api_max_retries)}
        attempts = "default retries" if not retries else f"{args.api_max_retries} retries"
        for seed in range(1, args.storm_seeds + 1):
            r = storm(cli, Path(tmp) / f"storm-{seed}", seed, args.storm_deployments,
                      args.rate, limit=args.max_ups, config=retries)
            c = r["census"]
            totals["orphans"] += c.orphans
            totals["duplicates"] += c.duplicates
            totals["unconverged"] += r["ups"] > 2
            print(f"storm seed {seed:2d}: {args.storm_deployments} deployments, "
                  f"{args.rate:.0%} faults, {attempts}: ups needed {_needed(r['ups'], args)} "
                  f"({r['up_s']:.0f} s), orphans {c.orphans}, duplicates {c.duplicates}, "
                  f"state!=live {len(c.mismatched)}; destroys needed "
                  f"{_needed(r['destroys'], args)}, left {r['left']}",
                  flush=True)
        if args.storm_seeds:
            print(f"storm total over {args.storm_seeds} seeds: orphans {totals['orphans']}, "
                  f"duplicates {totals['duplicates']}, not converged within 2 ups "
                  f"{totals['unconverged']}", flush=True)
        orphans = duplicates = changed = 0
        for seed in range(1, args.kills + 1):
            host_done = seed % 2 == 1
            r = kill(cli, Path(tmp) / f"kill-{seed}", seed, args.kill_deployments, host_done)
            c = r["census"]
            orphans += c.orphans
            duplicates += c.duplicates
            changed += r["preview_changes"]
            print(f"kill {seed:2d}: after {r['moment']:2d} creates ({r['killed']}), "
                  f"{'host done' if host_done else 'host in flight'}, then cancel "
                  f"+ up: {r['up']}; orphans {c.orphans}, duplicates {c.duplicates}, "
                  f"live {c.live}/{args.kill_deployments}, preview changes "
                  f"{'yes' if r['preview_changes'] else 'none'}", flush=True)
        if args.kills:
            print(f"kill total over {args.kills} kills x {args.kill_deployments}: orphans "
                  f"{orphans}, duplicates {duplicates}, previews with changes {changed}")
    return 0


def _needed(runs: int, args: argparse.Namespace) -> str:
    """`runs`, or `>N (never ok)` when none of the `--max-ups` runs succeeded."""
    return str(runs) if runs <= args.max_ups else f">{args.max_ups} (never ok)"


if __name__ == "__main__":
    raise SystemExit(main())
