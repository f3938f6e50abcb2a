"""One httpx.Client per calling thread, all sharing one TLS context and closed together.

A provider serves `--parallel 32` calls on as many threads. Through one shared
httpx.Client, every request takes its connection pool's lock twice and scans all of its
connections under it (pure Python, holding the GIL): a third of the plugin's CPU per
request went there. A thread's own client has one connection in use at a time, so the lock
is never contended and the scan is one connection long; each thread keeps its connection
alive between calls as the shared pool did.

The TLS context (loading the CA bundle costs 0.1 to 0.4 s of CPU) is made once and shared
by every thread's client; a plain-HTTP base URL never makes one. A thread that has ended
gives its client back: the next new thread's first request closes the clients of threads
that are gone, so a long-lived QoderClient used from short-lived threads holds one client
per live thread, not one per thread it ever saw. After `close()` no thread gets a client:
a request fails as it does on a closed httpx.Client.
"""

from __future__ import annotations

import ssl
import threading

import httpx

__all__ = ["ThreadClients"]

_LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=5.0)


class ThreadClients:
    """`get()` is the calling thread's httpx.Client, made on its first request."""

    def __init__(self, timeout: float, tls: bool) -> None:
        self._timeout = timeout
        self._tls = tls
        self._verify: ssl.SSLContext | bool | None = None if tls else False
        self._local = threading.local()
        self._lock = threading.Lock()
        self._clients: dict[threading.Thread, httpx.Client] = {}
        self._closed = False

    def get(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = self._new()
        return client

    def _new(self) -> httpx.Client:
        with self._lock:
            if self._closed:
                raise RuntimeError("Cannot send a request, as the client has been closed.")
            ended = [t for t in self._clients if not t.is_alive()]
            gone = [self._clients.pop(t) for t in ended]
            if self._verify is None:
                self._verify = httpx.create_ssl_context()
            client = httpx.Client(timeout=self._timeout, verify=self._verify, limits=_LIMITS)
            self._clients[threading.current_thread()] = client
        for old in gone:
            old.close()
        return client

    def close(self) -> None:
        with self._lock:
            self._closed = True
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def __repr__(self) -> str:
        return f"<ThreadClients tls={self._tls} clients={len(self._clients)}>"
