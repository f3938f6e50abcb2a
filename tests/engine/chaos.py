"""Faults, kills and counts for the exactly-once engine tests and benchmarks.

The engine runs in a child process (`tests/engine/engine_child.py`) started in its own
process group, so a test can SIGKILL the Automation API process and the `pulumi` CLI
together, as a user's Ctrl-\\ or an OOM kill would, while the dynamic provider host, which
the CLI starts in a process group of its own, survives and finishes what it was doing.

`census` then counts what the issue counts: orphans (live deployments the state does not
hold), duplicates (live deployments beyond one per declared resource) and whether the
state's view of each deployment equals the live one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.support.constants import AGENT, ENV

REPO = Path(__file__).resolve().parents[2]
DEPLOYMENT_TYPE = "pulumi-python:dynamic/qoder:Deployment"
PROJECT = "qoder-chaos"


# The program ---------------------------------------------------------------------------


def fleet(count: int, named_every: int = 4) -> Callable[[], None]:
    """`count` deployments `svc-<i>`: cron, manual-only and paused in turn.

    Every `named_every`-th one has an explicit name; the others are auto-named. Each
    carries its resource name in metadata, so `census` can tell duplicates apart.
    """

    def program() -> None:
        import pulumi_qoder as qoder

        for i in range(count):
            kind = ("cron", "manual", "paused")[i % 3]
            resource = f"svc-{i}"
            qoder.Deployment(
                resource,
                qoder.DeploymentArgs(
                    name=f"fleet-{i}" if named_every and i % named_every == 0 else None,
                    agent=AGENT,
                    environment_id=ENV,
                    schedule=(
                        qoder.ScheduleArgs(expression=f"{i % 60} 9 * * 1-5", timezone="UTC")
                        if kind != "manual"
                        else None
                    ),
                    initial_events=[qoder.UserMessage(f"report {i}")],
                    metadata={"resource": resource},
                    paused=kind == "paused",
                ),
            )

    return program


# Faults ----------------------------------------------------------------------------------


def storm_faults(rate: float, lost_answers: bool = True) -> list[dict[str, Any]]:
    """Fault rules that together hit about `rate` of all API calls, on every endpoint.

    500, bodiless 503, 429 with Retry-After, dropped connections and, when the emulator
    has them, answers lost after the request was processed. The emulator applies the first
    rule that fires, so each rule's probability is chosen for the total to be `rate`.
    """
    kinds: list[dict[str, Any]] = [
        {"status": 500},
        {"status": 503, "body": False},
        {"status": 429, "retry_after": "0.2"},
        {"drop": True},
    ]
    if lost_answers:
        kinds += [{"drop": True, "after_processing": True},
                  {"status": 503, "body": False, "after_processing": True}]
    each = 1 - (1 - rate) ** (1 / len(kinds))
    return [{"path": "/api/v1/cloud/*", "probability": round(each, 4), **kind} for kind in kinds]


def add_faults(root_url: str, faults: Iterable[dict[str, Any]]) -> None:
    for fault in faults:
        httpx.post(f"{root_url}/_emulator/faults", json=fault, timeout=10).raise_for_status()


def clear_faults(root_url: str) -> None:
    httpx.delete(f"{root_url}/_emulator/faults", timeout=10).raise_for_status()


def creates_seen(root_url: str) -> int:
    entries = httpx.get(f"{root_url}/_emulator/requests", timeout=10).json()
    return sum(
        1 for e in entries if e["method"] == "POST" and e["path"].endswith("/deployments")
    )


# Running the engine in a killable child -----------------------------------------------


@dataclass
class ChaosStack:
    """One stack of the fleet program, each command run by a child process group."""

    cli_dir: Path
    home: Path
    base_url: str
    root_url: str
    token: str
    count: int
    named_every: int = 4
    config: dict[str, str] = field(default_factory=dict)
    """More stack config, e.g. `{"qoder:apiMaxRetries": "3"}`."""
    timeout: float = 600
    log: list[str] = field(default_factory=list)
    survivors: list[int] = field(default_factory=list)
    """Processes started by a killed command that were not in its group (provider hosts)."""

    def run(self, command: str, kill_when: Callable[[], bool] | None = None) -> str:
        """Run `up`/`destroy`/`preview`: "ok", "failed" or, if `kill_when` fired, "killed".

        `kill_when` is polled every 20 ms while the command runs; when it returns true the
        child's whole process group gets SIGKILL.
        """
        args = {
            "cli_dir": str(self.cli_dir), "home": str(self.home), "project": PROJECT,
            "base_url": self.base_url, "token": self.token, "count": self.count,
            "named_every": self.named_every, "command": command, "config": self.config,
        }
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        out = self.home / f"{command}.log"
        self.home.mkdir(parents=True, exist_ok=True)
        with out.open("w") as sink:
            child = subprocess.Popen(
                [sys.executable, "-m", "tests.engine.engine_child", json.dumps(args)],
                cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            deadline = time.monotonic() + self.timeout
            try:
                while child.poll() is None:
                    if kill_when is not None and kill_when():
                        family = descendants(child.pid)
                        os.killpg(child.pid, signal.SIGKILL)
                        self.survivors += [p for p in family if _alive(p)]
                        child.wait()
                        self.log.append(f"{command}: killed")
                        return "killed"
                    if time.monotonic() > deadline:
                        os.killpg(child.pid, signal.SIGKILL)
                        child.wait()
                        raise TimeoutError(f"{command} took more than {self.timeout} s")
                    time.sleep(0.02)
            finally:
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGKILL)
                    child.wait()
        text = out.read_text()
        self.log.append(f"{command}: rc={child.returncode}\n{text[-4000:]}")
        return "ok" if child.returncode == 0 else "failed"

    def pulumi(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """The CLI on this stack's backend (what a user types after a kill)."""
        from runner import engine_env

        done = subprocess.run(
            [str(self.cli_dir / "pulumi"), *args, "--stack", "dev", "--non-interactive"],
            cwd=self.home, env={**os.environ, **engine_env(self.cli_dir, self.home)},
            capture_output=True, text=True, timeout=120,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"pulumi {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
        return done

    def recover(self) -> None:
        """After a kill: release the stack's lock, drop an empty checkpoint sidecar."""
        from runner import recover_backend

        recover_backend(self.cli_dir, self.home, "dev")

    def state_deployments(self) -> dict[str, dict[str, Any]]:
        """id -> recorded outputs of every Deployment in the checkpoint."""
        export = json.loads(self.pulumi("stack", "export").stdout)
        resources = export.get("deployment", {}).get("resources") or []
        return {
            r["id"]: r.get("outputs", {})
            for r in resources
            if r.get("type") == DEPLOYMENT_TYPE and r.get("id")
        }

    def pending_operations(self) -> list[dict[str, Any]]:
        export = json.loads(self.pulumi("stack", "export").stdout)
        return export.get("deployment", {}).get("pending_operations") or []


@dataclass(frozen=True)
class Census:
    live: int
    in_state: int
    orphans: int
    duplicates: int
    mismatched: tuple[str, ...]
    """Ids whose recorded name, status or schedule differ from the live deployment."""

    @property
    def clean(self) -> bool:
        return not (self.orphans or self.duplicates or self.mismatched)

    def __str__(self) -> str:
        return (f"live={self.live} in_state={self.in_state} orphans={self.orphans} "
                f"duplicates={self.duplicates} mismatched={len(self.mismatched)}")


def census(client, state: dict[str, dict[str, Any]]) -> Census:
    """Compare the live (non-archived) deployments with those recorded in the state."""
    live = {d.id: d for d in client.deployments.iter(limit=100)}
    orphans = [i for i in live if i not in state]
    per_resource: dict[str, int] = {}
    for dep in live.values():
        key = dep.user_metadata.get("resource", dep.name)
        per_resource[key] = per_resource.get(key, 0) + 1
    duplicates = sum(n - 1 for n in per_resource.values())
    mismatched = []
    for id_, outs in state.items():
        dep = live.get(id_)
        if dep is None:
            mismatched.append(id_)
            continue
        schedule = None if dep.schedule is None else dep.schedule.expression
        recorded = (outs.get("schedule") or {}).get("expression") if outs.get("schedule") else None
        if (outs.get("name"), outs.get("status"), recorded) != (dep.name, dep.status, schedule):
            mismatched.append(id_)
    return Census(len(live), len(state), len(orphans), duplicates, tuple(mismatched))


def descendants(pid: int) -> list[int]:
    """Every live process below `pid`, found through /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def reap(pids: Iterable[int], root_url: str, quiet: float = 1.0, timeout: float = 60) -> None:
    """Let processes that outlived a kill (the provider host) finish, then end them.

    The orphaned host finishes the calls it was making, then idles forever: once the API
    has seen no call for `quiet` seconds (or after `timeout`), each is killed by its pid.
    """
    pids = [p for p in pids if _alive(p)]
    if not pids:
        return
    deadline = time.monotonic() + timeout
    seen: object = None
    since = time.monotonic()
    while time.monotonic() < deadline:
        entries = httpx.get(f"{root_url}/_emulator/requests", timeout=10).json()
        count = (len(entries), entries[-1] if entries else None)  # the journal is bounded
        if count != seen:
            seen, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
        time.sleep(0.1)
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
