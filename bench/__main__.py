"""Run every benchmark against an emulator served on 127.0.0.1 and print the ratios.

``python -m bench`` runs the client benchmarks below; ``--suite emulator-scale`` and
``--suite emulator-contract`` run bench/emulator_scale.py and bench/emulator_contract.py
(each also runnable alone as ``python -m bench.<module> --help``), ``--suite all`` all three.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import datetime, timezone

from pulumi_qoder import QoderClient
from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    InMemoryStore,
    ManualClock,
    create_app,
)

TOKEN = "pt-bench-token-0000000000000001"
AGENT = "agent_019ebb21ef8e7df6a559052c94875160"
ENVIRONMENT = "env_019e49a1780171daac1e6b01f290ac2b"


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = fn()
    return time.perf_counter() - start, count


def seed(client: QoderClient, count: int) -> list[str]:
    return [
        client.deployments.create(
            name=f"bench-{i:05d}",
            agent=AGENT,
            environment_id=ENVIRONMENT,
            initial_events=[{"type": "user.message", "content": "hello"}],
            schedule={"type": "cron", "expression": "*/15 * * * *", "timezone": "UTC"},
        ).id
        for i in range(count)
    ]


def pooled_vs_fresh(base_url: str, ids: list[str], calls: int) -> None:
    """One pooled client (keep-alive) against a new client, so a new connection, per call."""
    targets = [ids[i % len(ids)] for i in range(calls)]

    def pooled() -> int:
        with QoderClient(token=TOKEN, base_url=base_url) as client:
            for dep_id in targets:
                client.deployments.retrieve(dep_id)
        return len(targets)

    def fresh() -> int:
        for dep_id in targets:
            with QoderClient(token=TOKEN, base_url=base_url) as client:
                client.deployments.retrieve(dep_id)
        return len(targets)

    t_pooled, n = timed(pooled)
    t_fresh, _ = timed(fresh)
    print(f"keep-alive: retrieve x{n}: pooled {n / t_pooled:7.0f} req/s, client per call "
          f"{n / t_fresh:7.0f} req/s, pooled/fresh = {t_fresh / t_pooled:.2f}x")


def page_sizes(base_url: str, total: int) -> None:
    """Walking every deployment with `iter` at the default page size against 100 a page."""

    def walk(limit: int | None) -> Callable[[], int]:
        def run() -> int:
            with QoderClient(token=TOKEN, base_url=base_url) as client:
                return sum(1 for _ in client.deployments.iter(limit=limit))

        return run

    t_default, n = timed(walk(None))
    t_100, n_100 = timed(walk(100))
    assert n == n_100 == total, (n, n_100, total)
    print(f"paging: iter over {n}: limit 20 {t_default * 1000:6.0f} ms, limit 100 "
          f"{t_100 * 1000:6.0f} ms, ratio = {t_default / t_100:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deployments", type=int, default=500)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--suite", choices=("client", "emulator-scale", "emulator-contract",
                                            "all"), default="client")
    args = parser.parse_args()
    if args.suite in ("emulator-scale", "all"):
        from bench import emulator_scale

        emulator_scale.main([])
    if args.suite in ("emulator-contract", "all"):
        from bench import emulator_contract

        emulator_contract.main([])
    if args.suite not in ("client", "all"):
        return 0
    start = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)
    service = DeploymentService(store=InMemoryStore(), clock=ManualClock(start))
    print("Each line times two ways of doing the same work in one run; the ratio is the point.")
    with EmulatorServer(create_app(service, tokens=[TOKEN])) as server:
        with QoderClient(token=TOKEN, base_url=server.base_url) as client:
            ids = seed(client, args.deployments)
        pooled_vs_fresh(server.base_url, ids, args.calls)
        page_sizes(server.base_url, args.deployments)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
