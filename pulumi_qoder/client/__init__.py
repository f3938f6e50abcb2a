"""The Qoder Deployments API client: QoderClient, its errors, and the OMIT sentinel."""

from pulumi_qoder.client._client import *  # noqa: F403
from pulumi_qoder.client._client import __all__ as _client_all
from pulumi_qoder.client._config import (
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_RETRY_TIMEOUT,
    DEFAULT_TIMEOUT,
    REGIONS,
    TOKEN_ENV,
)
from pulumi_qoder.client._exceptions import *  # noqa: F403
from pulumi_qoder.client._exceptions import __all__ as _exceptions_all
from pulumi_qoder.client._omit import OMIT, Omit

__all__ = [
    *_client_all,
    *_exceptions_all,
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_RETRY_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "OMIT",
    "Omit",
    "REGIONS",
    "TOKEN_ENV",
]
