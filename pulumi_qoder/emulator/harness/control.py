"""The ``/_emulator`` control surface for tests and demos (not part of Qoder's API).

No authentication; nothing here is journaled. Listings are bare JSON lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel, ConfigDict, Field

from ..api.errors import Conflict, InvalidRequest
from ..api.handlers import strict_query
from ..api.outcomes import RunOutcome
from ..api.responses import fractional
from ..clock import ManualClock, parse_timestamp
from .faults import Fault
from .latency import Latency
from .rate_limit import RateLimit

__all__ = [
    "CONTROL_PREFIX",
    "CONTROL_ROUTES",
    "mount",
    "add_fault",
    "add_run_outcome",
    "change_clock",
    "change_gateway",
    "clear_gateway_counts",
    "read_gateway",
    "clear_faults",
    "clear_journal",
    "clear_run_outcomes",
    "list_faults",
    "list_run_outcomes",
    "read_clock",
    "read_journal",
]


CONTROL_PREFIX = "/_emulator"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClockChange(_Body):
    """Exactly one of ``set`` (RFC 3339) and ``advance_seconds``."""

    set: str | None = None
    advance_seconds: float | None = Field(default=None, ge=0)


# A run may last or wait at most a century of emulator time [our choice], so its end
# stays a representable time.
MAX_RUN_MS = 100 * 366 * 24 * 3600 * 1000


class OutcomeIn(_Body):
    deployment_id: str | None = None
    status: Literal["completed", "failed"] = "completed"
    duration_ms: int = Field(default=1000, ge=0, le=MAX_RUN_MS)
    start_delay_ms: int = Field(default=0, ge=0, le=MAX_RUN_MS)
    error_type: str = "unknown_error"
    error_message: str = "The run failed."
    count: int | None = Field(default=None, ge=1)


class GatewayChange(_Body):
    """The gateway's play: ``rate_limit`` ``"20/50"`` and ``latency`` ``"80ms±25%"``;
    ``null`` turns one off, a field left out stays as it is."""

    rate_limit: str | None = None
    latency: str | None = None


def _clock_state(request: Request, events: int | None = None) -> dict[str, Any]:
    clock = request.app.state.service.clock
    state: dict[str, Any] = {"now": fractional(clock.now()), "mode": getattr(clock, "mode", "real")}
    if events is not None:
        state["events"] = events
    return state


async def read_clock(request: Request) -> dict[str, Any]:
    return _clock_state(request)


async def change_clock(body: ClockChange, request: Request) -> dict[str, Any]:
    """Move a manual clock, then fire whatever became due, in time order."""
    service = request.app.state.service
    clock = service.clock
    if not isinstance(clock, ManualClock):
        raise Conflict("The emulator runs on the real clock; start it with --clock manual.")
    if (body.set is None) == (body.advance_seconds is None):
        raise InvalidRequest("Send exactly one of 'set' and 'advance_seconds'.", "set")
    try:
        if body.set is not None:
            clock.set(parse_timestamp(body.set))
        else:
            clock.advance(body.advance_seconds or 0)
    except ValueError as exc:
        param = "set" if body.set is not None else "advance_seconds"
        raise InvalidRequest(str(exc), param) from None
    return _clock_state(request, events=service.tick())


async def read_journal(request: Request) -> list[dict[str, Any]]:
    """The journal entries, oldest first, as a bare JSON list."""
    return request.app.state.journal.entries()


async def clear_journal(request: Request) -> list[Any]:
    request.app.state.journal.clear()
    return []


async def add_fault(body: Fault, request: Request) -> dict[str, Any]:
    request.app.state.faults.add(body)
    return {"id": body.id}


async def list_faults(request: Request) -> list[dict[str, Any]]:
    return request.app.state.faults.describe()


async def clear_faults(request: Request) -> list[Any]:
    request.app.state.faults.clear()
    return []


def _gateway_state(request: Request) -> dict[str, Any]:
    buckets, delay = request.app.state.buckets, request.app.state.delay
    return {
        "rate_limit": None if buckets.limit is None else buckets.limit.describe(),
        "latency": None if delay.latency is None else delay.latency.describe(),
        "counts": buckets.counts(),
        "delayed": delay.delayed(),
    }


async def read_gateway(request: Request) -> dict[str, Any]:
    """The rate limit and latency in force, calls accepted and refused per class (writes,
    reads) and the latency added (``delayed``: calls and total ms) since the last clear."""
    return _gateway_state(request)


async def change_gateway(body: GatewayChange, request: Request) -> dict[str, Any]:
    changes = body.model_fields_set
    limit: RateLimit | None = None
    latency: Latency | None = None
    try:
        if "rate_limit" in changes and body.rate_limit is not None:
            limit = RateLimit.parse(body.rate_limit)
    except ValueError as exc:
        raise InvalidRequest(str(exc), "rate_limit") from None
    try:
        if "latency" in changes and body.latency is not None:
            latency = Latency.parse(body.latency)
    except ValueError as exc:
        raise InvalidRequest(str(exc), "latency") from None
    if "rate_limit" in changes:
        request.app.state.buckets.set_limit(limit)
    if "latency" in changes:
        request.app.state.delay.latency = latency
    return _gateway_state(request)


async def clear_gateway_counts(request: Request) -> dict[str, Any]:
    request.app.state.buckets.clear_counts()
    request.app.state.delay.clear_counts()
    return _gateway_state(request)


async def add_run_outcome(body: OutcomeIn, request: Request) -> list[dict[str, Any]]:
    outcome = RunOutcome(
        status=body.status,
        duration_ms=body.duration_ms,
        start_delay_ms=body.start_delay_ms,
        error_type=body.error_type,
        error_message=body.error_message,
    )
    outcomes = request.app.state.service.outcomes
    outcomes.add(outcome, deployment_id=body.deployment_id, count=body.count)
    return outcomes.describe()


async def list_run_outcomes(request: Request) -> list[dict[str, Any]]:
    return request.app.state.service.outcomes.describe()


async def clear_run_outcomes(request: Request) -> list[Any]:
    request.app.state.service.outcomes.clear()
    return []


CONTROL_ROUTES: list[tuple[str, str, Callable[..., Any]]] = [
    ("GET", "/clock", read_clock),
    ("POST", "/clock", change_clock),
    ("GET", "/requests", read_journal),
    ("DELETE", "/requests", clear_journal),
    ("GET", "/faults", list_faults),
    ("POST", "/faults", add_fault),
    ("DELETE", "/faults", clear_faults),
    ("GET", "/gateway", read_gateway),
    ("POST", "/gateway", change_gateway),
    ("DELETE", "/gateway/counts", clear_gateway_counts),
    ("GET", "/run_outcomes", list_run_outcomes),
    ("POST", "/run_outcomes", add_run_outcome),
    ("DELETE", "/run_outcomes", clear_run_outcomes),
]


def mount(app: FastAPI) -> None:
    """Add the control routes to ``app`` (which already serves the API)."""
    for method, path, endpoint in CONTROL_ROUTES:
        app.add_api_route(CONTROL_PREFIX + path, endpoint, methods=[method],
                          include_in_schema=False, dependencies=[Depends(strict_query)])
