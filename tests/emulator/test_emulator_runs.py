"""Run lifecycle, outcomes, timeouts, retries, concurrency and stats (CONTRACT §2.8, §3)."""

from emulator_support import error_of, example


def stats(api, dep_id):
    return api.get(dep_id).json()["metadata"]["cas_config"]["stats"]


def test_manual_run_is_returned_running_like_the_example(api):
    dep = api.created()
    run = api.action(dep["id"], "run").json()
    assert set(run) == set(example("run-response.json"))
    assert run["status"] == "running" and run["error"] is None
    assert run["trigger_context"] == {"type": "manual"}
    assert run["cas_run_extras"]["attempt"] == 1
    assert run["session_id"].startswith("sess_")
    assert run["cas_run_extras"]["turn_id"].startswith("turn_")
    assert run["deployment_id"] == dep["id"] and run["agent"] == dep["agent"]
    assert run["triggered_at"] == run["created_at"] == "2026-06-14T08:58:01Z"


def test_run_completes_after_the_default_duration(api, emulator):
    dep = api.created()
    run = api.action(dep["id"], "run").json()
    emulator.clock.advance(1)
    done = api.http.get(f"/api/v1/cloud/deployments/{dep['id']}/runs/{run['id']}").json()
    assert set(done) == set(example("get-run-response.json"))
    assert done["status"] == "completed"
    assert done["duration_ms"] == 1000
    assert done["completed_at"] == "2026-06-14T08:58:02Z"


def test_run_timestamps_keep_their_fraction(api, emulator):
    emulator.clock.advance(16.13334)
    run = api.action(api.created()["id"], "run").json()
    assert run["triggered_at"] == "2026-06-14T08:58:17.13334Z"


def test_manual_run_updates_stats_and_last_run_at(api, emulator):
    dep = api.created(schedule={"type": "cron", "expression": "0 9 * * *", "timezone": "UTC"})
    emulator.clock.advance(16.5)
    api.action(dep["id"], "run")
    after = api.get(dep["id"]).json()
    assert after["schedule"]["last_run_at"] == "2026-06-14T08:58:17Z"
    assert after["metadata"]["cas_config"]["stats"]["last_triggered_at"] == "2026-06-14T08:58:17Z"
    assert after["metadata"]["cas_config"]["stats"]["total_runs"] == 1


def test_run_outcome_can_fail_a_run(api, emulator):
    dep = api.created()
    api.run_outcome(status="failed", duration_ms=500, error_type="agent_archived_error",
                    error_message="gone")
    run = api.action(dep["id"], "run").json()
    emulator.clock.advance(1)
    failed = api.http.get(f"/api/v1/cloud/deployment_runs/{run['id']}").json()
    assert failed["status"] == "failed"
    assert failed["error"] == {"message": "gone", "type": "agent_archived_error"}
    assert failed["duration_ms"] == 500
    assert stats(api, dep["id"]) == {
        "consecutive_failures": 1, "total_failures": 1, "total_runs": 1,
        "last_triggered_at": "2026-06-14T08:58:01Z",
    }


def test_success_resets_consecutive_failures(api, emulator):
    dep = api.created()["id"]
    api.run_outcome(status="failed", count=2)
    for _ in range(3):
        api.action(dep, "run")
        emulator.clock.advance(2)
    assert stats(api, dep)["consecutive_failures"] == 0
    assert stats(api, dep)["total_failures"] == 2


def test_a_run_longer_than_timeout_fails_at_the_timeout(api, emulator):
    dep = api.created(metadata={"cas_config": {"config": {"timeout_ms": 2000}}})
    api.run_outcome(duration_ms=60_000)
    run = api.action(dep["id"], "run").json()
    emulator.clock.advance(2)
    failed = api.http.get(f"/api/v1/cloud/deployment_runs/{run['id']}").json()
    assert failed["status"] == "failed"
    assert failed["error"]["type"] == "timeout_error"
    assert failed["duration_ms"] == 2000


def test_failed_runs_are_retried_up_to_max_retries(api, emulator):
    dep = api.created(metadata={"cas_config": {"config": {"max_retries": 2}}})["id"]
    api.run_outcome(status="failed", duration_ms=100)
    api.action(dep, "run")
    emulator.clock.advance(10)
    runs = api.runs(dep).json()["data"]
    assert [(r["trigger_context"]["type"], r["cas_run_extras"]["attempt"], r["status"])
            for r in runs] == [("retry", 3, "failed"), ("retry", 2, "failed"),
                               ("manual", 1, "failed")]
    assert stats(api, dep)["total_runs"] == 3 and stats(api, dep)["total_failures"] == 3


def test_retry_that_succeeds_ends_the_chain(api, emulator):
    dep = api.created(metadata={"cas_config": {"config": {"max_retries": 5}}})["id"]
    api.run_outcome(status="failed", count=1)
    api.action(dep, "run")
    emulator.clock.advance(10)
    assert [r["status"] for r in api.runs(dep).json()["data"]] == ["completed", "failed"]


def test_run_beyond_max_concurrent_is_recorded_skipped(api):
    dep = api.created()["id"]
    api.action(dep, "run")
    skipped = api.action(dep, "run")
    assert skipped.status_code == 200
    run = skipped.json()
    assert run["status"] == "skipped"
    assert "session_id" not in run and "duration_ms" not in run
    assert run["completed_at"] == run["triggered_at"]
    assert stats(api, dep)["total_runs"] == 2


def test_max_concurrent_allows_parallel_runs(api):
    dep = api.created(metadata={"cas_config": {"config": {"max_concurrent": 2}}})["id"]
    statuses = [api.action(dep, "run").json()["status"] for _ in range(3)]
    assert statuses == ["running", "running", "skipped"]


def test_start_delay_shows_a_pending_run(api, emulator):
    dep = api.created()["id"]
    api.run_outcome(start_delay_ms=3000)
    run = api.action(dep, "run").json()
    assert run["status"] == "pending"
    assert "session_id" not in run and "started_at" not in run["cas_run_extras"]
    emulator.clock.advance(3)
    started = api.http.get(f"/api/v1/cloud/deployment_runs/{run['id']}").json()
    assert started["status"] == "running"
    assert started["cas_run_extras"]["started_at"] == "2026-06-14T08:58:04Z"


def test_outcome_for_one_deployment_does_not_touch_others(api, emulator):
    first = api.created(name="a")["id"]
    second = api.created(name="b")["id"]
    api.run_outcome(deployment_id=first, status="failed")
    api.action(first, "run")
    api.action(second, "run")
    emulator.clock.advance(2)
    assert api.runs(first).json()["data"][0]["status"] == "failed"
    assert api.runs(second).json()["data"][0]["status"] == "completed"


def test_scoped_run_with_another_deployment_is_not_found(api):
    first = api.created(name="a")["id"]
    second = api.created(name="b")["id"]
    run = api.action(first, "run").json()
    response = api.http.get(f"/api/v1/cloud/deployments/{second}/runs/{run['id']}")
    assert response.status_code == 404
    assert error_of(response)["type"] == "not_found_error"


def test_unknown_run_is_not_found(api):
    response = api.http.get("/api/v1/cloud/deployment_runs/drun_019ec55a68af73028afa5b87931cb2f3")
    assert response.status_code == 404


def test_run_list_filters(api, emulator):
    dep = api.created(metadata={"cas_config": {"config": {"max_retries": 1}}})["id"]
    api.run_outcome(status="failed", count=1)
    api.action(dep, "run")
    emulator.clock.advance(5)
    assert [r["trigger_context"]["type"] for r in api.all_runs(trigger_type="retry").json()["data"]
            ] == ["retry"]
    assert [r["status"] for r in api.all_runs(has_error="true").json()["data"]] == ["failed"]
    assert [r["status"] for r in api.runs(dep, status="completed").json()["data"]] == ["completed"]
    late = api.runs(dep, triggered_after="2026-06-14T08:58:01.5Z").json()["data"]
    assert [r["trigger_context"]["type"] for r in late] == ["retry"]
    early = api.runs(dep, triggered_before="2026-06-14T08:58:01.5Z").json()["data"]
    assert [r["trigger_context"]["type"] for r in early] == ["manual"]
