"""DeploymentRunProvider and EngineLog without a server: pickle, preview unknowns, logging."""

from __future__ import annotations

import base64
import io

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.output import Unknown

from pulumi_qoder.core.deployment_run.check import RUN_OUTPUT_FIELDS, check_run_inputs
from pulumi_qoder.enginerpc.log import EngineLog, engine_address
from pulumi_qoder.run_provider import DeploymentRunProvider
from tests.support.constants import TEST_TOKEN

RECORDED = {
    "deployment_id": "dep_1", "triggers": {"v": "1"}, "wait_for_completion": True,
    "timeout_seconds": 60, "fail_on_skipped": False, "run_id": "drun_1", "status": "completed",
}


def test_the_pickle_is_a_small_reference_without_settings():
    provider = DeploymentRunProvider()
    config = {"qoder:token": TEST_TOKEN, "qoder:baseUrl": "http://127.0.0.1:1/api"}
    provider.configure(ConfigureRequest(Config(config, "p")))
    raw = base64.b64decode(serialize_provider(provider))
    assert len(raw) < 200 and TEST_TOKEN.encode() not in raw and b"127.0.0.1" not in raw


def test_check_leaves_preview_unknowns_for_later():
    news = {"deployment_id": Unknown(), "triggers": Unknown(), "timeout_seconds": Unknown()}
    result = DeploymentRunProvider().check({}, news)
    assert result.failures == []
    assert isinstance(result.inputs["deployment_id"], Unknown)
    assert result.inputs["wait_for_completion"] is False


def test_an_unknown_trigger_value_means_a_new_run():
    news = {**RECORDED, "triggers": {"v": Unknown()}}
    result = DeploymentRunProvider().diff("drun_1", RECORDED, news)
    assert result.changes is True and result.replaces == ["triggers"]


def test_recorded_outputs_and_unchanged_inputs_are_no_change():
    assert DeploymentRunProvider().diff("drun_1", RECORDED, dict(RECORDED)).changes is False


def test_the_engine_address_is_the_first_argument_when_it_is_one():
    assert engine_address(["__main__.py", "127.0.0.1:41033"]) == "127.0.0.1:41033"
    assert engine_address(["__main__.py", "--logtostderr"]) is None
    assert engine_address(["__main__.py"]) is None


def test_without_an_engine_progress_goes_to_stderr():
    stream = io.StringIO()
    EngineLog(None, stream).info("run drun_1: running after 3 s")
    assert stream.getvalue() == "run drun_1: running after 3 s\n"


def test_an_engine_that_is_gone_falls_back_to_stderr_without_raising():
    stream = io.StringIO()
    log = EngineLog("127.0.0.1:1", stream)  # nothing listens on port 1
    log.info("first")
    log.info("second")
    assert stream.getvalue() == "first\nsecond\n"


@pytest.mark.parametrize(
    ("news", "prop"),
    [
        ({"deployment_id": "dep_x", "unexpected": 1}, "unexpected"),
        ({"deployment_id": "dep_x", "timeout_seconds": 1e300}, "timeout_seconds"),
        ({"deployment_id": "dep_x", "timeout_seconds": float("inf")}, "timeout_seconds"),
        ({"deployment_id": "dep_x", "timeout_seconds": float("nan")}, "timeout_seconds"),
    ],
    ids=["unknown key", "huge timeout", "infinite timeout", "NaN timeout"],
)
def test_run_check_refuses_unknown_keys_and_unbounded_timeouts(news, prop):
    _, failures = check_run_inputs(news)

    assert [name for name, _ in failures] == [prop]
    assert all("1e+300" not in reason and "nan" not in reason for _, reason in failures)


def test_run_check_accepts_the_outputs_the_resource_registers_as_none():
    news = {"deployment_id": "dep_x", "__name": "smoke", **dict.fromkeys(RUN_OUTPUT_FIELDS)}

    assert check_run_inputs(news)[1] == []
