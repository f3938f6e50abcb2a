"""Several stacks on ONE token through the gateway's limits: YAML programs through the real
CLI on the native plugin, run at once, as CI jobs of one team run them (issue 38).

The emulator plays the gateway at a quota below the client's default (5 writes and 10
reads per second, where the providers pace for the documented 20/50), so the stacks'
plugin processes collide on the token and each must find its share by the 429s it gets
and the `X-RateLimit-*` headers it reads. Every step must succeed, every deployment be
made and changed once, and nothing be live after `destroy`. Nothing is timed.
"""

from __future__ import annotations

import re
import threading
import time

import httpx
import pytest
import yaml

from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.native.cli import PLUGIN_DIR, YamlProject
from tests.support.constants import AGENT, ENV, TEST_TOKEN
from tests.support.emulator import fresh_service as _service

pytestmark = pytest.mark.engine

CHECKER = "pt-test-token-for-the-checker-01"
"""Another token, with buckets of its own: the test's reads take nothing from the stacks'."""
STACKS, DEPLOYMENTS = 3, 15


@pytest.fixture(scope="module")
def gateway():
    """The emulator behind a gateway with a quota of 5 writes and 10 reads per second per
    token, and a little latency (so calls overlap, without making the test long)."""
    app = create_app(_service(), tokens=[TEST_TOKEN, CHECKER], rate_limit="5/10",
                     latency="10ms±25%")
    with EmulatorServer(app) as server:
        yield server


def names(stack: int) -> list[str]:
    return [f"team{stack}-job{i:02d}" for i in range(DEPLOYMENTS)]


def program(stack: int, description: str) -> dict:
    return {
        "name": f"one-token-{stack}", "runtime": "yaml",
        "plugins": {"providers": [{"name": "qoder", "path": str(PLUGIN_DIR)}]},
        "resources": {name: {"type": "qoder:Deployment", "properties": {
            "name": name, "agent": AGENT, "environmentId": ENV, "description": description,
            "schedule": {"expression": "*/15 * * * *", "timezone": "UTC"},
            "initialEvents": [{"type": "user.message", "content": f"run {name}"}],
        }} for name in names(stack)},
    }


@pytest.fixture(scope="module")
def stacks(cli_dir, gateway, tmp_path_factory) -> list[YamlProject]:
    made = []
    for stack in range(1, STACKS + 1):
        source = tmp_path_factory.mktemp(f"source{stack}") / f"team{stack}"
        source.mkdir()
        (source / "Pulumi.yaml").write_text(yaml.safe_dump(program(stack, "first")))
        made.append(YamlProject(cli_dir, tmp_path_factory.mktemp(f"stack{stack}"), source,
                                config={"qoder:baseUrl": gateway.base_url},
                                secrets={"qoder:token": TEST_TOKEN}))
    return made


def at_once(stacks: list[YamlProject], *args: str) -> list[str]:
    """Run `pulumi <args>` in every stack at once; each one's failure (empty: none)."""
    failures = [""] * len(stacks)

    def run(i: int) -> None:
        done = stacks[i].run(*args, check=False)
        if done.returncode != 0:
            failures[i] = f"{stacks[i].folder.name}: exit {done.returncode}\n" \
                f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stacks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def every_deployment(gateway: EmulatorServer) -> list[dict]:
    """Every deployment on the API, archived ones too, read with the checker's token."""
    found, after = [], None
    with httpx.Client(base_url=gateway.base_url, timeout=30,
                      headers={"Authorization": f"Bearer {CHECKER}"}) as http:
        while True:
            params = {"limit": 100, "include_archived": "true",
                      **({"after_id": after} if after else {})}
            page = http.get("/deployments", params=params)
            if page.status_code == 429:  # only if a check reads more than 10 pages a second
                time.sleep(float(page.headers.get("retry-after", "1")))
                continue
            page.raise_for_status()
            body = page.json()
            found += body["data"]
            if not body.get("has_more"):
                return found
            after = body["data"][-1]["id"]


def gateway_counts(gateway: EmulatorServer) -> dict:
    return httpx.get(f"{gateway.root_url}/_emulator/gateway", timeout=10).json()["counts"]


def test_stacks_sharing_a_token_up_update_and_destroy_with_no_failure_and_nothing_left(
        stacks, gateway):
    every_name = sorted(n for stack in range(1, STACKS + 1) for n in names(stack))

    assert at_once(stacks, "up", "--yes", "--skip-preview") == [""] * STACKS
    made = every_deployment(gateway)
    assert sorted(d["name"] for d in made) == every_name  # each made once
    assert {d["description"] for d in made} == {"first"}

    for stack, project in enumerate(stacks, start=1):
        project.set_program(program(stack, "second"))
    assert at_once(stacks, "up", "--yes", "--skip-preview") == [""] * STACKS
    changed = every_deployment(gateway)
    assert sorted(d["name"] for d in changed) == every_name  # changed in place, none replaced
    assert {d["description"] for d in changed} == {"second"}

    assert at_once(stacks, "destroy", "--yes", "--skip-preview") == [""] * STACKS
    left = every_deployment(gateway)
    assert [d["name"] for d in left if not d.get("archived_at")] == []
    assert sorted(re.sub(r"_archived_\d+$", "", d["name"]) for d in left) == every_name

    # each create, update and archive passed the gateway once: a 429 is repeated until it
    # passes, and nothing was written twice
    assert gateway_counts(gateway)["writes"]["accepted"] == 3 * STACKS * DEPLOYMENTS
