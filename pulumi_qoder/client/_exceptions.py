"""The client's exceptions, and the one place an HTTP error response becomes one.

QoderError
 └── APIError
      ├── APIConnectionError            no response at all
      │    └── APITimeoutError
      ├── APIResponseValidationError    a 2xx body that does not match its model
      └── APIStatusError                an error status (status_code, type, message, param,
           │                            request_id, body)
           ├── InvalidRequestError       400 invalid_request_error
           ├── AuthenticationError       401 authentication_error
           ├── PermissionDeniedError     403 permission_error
           ├── NotFoundError             404 not_found_error
           ├── ConflictError             409 conflict_error
           ├── RateLimitError            429 (gateway; may have no body)
           ├── FeatureNotAvailableError  501 feature_not_available
           └── InternalServerError       500 api_error (and any other 5xx)
                └── ServiceUnavailableError  502 / 503 / 504 (gateway; may have no body)

Exceptions carry the method and URL, never the httpx request: its headers hold the token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "ConflictError",
    "FeatureNotAvailableError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "QoderError",
    "RateLimitError",
    "ServiceUnavailableError",
    "error_from_response",
]


class QoderError(Exception):
    """Base of every error this package raises for an API call."""


class APIError(QoderError):
    """A call to the Qoder API failed."""

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None):
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url


class APIConnectionError(APIError):
    """No response arrived: the connection failed or was reset.

    `retryable` is False for a failure that another attempt cannot heal (the server's
    certificate fails verification, its answer is not HTTP, a request that cannot be
    sent): such a call fails at its first attempt, and its message says why.
    """

    def __init__(self, message: str, *, retryable: bool = True, **where: Any):
        super().__init__(message, **where)
        self.retryable = retryable


class APITimeoutError(APIConnectionError):
    """No response arrived within the timeout."""


class APIResponseValidationError(APIError):
    """A success response whose body does not match the documented model."""

    def __init__(self, message: str, *, status_code: int, body: Any, **where: Any):
        super().__init__(message, **where)
        self.status_code = status_code
        self.body = body


class APIStatusError(APIError):
    """The API answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        type: str | None = None,
        param: str | None = None,
        request_id: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        method: str | None = None,
        url: str | None = None,
    ):
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.type = type
        self.param = param
        self.request_id = request_id
        self.body = body
        self.headers = dict(headers or {})

    def __str__(self) -> str:
        head = f"{self.status_code} {self.type}" if self.type else str(self.status_code)
        tail = f" (request_id={self.request_id})" if self.request_id else ""
        return f"{head}: {self.message}{tail}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class InvalidRequestError(APIStatusError):
    """400: a field is missing or invalid, or the body is malformed or too big."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, malformed, expired or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the token is valid but may not touch this resource."""


class NotFoundError(APIStatusError):
    """404: the deployment or run does not exist."""


class ConflictError(APIStatusError):
    """409: a state conflict, e.g. already paused or archived, or an idempotency key reused."""


class RateLimitError(APIStatusError):
    """429: throttled by the gateway."""


class FeatureNotAvailableError(APIStatusError):
    """501: the feature is not enabled for this account."""

    @property
    def feature(self) -> str | None:
        """The feature required, from the error body."""
        return _error_object(self.body).get("feature")

    @property
    def available_from(self) -> str | None:
        """The beta that exposes the feature, from the error body."""
        return _error_object(self.body).get("available_from")


class InternalServerError(APIStatusError):
    """500 (or another 5xx): the server failed."""


class ServiceUnavailableError(InternalServerError):
    """502 / 503 / 504: the gateway or service is unavailable."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
    501: FeatureNotAvailableError,
    502: ServiceUnavailableError,
    503: ServiceUnavailableError,
    504: ServiceUnavailableError,
}


def error_from_response(
    status_code: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    method: str | None = None,
    url: str | None = None,
) -> APIStatusError:
    """Build the exception for an error response, body or no body."""
    body = _decode(content)
    error = _error_object(body)
    message = error.get("message")
    if not isinstance(message, str) or not message:
        message = _fallback_message(status_code, content)
    cls = _BY_STATUS.get(status_code)
    if cls is None:
        cls = InternalServerError if status_code >= 500 else APIStatusError
    return cls(
        message,
        status_code=status_code,
        type=_str_or_none(error.get("type")),
        param=_str_or_none(error.get("param")),
        request_id=_request_id(headers, body),
        body=body,
        headers=headers,
        method=method,
        url=url,
    )


def _decode(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", errors="replace")


def _error_object(body: Any) -> dict[str, Any]:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"]
    return {}


def _fallback_message(status_code: int, content: bytes) -> str:
    try:
        phrase = HTTPStatus(status_code).phrase
    except ValueError:
        phrase = "HTTP error"
    if not content:
        return f"{phrase} (no response body)"
    return f"{phrase}: {content[:200].decode('utf-8', errors='replace')}"


def _request_id(headers: Mapping[str, str], body: Any) -> str | None:
    # CONTRACT §1.2: undocumented; the SDK reads these headers, then a body field.
    for name in ("x-request-id", "request-id"):
        if headers.get(name):
            return headers[name]
    if isinstance(body, dict):
        return _str_or_none(body.get("request_id"))
    return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
