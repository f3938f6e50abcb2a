"""Pause, unpause, archive and run, with every 409 of CONTRACT §3."""

import pytest

from tests.emulator.emulator_support import SCHEDULED, error_of

UNKNOWN = "dep_019ec55a2b687b3f94eee77dd77e4b2a"


def test_pause_sets_status_and_manual_reason(emulator_api, emulator):
    dep = emulator_api.created(**SCHEDULED)
    emulator.clock.advance(21)
    paused = emulator_api.action(dep["id"], "pause").json()
    assert paused["status"] == "paused"
    assert paused["paused_reason"] == {"type": "manual"}
    assert paused["updated_at"] == "2026-06-14T08:58:22Z"
    assert paused["schedule"]["upcoming_runs_at"] == dep["schedule"]["upcoming_runs_at"]
    assert emulator_api.get(dep["id"]).json() == paused


def test_pausing_a_paused_deployment_is_a_conflict(emulator_api):
    dep = emulator_api.created()
    emulator_api.action(dep["id"], "pause")
    response = emulator_api.action(dep["id"], "pause")
    assert response.status_code == 409
    assert error_of(response)["type"] == "conflict_error"
    assert emulator_api.get(dep["id"]).json()["status"] == "paused"


def test_unpause_restores_active(emulator_api):
    dep = emulator_api.created()
    emulator_api.action(dep["id"], "pause")
    active = emulator_api.action(dep["id"], "unpause").json()
    assert active["status"] == "active" and active["paused_reason"] is None


def test_unpausing_an_active_deployment_is_a_conflict(emulator_api):
    dep = emulator_api.created()
    response = emulator_api.action(dep["id"], "unpause")
    assert response.status_code == 409
    assert error_of(response)["type"] == "conflict_error"


def test_unpause_recomputes_upcoming_runs_from_now(emulator_api, emulator):
    dep = emulator_api.created(**SCHEDULED)
    emulator_api.action(dep["id"], "pause")
    emulator.clock.advance(days=2)  # now Tue 2026-06-16 08:58:01Z, past Tue's 01:30Z
    active = emulator_api.action(dep["id"], "unpause").json()
    assert active["schedule"]["upcoming_runs_at"][0] == "2026-06-17T01:30:00Z"
    assert active["metadata"]["cas_config"]["stats"]["next_trigger_at"] == "2026-06-17T01:30:00Z"


def test_archive_keeps_status_and_renames(emulator_api, emulator):
    dep = emulator_api.created(**SCHEDULED)
    emulator.clock.advance(41)
    archived = emulator_api.action(dep["id"], "archive").json()
    assert archived["status"] == "active"
    assert archived["archived_at"] == "2026-06-14T08:58:42Z"
    assert archived["name"] == f"{dep['name']}_archived_1781427522"
    assert archived["schedule"]["upcoming_runs_at"] == []
    stats = archived["metadata"]["cas_config"]["stats"]
    assert stats["next_trigger_at"] == "2026-06-15T01:30:00Z"


def test_archived_deployment_stays_readable_by_id(emulator_api):
    dep = emulator_api.created()
    archived = emulator_api.action(dep["id"], "archive").json()
    assert emulator_api.get(dep["id"]).json() == archived


def test_archiving_twice_is_a_conflict(emulator_api):
    dep = emulator_api.created()
    emulator_api.action(dep["id"], "archive")
    response = emulator_api.action(dep["id"], "archive")
    assert response.status_code == 409
    assert error_of(response)["type"] == "conflict_error"


def test_archiving_a_paused_deployment_keeps_it_paused(emulator_api):
    dep = emulator_api.created()
    emulator_api.action(dep["id"], "pause")
    archived = emulator_api.action(dep["id"], "archive").json()
    assert archived["status"] == "paused"
    assert archived["paused_reason"] == {"type": "manual"}


@pytest.mark.parametrize("verb", ["pause", "unpause", "run"])
def test_actions_on_an_archived_deployment_are_conflicts(emulator_api, verb):
    dep = emulator_api.created()
    emulator_api.action(dep["id"], "archive")
    response = emulator_api.action(dep["id"], verb)
    assert response.status_code == 409
    assert error_of(response)["type"] == "conflict_error"


def test_update_of_an_archived_deployment_is_a_conflict(emulator_api):
    dep = emulator_api.created()
    archived = emulator_api.action(dep["id"], "archive").json()
    response = emulator_api.update(dep["id"], {"description": "late"})
    assert response.status_code == 409
    assert emulator_api.get(dep["id"]).json() == archived


def test_running_a_paused_deployment_is_a_conflict(emulator_api):
    dep = emulator_api.created()
    emulator_api.action(dep["id"], "pause")
    response = emulator_api.action(dep["id"], "run")
    assert response.status_code == 409
    assert emulator_api.runs(dep["id"]).json()["data"] == []


@pytest.mark.parametrize("verb", ["pause", "unpause", "archive", "run"])
def test_actions_on_an_unknown_deployment_are_not_found(emulator_api, verb):
    response = emulator_api.action(UNKNOWN, verb)
    assert response.status_code == 404
    assert error_of(response)["type"] == "not_found_error"


@pytest.mark.parametrize("verb", ["pause", "archive", "run"])
def test_actions_accept_an_empty_object_body(emulator_api, verb):
    dep = emulator_api.created()
    response = emulator_api.http.post(f"/api/v1/cloud/deployments/{dep['id']}/{verb}", json={})
    assert response.status_code == 200
