"""schema.json and the Python classes agree property by property (camelCase vs snake_case)."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

from pulumi_qoder import deployment
from pulumi_qoder.models import CasStats, PausedReason
from pulumi_qoder.props import INPUT_KEYS_KEY, OUTPUT_FIELDS, outputs_of
from pulumi_qoder.provider import CONFIG_KEYS
from pulumi_qoder.spec import INPUT_FIELDS, RESOURCE_NAME_KEY

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "schema.json").read_text())
RESOURCE = SCHEMA["resources"]["qoder:index:Deployment"]
TYPES = SCHEMA["types"]
SCALARS = {"str": "string", "int": "integer", "bool": "boolean"}


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def snake_keys(properties: dict) -> set[str]:
    return {snake(k) for k in properties}


def init_params(cls) -> dict[str, inspect.Parameter]:
    params = inspect.signature(cls.__init__).parameters
    return {k: p for k, p in params.items() if k not in ("self", "__self__")}


def test_inputs_match_deployment_args():
    assert snake_keys(RESOURCE["inputProperties"]) == set(init_params(deployment.DeploymentArgs))
    assert snake_keys(RESOURCE["inputProperties"]) == set(INPUT_FIELDS)


def test_required_inputs_match_the_args_without_defaults():
    required = {
        k for k, p in init_params(deployment.DeploymentArgs).items() if p.default is p.empty
    }
    assert {snake(k) for k in RESOURCE["requiredInputs"]} == required


def test_outputs_match_the_resource_attributes():
    attributes = set(deployment.Deployment.__annotations__)
    assert snake_keys(RESOURCE["properties"]) == attributes
    assert attributes == set(INPUT_FIELDS) | set(OUTPUT_FIELDS)
    assert set(RESOURCE["required"]) <= set(RESOURCE["properties"])


@pytest.mark.parametrize("name", sorted(INPUT_FIELDS))
def test_scalar_input_types_agree(name):
    annotation = deployment.DeploymentArgs.__annotations__[name]
    found = re.fullmatch(r"pulumi\.Input\[(str|int|bool)\]( \| None)?", annotation)
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
    schema_type = RESOURCE["inputProperties"][camel].get("type")
    if found:
        assert schema_type == SCALARS[found.group(1)]
    else:
        assert schema_type in (None, "array", "object")


@pytest.mark.parametrize(
    ("type_name", "fields"),
    [
        ("AgentRef", set(init_params(deployment.AgentArgs))),
        ("Schedule", set(init_params(deployment.ScheduleArgs))),
        (
            "InitialEvent",
            {"type"}
            | {
                name
                for cls in (
                    deployment.UserMessage,
                    deployment.SystemMessage,
                    deployment.DefineOutcome,
                )
                for name in init_params(cls)
            },
        ),
        (
            "DeploymentResource",
            {"type"}
            | {
                name
                for cls in (
                    deployment.GithubRepositoryArgs,
                    deployment.FileResourceArgs,
                    deployment.MemoryStoreArgs,
                )
                for name in init_params(cls)
            },
        ),
        ("PausedReason", set(PausedReason.model_fields)),
        ("DeploymentStats", set(CasStats.model_fields) - {"next_trigger_at"}),
    ],
)
def test_object_types_match_their_python_classes(type_name, fields):
    assert snake_keys(TYPES[f"qoder:index:{type_name}"]["properties"]) == fields


def test_provider_config_matches_what_configure_reads():
    variables = SCHEMA["config"]["variables"]
    assert set(variables) == set(CONFIG_KEYS) == set(SCHEMA["provider"]["inputProperties"])
    assert variables["token"]["secret"] is True


def test_write_only_values_are_secret():
    resource_props = TYPES["qoder:index:DeploymentResource"]["properties"]
    assert resource_props["authorizationToken"]["secret"] is True


def test_every_property_is_described_and_every_reference_resolves():
    text = json.dumps(SCHEMA)
    for ref in re.findall(r'"#/types/([^"]+)"', text):
        assert ref in TYPES
    groups = [RESOURCE["inputProperties"], RESOURCE["properties"], SCHEMA["config"]["variables"]]
    groups += [t["properties"] for t in TYPES.values()]
    for properties in groups:
        for name, prop in properties.items():
            assert prop.get("description"), name


def test_the_provider_outputs_are_the_schema_outputs():
    live = json.loads((REPO / "tests/fixtures/qoder-api/get-response.json").read_text())
    outs = outputs_of(live, {"name": "n", RESOURCE_NAME_KEY: "r"})
    hidden = {INPUT_KEYS_KEY, RESOURCE_NAME_KEY}
    assert set(outs) - hidden == snake_keys(RESOURCE["properties"])
