"""Exactly one deployment per resource after lost answers, repeats and taken names.

The provider runs in the SDK's dynamic provider host; the emulator loses answers after
processing the request (`after_processing` faults), as a network or a gateway can.
"""

from __future__ import annotations

import re
import threading
import time

import pytest

import pulumi_qoder
from tests.dynamic.host import HostError, api_calls, secret
from tests.support.constants import TEST_TOKEN
from tests.support.hosts import running_dynamic_host
from tests.support.inputs import CREATE_BODY, PROGRAM

AUTO_NAMED = {k: v for k, v in PROGRAM.items() if k != "name"}
ATTEMPTS = 3


@pytest.fixture(scope="module")
def host_settings() -> dict[str, str]:
    """3 attempts per call, so losing every answer is quick."""
    return {"qoder:apiMaxRetries": str(ATTEMPTS - 1), "qoder:apiRetryTimeoutSeconds": "10"}


def lose_create_answers(served, count: int = ATTEMPTS) -> None:
    """The next `count` creates are processed, then their answers are lost (connection drop).

    `ATTEMPTS` is every attempt of one client call: its outcome is then unknown.
    """
    served.inject_fault({"path": "*/deployments", "method": "POST", "drop": True,
                          "after_processing": True, "count": count})


def live(http) -> list[dict]:
    return http.get("/deployments", params={"limit": 100}).json()["data"]


def test_a_named_create_whose_answers_were_all_lost_is_recorded_once_by_the_next_up(
    host, served_emulator, api_http
):
    lose_create_answers(served_emulator)
    inputs, _ = host.check(PROGRAM)
    with pytest.raises(HostError) as exc:
        host.create(inputs)
    (holder,) = live(api_http)
    again, _ = host.check(PROGRAM)  # the next `up`: same program, same key

    id_, outs = host.create(again)

    assert f"may have created it anyway: {holder['id']}" in str(exc.value)
    assert "Run `pulumi up` again" in str(exc.value)
    assert id_ == holder["id"] and outs["name"] == "daily-report"
    assert [d["id"] for d in live(api_http)] == [id_]


def test_an_auto_named_create_whose_answers_were_all_lost_takes_its_deployment_over(
    host, served_emulator, api_http
):
    lose_create_answers(served_emulator)
    inputs, _ = host.check(AUTO_NAMED)

    id_, outs = host.create(inputs)  # the name it derived proves the deployment is its own

    assert [d["id"] for d in live(api_http)] == [id_]
    assert outs["name"] == inputs["name"]


def test_an_auto_named_create_is_recorded_once_by_the_next_up(host, served_emulator, api_http):
    lose_create_answers(served_emulator)
    served_emulator.inject_fault({"path": "*/deployments", "method": "GET", "status": 500,
                                   "count": ATTEMPTS})  # and the lookup by name fails too
    inputs, _ = host.check(AUTO_NAMED)
    with pytest.raises(HostError) as exc:
        host.create(inputs)
    again, _ = host.check(AUTO_NAMED)

    id_, _ = host.create(again)  # what the error says to do

    assert "then looking for a deployment of that name" in str(exc.value)
    assert "run `pulumi up` again" in str(exc.value)
    assert again["name"] == inputs["name"]
    assert [d["id"] for d in live(api_http)] == [id_]


def test_a_lost_answer_is_retried_within_the_call_and_makes_one_deployment(
    host, served_emulator, api_http
):
    lose_create_answers(served_emulator, count=2)
    inputs, _ = host.check(AUTO_NAMED)

    id_, _ = host.create(inputs)

    assert [d["id"] for d in live(api_http)] == [id_]


def test_a_repeat_after_a_lost_answer_makes_no_second_write(host, served_emulator, api_http):
    lose_create_answers(served_emulator)
    inputs, _ = host.check(PROGRAM)
    with pytest.raises(HostError):
        host.create(inputs)
    served_emulator.clear_journal()

    host.create(inputs)

    # the create is replayed by its key, not executed again
    assert api_calls(served_emulator) == ["POST /deployments"]
    assert len(live(api_http)) == 1


def test_an_auto_named_resource_changed_after_a_lost_answer_takes_its_deployment_over(
    host, served_emulator, api_http
):
    lose_create_answers(served_emulator)
    served_emulator.inject_fault({"path": "*/deployments", "method": "GET", "status": 500,
                                   "count": ATTEMPTS})
    inputs, _ = host.check(AUTO_NAMED)
    with pytest.raises(HostError):
        host.create(inputs)
    changed, _ = host.check({**AUTO_NAMED, "description": "Reworded"})

    id_, outs = host.create(changed)  # a new key (new body); the derived name proves it

    (only,) = live(api_http)
    assert only["id"] == id_ and only["description"] == "Reworded"
    assert outs["description"] == "Reworded"


def test_a_named_resource_changed_after_a_lost_answer_names_the_holder_and_the_ways_out(
    host, served_emulator, api_http
):
    lose_create_answers(served_emulator)
    inputs, _ = host.check(PROGRAM)
    with pytest.raises(HostError):
        host.create(inputs)
    (holder,) = live(api_http)
    changed, _ = host.check({**PROGRAM, "description": "Reworded"})

    with pytest.raises(HostError) as exc:
        host.create(changed)

    message = str(exc.value)
    assert f"the name is taken by {holder['id']}" in message
    assert f"ResourceOptions(import_={holder['id']!r})" in message
    assert "another `name`" in message
    assert len(live(api_http)) == 1


def test_a_name_taken_by_another_deployment_fails_with_its_id_and_is_not_adopted(
    host, served_emulator, api_http
):
    other = api_http.post("/deployments", json=CREATE_BODY).json()["id"]
    inputs, _ = host.check(PROGRAM)
    served_emulator.clear_journal()

    with pytest.raises(HostError) as exc:
        host.create(inputs)

    assert f"'daily-report': the name is taken by {other}, which nothing proves this " \
           "resource created" in str(exc.value)
    writes = [c for c in api_calls(served_emulator) if not c.startswith("GET")]
    assert writes == ["POST /deployments"]  # the refused create; nothing else


def test_the_import_route_printed_for_a_taken_name_adopts_it(host, served_emulator, api_http):
    other = api_http.post("/deployments", json={**CREATE_BODY, **{
        k: PROGRAM[k] for k in ("description", "metadata")},
        "schedule": {"type": "cron", **PROGRAM["schedule"]}}).json()["id"]
    inputs, _ = host.check(PROGRAM)
    with pytest.raises(HostError, match=f"import_={other!r}"):
        host.create(inputs)

    adopted, _ = host.check({**PROGRAM, "__adopt_id": other})
    id_, outs = host.create(adopted)

    assert id_ == other
    assert host.diff(id_, outs, adopted).changes == host.diff(id_, outs, inputs).changes


ARCHIVE_ROUTE = re.compile(r"pulumi_qoder\.QoderClient\(\)\.deployments\.archive\('[^']+'\)")


def test_the_archive_route_printed_for_a_taken_name_frees_it_as_written(
    host, served_emulator, api_http, monkeypatch
):
    other = api_http.post("/deployments", json=CREATE_BODY).json()["id"]
    inputs, _ = host.check(PROGRAM)
    with pytest.raises(HostError) as exc:
        host.create(inputs)
    (route,) = ARCHIVE_ROUTE.findall(str(exc.value))
    monkeypatch.setenv("QODER_PAT", TEST_TOKEN)  # what the error says the route reads
    monkeypatch.setenv("QODER_BASE_URL", served_emulator.base_url)

    eval(route, {"pulumi_qoder": pulumi_qoder})  # the printed text, literally
    id_, outs = host.create(inputs)  # the next `up`

    assert route == f"pulumi_qoder.QoderClient().deployments.archive({other!r})"
    assert id_ != other and outs["name"] == "daily-report"
    assert [d["id"] for d in live(api_http)] == [id_]


def test_an_auto_named_resource_adopts_a_deployment_keeping_its_live_name(
    host, served_emulator, api_http
):
    body = {**CREATE_BODY, "name": "report-made-by-hand", "description": PROGRAM["description"],
            "metadata": PROGRAM["metadata"], "schedule": {"type": "cron", **PROGRAM["schedule"]}}
    other = api_http.post("/deployments", json=body).json()["id"]
    inputs, failures = host.check({**AUTO_NAMED, "__adopt_id": other})
    served_emulator.clear_journal()

    id_, outs = host.create(inputs)
    later, _ = host.check(AUTO_NAMED, olds=inputs)  # a later run, import_ removed

    assert failures == [] and id_ == other
    assert outs["name"] == "report-made-by-hand"
    assert [c for c in api_calls(served_emulator) if not c.startswith("GET")] == []
    assert later.get("name") is None
    assert host.diff(id_, outs, later).changes == host.diff(id_, outs, inputs).changes


def test_destroy_then_up_with_the_same_program_creates_a_new_deployment(
    host, later_host, api_http
):
    inputs, _ = host.check(AUTO_NAMED)
    first, outs = host.create(inputs)
    later_host.delete(first, outs)  # `destroy`: another run, as is the `up` after it

    second, _ = later_host.create(inputs)  # the key replays the archived one: not reused

    assert second != first
    assert [d["id"] for d in live(api_http)] == [second]


def test_a_create_undone_after_a_failed_pause_is_made_again_on_the_next_up(
    host, served_emulator, api_http
):
    served_emulator.inject_fault({"path": "*/pause", "method": "POST", "status": 403,
                                   "count": 1})
    inputs, _ = host.check({**AUTO_NAMED, "paused": True})
    with pytest.raises(HostError, match="archived, nothing is left"):
        host.create(inputs)

    id_, outs = host.create(inputs)

    (only,) = live(api_http)
    assert only["id"] == id_ and only["status"] == "paused"


def test_a_create_repeated_after_the_provider_host_crashed_makes_one_deployment(
    served_emulator, api_http
):
    served_emulator.inject_fault({"path": "*/deployments", "method": "POST",
                                   "latency_ms": 3000, "after_processing": True, "count": 1})
    config = {"qoder:token": secret(TEST_TOKEN), "qoder:baseUrl": served_emulator.base_url}
    with running_dynamic_host() as first:
        first.configure(config)
        inputs, _ = first.check(PROGRAM)
        pending = threading.Thread(target=lambda: _ignore(first.create, inputs), daemon=True)
        pending.start()
        while not any(c == "POST /deployments" for c in api_calls(served_emulator)):
            time.sleep(0.05)  # processed; its answer is held back
        first.process.kill()  # the host dies before it hears the answer
        first.process.wait()
    with running_dynamic_host() as second:
        second.configure(config)

        id_, outs = second.create(inputs)  # what the next `up` does

    assert [d["id"] for d in live(api_http)] == [id_]
    assert outs["name"] == "daily-report"


def _ignore(fn, *args) -> None:
    try:
        fn(*args)
    except HostError:
        pass
