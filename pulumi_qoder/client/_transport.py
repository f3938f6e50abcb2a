"""The one HTTP transport: the httpx.Client a QoderClient sends every request through, and
what a failure of it means (worth another attempt, or not).

One `httpx.Client` per QoderClient, shared by every calling thread: HTTP/1.1 with
keep-alive, a pool sized for the native plugin's `--parallel` (its gRPC server runs up to
`MAX_WORKERS` = 128 calls at once; the engine's default parallelism is large), proxies and
CA bundle from the environment as httpx reads them (`trust_env`: `HTTPS_PROXY`, `NO_PROXY`,
`SSL_CERT_FILE`, ...), no redirects followed, answers compressed with gzip or deflate read.

httpx is imported by `new_http_client` and `failure`, not at module import: a process that
only previews (no API call) never loads it.
"""

from __future__ import annotations

import os
import ssl
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import httpx

__all__ = ["CLOSED", "KEEPALIVE_SECONDS", "MAX_CONNECTIONS", "Failure", "check_headers",
           "failure", "new_http_client"]

MAX_CONNECTIONS = 64
"""Connections open at once to the API; a call beyond them waits for one (within the
request's timeout). The API's documented pace (20 writes/s, 50 reads/s per token) needs a
handful at a real latency; 64 keeps a `--parallel 64` run against the local emulator
(no latency, no limit) from queueing."""

KEEPALIVE_SECONDS = 5.0
"""How long an idle connection is kept for the next request (httpx's default)."""

CLOSED = "Cannot send a request, as the client has been closed."
"""What a request after `QoderClient.close()` raises (as a closed httpx.Client says it)."""

_DROPPED = ("Server disconnected", "peer closed connection", "peer unexpectedly closed")
"""How httpcore and h11 word a `RemoteProtocolError` that is a connection lost midway (a
server closing an idle keep-alive connection just as a request went out, a proxy reset):
another attempt on a new connection heals it. Any other `RemoteProtocolError` is an answer
that is not HTTP/1.1 (a garbage status line, an invalid header), which waiting cannot fix."""


def new_http_client(base_url: str, timeout: float) -> httpx.Client:
    """The QoderClient's own httpx.Client."""
    import httpx

    return httpx.Client(
        timeout=timeout,
        verify=_tls_context(base_url),
        limits=httpx.Limits(max_connections=MAX_CONNECTIONS,
                            max_keepalive_connections=MAX_CONNECTIONS,
                            keepalive_expiry=KEEPALIVE_SECONDS),
        follow_redirects=False,
        trust_env=True,
    )


def _tls_context(base_url: str) -> ssl.SSLContext:
    """One context for the client and every proxy it mounts (httpx would load the CA bundle
    once per proxy: 0.1 to 0.4 s of CPU each). A plain-HTTP base URL with no proxy in the
    environment never uses TLS, so it gets a context with no CA loaded: anything it were
    used for would fail verification, not pass unchecked."""
    import httpx

    if base_url.startswith("https://") or any(
            name.lower().endswith("_proxy") for name in os.environ):
        return httpx.create_ssl_context(trust_env=True)
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def check_headers(headers: dict[str, str]) -> None:
    """A value a header cannot carry (not ASCII, a line break or another control
    character, a space at either end) is a ValueError naming the header, raised before
    anything is sent and never retried: httpx would put the value (the token, in the
    Authorization header) in its error text."""
    for name, value in headers.items():
        if not (value.isascii() and value.isprintable()) or value != value.strip():
            raise ValueError(f"the {name} header must be printable ASCII on one line, "
                             "without spaces at either end")


class Failure(NamedTuple):
    """A request that got no answer, as `QoderClient` reports it."""

    name: str
    """httpx's name for it (`ConnectError`, `ReadTimeout`, ...), which error texts give."""
    timeout: bool
    """No answer in time (an `APITimeoutError`)."""
    permanent: str | None
    """Why another attempt cannot help, or None when one may."""


def failure(exc: Exception) -> Failure | None:
    """What an exception raised by an httpx request means; None when it is not httpx's."""
    import httpx

    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return Failure(name, True, None)
    if isinstance(exc, httpx.ConnectError) and _caused_by(exc, ssl.SSLCertVerificationError):
        return Failure(name, False, "the server's TLS certificate failed verification")
    if isinstance(exc, httpx.ConnectError) and _ssl_reason(exc) in _NOT_TLS:
        return Failure(name, False, "the server does not answer in TLS (an http:// server "
                                    "behind an https:// base URL?)")
    if isinstance(exc, httpx.RemoteProtocolError) and not str(exc).startswith(_DROPPED):
        return Failure(name, False, "the server's answer is not valid HTTP/1.1")
    if isinstance(exc, httpx.LocalProtocolError):
        return Failure(name, False, "the request cannot be sent as HTTP/1.1")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return Failure(name, False, "the base URL's scheme is not http or https")
    if isinstance(exc, httpx.DecodingError):
        return Failure(name, False, "the answer's body cannot be decoded as it says it is encoded")
    if isinstance(exc, httpx.TransportError):
        return Failure(name, False, None)
    if isinstance(exc, httpx.HTTPError):
        return Failure(name, False, "httpx cannot complete this request")
    return None


_NOT_TLS = frozenset({"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "HTTP_REQUEST"})
"""OpenSSL's reasons for a handshake answered with something that is not TLS (a plain
HTTP answer); a handshake cut short (`UNEXPECTED_EOF_WHILE_READING`) may heal: retried."""


def _ssl_reason(exc: BaseException) -> str | None:
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, ssl.SSLError):
            return getattr(link, "reason", None)
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return None


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, kind):
            return True
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return False
