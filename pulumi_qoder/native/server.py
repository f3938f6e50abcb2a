"""`pulumi-resource-qoder`: the native provider plugin the engine starts.

The engine runs the plugin with its own gRPC address as the last argument and reads the
port the plugin listens on from the first line of its stdout. A plugin whose engine is
gone (a SIGKILL of `pulumi up` does not reach the plugin, which runs in its own process
group) finishes the calls in flight, since exactly-once relies on them, and then exits.

Start-up is what every `preview`, `up` and `refresh` waits for, so `main` prints the port
as soon as the gRPC server listens, with only gRPC and the generated protobuf modules
imported (`enginerpc.protos`, without the Pulumi SDK). The provider itself (the core, the
validation) is imported by the first call that needs it (`_Deferred`), and the HTTP client
by the first API call: the engine starts two plugin processes per operation, one of which
only answers `Handshake`, `GetPluginInfo` and `GetSchema` for the language host and so
never imports the provider at all.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent import futures
from typing import TYPE_CHECKING, Any

import grpc

from pulumi_qoder.enginerpc.protos import provider_pb2_grpc

if TYPE_CHECKING:
    from google.protobuf import empty_pb2

    from pulumi_qoder.enginerpc.protos import plugin_pb2, provider_pb2
    from pulumi_qoder.native.servicer import QoderProviderServicer

__all__ = ["MAX_WORKERS", "main", "serve"]

MAX_WORKERS = 128
"""Calls served at once; above any sensible `--parallel`, and each handler blocks on HTTP."""

_MESSAGE_LIMIT = 400 * 1024 * 1024  # as the SDK's own hosts allow (large states)

ORPHAN_CHECK_SECONDS = 1.0
"""How often the plugin checks that the engine that started it is still its parent."""

ORPHAN_GRACE_SECONDS = 600.0
"""How long calls in flight may run on once the engine is gone (retries included)."""


class _Deferred(provider_pb2_grpc.ResourceProviderServicer):
    """The servicer, built by `load()` on the first call that needs it; calls meanwhile wait.

    `GetPluginInfo`, `GetSchema` and `Handshake` are answered without waiting: a language
    host that starts the plugin only for its schema gets it before the provider has been
    imported. `Handshake`, the engine's first call to every plugin it starts, is not
    implemented (the engine then sends `Configure`, as before `Handshake` existed):
    answering that at once, instead of after the import, is what lets the engine go on
    while the provider loads (`Handshake` starts it loading). Every other call is forwarded
    to the loaded servicer (`_forward`).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self._servicer: QoderProviderServicer | None = None
        self._error: BaseException | None = None

    def load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            try:
                from pulumi_qoder.native.servicer import QoderProviderServicer

                self._servicer = QoderProviderServicer()
            except BaseException as err:  # reported on every call; the process keeps serving
                print(f"pulumi-resource-qoder: start-up failed: {type(err).__name__}: {err}",
                      file=sys.stderr)
                self._error = err
            finally:
                self._loaded = True

    def _get(self) -> QoderProviderServicer:
        if not self._loaded:
            self.load()
        if self._error is not None or self._servicer is None:
            raise RuntimeError(f"pulumi-resource-qoder could not start: {self._error}")
        return self._servicer

    def GetPluginInfo(  # noqa: N802 - gRPC method names
        self, request: empty_pb2.Empty, context: grpc.ServicerContext
    ) -> plugin_pb2.PluginInfo:
        from pulumi_qoder._version import __version__
        from pulumi_qoder.enginerpc.protos import plugin_pb2

        return plugin_pb2.PluginInfo(version=__version__)

    def GetSchema(  # noqa: N802
        self, request: provider_pb2.GetSchemaRequest, context: grpc.ServicerContext
    ) -> provider_pb2.GetSchemaResponse:
        from pulumi_qoder.enginerpc.protos import provider_pb2
        from pulumi_qoder.native.schema import schema_text

        return provider_pb2.GetSchemaResponse(schema=schema_text())

    def Handshake(  # noqa: N802
        self, request: provider_pb2.ProviderHandshakeRequest, context: grpc.ServicerContext
    ) -> provider_pb2.ProviderHandshakeResponse:
        """Start loading the provider when the engine will use it, then decline the handshake.

        The engine's resource-serving plugin host sends its loader and mapper addresses; the
        language host's plugin, started only for `GetSchema`, gets none, and never loads the
        provider. The load (the core, the time zone names) runs in the background
        while the engine sends `GetPluginInfo` and gets ready for `CheckConfig`, which used to
        wait ~0.2 s for it; any call meanwhile waits on the same lock, so it sees one servicer.
        """
        if request.loader_target or request.mapper_target:
            threading.Thread(target=self.warm, name="qoder-warm", daemon=True).start()
        # the base answers UNIMPLEMENTED; its stub types the context and answer for grpc.aio too
        return provider_pb2_grpc.ResourceProviderServicer.Handshake(  # type: ignore[return-value]
            self, request, context  # type: ignore[arg-type]
        )

    def warm(self) -> None:
        """Load the servicer and the time zone names the first Check reads (not the client:
        a preview makes no API call)."""
        self.load()
        if self._error is None:
            from pulumi_qoder.core.schedule import cron

            cron.known_zones()


def _forward(name: str) -> Callable[[_Deferred, Any, grpc.ServicerContext], Any]:
    def method(self: _Deferred, request: Any, context: grpc.ServicerContext) -> Any:
        return getattr(self._get(), name)(request, context)

    method.__name__ = name
    return method


for _name in [n for n in vars(provider_pb2_grpc.ResourceProviderServicer)
              if n[:1].isupper() and n not in vars(_Deferred)]:
    setattr(_Deferred, _name, _forward(_name))


def serve(
    address: str = "127.0.0.1:0",
    servicer: provider_pb2_grpc.ResourceProviderServicer | None = None,
) -> tuple[grpc.Server, int]:
    """Serve `servicer` (by default a `QoderProviderServicer`, imported here) on `address`."""
    if servicer is None:
        from pulumi_qoder.native.servicer import QoderProviderServicer

        servicer = QoderProviderServicer()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="qoder"),
        options=[
            ("grpc.max_receive_message_length", _MESSAGE_LIMIT),
            ("grpc.max_send_message_length", _MESSAGE_LIMIT),
        ],
    )
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port(address)
    server.start()
    return server, port


def main() -> int:
    engine = os.getppid()  # read first: the engine may die while the provider is imported
    # httpx (loaded with the first API call) imports its command-line client (click, rich,
    # pygments) whenever those are installed; this process never runs it.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: not importable
    deferred = _Deferred()
    server, port = serve(servicer=deferred)
    _stop_when_orphaned(server, engine)
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:
        server.stop(0)
    return 0


def _stop_when_orphaned(server: grpc.Server, parent: int) -> None:
    """Stop serving once `parent` (the engine) is gone: new calls refused, running ones end."""
    if parent <= 1:
        return  # started by init or a subreaper's child: no engine to outlive

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        server.stop(ORPHAN_GRACE_SECONDS)

    threading.Thread(target=watch, name="qoder-engine-watch", daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
