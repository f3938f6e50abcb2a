"""schema.json and the Python classes agree property by property (camelCase vs snake_case)."""

from __future__ import annotations

import inspect
import json
import re
import typing
from pathlib import Path

import pytest

from pulumi_qoder.core.deployment.outputs import INPUT_KEYS_KEY, OUTPUT_FIELDS, outputs_of
from pulumi_qoder.core.deployment.spec import INPUT_FIELDS, RESOURCE_NAME_KEY
from pulumi_qoder.core.deployment_run.spec import RUN_INPUT_DEFAULTS, RUN_OUTPUT_FIELDS
from pulumi_qoder.core.settings import CONFIG_KEYS
from pulumi_qoder.dynamic import deployment, deployment_run, lookups
from pulumi_qoder.models import CasStats, Deployment, DeploymentRun, PausedReason, RunError

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "schema.json").read_text())
RESOURCE = SCHEMA["resources"]["qoder:index:Deployment"]
RUN = SCHEMA["resources"]["qoder:index:DeploymentRun"]
TYPES = SCHEMA["types"]
FUNCTIONS = SCHEMA["functions"]
SCALARS = {"str": "string", "int": "integer", "bool": "boolean", "float": "number"}


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def snake_keys(properties: dict) -> set[str]:
    return {snake(k) for k in properties}


def init_params(cls) -> dict[str, inspect.Parameter]:
    params = inspect.signature(cls.__init__).parameters
    return {k: p for k, p in params.items() if k not in ("self", "__self__")}


RESOURCES = {
    "Deployment": (
        RESOURCE, deployment.Deployment, deployment.DeploymentArgs, INPUT_FIELDS, OUTPUT_FIELDS
    ),
    "DeploymentRun": (
        RUN, deployment_run.DeploymentRun, deployment_run.DeploymentRunArgs,
        tuple(RUN_INPUT_DEFAULTS), RUN_OUTPUT_FIELDS,
    ),
}
each_resource = pytest.mark.parametrize(
    ("schema", "resource", "args", "inputs", "outputs"), RESOURCES.values(), ids=RESOURCES.keys()
)


@each_resource
def test_inputs_match_the_args(schema, resource, args, inputs, outputs):
    assert snake_keys(schema["inputProperties"]) == set(init_params(args)) == set(inputs)


@each_resource
def test_required_inputs_match_the_args_without_defaults(schema, resource, args, inputs, outputs):
    required = {k for k, p in init_params(args).items() if p.default is p.empty}
    assert {snake(k) for k in schema["requiredInputs"]} == required


@each_resource
def test_outputs_match_the_resource_attributes(schema, resource, args, inputs, outputs):
    attributes = set(resource.__annotations__)
    assert snake_keys(schema["properties"]) == attributes
    assert attributes == set(inputs) | set(outputs)
    assert set(schema["required"]) <= set(schema["properties"])


INPUTS = [(RESOURCE, deployment.DeploymentArgs, name) for name in sorted(INPUT_FIELDS)]
INPUTS += [(RUN, deployment_run.DeploymentRunArgs, name) for name in sorted(RUN_INPUT_DEFAULTS)]


@pytest.mark.parametrize(("resource", "args", "name"), INPUTS, ids=[i[2] for i in INPUTS])
def test_scalar_input_types_agree(resource, args, name):
    annotation = args.__annotations__[name]
    found = re.fullmatch(r"pulumi\.Input\[(str|int|bool|float)\]( \| None)?", annotation)
    schema_type = resource["inputProperties"][camel(name)].get("type")
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
    groups = [SCHEMA["config"]["variables"]]
    for resource in SCHEMA["resources"].values():
        groups += [resource["inputProperties"], resource["properties"]]
    groups += [f[key]["properties"] for f in FUNCTIONS.values() for key in ("inputs", "outputs")]
    groups += [t["properties"] for t in TYPES.values()]
    for properties in groups:
        for name, prop in properties.items():
            assert prop.get("description"), name


def test_the_provider_outputs_are_the_schema_outputs():
    live = json.loads((REPO / "tests/fixtures/qoder-api/get-response.json").read_text())
    outs = outputs_of(live, {"name": "n", RESOURCE_NAME_KEY: "r"})
    hidden = {INPUT_KEYS_KEY, RESOURCE_NAME_KEY}
    assert set(outs) - hidden == snake_keys(RESOURCE["properties"])


def _nullable(annotation) -> bool:
    return type(None) in typing.get_args(annotation)


@pytest.mark.parametrize(
    ("type_name", "model"),
    [("DeploymentInfo", Deployment), ("DeploymentRunInfo", DeploymentRun), ("RunError", RunError)],
)
def test_api_object_types_match_the_client_models(type_name, model):
    schema_type = TYPES[f"qoder:index:{type_name}"]
    assert snake_keys(schema_type["properties"]) == set(model.model_fields)
    # required in the schema = always sent and never null (a key the API sends as null,
    # such as a manual-only deployment's schedule, is optional in the generated SDKs)
    required = {k for k, f in model.model_fields.items()
                if f.is_required() and not _nullable(f.annotation)}
    assert {snake(k) for k in schema_type["required"]} == required


LOOKUPS = {
    "getDeployment": lookups.get_deployment,
    "getDeploymentByName": lookups.get_deployment_by_name,
    "listDeployments": lookups.list_deployments,
    "listRuns": lookups.list_runs,
}


def test_the_schema_functions_are_the_lookups():
    assert set(FUNCTIONS) == {f"qoder:index:{name}" for name in LOOKUPS}


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_function_inputs_match_the_lookup_and_its_output_variant(name):
    function = FUNCTIONS[f"qoder:index:{name}"]
    params = inspect.signature(LOOKUPS[name]).parameters
    output_variant = getattr(lookups, f"{LOOKUPS[name].__name__}_output")
    assert snake_keys(function["inputs"]["properties"]) == set(params)
    assert set(inspect.signature(output_variant).parameters) == set(params)
    required = {k for k, p in params.items() if p.default is p.empty}
    assert {snake(k) for k in function["inputs"].get("required", [])} == required


@pytest.mark.parametrize("name", ["getDeployment", "getDeploymentByName"])
def test_single_deployment_functions_output_a_deployment(name):
    outputs = FUNCTIONS[f"qoder:index:{name}"]["outputs"]
    assert outputs["properties"] == TYPES["qoder:index:DeploymentInfo"]["properties"]


def camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
