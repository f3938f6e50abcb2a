"""Domain errors carrying the contract's error type, and the one envelope renderer.

CONTRACT §2.9: every error is ``{"type": "error", "error": {"type", "message", "param"?}}``.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

__all__ = [
    "AuthenticationFailed",
    "Conflict",
    "EmulatorError",
    "InternalError",
    "InvalidRequest",
    "NotFound",
    "PermissionDenied",
    "error_body",
    "new_request_id",
]


class EmulatorError(Exception):
    """Base of the errors the API reports; subclasses pin status and type."""

    status_code = 500
    type = "api_error"

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param

    def envelope(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.param is not None:
            error["param"] = self.param
        return {"type": "error", "error": error}


class InvalidRequest(EmulatorError):
    status_code = 400
    type = "invalid_request_error"


class AuthenticationFailed(EmulatorError):
    status_code = 401
    type = "authentication_error"


class PermissionDenied(EmulatorError):
    status_code = 403
    type = "permission_error"


class NotFound(EmulatorError):
    status_code = 404
    type = "not_found_error"


class Conflict(EmulatorError):
    status_code = 409
    type = "conflict_error"


class InternalError(EmulatorError):
    status_code = 500
    type = "api_error"


def error_body(error: EmulatorError) -> bytes:
    """The JSON bytes of an error's envelope."""
    return json.dumps(error.envelope()).encode()


def new_request_id() -> str:
    """A request id for the ``x-request-id`` header (CONTRACT §1.2 names it [SDK])."""
    return f"req_{secrets.token_hex(12)}"
