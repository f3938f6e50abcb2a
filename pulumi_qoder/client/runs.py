"""Deployment runs: one deployment's runs (`/deployments/{id}/runs`) and all runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pulumi_qoder.client._pagination import iter_items, query
from pulumi_qoder.client._paths import global_run_path, scoped_run_path
from pulumi_qoder.client.models import DeploymentRun, DeploymentRunList

if TYPE_CHECKING:
    from pulumi_qoder.client._client import QoderClient

__all__ = ["DeploymentRuns", "Runs"]

RunStatus = Literal["pending", "running", "completed", "failed", "skipped"]
TriggerType = Literal["manual", "schedule", "retry"]


class DeploymentRuns:
    """The runs of one deployment: `client.deployments.runs`."""

    def __init__(self, client: QoderClient) -> None:
        self._client = client

    def retrieve(self, run_id: str, *, deployment_id: str) -> DeploymentRun:
        """`GET /deployments/{deployment_id}/runs/{run_id}`."""
        path = scoped_run_path(deployment_id, run_id)
        return self._client.request("GET", path, cast_to=DeploymentRun)

    def list(
        self,
        deployment_id: str,
        *,
        limit: int | None = None,
        after_id: str | None = None,
        before_id: str | None = None,
        status: RunStatus | None = None,
        triggered_after: datetime | str | None = None,
        triggered_before: datetime | str | None = None,
    ) -> DeploymentRunList:
        """`GET /deployments/{deployment_id}/runs`: one page, newest trigger first."""
        params = query(
            limit=limit, after_id=after_id, before_id=before_id, status=status,
            triggered_after=triggered_after, triggered_before=triggered_before,
        )
        path = scoped_run_path(deployment_id)
        return self._client.request("GET", path, params=params, cast_to=DeploymentRunList)

    def iter(
        self,
        deployment_id: str,
        *,
        limit: int | None = None,
        status: RunStatus | None = None,
        triggered_after: datetime | str | None = None,
        triggered_before: datetime | str | None = None,
    ) -> Iterator[DeploymentRun]:
        """Every run of the deployment, across pages; `limit` is the page size."""
        scoped_run_path(deployment_id)  # fail on an empty id now, not at first next()
        return iter_items(
            lambda after_id: self.list(
                deployment_id, limit=limit, after_id=after_id, status=status,
                triggered_after=triggered_after, triggered_before=triggered_before,
            )
        )


class Runs:
    """Runs across all deployments (`/deployment_runs`): `client.runs`."""

    def __init__(self, client: QoderClient) -> None:
        self._client = client

    def retrieve(self, run_id: str) -> DeploymentRun:
        """`GET /deployment_runs/{run_id}`."""
        return self._client.request("GET", global_run_path(run_id), cast_to=DeploymentRun)

    def list(
        self,
        *,
        limit: int | None = None,
        after_id: str | None = None,
        before_id: str | None = None,
        deployment_id: str | None = None,
        status: RunStatus | None = None,
        trigger_type: TriggerType | None = None,
        has_error: bool | None = None,
    ) -> DeploymentRunList:
        """`GET /deployment_runs`: one page of the account's runs."""
        params = query(
            limit=limit, after_id=after_id, before_id=before_id, deployment_id=deployment_id,
            status=status, trigger_type=trigger_type, has_error=has_error,
        )
        return self._client.request(
            "GET", global_run_path(), params=params, cast_to=DeploymentRunList
        )

    def iter(
        self,
        *,
        limit: int | None = None,
        deployment_id: str | None = None,
        status: RunStatus | None = None,
        trigger_type: TriggerType | None = None,
        has_error: bool | None = None,
    ) -> Iterator[DeploymentRun]:
        """Every run of the account, across pages; `limit` is the page size."""
        return iter_items(
            lambda after_id: self.list(
                limit=limit, after_id=after_id, deployment_id=deployment_id, status=status,
                trigger_type=trigger_type, has_error=has_error,
            )
        )
