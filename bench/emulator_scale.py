"""Emulator scale: list, create and GET latency with 100, 1,000 and 10,000 deployments
stored, and the emulator's RSS after 50,000 requests, memory store beside SQLite.

Stores are seeded directly (records put into the store, not created over HTTP); the
calls then go over loopback to a served emulator. Latencies are medians of sequential
calls; flat columns are the point (issue #12 measured list 7 ms -> 606 ms and create
8 ms -> 915 ms from 100 to 10,000 stored).

    .venv/bin/python -m bench.emulator_scale [--sizes 100,1000,10000] [--requests 50000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import httpx

from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    IdSequence,
    InMemoryStore,
    ManualClock,
    SQLiteStore,
    Store,
    create_app,
)
from pulumi_qoder.emulator.storage.records import DeploymentRecord

TOKEN = "pt-bench-token-0000000000000001"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
AGENT = "agent_019ebb21ef8e7df6a559052c94875160"
ENVIRONMENT = "env_019e49a1780171daac1e6b01f290ac2b"
START = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)
BODY = {
    "agent": AGENT,
    "environment_id": ENVIRONMENT,
    "initial_events": [{"type": "user.message", "content": "Generate the report"}],
}


def seed(store: Store, count: int) -> list[str]:
    """Put ``count`` deployments straight into ``store``; a tenth are archived."""
    ids = IdSequence()
    made = []
    for i in range(count):
        record = DeploymentRecord(
            id=ids.new("dep", START), name=f"seed-{i:06d}", description="", agent_id=AGENT,
            agent_version=1, environment_id=ENVIRONMENT,
            initial_events=[{"type": "user.message", "content": "hello"}],
            created_at=START, updated_at=START,
            archived_at=START if i % 10 == 0 else None,
        )
        store.put_deployment(record)
        made.append(record.id)
    return made


def median_ms(calls: int, call: Callable[[int], httpx.Response]) -> float:
    times = []
    for i in range(calls):
        start = time.perf_counter()
        response = call(i)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text[:200]
    return statistics.median(times) * 1000


def latencies(store: Store, stored: int, calls: int) -> tuple[float, float, float]:
    ids = seed(store, stored)
    service = DeploymentService(store, ManualClock(START))
    with EmulatorServer(create_app(service, tokens=[TOKEN])) as server:
        with httpx.Client(base_url=server.base_url, headers=AUTH, timeout=60) as http:
            http.get("/deployments")  # warm up
            listed = median_ms(calls, lambda i: http.get("/deployments", params={"limit": 20}))
            created = median_ms(calls, lambda i: http.post(
                "/deployments", json={**BODY, "name": f"bench-{stored}-{i}"}))
            got = median_ms(calls, lambda i: http.get(f"/deployments/{ids[i * 7 % len(ids)]}"))
    return listed, created, got


def latency_table(sizes: list[int], calls: int) -> None:
    print(f"median ms over {calls} sequential calls each (loopback, keep-alive)")
    print(f"{'stored':>8} | {'list 20 mem':>11} {'sqlite':>7} | {'create mem':>10} "
          f"{'sqlite':>7} | {'GET mem':>8} {'sqlite':>7}")
    for size in sizes:
        memory = latencies(InMemoryStore(), size, calls)
        with tempfile.TemporaryDirectory() as tmp:
            store = SQLiteStore(Path(tmp) / "bench.sqlite")
            sqlite = latencies(store, size, calls)
            store.close()
        print(f"{size:>8} | {memory[0]:>11.2f} {sqlite[0]:>7.2f} | {memory[1]:>10.2f} "
              f"{sqlite[1]:>7.2f} | {memory[2]:>8.2f} {sqlite[2]:>7.2f}")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def rss_after(requests: int, db: str | None, creates: bool = True) -> tuple[int, int, int]:
    """Serve ``qoder-emulator`` in its own process; send ``requests`` calls (a third keyed
    creates, the rest GETs and lists; without ``creates`` only GETs and lists); return
    its RSS at start, halfway and at the end."""
    command = [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", TOKEN,
               "--clock", "manual", "--start", "2026-06-14T08:58:01Z"]
    if db:
        command += ["--db", db]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    try:
        base_url = process.stdout.readline().strip()
        samples = [rss_kib(process.pid)]
        with httpx.Client(base_url=base_url, headers=AUTH, timeout=60) as http:
            last = http.post("/deployments", json={**BODY, "name": "rss-0"}).json()["id"]
            for i in range(1, requests):
                kind = i % 3
                if kind == 0 and creates:
                    response = http.post("/deployments", json={**BODY, "name": f"rss-{i}"},
                                         headers={"Idempotency-Key": f"key-{i}"})
                    last = response.json()["id"]
                elif kind == 1 or not creates:
                    response = http.get(f"/deployments/{last}")
                else:
                    response = http.get("/deployments", params={"limit": 20})
                assert response.status_code == 200, response.text[:200]
                if i == requests // 2:
                    samples.append(rss_kib(process.pid))
        samples.append(rss_kib(process.pid))
        return samples[0], samples[1], samples[2]
    finally:
        process.terminate()
        process.wait(timeout=10)


def rss_table(requests: int) -> None:
    print(f"emulator RSS (MiB) over {requests} requests (1/3 keyed creates, GETs, lists;"
          " 'reads': GETs and lists only):")
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=3) as pool:
        # the emulators run side by side, each in its own process
        runs = {
            "memory": pool.submit(rss_after, requests, None),
            "sqlite": pool.submit(rss_after, requests, os.path.join(tmp, "rss.sqlite")),
            "reads": pool.submit(rss_after, requests, None, False),
        }
        results = {label: run.result() for label, run in runs.items()}
    print(f"{'':>8} | {'start':>6} {'half':>6} {'end':>6}")
    for label, (start, half, end) in results.items():
        print(f"{label:>8} | {start / 1024:>6.1f} {half / 1024:>6.1f} {end / 1024:>6.1f}")
    print("reads: flat, the journal and key cache are bounded; with --db records and keys"
          " live in the file, so flat too; in memory it grows by the records created and"
          " their keys' answers (kept 24 h)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--requests", type=int, default=50_000)
    args = parser.parse_args(argv)
    latency_table([int(s) for s in args.sizes.split(",")], args.calls)
    if args.requests:
        rss_table(args.requests)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
