"""The lookups over the client: the one core both front ends bind.

`pulumi_qoder/dynamic/lookups.py` binds them as functions of a Python program (plain and
`_output`, on the stack config's account); `pulumi_qoder/native/functions.py` as the native
plugin's `Invoke` (on the provider's account, results in the schema's names).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the client and its models load at the first API call
    from pulumi_qoder.client import QoderClient
    from pulumi_qoder.client.deployments import DeploymentStatus
    from pulumi_qoder.client.runs import RunStatus, TriggerType
    from pulumi_qoder.models import Deployment, DeploymentRun

__all__ = [
    "PAGE_SIZE",
    "NoSuchDeploymentError",
    "deployment",
    "deployment_by_name",
    "deployments",
    "runs",
]

PAGE_SIZE = 100


class NoSuchDeploymentError(LookupError):
    """No deployment has the name asked for."""


def deployment(client: QoderClient, deployment_id: str) -> Deployment:
    """The deployment with this id (archived ones too); `NotFoundError` when there is none."""
    return client.deployments.retrieve(deployment_id)


def deployment_by_name(
    client: QoderClient, name: str, *, include_archived: bool = False
) -> Deployment:
    """The live deployment named `name`; with `include_archived`, else its latest archived one.

    Archiving renames a deployment to `<name>_archived_<unix time>` (CONTRACT §3), so those
    names match too. Raises `NoSuchDeploymentError` when nothing matches.
    """
    archived_name = re.compile(re.escape(name) + r"_archived_\d+")
    found = [
        dep
        for dep in client.deployments.iter(include_archived=include_archived, limit=PAGE_SIZE)
        if dep.name == name or (dep.archived and archived_name.fullmatch(dep.name))
    ]
    if not found:
        hint = "" if include_archived else "; archived ones were not searched"
        raise NoSuchDeploymentError(f"no deployment is named {name!r}{hint}")
    return max(found, key=lambda dep: (not dep.archived, dep.archived_at or dep.created_at))


def deployments(
    client: QoderClient,
    *,
    status: DeploymentStatus | None = None,
    agent_id: str | None = None,
    include_archived: bool = False,
) -> list[Deployment]:
    """Every deployment matching the filters (`status`: `active` or `paused`), all pages."""
    return list(
        client.deployments.iter(
            status=status, agent_id=agent_id, include_archived=include_archived, limit=PAGE_SIZE
        )
    )


def runs(
    client: QoderClient,
    *,
    deployment_id: str | None = None,
    status: RunStatus | None = None,
    trigger_type: TriggerType | None = None,
    has_error: bool | None = None,
    limit: int | None = None,
) -> list[DeploymentRun]:
    """Runs matching the filters, all pages, in the API's order (not stated, CONTRACT §8 #23);
    `limit` caps how many."""
    found: list[DeploymentRun] = []
    for run in client.runs.iter(
        deployment_id=deployment_id, status=status, trigger_type=trigger_type,
        has_error=has_error, limit=min(limit, PAGE_SIZE) if limit else PAGE_SIZE,
    ):
        if limit is not None and len(found) >= limit:
            break
        found.append(run)
    return found
