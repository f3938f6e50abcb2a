"""The gateway's rate limit per token: token buckets, 429 answers and ``X-RateLimit-*`` headers.

CONTRACT §1.2 documents the numbers (at most 20 writes/s and 50 reads/s per PAT), that a
gateway may answer 429 (often with no body) or 503, and announces ``X-RateLimit-Limit``,
``X-RateLimit-Remaining``, ``X-RateLimit-Reset`` with 429 + ``Retry-After``. How the real
gateway counts is not documented; what this layer does beyond that is our guess:

- one token bucket per token (the bearer header, hashed) and per class: a ``GET`` is a
  read, any other method a write;
- a bucket holds one second's worth (20 writes, 50 reads; at least one call) and refills
  continuously;
- an empty bucket answers 429 with no body and ``Retry-After``: whole seconds until one
  call is allowed again, rounded up, at least 1; a refused call takes nothing;
- every API answer while the limit is on carries ``X-RateLimit-Limit`` (the class's rate
  per second), ``X-RateLimit-Remaining`` (whole calls left in the bucket after this one)
  and ``X-RateLimit-Reset`` (whole seconds until the bucket is full again, rounded up:
  a delta, like the IETF RateLimit draft, not an epoch time).

Whether the limit is on or not, ``counts`` says how many calls of each class passed
(``accepted``) and were refused (``refused``): a benchmark's floor is accepted writes over
the write rate, or accepted reads over the read rate.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..api.gateway import API_PREFIX, send_raw

__all__ = ["RateLimit", "RateLimiter", "TokenBuckets"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

MAX_RATE = 100_000.0  # calls per second [our choice]: beyond it a limit means nothing
_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class RateLimit:
    """Writes and reads allowed per second per token."""

    writes: float
    reads: float

    def __post_init__(self) -> None:
        for name, rate in (("writes", self.writes), ("reads", self.reads)):
            if not 0 < rate <= MAX_RATE:
                raise ValueError(f"{name} per second must be more than 0 and at most {MAX_RATE:g}")

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        """``"20/50"``: 20 writes and 50 reads per second."""
        match = _RATE.match(text)
        if match is None:
            raise ValueError("a rate limit is WRITES/READS per second, e.g. 20/50")
        return cls(float(match.group(1)), float(match.group(2)))

    def describe(self) -> dict[str, float]:
        return {"writes_per_second": self.writes, "reads_per_second": self.reads}


class _Bucket:
    def __init__(self, rate: float, now: float) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)  # one second's worth, at least one call [our guess]
        self.level = self.capacity
        self.at = now

    def refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.at) * self.rate)
        self.at = now

    def headers(self, now: float) -> list[tuple[bytes, bytes]]:
        until_full = (self.capacity - self.level) / self.rate
        return [
            (b"x-ratelimit-limit", _number(self.rate)),
            (b"x-ratelimit-remaining", str(max(0, math.floor(self.level + 1e-9))).encode()),
            (b"x-ratelimit-reset", str(math.ceil(until_full - 1e-9)).encode()),
        ]


def _number(rate: float) -> bytes:
    return (str(int(rate)) if rate == int(rate) else f"{rate:g}").encode()


class TokenBuckets:
    """The limit (None: off), a read and a write bucket per token, and the counts."""

    def __init__(self, limit: RateLimit | None = None,
                 now: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._now = now
        self._limit = limit
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._counts = _zero_counts()

    @property
    def limit(self) -> RateLimit | None:
        return self._limit

    def set_limit(self, limit: RateLimit | None) -> None:
        """A new limit starts every bucket full."""
        with self._lock:
            self._limit = limit
            self._buckets.clear()

    def take(self, who: str, method: str) -> tuple[bool, list[tuple[bytes, bytes]]]:
        """Whether the call may pass, and the headers for its answer (none when off)."""
        kind = "reads" if method == "GET" else "writes"
        with self._lock:
            if self._limit is None:
                self._counts[kind]["accepted"] += 1
                return True, []
            now = self._now()
            bucket = self._buckets.get((who, kind))
            if bucket is None:
                rate = self._limit.reads if kind == "reads" else self._limit.writes
                bucket = self._buckets[(who, kind)] = _Bucket(rate, now)
            bucket.refill(now)
            if bucket.level >= 1:
                bucket.level -= 1
                self._counts[kind]["accepted"] += 1
                return True, bucket.headers(now)
            self._counts[kind]["refused"] += 1
            wait = (1 - bucket.level) / bucket.rate
            retry_after = max(1, math.ceil(wait - 1e-9))
            return False, [*bucket.headers(now), (b"retry-after", str(retry_after).encode())]

    def counts(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {kind: dict(c) for kind, c in self._counts.items()}

    def clear_counts(self) -> None:
        with self._lock:
            self._counts = _zero_counts()


def _zero_counts() -> dict[str, dict[str, int]]:
    return {"writes": {"accepted": 0, "refused": 0}, "reads": {"accepted": 0, "refused": 0}}


def _caller(scope: Scope) -> str:
    """A stable, non-reversible name for the caller's bearer header (never kept raw)."""
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            return hashlib.sha256(value).hexdigest()[:16]
    return ""


class RateLimiter:
    """Pure ASGI middleware: the per-token limit on API calls; other paths pass through."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], *,
                 buckets: TokenBuckets) -> None:
        self.app = app
        self._buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        allowed, headers = self._buckets.take(_caller(scope), scope["method"])
        if not allowed:
            # CONTRACT §1.2: a gateway's 429 often has no body.
            await send_raw(send, 429, [(b"content-length", b"0"), *headers], b"")
            return
        if not headers:
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await self.app(scope, receive, with_headers)
