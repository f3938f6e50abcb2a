"""Manage Qoder Cloud Agents deployments as code with Pulumi.

Public names load on first use (PEP 562), so `pulumi_qoder.client` and the emulator
(`python -m pulumi_qoder.emulator`) start without importing the Pulumi SDK.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pulumi_qoder._version import __version__

if TYPE_CHECKING:
    from pulumi_qoder.client import QoderClient
    from pulumi_qoder.core.errors import ProviderError
    from pulumi_qoder.dynamic.deployment import (
        AgentArgs,
        DefineOutcome,
        Deployment,
        DeploymentArgs,
        FileResourceArgs,
        GithubRepositoryArgs,
        MemoryStoreArgs,
        ScheduleArgs,
        SystemMessage,
        UserMessage,
    )
    from pulumi_qoder.dynamic.deployment_provider import DeploymentProvider
    from pulumi_qoder.dynamic.deployment_run import DeploymentRun, DeploymentRunArgs
    from pulumi_qoder.dynamic.deployment_run_provider import DeploymentRunProvider
    from pulumi_qoder.dynamic.lookups import (
        NoSuchDeploymentError,
        get_deployment,
        get_deployment_by_name,
        get_deployment_by_name_output,
        get_deployment_output,
        list_deployments,
        list_deployments_output,
        list_runs,
        list_runs_output,
    )
    from pulumi_qoder.errors import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        ConflictError,
        FeatureNotAvailableError,
        InternalServerError,
        InvalidRequestError,
        NotFoundError,
        PermissionDeniedError,
        QoderError,
        RateLimitError,
        ServiceUnavailableError,
    )

_EXPORTS: dict[str, str] = {
    "QoderClient": "pulumi_qoder.client",
    "QoderError": "pulumi_qoder.errors",
    "APIError": "pulumi_qoder.errors",
    "APIConnectionError": "pulumi_qoder.errors",
    "APITimeoutError": "pulumi_qoder.errors",
    "APIResponseValidationError": "pulumi_qoder.errors",
    "APIStatusError": "pulumi_qoder.errors",
    "InvalidRequestError": "pulumi_qoder.errors",
    "AuthenticationError": "pulumi_qoder.errors",
    "PermissionDeniedError": "pulumi_qoder.errors",
    "NotFoundError": "pulumi_qoder.errors",
    "ConflictError": "pulumi_qoder.errors",
    "RateLimitError": "pulumi_qoder.errors",
    "FeatureNotAvailableError": "pulumi_qoder.errors",
    "InternalServerError": "pulumi_qoder.errors",
    "ServiceUnavailableError": "pulumi_qoder.errors",
    "Deployment": "pulumi_qoder.dynamic.deployment",
    "DeploymentArgs": "pulumi_qoder.dynamic.deployment",
    "AgentArgs": "pulumi_qoder.dynamic.deployment",
    "ScheduleArgs": "pulumi_qoder.dynamic.deployment",
    "UserMessage": "pulumi_qoder.dynamic.deployment",
    "SystemMessage": "pulumi_qoder.dynamic.deployment",
    "DefineOutcome": "pulumi_qoder.dynamic.deployment",
    "GithubRepositoryArgs": "pulumi_qoder.dynamic.deployment",
    "FileResourceArgs": "pulumi_qoder.dynamic.deployment",
    "MemoryStoreArgs": "pulumi_qoder.dynamic.deployment",
    "DeploymentProvider": "pulumi_qoder.dynamic.deployment_provider",
    "ProviderError": "pulumi_qoder.core.errors",
    "DeploymentRun": "pulumi_qoder.dynamic.deployment_run",
    "DeploymentRunArgs": "pulumi_qoder.dynamic.deployment_run",
    "DeploymentRunProvider": "pulumi_qoder.dynamic.deployment_run_provider",
    "NoSuchDeploymentError": "pulumi_qoder.core.lookups",
    "get_deployment": "pulumi_qoder.dynamic.lookups",
    "get_deployment_output": "pulumi_qoder.dynamic.lookups",
    "get_deployment_by_name": "pulumi_qoder.dynamic.lookups",
    "get_deployment_by_name_output": "pulumi_qoder.dynamic.lookups",
    "list_deployments": "pulumi_qoder.dynamic.lookups",
    "list_deployments_output": "pulumi_qoder.dynamic.lookups",
    "list_runs": "pulumi_qoder.dynamic.lookups",
    "list_runs_output": "pulumi_qoder.dynamic.lookups",
}
"""Each public name and the module that defines it."""

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
