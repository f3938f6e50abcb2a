"""The emulator's CPU per API request, by kind of call, in its own process.

Starts `bench.counted_emulator` (the emulator served by uvicorn, as the floor bench runs
it), drives it over loopback with a few concurrent clients (as the plugin does), and reads
the emulator process's utime+stime from /proc before and after each phase. What the floor
bench's "emulator CPU per request" line averages over, split by call.

    .venv/bin/python -m bench.emulator_cpu [--count 400] [--workers 8]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

from bench.counted_emulator import TOKEN

AGENT = "agent_" + "a" * 32
ENVIRONMENT = "env_" + "e" * 32
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def create_body(index: int) -> dict:
    return {
        "name": f"bench-{index:05d}",
        "agent": AGENT,
        "environment_id": ENVIRONMENT,
        "description": "nightly report",
        "schedule": {"type": "cron", "expression": "0 9 * * 1-5", "timezone": "Europe/Berlin"},
        "initial_events": [{"type": "user.message", "content": "Write the report."}],
        "metadata": {"team": "data"},
    }


def phase(pid: int, workers: int, calls: list[Callable[[], object]]) -> float:
    """ms of emulator CPU per call over ``calls`` run by ``workers`` threads."""
    before = cpu_seconds(pid)
    with ThreadPoolExecutor(workers) as pool:
        for _ in pool.map(lambda call: call(), calls):
            pass
    time.sleep(0.05)
    return (cpu_seconds(pid) - before) / len(calls) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400, help="deployments (calls per phase)")
    parser.add_argument("--workers", type=int, default=8, help="concurrent clients")
    args = parser.parse_args()
    emulator = subprocess.Popen(
        [sys.executable, "-m", "bench.counted_emulator"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert emulator.stdout is not None
        base = emulator.stdout.readline().strip()
        headers = {"Authorization": f"Bearer {TOKEN}"}
        limits = httpx.Limits(max_connections=args.workers, max_keepalive_connections=args.workers)
        with httpx.Client(base_url=base, headers=headers, limits=limits, timeout=30) as http:
            http.get("/deployments").raise_for_status()  # warm the routes

            def ok(response: httpx.Response) -> dict:
                response.raise_for_status()
                return response.json()

            ids: list[str] = []

            def create(index: int) -> Callable[[], object]:
                return lambda: ids.append(ok(http.post(
                    "/deployments", json=create_body(index),
                    headers={"Idempotency-Key": f"bench-{index}"},
                ))["id"])

            rows = [("create (idempotency key)", phase(
                emulator.pid, args.workers, [create(i) for i in range(args.count)]))]
            rows.append(("retrieve", phase(emulator.pid, args.workers, [
                (lambda d=d: ok(http.get(f"/deployments/{d}"))) for d in ids])))
            rows.append(("update (description)", phase(emulator.pid, args.workers, [
                (lambda d=d: ok(http.post(f"/deployments/{d}", json={"description": "weekly"})))
                for d in ids])))
            rows.append(("pause", phase(emulator.pid, args.workers, [
                (lambda d=d: ok(http.post(f"/deployments/{d}/pause"))) for d in ids])))
            rows.append(("list (limit 20)", phase(emulator.pid, args.workers, [
                (lambda: ok(http.get("/deployments", params={"limit": 20})))] * args.count)))
            rows.append(("archive", phase(emulator.pid, args.workers, [
                (lambda d=d: ok(http.post(f"/deployments/{d}/archive"))) for d in ids])))
            rows.append(("retrieve, 404", phase(emulator.pid, args.workers, [
                (lambda: http.get("/deployments/dep_" + "0" * 32))] * args.count)))
    finally:
        emulator.stdin.close()  # type: ignore[union-attr]
        emulator.wait(timeout=30)
    print(f"emulator CPU per request ({args.count} calls per row, {args.workers} clients):")
    for name, ms in rows:
        print(f"  {name:<26} {ms:6.2f} ms")
    mean = sum(ms for _, ms in rows) / len(rows)
    print(f"  {'mean of the rows':<26} {mean:6.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
