"""Manage Qoder Cloud Agents deployments as code with Pulumi."""

from pulumi_qoder._version import __version__
from pulumi_qoder.client import QoderClient
from pulumi_qoder.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    FeatureNotAvailableError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    QoderError,
    RateLimitError,
    ServiceUnavailableError,
)

__all__ = [
    "__version__",
    "QoderClient",
    "QoderError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "APIStatusError",
    "InvalidRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitError",
    "FeatureNotAvailableError",
    "InternalServerError",
    "ServiceUnavailableError",
]
