"""The invalid-spec corpus (tests/core/invalid_specs.py) through the native plugin over gRPC.

Each spec is sent in schema names, as YAML and the generated SDKs send it, to one plugin
process: Check fails it naming the property in schema names as `<property>: <reason>`
(no failure carries a property of its own, so the engine prints no value), never with a
gRPC error (an exception in the plugin), and no reason echoes a value.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from pulumi_qoder.native.names import NESTED_OBJECTS, camel
from tests.core.invalid_specs import INVALID_SPECS, MARKER, NUMBER, program

ECHOES = (MARKER, str(abs(NUMBER)))
SENDABLE = INVALID_SPECS  # NaN and infinity too: a Python program can send them


def schema_named(props: dict[str, Any]) -> dict[str, Any]:
    """A snake_case program in schema names: top-level keys, and one level inside objects
    whose fields the schema types (user maps such as `metadata` keep their keys)."""

    def one_level(value: Any) -> Any:
        if isinstance(value, dict):
            return {camel(k): v for k, v in value.items()}
        if isinstance(value, list):
            return [one_level(item) if isinstance(item, dict) else item for item in value]
        return value

    return {camel(k): one_level(v) if k in NESTED_OBJECTS else v for k, v in props.items()}


def schema_path(path: str) -> str:
    """`initial_events[0].max_iterations` -> `initialEvents[0].maxIterations`."""
    parts = re.split(r"(\.)", path, maxsplit=2)
    head = re.sub(r"^[a-z_]+", lambda m: camel(m.group(0)), parts[0])
    if len(parts) == 1:
        return head
    field = re.sub(r"^[A-Za-z_]+", lambda m: camel(m.group(0)), parts[2])
    return head + "." + field


def _names(reason: str, path: str) -> bool:
    prop = reason.partition(": ")[0]
    return prop == path or prop.startswith(path) and (
        path.endswith("[") or prop[len(path)] in ".["
    )


@pytest.mark.parametrize(
    ("change", "path", "rule"), [e[1:] for e in SENDABLE], ids=[e[0] for e in SENDABLE]
)
def test_an_invalid_spec_fails_native_check_naming_the_schema_property(
    unconfigured_plugin, change, path, rule
):
    _, reasons = unconfigured_plugin.check(schema_named(program(change)))  # a gRPC error raises

    named = [r for r in reasons if _names(r, schema_path(path))]
    assert named, reasons
    assert any(rule in r.partition(": ")[2] for r in named), named
    assert not [r for r in reasons if any(echo in r for echo in ECHOES)]
    assert not [r for r in reasons if "Traceback" in r or "internal error" in r]


def test_a_key_that_differs_from_a_schema_name_only_by_case_is_unknown(unconfigured_plugin):
    """`Content` is not `content`: it must not be renamed into the field it resembles."""
    event = {"type": "user.message", "content": "hi", "Content": MARKER}
    _, reasons = unconfigured_plugin.check(schema_named(program({"initial_events": [event]})))
    assert reasons == ["initialEvents[0].Content: unknown property"]
    _, reasons = unconfigured_plugin.check(schema_named(program({"Description": "x"})))
    assert reasons == ["Description: unknown property"]
