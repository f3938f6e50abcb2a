"""The request-body gate: what a body must be before any route sees it.

A body is read whole (at most ``MAX_BODY_BYTES``, CONTRACT §1.2) and, if not empty,
must be one JSON document whatever its Content-Type says (the server detects JSON
itself, CONTRACT §1.2), so ``text/plain`` and form-encoded JSON work as with ``curl -d``.
Beyond JSON syntax the emulator refuses, with a 400, what it could not store and echo
back faithfully [our choice]: invalid UTF-8, lone surrogates (``"\\ud800"``), nesting
deeper than ``MAX_DEPTH``, duplicate keys in one object, numbers that are not finite
(``1e400``, ``NaN``, ``Infinity``) and integers outside the signed 64-bit range.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from typing import Any

from .errors import InvalidRequest

__all__ = ["MAX_BODY_BYTES", "MAX_DEPTH", "BodyTooLarge", "check_json", "read_body"]

MAX_BODY_BYTES = 32 * 1024 * 1024  # CONTRACT §1.2 (global docs)
# Arrays and objects inside one another; the deepest documented shape (an initial event
# with content blocks) needs about 5 [our choice, INF].
MAX_DEPTH = 64

Receive = Callable[[], Awaitable[dict[str, Any]]]


class BodyTooLarge(InvalidRequest):
    def __init__(self) -> None:
        super().__init__(f"Request body is too large (at most {MAX_BODY_BYTES} bytes).")


async def read_body(receive: Receive) -> bytes:
    """The whole body, refusing (``BodyTooLarge``) as soon as it passes the limit."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge()
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def check_json(body: bytes) -> None:
    """Raise ``InvalidRequest`` unless ``body`` is empty or one storable JSON document."""
    if not body.strip():
        return
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRequest("Request body is not valid UTF-8.") from None
    if text.startswith("\ufeff"):
        raise InvalidRequest("Request body is not valid JSON: it starts with a byte order mark.")
    try:
        document = json.loads(
            text, object_pairs_hook=_unique_keys, parse_constant=_no_constant,
            parse_float=_finite_float, parse_int=_int64,
        )
    except RecursionError:
        raise _too_deep() from None
    except _Refused as refused:
        raise InvalidRequest(str(refused), refused.param) from None
    except ValueError:
        raise InvalidRequest("Request body is not valid JSON.") from None
    _check_tree(document)


class _Refused(ValueError):
    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused("Request body has a duplicate key in one JSON object.", _safe(key))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Refused(f"Request body is not valid JSON: {name} is not a JSON number.")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("Request body has a number out of range.")
    return value


def _int64(text: str) -> int:
    if len(text.lstrip("-")) > 19:
        raise _Refused("Request body has a number out of range.")
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise _Refused("Request body has a number out of range.")
    return value


def _too_deep() -> InvalidRequest:
    return InvalidRequest(f"Request body is nested too deeply (at most {MAX_DEPTH} levels).")


def _check_tree(document: Any) -> None:
    """Depth and lone surrogates, iteratively (no recursion on hostile input)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise _too_deep()
            if isinstance(value, dict):
                for key, item in value.items():
                    _check_text(key)
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRequest(
            "Request body has a string with a lone UTF-16 surrogate (\\ud800-\\udfff)."
        ) from None


def _safe(key: str) -> str | None:
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return key[:64]
