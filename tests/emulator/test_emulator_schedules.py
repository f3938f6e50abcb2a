"""Upcoming runs in the deployment's zone (DST-correct) and scheduled fires on the clock."""

from datetime import datetime, timezone

import pytest

from pulumi_qoder.emulator.api.schedules import upcoming
from tests.support.constants import AGENT, ENV

NEW_YORK = "America/New_York"


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def iso(times):
    return [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in times]


DST_CASES = [
    ("daily-across-spring-forward", "0 9 * * *", utc(2026, 3, 6, 12),
     ["2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z",
      "2026-03-09T13:00:00Z", "2026-03-10T13:00:00Z"]),
    ("daily-across-fall-back", "0 9 * * *", utc(2026, 10, 30, 12),
     ["2026-10-30T13:00:00Z", "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z",
      "2026-11-02T14:00:00Z", "2026-11-03T14:00:00Z"]),
    ("time-in-the-spring-gap-runs-after-the-jump", "30 2 * * *", utc(2026, 3, 6, 12),
     ["2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z",
      "2026-03-10T06:30:00Z", "2026-03-11T06:30:00Z"]),
    ("repeated-time-in-fall-back-runs-once", "30 1 * * *", utc(2026, 10, 30, 12),
     ["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z",
      "2026-11-03T06:30:00Z", "2026-11-04T06:30:00Z"]),
    ("hourly-through-spring-forward", "0 * * * *", utc(2026, 3, 8, 5, 30),
     ["2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z",
      "2026-03-08T09:00:00Z", "2026-03-08T10:00:00Z"]),
]


@pytest.mark.parametrize(
    ("expression", "after", "expected"), [c[1:] for c in DST_CASES], ids=[c[0] for c in DST_CASES]
)
def test_new_york_schedule_across_2026_dst_transitions(expression, after, expected):
    assert iso(upcoming(expression, NEW_YORK, after)) == expected


def test_upcoming_runs_over_http_follow_new_york_dst(emulator_api, emulator):
    emulator.clock.set(utc(2026, 10, 30, 12))
    schedule = {"type": "cron", "expression": "0 9 * * *", "timezone": NEW_YORK}
    dep = emulator_api.created(schedule=schedule)
    assert dep["schedule"]["upcoming_runs_at"][1:4] == [
        "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z",
    ]


def test_upcoming_runs_are_exclusive_of_now():
    assert iso(upcoming("0 9 * * *", "UTC", utc(2026, 6, 14, 9), count=1)) == [
        "2026-06-15T09:00:00Z"
    ]


def test_sunday_may_be_written_as_7():
    assert upcoming("0 9 * * 7", "UTC", utc(2026, 6, 1)) == upcoming("0 9 * * 0", "UTC",
                                                                     utc(2026, 6, 1))


def test_due_schedule_fires_a_run_when_the_clock_advances(emulator_api, emulator):
    schedule = {"type": "cron", "expression": "0 9 * * *", "timezone": "Asia/Shanghai"}
    dep = emulator_api.created(schedule=schedule)["id"]
    state = emulator_api.advance(17 * 3600)  # to 2026-06-15T01:58:01Z
    assert state["events"] >= 1
    runs = emulator_api.runs(dep).json()["data"]
    assert [(r["trigger_context"]["type"], r["triggered_at"], r["status"]) for r in runs] == [
        ("schedule", "2026-06-15T01:00:00Z", "completed")
    ]
    after = emulator_api.get(dep).json()
    assert after["schedule"]["upcoming_runs_at"][0] == "2026-06-16T01:00:00Z"
    assert after["schedule"]["last_run_at"] == "2026-06-15T01:00:00Z"
    assert after["metadata"]["cas_config"]["stats"] == {
        "consecutive_failures": 0, "total_failures": 0, "total_runs": 1,
        "last_triggered_at": "2026-06-15T01:00:00Z", "next_trigger_at": "2026-06-16T01:00:00Z",
    }


def test_fires_happen_in_time_order_across_deployments(emulator_api):
    hourly = {"type": "cron", "expression": "0 * * * *", "timezone": "UTC"}
    half = {"type": "cron", "expression": "30 * * * *", "timezone": "UTC"}
    emulator_api.created(name="hourly", schedule=hourly)
    emulator_api.created(name="half", schedule=half)
    emulator_api.advance(3 * 3600)
    runs = emulator_api.all_runs(limit=100).json()["data"]
    times = [r["triggered_at"] for r in runs]
    assert times == sorted(times, reverse=True) and len(times) == 6
    ids = [r["id"] for r in runs]
    assert ids == sorted(ids, reverse=True)


def test_paused_deployment_does_not_fire_and_keeps_upcoming(emulator_api):
    schedule = {"type": "cron", "expression": "*/10 * * * *", "timezone": "UTC"}
    dep = emulator_api.created(schedule=schedule)
    emulator_api.action(dep["id"], "pause")
    emulator_api.advance(3600)
    assert emulator_api.runs(dep["id"]).json()["data"] == []
    assert emulator_api.get(dep["id"]).json()["schedule"]["upcoming_runs_at"] == (
        dep["schedule"]["upcoming_runs_at"]
    )


def test_archived_deployment_does_not_fire(emulator_api):
    schedule = {"type": "cron", "expression": "*/10 * * * *", "timezone": "UTC"}
    dep = emulator_api.created(schedule=schedule)
    emulator_api.action(dep["id"], "archive")
    emulator_api.advance(3600)
    assert emulator_api.runs(dep["id"]).json()["data"] == []


def test_scheduled_fire_while_a_run_is_live_is_skipped(emulator_api):
    schedule = {"type": "cron", "expression": "* * * * *", "timezone": "UTC"}
    dep = emulator_api.created(schedule=schedule)["id"]
    emulator_api.run_outcome(duration_ms=90_000, count=1)
    emulator_api.advance(150)  # fires at 08:59 (runs 90 s) and 09:00 (skipped)
    assert [r["status"] for r in emulator_api.runs(dep).json()["data"]] == ["skipped", "completed"]


def test_run_finishing_before_the_next_fire_frees_the_slot(emulator_api):
    schedule = {"type": "cron", "expression": "* * * * *", "timezone": "UTC"}
    dep = emulator_api.created(schedule=schedule)["id"]
    emulator_api.run_outcome(duration_ms=60_000)
    emulator_api.advance(150)  # the 08:59 run ends exactly at 09:00, before the 09:00 fire
    assert [r["status"] for r in emulator_api.runs(dep).json()["data"]] == ["running", "completed"]


def test_service_tick_catches_up_after_a_direct_clock_advance(emulator):
    service = emulator.service
    service.create({
        "name": "n", "agent": AGENT,
        "environment_id": ENV,
        "initial_events": [{"type": "user.message", "content": "x"}],
        "schedule": {"type": "cron", "expression": "0 * * * *", "timezone": "UTC"},
    })
    emulator.clock.advance(hours=2)
    assert service.tick() == 4  # two fires, two completions
    assert service.tick() == 0


def test_scheduled_runs_fire_at_new_york_nine_across_spring_forward():
    from pulumi_qoder.emulator import DeploymentService, ManualClock
    from tests.emulator.emulator_support import body

    clock = ManualClock(utc(2026, 3, 6, 12))
    service = DeploymentService(clock=clock)
    schedule = {"type": "cron", "expression": "0 9 * * *", "timezone": NEW_YORK}
    dep = service.create(body(schedule=schedule))
    clock.advance(days=4)
    runs = service.list_runs(deployment_id=dep.id).items
    assert iso(r.triggered_at for r in reversed(runs)) == [
        "2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z",
        "2026-03-09T13:00:00Z",
    ]
