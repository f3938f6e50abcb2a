"""The docs' 2026-06-14 timeline replayed on the manual clock, checked against the examples.

Ids and sub-second run times differ from the real service, so those are compared by
shape; everything deterministic (schedule times, stats, status, key presence) must match.
"""

import re

from pulumi_qoder.emulator.clock import parse_timestamp
from tests.emulator.emulator_support import SCHEDULED, body, example


def at(text):
    return parse_timestamp(text)


def same_except(actual, expected, *keys):
    strip = lambda d: {k: v for k, v in d.items() if k not in keys}  # noqa: E731
    return strip(actual) == strip(expected)


def shape(value):
    """Key structure of a JSON value, with leaves reduced to their types."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value[:1]]
    return type(value).__name__


def test_docs_timeline_create_run_pause_unpause_archive(emulator, emulator_api):
    clock = emulator.clock
    created = emulator_api.created(**body(SCHEDULED))
    dep_id = created["id"]
    assert created["schedule"]["upcoming_runs_at"] == [
        f"2026-06-{day}T01:30:00Z" for day in range(15, 20)
    ]
    assert created["metadata"]["cas_config"]["stats"] == {
        "consecutive_failures": 0, "next_trigger_at": "2026-06-15T01:30:00Z",
        "total_failures": 0, "total_runs": 0,
    }
    assert "last_run_at" not in created["schedule"]
    assert shape(created) == shape(example("get-response.json"))

    emulator_api.run_outcome(duration_ms=17268)
    clock.set(at("2026-06-14T08:58:17.13334Z"))
    run = emulator_api.action(dep_id, "run").json()
    expected_run = example("run-response.json")
    assert shape(run) == shape(expected_run)
    assert same_except(run, expected_run, "id", "deployment_id", "agent", "session_id",
                       "cas_run_extras", "created_at", "triggered_at")
    assert run["triggered_at"] == run["created_at"] == "2026-06-14T08:58:17.13334Z"

    clock.set(at("2026-06-14T08:58:22Z"))
    paused = emulator_api.action(dep_id, "pause").json()
    assert paused == example("pause-response.json") | {"id": dep_id}

    clock.set(at("2026-06-14T08:58:35Z"))
    done = emulator_api.http.get(f"/api/v1/cloud/deployments/{dep_id}/runs/{run['id']}").json()
    expected_done = example("get-run-response.json")
    assert shape(done) == shape(expected_done)
    assert (done["status"], done["duration_ms"], done["error"]) == ("completed", 17268, None)
    runs = emulator_api.runs(dep_id).json()
    assert shape(runs) == shape(example("list-runs-response.json"))
    assert runs["data"] == [done] and runs["next_page"] is None

    clock.set(at("2026-06-14T08:58:38Z"))
    active = emulator_api.action(dep_id, "unpause").json()
    assert active["status"] == "active" and active["paused_reason"] is None
    assert active["schedule"]["upcoming_runs_at"] == paused["schedule"]["upcoming_runs_at"]
    assert active["updated_at"] == "2026-06-14T08:58:38Z"

    clock.set(at("2026-06-14T08:58:42Z"))
    archived = emulator_api.action(dep_id, "archive").json()
    expected_archive = example("archive-response.json")
    assert same_except(archived, expected_archive, "id", "name")
    assert re.fullmatch(r"api-doc-verification-deployment-v2_archived_\d{10}", archived["name"])
    assert archived["name"].endswith(str(int(at(archived["archived_at"]).timestamp())))
    assert emulator_api.list().json()["data"] == []
    assert emulator_api.list(include_archived="true").json()["data"] == [archived]


def test_list_matches_the_example_shape(emulator_api):
    emulator_api.created(**body(SCHEDULED, name="older"))
    emulator_api.created(**body(SCHEDULED))
    page = emulator_api.list(limit=1).json()
    assert shape(page) == shape(example("list-response.json"))
