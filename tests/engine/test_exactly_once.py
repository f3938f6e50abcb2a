"""Exactly one deployment per resource through the real engine: lost answers, kills, storms.

Small and seeded here; `python -m bench exactly-once` runs the large versions.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pulumi
import pytest

from pulumi_qoder import QoderClient
from pulumi_qoder.emulator import (
    DeploymentService,
    EmulatorServer,
    FaultTable,
    InMemoryStore,
    ManualClock,
    create_app,
)
from tests.engine.chaos import (
    ChaosStack,
    add_faults,
    census,
    clear_faults,
    creates_seen,
    reap,
    storm_faults,
)
from tests.engine.programs import single
from tests.support.constants import AGENT, ENV, TEST_TOKEN
from tests.support.emulator import START

pytestmark = [
    pytest.mark.engine,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

FAST = {"qoder:apiMaxRetries": "2", "qoder:apiRetryTimeoutSeconds": "10"}
"""3 attempts per call, so losing every answer of one call takes a few seconds."""


def lose_create_answers(root_url: str) -> None:
    """The issue's case: 503 twice, then the processed create's answer is lost."""
    add_faults(root_url, [
        {"path": "*/deployments", "method": "POST", "status": 503, "body": False, "count": 2},
        {"path": "*/deployments", "method": "POST", "drop": True, "after_processing": True,
         "count": 1},
    ])


def live_ids(api_client) -> list[str]:
    return [d.id for d in api_client.deployments.iter()]


def test_a_lost_named_create_fails_then_the_next_up_records_the_one_deployment(
    make_stack, served_emulator, api_client
):
    stack = make_stack(single(), **FAST)
    lose_create_answers(served_emulator.root_url)
    with pytest.raises(Exception, match="may have created it anyway"):
        stack.up()

    recorded = stack.up().outputs["id"].value
    live = live_ids(api_client)
    stack.destroy()

    assert live == [recorded]
    assert live_ids(api_client) == []


def test_a_lost_auto_named_create_is_taken_over_and_recorded_once(
    make_stack, served_emulator, api_client
):
    stack = make_stack(single(name=None), **FAST)
    lose_create_answers(served_emulator.root_url)

    first = stack.up().outputs["id"].value  # the derived name proves the deployment its own
    again = stack.up()
    live = live_ids(api_client)
    stack.destroy()

    assert live == [first] and again.outputs["id"].value == first
    assert again.summary.resource_changes == {"same": 2}
    assert live_ids(api_client) == []


ROUTE = re.compile(r"ResourceOptions\(import_='[^']+'\)")
"""The adoption route as the error prints it."""


@pytest.mark.parametrize("named", [True, False], ids=["named", "auto-named"])
def test_the_import_route_printed_for_a_taken_name_adopts_it_as_written(
    make_stack, api_client, journal, named
):
    holder = api_client.deployments.create(  # made by hand, with the program's settings
        name="daily-report",
        description="Weekday status report",
        agent=AGENT,
        environment_id=ENV,
        schedule={"type": "cron", "expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
        initial_events=[{"type": "user.message", "content": "Generate today's status report"}],
        metadata={"team": "platform"},
    )
    stack = make_stack(single())
    with pytest.raises(Exception, match=f"the name is taken by {holder.id}") as failure:
        stack.up()
    (route,) = set(ROUTE.findall(str(failure.value)))

    opts = eval(route, {"ResourceOptions": pulumi.ResourceOptions})  # the text, literally
    stack.set_program(single(opts) if named else single(opts, name=None))
    journal.clear()
    adopted = stack.up()
    preview = stack.preview()

    assert route == f"ResourceOptions(import_={holder.id!r})"
    assert adopted.outputs["id"].value == holder.id
    assert adopted.outputs["name"].value == "daily-report"
    assert journal.writes() == []
    assert preview.change_summary == {"same": 2}
    assert live_ids(api_client) == [holder.id]


ARCHIVE_FAULTS = {
    "refused": {"status": 500},
    "answer lost": {"drop": True, "after_processing": True},
}


@pytest.mark.parametrize("fault", ARCHIVE_FAULTS.values(), ids=ARCHIVE_FAULTS.keys())
def test_a_destroy_whose_archive_failed_finishes_on_the_next_destroy(
    make_stack, served_emulator, api_client, fault
):
    stack = make_stack(single(), **FAST)
    stack.up()
    add_faults(served_emulator.root_url, [
        {"path": "*/archive", "method": "POST", "count": 3, **fault}  # every attempt
    ])
    with pytest.raises(Exception, match="archiving deployment"):
        stack.destroy()

    stack.destroy()

    assert live_ids(api_client) == []
    assert stack.outputs() == {}


# Kills and storms run the fleet program on an emulator of their own, with seeded faults.


@pytest.fixture
def seeded_emulator(request) -> Iterator[EmulatorServer]:
    seed = getattr(request, "param", 0)
    service = DeploymentService(store=InMemoryStore(), clock=ManualClock(START))
    app = create_app(service, tokens=[TEST_TOKEN], faults=FaultTable(seed))
    with EmulatorServer(app) as server:
        yield server


def chaos_stack(pulumi_cli, server, home, count: int) -> ChaosStack:
    return ChaosStack(pulumi_cli, home, server.base_url, server.root_url, TEST_TOKEN, count)


KILLS = {"seed 1": (1, True), "seed 2": (2, True), "seed 3, host still running": (3, False)}


@pytest.mark.parametrize(("seed", "host_done"), KILLS.values(), ids=KILLS.keys())
def test_a_kill_of_the_engine_mid_up_then_cancel_and_up_leaves_exactly_the_program(
    pulumi_cli, seeded_emulator, tmp_path, seed, host_done
):
    count = 20
    stack = chaos_stack(pulumi_cli, seeded_emulator, tmp_path / "stack", count)
    slow_answers = [] if host_done else [  # keep the old host's creates in flight
        {"path": "*/deployments", "method": "POST", "latency_ms": 2000, "after_processing": True}
    ]
    add_faults(seeded_emulator.root_url, [*slow_answers, {"latency_ms": 30}])
    moment = random.Random(seed).randint(1, count - 2)  # creates the API has seen
    killed = stack.run("up", kill_when=lambda: creates_seen(seeded_emulator.root_url) >= moment)
    if host_done:  # the provider host outlives the kill and finishes its creates
        reap(stack.survivors, seeded_emulator.root_url)
    stack.recover()  # pulumi cancel; an empty <stack>.json.attrs is removed

    result = stack.run("up")  # with host_done False, racing the old host's creates
    preview = stack.run("preview")
    preview_log = stack.log[-1]
    reap(stack.survivors, seeded_emulator.root_url)
    with QoderClient(token=TEST_TOKEN, base_url=seeded_emulator.base_url) as api_client:
        counted = census(api_client, stack.state_deployments())
        destroyed = stack.run("destroy")  # the teardown route after a kill: up, then destroy
        left = census(api_client, stack.state_deployments())

    assert killed == "killed"
    assert result == "ok", stack.log[-3]
    assert (counted.orphans, counted.duplicates, counted.mismatched) == (0, 0, ()), counted
    assert counted.live == count
    assert preview == "ok" and _no_changes(preview_log), preview_log
    assert destroyed == "ok" and (left.live, left.in_state) == (0, 0), left


def _no_changes(preview_log: str) -> bool:
    return "to create" not in preview_log and "to update" not in preview_log and (
        "to delete" not in preview_log
    )


@pytest.mark.parametrize("seeded_emulator", [7], indirect=True)
def test_a_fault_storm_converges_within_two_ups_and_destroys_within_two_runs(
    pulumi_cli, seeded_emulator, tmp_path
):
    count = 50
    stack = chaos_stack(pulumi_cli, seeded_emulator, tmp_path / "stack", count)
    add_faults(seeded_emulator.root_url, storm_faults(0.2))

    ups = _runs_until_ok(stack, "up", limit=2)
    with QoderClient(token=TEST_TOKEN, base_url=seeded_emulator.base_url) as api_client:
        clear_faults(seeded_emulator.root_url)
        after_up = census(api_client, stack.state_deployments())
        add_faults(seeded_emulator.root_url, storm_faults(0.2))
        destroys = _runs_until_ok(stack, "destroy", limit=2)
        clear_faults(seeded_emulator.root_url)
        left = census(api_client, stack.state_deployments())

    assert ups <= 2, stack.log[-1]
    assert after_up.clean and after_up.live == count, after_up
    assert destroys <= 2, stack.log[-1]
    assert (left.live, left.in_state) == (0, 0), left


def _runs_until_ok(stack: ChaosStack, command: str, limit: int) -> int:
    """How many runs of `command` it took to succeed (limit + 1 when it never did)."""
    for run in range(1, limit + 1):
        if stack.run(command) == "ok":
            return run
    return limit + 1


def test_recovery_removes_an_empty_checkpoint_sidecar_left_by_a_kill(make_stack, pulumi_cli):
    from runner import recover_backend

    stack = make_stack(single())
    stack.up()
    home = Path(stack.stack.workspace.work_dir)
    (attrs,) = (home / "backend").rglob("dev.json.attrs")
    attrs.write_bytes(b"")  # what a kill mid-write can leave behind
    with pytest.raises(Exception, match="failed to load checkpoint"):
        stack.preview()

    done = recover_backend(pulumi_cli, home, "dev")
    preview = stack.preview()

    assert "removed empty dev.json.attrs" in done
    assert preview.change_summary == {"same": 2}


def test_recovery_says_to_run_up_before_destroy_when_creates_were_interrupted(
    make_stack, pulumi_cli
):
    from runner import recover_backend

    stack = make_stack(single())
    stack.up()
    home = Path(stack.stack.workspace.work_dir)
    (checkpoint,) = (home / "backend").rglob("dev.json")  # `stack import` drops pending ops
    saved = json.loads(checkpoint.read_text())
    latest = saved["checkpoint"]["latest"]
    (report,) = [r for r in latest["resources"] if r["type"].endswith(":Deployment")]
    interrupted = {**report, "urn": report["urn"].replace("::report", "::other")}
    interrupted.pop("id", None)
    latest["pending_operations"] = [{"resource": interrupted, "type": "creating"}]
    checkpoint.write_text(json.dumps(saved))  # what a kill mid-create leaves in the state

    done = recover_backend(pulumi_cli, home, "dev")

    assert "1 interrupted create(s): run `up` with the unchanged program before any " \
        "`destroy`" in "\n".join(done)
