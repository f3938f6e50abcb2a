"""HTTP handlers for the Deployments API: parse the request, call the service, render.

No rules live here; errors are raised by the service and rendered by the app's one
exception handler. Every route rejects a query parameter it does not declare, and one
given twice, with a 400 naming it (``strict_query``), so nothing is ignored silently.
Lists also take what the vendor SDK sends [SDK]: ``page`` (the docs say ``next_page``
equals ``last_id``, so it is an ``after_id``) and ``created_at[gt|gte|lt|lte]``; the
same bounds are also taken as ``created_at_gt|gte|lt|lte`` (the SDK's keyword names,
which people type by hand) [our choice]. One bound in both spellings is a 400.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import JSONResponse

from ..clock import parse_timestamp
from ..storage.paging import Page, RunFilter, TimeRange
from ..storage.records import DeploymentRecord, RunRecord
from . import responses
from .errors import InvalidRequest
from .operations.create import CreateBody
from .operations.update import UpdateBody
from .schemas import EmptyBody
from .service import DeploymentService
from .validation import check_id

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
    "strict_query",
    "unpause",
    "update",
]


class ApiResponse(JSONResponse):
    """JSON with keys in alphabetical order, as the API's examples have them.

    Text that UTF-8 cannot hold (a lone surrogate stored by an emulator from before the
    body gate) is sent escaped (``\\ud800``) instead of failing the whole answer.
    """

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, sort_keys=True, ensure_ascii=False)
        try:
            return text.encode()
        except UnicodeEncodeError:
            return json.dumps(content, sort_keys=True).encode()


def _service(request: Request) -> DeploymentService:
    """The app's service (read from the request, not a dependency: one fewer to solve)."""
    return request.app.state.service

NoBody = EmptyBody | None


def _deployments(page: Page[DeploymentRecord]) -> ApiResponse:
    return ApiResponse(responses.page([responses.deployment(d) for d in page.items], page.has_more))


def _runs(page: Page[RunRecord]) -> ApiResponse:
    return ApiResponse(responses.page([responses.run(r) for r in page.items], page.has_more))


async def strict_query(request: Request) -> None:
    """Refuse query parameters the route does not declare, or repeats (a dependency)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {field.alias for field in dependant.query_params}
    seen: set[str] = set()
    for name, _ in request.query_params.multi_items():
        if name not in known:
            raise InvalidRequest(f"Unknown query parameter: {_shown(name)}", _shown(name))
        if name in seen:
            raise InvalidRequest(f"Query parameter given more than once: {name}", name)
        seen.add(name)


def _shown(name: str) -> str:
    return name[:64].encode("utf-8", "replace").decode("utf-8")


def _time(value: str | None, param: str) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise InvalidRequest(f"'{param}' must be an RFC 3339 timestamp: {exc}.", param) from None


def _after(after_id: str | None, before_id: str | None, page: str | None, prefix: str
           ) -> str | None:
    """``page`` [SDK] is the forward cursor: the ``next_page`` of the previous page."""
    if page is None:
        return after_id
    check_id(page, prefix, "page")
    if after_id is not None or before_id is not None:
        raise InvalidRequest("Pass at most one of 'after_id', 'before_id' and 'page'.", "page")
    return page


CreatedGt = Annotated[str | None, Query(alias="created_at[gt]")]
CreatedGte = Annotated[str | None, Query(alias="created_at[gte]")]
CreatedLt = Annotated[str | None, Query(alias="created_at[lt]")]
CreatedLte = Annotated[str | None, Query(alias="created_at[lte]")]
_BOUNDS = ("gt", "gte", "lt", "lte")


def _created(bracketed: tuple[str | None, ...], plain: tuple[str | None, ...]) -> TimeRange:
    """The ``created_at`` bounds, each from ``created_at[op]`` or ``created_at_op``."""
    bounds = {}
    for op, bracket_value, plain_value in zip(_BOUNDS, bracketed, plain, strict=True):
        if bracket_value is not None and plain_value is not None:
            raise InvalidRequest(
                f"Pass 'created_at[{op}]' or 'created_at_{op}', not both.", f"created_at_{op}"
            )
        if plain_value is not None:
            bounds[op] = _time(plain_value, f"created_at_{op}")
        else:
            bounds[op] = _time(bracket_value, f"created_at[{op}]")
    return TimeRange(**bounds)


async def create(body: CreateBody, request: Request) -> ApiResponse:
    """``POST /deployments``; 200 [INF]: CONTRACT §8.1, as environments create does."""
    return ApiResponse(responses.deployment(_service(request).create(body)))


async def retrieve(deployment_id: str, request: Request) -> ApiResponse:
    return ApiResponse(responses.deployment(_service(request).retrieve(deployment_id)))


async def update(deployment_id: str, body: UpdateBody, request: Request) -> ApiResponse:
    return ApiResponse(responses.deployment(_service(request).update(deployment_id, body)))


async def list_deployments(
    request: Request,
    limit: int | None = None,
    after_id: str | None = None,
    before_id: str | None = None,
    status: str | None = None,
    include_archived: bool = False,
    agent_id: str | None = None,
    page: str | None = None,
    created_gt: CreatedGt = None,
    created_gte: CreatedGte = None,
    created_lt: CreatedLt = None,
    created_lte: CreatedLte = None,
    created_at_gt: str | None = None,
    created_at_gte: str | None = None,
    created_at_lt: str | None = None,
    created_at_lte: str | None = None,
) -> ApiResponse:
    found = _service(request).list(
        limit=limit, after_id=_after(after_id, before_id, page, "dep"), before_id=before_id,
        status=status, include_archived=include_archived, agent_id=agent_id,
        created=_created(
            (created_gt, created_gte, created_lt, created_lte),
            (created_at_gt, created_at_gte, created_at_lt, created_at_lte),
        ),
    )
    return _deployments(found)


async def pause(deployment_id: str, request: Request, body: NoBody = None) -> ApiResponse:
    return ApiResponse(responses.deployment(_service(request).pause(deployment_id)))


async def unpause(deployment_id: str, request: Request, body: NoBody = None) -> ApiResponse:
    return ApiResponse(responses.deployment(_service(request).unpause(deployment_id)))


async def archive(deployment_id: str, request: Request, body: NoBody = None) -> ApiResponse:
    return ApiResponse(responses.deployment(_service(request).archive(deployment_id)))


async def run(deployment_id: str, request: Request, body: NoBody = None) -> ApiResponse:
    return ApiResponse(responses.run(_service(request).run(deployment_id)))


async def retrieve_run(deployment_id: str, run_id: str, request: Request) -> ApiResponse:
    found = _service(request).retrieve_run(run_id, deployment_id=deployment_id)
    return ApiResponse(responses.run(found))


async def retrieve_global_run(run_id: str, request: Request) -> ApiResponse:
    return ApiResponse(responses.run(_service(request).retrieve_run(run_id)))


async def list_runs(
    deployment_id: str,
    request: Request,
    limit: int | None = None,
    after_id: str | None = None,
    before_id: str | None = None,
    status: str | None = None,
    triggered_after: str | None = None,
    triggered_before: str | None = None,
    page: str | None = None,
) -> ApiResponse:
    filters = RunFilter(
        status=status,
        triggered_after=_time(triggered_after, "triggered_after"),
        triggered_before=_time(triggered_before, "triggered_before"),
    )
    found = _service(request).list_runs(
        deployment_id=deployment_id, scoped=True, limit=limit,
        after_id=_after(after_id, before_id, page, "drun"), before_id=before_id,
        filters=filters,
    )
    return _runs(found)


async def list_all_runs(
    request: Request,
    limit: int | None = None,
    after_id: str | None = None,
    before_id: str | None = None,
    deployment_id: str | None = None,
    status: str | None = None,
    trigger_type: str | None = None,
    has_error: bool | None = None,
    page: str | None = None,
    created_gt: CreatedGt = None,
    created_gte: CreatedGte = None,
    created_lt: CreatedLt = None,
    created_lte: CreatedLte = None,
    created_at_gt: str | None = None,
    created_at_gte: str | None = None,
    created_at_lt: str | None = None,
    created_at_lte: str | None = None,
) -> ApiResponse:
    filters = RunFilter(
        status=status, trigger_type=trigger_type, has_error=has_error,
        created=_created(
            (created_gt, created_gte, created_lt, created_lte),
            (created_at_gt, created_at_gte, created_at_lt, created_at_lte),
        ),
    )
    found = _service(request).list_runs(
        deployment_id=deployment_id, limit=limit,
        after_id=_after(after_id, before_id, page, "drun"), before_id=before_id,
        filters=filters,
    )
    return _runs(found)
