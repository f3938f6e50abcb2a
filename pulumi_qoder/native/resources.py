"""`Deployment` and `DeploymentRun` as resources of the native provider (Python opt-in).

Same arguments as `pulumi_qoder.Deployment` / `DeploymentRun` (an Args object, or the same
fields as keywords, as generated SDKs and `pulumi import`'s code pass them); the engine calls the
`pulumi-resource-qoder` plugin instead of the SDK's dynamic provider host, so imports,
preview outputs and the engine's full parallelism work. Moving a stack from the dynamic
resources keeps every deployment with an alias of the old type:

    qoder_native.Deployment("daily-report", args, opts=pulumi.ResourceOptions(
        aliases=[pulumi.Alias(type_=qoder_native.DYNAMIC_ALIASES["Deployment"])]))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence  # noqa: F401 - the copied annotations use them
from typing import Any

import pulumi

from pulumi_qoder._version import __version__
from pulumi_qoder.core.deployment.outputs import OUTPUT_FIELDS
from pulumi_qoder.core.deployment.spec import INPUT_FIELDS
from pulumi_qoder.core.deployment_run.check import RUN_INPUT_DEFAULTS, RUN_OUTPUT_FIELDS
from pulumi_qoder.dynamic import deployment as dynamic_deployment
from pulumi_qoder.dynamic import deployment_run as dynamic_run
from pulumi_qoder.native.names import camel, snake
from pulumi_qoder.release import PLUGIN_SERVER

__all__ = ["DYNAMIC_ALIASES", "Deployment", "DeploymentRun"]

DYNAMIC_ALIASES = {
    "Deployment": "pulumi-python:dynamic/qoder:Deployment",
    "DeploymentRun": "pulumi-python:dynamic/qoder:DeploymentRun",
}
"""The dynamic resources' type tokens, for `pulumi.Alias(type_=...)` when migrating."""


def _props(args: object, inputs: tuple[str, ...], outputs: tuple[str, ...]) -> dict[str, Any]:
    """The properties under their schema names; nested input types keep their own names.

    The names are given in schema form rather than translated by `translate_input_property`,
    which the SDK also applies to the keys of nested plain dicts (`metadata`, `triggers`).
    """
    props: dict[str, Any] = {camel(key): getattr(args, key) for key in inputs}
    props.update({camel(key): None for key in outputs})
    return props


def _args(kind: type, args: object | None, kwargs: dict[str, Any]) -> object:
    """The Args object, or one made from keywords as generated SDKs take them (the code
    `pulumi import` prints: `qoder.Deployment("name", agent=..., schedule={...})`)."""
    if args is not None and kwargs:
        raise TypeError(f"give either a {kind.__name__} or keyword arguments, not both")
    if args is None:
        return kind(**kwargs)
    return args


def _versioned(opts: pulumi.ResourceOptions | None) -> pulumi.ResourceOptions:
    """The plugin version this package serves and where the CLI downloads it, as generated
    SDKs pin both; `opts` wins. The plugin is fetched the first time a program registers a
    native resource, never for a program on the dynamic provider alone (docs/native.md)."""
    return pulumi.ResourceOptions.merge(
        pulumi.ResourceOptions(version=__version__, plugin_download_url=PLUGIN_SERVER), opts)


def _python_names(resource: pulumi.CustomResource) -> None:
    """Each output under its Python name too (`upcoming_runs_at` as well as `upcomingRunsAt`)."""
    for key, value in list(vars(resource).items()):
        if isinstance(value, pulumi.Output) and snake(key) != key:
            setattr(resource, snake(key), value)


class Deployment(pulumi.CustomResource):
    """A Qoder deployment (`qoder:index:Deployment`): see `pulumi_qoder.Deployment`."""

    __annotations__ = dict(dynamic_deployment.Deployment.__annotations__)

    def __init__(
        self,
        resource_name: str,
        args: dynamic_deployment.DeploymentArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            "qoder:index:Deployment",
            resource_name,
            _props(_args(dynamic_deployment.DeploymentArgs, args, kwargs),
                   INPUT_FIELDS, OUTPUT_FIELDS),
            _versioned(opts),
        )
        _python_names(self)


class DeploymentRun(pulumi.CustomResource):
    """A manual run (`qoder:index:DeploymentRun`): see `pulumi_qoder.DeploymentRun`."""

    __annotations__ = dict(dynamic_run.DeploymentRun.__annotations__)

    def __init__(
        self,
        resource_name: str,
        args: dynamic_run.DeploymentRunArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            "qoder:index:DeploymentRun",
            resource_name,
            _props(_args(dynamic_run.DeploymentRunArgs, args, kwargs),
                   tuple(RUN_INPUT_DEFAULTS), RUN_OUTPUT_FIELDS),
            _versioned(opts),
        )
        _python_names(self)
