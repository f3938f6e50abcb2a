"""The ASGI layer in front of the API routes: request ids, journal, faults, auth, idempotency.

It plays the part of Qoder's gateway, so injected faults apply before authentication
(or, with ``after_processing``, to the answer), and authentication happens before the
body is even read (a bad token is a 401 even for a malformed body). Then the body gate
(``bodies``) refuses what could not be stored. The control surface under ``/_emulator``
and ``/openapi.json`` skip all of it but the request id and the body gate.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from ..harness.faults import Fault, FaultTable
from ..harness.journal import Journal
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

__all__ = ["API_PREFIX", "ConnectionDropped", "Gateway", "MAX_BODY_BYTES"]

API_PREFIX = "/api/v1/cloud"

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class ConnectionDropped(ConnectionError):
    """Raised after the status line to make the server close the connection mid-reply.

    Served by uvicorn, the client sees the connection close before the body; in process
    (TestClient) this exception reaches the caller.
    """


class Gateway:
    """Pure ASGI middleware wrapping the FastAPI app."""

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        *,
        tokens: Iterable[str],
        journal: Journal,
        faults: FaultTable,
        idempotency: IdempotencyCache,
    ) -> None:
        self.app = app
        self._tokens = tuple(t.encode("utf-8") for t in tokens)
        self._journal = journal
        self._faults = faults
        self._idempotency = idempotency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id().encode()
        status: list[int | None] = [None]

        async def send_with_id(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"x-request-id", request_id)]}
            await send(message)

        path = scope["path"]
        if not path.startswith(API_PREFIX):
            await self._control(scope, receive, send_with_id)
            return
        try:
            await self._api(scope, receive, send_with_id, status)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            self._journal.record(scope["method"], path, query, status[0])

    async def _control(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The control surface: only the body gate, no faults, journal or auth."""
        try:
            body = await gated_body(scope, receive)
        except InvalidRequest as refused:
            await _send_error(send, refused)
            return
        await self.app(scope, replaying(body, receive), send)

    async def _api(self, scope: Scope, receive: Receive, send: Send, status: list) -> None:
        fault = self._faults.match(scope["method"], scope["path"])
        if fault is not None and fault.after_processing:
            await self._answer_then_fault(fault, scope, receive, send, status)
            return
        if fault is not None:
            if fault.latency_ms:
                await asyncio.sleep(fault.latency_ms / 1000)
            if fault.drop or fault.status is not None:
                await _send_fault(fault, send, status)
                return
        await self._process(scope, receive, send)

    async def _answer_then_fault(
        self, fault: Fault, scope: Scope, receive: Receive, send: Send, status: list
    ) -> None:
        """Process the request fully, then delay, replace or lose its answer."""
        held: list[dict[str, Any]] = []

        async def hold(message: dict[str, Any]) -> None:
            held.append(message)

        try:
            await self._process(scope, receive, hold)
        except BaseException:
            for message in held:
                await send(message)
            raise
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        if fault.drop or fault.status is not None:
            await _send_fault(fault, send, status)
            return
        if fault.alter is not None or fault.remove:
            held = _altered(fault, held)
        for message in held:
            await send(message)

    async def _process(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate, gate the body, then run the route (idempotently if keyed)."""
        headers = dict(scope.get("headers", []))
        principal = self._authenticate(headers.get(b"authorization", b""))
        if principal is None:
            await _send_error(send, AuthenticationFailed("Invalid API key or token."))
            return
        try:
            body = await gated_body(scope, receive)
        except InvalidRequest as refused:
            await _send_error(send, refused)
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
            await _send_raw(send, claim.status, claim.headers, claim.body)
            return
        if isinstance(claim, str):
            await _send_error(send, Conflict(claim))
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


def _altered(fault: Fault, held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The held 2xx JSON answer with the fault's alteration; anything else is left alone."""
    start = next((m for m in held if m["type"] == "http.response.start"), None)
    if start is None or not 200 <= start["status"] < 300:
        return held
    raw = b"".join(m.get("body", b"") for m in held if m["type"] == "http.response.body")
    try:
        answer = json.loads(raw)
    except ValueError:
        return held
    body = json.dumps(fault.altered(answer)).encode()
    headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    return [{**start, "headers": headers}, {"type": "http.response.body", "body": body}]


async def _send_raw(send: Send, status: int, headers: list, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_error(send: Send, error: EmulatorError) -> None:
    body = error_body(error)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await _send_raw(send, error.status_code, headers, body)


async def _send_fault(fault: Fault, send: Send, status: list) -> None:
    if fault.drop:
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"application/json"), (b"content-length", b"2")]})
        status[0] = None
        raise ConnectionDropped(f"injected drop ({fault.id})")
    body = json.dumps(fault.envelope).encode() if fault.body else b""
    headers = [(b"content-length", str(len(body)).encode())]
    if fault.body:
        headers.append((b"content-type", b"application/json"))
    if fault.retry_after is not None:
        headers.append((b"retry-after", fault.retry_after.encode()))
    assert fault.status is not None
    await _send_raw(send, fault.status, headers, body)
