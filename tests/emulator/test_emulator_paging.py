"""Deployment and run lists: order, cursors, envelope and filters (CONTRACT §1.5, §4.3),
each against the in-memory store and SQLite (both page and filter in the store)."""

import warnings

import pytest

from pulumi_qoder.emulator import DeploymentService, SQLiteStore
from pulumi_qoder.emulator import create_app as _create_app
from tests.emulator.emulator_support import Api, error_of
from tests.support.constants import AGENT

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient


@pytest.fixture(params=["memory", "sqlite"])
def emulator_api(request, emulator, tmp_path):
    """The suite's in-process emulator, or the same over a SQLite file."""
    if request.param == "memory":
        yield Api(emulator.http)
        return
    service = DeploymentService(SQLiteStore(tmp_path / "paging.sqlite"), emulator.clock)
    app = _create_app(service, tokens=[emulator.http.headers["Authorization"].split()[1]])
    with TestClient(app, base_url="http://emulator.test",
                    headers={"Authorization": emulator.http.headers["Authorization"]}) as http:
        yield Api(http)


def make(emulator_api, count):
    return [emulator_api.created(name=f"dep-{i}")["id"] for i in range(count)]


def test_list_is_newest_first_with_the_envelope(emulator_api):
    ids = make(emulator_api, 3)
    page = emulator_api.list().json()
    assert [d["id"] for d in page["data"]] == ids[::-1]
    assert page == page | {
        "first_id": ids[2], "last_id": ids[0], "has_more": False, "next_page": None,
    }
    assert list(page) == ["data", "first_id", "has_more", "last_id", "next_page"]


def test_empty_list_has_null_ids(emulator_api):
    assert emulator_api.list().json() == {
        "data": [], "first_id": None, "has_more": False, "last_id": None, "next_page": None,
    }


def test_after_id_pages_forward_until_the_end(emulator_api):
    ids = make(emulator_api, 5)[::-1]
    first = emulator_api.list(limit=2).json()
    assert [d["id"] for d in first["data"]] == ids[:2]
    assert first["has_more"] is True and first["next_page"] == ids[1]
    second = emulator_api.list(limit=2, after_id=first["next_page"]).json()
    assert [d["id"] for d in second["data"]] == ids[2:4]
    third = emulator_api.list(limit=2, after_id=second["last_id"]).json()
    assert [d["id"] for d in third["data"]] == ids[4:]
    assert third["has_more"] is False and third["next_page"] is None


def test_before_id_pages_back(emulator_api):
    ids = make(emulator_api, 5)[::-1]
    page = emulator_api.list(limit=2, before_id=ids[4]).json()
    assert [d["id"] for d in page["data"]] == ids[2:4]
    assert page["has_more"] is True
    top = emulator_api.list(limit=2, before_id=ids[2]).json()
    assert [d["id"] for d in top["data"]] == ids[:2]
    assert top["has_more"] is False


def test_ids_sort_in_creation_order_within_one_instant(emulator_api):
    ids = make(emulator_api, 30)
    assert ids == sorted(ids)


def test_default_limit_is_20(emulator_api):
    make(emulator_api, 21)
    page = emulator_api.list().json()
    assert len(page["data"]) == 20 and page["has_more"] is True


def test_archived_are_hidden_unless_asked_for(emulator_api):
    keep, gone = make(emulator_api, 2)
    emulator_api.action(gone, "archive")
    assert [d["id"] for d in emulator_api.list().json()["data"]] == [keep]
    listed = emulator_api.list(include_archived="true").json()["data"]
    assert [d["id"] for d in listed] == [gone, keep]


def test_status_filter(emulator_api):
    active, paused = make(emulator_api, 2)
    emulator_api.action(paused, "pause")
    assert [d["id"] for d in emulator_api.list(status="paused").json()["data"]] == [paused]
    assert [d["id"] for d in emulator_api.list(status="active").json()["data"]] == [active]


def test_agent_id_filter(emulator_api):
    other = "agent_019ec55a2b687b3f94eee77dd77e4b2a"
    mine = emulator_api.created(name="mine", agent=other)["id"]
    emulator_api.created(name="theirs", agent=AGENT)
    assert [d["id"] for d in emulator_api.list(agent_id=other).json()["data"]] == [mine]


def test_runs_page_newest_first_with_cursors(emulator_api, emulator):
    dep = emulator_api.created()["id"]
    run_ids = []
    for _ in range(3):
        run_ids.append(emulator_api.action(dep, "run").json()["id"])
        emulator.clock.advance(5)
    page = emulator_api.runs(dep, limit=2).json()
    assert [r["id"] for r in page["data"]] == run_ids[:0:-1]
    assert page["has_more"] is True and page["next_page"] == run_ids[1]
    rest = emulator_api.runs(dep, limit=2, after_id=page["next_page"]).json()
    assert [r["id"] for r in rest["data"]] == [run_ids[0]] and rest["has_more"] is False


def test_runs_of_an_unknown_deployment_are_not_found(emulator_api):
    assert emulator_api.runs("dep_019ec55a2b687b3f94eee77dd77e4b2a").status_code == 404


def test_global_run_list_with_unknown_deployment_is_empty(emulator_api):
    response = emulator_api.all_runs(deployment_id="dep_019ec55a2b687b3f94eee77dd77e4b2a")
    assert response.status_code == 200 and response.json()["data"] == []


def test_page_is_the_sdk_forward_cursor(emulator_api):
    ids = make(emulator_api, 5)[::-1]
    first = emulator_api.list(limit=2).json()
    second = emulator_api.list(limit=2, page=first["next_page"]).json()
    assert [d["id"] for d in second["data"]] == ids[2:4]


def test_page_with_another_cursor_is_refused(emulator_api):
    ids = make(emulator_api, 2)
    response = emulator_api.list(page=ids[0], after_id=ids[1])
    assert response.status_code == 400 and error_of(response)["param"] == "page"
    malformed = emulator_api.list(page="next")
    assert malformed.status_code == 400 and error_of(malformed)["param"] == "page"


def test_created_at_bounds_filter_deployments(emulator_api, emulator):
    old = make(emulator_api, 2)
    emulator.clock.advance(10)
    new = [emulator_api.created(name=f"new-{i}")["id"] for i in range(2)]
    created = emulator_api.list().json()["data"][0]["created_at"]
    listed = emulator_api.list
    assert [d["id"] for d in listed(**{"created_at[gte]": created}).json()["data"]] == new[::-1]
    assert [d["id"] for d in listed(**{"created_at[lt]": created}).json()["data"]] == old[::-1]
    assert emulator_api.list(**{"created_at[gt]": created}).json()["data"] == []
    both = listed(**{"created_at[lte]": created, "created_at[gt]": "2000-01-01T00:00:00Z"})
    assert len(both.json()["data"]) == 4


def test_created_at_must_be_a_timestamp(emulator_api):
    response = emulator_api.list(**{"created_at[gte]": "yesterday"})
    assert response.status_code == 400 and error_of(response)["param"] == "created_at[gte]"


def test_underscore_created_at_bounds_filter_like_the_bracketed_ones(emulator_api, emulator):
    old = make(emulator_api, 2)
    emulator.clock.advance(10)
    new = [emulator_api.created(name=f"new-{i}")["id"] for i in range(2)]
    created = emulator_api.list().json()["data"][0]["created_at"]
    ids = lambda r: [d["id"] for d in r.json()["data"]]  # noqa: E731
    assert ids(emulator_api.list(created_at_gte=created)) == new[::-1]
    assert ids(emulator_api.list(created_at_lt=created)) == old[::-1]
    assert ids(emulator_api.list(created_at_gt=created)) == []
    since_2000 = {"created_at[gt]": "2000-01-01T00:00:00Z"}
    assert ids(emulator_api.list(created_at_lte=created, **since_2000)) == (old + new)[::-1]
    assert ids(emulator_api.list(created_at_gte="2030-01-01T00:00:00Z")) == []


def test_underscore_created_at_filters_all_runs(emulator_api, emulator):
    dep = emulator_api.created()["id"]
    early = emulator_api.action(dep, "run").json()
    emulator.clock.advance(60)
    late = emulator_api.action(dep, "run").json()
    ids = lambda r: [run["id"] for run in r.json()["data"]]  # noqa: E731
    assert ids(emulator_api.all_runs(created_at_gt=early["created_at"])) == [late["id"]]
    assert ids(emulator_api.all_runs(created_at_lte=early["created_at"])) == [early["id"]]


def test_one_created_at_bound_in_both_spellings_is_refused(emulator_api):
    response = emulator_api.list(created_at_gte="2026-06-14T00:00:00Z",
                        **{"created_at[gte]": "2026-06-14T00:00:00Z"})
    assert response.status_code == 400 and error_of(response)["param"] == "created_at_gte"


def test_underscore_created_at_must_be_a_timestamp(emulator_api):
    response = emulator_api.all_runs(created_at_lt="soon")
    assert response.status_code == 400 and error_of(response)["param"] == "created_at_lt"


def test_a_deployments_runs_take_no_created_at_bound(emulator_api):
    dep = emulator_api.created()["id"]
    response = emulator_api.runs(dep, created_at_gte="2026-06-14T00:00:00Z")
    assert response.status_code == 400 and error_of(response)["param"] == "created_at_gte"


def test_run_filters_work_on_both_lists(emulator_api, emulator):
    dep = emulator_api.created()["id"]
    emulator_api.run_outcome(status="failed", count=1)
    failed = emulator_api.action(dep, "run").json()["id"]
    emulator.clock.advance(5)
    ok = emulator_api.action(dep, "run").json()["id"]
    emulator.clock.advance(5)
    ids = lambda r: [run["id"] for run in r.json()["data"]]  # noqa: E731
    assert ids(emulator_api.all_runs(has_error="true")) == [failed]
    assert ids(emulator_api.all_runs(status="completed")) == [ok]
    assert ids(emulator_api.all_runs(trigger_type="manual", deployment_id=dep)) == [ok, failed]
    assert ids(emulator_api.runs(dep, status="failed")) == [failed]
    assert ids(emulator_api.runs(dep, triggered_after="2026-06-14T08:58:02Z")) == [ok]
    assert ids(emulator_api.runs(dep, triggered_before="2026-06-14T08:58:02Z")) == [failed]
