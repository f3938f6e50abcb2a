"""Where and as whom the providers call the API: stack config with environment fallbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pulumi_qoder.client import QoderClient

__all__ = ["CONFIG_KEYS", "Settings"]

CONFIG_KEYS = ("token", "baseUrl", "region")
"""Stack config the providers read, under the `qoder:` namespace (`token` is a secret)."""


@dataclass(frozen=True)
class Settings:
    """Where and as whom to call the API; unset values fall back to `$QODER_PAT` and friends."""

    token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    region: str | None = None

    @classmethod
    def read(cls, get: Callable[[str], Any]) -> Settings:
        """From config looked up by full key (`get("qoder:token")`)."""
        token, base_url, region = (get(f"qoder:{key}") for key in CONFIG_KEYS)
        return cls(token, base_url, region)

    def client(self) -> QoderClient:
        """A new pooled client; a missing token or unknown region is a `ValueError`."""
        try:
            return QoderClient(token=self.token, base_url=self.base_url, region=self.region)
        except ValueError as err:
            raise ValueError(f"{err} (or set the secret stack config `qoder:token`)") from None
