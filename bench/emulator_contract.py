"""The long schemathesis run against a served emulator's /openapi.json: many more cases
per operation than the default suite's bounded run (tests/emulator/test_emulator_openapi.py,
same runner), over several seeds. Prints cases, statuses seen and every failure.

    .venv/bin/python -m bench.emulator_contract [--examples 100] [--seeds 3]
"""

from __future__ import annotations

import argparse
import sys
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

# the runner is shared with the default suite's bounded run
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "emulator"))
from contract_run import run_contract  # noqa: E402

TOKEN = "pt-bench-token-0000000000000001"
BODY = {
    "name": "contract",
    "agent": "agent_019ebb21ef8e7df6a559052c94875160",
    "environment_id": "env_019e49a1780171daac1e6b01f290ac2b",
    "initial_events": [{"type": "user.message", "content": "Generate the report"}],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    failures = 0
    for seed in range(args.seeds):
        start = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)
        service = DeploymentService(InMemoryStore(), ManualClock(start))
        with EmulatorServer(create_app(service, tokens=[TOKEN])) as server:
            with httpx.Client(base_url=server.base_url, timeout=30,
                              headers={"Authorization": f"Bearer {TOKEN}"}) as http:
                dep = http.post("/deployments", json=BODY).json()
                run = http.post(f"/deployments/{dep['id']}/run").json()
            began = time.perf_counter()
            result = run_contract(server.root_url, TOKEN,
                                  {"deployment_id": dep["id"], "run_id": run["id"]},
                                  examples=args.examples, seed=seed)
            took = time.perf_counter() - began
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(result.statuses.items()))
        print(f"seed {seed}: {result.cases} cases in {took:.0f} s; statuses {statuses}; "
              f"{len(result.failures)} failures")
        for failure in result.failures:
            print("  " + failure)
        failures += len(result.failures)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
