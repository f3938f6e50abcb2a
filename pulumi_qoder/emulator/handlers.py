"""HTTP handlers for the Deployments API: parse the request, call the service, render.

No rules live here; errors are raised by the service and rendered by the app's one
exception handler.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse

from . import wire
from .clock import parse_timestamp
from .errors import InvalidRequest
from .paging import Page
from .schemas import DeploymentCreate, DeploymentUpdate, EmptyBody
from .service import DeploymentService, RunFilter

__all__ = [
    "ApiResponse",
    "archive",
    "create",
    "list_all_runs",
    "list_deployments",
    "list_runs",
    "pause",
    "retrieve",
    "retrieve_global_run",
    "retrieve_run",
    "run",
    "unpause",
    "update",
]


class ApiResponse(JSONResponse):
    """JSON with keys in alphabetical order, as the API's examples have them."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, sort_keys=True, ensure_ascii=False).encode()


def _service(request: Request) -> DeploymentService:
    return request.app.state.service


Service = Annotated[DeploymentService, Depends(_service)]
NoBody = EmptyBody | None


def _deployments(page: Page) -> ApiResponse:
    return ApiResponse(wire.page([wire.deployment(d) for d in page.items], page.has_more))


def _runs(page: Page) -> ApiResponse:
    return ApiResponse(wire.page([wire.run(r) for r in page.items], page.has_more))


def _time(value: str | None, param: str):
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise InvalidRequest(f"'{param}' must be an RFC 3339 timestamp: {exc}", param) from None


def create(body: DeploymentCreate, service: Service) -> ApiResponse:
    """``POST /deployments``; 200 [INF]: CONTRACT §8.1, as environments create does."""
    return ApiResponse(wire.deployment(service.create(body)))


def retrieve(deployment_id: str, service: Service) -> ApiResponse:
    return ApiResponse(wire.deployment(service.retrieve(deployment_id)))


def update(deployment_id: str, body: DeploymentUpdate, service: Service) -> ApiResponse:
    return ApiResponse(wire.deployment(service.update(deployment_id, body)))


def list_deployments(
    service: Service,
    limit: int | None = None,
    after_id: str | None = None,
    before_id: str | None = None,
    status: str | None = None,
    include_archived: bool = False,
    agent_id: str | None = None,
) -> ApiResponse:
    page = service.list(
        limit=limit, after_id=after_id, before_id=before_id, status=status,
        include_archived=include_archived, agent_id=agent_id,
    )
    return _deployments(page)


def pause(deployment_id: str, service: Service, body: NoBody = None) -> ApiResponse:
    return ApiResponse(wire.deployment(service.pause(deployment_id)))


def unpause(deployment_id: str, service: Service, body: NoBody = None) -> ApiResponse:
    return ApiResponse(wire.deployment(service.unpause(deployment_id)))


def archive(deployment_id: str, service: Service, body: NoBody = None) -> ApiResponse:
    return ApiResponse(wire.deployment(service.archive(deployment_id)))


def run(deployment_id: str, service: Service, body: NoBody = None) -> ApiResponse:
    return ApiResponse(wire.run(service.run(deployment_id)))


def retrieve_run(deployment_id: str, run_id: str, service: Service) -> ApiResponse:
    return ApiResponse(wire.run(service.retrieve_run(run_id, deployment_id=deployment_id)))


def retrieve_global_run(run_id: str, service: Service) -> ApiResponse:
    return ApiResponse(wire.run(service.retrieve_run(run_id)))


def list_runs(
    deployment_id: str,
    service: Service,
    limit: int | None = None,
    after_id: str | None = None,
    before_id: str | None = None,
    status: str | None = None,
    triggered_after: str | None = None,
    triggered_before: str | None = None,
) -> ApiResponse:
    filters = RunFilter(
        status=status,
        triggered_after=_time(triggered_after, "triggered_after"),
        triggered_before=_time(triggered_before, "triggered_before"),
    )
    page = service.list_runs(
        deployment_id=deployment_id, scoped=True, limit=limit, after_id=after_id,
        before_id=before_id, filters=filters,
    )
    return _runs(page)


def list_all_runs(
    service: Service,
    limit: int | None = None,
    after_id: str | None = None,
    before_id: str | None = None,
    deployment_id: str | None = None,
    status: str | None = None,
    trigger_type: str | None = None,
    has_error: bool | None = None,
) -> ApiResponse:
    filters = RunFilter(status=status, trigger_type=trigger_type, has_error=has_error)
    page = service.list_runs(
        deployment_id=deployment_id, limit=limit, after_id=after_id, before_id=before_id,
        filters=filters,
    )
    return _runs(page)
