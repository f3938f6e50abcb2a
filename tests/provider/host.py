"""A harness for the SDK's own dynamic provider host: start it, then speak gRPC to it."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2, provider_pb2_grpc

from pulumi_qoder.provider import DeploymentProvider

URN = "urn:pulumi:test::project::pulumi-python:dynamic/qoder:Deployment::daily-report"
PROVIDER_BLOB = serialize_provider(DeploymentProvider())
_DEPLOYMENT_ID = re.compile(r"dep_[0-9a-f]{32}")


def secret(value: Any) -> dict[str, Any]:
    """A config value marked secret, as the engine sends `qoder:token`."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


def _struct(props: dict[str, Any]):
    # A private loop: asyncio.run would unset the thread's loop, which Pulumi's mocks need.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(props, {}))
    finally:
        loop.close()


def _props(struct) -> dict[str, Any]:
    return rpc.deserialize_properties(struct, keep_unknowns=True)


class HostError(Exception):
    """The host aborted the call; the message is what the engine would show."""


@dataclass
class ProviderHost:
    """`python -m pulumi.dynamic`, started like the engine starts it, plus typed calls.

    Every call sends the serialized provider in `__provider`, as a resource's state does.
    """

    process: subprocess.Popen
    stub: provider_pb2_grpc.ResourceProviderStub
    provider_blob: str = PROVIDER_BLOB
    urn: str = URN

    def serving(self, provider: ResourceProvider, urn: str) -> ProviderHost:
        """The same host, calls sending another provider (a resource of another type)."""
        return replace(self, provider_blob=serialize_provider(provider), urn=urn)

    def _call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self.stub, method)(request, timeout=60)
        except grpc.RpcError as err:
            raise HostError(err.details()) from None

    def configure(self, config: dict[str, Any]) -> None:
        self._call("Configure", provider_pb2.ConfigureRequest(args=_struct(config)))

    def check(self, news: dict[str, Any], olds: dict[str, Any] | None = None):
        request = provider_pb2.CheckRequest(
            urn=self.urn, olds=_struct(olds or {}), news=_struct(self._with_provider(news))
        )
        response = self._call("Check", request)
        failures = [(f.property, f.reason) for f in response.failures]
        return _props(response.inputs), failures

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]):
        request = provider_pb2.DiffRequest(
            id=id_, urn=self.urn, olds=_struct(olds), news=_struct(self._with_provider(news))
        )
        return self._call("Diff", request)

    def create(self, props: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        request = provider_pb2.CreateRequest(
            urn=self.urn, properties=_struct(self._with_provider(props))
        )
        response = self._call("Create", request)
        return response.id, _props(response.properties)

    def read(
        self, id_: str, props: dict[str, Any], inputs: dict[str, Any] | None = None
    ) -> tuple[str, dict[str, Any], dict[str, Any]]:
        request = provider_pb2.ReadRequest(
            id=id_,
            urn=self.urn,
            properties=_struct(self._with_provider(props) if props else {}),
            inputs=_struct(self._with_provider(inputs) if inputs is not None else {}),
        )
        response = self._call("Read", request)
        return response.id, _props(response.properties), _props(response.inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        request = provider_pb2.UpdateRequest(
            id=id_, urn=self.urn, olds=_struct(olds), news=_struct(self._with_provider(news))
        )
        return _props(self._call("Update", request).properties)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        request = provider_pb2.DeleteRequest(
            id=id_, urn=self.urn, properties=_struct(self._with_provider(props))
        )
        self._call("Delete", request)

    def _with_provider(self, props: dict[str, Any]) -> dict[str, Any]:
        return {**props, "__provider": self.provider_blob}


@dataclass
class FakeEngine(engine_pb2_grpc.EngineServicer):
    """The engine's gRPC service as plugins see it, recording every log message."""

    logs: list[engine_pb2.LogRequest] = field(default_factory=list)
    address: str = ""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        engine_pb2_grpc.add_EngineServicer_to_server(self, self._server)
        self.address = f"127.0.0.1:{self._server.add_insecure_port('127.0.0.1:0')}"

    def Log(self, request, context):  # noqa: N802 - the gRPC method name
        with self._lock:
            self.logs.append(request)
        return empty_pb2.Empty()

    def start(self) -> None:
        self._server.start()

    def stop(self) -> None:
        self._server.stop(grace=None)


@contextmanager
def fake_engine() -> Iterator[FakeEngine]:
    """A started `FakeEngine`, stopped on exit."""
    fake = FakeEngine()
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


@contextmanager
def started_plugin(
    command: list[str], cwd: Path, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen, provider_pb2_grpc.ResourceProviderStub]]:
    """A provider plugin process started as the engine starts one (it prints its port
    first), without `QODER_PAT` / `QODER_BASE_URL`, and a stub connected to it."""
    env = {k: v for k, v in os.environ.items() if k not in ("QODER_PAT", "QODER_BASE_URL")}
    env.update(extra_env or {})
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        port = int(process.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
            yield process, provider_pb2_grpc.ResourceProviderStub(channel)
    finally:
        process.terminate()
        process.wait(timeout=30)


def api_calls(served) -> list[str]:
    """The emulator journal as `METHOD /path`, ids shown as `{id}`, API prefix dropped."""
    calls = []
    for entry in served.journal():
        path = entry["path"].split("/api/v1/cloud", 1)[-1]
        calls.append(f"{entry['method']} {_DEPLOYMENT_ID.sub('{id}', path)}")
    return calls
