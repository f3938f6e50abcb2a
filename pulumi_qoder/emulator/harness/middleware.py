"""The harness's ASGI layer around the API: injected faults, and the journal of API calls.

It wraps the API's ``Gateway`` (``emulator.app`` composes them), so a fault acts where a
real gateway's failure would: before authentication, or with ``after_processing`` on the
answer of a request the API fully processed. Every call under ``API_PREFIX`` is
journaled with the status it was answered with (None when its connection was dropped);
other paths (``/_emulator``, ``/openapi.json``) pass straight through.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from ..api.gateway import API_PREFIX, send_raw
from .faults import Fault, FaultTable
from .journal import Journal

__all__ = ["ConnectionDropped", "Harness"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class ConnectionDropped(ConnectionError):
    """Raised after the status line to make the server close the connection mid-reply.

    Served by uvicorn, the client sees the connection close before the body; in process
    (TestClient) this exception reaches the caller.
    """


class Harness:
    """Pure ASGI middleware: faults and the journal for the API calls it passes on."""

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        *,
        journal: Journal,
        faults: FaultTable,
    ) -> None:
        self.app = app
        self._journal = journal
        self._faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        status: list[int | None] = [None]

        async def noting(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self._faulted(scope, receive, noting, status)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            self._journal.record(scope["method"], scope["path"], query, status[0])

    async def _faulted(
        self, scope: Scope, receive: Receive, send: Send, status: list[int | None]
    ) -> None:
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
        await self.app(scope, receive, send)

    async def _answer_then_fault(
        self, fault: Fault, scope: Scope, receive: Receive, send: Send, status: list[int | None]
    ) -> None:
        """Process the request fully, then delay, replace or lose its answer."""
        held: list[dict[str, Any]] = []

        async def hold(message: dict[str, Any]) -> None:
            held.append(message)

        try:
            await self.app(scope, receive, hold)
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


async def _send_fault(fault: Fault, send: Send, status: list[int | None]) -> None:
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
    await send_raw(send, fault.status, headers, body)
