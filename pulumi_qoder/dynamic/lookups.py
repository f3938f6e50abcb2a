"""Read deployments and runs from a Pulumi program: plain calls and `_output` variants.

The dynamic front end's binding of the lookups in `core/lookups.py` (the native plugin's is
`native/functions.py`): a client from the stack config, arguments as Outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pulumi
import pulumi.runtime

from pulumi_qoder.client import QoderClient
from pulumi_qoder.client.deployments import DeploymentStatus
from pulumi_qoder.client.runs import RunStatus, TriggerType
from pulumi_qoder.core import lookups as core
from pulumi_qoder.core.lookups import NoSuchDeploymentError
from pulumi_qoder.core.settings import Settings
from pulumi_qoder.models import Deployment, DeploymentRun

__all__ = [
    "NoSuchDeploymentError",
    "get_deployment",
    "get_deployment_by_name",
    "get_deployment_by_name_output",
    "get_deployment_output",
    "list_deployments",
    "list_deployments_output",
    "list_runs",
    "list_runs_output",
]

T = TypeVar("T")


def get_deployment(deployment_id: str) -> Deployment:
    """The deployment with this id (archived ones too); `NotFoundError` when there is none."""
    with _client() as client:
        return core.deployment(client, deployment_id)


def get_deployment_by_name(name: str, *, include_archived: bool = False) -> Deployment:
    """The live deployment named `name`; with `include_archived`, else its latest archived one.

    Archiving renames a deployment to `<name>_archived_<unix time>` (CONTRACT §3), so those
    names match too. Raises `NoSuchDeploymentError` when nothing matches.
    """
    with _client() as client:
        return core.deployment_by_name(client, name, include_archived=include_archived)


def list_deployments(
    *,
    status: DeploymentStatus | None = None,
    agent_id: str | None = None,
    include_archived: bool = False,
) -> list[Deployment]:
    """Every deployment matching the filters (`status`: `active` or `paused`), all pages."""
    with _client() as client:
        return core.deployments(
            client, status=status, agent_id=agent_id, include_archived=include_archived
        )


def list_runs(
    *,
    deployment_id: str | None = None,
    status: RunStatus | None = None,
    trigger_type: TriggerType | None = None,
    has_error: bool | None = None,
    limit: int | None = None,
) -> list[DeploymentRun]:
    """Runs matching the filters, all pages, in the API's order (not stated, CONTRACT §8 #23);
    `limit` caps how many."""
    with _client() as client:
        return core.runs(
            client, deployment_id=deployment_id, status=status, trigger_type=trigger_type,
            has_error=has_error, limit=limit,
        )


def get_deployment_output(deployment_id: pulumi.Input[str]) -> pulumi.Output[Deployment]:
    """`get_deployment` once `deployment_id` is known."""
    return _lift(get_deployment, deployment_id=deployment_id)


def get_deployment_by_name_output(
    name: pulumi.Input[str], *, include_archived: pulumi.Input[bool] = False
) -> pulumi.Output[Deployment]:
    """`get_deployment_by_name` once its arguments are known."""
    return _lift(get_deployment_by_name, name=name, include_archived=include_archived)


def list_deployments_output(
    *,
    status: pulumi.Input[str] | None = None,
    agent_id: pulumi.Input[str] | None = None,
    include_archived: pulumi.Input[bool] = False,
) -> pulumi.Output[list[Deployment]]:
    """`list_deployments` once its arguments are known."""
    return _lift(
        list_deployments, status=status, agent_id=agent_id, include_archived=include_archived
    )


def list_runs_output(
    *,
    deployment_id: pulumi.Input[str] | None = None,
    status: pulumi.Input[str] | None = None,
    trigger_type: pulumi.Input[str] | None = None,
    has_error: pulumi.Input[bool] | None = None,
    limit: pulumi.Input[int] | None = None,
) -> pulumi.Output[list[DeploymentRun]]:
    """`list_runs` once its arguments are known."""
    return _lift(
        list_runs, deployment_id=deployment_id, status=status, trigger_type=trigger_type,
        has_error=has_error, limit=limit,
    )


def _lift(fn: Callable[..., T], **args: Any) -> pulumi.Output[T]:
    return pulumi.Output.all(**args).apply(lambda values: fn(**values))


def _client() -> QoderClient:
    """A client from the stack config (`qoder:token`, `qoder:baseUrl`, `qoder:region`), else env.

    `pulumi.runtime.get_config` reads the values without the secret-access warning that
    `pulumi.Config.get` gives for `qoder:token`; outside a program it reads nothing.
    """
    return Settings.read(pulumi.runtime.get_config).client()
