"""Run lifecycle, outcomes, timeouts, retries, concurrency and stats (CONTRACT §2.8, §3)."""

from tests.emulator.emulator_support import error_of, example


def stats(emulator_api, dep_id):
    return emulator_api.get(dep_id).json()["metadata"]["cas_config"]["stats"]


def test_manual_run_is_returned_running_like_the_example(emulator_api):
    dep = emulator_api.created()
    run = emulator_api.action(dep["id"], "run").json()
    assert set(run) == set(example("run-response.json"))
    assert run["status"] == "running" and run["error"] is None
    assert run["trigger_context"] == {"type": "manual"}
    assert run["cas_run_extras"]["attempt"] == 1
    assert run["session_id"].startswith("sess_")
    assert run["cas_run_extras"]["turn_id"].startswith("turn_")
    assert run["deployment_id"] == dep["id"] and run["agent"] == dep["agent"]
    assert run["triggered_at"] == run["created_at"] == "2026-06-14T08:58:01Z"


def test_run_completes_after_the_default_duration(emulator_api, emulator):
    dep = emulator_api.created()
    run = emulator_api.action(dep["id"], "run").json()
    emulator.clock.advance(1)
    done = emulator_api.http.get(f"/api/v1/cloud/deployments/{dep['id']}/runs/{run['id']}").json()
    assert set(done) == set(example("get-run-response.json"))
    assert done["status"] == "completed"
    assert done["duration_ms"] == 1000
    assert done["completed_at"] == "2026-06-14T08:58:02Z"


def test_run_timestamps_keep_their_fraction(emulator_api, emulator):
    emulator.clock.advance(16.13334)
    run = emulator_api.action(emulator_api.created()["id"], "run").json()
    assert run["triggered_at"] == "2026-06-14T08:58:17.13334Z"


def test_manual_run_updates_stats_and_last_run_at(emulator_api, emulator):
    dep = emulator_api.created(
        schedule={"type": "cron", "expression": "0 9 * * *", "timezone": "UTC"}
    )
    emulator.clock.advance(16.5)
    emulator_api.action(dep["id"], "run")
    after = emulator_api.get(dep["id"]).json()
    assert after["schedule"]["last_run_at"] == "2026-06-14T08:58:17Z"
    assert after["metadata"]["cas_config"]["stats"]["last_triggered_at"] == "2026-06-14T08:58:17Z"
    assert after["metadata"]["cas_config"]["stats"]["total_runs"] == 1


def test_run_outcome_can_fail_a_run(emulator_api, emulator):
    dep = emulator_api.created()
    emulator_api.run_outcome(status="failed", duration_ms=500, error_type="agent_archived_error",
                    error_message="gone")
    run = emulator_api.action(dep["id"], "run").json()
    emulator.clock.advance(1)
    failed = emulator_api.http.get(f"/api/v1/cloud/deployment_runs/{run['id']}").json()
    assert failed["status"] == "failed"
    assert failed["error"] == {"message": "gone", "type": "agent_archived_error"}
    assert failed["duration_ms"] == 500
    assert stats(emulator_api, dep["id"]) == {
        "consecutive_failures": 1, "total_failures": 1, "total_runs": 1,
        "last_triggered_at": "2026-06-14T08:58:01Z",
    }


def test_success_resets_consecutive_failures(emulator_api, emulator):
    dep = emulator_api.created()["id"]
    emulator_api.run_outcome(status="failed", count=2)
    for _ in range(3):
        emulator_api.action(dep, "run")
        emulator.clock.advance(2)
    assert stats(emulator_api, dep)["consecutive_failures"] == 0
    assert stats(emulator_api, dep)["total_failures"] == 2


def test_a_run_longer_than_timeout_fails_at_the_timeout(emulator_api, emulator):
    dep = emulator_api.created(metadata={"cas_config": {"config": {"timeout_ms": 2000}}})
    emulator_api.run_outcome(duration_ms=60_000)
    run = emulator_api.action(dep["id"], "run").json()
    emulator.clock.advance(2)
    failed = emulator_api.http.get(f"/api/v1/cloud/deployment_runs/{run['id']}").json()
    assert failed["status"] == "failed"
    assert failed["error"]["type"] == "timeout_error"
    assert failed["duration_ms"] == 2000


def test_failed_runs_are_retried_up_to_max_retries(emulator_api, emulator):
    dep = emulator_api.created(metadata={"cas_config": {"config": {"max_retries": 2}}})["id"]
    emulator_api.run_outcome(status="failed", duration_ms=100)
    emulator_api.action(dep, "run")
    emulator.clock.advance(10)
    runs = emulator_api.runs(dep).json()["data"]
    assert [(r["trigger_context"]["type"], r["cas_run_extras"]["attempt"], r["status"])
            for r in runs] == [("retry", 3, "failed"), ("retry", 2, "failed"),
                               ("manual", 1, "failed")]
    totals = stats(emulator_api, dep)
    assert totals["total_runs"] == 3 and totals["total_failures"] == 3


def test_retry_that_succeeds_ends_the_chain(emulator_api, emulator):
    dep = emulator_api.created(metadata={"cas_config": {"config": {"max_retries": 5}}})["id"]
    emulator_api.run_outcome(status="failed", count=1)
    emulator_api.action(dep, "run")
    emulator.clock.advance(10)
    assert [r["status"] for r in emulator_api.runs(dep).json()["data"]] == ["completed", "failed"]


def test_run_beyond_max_concurrent_is_recorded_skipped(emulator_api):
    dep = emulator_api.created()["id"]
    emulator_api.action(dep, "run")
    skipped = emulator_api.action(dep, "run")
    assert skipped.status_code == 200
    run = skipped.json()
    assert run["status"] == "skipped"
    assert "session_id" not in run and "duration_ms" not in run
    assert run["completed_at"] == run["triggered_at"]
    assert stats(emulator_api, dep)["total_runs"] == 2


def test_max_concurrent_allows_parallel_runs(emulator_api):
    dep = emulator_api.created(metadata={"cas_config": {"config": {"max_concurrent": 2}}})["id"]
    statuses = [emulator_api.action(dep, "run").json()["status"] for _ in range(3)]
    assert statuses == ["running", "running", "skipped"]


def test_start_delay_shows_a_pending_run(emulator_api, emulator):
    dep = emulator_api.created()["id"]
    emulator_api.run_outcome(start_delay_ms=3000)
    run = emulator_api.action(dep, "run").json()
    assert run["status"] == "pending"
    assert "session_id" not in run and "started_at" not in run["cas_run_extras"]
    emulator.clock.advance(3)
    started = emulator_api.http.get(f"/api/v1/cloud/deployment_runs/{run['id']}").json()
    assert started["status"] == "running"
    assert started["cas_run_extras"]["started_at"] == "2026-06-14T08:58:04Z"


def test_outcome_for_one_deployment_does_not_touch_others(emulator_api, emulator):
    first = emulator_api.created(name="a")["id"]
    second = emulator_api.created(name="b")["id"]
    emulator_api.run_outcome(deployment_id=first, status="failed")
    emulator_api.action(first, "run")
    emulator_api.action(second, "run")
    emulator.clock.advance(2)
    assert emulator_api.runs(first).json()["data"][0]["status"] == "failed"
    assert emulator_api.runs(second).json()["data"][0]["status"] == "completed"


def test_scoped_run_with_another_deployment_is_not_found(emulator_api):
    first = emulator_api.created(name="a")["id"]
    second = emulator_api.created(name="b")["id"]
    run = emulator_api.action(first, "run").json()
    response = emulator_api.http.get(f"/api/v1/cloud/deployments/{second}/runs/{run['id']}")
    assert response.status_code == 404
    assert error_of(response)["type"] == "not_found_error"


def test_unknown_run_is_not_found(emulator_api):
    unknown = "drun_019ec55a68af73028afa5b87931cb2f3"
    response = emulator_api.http.get(f"/api/v1/cloud/deployment_runs/{unknown}")
    assert response.status_code == 404


def test_run_list_filters(emulator_api, emulator):
    dep = emulator_api.created(metadata={"cas_config": {"config": {"max_retries": 1}}})["id"]
    emulator_api.run_outcome(status="failed", count=1)
    emulator_api.action(dep, "run")
    emulator.clock.advance(5)
    retries = emulator_api.all_runs(trigger_type="retry").json()["data"]
    assert [r["trigger_context"]["type"] for r in retries] == ["retry"]
    failed = emulator_api.all_runs(has_error="true").json()["data"]
    assert [r["status"] for r in failed] == ["failed"]
    completed = emulator_api.runs(dep, status="completed").json()["data"]
    assert [r["status"] for r in completed] == ["completed"]
    late = emulator_api.runs(dep, triggered_after="2026-06-14T08:58:01.5Z").json()["data"]
    assert [r["trigger_context"]["type"] for r in late] == ["retry"]
    early = emulator_api.runs(dep, triggered_before="2026-06-14T08:58:01.5Z").json()["data"]
    assert [r["trigger_context"]["type"] for r in early] == ["manual"]
