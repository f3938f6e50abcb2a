"""The provider through the SDK's dynamic provider host (gRPC), against the served emulator."""

from __future__ import annotations

import re

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime import rpc

from pulumi_qoder.provider import DeploymentProvider
from tests.dynamic.host import HostError, api_calls, secret
from tests.support.constants import AGENT, TEST_TOKEN
from tests.support.hosts import DIFF_NONE, DIFF_SOME
from tests.support.inputs import CREATE_BODY, PROGRAM


def up(host, program=PROGRAM):
    """Check then create, as `pulumi up` does for a new resource."""
    inputs, failures = host.check(program)
    assert failures == []
    id_, outs = host.create(inputs)
    return id_, inputs, outs


# check


def test_check_accepts_good_inputs_without_calling_the_api(host, served_emulator):
    inputs, failures = host.check({k: v for k, v in PROGRAM.items() if k != "name"})
    assert failures == []
    assert re.fullmatch(r"daily-report-[a-z0-9]{7}", inputs["name"])
    again, _ = host.check({k: v for k, v in PROGRAM.items() if k != "name"}, olds=inputs)
    assert again["name"] == inputs["name"]
    assert api_calls(served_emulator) == []


def test_check_reports_every_bad_property_with_its_path(host, served_emulator):
    bad = {
        **PROGRAM,
        "schedule": {"expression": "61 9 * * *", "timezone": "Asia/Shanghai"},
        "initial_events": [*PROGRAM["initial_events"], {"type": "user.shout", "content": "x"}],
        "metadata": {"k": "v" * 600},
        "max_concurrent": 0,
    }
    _, failures = host.check(bad)
    # Each failure is `<property>: <reason>` with no property of its own: the engine would
    # print a named property's top-level value (`{<nil>}` for a nested path, or the value).
    assert failures == [
        ("", "schedule.expression: minute field: values must be 0-59"),
        (
            "",
            "initial_events[1].type: must be one of user.message, user.define_outcome, "
            "system.message",
        ),
        ("", 'metadata["k"]: value must be at most 512 characters'),
        ("", "max_concurrent: must be a whole number of at least 1"),
    ]
    assert api_calls(served_emulator) == []


def test_check_passes_preview_unknowns_through(host):
    inputs, failures = host.check({**PROGRAM, "environment_id": rpc.UNKNOWN})
    assert failures == []
    assert type(inputs["environment_id"]).__name__ == "Unknown"


# create


def test_create_posts_then_reads_back_and_returns_full_outputs(host, served_emulator):
    id_, inputs, outs = up(host)
    # no read back: the archive ledger says the answer is no since-archived create's replay
    assert api_calls(served_emulator) == ["POST /deployments"]
    assert id_.startswith("dep_")
    assert outs["status"] == "active" and outs["paused"] is False
    assert outs["agent"] == AGENT and outs["agent_version"] >= 1
    assert outs["metadata"] == {"team": "infra", "tier": "gold"}
    assert len(outs["upcoming_runs_at"]) == 5
    assert outs["next_trigger_at"] == outs["upcoming_runs_at"][0]
    assert outs["stats"]["total_runs"] == 0
    assert host.diff(id_, outs, inputs).changes == DIFF_NONE


def test_create_paused_makes_create_then_pause_then_sets_the_schedule(host, served_emulator):
    _, _, outs = up(host, {**PROGRAM, "paused": True})
    assert api_calls(served_emulator) == [
        "POST /deployments", "POST /deployments/{id}/pause", "POST /deployments/{id}",
    ]
    assert outs["status"] == "paused" and outs["paused_reason"] == {"type": "manual"}
    assert outs["schedule"] == PROGRAM["schedule"]


def test_a_failed_pause_after_create_archives_it_and_says_why(host, served_emulator, api_http):
    fault = {"path": "*/pause", "method": "POST", "status": 403, "message": "Not allowed."}
    served_emulator.inject_fault(fault)
    inputs, _ = host.check({**PROGRAM, "paused": True})
    with pytest.raises(HostError) as exc:
        host.create(inputs)
    assert re.search(
        r"pausing deployment 'dep_[0-9a-f]{32}': 403 permission_error: Not allowed\. "
        r"\(request_id=req_\w+\) \(the new deployment is archived, nothing is left\)",
        str(exc.value),
    )
    assert api_calls(served_emulator) == [
        "POST /deployments",
        "POST /deployments/{id}/pause",
        "POST /deployments/{id}/archive",
    ]
    (live,) = api_http.get("/deployments", params={"include_archived": "true"}).json()["data"]
    assert live["archived_at"] is not None


def fail_creates(served_emulator, status: int = 500) -> None:
    """Every create attempt (the first and all 7 retries) gets a bodiless `status`.

    A tiny Retry-After keeps the client's waits short. Not a 429 or 503: those are retried
    for as long as the retry budget lasts, whatever the count.
    """
    fault = {"path": "*/deployments", "method": "POST", "status": status, "body": False,
             "retry_after": "0.01", "count": 8}
    served_emulator.inject_fault(fault)


def test_a_create_with_no_answer_says_nothing_of_that_name_exists(host, served_emulator):
    fail_creates(served_emulator)
    inputs, _ = host.check(PROGRAM)
    with pytest.raises(HostError, match=r"500: .*\(no deployment of that name exists\)"):
        host.create(inputs)


def test_a_create_with_no_answer_names_a_deployment_that_may_be_it(host, served_emulator, api_http):
    existing = api_http.post("/deployments", json=CREATE_BODY).json()["id"]
    fail_creates(served_emulator)
    inputs, _ = host.check(PROGRAM)
    with pytest.raises(HostError) as exc:
        host.create(inputs)
    assert f"the API may have created it anyway: {existing}" in str(exc.value)
    assert f"ResourceOptions(import_={existing!r})" in str(exc.value)


# read


def test_read_after_create_matches_and_leaves_no_diff(host, served_emulator):
    id_, inputs, outs = up(host)
    served_emulator.clear_journal()
    read_id, read_outs, read_inputs = host.read(id_, outs)
    assert api_calls(served_emulator) == ["GET /deployments/{id}"]
    assert read_id == id_ and read_outs == outs
    assert read_inputs == inputs
    assert host.diff(id_, read_outs, inputs).changes == DIFF_NONE


def test_import_rebuilds_the_program_inputs(host):
    id_, inputs, _ = up(host)
    read_id, outs, read_inputs = host.read(id_, {}, inputs=inputs)
    assert read_id == id_ and read_inputs == inputs
    assert host.diff(id_, outs, inputs).changes == DIFF_NONE


def test_create_with_an_adopt_id_takes_over_a_matching_deployment_without_writes(
    host, served_emulator
):
    id_, inputs, _ = up(host)
    served_emulator.clear_journal()
    adopted_id, outs = host.create({**inputs, "__adopt_id": id_})
    assert adopted_id == id_
    assert [c for c in api_calls(served_emulator) if not c.startswith("GET")] == []
    assert host.diff(id_, outs, inputs).changes == DIFF_NONE


def test_create_with_an_adopt_id_refuses_a_deployment_that_differs(host, api_http, served_emulator):
    id_, inputs, _ = up(host)
    api_http.post(f"/deployments/{id_}", json={"description": "edited"}).raise_for_status()
    served_emulator.clear_journal()
    with pytest.raises(HostError, match="differs from the program in description"):
        host.create({**inputs, "__adopt_id": id_})
    assert [c for c in api_calls(served_emulator) if not c.startswith("GET")] == []


def test_updating_a_deployment_archived_outside_says_to_refresh(host, api_http):
    id_, inputs, outs = up(host)
    api_http.post(f"/deployments/{id_}/archive").raise_for_status()
    with pytest.raises(HostError, match="archived .*outside Pulumi; run `pulumi refresh`"):
        host.update(id_, outs, {**inputs, "description": "changed"})


def test_an_outside_pause_and_edit_show_as_drift(host, api_http):
    id_, inputs, outs = up(host)
    api_http.post(f"/deployments/{id_}/pause").raise_for_status()
    api_http.post(f"/deployments/{id_}", json={"description": "edited"}).raise_for_status()
    _, read_outs, read_inputs = host.read(id_, outs)
    assert read_outs["status"] == "paused" and read_inputs["paused"] is True
    assert read_inputs["description"] == "edited"
    assert host.diff(id_, read_outs, inputs).changes == DIFF_SOME


@pytest.mark.parametrize("archived", [True, False], ids=["archived", "missing"])
def test_a_gone_deployment_reads_as_gone(host, api_http, archived):
    id_, _, outs = up(host)
    if archived:
        api_http.post(f"/deployments/{id_}/archive").raise_for_status()
    else:
        id_ = "dep_" + "0" * 32
    assert host.read(id_, outs)[0] == ""


# diff and update


def test_a_no_change_diff_makes_no_api_calls(host, served_emulator):
    id_, inputs, outs = up(host)
    served_emulator.clear_journal()
    assert host.diff(id_, outs, inputs).changes == DIFF_NONE
    assert host.diff(id_, outs, {**inputs, "max_retries": 0.0}).changes == DIFF_NONE
    assert api_calls(served_emulator) == []


def test_flipping_paused_makes_exactly_one_pause_call(host, served_emulator):
    id_, inputs, outs = up(host)
    served_emulator.clear_journal()
    news = {**inputs, "paused": True}
    diff = host.diff(id_, outs, news)
    assert diff.changes == DIFF_SOME and list(diff.replaces) == []
    outs = host.update(id_, outs, news)
    assert api_calls(served_emulator) == ["POST /deployments/{id}/pause"]
    assert outs["status"] == "paused"
    served_emulator.clear_journal()
    outs = host.update(id_, outs, inputs)
    assert api_calls(served_emulator) == ["POST /deployments/{id}/unpause"]
    assert outs["status"] == "active"


def test_update_sends_one_patch_with_only_the_changed_fields(host, served_emulator, api_http):
    id_, inputs, outs = up(host)
    served_emulator.clear_journal()
    news = {**inputs, "description": "New text", "metadata": {"team": "infra"}, "max_retries": 2}
    assert host.diff(id_, outs, news).changes == DIFF_SOME
    outs = host.update(id_, outs, news)
    assert api_calls(served_emulator) == ["POST /deployments/{id}"]
    live = api_http.get(f"/deployments/{id_}").json()
    assert live["description"] == "New text"
    assert {k: v for k, v in live["metadata"].items() if k != "cas_config"} == {"team": "infra"}
    assert live["metadata"]["cas_config"]["config"]["max_retries"] == 2
    assert live["metadata"]["cas_config"]["config"]["timeout_ms"] == 300_000
    assert host.diff(id_, outs, news).changes == DIFF_NONE


def test_removing_the_schedule_makes_it_manual_only(host, api_http):
    id_, inputs, outs = up(host)
    news = {k: v for k, v in inputs.items() if k != "schedule"}
    outs = host.update(id_, outs, news)
    assert outs.get("schedule") is None
    assert outs["upcoming_runs_at"] == []
    assert api_http.get(f"/deployments/{id_}").json()["schedule"] is None


def test_pausing_an_already_paused_deployment_succeeds(host, served_emulator, api_http):
    id_, inputs, outs = up(host)
    api_http.post(f"/deployments/{id_}/pause").raise_for_status()
    served_emulator.clear_journal()
    outs = host.update(id_, outs, {**inputs, "paused": True})
    assert outs["status"] == "paused"
    assert api_calls(served_emulator) == ["POST /deployments/{id}/pause", "GET /deployments/{id}"]


# delete


def test_delete_archives_and_is_idempotent(host, later_host, served_emulator, api_http):
    id_, _, outs = up(host)
    served_emulator.clear_journal()
    later_host.delete(id_, outs)  # `destroy`: another run
    assert api_calls(served_emulator) == ["POST /deployments/{id}/archive"]
    assert api_http.get(f"/deployments/{id_}").json()["archived_at"] is not None
    later_host.delete(id_, outs)
    later_host.delete("dep_" + "0" * 32, outs)


# secrecy


def test_the_token_never_appears_in_outputs_or_errors(host, served_emulator):
    id_, inputs, outs = up(host)
    read = host.read(id_, outs)
    updated = host.update(id_, outs, {**inputs, "paused": True})
    texts = [repr(outs), repr(read), repr(updated), repr(inputs)]
    fault = {"path": "*/unpause", "status": 409, "message": f"echo Bearer {TEST_TOKEN}"}
    served_emulator.inject_fault(fault)
    with pytest.raises(HostError) as exc:
        host.update(id_, updated, inputs)
    texts.append(str(exc.value))
    assert "unpausing deployment" in str(exc.value)
    assert all(TEST_TOKEN not in text for text in texts)


def test_a_rejected_token_is_reported_without_it(provider_host, served_emulator):
    provider_host.configure(
        {"qoder:token": secret("pt-wrong-token-1234"), "qoder:baseUrl": served_emulator.base_url}
    )
    inputs, _ = provider_host.check(PROGRAM)
    with pytest.raises(HostError) as exc:
        provider_host.create(inputs)
    assert "creating deployment 'daily-report': 401 authentication_error" in str(exc.value)
    assert "pt-wrong-token-1234" not in str(exc.value)


def test_a_failed_rollback_keeps_both_failures_and_says_what_is_left_behind(
    host, served_emulator
):
    served_emulator.inject_fault({"path": "*/pause", "status": 403, "message": "No pausing."})
    served_emulator.inject_fault({"path": "*/archive", "status": 403, "message": "No archiving."})
    inputs, _ = host.check({**PROGRAM, "paused": True})
    with pytest.raises(HostError) as exc:
        host.create(inputs)
    assert re.search(
        r"pausing deployment 'dep_[0-9a-f]{32}': 403 permission_error: No pausing\. "
        r"\(request_id=req_\w+\); then archiving deployment 'dep_[0-9a-f]{32}' after a failed "
        r"create also failed, so it is left behind; archive it by hand: 403 permission_error: "
        r"No archiving\.",
        str(exc.value),
    )
    assert "Traceback" not in str(exc.value)


def test_a_limit_the_api_enforces_fails_up_naming_the_property(host, served_emulator):
    # CONTRACT §8 #10: no documented range, so check passes; the API's 400 names the field.
    inputs, failures = host.check({**PROGRAM, "max_retries": 11})
    assert failures == []
    with pytest.raises(HostError) as exc:
        host.create(inputs)
    assert re.fullmatch(
        r"creating deployment 'daily-report': max_retries: "
        r"'metadata\.cas_config\.config\.max_retries' must be an integer from 0 to 10\. "
        r"\(400 invalid_request_error, request_id=req_\w+\)",
        str(exc.value).strip(),
    )


def test_settings_fall_back_to_the_environment(served_emulator, monkeypatch):
    monkeypatch.setenv("QODER_PAT", TEST_TOKEN)
    monkeypatch.setenv("QODER_BASE_URL", served_emulator.base_url)
    provider = DeploymentProvider()
    provider.configure(ConfigureRequest(Config({}, "project")))
    inputs = provider.check({}, PROGRAM).inputs
    created = provider.create(inputs)
    assert provider.read(created.id, created.outs).id == created.id
