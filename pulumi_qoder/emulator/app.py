"""create_app(): the emulator, composed: the API inside, the harness wrapped around it.

The layers a request passes, outermost first::

    RequestIds (api)   every answer gets an x-request-id, an injected fault's included
    LatencyLayer (harness)  the network's latency on API calls (off unless asked)
    Harness (harness)  faults and the journal for API calls; other paths pass through
    RateLimiter (harness)   the gateway's per-token limit: 429s, X-RateLimit-* (off unless asked)
    Gateway (api)      auth, the body gate, Idempotency-Key replay
    routes (api)       the Deployments API (api.routes) + /_emulator (harness.control)

`api/` imports nothing from `harness/`; the harness imports the API's public pieces and
this module is the one place that knows both.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI

from .api import routes
from .api.gateway import API_PREFIX, Gateway, RequestIds
from .api.idempotency import IdempotencyCache
from .api.routes import ROUTES
from .api.service import DeploymentService
from .harness import control
from .harness.control import CONTROL_PREFIX
from .harness.faults import FaultTable
from .harness.journal import DEFAULT_JOURNAL_SIZE, Journal
from .harness.latency import Latency, LatencyLayer, WireDelay
from .harness.middleware import Harness
from .harness.rate_limit import RateLimit, RateLimiter, TokenBuckets

__all__ = ["API_PREFIX", "CONTROL_PREFIX", "DEV_TOKEN", "ROUTES", "create_app"]

# Accepted when no tokens are configured; `qoder-emulator` prints it.
DEV_TOKEN = "pt-qoder-emulator-dev-token"


def create_app(
    service: DeploymentService | None = None,
    *,
    tokens: Iterable[str] | None = None,
    faults: FaultTable | None = None,
    journal_size: int = DEFAULT_JOURNAL_SIZE,
    rate_limit: RateLimit | str | None = None,
    latency: Latency | str | None = None,
) -> FastAPI:
    """An emulator app around ``service`` (a fresh in-memory one on the real clock if
    omitted) accepting the bearer ``tokens`` (``DEV_TOKEN`` if none are given).

    ``rate_limit`` (e.g. ``"20/50"``: writes/reads per second per token) and ``latency``
    (e.g. ``"80ms±25%"``) make it play the gateway of a real API; both are off by default.

    ``app.state`` holds ``service``, ``journal`` (the latest ``journal_size`` calls),
    ``faults``, ``buckets`` (the rate limit and the call counts) and ``delay``.
    """
    if isinstance(rate_limit, str):
        rate_limit = RateLimit.parse(rate_limit)
    if isinstance(latency, str):
        latency = Latency.parse(latency)
    service = service if service is not None else DeploymentService()
    accepted = tuple(tokens or ()) or (DEV_TOKEN,)
    app = routes.build(service)
    control.mount(app)
    app.state.journal = Journal(service.clock, journal_size)
    app.state.faults = faults if faults is not None else FaultTable()
    # add_middleware puts each new layer outside the ones before it.
    idempotency = IdempotencyCache(service.clock, getattr(service.store, "keys", None))
    app.state.buckets = TokenBuckets(rate_limit)
    app.state.delay = WireDelay(latency)
    app.add_middleware(Gateway, tokens=accepted, idempotency=idempotency)
    app.add_middleware(RateLimiter, buckets=app.state.buckets)
    app.add_middleware(Harness, journal=app.state.journal, faults=app.state.faults)
    app.add_middleware(LatencyLayer, delay=app.state.delay)
    app.add_middleware(RequestIds)
    return app
