"""The rules a field gets from its kind alone (core/rules.py): a new field needs none of its own."""

from __future__ import annotations

import pytest

from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.fields import Field
from pulumi_qoder.core.rules import rule
from pulumi_qoder.core.values import UNKNOWN


def failures(field: Field, value) -> list[Failure]:
    out: list[Failure] = []
    rule(field)(field.name, value, out)
    return out


LABELS = Field("labels", "{string}", "Labels.", items=(0, 3), max_length=5)


def test_a_map_of_non_strings_fails_naming_each_key_path():
    assert failures(LABELS, {"team": 1, "ok": "v", "odd key": ["x"]}) == [
        Failure('labels["team"]', "value must be a string"),
        Failure('labels["odd key"]', "value must be a string"),
    ]


def test_a_map_that_is_no_map_fails_naming_the_property():
    assert failures(LABELS, ["a"]) == [Failure("labels", "must be a map of strings")]


def test_a_map_gets_its_key_count_and_value_length_from_the_table():
    assert failures(LABELS, {"a": "123456"}) == [
        Failure('labels["a"]', "value must be at most 5 characters")]
    assert failures(LABELS, dict.fromkeys("abcd", "v")) == [
        Failure("labels", "must have at most 3 keys, got 4")]


def test_an_unknown_map_value_passes():
    assert failures(LABELS, {"a": UNKNOWN}) == []


def test_a_map_of_whole_numbers_checks_each_value_by_its_kind():
    counts = Field("counts", "{integer}", "Counts.", minimum=1)
    assert failures(counts, {"a": 0, "b": 2}) == [
        Failure('counts["a"]', "value must be a whole number of at least 1")]


@pytest.mark.parametrize(("value", "expected"), [
    ("x", [Failure("tags", "must be a list")]),
    (["a", 2], [Failure("tags[1]", "must be a string")]),
    ([], [Failure("tags", "must hold 1 to 2 items, got 0")]),
])
def test_a_list_checks_its_length_and_each_item_by_its_kind(value, expected):
    assert failures(Field("tags", "[string]", "Tags.", items=(1, 2)), value) == expected


@pytest.mark.parametrize(("field", "value", "reason"), [
    (Field("on", "boolean", "On."), "yes", "must be true or false"),
    (Field("n", "integer", "N.", minimum=0), 1.5, "must be a whole number of at least 0"),
    (Field("s", "string", "S."), 3, "must be a string"),
    (Field("s", "string", "S.", non_empty=True), " ", "must be a non-empty string"),
    (Field("s", "string", "S.", id_prefix="env_"), "env_1",
     "must be an id like env_<32 hex digits>"),
])
def test_a_scalar_fails_with_its_kinds_rule(field, value, reason):
    assert failures(field, value) == [Failure(field.name, reason)]


def test_an_object_checks_unknown_required_and_typed_fields():
    schedule = Field("when", "Schedule", "When.")
    assert failures(schedule, {"expression": 5, "tz": "x"}) == [
        Failure("when.tz", "unknown property"),
        Failure("when.timezone", "is required"),
        Failure("when.expression", "must be a string"),
    ]


def test_either_kind_passes_when_one_alternative_does():
    agent = Field("agent", "string|AgentRef", "Agent.")
    assert failures(agent, "agent_x") == []
    assert failures(agent, {"id": "agent_x"}) == []
    assert failures(agent, {"version": 1}) == [Failure("agent.id", "is required")]
