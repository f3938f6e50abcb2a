"""Where and as whom the providers call the API: stack config with environment fallbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pulumi_qoder.client import DEFAULT_MAX_RETRIES, DEFAULT_RETRY_TIMEOUT, QoderClient

__all__ = ["CONFIG_KEYS", "Settings"]

CONFIG_KEYS = ("token", "baseUrl", "region", "maxRetries", "retryTimeoutSeconds")
"""Stack config the providers read, under the `qoder:` namespace (`token` is a secret)."""


@dataclass(frozen=True)
class Settings:
    """Where and as whom to call the API; unset values fall back to `$QODER_PAT` and friends.

    `max_retries` and `retry_timeout` bound each API call's retries (see `QoderClient`);
    they are kept as given (config values are text) and checked when the client is made.
    """

    token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    region: str | None = None
    max_retries: Any = None
    retry_timeout: Any = None

    @classmethod
    def read(cls, get: Callable[[str], Any]) -> Settings:
        """From config looked up by full key (`get("qoder:token")`)."""
        return cls(*(get(f"qoder:{key}") for key in CONFIG_KEYS))

    def client(self) -> QoderClient:
        """A new pooled client; a missing token, unknown region or bad setting is a `ValueError`."""
        retries = _number("qoder:maxRetries", self.max_retries, DEFAULT_MAX_RETRIES, whole=True)
        budget = _number("qoder:retryTimeoutSeconds", self.retry_timeout, DEFAULT_RETRY_TIMEOUT)
        try:
            return QoderClient(
                token=self.token, base_url=self.base_url, region=self.region,
                max_retries=int(retries), retry_timeout=budget,
            )
        except ValueError as err:
            raise ValueError(f"{err} (or set the secret stack config `qoder:token`)") from None


def _number(key: str, value: Any, default: float, whole: bool = False) -> float:
    """A config number >= 0 (config values arrive as text); unset is `default`."""
    if value is None or value == "":
        return default
    kind = "a whole number" if whole else "a number of seconds"
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be {kind}, 0 or more") from None
    if not number >= 0 or (whole and not number.is_integer()) or number == float("inf"):
        raise ValueError(f"{key} must be {kind}, 0 or more")
    return number
