"""One thread's keep-alive HTTP/1.1 connection to the API, over the standard library.

A QoderClient's own requests (no caller-supplied `http_client`, no proxy in the
environment) go through `http.client` rather than httpx: every request of the plugin goes
to one origin with a handful of headers and a JSON body, and httpx's request building,
cookie jar, URL merging and httpcore/h11 layers cost 0.46 ms of CPU per request where
`http.client` costs 0.14 ms (`bench/client_cpu.py` measures both side by side). The
semantics a caller sees stay httpx's: the same headers and JSON body, the timeout on
connect and on every read, no redirects followed, and failures raised as the httpx
exceptions `QoderClient` already turns into `APIConnectionError` / `APITimeoutError`.

A connection is kept alive between requests, as httpcore's pool does: it is reopened when
it has been idle longer than `KEEPALIVE_SECONDS`, or when the server closed it meanwhile
(the socket reads as ready before a request is sent: end of file, or data no request asked
for). A request that fails midway closes the connection; the next one opens a new one.
"""

from __future__ import annotations

import http.client
import json
import select
import ssl
import time
from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

import httpx

__all__ = ["KEEPALIVE_SECONDS", "Connection", "HttpxConnection", "Origin", "Reply", "json_body",
           "proxied"]

KEEPALIVE_SECONDS = 5.0
"""httpcore's default `keepalive_expiry`, which the httpx clients used before."""

_PATH_SAFE = "/%!$&'()*+,;=:@-._~"
"""What RFC 3986 allows in a path as it is (and `%`, so escapes already there stay)."""


class Reply(NamedTuple):
    """What `QoderClient` reads of a response."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class Origin(NamedTuple):
    """The scheme, host and port of a base URL, and the path every request starts with."""

    tls: bool
    host: str
    port: int
    prefix: str

    @classmethod
    def of(cls, base_url: str) -> Origin:
        parts = urlsplit(base_url)
        tls = parts.scheme == "https"
        # Percent-encoded as httpx encodes a URL's path (a space, non-ASCII), escapes kept.
        return cls(tls, parts.hostname or "", parts.port or (443 if tls else 80),
                   quote(parts.path.rstrip("/"), safe=_PATH_SAFE))


def json_body(body: Any) -> bytes:
    """A JSON body exactly as httpx's `json=` encodes it."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


class Connection:
    """The calling thread's connection; `send` one request at a time (one thread uses it)."""

    __slots__ = ("_http", "_idle_since", "_origin")

    def __init__(self, origin: Origin, timeout: float, context: ssl.SSLContext | None) -> None:
        self._origin = origin
        if origin.tls:
            self._http: http.client.HTTPConnection = http.client.HTTPSConnection(
                origin.host, origin.port, timeout=timeout, context=context)
        else:
            self._http = http.client.HTTPConnection(origin.host, origin.port, timeout=timeout)
        self._idle_since = 0.0

    @property
    def is_closed(self) -> bool:
        return self._http.sock is None

    def close(self) -> None:
        self._http.close()

    def send(self, method: str, path: str, headers: dict[str, str],
             params: Mapping[str, Any] | None, body: Any) -> Reply:
        """One request to `prefix + path` with `params` as its query and `body` as JSON."""
        target = self._origin.prefix + path
        if params:
            target += "?" + str(httpx.QueryParams(params))
        content = None
        if body is not None:
            content = json_body(body)
            headers = {**headers, "Content-Type": "application/json"}
        conn = self._http
        if conn.sock is not None and (time.monotonic() - self._idle_since > KEEPALIVE_SECONDS
                                      or _readable(conn.sock)):
            conn.close()
        if conn.sock is None:
            try:
                conn.connect()
            except TimeoutError as exc:
                conn.close()
                raise httpx.ConnectTimeout(str(exc) or "timed out") from None
            except OSError as exc:
                conn.close()
                raise httpx.ConnectError(str(exc)) from None
        try:
            conn.request(method, target, body=content, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except TimeoutError as exc:
            conn.close()
            raise httpx.ReadTimeout(str(exc) or "timed out") from None
        except http.client.HTTPException as exc:
            conn.close()
            raise httpx.RemoteProtocolError(_describe(exc)) from None
        except OSError as exc:
            conn.close()
            raise httpx.ReadError(str(exc)) from None
        self._idle_since = time.monotonic()
        status = response.status
        if 200 <= status < 300:
            return Reply(status, response.msg, data)
        return Reply(status, httpx.Headers(response.getheaders()), data)


def _readable(sock: Any) -> bool:
    """True when an idle connection's socket has something to read: the server closed it
    (or sent what no request asked for), so it must not carry the next request."""
    try:
        if _HAS_POLL:
            poll = select.poll()
            poll.register(sock, select.POLLIN)
            return bool(poll.poll(0))
        return bool(select.select([sock], [], [], 0)[0])  # Windows has no poll()
    except (OSError, ValueError):
        return True


_HAS_POLL = hasattr(select, "poll")


def _describe(exc: http.client.HTTPException) -> str:
    if isinstance(exc, http.client.RemoteDisconnected):
        return "Server disconnected without sending a response."
    return f"{type(exc).__name__}: {exc}"


class HttpxConnection:
    """The same `send` over an httpx.Client: a caller's `http_client` (left open by
    `close()`), or a thread's own client when a proxy in the environment applies."""

    __slots__ = ("_base_url", "_http", "_owned", "_timeout")

    def __init__(self, http: httpx.Client, base_url: str, timeout: float, *, owned: bool) -> None:
        self._http = http
        self._base_url = base_url
        self._timeout = timeout
        self._owned = owned

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    def close(self) -> None:
        if self._owned:
            self._http.close()

    def send(self, method: str, path: str, headers: dict[str, str],
             params: Mapping[str, Any] | None, body: Any) -> Reply:
        request = self._http.build_request(method, self._base_url + path, params=params,
                                           json=body, headers=headers, timeout=self._timeout)
        response = self._http.send(request)
        content = response.read()
        response.close()
        return Reply(response.status_code, response.headers, content)


def proxied(base_url: str) -> bool:
    """True when the environment names a proxy for `base_url` (as httpx would use it)."""
    from urllib.request import getproxies_environment, proxy_bypass_environment

    proxies = getproxies_environment()
    origin = Origin.of(base_url)
    if not (proxies.get("https" if origin.tls else "http") or proxies.get("all")):
        return False
    return not proxy_bypass_environment(origin.host, proxies)
