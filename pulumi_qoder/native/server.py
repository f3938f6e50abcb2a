"""`pulumi-resource-qoder`: the native provider plugin the engine starts.

The engine runs the plugin with its own gRPC address as the last argument and reads the
port the plugin listens on from the first line of its stdout.
"""

from __future__ import annotations

import signal
import sys
from concurrent import futures

import grpc
from pulumi.runtime.proto import provider_pb2_grpc

from pulumi_qoder.native.servicer import QoderProviderServicer

__all__ = ["MAX_WORKERS", "main", "serve"]

MAX_WORKERS = 128
"""Calls served at once; above any sensible `--parallel`, and each handler blocks on HTTP."""

_MESSAGE_LIMIT = 400 * 1024 * 1024  # as the SDK's own hosts allow (large states)


def serve(address: str = "127.0.0.1:0") -> tuple[grpc.Server, int]:
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="qoder"),
        options=[
            ("grpc.max_receive_message_length", _MESSAGE_LIMIT),
            ("grpc.max_send_message_length", _MESSAGE_LIMIT),
        ],
    )
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(QoderProviderServicer(), server)
    port = server.add_insecure_port(address)
    server.start()
    return server, port


def main() -> int:
    server, port = serve()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:
        server.stop(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
