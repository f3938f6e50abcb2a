"""A loopback stand-in for the API's gateway: a token bucket per token, over real HTTP.

Each token has a write bucket and a read bucket (capacity and refill per second as given);
a request that finds its bucket empty is answered 429 with `Retry-After` and no body, as
CONTRACT §1.2 says a gateway may. Answers can also be scripted (`script`), e.g. one 429 or
one answer with `X-RateLimit-*` headers. Every request is recorded with the monotonic time
it arrived and the time its answer was sent (one clock: the client in the same process).
Every other request is answered 200 `{}`.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

READS = ("GET", "HEAD")


@dataclass
class Arrival:
    method: str
    at: float
    status: int = 0
    answered_at: float = 0.0
    idempotency_key: str | None = None


@dataclass
class _Bucket:
    capacity: float
    rate: float
    tokens: float
    checked: float = field(default_factory=time.monotonic)

    def take(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.checked) * self.rate)
        self.checked = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Gateway:
    """`with Gateway(writes=20, reads=50) as gateway:` serves `gateway.base_url`."""

    def __init__(self, writes: float = 1000.0, reads: float = 1000.0,
                 capacity: float | None = None, retry_after: str = "1") -> None:
        self.rates = {True: writes, False: reads}
        self.capacity = capacity
        self.retry_after = retry_after
        self.arrivals: list[Arrival] = []
        self.throttled = threading.Event()  # set at the first 429 sent
        self._buckets: dict[tuple[str, bool], _Bucket] = {}
        self._scripted: deque[tuple[int, dict[str, str]]] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/v1/cloud"

    def script(self, status: int, headers: dict[str, str] | None = None, count: int = 1) -> None:
        """Answer the next `count` requests with `status` (no body unless 200) and headers."""
        with self._lock:
            self._scripted.extend([(status, dict(headers or {}))] * count)

    def statuses(self) -> list[int]:
        with self._lock:
            return [a.status for a in self.arrivals]

    def __enter__(self) -> Gateway:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, arrival: Arrival, token: str) -> tuple[int, dict[str, str]]:
        with self._lock:
            self.arrivals.append(arrival)
            if self._scripted:
                return self._scripted.popleft()
            write = arrival.method not in READS
            rate = self.rates[write]
            bucket = self._buckets.setdefault(
                (token, write), _Bucket(self.capacity or rate, rate, self.capacity or rate))
            if bucket.take(arrival.at):
                return 200, {}
            return 429, {"Retry-After": self.retry_after}


def _handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            arrival = Arrival(self.command, time.monotonic(),
                              idempotency_key=self.headers.get("Idempotency-Key"))
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            status, headers = gateway.answer(arrival, token)
            body = b"{}" if status == 200 else b""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if body:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            # Before the answer leaves: the client cannot have read it any earlier.
            arrival.status, arrival.answered_at = status, time.monotonic()
            self.end_headers()
            if status == 429:
                gateway.throttled.set()
            self.wfile.write(body)

        do_GET = do_POST = do_PATCH = do_DELETE = _any

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
