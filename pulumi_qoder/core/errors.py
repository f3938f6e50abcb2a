"""Operation errors: a message naming the action and the object, and the API error behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import ValidationError

from pulumi_qoder.errors import NotFoundError, QoderError

__all__ = ["ProviderError", "call", "find"]

T = TypeVar("T")


class ProviderError(Exception):
    """A provider operation failed; the message names the action and the object.

    `api_error` is the API's error behind it, if any: callers steer by it (a 409 to explain,
    a 404 meaning gone), never by the exception chain.
    """

    def __init__(self, message: str, *, api_error: QoderError | None = None) -> None:
        super().__init__(message)
        self.api_error = api_error


def call(doing: str, fn: Callable[[], T]) -> T:
    """Run one client call, wrapping its error as `<doing>: <status> <type>: <message>`."""
    try:
        return fn()
    except ValidationError as err:
        # Request models rejected a value; say where and why, without echoing values
        # (a resource's authorization_token could be one).
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors(include_input=False)
        )
        raise ProviderError(f"{doing}: invalid request: {problems}") from None
    except QoderError as err:
        raise ProviderError(f"{doing}: {err}", api_error=err) from err


def find(doing: str, fn: Callable[[], T]) -> T | None:
    """`call`, except that a 404 is None: for `read`, where gone is an answer, not an error."""
    try:
        return call(doing, fn)
    except ProviderError as err:
        if isinstance(err.api_error, NotFoundError):
            return None
        raise
