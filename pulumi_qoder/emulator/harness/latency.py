"""Network latency added to every API call, as a real API far away has it.

``Latency.parse("80ms±25%")``: each call waits a time drawn uniformly from 60-100 ms
before it is processed (``+-`` may stand for ``±``; ``80ms`` alone has no jitter;
``0.08s`` and a bare ``80`` (ms) are read too). The wait is an ``asyncio.sleep``: other
calls go on meanwhile. ``/_emulator`` calls are not delayed. ``delayed`` counts the calls
delayed and the milliseconds added, so a test can see the latency without timing it.
"""

from __future__ import annotations

import asyncio
import random
import re
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..api.gateway import API_PREFIX

__all__ = ["Latency", "LatencyLayer", "WireDelay"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

MAX_LATENCY_MS = 60_000.0  # a minute [our choice]
_LATENCY = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*(?:(?:±|\+-|\+/-)\s*(\d+(?:\.\d+)?)\s*%)?\s*$"
)


@dataclass(frozen=True)
class Latency:
    """A delay of ``ms`` milliseconds, spread uniformly by ``jitter`` (0.25: ±25 %)."""

    ms: float
    jitter: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.ms <= MAX_LATENCY_MS:
            raise ValueError(f"latency must be 0 to {MAX_LATENCY_MS:g} ms")
        if not 0 <= self.jitter <= 1:
            raise ValueError("latency jitter must be 0 to 100 %")

    @classmethod
    def parse(cls, text: str) -> Latency:
        match = _LATENCY.match(text)
        if match is None:
            raise ValueError("a latency is e.g. 80ms, 80ms±25% or 80ms+-25%")
        value, unit, jitter = match.groups()
        ms = float(value) * (1000 if unit == "s" else 1)
        return cls(ms, float(jitter) / 100 if jitter else 0.0)

    def draw(self, rng: random.Random) -> float:
        """One call's delay in milliseconds."""
        if not self.jitter:
            return self.ms
        return rng.uniform(self.ms * (1 - self.jitter), self.ms * (1 + self.jitter))

    def describe(self) -> dict[str, float]:
        return {"ms": self.ms, "jitter": self.jitter}


class WireDelay:
    """The latency in force (None: none) and what it added so far."""

    def __init__(self, latency: Latency | None = None, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self.latency = latency
        self._calls = 0
        self._total_ms = 0.0

    def next_delay(self) -> float:
        """The next call's delay in ms (0 when off), counted."""
        with self._lock:
            if self.latency is None or not self.latency.ms:
                return 0.0
            ms = self.latency.draw(self._rng)
            self._calls += 1
            self._total_ms += ms
            return ms

    def delayed(self) -> dict[str, float]:
        with self._lock:
            return {"calls": self._calls, "total_ms": round(self._total_ms, 3)}

    def clear_counts(self) -> None:
        with self._lock:
            self._calls, self._total_ms = 0, 0.0


class LatencyLayer:
    """Pure ASGI middleware: every API call waits its delay first, without blocking others."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], *,
                 delay: WireDelay) -> None:
        self.app = app
        self._delay = delay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX):
            ms = self._delay.next_delay()
            if ms:
                await asyncio.sleep(ms / 1000)
        await self.app(scope, receive, send)
