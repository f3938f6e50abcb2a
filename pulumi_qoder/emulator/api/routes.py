"""The API's route table, and the one place errors are rendered in the contract's envelope.

``build(service)`` is a FastAPI app serving the Deployments API over ``service`` (no
middleware yet: ``emulator.app.create_app`` adds the gateway and the harness around it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from . import handlers
from .errors import EmulatorError, InternalError, InvalidRequest, NotFound
from .gateway import API_PREFIX
from .openapi import openapi_document
from .schemas import invalid_from_errors
from .service import DeploymentService

__all__ = ["ROUTES", "MethodNotAllowed", "build"]

# The whole URL surface (CONTRACT §4), relative to API_PREFIX.
ROUTES: list[tuple[str, str, Callable[..., Any]]] = [
    ("POST", "/deployments", handlers.create),
    ("GET", "/deployments", handlers.list_deployments),
    ("GET", "/deployments/{deployment_id}", handlers.retrieve),
    ("POST", "/deployments/{deployment_id}", handlers.update),
    ("POST", "/deployments/{deployment_id}/pause", handlers.pause),
    ("POST", "/deployments/{deployment_id}/unpause", handlers.unpause),
    ("POST", "/deployments/{deployment_id}/archive", handlers.archive),
    ("POST", "/deployments/{deployment_id}/run", handlers.run),
    ("GET", "/deployments/{deployment_id}/runs", handlers.list_runs),
    ("GET", "/deployments/{deployment_id}/runs/{run_id}", handlers.retrieve_run),
    ("GET", "/deployment_runs", handlers.list_all_runs),
    ("GET", "/deployment_runs/{run_id}", handlers.retrieve_global_run),
]

class MethodNotAllowed(EmulatorError):
    status_code = 405
    type = "invalid_request_error"


def build(service: DeploymentService) -> FastAPI:
    """The API's routes over ``service`` (kept on ``app.state.service``), every error in
    the envelope. Every route refuses undeclared query parameters (``strict_query``)."""
    app = FastAPI(title="Qoder API emulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.service = service
    for method, path, endpoint in ROUTES:
        app.add_api_route(
            API_PREFIX + path, endpoint, methods=[method],
            dependencies=[Depends(handlers.strict_query)],
        )
    app.add_api_route("/openapi.json", _openapi, methods=["GET"], include_in_schema=False,
                      dependencies=[Depends(handlers.strict_query)])
    app.add_exception_handler(EmulatorError, _render_error)
    app.add_exception_handler(RequestValidationError, _render_validation_error)
    app.add_exception_handler(HTTPException, _render_http_error)
    app.add_exception_handler(Exception, _render_unexpected_error)
    return app


async def _openapi(request: Request) -> JSONResponse:
    """``GET /openapi.json`` (no auth): see ``openapi``."""
    return JSONResponse(openapi_document(request.app))


async def _render_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EmulatorError)
    return JSONResponse(exc.envelope(), status_code=exc.status_code)


async def _render_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return await _render_error(request, invalid_from_errors(exc.errors()))


async def _render_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Framework errors (unknown path, wrong method) in the contract's envelope."""
    assert isinstance(exc, HTTPException)
    error: EmulatorError
    if exc.status_code == 404:
        error = NotFound(f"Unknown endpoint: {request.method} {request.url.path}")
    elif exc.status_code == 405:
        allowed = _allowed_methods(request)
        error = MethodNotAllowed(
            f"Method {request.method} is not allowed here; use {', '.join(allowed)}."
        )
        response = await _render_error(request, error)
        response.headers["Allow"] = ", ".join(allowed)
        return response
    else:
        error = InvalidRequest(str(exc.detail))
        error.status_code = exc.status_code
    return await _render_error(request, error)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on this path (RFC 9110 §15.5.6: ``Allow``)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


async def _render_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug in the emulator still answers in the envelope: 500 ``api_error``."""
    return await _render_error(request, InternalError(f"Internal error: {type(exc).__name__}"))
