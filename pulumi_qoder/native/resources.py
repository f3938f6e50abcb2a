"""`Deployment` and `DeploymentRun` as resources of the native provider (Python opt-in).

Same arguments as `pulumi_qoder.Deployment` / `DeploymentRun`; the engine calls the
`pulumi-resource-qoder` plugin instead of the SDK's dynamic provider host, so imports,
preview outputs and the engine's full parallelism work. Moving a stack from the dynamic
resources keeps every deployment with an alias of the old type:

    qoder_native.Deployment("daily-report", args, opts=pulumi.ResourceOptions(
        aliases=[pulumi.Alias(type_=qoder_native.DYNAMIC_ALIASES["Deployment"])]))
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence  # noqa: F401 - the copied annotations use them
from importlib import resources
from typing import Any

import pulumi

from pulumi_qoder import deployment as dynamic_deployment
from pulumi_qoder import deployment_run as dynamic_run
from pulumi_qoder.core.deployment.outputs import OUTPUT_FIELDS
from pulumi_qoder.core.deployment.spec import INPUT_FIELDS
from pulumi_qoder.core.deployment_run.check import RUN_INPUT_DEFAULTS, RUN_OUTPUT_FIELDS
from pulumi_qoder.native.names import camel, snake

__all__ = ["DYNAMIC_ALIASES", "Deployment", "DeploymentRun"]

DYNAMIC_ALIASES = {
    "Deployment": "pulumi-python:dynamic/qoder:Deployment",
    "DeploymentRun": "pulumi-python:dynamic/qoder:DeploymentRun",
}
"""The dynamic resources' type tokens, for `pulumi.Alias(type_=...)` when migrating."""


def _schema_names() -> dict[str, str]:
    """Every property name the schema defines (camelCase) -> its Python (snake_case) name."""
    schema = json.loads(resources.files("pulumi_qoder").joinpath("schema.json").read_text())
    groups = [r["properties"] for r in schema["resources"].values()]
    groups += [t.get("properties", {}) for t in schema["types"].values()]
    return {name: snake(name) for group in groups for name in group}


_PY_NAMES = _schema_names()


def _props(args: object, inputs: tuple[str, ...], outputs: tuple[str, ...]) -> dict[str, Any]:
    props: dict[str, Any] = {camel(key): getattr(args, key) for key in inputs}
    props.update({camel(key): None for key in outputs})
    return props


class Deployment(pulumi.CustomResource):
    """A Qoder deployment (`qoder:index:Deployment`): see `pulumi_qoder.Deployment`."""

    __annotations__ = dict(dynamic_deployment.Deployment.__annotations__)

    def __init__(
        self,
        resource_name: str,
        args: dynamic_deployment.DeploymentArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            "qoder:index:Deployment",
            resource_name,
            _props(args, INPUT_FIELDS, OUTPUT_FIELDS),
            opts,
        )

    def translate_output_property(self, prop: str) -> str:
        return _PY_NAMES.get(prop, prop)

    def translate_input_property(self, prop: str) -> str:
        return prop


class DeploymentRun(pulumi.CustomResource):
    """A manual run (`qoder:index:DeploymentRun`): see `pulumi_qoder.DeploymentRun`."""

    __annotations__ = dict(dynamic_run.DeploymentRun.__annotations__)

    def __init__(
        self,
        resource_name: str,
        args: dynamic_run.DeploymentRunArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            "qoder:index:DeploymentRun",
            resource_name,
            _props(args, tuple(RUN_INPUT_DEFAULTS), RUN_OUTPUT_FIELDS),
            opts,
        )

    def translate_output_property(self, prop: str) -> str:
        return _PY_NAMES.get(prop, prop)

    def translate_input_property(self, prop: str) -> str:
        return prop
