"""One thread's keep-alive HTTP/1.1 connection to the API, over a plain socket.

A QoderClient's own requests (no caller-supplied `http_client`, no proxy in the
environment) are written and read here rather than by httpx: every request of the plugin
goes to one origin with a handful of headers and a JSON body and gets a JSON answer, and
httpx's request building, cookie jar, URL merging and httpcore/h11 layers cost 5 to 6.5
times this one's CPU per request, `http.client` (whose header parsing goes through the
`email` package) 1.65 to 2 times (0.07 to 0.1 ms here; `python -m bench.client_cpu`
measures all three side by side).
The semantics a caller sees stay httpx's: the same headers, query string and JSON body, the
timeout on connect and on every read, no redirects followed, and failures raised under
httpx's names (`_failures`), which `QoderClient` turns into `APIConnectionError` /
`APITimeoutError`. This path never imports httpx: only a caller's `http_client` or a proxy
in the environment (`HttpxConnection`) does.

What it reads is HTTP/1.1 as servers send it: a body by `Content-Length`, chunked, or up
to the end of the connection; informational (1xx) answers skipped; `Connection: close`
and HTTP/1.0 honoured. Lines and header counts are bounded as `http.client` bounds them.

A connection is kept alive between requests, as httpcore's pool does: it is reopened when
it has been idle longer than `KEEPALIVE_SECONDS`, or when the server closed it meanwhile
(the socket reads as ready before a request is sent: end of file, or data no request asked
for). A request that fails midway closes the connection; the next one opens a new one.
"""

from __future__ import annotations

import json
import os
import select
import socket
import ssl
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, urlencode, urlsplit

from pulumi_qoder.client._failures import (
    ConnectError,
    ConnectTimeout,
    ReadError,
    ReadTimeout,
    RemoteProtocolError,
    TransportError,
    TransportTimeout,
)
from pulumi_qoder.client._pool import CLOSED

if TYPE_CHECKING:
    import httpx

__all__ = ["KEEPALIVE_SECONDS", "Connection", "HttpxConnection", "Origin", "Reply", "json_body",
           "proxied", "query_string"]

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


def query_string(params: Mapping[str, Any]) -> str:
    """`params` as httpx writes a query: a list or tuple as one pair per item, True and
    False as true and false, None as empty, form-encoded (`str(httpx.QueryParams(params))`)."""
    pairs = []
    for name, value in params.items():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            text = ("true" if item is True else "false" if item is False
                    else "" if item is None else str(item))
            pairs.append((str(name), text))
    return urlencode(pairs)


def json_body(body: Any) -> bytes:
    """A JSON body exactly as httpx's `json=` encodes it."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


class Connection:
    """The calling thread's connection; `send` one request at a time (one thread uses it)."""

    __slots__ = ("_closed", "_context", "_host", "_idle_since", "_origin", "_sock", "_timeout")

    def __init__(self, origin: Origin, timeout: float, context: ssl.SSLContext | None) -> None:
        self._origin = origin
        self._timeout = timeout
        self._context = context
        self._host = _host_header(origin)
        self._sock: socket.socket | None = None
        self._idle_since = 0.0
        self._closed = False

    @property
    def is_closed(self) -> bool:
        return self._sock is None

    def close(self) -> None:
        """Close for good (the client is closing): a read in flight on another thread ends
        at once, and no later `send` reconnects."""
        self._closed = True
        self._drop()

    def _drop(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked on another thread
            except OSError:
                pass
            sock.close()

    def send(self, method: str, path: str, headers: dict[str, str],
             params: Mapping[str, Any] | None, body: Any) -> Reply:
        """One request to `prefix + path` with `params` as its query and `body` as JSON."""
        # Percent-encoded as httpx encodes a path (a space, non-ASCII, a line break), so the
        # request line is ASCII and no header, the token's least of all, is in an error.
        target = self._origin.prefix + quote(path, safe=_PATH_SAFE)
        if params:
            target += "?" + query_string(params)
        content = b"" if body is None else json_body(body)
        request = _request_head(method, target, self._host, headers, body is not None,
                                len(content)) + content
        if self._closed:
            raise RuntimeError(CLOSED)
        sock = self._sock
        if sock is not None and (time.monotonic() - self._idle_since > KEEPALIVE_SECONDS
                                 or _readable(sock)):
            self._drop()
        if self._sock is None:
            self._connect()
        # A reader of its own per answer, as http.client had: bytes a server sends past an
        # answer's end are never taken for the next answer (they are dropped with the
        # reader, or seen on the socket before the next request, which then reconnects).
        reader = self._sock.makefile("rb")
        try:
            self._sock.sendall(request)
            status, pairs, data, keep = _read_response(reader, method)
        except TimeoutError as exc:
            self._drop()
            raise ReadTimeout(str(exc) or "timed out") from None
        except _ProtocolError as exc:
            self._drop()
            raise RemoteProtocolError(str(exc)) from None
        except OSError as exc:
            self._drop()
            raise ReadError(str(exc)) from None
        except BaseException:
            self._drop()  # never left open midway through an answer
            raise
        finally:
            reader.close()
        if keep:
            self._idle_since = time.monotonic()
        else:
            self._drop()
        if 200 <= status < 300:
            return Reply(status, dict(pairs), data)
        return Reply(status, _folded(pairs), data)

    def _connect(self) -> None:
        origin = self._origin
        try:
            sock = socket.create_connection((origin.host, origin.port), self._timeout)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if origin.tls:
                    sock = self._context.wrap_socket(sock, server_hostname=origin.host)
            except BaseException:
                sock.close()
                raise
        except TimeoutError as exc:
            raise ConnectTimeout(str(exc) or "timed out") from None
        except OSError as exc:
            raise ConnectError(str(exc)) from None
        self._sock = sock


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_MAX_LINE = 65536
_MAX_HEADERS = 100
"""As `http.client` bounds a status or header line and the number of headers."""
_DIGITS = {10: frozenset("0123456789"), 16: frozenset("0123456789abcdefABCDEF")}
_MAX_BODY = 256 * 1024 * 1024
"""An answer larger than this is a protocol error (the API's are a few kilobytes)."""


def _folded(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """An error answer's headers as `dict(httpx.Headers(pairs))` has them: names in lower
    case, a repeated header's values joined with ", "."""
    folded: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        folded[key] = f"{folded[key]}, {value}" if key in folded else value
    return folded


def _host_header(origin: Origin) -> str:
    """`Host` as `http.client` writes it: IPv6 in brackets, the port unless the default."""
    host = origin.host
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    default = 443 if origin.tls else 80
    return host if origin.port == default else f"{host}:{origin.port}"


def _request_head(method: str, target: str, host: str, headers: Mapping[str, str],
                  has_body: bool, length: int) -> bytes:
    """The request line and headers; a value a header cannot carry is a ValueError naming
    the header, not echoing the value (it may be the token)."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}", "Accept-Encoding: identity"]
    for name, value in headers.items():
        if not value.isascii() or "\r" in value or "\n" in value:
            raise ValueError(f"the {name} header must be ASCII on one line")
        lines.append(f"{name}: {value}")
    if has_body:
        lines.append("Content-Type: application/json")
    if has_body or method in _BODY_METHODS:
        lines.append(f"Content-Length: {length}")
    lines.append("\r\n")
    return "\r\n".join(lines).encode("ascii")


class _ProtocolError(Exception):
    """The server's answer is not HTTP/1.1 as it must be (raised as RemoteProtocolError)."""


def _read_response(file: Any, method: str) -> tuple[int, list[tuple[str, str]], bytes, bool]:
    """(status, headers, body, whether the connection may carry the next request)."""
    while True:
        version, status = _status_line(file)
        pairs = _header_lines(file)
        if not (100 <= status < 200) or status == 101:
            break  # an informational answer (100 Continue) is followed by the real one
    fields = {name.lower(): value for name, value in pairs}
    connection = fields.get("connection", "").lower()
    keep = "close" not in connection and (version != "HTTP/1.0" or "keep-alive" in connection)
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return status, pairs, b"", keep
    if "chunked" in fields.get("transfer-encoding", "").lower():
        return status, pairs, _chunked(file), keep
    length = fields.get("content-length")
    if length is None:
        return status, pairs, file.read(), False  # the body ends where the connection does
    return status, pairs, _exactly(file, _size(length.strip(), 10, "Content-Length")), keep


def _size(text: str, base: int, what: str) -> int:
    """A body or chunk size: ASCII digits, at most `_MAX_BODY`."""
    if not text or len(text) > 16 or not _DIGITS[base].issuperset(text):
        raise _ProtocolError(f"invalid {what}: {text[:40]!r}")
    size = int(text, base)
    if size > _MAX_BODY:
        raise _ProtocolError(f"{what} of {size} bytes is over the limit of {_MAX_BODY}")
    return size


def _status_line(file: Any) -> tuple[str, int]:
    line = file.readline(_MAX_LINE + 1)
    if not line:
        raise _ProtocolError("Server disconnected without sending a response.")
    if len(line) > _MAX_LINE:
        raise _ProtocolError("status line too long")
    parts = line.decode("latin-1").split(None, 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or len(parts[1]) != 3 \
            or not _DIGITS[10].issuperset(parts[1]):
        raise _ProtocolError(f"invalid status line: {line[:60]!r}")
    return parts[0], int(parts[1])


def _header_lines(file: Any) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    while True:
        line = file.readline(_MAX_LINE + 1)
        if len(line) > _MAX_LINE:
            raise _ProtocolError("header line too long")
        if line in (b"\r\n", b"\n"):
            return pairs
        if not line:
            raise _ProtocolError("Server disconnected while sending the headers.")
        if len(pairs) >= _MAX_HEADERS:
            raise _ProtocolError(f"got more than {_MAX_HEADERS} headers")
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon:
            raise _ProtocolError(f"invalid header line: {line[:60]!r}")
        pairs.append((name.strip(), value.strip()))


def _exactly(file: Any, size: int) -> bytes:
    data = file.read(size)
    if len(data) < size:
        raise _ProtocolError(f"IncompleteRead({len(data)} bytes read, {size - len(data)} more "
                             "expected)")
    return data


def _chunked(file: Any) -> bytes:
    """A chunked body (RFC 9112 §7.1), its trailers read and dropped."""
    chunks = []
    while True:
        line = file.readline(_MAX_LINE + 1)
        length = _size(line.split(b";", 1)[0].strip().decode("latin-1"), 16, "chunk size")
        if length == 0:
            _header_lines(file)  # trailers
            return b"".join(chunks)
        chunks.append(_exactly(file, length))
        if _exactly(file, 2) != b"\r\n":
            raise _ProtocolError("a chunk does not end in CRLF")


def _readable(sock: Any) -> bool:
    """True when an idle connection's socket has something to read: the server closed it
    (or sent what no request asked for), so it must not carry the next request."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True  # decrypted already: bytes no request asked for
    try:
        if _HAS_POLL:
            poll = select.poll()
            poll.register(sock, select.POLLIN)
            return bool(poll.poll(0))
        return bool(select.select([sock], [], [], 0)[0])  # Windows has no poll()
    except (OSError, ValueError):
        return True


_HAS_POLL = hasattr(select, "poll")


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
        import httpx  # loaded already: this connection was given an httpx.Client

        failure: TransportError | None = None
        try:
            request = self._http.build_request(method, self._base_url + path, params=params,
                                               json=body, headers=headers,
                                               timeout=self._timeout)
            response = self._http.send(request)
            content = response.read()
            response.close()
        except httpx.TimeoutException as exc:
            failure = TransportTimeout(str(exc), type(exc).__name__)
        except httpx.TransportError as exc:
            failure = TransportError(str(exc), type(exc).__name__)
        if failure is not None:
            # Raised outside the except block: httpx's exception (whose request holds the
            # Authorization header) is neither the cause nor the context.
            raise failure
        return Reply(response.status_code, response.headers, content)


def proxied(base_url: str) -> bool:
    """True when httpx would send a request for `base_url` through a proxy: the rules are
    httpx's own (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, curl's `NO_PROXY` patterns, and on
    macOS and Windows the system's proxy settings, which `urllib.request.getproxies` reads),
    so the same settings send the same requests through the same proxy as before."""
    if not sys.platform.startswith(("darwin", "win")) and not any(
            name.lower().endswith("_proxy") for name in os.environ):
        return False  # here the proxies are the environment's `*_proxy` only: none is set
    import httpx
    from httpx._utils import URLPattern, get_environment_proxies

    url = httpx.URL(base_url)
    patterns = sorted(((URLPattern(key), proxy) for key, proxy in
                       get_environment_proxies().items()), key=lambda mount: mount[0])
    for pattern, proxy in patterns:  # most specific first, as an httpx.Client matches them
        if pattern.matches(url):
            return proxy is not None
    return False
