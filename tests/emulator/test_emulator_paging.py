"""Deployment and run lists: order, cursors, envelope and filters (CONTRACT §1.5, §4.3),
each against the in-memory store and SQLite (both page and filter in the store)."""

import warnings

import pytest
from emulator_support import AGENT_ID, Api, error_of

from pulumi_qoder.emulator import DeploymentService, SQLiteStore
from pulumi_qoder.emulator import create_app as _create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient


@pytest.fixture(params=["memory", "sqlite"])
def api(request, emulator, tmp_path):
    """The suite's in-process emulator, or the same over a SQLite file."""
    if request.param == "memory":
        yield Api(emulator.http)
        return
    service = DeploymentService(SQLiteStore(tmp_path / "paging.sqlite"), emulator.clock)
    app = _create_app(service, tokens=[emulator.http.headers["Authorization"].split()[1]])
    with TestClient(app, base_url="http://emulator.test",
                    headers={"Authorization": emulator.http.headers["Authorization"]}) as http:
        yield Api(http)


def make(api, count):
    return [api.created(name=f"dep-{i}")["id"] for i in range(count)]


def test_list_is_newest_first_with_the_envelope(api):
    ids = make(api, 3)
    page = api.list().json()
    assert [d["id"] for d in page["data"]] == ids[::-1]
    assert page == page | {
        "first_id": ids[2], "last_id": ids[0], "has_more": False, "next_page": None,
    }
    assert list(page) == ["data", "first_id", "has_more", "last_id", "next_page"]


def test_empty_list_has_null_ids(api):
    assert api.list().json() == {
        "data": [], "first_id": None, "has_more": False, "last_id": None, "next_page": None,
    }


def test_after_id_pages_forward_until_the_end(api):
    ids = make(api, 5)[::-1]
    first = api.list(limit=2).json()
    assert [d["id"] for d in first["data"]] == ids[:2]
    assert first["has_more"] is True and first["next_page"] == ids[1]
    second = api.list(limit=2, after_id=first["next_page"]).json()
    assert [d["id"] for d in second["data"]] == ids[2:4]
    third = api.list(limit=2, after_id=second["last_id"]).json()
    assert [d["id"] for d in third["data"]] == ids[4:]
    assert third["has_more"] is False and third["next_page"] is None


def test_before_id_pages_back(api):
    ids = make(api, 5)[::-1]
    page = api.list(limit=2, before_id=ids[4]).json()
    assert [d["id"] for d in page["data"]] == ids[2:4]
    assert page["has_more"] is True
    top = api.list(limit=2, before_id=ids[2]).json()
    assert [d["id"] for d in top["data"]] == ids[:2]
    assert top["has_more"] is False


def test_ids_sort_in_creation_order_within_one_instant(api):
    ids = make(api, 30)
    assert ids == sorted(ids)


def test_default_limit_is_20(api):
    make(api, 21)
    page = api.list().json()
    assert len(page["data"]) == 20 and page["has_more"] is True


def test_archived_are_hidden_unless_asked_for(api):
    keep, gone = make(api, 2)
    api.action(gone, "archive")
    assert [d["id"] for d in api.list().json()["data"]] == [keep]
    listed = api.list(include_archived="true").json()["data"]
    assert [d["id"] for d in listed] == [gone, keep]


def test_status_filter(api):
    active, paused = make(api, 2)
    api.action(paused, "pause")
    assert [d["id"] for d in api.list(status="paused").json()["data"]] == [paused]
    assert [d["id"] for d in api.list(status="active").json()["data"]] == [active]


def test_agent_id_filter(api):
    other = "agent_019ec55a2b687b3f94eee77dd77e4b2a"
    mine = api.created(name="mine", agent=other)["id"]
    api.created(name="theirs", agent=AGENT_ID)
    assert [d["id"] for d in api.list(agent_id=other).json()["data"]] == [mine]


def test_runs_page_newest_first_with_cursors(api, emulator):
    dep = api.created()["id"]
    run_ids = []
    for _ in range(3):
        run_ids.append(api.action(dep, "run").json()["id"])
        emulator.clock.advance(5)
    page = api.runs(dep, limit=2).json()
    assert [r["id"] for r in page["data"]] == run_ids[:0:-1]
    assert page["has_more"] is True and page["next_page"] == run_ids[1]
    rest = api.runs(dep, limit=2, after_id=page["next_page"]).json()
    assert [r["id"] for r in rest["data"]] == [run_ids[0]] and rest["has_more"] is False


def test_runs_of_an_unknown_deployment_are_not_found(api):
    assert api.runs("dep_019ec55a2b687b3f94eee77dd77e4b2a").status_code == 404


def test_global_run_list_with_unknown_deployment_is_empty(api):
    response = api.all_runs(deployment_id="dep_019ec55a2b687b3f94eee77dd77e4b2a")
    assert response.status_code == 200 and response.json()["data"] == []


def test_page_is_the_sdk_forward_cursor(api):
    ids = make(api, 5)[::-1]
    first = api.list(limit=2).json()
    second = api.list(limit=2, page=first["next_page"]).json()
    assert [d["id"] for d in second["data"]] == ids[2:4]


def test_page_with_another_cursor_is_refused(api):
    ids = make(api, 2)
    response = api.list(page=ids[0], after_id=ids[1])
    assert response.status_code == 400 and error_of(response)["param"] == "page"
    malformed = api.list(page="next")
    assert malformed.status_code == 400 and error_of(malformed)["param"] == "page"


def test_created_at_bounds_filter_deployments(api, emulator):
    old = make(api, 2)
    emulator.clock.advance(10)
    new = [api.created(name=f"new-{i}")["id"] for i in range(2)]
    created = api.list().json()["data"][0]["created_at"]
    assert [d["id"] for d in api.list(**{"created_at[gte]": created}).json()["data"]] == new[::-1]
    assert [d["id"] for d in api.list(**{"created_at[lt]": created}).json()["data"]] == old[::-1]
    assert api.list(**{"created_at[gt]": created}).json()["data"] == []
    both = api.list(**{"created_at[lte]": created, "created_at[gt]": "2000-01-01T00:00:00Z"})
    assert len(both.json()["data"]) == 4


def test_created_at_must_be_a_timestamp(api):
    response = api.list(**{"created_at[gte]": "yesterday"})
    assert response.status_code == 400 and error_of(response)["param"] == "created_at[gte]"


def test_underscore_created_at_bounds_filter_like_the_bracketed_ones(api, emulator):
    old = make(api, 2)
    emulator.clock.advance(10)
    new = [api.created(name=f"new-{i}")["id"] for i in range(2)]
    created = api.list().json()["data"][0]["created_at"]
    ids = lambda r: [d["id"] for d in r.json()["data"]]  # noqa: E731
    assert ids(api.list(created_at_gte=created)) == new[::-1]
    assert ids(api.list(created_at_lt=created)) == old[::-1]
    assert ids(api.list(created_at_gt=created)) == []
    assert ids(api.list(created_at_lte=created, **{"created_at[gt]": "2000-01-01T00:00:00Z"})) \
        == (old + new)[::-1]
    assert ids(api.list(created_at_gte="2030-01-01T00:00:00Z")) == []


def test_underscore_created_at_filters_all_runs(api, emulator):
    dep = api.created()["id"]
    early = api.action(dep, "run").json()
    emulator.clock.advance(60)
    late = api.action(dep, "run").json()
    ids = lambda r: [run["id"] for run in r.json()["data"]]  # noqa: E731
    assert ids(api.all_runs(created_at_gt=early["created_at"])) == [late["id"]]
    assert ids(api.all_runs(created_at_lte=early["created_at"])) == [early["id"]]


def test_one_created_at_bound_in_both_spellings_is_refused(api):
    response = api.list(created_at_gte="2026-06-14T00:00:00Z",
                        **{"created_at[gte]": "2026-06-14T00:00:00Z"})
    assert response.status_code == 400 and error_of(response)["param"] == "created_at_gte"


def test_underscore_created_at_must_be_a_timestamp(api):
    response = api.all_runs(created_at_lt="soon")
    assert response.status_code == 400 and error_of(response)["param"] == "created_at_lt"


def test_a_deployments_runs_take_no_created_at_bound(api):
    dep = api.created()["id"]
    response = api.runs(dep, created_at_gte="2026-06-14T00:00:00Z")
    assert response.status_code == 400 and error_of(response)["param"] == "created_at_gte"


def test_run_filters_work_on_both_lists(api, emulator):
    dep = api.created()["id"]
    api.run_outcome(status="failed", count=1)
    failed = api.action(dep, "run").json()["id"]
    emulator.clock.advance(5)
    ok = api.action(dep, "run").json()["id"]
    emulator.clock.advance(5)
    ids = lambda r: [run["id"] for run in r.json()["data"]]  # noqa: E731
    assert ids(api.all_runs(has_error="true")) == [failed]
    assert ids(api.all_runs(status="completed")) == [ok]
    assert ids(api.all_runs(trigger_type="manual", deployment_id=dep)) == [ok, failed]
    assert ids(api.runs(dep, status="failed")) == [failed]
    assert ids(api.runs(dep, triggered_after="2026-06-14T08:58:02Z")) == [ok]
    assert ids(api.runs(dep, triggered_before="2026-06-14T08:58:02Z")) == [failed]
