"""Progress lines and warnings from a provider process to the engine's display, else stderr."""

from __future__ import annotations

import re
import sys
import threading
from typing import IO

import grpc

from pulumi_qoder.enginerpc.protos import engine_pb2, engine_pb2_grpc

__all__ = ["EngineLog", "engine_address"]

_ADDRESS = re.compile(r"[\w.\-]+:\d+|\[[0-9a-fA-F:]+\]:\d+")


def engine_address(argv: list[str]) -> str | None:
    """The engine's gRPC address: the host's first argument (the engine starts plugins so)."""
    if len(argv) > 1 and _ADDRESS.fullmatch(argv[1]):
        return argv[1]
    return None


class EngineLog:
    """Ephemeral INFO messages to the engine; stderr when there is no engine or it fails.

    Logging never raises: a lost progress line must not fail the operation it describes.
    """

    def __init__(self, address: str | None, fallback: IO[str] | None = None) -> None:
        self._address = address
        self._fallback = fallback
        self._lock = threading.Lock()
        self._stub: engine_pb2_grpc.EngineStub | None = None

    @classmethod
    def from_argv(cls) -> EngineLog:
        return cls(engine_address(sys.argv))

    def info(self, message: str) -> None:
        self._send(engine_pb2.LogRequest(
            severity=engine_pb2.INFO, message=message, urn="", ephemeral=True
        ))

    def warning(self, message: str, urn: str) -> None:
        """A lasting warning shown on the resource `urn` (as `pulumi preview` lists them)."""
        self._send(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message=message, urn=urn))

    def _send(self, request: engine_pb2.LogRequest) -> None:
        message = request.message
        stub = self._engine()
        if stub is not None:
            try:
                stub.Log(request, timeout=5)
                return
            except grpc.RpcError:
                with self._lock:
                    self._address, self._stub = None, None  # the engine is gone; stop trying
        self._to_stderr(message)

    def _engine(self) -> engine_pb2_grpc.EngineStub | None:
        with self._lock:
            if self._stub is None and self._address is not None:
                self._stub = engine_pb2_grpc.EngineStub(grpc.insecure_channel(self._address))
            return self._stub

    def _to_stderr(self, message: str) -> None:
        stream = self._fallback or sys.stderr
        try:
            print(message, file=stream, flush=True)
        except (OSError, ValueError):
            pass  # a closed stderr: nothing left to tell
