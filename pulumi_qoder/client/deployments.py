"""Deployments: one method per `/deployments` endpoint (`client.deployments`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pulumi_qoder.client._omit import given
from pulumi_qoder.client._pagination import iter_items, query
from pulumi_qoder.client._paths import deployment_path
from pulumi_qoder.client.models import Deployment, DeploymentList, DeploymentRun
from pulumi_qoder.client.params import DeploymentCreate, DeploymentPatch
from pulumi_qoder.client.runs import DeploymentRuns

if TYPE_CHECKING:
    from pulumi_qoder.client._client import QoderClient

__all__ = ["Deployments"]

DeploymentStatus = Literal["active", "paused"]


class Deployments:
    """The `/deployments` collection; `runs` holds one deployment's runs."""

    def __init__(self, client: QoderClient) -> None:
        self._client = client
        self.runs = DeploymentRuns(client)

    def create(
        self,
        params: DeploymentCreate | Mapping[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
        **fields: Any,
    ) -> Deployment:
        """`POST /deployments`: a new, active deployment.

        The body is a `DeploymentCreate` (or a mapping of its fields) or its fields as
        keywords (`create(name=..., agent=..., environment_id=..., initial_events=[...])`);
        unknown fields fail locally. Sent with an Idempotency-Key reused on every retry, so
        a retried create whose first response was lost cannot create a second deployment.
        Pass `idempotency_key` to reuse one across calls too (and across processes): the
        API then replays the first call's answer for 24 hours, as long as the body is the
        same.
        """
        body = _model(DeploymentCreate, params, fields)
        return self.create_from(body, idempotency_key=idempotency_key)

    def create_from(
        self, params: DeploymentCreate, *, idempotency_key: str | None = None
    ) -> Deployment:
        """`POST /deployments` with a body already validated: `create`, for callers that
        build the `DeploymentCreate` themselves (the provider does, once per create)."""
        return self._client.request(
            "POST", "/deployments", body=params.to_body(), cast_to=Deployment,
            idempotency_key=idempotency_key,
        )

    def retrieve(self, deployment_id: str) -> Deployment:
        """`GET /deployments/{id}`; archived deployments are still returned."""
        return self._client.request("GET", deployment_path(deployment_id), cast_to=Deployment)

    def update(
        self,
        deployment_id: str,
        params: DeploymentPatch | Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> Deployment:
        """`POST /deployments/{id}`: merge-patch of the fields given (a `DeploymentPatch`, a
        mapping of its fields, or keywords).

        A field left at OMIT is not sent; None is sent as null and clears it; a key of a map
        (`metadata`) mapped to None is deleted and the other keys are kept.
        """
        return self.update_from(deployment_id, _model(DeploymentPatch, params, fields))

    def update_from(self, deployment_id: str, params: DeploymentPatch) -> Deployment:
        """`POST /deployments/{id}` with a merge-patch already validated: `update`, for
        callers that build the `DeploymentPatch` themselves (only its set fields are sent)."""
        path = deployment_path(deployment_id)
        return self._client.request("POST", path, body=params.to_body(), cast_to=Deployment)

    def list(
        self,
        *,
        limit: int | None = None,
        after_id: str | None = None,
        before_id: str | None = None,
        status: DeploymentStatus | None = None,
        include_archived: bool | None = None,
        agent_id: str | None = None,
    ) -> DeploymentList:
        """`GET /deployments`: one page, newest first; archived ones only if asked for."""
        params = query(
            limit=limit, after_id=after_id, before_id=before_id, status=status,
            include_archived=include_archived, agent_id=agent_id,
        )
        return self._client.request("GET", "/deployments", params=params, cast_to=DeploymentList)

    def iter(
        self,
        *,
        status: DeploymentStatus | None = None,
        include_archived: bool | None = None,
        agent_id: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Deployment]:
        """Every deployment matching the filters, across pages; `limit` is the page size."""
        return iter_items(
            lambda after_id: self.list(
                limit=limit, after_id=after_id, status=status,
                include_archived=include_archived, agent_id=agent_id,
            )
        )

    def pause(self, deployment_id: str) -> Deployment:
        """`POST /deployments/{id}/pause`; 409 ConflictError if already paused."""
        return self._action(deployment_id, "pause")

    def unpause(self, deployment_id: str) -> Deployment:
        """`POST /deployments/{id}/unpause`; 409 ConflictError if not paused."""
        return self._action(deployment_id, "unpause")

    def archive(self, deployment_id: str) -> Deployment:
        """`POST /deployments/{id}/archive`: irreversible, the API's only removal.

        409 ConflictError if already archived.
        """
        return self._action(deployment_id, "archive")

    def run(self, deployment_id: str) -> DeploymentRun:
        """`POST /deployments/{id}/run`: trigger one run now.

        A run over the concurrency cap comes back with status `skipped`, not an error.
        """
        path = deployment_path(deployment_id, "run")
        return self._client.request("POST", path, body={}, cast_to=DeploymentRun)

    def _action(self, deployment_id: str, action: str) -> Deployment:
        path = deployment_path(deployment_id, action)
        return self._client.request("POST", path, body={}, cast_to=Deployment)


RequestT = TypeVar("RequestT", DeploymentCreate, DeploymentPatch)


def _model(
    model: type[RequestT], params: RequestT | Mapping[str, Any] | None, fields: dict[str, Any]
) -> RequestT:
    """The request model from a model or mapping, or from keyword fields (OMIT ones left out)."""
    if params is not None and fields:
        raise TypeError("pass the request model or its fields as keywords, not both")
    if isinstance(params, model):
        return params
    return model.model_validate(given(**(fields if params is None else dict(params))))
