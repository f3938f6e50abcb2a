"""`pulumi-resource-qoder`: the native provider plugin the engine starts.

The engine runs the plugin with its own gRPC address as the last argument and reads the
port the plugin listens on from the first line of its stdout. A plugin whose engine is
gone (a SIGKILL of `pulumi up` does not reach the plugin, which runs in its own process
group) finishes the calls in flight, since exactly-once relies on them, and then exits.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from concurrent import futures

import grpc
from pulumi.runtime.proto import provider_pb2_grpc

from pulumi_qoder.native.servicer import QoderProviderServicer

__all__ = ["MAX_WORKERS", "main", "serve"]

MAX_WORKERS = 128
"""Calls served at once; above any sensible `--parallel`, and each handler blocks on HTTP."""

_MESSAGE_LIMIT = 400 * 1024 * 1024  # as the SDK's own hosts allow (large states)

ORPHAN_CHECK_SECONDS = 1.0
"""How often the plugin checks that the engine that started it is still its parent."""

ORPHAN_GRACE_SECONDS = 600.0
"""How long calls in flight may run on once the engine is gone (retries included)."""


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
    _stop_when_orphaned(server, os.getppid())
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
