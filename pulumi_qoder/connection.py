"""What every Qoder dynamic provider shares: stack settings, one lazy pooled client, errors."""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pulumi.dynamic import ConfigureRequest, ResourceProvider
from pydantic import ValidationError

from pulumi_qoder.client import QoderClient
from pulumi_qoder.errors import NotFoundError, QoderError

__all__ = ["CONFIG_KEYS", "ProviderError", "QoderProvider", "Settings", "call", "find"]

CONFIG_KEYS = ("token", "baseUrl", "region")
"""Stack config the providers read, under the `qoder:` namespace (`token` is a secret)."""

T = TypeVar("T")


class ProviderError(Exception):
    """A provider operation failed; the message names the action and the object."""


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


class QoderProvider(ResourceProvider):
    """Base of the package's providers: `configure()` settings and a client made on first use.

    Pickled into every resource's `__provider` by reference: the pickle is just the class's
    import path, never settings or a client. In the provider host, `configure()` receives the
    stack config and one pooled client is made on first use, shared by the host's threads.
    """

    # The pickle holds nothing secret, so the state need not encrypt it.
    serialize_as_secret_always = False

    def __init__(self) -> None:
        super().__init__()
        self._settings = Settings()
        self._lock = threading.Lock()
        self._client: QoderClient | None = None

    def __reduce__(self) -> tuple[type, tuple]:
        return (type(self), ())

    def configure(self, req: ConfigureRequest) -> None:
        """Take `qoder:token`, `qoder:baseUrl` and `qoder:region`; unset ones fall back to env.

        `$QODER_PAT` and `$QODER_BASE_URL` are read when the client is first made.
        """
        settings = Settings.read(req.config.get)
        with self._lock:
            old, self._settings, self._client = self._client, settings, None
        if old is not None:
            old.close()
        _quiet_host_tracebacks()  # configure() only ever runs in the provider host

    def _qoder(self) -> QoderClient:
        with self._lock:
            if self._client is None:
                try:
                    self._client = self._settings.client()
                except ValueError as err:
                    raise ProviderError(f"configuring the Qoder client: {err}") from None
            return self._client


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
        raise ProviderError(f"{doing}: {err}") from err


def find(doing: str, fn: Callable[[], T]) -> T | None:
    """`call`, except that a 404 is None: for `read`, where gone is an answer, not an error."""
    try:
        return call(doing, fn)
    except ProviderError as err:
        if isinstance(err.__cause__, NotFoundError):
            return None
        raise


class _HostTraceback:
    """`traceback` as the SDK's host module sees it: a `ProviderError` is its message alone."""

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)

    @staticmethod
    def format_exc(limit: int | None = None, chain: bool = True) -> str:
        error = sys.exc_info()[1]
        if isinstance(error, ProviderError):
            return str(error)
        return traceback.format_exc(limit, chain)


def _quiet_host_tracebacks() -> None:
    """Make the SDK's dynamic provider host report our errors without a stack trace.

    The host (`python -m pulumi.dynamic`) fails a call with `traceback.format_exc()` of any
    exception. For a `ProviderError` the frames are noise around a message that already names
    the action and the object, so only that host module's view of `traceback` changes, and
    only for these errors; anything else keeps its full traceback.
    """
    # Depends on the SDK's `pulumi.dynamic.__main__._abort_with_traceback`, which reports an
    # error as `traceback.format_exc()` through its module-global `traceback`. Should the SDK
    # change that, errors get their stack traces back: the engine tests asserting that a failed
    # `up` shows no "Traceback" (tests/engine/test_engine_runs.py) guard it.
    host = sys.modules.get("__main__")
    spec = getattr(host, "__spec__", None)
    if getattr(spec, "name", None) != "pulumi.dynamic.__main__":
        return
    if not isinstance(getattr(host, "traceback", None), _HostTraceback):
        host.traceback = _HostTraceback()
