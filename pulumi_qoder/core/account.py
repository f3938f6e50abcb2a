"""One provider instance's account: its settings and the pooled client made on first use.

Shared by both front ends: the native plugin (one account per plugin process) and the
dynamic providers (`dynamic/host.py`, one per provider instance in the host).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from pulumi_qoder.core.errors import ProviderError
from pulumi_qoder.core.settings import Settings

if TYPE_CHECKING:  # the client (its models) loads at the first API call
    from pulumi_qoder.client import QoderClient

__all__ = ["Account"]


class Account:
    """Where and as whom a provider calls the API.

    The engine starts one plugin process per provider resource (the default one and each
    explicit `qoder` provider), so each process serves one account; the dynamic host holds
    one per provider instance. `configure` replaces the settings; the client is made lazily,
    under a lock, and shared by every handler thread.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self._lock = threading.Lock()
        self._settings = settings or Settings()
        self._client: QoderClient | None = None

    @property
    def settings(self) -> Settings:
        return self._settings

    def configure(self, settings: Settings) -> None:
        with self._lock:
            old, self._settings, self._client = self._client, settings, None
        if old is not None:
            old.close()

    def client(self) -> QoderClient:
        with self._lock:
            if self._client is None:
                try:
                    self._client = self._settings.client()
                except ValueError as err:
                    raise ProviderError(f"configuring the Qoder client: {err}") from None
            return self._client
