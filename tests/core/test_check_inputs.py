"""check_inputs and validate: one failure per bad property, with its path; unknowns pass."""

from __future__ import annotations

import re

import pytest

from pulumi_qoder.core.deployment.check import (
    COMPARED_DEFAULTS,
    check_inputs,
    checked_inputs,
    validate,
)
from pulumi_qoder.core.deployment.plan import diff
from pulumi_qoder.core.deployment.spec import EXECUTION_DEFAULTS, UNKNOWN, Failure
from tests.support.constants import AGENT, ENV

FILE = "file_00000000000000000000000000000001"
MEMSTORE = "memstore_00000000000000000000000000000001"
VAULT = "vault_00000000000000000000000000000001"
GOOD = {
    "name": "daily-report",
    "agent": AGENT,
    "environment_id": ENV,
    "schedule": {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
    "initial_events": [{"type": "user.message", "content": "Generate today's status report"}],
}

FULL = {
    **GOOD,
    "description": "d",
    "agent": {"id": AGENT, "version": 2},
    "initial_events": [
        {"type": "user.message", "content": [{"type": "text", "text": "hi"}]},
        {"type": "user.define_outcome", "description": "d", "rubric": {"type": "text"}},
        {"type": "system.message", "content": "be brief"},
    ],
    "resources": [
        {"type": "github_repository", "url": "https://x", "authorization_token": "t"},
        {"type": "file", "file_id": FILE},
        {
            "type": "memory_store",
            "memory_store_id": MEMSTORE,
            "access": "read_only",
        },
    ],
    "vault_ids": [VAULT],
    "metadata": {"team": "infra"},
    "session_strategy": "new_session",
    "max_retries": 0,
    "timeout_ms": 300_000.0,
    "max_concurrent": 1,
    "paused": True,
    "__provider": "blob",
    "__name": "report",
}


@pytest.mark.parametrize("props", [GOOD, FULL], ids=["minimal", "every-field"])
def test_good_inputs_have_no_failures(props):
    assert validate(props) == []


BAD = [
    ({"name": ""}, "name", "must be a non-empty string"),
    ({"name": "x" * 257}, "name", "must be at most 256 characters, got 257"),
    ({"description": 5}, "description", "must be a string"),
    ({"agent": "ag_1"}, "agent", "must be an id like agent_<32 hex digits>"),
    (
        {"agent": {"id": AGENT, "version": 0}},
        "agent.version",
        "must be a whole number of at least 1",
    ),
    ({"agent": {"version": 2}}, "agent.id", "is required"),
    (
        {"agent": {"id": AGENT, "pin": 2}},
        "agent.pin",
        "unknown property",
    ),
    ({"environment_id": "environment"}, "environment_id", "like env_<32 hex digits>"),
    ({"schedule": {"expression": "0 9 * *", "timezone": "UTC"}}, "schedule.expression", "5 fields"),
    (
        {"schedule": {"expression": "0 9 * * *", "timezone": "Mars/Base"}},
        "schedule.timezone",
        "unknown IANA timezone (expected a name such as",
    ),
    ({"schedule": {"timezone": "UTC"}}, "schedule.expression", "is required"),
    ({"schedule": "0 9 * * *"}, "schedule", "must be {expression, timezone}"),
    ({"initial_events": []}, "initial_events", "must hold 1 to 50 items, got 0"),
    ({"initial_events": GOOD["initial_events"] * 51}, "initial_events", "got 51"),
    (
        {"initial_events": GOOD["initial_events"] * 3 + [{"type": "user.shout", "content": "x"}]},
        "initial_events[3].type",
        "must be one of user.message, user.define_outcome, system.message",
    ),
    ({"initial_events": [{"type": "user.message"}]}, "initial_events[0].content", "is required"),
    (
        {"initial_events": [{"type": "user.define_outcome", "rubric": {}}]},
        "initial_events[0].description",
        "is required for a user.define_outcome event",
    ),
    (
        {
            "initial_events": [
                {
                    "type": "user.define_outcome",
                    "description": "d",
                    "rubric": {},
                    "max_iterations": 21,
                }
            ]
        },
        "initial_events[0].max_iterations",
        "must be a whole number from 1 to 20",
    ),
    ({"resources": [{"type": "disk"}]}, "resources[0].type", "must be one of"),
    ({"resources": [{"type": "file"}]}, "resources[0].file_id", "is required for a file resource"),
    (
        {"resources": [{"type": "file", "file_id": "f1"}]},
        "resources[0].file_id",
        "like file_<32 hex digits>",
    ),
    (
        {
            "resources": [
                {
                    "type": "memory_store",
                    "memory_store_id": MEMSTORE,
                    "access": "all",
                }
            ]
        },
        "resources[0].access",
        "must be read_write or read_only",
    ),
    (
        {"vault_ids": [VAULT, "v2"]},
        "vault_ids[1]",
        "like vault_<32 hex digits>",
    ),
    ({"vault_ids": [f"vault_{i:032x}" for i in range(51)]}, "vault_ids", "0 to 50 items, got 51"),
    ({"metadata": {"k": 1}}, 'metadata["k"]', "value must be a string"),
    ({"metadata": {"k": "v" * 513}}, 'metadata["k"]', "at most 512 characters"),
    ({"metadata": {"k" * 65: "v"}}, f'metadata["{"k" * 65}"]', "key must be 1 to 64 characters"),
    ({"metadata": {f"k{i}": "v" for i in range(17)}}, "metadata", "at most 16 keys, got 17"),
    ({"metadata": {"cas_config": "x"}}, 'metadata["cas_config"]', "is reserved"),
    ({"max_retries": -1}, "max_retries", "must be a whole number of at least 0"),
    ({"max_retries": 1.5}, "max_retries", "whole number"),
    ({"max_retries": True}, "max_retries", "whole number"),
    ({"timeout_ms": 0}, "timeout_ms", "at least 1"),
    ({"max_concurrent": 0}, "max_concurrent", "at least 1"),
    ({"session_strategy": ""}, "session_strategy", "non-empty string"),
    ({"paused": "yes"}, "paused", "must be true or false"),
    ({"colour": "red"}, "colour", "unknown property"),
]


@pytest.mark.parametrize(
    ("change", "path", "reason"), BAD, ids=[b[1] + ":" + b[2][:20] for b in BAD]
)
def test_each_bad_property_gives_one_failure_with_its_path(change, path, reason):
    failures = validate({**GOOD, **change})
    assert len(failures) == 1, failures
    assert failures[0].property == path
    assert reason in failures[0].reason


@pytest.mark.parametrize("field", ["agent", "environment_id", "initial_events"])
def test_required_fields(field):
    props = {k: v for k, v in GOOD.items() if k != field}
    assert validate(props) == [Failure(field, "is required")]


def test_failures_are_collected_not_stopped_at_the_first():
    props = {
        **GOOD,
        "name": "",
        "max_retries": -1,
        "schedule": {"expression": "x", "timezone": "y"},
    }
    assert [f.property for f in validate(props)] == [
        "name",
        "schedule.expression",
        "schedule.timezone",
        "max_retries",
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"name": UNKNOWN},
        {"agent": UNKNOWN},
        {"agent": {"id": UNKNOWN, "version": UNKNOWN}},
        {"schedule": UNKNOWN},
        {"schedule": {"expression": UNKNOWN, "timezone": UNKNOWN}},
        {"initial_events": UNKNOWN},
        {"initial_events": [UNKNOWN]},
        {"initial_events": [{"type": UNKNOWN}]},
        {"metadata": {"k": UNKNOWN}},
        {"vault_ids": [UNKNOWN]},
        {"max_retries": UNKNOWN},
        {"paused": UNKNOWN},
    ],
    ids=lambda c: repr(c)[:40],
)
def test_unknown_values_pass_validation(change):
    assert validate({**GOOD, **change}) == []


STACK = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"


def named(resource: str, scope: str | None = STACK, **more) -> dict:
    """Inputs of an unnamed deployment `resource` in `scope` (None: no scope known)."""
    props = {**GOOD, "name": None, "__name": resource, **more}
    if scope is not None:
        props["__scope"] = scope
    return props


def test_an_unset_name_is_generated_from_the_resource_name():
    inputs, failures = check_inputs({}, named("daily-report"))
    assert failures == []
    assert re.fullmatch(r"daily-report-[a-z0-9]{7}", inputs["name"])


def test_a_generated_name_is_the_same_on_every_run_of_the_program():
    names = {check_inputs({}, named("daily-report"))[0]["name"] for _ in range(3)}
    assert len(names) == 1


def test_a_generated_name_is_kept_on_later_checks():
    first, _ = check_inputs({}, named("daily-report"))
    again, _ = check_inputs(first, named("daily-report"))
    assert again["name"] == first["name"]


def test_a_random_name_recorded_before_derived_names_is_kept():
    old = {**GOOD, "name": "daily-report-q7x2m9z", "__name": "daily-report"}
    inputs, _ = check_inputs(old, named("daily-report"))
    assert inputs["name"] == "daily-report-q7x2m9z"


@pytest.mark.parametrize(
    "other",
    [named("weekly-report"), named("daily-report", "urn:pulumi:prod::shop::pulumi:pulumi:Stack::x"),
     named("daily-report", STACK + "$my:Component::team-a")],
    ids=["another resource", "another stack", "another parent"],
)
def test_generated_names_differ_between_resources(other):
    mine = check_inputs({}, named("daily-report"))[0]["name"]
    assert check_inputs({}, other)[0]["name"] != mine


def test_without_a_scope_the_suffix_is_random():
    names = {check_inputs({}, named("r", scope=None))[0]["name"] for _ in range(5)}
    assert len(names) == 5


def test_an_unknown_scope_gives_an_unknown_name():
    inputs, failures = check_inputs({}, named("r", scope=UNKNOWN))
    assert inputs["name"] is UNKNOWN and failures == []


@pytest.mark.parametrize("scope", [STACK, None], ids=["derived", "random"])
def test_a_generated_name_fits_the_length_limit(scope):
    inputs, failures = check_inputs({}, named("r" * 300, scope))
    assert failures == [] and len(inputs["name"]) == 256


def test_an_explicit_name_wins_over_the_recorded_one():
    inputs, _ = check_inputs({"name": "old"}, GOOD)
    assert inputs["name"] == "daily-report"


def test_an_unknown_name_stays_unknown():
    inputs, failures = check_inputs({"name": "old"}, {**GOOD, "name": UNKNOWN})
    assert inputs["name"] is UNKNOWN and failures == []


def test_importing_without_a_name_keeps_the_live_name():
    adopt = named("r", __adopt_id="dep_" + "1" * 32)
    inputs, failures = check_inputs({}, adopt)
    assert failures == []
    assert inputs.get("name") is None and inputs["__name_from_live"] is True


def test_an_adopted_resource_keeps_the_live_name_after_import_is_removed():
    adopted, _ = check_inputs({}, named("r", __adopt_id="dep_" + "1" * 32))
    later, _ = check_inputs(adopted, named("r"))
    assert later.get("name") is None and later["__name_from_live"] is True


def test_setting_a_name_after_adoption_ends_the_live_name():
    adopted, _ = check_inputs({}, named("r", __adopt_id="dep_" + "1" * 32))
    later, _ = check_inputs(adopted, {**named("r"), "name": "renamed"})
    assert later["name"] == "renamed" and "__name_from_live" not in later


# checked_inputs: check_inputs plus the defaults of unset compared inputs


def test_unset_compared_inputs_get_the_api_defaults():
    inputs, failures = checked_inputs({}, GOOD)
    assert failures == []
    assert {k: inputs[k] for k in COMPARED_DEFAULTS} == {
        "description": "",
        "resources": [],
        "vault_ids": [],
        "metadata": {},
        "paused": False,
    }


def test_set_and_unknown_inputs_are_not_replaced_by_defaults():
    news = {**GOOD, "paused": True, "description": UNKNOWN, "metadata": {"team": "sre"}}
    inputs, _ = checked_inputs({}, news)
    assert inputs["paused"] is True and inputs["description"] is UNKNOWN
    assert inputs["metadata"] == {"team": "sre"}


def test_execution_settings_stay_unset_unless_drift_is_strict():
    loose, _ = checked_inputs({}, GOOD)
    strict, _ = checked_inputs({}, {**GOOD, "max_retries": 3}, strict_drift=True)
    assert not any(k in loose for k in EXECUTION_DEFAULTS)
    assert {k: strict[k] for k in EXECUTION_DEFAULTS} == {
        "session_strategy": "new_session",
        "max_retries": 3,
        "timeout_ms": 300_000,
        "max_concurrent": 1,
    }


def test_filled_defaults_change_no_diff_against_a_stack_recorded_without_them():
    recorded = {**GOOD, "description": "", "resources": [], "vault_ids": [], "metadata": {},
                "max_retries": 0, "status": "active"}
    inputs, _ = checked_inputs({}, GOOD)
    assert diff(recorded, inputs).in_sync


def test_the_defaults_are_fresh_copies():
    first, _ = checked_inputs({}, GOOD)
    first["metadata"]["k"] = "v"
    again, _ = checked_inputs({}, GOOD)
    assert again["metadata"] == {}
