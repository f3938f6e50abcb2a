"""The ASGI layers in front of the API routes: request ids, auth, the body gate, idempotency.

``Gateway`` plays the part of Qoder's gateway: authentication happens before the body is
even read (a bad token is a 401 even for a malformed body), then the body gate
(``bodies``) refuses what could not be stored, then a keyed write is run once and its
answer remembered. ``RequestIds`` stamps every answer. Paths outside ``API_PREFIX`` (the
harness's ``/_emulator`` and ``/openapi.json``) only pass the body gate.

Nothing here knows about the harness: ``emulator.app`` puts the harness's layer (faults,
journal) between ``RequestIds`` and ``Gateway``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from .bodies import MAX_BODY_BYTES, BodyTooLarge, check_json, read_body
from .errors import (
    AuthenticationFailed,
    Conflict,
    EmulatorError,
    InvalidRequest,
    error_body,
    new_request_id,
)
from .idempotency import IdempotencyCache, StoredResponse

__all__ = [
    "API_PREFIX",
    "MAX_BODY_BYTES",
    "Gateway",
    "RequestIds",
    "gated_body",
    "replaying",
    "send_error",
    "send_raw",
]

API_PREFIX = "/api/v1/cloud"

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class RequestIds:
    """The outermost layer: every answer carries a fresh ``x-request-id`` (CONTRACT §1.2),
    an injected fault's answer included."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id().encode()

        async def send_with_id(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"x-request-id", request_id)]}
            await send(message)

        await self.app(scope, receive, send_with_id)


class Gateway:
    """Pure ASGI middleware in front of the routes: auth, the body gate, idempotency."""

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        *,
        tokens: Iterable[str],
        idempotency: IdempotencyCache,
    ) -> None:
        self.app = app
        self._tokens = tuple(t.encode("utf-8") for t in tokens)
        self._idempotency = idempotency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["path"].startswith(API_PREFIX):
            await self._process(scope, receive, send)
        else:
            await self._control(scope, receive, send)

    async def _control(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Everything outside the API (``/_emulator``, ``/openapi.json``): the body gate only."""
        try:
            body = await gated_body(scope, receive)
        except InvalidRequest as refused:
            await send_error(send, refused)
            return
        await self.app(scope, replaying(body, receive), send)

    async def _process(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate, gate the body, then run the route (idempotently if keyed)."""
        headers = dict(scope.get("headers", []))
        principal = self._authenticate(headers.get(b"authorization", b""))
        if principal is None:
            await send_error(send, AuthenticationFailed("Invalid API key or token."))
            return
        try:
            body = await gated_body(scope, receive)
        except InvalidRequest as refused:
            await send_error(send, refused)
            return
        scope.setdefault("state", {})["principal"] = principal
        self._idempotency.sweep()
        key = headers.get(b"idempotency-key") or headers.get(b"x-idempotency-key")
        if key and scope["method"] in ("POST", "PUT", "DELETE"):
            await self._idempotent(scope, body, receive, send, (principal, key.decode("latin-1")))
        else:
            await self.app(scope, replaying(body, receive), send)

    def _authenticate(self, header: bytes) -> str | None:
        """A stable, non-reversible name for the caller's token, or None if not accepted.

        Compared as bytes, so a header with any octets is a 401, never an error.
        """
        scheme, _, token = header.partition(b" ")
        token = token.strip()
        if scheme.lower() != b"bearer" or not token:
            return None
        if not any(hmac.compare_digest(token, t) for t in self._tokens):
            return None
        return hashlib.sha256(token).hexdigest()[:16]

    async def _idempotent(
        self, scope: Scope, body: bytes, receive: Receive, send: Send, key: tuple[str, str]
    ) -> None:
        """Replay a remembered answer, or run the request and remember its answer.

        The answer is held until it is remembered, so a client that got an answer can
        always have it replayed, even after a restart with ``--db``.
        """
        fingerprint = IdempotencyCache.fingerprint(scope["method"], scope["path"], body)
        claim = self._idempotency.begin(key, fingerprint)
        if isinstance(claim, StoredResponse):
            await send_raw(send, claim.status, claim.headers, claim.body)
            return
        if isinstance(claim, str):
            await send_error(send, Conflict(claim))
            return
        held: list[dict[str, Any]] = []

        async def hold(message: dict[str, Any]) -> None:
            held.append(message)

        try:
            await self.app(scope, replaying(body, receive), hold)
        except BaseException:
            self._idempotency.abandon(key)
            for message in held:
                await send(message)
            raise
        status, headers, answer = 500, [], b""
        for message in held:
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
            elif message["type"] == "http.response.body":
                answer += message.get("body", b"")
        self._idempotency.finish(key, status, headers, answer)
        for message in held:
            await send(message)


async def gated_body(scope: Scope, receive: Receive) -> bytes:
    """Read and check the body (``bodies``); a non-empty one is then labelled JSON."""
    headers = dict(scope.get("headers", []))
    length = headers.get(b"content-length", b"0")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise BodyTooLarge()
    body = await read_body(receive)
    check_json(body)
    if body.strip() or b"content-type" not in headers:
        # CONTRACT §1.2: Content-Type is optional; the server detects JSON itself.
        scope["headers"] = [
            *((k, v) for k, v in scope.get("headers", []) if k != b"content-type"),
            (b"content-type", b"application/json"),
        ]
    return body


def replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body over once, then listens on."""
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def send_raw(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def send_error(send: Send, error: EmulatorError) -> None:
    body = error_body(error)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send_raw(send, error.status_code, headers, body)
