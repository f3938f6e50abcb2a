"""The dynamic providers' base: settings from the host's configure(), one lazy pooled client,
and the SDK's provider methods over the resource's handler from the core registry."""

from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from pulumi_qoder.core.account import Account
from pulumi_qoder.core.errors import ProviderError
from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.handler import Registry, ResourceHandler
from pulumi_qoder.core.registry import handlers
from pulumi_qoder.core.settings import Settings
from pulumi_qoder.dynamic.values import from_engine, to_engine
from pulumi_qoder.enginerpc.log import EngineLog

if TYPE_CHECKING:  # the client (its models) loads at the first API call
    from pulumi_qoder.client import QoderClient

__all__ = ["QoderProvider", "check_failures"]


def check_failures(failures: list[Failure]) -> list[CheckFailure]:
    """Failures as the engine prints them cleanly: `<property>: <reason>`, nothing else.

    The engine prints a failure that names a property as `property <p> value <v> has a
    problem`, with `<v>` the top-level input looked up by that name: `{<nil>}` for a nested
    path such as `schedule.expression`, a Go map dump for `metadata`, and the value itself
    (perhaps a secret) otherwise. A failure with no property prints its reason alone, so the
    property goes into the reason.
    """
    return [
        CheckFailure("", f"{f.property}: {f.reason}" if f.property else f.reason) for f in failures
    ]


class QoderProvider(ResourceProvider):
    """Base of the package's providers: `configure()` settings and a client made on first use.

    Pickled into every resource's `__provider` by reference: the pickle is just the class's
    import path, never settings or a client. In the provider host, `configure()` receives the
    stack config and one pooled client is made on first use, shared by the host's threads.
    """

    # The pickle holds nothing secret, so the state need not encrypt it.
    serialize_as_secret_always = False

    token: str
    """The resource type's token in the registry (`qoder:index:Deployment`)."""

    def __init__(self) -> None:
        super().__init__()
        self._account = Account()
        self._configured = False
        self._handlers: Registry | None = None

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return (type(self), ())

    @property
    def _settings(self) -> Settings:
        return self._account.settings

    def configure(self, req: ConfigureRequest) -> None:
        """Take the `qoder:` config: token, baseUrl, region, strictDrift and the retry bounds.

        Unset token and base URL fall back to `$QODER_PAT` and `$QODER_BASE_URL`. What is
        wrong with them fails every `check`, so `pulumi preview` reports it with its fix.
        """
        self._account.configure(Settings.read(req.config.get))
        self._configured = True
        _quiet_host_tracebacks()  # configure() only ever runs in the provider host

    # The SDK's provider protocol, each call translated once and handed to this provider's
    # handler: engine values in (`from_engine`), core results out as the SDK's results.

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs and settings without any API call; fill in defaults and a name."""
        checked = self._handler().check(from_engine(olds), from_engine(news), None)
        failures = [*self._settings_failures(), *checked.failures]
        return CheckResult(to_engine(checked.inputs), check_failures(failures))

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the checked inputs with the recorded outputs; no API call."""
        result = self._handler().diff(from_engine(olds), from_engine(news))
        return DiffResult(changes=bool(result.changed), replaces=list(result.replaces), stables=[],
                          delete_before_replace=result.delete_before_replace)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(*self._handler().create(from_engine(props), None, preview=False))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh; a resource that is gone reads as a blank id."""
        found = self._handler().read(id_, from_engine(props), {})
        if found is None:
            return ReadResult("", {}, {})
        return ReadResult(found.id, found.outputs, found.inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(
            self._handler().update(id_, from_engine(olds), from_engine(news), preview=False)
        )

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        warning = self._handler().delete(id_, from_engine(props))
        if warning:  # the SDK gives a dynamic provider no URN: a warning of the stack
            EngineLog.from_argv().warning(warning, "")

    def _settings_failures(self) -> list[Failure]:
        """The configuration's problems as check failures (none before `configure()`)."""
        if not self._configured:
            return []
        return [Failure("", problem) for problem in self._settings.problems()]

    def _qoder(self) -> QoderClient:
        return self._account.client()

    def _handler(self) -> ResourceHandler:
        """This provider's resource handler (by its `token`), made once per instance."""
        if self._handlers is None:
            self._handlers = handlers(self._account, on_progress=EngineLog.from_argv().info)
        return self._handlers[self.token]


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
    if host is None or getattr(spec, "name", None) != "pulumi.dynamic.__main__":
        return
    if not isinstance(getattr(host, "traceback", None), _HostTraceback):
        host.traceback = _HostTraceback()  # type: ignore[attr-defined]  # the host's global
