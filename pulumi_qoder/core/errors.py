"""Operation errors: a message naming the action and the object, and the API error behind it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from pulumi_qoder.errors import InvalidRequestError, NotFoundError, QoderError

__all__ = ["ProviderError", "call", "find", "input_property"]

if TYPE_CHECKING:
    from pydantic_core import ValidationError

T = TypeVar("T")


class ProviderError(Exception):
    """A provider operation failed; the message names the action and the object.

    `api_error` is the API's error behind it, if any: callers steer by it (a 409 to explain,
    a 404 meaning gone), never by the exception chain.
    """

    def __init__(self, message: str, *, api_error: QoderError | None = None) -> None:
        super().__init__(message)
        self.api_error = api_error


BASE_URL_HINT = (
    "the base URL reaches a server but not the Qoder API: set qoder:baseUrl (or "
    "QODER_BASE_URL) to the API's base URL, like https://api.qoder.com/api/v1/cloud"
)


def _validation_errors() -> tuple[type[ValidationError], ...]:
    """pydantic's ValidationError once pydantic is loaded; none can be raised before.

    Looked up, not imported: a destroy reads no answer and never loads pydantic (~0.15 s of
    a plugin process's CPU with the models it would bring).
    """
    core = sys.modules.get("pydantic_core")
    return (core.ValidationError,) if core is not None else ()


def call(doing: str, fn: Callable[[], T]) -> T:
    """Run one client call, wrapping its error as `<doing>: <status> <type>: <message>`.

    A 400 naming a field reads `<doing>: <property>: <message> (400 ...)`, the property as
    the program spells it (`max_retries` for `metadata.cas_config.config.max_retries`): the
    API enforces limits it does not document (CONTRACT §8 #10), which check cannot know.
    A 404 for an unknown endpoint means a wrong base URL, not a missing object, so it is
    not an `api_error` that `find` would take for "gone".
    """
    try:
        return fn()
    except _validation_errors() as err:
        # Request models rejected a value; say where and why, without echoing values
        # (a resource's authorization_token could be one).
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors(include_input=False)
        )
        raise ProviderError(f"{doing}: invalid request: {problems}") from None
    except InvalidRequestError as err:
        if not err.param:
            raise ProviderError(f"{doing}: {err}", api_error=err) from err
        head = f"{err.status_code} {err.type}" if err.type else str(err.status_code)
        tail = f", request_id={err.request_id}" if err.request_id else ""
        raise ProviderError(
            f"{doing}: {input_property(err.param)}: {err.message} ({head}{tail})", api_error=err
        ) from err
    except NotFoundError as err:
        if str(err.message).startswith("Unknown endpoint"):
            raise ProviderError(f"{doing}: {err}; {BASE_URL_HINT}") from err
        raise ProviderError(f"{doing}: {err}", api_error=err) from err
    except QoderError as err:
        raise ProviderError(f"{doing}: {err}", api_error=err) from err
    except ValueError as err:
        # Misuse the client refuses before any I/O, such as a blank id; its message names
        # the argument and the rule, never the value.
        raise ProviderError(f"{doing}: {err}") from None


def input_property(param: str) -> str:
    """The input property an API error's `param` is about, as a program spells it."""
    for prefix in ("metadata.cas_config.config.", "metadata.cas_config."):
        if param.startswith(prefix):
            return param.removeprefix(prefix)
    if param.startswith("metadata.") and param != "metadata.cas_config":
        return f'metadata["{param.removeprefix("metadata.")}"]'
    return param


def find(doing: str, fn: Callable[[], T]) -> T | None:
    """`call`, except that a 404 is None: for `read`, where gone is an answer, not an error."""
    try:
        return call(doing, fn)
    except ProviderError as err:
        if isinstance(err.api_error, NotFoundError):
            return None
        raise
