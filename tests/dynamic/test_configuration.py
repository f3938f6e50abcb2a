"""Provider configuration: what is wrong fails `check` (so `pulumi preview`), with its fix.

Through the SDK's dynamic provider host, configured as the engine configures it.
"""

from __future__ import annotations

import re

import httpx
import pytest

from pulumi_qoder.client import QoderClient
from pulumi_qoder.core.deployment.operations import DeploymentOperations
from pulumi_qoder.core.errors import ProviderError
from pulumi_qoder.core.settings import Settings
from pulumi_qoder.run_provider import DeploymentRunProvider
from tests.dynamic.host import HostError, secret
from tests.support.constants import TEST_TOKEN
from tests.support.hosts import DIFF_NONE, DIFF_SOME
from tests.support.inputs import PROGRAM

RUN_URN = "urn:pulumi:test::project::pulumi-python:dynamic/qoder:DeploymentRun::smoke"
UNSET_SETTINGS = {k: v for k, v in PROGRAM.items() if k != "max_retries"}


def reasons(failures) -> list[str]:
    assert all(prop == "" for prop, _ in failures)
    return [reason for _, reason in failures]


def test_a_missing_token_fails_check_naming_qoder_token_and_qoder_pat(
    provider_host, served_emulator
):
    provider_host.configure({"qoder:baseUrl": served_emulator.base_url})

    _, failures = provider_host.check(PROGRAM)

    assert reasons(failures) == [
        "no Qoder token: set it with `pulumi config set --secret qoder:token <token>`, "
        "or set the environment variable QODER_PAT"
    ]


def test_a_missing_token_fails_a_deployment_run_check_too(provider_host, served_emulator):
    provider_host.configure({"qoder:baseUrl": served_emulator.base_url})
    runs = provider_host.serving(DeploymentRunProvider(), RUN_URN)

    _, failures = runs.check({"deployment_id": "dep_1"})

    assert ["qoder:token" in reason for reason in reasons(failures)] == [True]


def test_an_unknown_region_fails_check_without_a_token_hint(provider_host):
    provider_host.configure({"qoder:token": secret(TEST_TOKEN), "qoder:region": "mars"})

    _, failures = provider_host.check(PROGRAM)

    assert reasons(failures) == [
        "qoder:region must be one of cn, global (or set qoder:baseUrl instead)"
    ]


def test_a_base_url_without_the_api_path_fails_check_saying_what_it_should_be(
    provider_host, served_emulator
):
    provider_host.configure(
        {"qoder:token": secret(TEST_TOKEN), "qoder:baseUrl": served_emulator.root_url}
    )

    _, failures = provider_host.check(PROGRAM)

    assert reasons(failures) == [
        "qoder:baseUrl must be the API's base URL, like https://api.qoder.com/api/v1/cloud: "
        "the path must end in /api/v1/cloud"
    ]


def test_a_rate_of_zero_fails_check_naming_the_setting_and_the_rule(provider_host, served_emulator):
    provider_host.configure({
        "qoder:token": secret(TEST_TOKEN),
        "qoder:baseUrl": served_emulator.base_url,
        "qoder:writesPerSecond": "0",
    })

    _, failures = provider_host.check(PROGRAM)

    assert reasons(failures) == [
        "qoder:writesPerSecond must be a number of calls per second above 0 (default 20, the "
        "API's documented limit per token)"
    ]


def test_a_429_that_outlasts_the_retry_budget_fails_the_create_naming_the_limit(
    provider_host, served_emulator
):
    provider_host.configure({
        "qoder:token": secret(TEST_TOKEN),
        "qoder:baseUrl": served_emulator.base_url,
        "qoder:apiRetryTimeoutSeconds": "1.5",
    })
    served_emulator.inject_fault({"path": "*/deployments", "method": "POST", "status": 429,
                                   "body": False, "retry_after": "1", "count": 20})
    inputs, _ = provider_host.check(PROGRAM)

    with pytest.raises(HostError) as caught:
        provider_host.create(inputs)

    message = str(caught.value)
    # Which of the two wordings depends on when the budget is found short: after waiting, or
    # before a Retry-After that would cross it (a slow first attempt on a loaded machine).
    assert re.search(r"429: rate limited by the API \(429 Too Many Requests\)"
                     r"( for \d+ s;|, asked to wait longer than) the "
                     r"retry budget of 1.5 s \(qoder:apiRetryTimeoutSeconds", message), message
    assert TEST_TOKEN not in message


def test_a_strict_drift_value_that_is_not_a_bool_fails_check(provider_host, served_emulator):
    provider_host.configure(
        {
            "qoder:token": secret(TEST_TOKEN),
            "qoder:baseUrl": served_emulator.base_url,
            "qoder:strictDrift": "maybe",
        }
    )

    _, failures = provider_host.check(PROGRAM)

    assert reasons(failures) == ["qoder:strictDrift must be true or false"]


def test_strict_drift_counts_a_hand_changed_unset_setting_and_update_restores_it(
    provider_host, served_emulator
):
    provider_host.configure(
        {
            "qoder:token": secret(TEST_TOKEN),
            "qoder:baseUrl": served_emulator.base_url,
            "qoder:strictDrift": "true",
        }
    )
    inputs, failures = provider_host.check(UNSET_SETTINGS)
    assert failures == []
    assert (inputs["max_retries"], inputs["timeout_ms"], inputs["max_concurrent"]) == (
        0,
        300_000,
        1,
    )
    id_, outs = provider_host.create(inputs)
    headers = {"Authorization": f"Bearer {TEST_TOKEN}"}
    patch = {"metadata": {"cas_config": {"config": {"max_retries": 5}}}}
    httpx.post(
        f"{served_emulator.base_url}/deployments/{id_}", json=patch, headers=headers, timeout=10
    ).raise_for_status()

    _, refreshed, _ = provider_host.read(id_, outs)
    assert refreshed["max_retries"] == 5
    assert provider_host.diff(id_, refreshed, inputs).changes == DIFF_SOME
    restored = provider_host.update(id_, refreshed, inputs)

    assert restored["max_retries"] == 0
    assert provider_host.diff(id_, restored, inputs).changes == DIFF_NONE


def test_without_strict_drift_an_unset_setting_is_left_unset_by_check(provider_host):
    provider_host.configure({"qoder:token": secret(TEST_TOKEN)})

    inputs, failures = provider_host.check(UNSET_SETTINGS)

    assert failures == []
    assert "max_retries" not in inputs and inputs["paused"] is False


@pytest.mark.parametrize("call", ["read", "delete"])
def test_a_wrong_base_url_is_an_error_never_a_gone_deployment(served_emulator, call):
    client = QoderClient(token=TEST_TOKEN, base_url=served_emulator.root_url, max_retries=0)
    operations = DeploymentOperations(client)

    with client, pytest.raises(ProviderError) as exc:
        if call == "read":
            operations.read("dep_" + "1" * 32, {})
        else:
            operations.delete("dep_" + "1" * 32)

    assert "404 not_found_error: Unknown endpoint" in str(exc.value)
    assert "like https://api.qoder.com/api/v1/cloud" in str(exc.value)


# Settings.problems() itself, with an explicit environment.


def test_settings_take_the_token_and_base_url_from_the_environment():
    env = {"QODER_PAT": TEST_TOKEN, "QODER_BASE_URL": "http://127.0.0.1:9/api/v1/cloud"}
    assert Settings().problems(env) == []


def test_a_base_url_from_the_environment_names_its_variable():
    env = {"QODER_PAT": TEST_TOKEN, "QODER_BASE_URL": "https://api.qoder.com"}
    assert Settings().problems(env) == [
        "QODER_BASE_URL must be the API's base URL, like https://api.qoder.com/api/v1/cloud: "
        "the path must end in /api/v1/cloud"
    ]


@pytest.mark.parametrize("url", ["gw.example/api/v1/cloud", "ftp://h/api/v1/cloud", "http://"])
def test_a_base_url_needs_http_and_a_host(url):
    (problem,) = Settings(token=TEST_TOKEN, base_url=url).problems({})
    assert problem.endswith("(http or https, with a host)")
    assert url not in problem


@pytest.mark.parametrize(("raw", "strict"), [("true", True), ("false", False), (True, True),
                                             (None, False), ("TRUE", True)])
def test_strict_drift_is_read_from_config_text_or_bools(raw, strict):
    settings = Settings.read({"qoder:strictDrift": raw}.get)
    assert settings.strict is strict and "qoder:strictDrift" not in " ".join(
        settings.problems({"QODER_PAT": TEST_TOKEN})
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [("token", 5), ("token", {"a": "zq-mark"}), ("baseUrl", ["zq-mark"]), ("region", ["zq-mark"]),
     ("region", {"zq-mark": 1})],
    ids=["token-number", "token-object", "base-url-list", "region-list", "region-object"],
)
def test_a_typed_setting_of_another_shape_is_a_problem_naming_it_never_a_crash(key, value):
    config = {"qoder:token": TEST_TOKEN, f"qoder:{key}": value}

    problems = Settings.read(config.get).problems({})

    assert problems == [f"qoder:{key} must be a string"]
    assert "zq-mark" not in " ".join(problems)


def test_a_token_that_is_not_printable_ascii_is_a_configuration_problem():
    problems = Settings(token="pt-caf\u00e9-token").problems(environ={})

    assert problems == [
        "the token (qoder:token or QODER_PAT) must be printable ASCII, as a personal access "
        "token is"
    ]
    assert "caf" not in " ".join(problems)


def test_a_token_files_trailing_newline_is_no_configuration_problem():
    assert Settings(token=None).problems(environ={"QODER_PAT": TEST_TOKEN + "\n"}) == []
