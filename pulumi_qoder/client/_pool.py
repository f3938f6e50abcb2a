"""A connection of its own for each calling thread, all sharing one TLS context and closed
together.

A provider serves `--parallel 32` calls on as many threads. Through one shared httpx
pool, every request took the pool's lock twice and scanned all of its connections under it
(pure Python, holding the GIL): a third of the plugin's CPU per request went there. A
thread's own connection is never contended, and is kept alive between its calls.

What a thread gets is made by `make(verify)`: a `_connection.Connection` for the client's
own requests, an `httpx.Client` when a proxy in the environment applies (httpx honours
`HTTPS_PROXY` and the rest; the standard library's connections do not). The TLS context
(loading the CA bundle costs 0.1 to 0.4 s of CPU) is made once, on the first thread's first
request, and shared; a plain-HTTP base URL never makes one. A thread that has ended gives
its connection back: the next new thread's first request closes those of threads that are
gone, so a long-lived QoderClient used from short-lived threads holds one per live thread.
After `close()` no thread gets one: a request fails as it does on a closed httpx.Client.
"""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

__all__ = ["CLOSED", "ThreadConnections", "tls_context"]

CLOSED = "Cannot send a request, as the client has been closed."
"""What a request after `close()` raises (as a closed httpx.Client says it)."""


def tls_context() -> ssl.SSLContext:
    """What an httpx client verifies the server with, made without importing httpx: the
    CA bundle in `$SSL_CERT_FILE`, else the directory `$SSL_CERT_DIR`, else certifi's."""
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class _Closable(Protocol):
    def close(self) -> None: ...


ConnT = TypeVar("ConnT", bound=_Closable)


class ThreadConnections(Generic[ConnT]):
    """`get()` is the calling thread's own connection, made on its first request."""

    def __init__(self, make: Callable[[ssl.SSLContext | None], ConnT], tls: bool) -> None:
        self._make = make
        self._tls = tls
        self._context: ssl.SSLContext | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._made: dict[threading.Thread, ConnT] = {}
        self._closed = False

    def get(self) -> ConnT:
        if self._closed:  # a thread that had one must not reopen it, untracked
            raise RuntimeError(CLOSED)
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._new()
        return conn

    def _new(self) -> ConnT:
        with self._lock:
            if self._closed:
                raise RuntimeError(CLOSED)
            ended = [t for t in self._made if not t.is_alive()]
            gone = [self._made.pop(t) for t in ended]
            if self._tls and self._context is None:
                self._context = tls_context()
            conn = self._make(self._context)
            self._made[threading.current_thread()] = conn
        for old in gone:
            old.close()
        return conn

    def close(self) -> None:
        with self._lock:
            self._closed = True
            made, self._made = list(self._made.values()), {}
        for conn in made:
            conn.close()

    def __repr__(self) -> str:
        return f"<ThreadConnections tls={self._tls} open={len(self._made)}>"
