"""The Qoder Deployments API client: QoderClient, its errors, and the OMIT sentinel.

`QoderClient` and `USER_AGENT` load on first use (PEP 562): the client and its response
models (pydantic) cost a provider's start-up tens of milliseconds, and importing a submodule
(`pulumi_qoder.client._config`, the errors) runs this file first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pulumi_qoder.client._config import (
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_READS_PER_SECOND,
    DEFAULT_RETRY_TIMEOUT,
    DEFAULT_TIMEOUT,
    DEFAULT_WRITES_PER_SECOND,
    REGIONS,
    TOKEN_ENV,
)
from pulumi_qoder.client._exceptions import *  # noqa: F403
from pulumi_qoder.client._exceptions import __all__ as _exceptions_all
from pulumi_qoder.client._omit import OMIT, Omit

if TYPE_CHECKING:
    from pulumi_qoder.client._client import USER_AGENT, QoderClient

_client_all = ("USER_AGENT", "QoderClient")
"""`pulumi_qoder.client._client.__all__`, loaded from there on first use."""

__all__ = [
    "USER_AGENT",
    "QoderClient",
    *_exceptions_all,
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_READS_PER_SECOND",
    "DEFAULT_RETRY_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WRITES_PER_SECOND",
    "OMIT",
    "Omit",
    "REGIONS",
    "TOKEN_ENV",
]


def __getattr__(name: str) -> Any:
    if name in _client_all:
        value = getattr(importlib.import_module("pulumi_qoder.client._client"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
