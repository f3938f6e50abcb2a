"""DeploymentProvider without a server: check, diff, configure and what its pickle holds."""

from __future__ import annotations

import base64
import re

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.output import Unknown

from pulumi_qoder.core.errors import ProviderError
from pulumi_qoder.dynamic.deployment_provider import DeploymentProvider
from tests.support.constants import AGENT, ENV, TEST_TOKEN

GOOD = {
    "agent": AGENT,
    "environment_id": ENV,
    "initial_events": [{"type": "user.message", "content": "hi"}],
    "schedule": {"expression": "0 9 * * *", "timezone": "UTC"},
    "__name": "report",
    "__provider": "blob",
}


def configured(**config) -> DeploymentProvider:
    provider = DeploymentProvider()
    provider.configure(ConfigureRequest(Config({f"qoder:{k}": v for k, v in config.items()}, "p")))
    return provider


def test_check_names_an_unnamed_deployment_and_keeps_hidden_keys():
    result = DeploymentProvider().check({}, GOOD)
    assert result.failures == []
    assert re.fullmatch(r"report-[a-z0-9]{7}", result.inputs["name"])
    assert result.inputs["__provider"] == "blob"


def test_check_reports_each_bad_property():
    bad = {**GOOD, "schedule": {"expression": "0 9 * *", "timezone": "Nowhere/City"}}
    failures = DeploymentProvider().check({}, bad).failures
    assert [f.property for f in failures] == ["", ""]
    assert [f.reason for f in failures] == [
        "schedule.expression: cron expression must have 5 fields "
        "(minute hour day-of-month month day-of-week), got 4",
        "schedule.timezone: unknown IANA timezone (expected a name such as 'Asia/Shanghai' or "
        "'UTC')",
    ]


def test_check_passes_preview_unknowns_through_untouched():
    news = {
        **GOOD,
        "environment_id": Unknown(),
        "schedule": {"expression": Unknown(), "timezone": "UTC"},
    }
    result = DeploymentProvider().check({}, news)
    assert result.failures == []
    assert isinstance(result.inputs["environment_id"], Unknown)
    assert isinstance(result.inputs["schedule"]["expression"], Unknown)


def test_diff_reports_changes_and_no_replacements():
    olds = {**GOOD, "name": "n", "status": "active", "max_retries": 0}
    provider = DeploymentProvider()
    assert provider.diff("dep_1", olds, {**GOOD, "name": "n"}).changes is False
    changed = provider.diff("dep_1", olds, {**GOOD, "name": "n", "environment_id": Unknown()})
    assert changed.changes is True and changed.replaces == []


def test_the_pickle_is_a_small_reference_without_settings():
    blob = serialize_provider(configured(token=TEST_TOKEN, baseUrl=URL))
    raw = base64.b64decode(blob)
    assert len(blob) < 1024
    assert TEST_TOKEN.encode() not in raw and b"127.0.0.1" not in raw


def test_a_missing_token_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("QODER_PAT", raising=False)
    with pytest.raises(ProviderError, match="no Qoder token.*qoder:token"):
        configured().read("dep_1", {})


def test_an_unknown_region_is_a_clear_error_without_the_token():
    with pytest.raises(ProviderError, match="qoder:region must be one of cn, global") as exc:
        configured(token=TEST_TOKEN, region="mars").read("dep_1", {})
    assert TEST_TOKEN not in str(exc.value)
    assert "qoder:token" not in str(exc.value)


URL = "http://127.0.0.1:1/api/v1/cloud"


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [("apiMaxRetries", "two", "a whole number"), ("apiMaxRetries", "1.5", "a whole number"),
     ("apiMaxRetries", "-1", "a whole number"), ("apiRetryTimeoutSeconds", "soon", "a number of"),
     ("apiRetryTimeoutSeconds", "-5", "a number of seconds")],
)
def test_a_bad_retry_setting_is_a_clear_error_naming_the_key(key, value, rule):
    with pytest.raises(ProviderError, match=f"qoder:{key} must be {rule}") as exc:
        configured(token=TEST_TOKEN, baseUrl=URL, **{key: value}).read("d", {})
    assert TEST_TOKEN not in str(exc.value) and "qoder:token" not in str(exc.value)


def test_retry_settings_reach_the_client():
    provider = configured(token=TEST_TOKEN, baseUrl=URL, apiMaxRetries="3",
                          apiRetryTimeoutSeconds="12.5")
    client = provider._qoder()
    assert (client.max_retries, client.retry_timeout) == (3, 12.5)


def test_unset_retry_settings_are_the_client_defaults():
    client = configured(token=TEST_TOKEN, baseUrl=URL)._qoder()
    assert (client.max_retries, client.retry_timeout) == (7, 300.0)


@pytest.mark.parametrize(
    ("key", "value"),
    [("writesPerSecond", "0"), ("writesPerSecond", "-2"), ("writesPerSecond", "fast"),
     ("readsPerSecond", "0"), ("readsPerSecond", "-0.5"), ("readsPerSecond", "lots"),
     ("readsPerSecond", "nan")],
)
def test_a_bad_rate_fails_check_naming_the_key_and_the_rule(key, value):
    failures = configured(token=TEST_TOKEN, baseUrl=URL, **{key: value}).check({}, GOOD).failures
    assert [f.reason for f in failures] == [
        f"qoder:{key} must be a number of calls per second above 0 (default "
        f"{20 if key == 'writesPerSecond' else 50}, the API's documented limit per token)"]
    assert TEST_TOKEN not in failures[0].reason


@pytest.mark.parametrize("value", [0, -1, 0.0, float("nan"), float("inf"), True])
def test_a_typed_bad_rate_is_a_clear_error(value):
    with pytest.raises(ProviderError, match="qoder:writesPerSecond must be a number of calls"):
        configured(token=TEST_TOKEN, baseUrl=URL, writesPerSecond=value).read("d", {})


def test_rate_settings_pace_the_client():
    provider = configured(token=TEST_TOKEN, baseUrl=URL, writesPerSecond="4", readsPerSecond="9.5")
    assert provider._qoder()._limiter.rates() == (4.0, 9.5)


def test_unset_rate_settings_are_the_documented_limits():
    assert configured(token=TEST_TOKEN, baseUrl=URL)._qoder()._limiter.rates() == (20.0, 50.0)


@pytest.mark.parametrize("value", [-1, -1.0, True, float("nan"), float("inf")])
def test_a_typed_bad_retry_count_is_a_clear_error(value):
    with pytest.raises(ProviderError, match="qoder:apiMaxRetries must be a whole number"):
        configured(token=TEST_TOKEN, baseUrl=URL, apiMaxRetries=value).read("d", {})


@pytest.mark.parametrize("value", [-5, -0.5, float("nan"), float("inf")])
def test_a_typed_bad_retry_budget_is_a_clear_error(value):
    with pytest.raises(ProviderError, match="qoder:apiRetryTimeoutSeconds must be a number"):
        configured(token=TEST_TOKEN, baseUrl=URL, apiRetryTimeoutSeconds=value).read("d", {})
