"""`pulumi-resource-qoder`: the native provider plugin the engine starts.

The engine runs the plugin with its own gRPC address as the last argument and reads the
port the plugin listens on from the first line of its stdout.

Start-up is what every `preview`, `up` and `refresh` waits for, so `main` prints the port
as soon as the gRPC server listens and only then imports the provider itself (the client,
its models, the core): the engine meanwhile starts the language host and the program, and
a call that arrives before the import is done waits for it (`_Deferred`).
"""

from __future__ import annotations

import signal
import sys
import threading
from concurrent import futures

import grpc
from pulumi.runtime.proto import provider_pb2_grpc

__all__ = ["MAX_WORKERS", "main", "serve"]

MAX_WORKERS = 128
"""Calls served at once; above any sensible `--parallel`, and each handler blocks on HTTP."""

_MESSAGE_LIMIT = 400 * 1024 * 1024  # as the SDK's own hosts allow (large states)


class _Deferred(provider_pb2_grpc.ResourceProviderServicer):
    """The servicer, built by `load()`; each method waits until it is."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._servicer = None
        self._error: BaseException | None = None

    def load(self) -> None:
        try:
            from pulumi_qoder.native.servicer import QoderProviderServicer

            self._servicer = QoderProviderServicer()
        except BaseException as err:  # reported on every call, as the process keeps serving
            print(f"pulumi-resource-qoder: start-up failed: {type(err).__name__}: {err}",
                  file=sys.stderr)
            self._error = err
        finally:
            self._ready.set()

    def _get(self):
        self._ready.wait()
        if self._error is not None:
            raise RuntimeError(f"pulumi-resource-qoder could not start: {self._error}")
        return self._servicer


def _forward(name: str):
    def method(self, request, context):
        return getattr(self._get(), name)(request, context)

    method.__name__ = name
    return method


for _name in [n for n in vars(provider_pb2_grpc.ResourceProviderServicer) if n[:1].isupper()]:
    setattr(_Deferred, _name, _forward(_name))


def _plugin_info(self, request, context):
    from pulumi.runtime.proto import plugin_pb2

    from pulumi_qoder._version import __version__

    return plugin_pb2.PluginInfo(version=__version__)


def _schema(self, request, context):
    from pulumi.runtime.proto import provider_pb2

    from pulumi_qoder.native.schema import schema_text

    return provider_pb2.GetSchemaResponse(schema=schema_text())


# Answered without waiting: a language host that starts the plugin only for its schema
# gets it before the provider has been imported.
_Deferred.GetPluginInfo, _Deferred.GetSchema = _plugin_info, _schema


def serve(address: str = "127.0.0.1:0", servicer=None) -> tuple[grpc.Server, int]:
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
    deferred = _Deferred()
    server, port = serve(servicer=deferred)
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    deferred.load()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:
        server.stop(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
