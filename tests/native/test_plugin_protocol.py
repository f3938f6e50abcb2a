"""`pulumi-resource-qoder` over gRPC against the served emulator: the dynamic provider's
guarantees (call counts, check failures, secrecy) under the native protocol."""

from __future__ import annotations

import json
import re
from concurrent import futures
from datetime import datetime, timezone

import httpx
import pytest
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2

from bench.counted_emulator import InFlight
from pulumi_qoder._version import __version__
from pulumi_qoder.core.schedule.cron import next_fires
from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.dynamic.host import HostError, _props, _struct, api_calls, secret
from tests.native.plugin import REPO, RUN_URN
from tests.support.constants import ENV, TEST_TOKEN
from tests.support.emulator import fresh_service
from tests.support.inputs import PROGRAM as DYNAMIC_PROGRAM
from tests.support.values import schema_names

PROGRAM = schema_names(DYNAMIC_PROGRAM)
"""The dynamic host's protocol-test program, in schema (camelCase) names."""
DIFF_NONE = provider_pb2.DiffResponse.DIFF_NONE
DIFF_SOME = provider_pb2.DiffResponse.DIFF_SOME
UPDATE = provider_pb2.PropertyDiff.UPDATE


def up(plugin, program=PROGRAM):
    """Check then create, as `pulumi up` does for a new resource."""
    inputs, failures = plugin.check(program)
    assert failures == []
    id_, outs = plugin.create(inputs)
    return id_, inputs, outs


def is_secret(value) -> bool:
    return rpc.is_rpc_secret(value)


# plugin, schema and configuration


def test_plugin_reports_the_package_version_and_serves_the_shipped_schema(unconfigured_plugin):
    assert unconfigured_plugin.info().version == __version__
    served = json.loads(unconfigured_plugin.schema())
    assert served == json.loads((REPO / "schema.json").read_text())
    assert served["version"] == __version__


def test_configure_supports_preview_and_accepts_secrets(bare_plugin, served_emulator):
    response = bare_plugin.configure(
        {"token": secret(TEST_TOKEN), "baseUrl": served_emulator.base_url}
    )
    assert response.supportsPreview and response.acceptSecrets and response.acceptResources


def test_check_config_names_a_bad_region(unconfigured_plugin):
    request = provider_pb2.CheckRequest(
        urn="urn:pulumi:dev::project::pulumi:providers:qoder::default",
        news=_struct({"region": "mars", "token": secret(TEST_TOKEN)}),
    )
    reasons = [f.reason for f in unconfigured_plugin.call("CheckConfig", request).failures]
    assert reasons == ["qoder:region must be one of cn, global (or set qoder:baseUrl instead)"]


@pytest.mark.parametrize("settings", [{"token": 5}, {"region": ["mars"], "token": "t"},
                                      {"baseUrl": {"a": 1}, "token": "t"}],
                         ids=["token-number", "region-list", "base-url-object"])
def test_check_config_names_a_setting_of_the_wrong_type_without_an_internal_error(
    unconfigured_plugin, settings
):
    request = provider_pb2.CheckRequest(
        urn="urn:pulumi:dev::project::pulumi:providers:qoder::default", news=_struct(settings)
    )
    reasons = [f.reason for f in unconfigured_plugin.call("CheckConfig", request).failures]
    key = next(k for k, v in settings.items() if not isinstance(v, str))
    assert reasons == [f"qoder:{key} must be a string"]


def test_check_config_returns_a_plain_token_as_a_secret_for_the_state(unconfigured_plugin):
    request = provider_pb2.CheckRequest(
        urn="urn:pulumi:dev::project::pulumi:providers:qoder::default",
        news=_struct({"token": TEST_TOKEN, "region": "global"}),
    )
    inputs = _props(unconfigured_plugin.call("CheckConfig", request).inputs)
    assert is_secret(inputs["token"]) and not is_secret(inputs["region"])


def test_a_repository_token_given_in_plain_text_is_a_secret_output(plugin, served_emulator):
    program = {
        **PROGRAM,
        "resources": [{"type": "github_repository", "url": "https://github.com/o/r",
                       "authorizationToken": "ghp-plain-clone-token"}],
    }
    inputs, _ = plugin.check(program)
    _, outs = plugin.create(inputs)
    assert is_secret(outs["resources"])


def test_check_config_says_what_a_base_url_without_the_api_path_should_look_like(
    unconfigured_plugin
):
    request = provider_pb2.CheckRequest(
        urn="urn:pulumi:dev::project::pulumi:providers:qoder::default",
        news=_struct({"baseUrl": "http://127.0.0.1:9", "token": secret(TEST_TOKEN)}),
    )
    reasons = [f.reason for f in unconfigured_plugin.call("CheckConfig", request).failures]
    assert reasons == [
        "qoder:baseUrl must be the API's base URL, like https://api.qoder.com/api/v1/cloud: "
        "the path must end in /api/v1/cloud"
    ]


@pytest.mark.parametrize(
    ("settings", "reasons"),
    [({"apiMaxRetries": 3, "apiRetryTimeoutSeconds": 12.5}, []),
     ({"apiMaxRetries": "3"}, []),
     ({"apiMaxRetries": -1}, ["qoder:apiMaxRetries must be a whole number, 0 or more "
                              "(default 7)"])],
    ids=["typed", "text", "negative"],
)
def test_check_config_takes_the_retry_settings_typed_or_as_text(
    unconfigured_plugin, settings, reasons
):
    request = provider_pb2.CheckRequest(
        urn="urn:pulumi:dev::project::pulumi:providers:qoder::default",
        news=_struct({"token": secret(TEST_TOKEN), **settings}),
    )
    assert [f.reason for f in unconfigured_plugin.call("CheckConfig", request).failures] == reasons


RATE_RULE = "must be a number of calls per second above 0 (default {}, the API's documented " \
    "limit per token)"


@pytest.mark.parametrize(
    ("settings", "reasons"),
    [({"writesPerSecond": 5, "readsPerSecond": 12.5}, []),
     ({"writesPerSecond": "5", "readsPerSecond": "0.5"}, []),
     ({"writesPerSecond": 0}, [f"qoder:writesPerSecond {RATE_RULE.format(20)}"]),
     ({"readsPerSecond": -3}, [f"qoder:readsPerSecond {RATE_RULE.format(50)}"]),
     ({"writesPerSecond": "fast", "readsPerSecond": "0"},
      [f"qoder:writesPerSecond {RATE_RULE.format(20)}",
       f"qoder:readsPerSecond {RATE_RULE.format(50)}"])],
    ids=["typed", "text", "zero", "negative", "not-a-number"],
)
def test_check_config_judges_the_rate_settings(unconfigured_plugin, settings, reasons):
    request = provider_pb2.CheckRequest(
        urn="urn:pulumi:dev::project::pulumi:providers:qoder::default",
        news=_struct({"token": secret(TEST_TOKEN), **settings}),
    )
    assert [f.reason for f in unconfigured_plugin.call("CheckConfig", request).failures] == reasons


def test_check_config_without_a_token_names_the_setting_and_the_variable(unconfigured_plugin):
    request = provider_pb2.CheckRequest(
        urn="urn:pulumi:dev::project::pulumi:providers:qoder::default", news=_struct({})
    )
    reasons = [f.reason for f in unconfigured_plugin.call("CheckConfig", request).failures]
    assert len(reasons) == 1 and "qoder:token" in reasons[0] and "QODER_PAT" in reasons[0]


# check


def test_check_accepts_good_inputs_without_calling_the_api(plugin, served_emulator):
    inputs, failures = plugin.check(PROGRAM)
    assert failures == []
    assert inputs == {**PROGRAM, "resources": [], "vaultIds": []}  # unset: their defaults
    assert api_calls(served_emulator) == []


def test_check_failures_name_the_property_in_schema_names(plugin, served_emulator):
    bad = {
        **PROGRAM,
        "schedule": {"expression": "61 9 * * *", "timezone": "Asia/Shanghai"},
        "initialEvents": [{"type": "user.define_outcome", "description": "d", "rubric": {},
                           "maxIterations": 99}],
        "maxConcurrent": 0,
    }
    _, failures = plugin.check(bad)
    assert failures == [
        "schedule.expression: minute field: values must be 0-59",
        "initialEvents[0].maxIterations: must be a whole number from 1 to 20",
        "maxConcurrent: must be a whole number of at least 1",
    ]
    assert api_calls(served_emulator) == []


def test_auto_names_are_stable_between_preview_up_and_retries(plugin):
    unnamed = {k: v for k, v in PROGRAM.items() if k != "name"}
    preview, _ = plugin.check(unnamed, seed=b"seed of the preview")
    again, _ = plugin.check(unnamed, seed=b"seed of the update, another one")
    assert re.fullmatch(r"daily-report-[a-z0-9]{7}", preview["name"])
    assert again["name"] == preview["name"]
    kept, _ = plugin.check(unnamed, olds={**unnamed, "name": "daily-report-kept123"})
    assert kept["name"] == "daily-report-kept123"


AUTONAMING = provider_pb2.CheckRequest.AutonamingOptions


def test_check_takes_the_name_the_engine_proposes_for_an_unnamed_deployment(plugin):
    """`pulumi:autonaming` config (the engine's proposal), for an unnamed resource only."""
    unnamed = {k: v for k, v in PROGRAM.items() if k != "name"}
    proposal = AUTONAMING(proposed_name="reports-daily-report-x1", mode=AUTONAMING.PROPOSE)
    inputs, failures = plugin.check(unnamed, autonaming=proposal)
    assert failures == [] and inputs["name"] == "reports-daily-report-x1"
    named, _ = plugin.check(PROGRAM, autonaming=proposal)
    assert named["name"] == "daily-report"


def test_check_with_auto_naming_disabled_requires_a_name(plugin):
    unnamed = {k: v for k, v in PROGRAM.items() if k != "name"}
    off = AUTONAMING(mode=AUTONAMING.DISABLE)
    _, failures = plugin.check(unnamed, autonaming=off)
    assert failures == ["name: is required: auto-naming is disabled"]
    named, failures = plugin.check(PROGRAM, autonaming=off)
    assert failures == [] and named["name"] == "daily-report"


def test_check_keeps_preview_unknowns_and_secrets(plugin):
    program = {
        **PROGRAM,
        "environmentId": rpc.UNKNOWN,
        "resources": [{"type": "github_repository", "url": "https://github.com/o/r",
                       "authorizationToken": secret("ghp-secret-clone-token")}],
    }
    inputs, failures = plugin.check(program)
    assert failures == []
    assert type(inputs["environmentId"]).__name__ == "Unknown"
    assert is_secret(inputs["resources"])  # the SDK lifts a nested secret to its property


# preview


def test_preview_create_makes_no_call_and_computes_the_next_runs(plugin, served_emulator):
    inputs, _ = plugin.check(PROGRAM)
    before = datetime.now(timezone.utc)
    id_, outs = plugin.create(inputs, preview=True)
    assert id_ == "" and api_calls(served_emulator) == []
    expected = [f.strftime("%Y-%m-%dT%H:%M:%SZ")
                for f in next_fires("30 9 * * 1-5", "Asia/Shanghai", before)]
    assert outs["upcomingRunsAt"] == expected
    assert outs["nextTriggerAt"] == expected[0]
    assert type(outs["createdAt"]).__name__ == "Unknown"


def test_preview_update_shows_the_new_schedules_next_runs(plugin, served_emulator):
    id_, inputs, outs = up(plugin)
    served_emulator.clear_journal()
    news = {**inputs, "schedule": {"expression": "0 7 * * *", "timezone": "UTC"}}
    preview = plugin.update(id_, outs, news, preview=True)
    assert api_calls(served_emulator) == []
    assert preview["upcomingRunsAt"] != outs["upcomingRunsAt"]
    assert all(run.endswith("T07:00:00Z") for run in preview["upcomingRunsAt"])
    assert preview["createdAt"] == outs["createdAt"]


# create, read, update, delete


def test_create_makes_one_write_and_returns_schema_named_outputs(plugin, served_emulator):
    id_, _, outs = up(plugin)
    # no read back: the archive ledger says the answer is no since-archived create's replay
    assert api_calls(served_emulator) == ["POST /deployments"]
    assert id_.startswith("dep_")
    assert outs["status"] == "active" and outs["paused"] is False
    assert outs["environmentId"] == ENV and outs["agentVersion"] >= 1
    assert not [key for key in outs if key.startswith("__") or "_" in key]


def test_outputs_from_secret_inputs_stay_secret_and_the_token_never_appears(
    plugin, served_emulator
):
    program = {
        **PROGRAM,
        "resources": [{"type": "github_repository", "url": "https://github.com/o/r",
                       "authorizationToken": secret("ghp-secret-clone-token")}],
    }
    inputs, _ = plugin.check(program)
    _, outs = plugin.create(inputs)
    assert is_secret(outs["resources"])
    assert not is_secret(outs["schedule"])
    assert TEST_TOKEN not in json.dumps(outs, default=str)


def test_a_one_field_update_makes_one_post(plugin, served_emulator):
    id_, inputs, outs = up(plugin)
    served_emulator.clear_journal()
    news, _ = plugin.check({**PROGRAM, "description": "Now weekly"}, olds=inputs)
    diff = plugin.diff(id_, outs, news)
    assert diff.changes == DIFF_SOME and list(diff.diffs) == ["description"]
    assert dict(diff.detailedDiff)["description"].kind == UPDATE
    new_outs = plugin.update(id_, outs, news)
    assert api_calls(served_emulator) == ["POST /deployments/{id}"]
    assert new_outs["description"] == "Now weekly"


def test_a_paused_flip_makes_one_call(plugin, served_emulator):
    id_, inputs, outs = up(plugin)
    served_emulator.clear_journal()
    news, _ = plugin.check({**PROGRAM, "paused": True}, olds=inputs)
    assert list(plugin.diff(id_, outs, news).diffs) == ["paused"]
    new_outs = plugin.update(id_, outs, news)
    assert api_calls(served_emulator) == ["POST /deployments/{id}/pause"]
    assert new_outs["status"] == "paused"


def test_an_unchanged_program_diffs_to_nothing(plugin, served_emulator):
    id_, inputs, outs = up(plugin)
    news, _ = plugin.check(PROGRAM, olds=inputs)
    assert plugin.diff(id_, outs, news).changes == DIFF_NONE


def test_drift_read_by_refresh_diffs_as_the_changed_field(plugin, served_emulator, api_http):
    id_, inputs, outs = up(plugin)
    api_http.post(f"/deployments/{id_}/pause").raise_for_status()
    _, refreshed, refreshed_inputs = plugin.read(id_, outs, inputs)
    assert refreshed["paused"] is True and refreshed_inputs["paused"] is True
    news, _ = plugin.check(PROGRAM, olds=refreshed_inputs)
    diff = plugin.diff(id_, refreshed, news)
    assert list(diff.diffs) == ["paused"]
    assert dict(diff.detailedDiff)["paused"].kind == UPDATE


def test_read_with_no_prior_state_serves_import_with_no_changes(plugin, served_emulator):
    id_, _, _ = up(plugin)
    read_id, outs, inputs = plugin.read(id_)
    assert read_id == id_
    assert {"name", "agent", "environmentId", "initialEvents", "schedule"} <= set(inputs)
    checked, failures = plugin.check(inputs)
    assert failures == []
    assert plugin.diff(id_, outs, checked).changes == DIFF_NONE


def test_read_of_an_archived_deployment_says_it_is_gone(plugin, api_http):
    id_, inputs, outs = up(plugin)
    api_http.post(f"/deployments/{id_}/archive").raise_for_status()
    assert plugin.read(id_, outs, inputs)[0] == ""


def test_delete_archives_with_one_call(plugin, later_plugin, served_emulator):
    id_, _, outs = up(plugin)
    served_emulator.clear_journal()
    later_plugin.delete(id_, outs)  # `destroy`: another run
    assert api_calls(served_emulator) == ["POST /deployments/{id}/archive"]


def test_a_failed_call_is_a_clear_message_without_traceback_or_token(plugin, served_emulator):
    id_, inputs, outs = up(plugin)
    news, _ = plugin.check({**PROGRAM, "description": "x"}, olds=inputs)
    with pytest.raises(HostError) as caught:
        plugin.update("dep_00000000000000000000000000000000", outs, news)
    message = str(caught.value)
    assert message.startswith("updating deployment 'dep_00000000000000000000000000000000'")
    assert "Traceback" not in message and TEST_TOKEN not in message


def test_no_token_is_a_configuration_error_naming_the_setting(bare_plugin):
    bare_plugin.configure({"baseUrl": "http://127.0.0.1:9/api/v1/cloud"})
    inputs, _ = bare_plugin.check(PROGRAM)
    with pytest.raises(HostError) as caught:
        bare_plugin.create(inputs)
    assert "qoder:token" in str(caught.value) and "Traceback" not in str(caught.value)


def test_calls_run_at_once_beyond_the_dynamic_hosts_four(bare_plugin):
    """Of 16 creates sent at once, more than the dynamic host's 4 are served at once."""
    counter = InFlight(create_app(fresh_service(), tokens=[TEST_TOKEN]))
    with EmulatorServer(counter) as server:
        fault = {"path": "*", "latency_ms": 500}
        httpx.post(f"{server.root_url}/_emulator/faults", json=fault).raise_for_status()
        bare_plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": server.base_url})
        programs = [{**PROGRAM, "name": f"parallel-{i}"} for i in range(16)]
        with futures.ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda p: up(bare_plugin, p), programs))
    assert len({id_ for id_, _, _ in results}) == 16
    assert counter.peak > 4


def test_an_unknown_resource_type_is_named(plugin):
    with pytest.raises(HostError, match="unknown resource type 'qoder:index:Nope'"):
        plugin.for_urn("urn:pulumi:dev::project::qoder:index:Nope::x").check({})


# DeploymentRun


def test_a_run_is_triggered_once_and_previews_without_calls(plugin, served_emulator):
    id_, _, _ = up(plugin)
    runs = plugin.for_urn(RUN_URN)
    inputs, failures = runs.check({"deploymentId": id_})
    assert failures == [] and inputs["waitForCompletion"] is False
    served_emulator.clear_journal()
    assert runs.create(inputs, preview=True)[0] == ""
    assert api_calls(served_emulator) == []
    run_id, outs = runs.create(inputs)
    assert api_calls(served_emulator) == ["POST /deployments/{id}/run"]
    assert run_id.startswith("drun_") and outs["runId"] == run_id


def test_run_check_names_the_bad_property(plugin):
    _, failures = plugin.for_urn(RUN_URN).check({"deploymentId": "nope", "timeoutSeconds": -1})
    assert failures == [
        "deploymentId: must be a deployment id (`dep_...`)",
        "timeoutSeconds: must be a number of seconds above 0 (at most 9007199254740991)",
    ]


def test_a_trigger_change_replaces_the_run(plugin):
    runs = plugin.for_urn(RUN_URN)
    olds = {"deploymentId": "dep_" + "0" * 32, "triggers": {"v": 1}}
    news = {**olds, "triggers": {"v": 2}}
    old_inputs, _ = runs.check(olds)
    new_inputs, _ = runs.check(news)
    diff = runs.diff("drun_x", old_inputs, new_inputs)
    assert list(diff.replaces) == ["triggers"]


# functions


def test_invoke_serves_the_lookups(plugin):
    id_, _, _ = up(plugin)
    found, failures = plugin.invoke("qoder:index:getDeployment", {"deploymentId": id_})
    assert failures == [] and found["id"] == id_ and found["environmentId"] == ENV
    by_name, _ = plugin.invoke("qoder:index:getDeploymentByName", {"name": "daily-report"})
    assert by_name["id"] == id_
    listed, _ = plugin.invoke("qoder:index:listDeployments", {})
    assert [d["id"] for d in listed["deployments"]] == [id_]
    runs, _ = plugin.invoke("qoder:index:listRuns", {"deploymentId": id_})
    assert runs == {"runs": []}


def test_invoke_names_a_missing_argument_and_an_unknown_function(plugin):
    _, failures = plugin.invoke("qoder:index:getDeployment", {})
    assert failures == ["deploymentId: is required"]
    with pytest.raises(HostError, match="unknown function 'qoder:index:nope'"):
        plugin.invoke("qoder:index:nope", {})


@pytest.mark.parametrize(
    ("token", "args", "reason"),
    [
        ("getDeployment", {"deploymentId": 5}, "deploymentId: must be a string"),
        ("getDeploymentByName", {"name": {"a": 1}}, "name: must be a string"),
        ("listRuns", {"limit": "abc"}, "limit: must be a whole number"),
        ("listRuns", {"limit": 2.5}, "limit: must be a whole number"),
        ("listDeployments", {"includeArchived": "yes"}, "includeArchived: must be true or false"),
    ],
    ids=["number-id", "object-name", "text-limit", "fraction-limit", "text-flag"],
)
def test_invoke_names_an_argument_of_the_wrong_type_without_an_internal_error(
    plugin, token, args, reason
):
    _, failures = plugin.invoke(f"qoder:index:{token}", args)
    assert failures == [reason]


def test_invoke_takes_a_whole_number_limit_sent_as_a_protobuf_number(plugin):
    id_, _, _ = up(plugin)
    runs, failures = plugin.invoke("qoder:index:listRuns", {"deploymentId": id_, "limit": 3})
    assert failures == [] and runs == {"runs": []}


def test_strict_drift_compares_unset_execution_settings(bare_plugin, served_emulator):
    bare_plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": served_emulator.base_url,
                           "strictDrift": "true"})
    program = {k: v for k, v in PROGRAM.items() if k != "maxRetries"}
    id_, inputs, outs = up(bare_plugin, program)
    assert inputs["maxRetries"] == 0 and inputs["timeoutMs"] == 300000
    drifted = {**outs, "maxRetries": 4}  # as a refresh would record a hand change
    assert list(bare_plugin.diff(id_, drifted, inputs).diffs) == ["maxRetries"]


def test_a_create_whose_answers_were_all_lost_is_recorded_once_by_the_repeat(
    bare_plugin, served_emulator, api_http
):
    bare_plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": served_emulator.base_url,
                           "apiMaxRetries": 1})
    httpx.post(f"{served_emulator.root_url}/_emulator/faults", json={
        "path": "*/deployments", "method": "POST", "drop": True, "after_processing": True,
        "count": 2,  # both attempts: processed, answer lost
    }).raise_for_status()
    inputs, _ = bare_plugin.check(PROGRAM)
    with pytest.raises(HostError):
        bare_plugin.create(inputs)

    id_, _ = bare_plugin.create(inputs)  # the next `up`: same URN and body, same key

    live = api_http.get("/deployments").json()["data"]
    assert [d["id"] for d in live] == [id_]


def test_an_auto_named_create_whose_answers_were_all_lost_takes_its_deployment_over(
    bare_plugin, served_emulator, api_http
):
    bare_plugin.configure({"token": secret(TEST_TOKEN), "baseUrl": served_emulator.base_url,
                           "apiMaxRetries": 1})
    httpx.post(f"{served_emulator.root_url}/_emulator/faults", json={
        "path": "*/deployments", "method": "POST", "drop": True, "after_processing": True,
        "count": 2,
    }).raise_for_status()
    inputs, _ = bare_plugin.check({k: v for k, v in PROGRAM.items() if k != "name"})

    id_, outs = bare_plugin.create(inputs)  # its URN-derived name proves the deployment its own

    live = api_http.get("/deployments").json()["data"]
    assert [d["id"] for d in live] == [id_]
    assert outs["name"] == inputs["name"]
