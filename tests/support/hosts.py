"""One gRPC client for both provider hosts, started as the engine starts plugins.

``ProviderClient`` speaks the ResourceProvider protocol; ``Plugin`` is it for
`pulumi-resource-qoder` (schema names, failures as the engine prints them) and
``ProviderHost`` for the SDK's dynamic host (every call carries the serialized provider
in `__provider`, as a resource's state does; failures as (property, reason) pairs).
"""

from __future__ import annotations

import os
import subprocess
import sys
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
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2, provider_pb2_grpc

from pulumi_qoder.provider import DeploymentProvider
from tests.support.values import from_struct, to_struct

REPO = Path(__file__).resolve().parents[2]
STACK = "urn:pulumi:dev::project::"
DEPLOYMENT_URN = f"{STACK}qoder:index:Deployment::daily-report"
RUN_URN = f"{STACK}qoder:index:DeploymentRun::smoke"
DYNAMIC_URN = "urn:pulumi:test::project::pulumi-python:dynamic/qoder:Deployment::daily-report"
PROVIDER_BLOB = serialize_provider(DeploymentProvider())
DIFF_NONE = provider_pb2.DiffResponse.DIFF_NONE
DIFF_SOME = provider_pb2.DiffResponse.DIFF_SOME


class HostError(Exception):
    """The host aborted the call; the message is what the engine would show."""


@dataclass
class ProviderClient:
    """A provider process and typed calls to it."""

    process: subprocess.Popen
    stub: provider_pb2_grpc.ResourceProviderStub
    urn: str = DEPLOYMENT_URN

    def call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self.stub, method)(request, timeout=60)
        except grpc.RpcError as err:
            raise HostError(err.details()) from None

    _call = call

    def _inputs(self, props: dict[str, Any]) -> dict[str, Any]:
        """The properties as this host expects them in a request."""
        return props

    def _failures(self, failures) -> list:
        return list(failures)

    def info(self):
        return self.call("GetPluginInfo", empty_pb2.Empty())

    def schema(self) -> str:
        return self.call("GetSchema", provider_pb2.GetSchemaRequest()).schema

    def configure(self, args: dict[str, Any]):
        return self.call("Configure", provider_pb2.ConfigureRequest(args=to_struct(args)))

    def check(self, news: dict[str, Any], olds: dict[str, Any] | None = None, seed: bytes = b"",
              autonaming: provider_pb2.CheckRequest.AutonamingOptions | None = None):
        request = provider_pb2.CheckRequest(
            urn=self.urn, olds=to_struct(olds or {}), news=to_struct(self._inputs(news)),
            randomSeed=seed, autonaming=autonaming,
        )
        response = self.call("Check", request)
        return from_struct(response.inputs), self._failures(response.failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]):
        request = provider_pb2.DiffRequest(
            id=id_, urn=self.urn, olds=to_struct(olds), news=to_struct(self._inputs(news))
        )
        return self.call("Diff", request)

    def create(self, props: dict[str, Any], preview: bool = False) -> tuple[str, dict[str, Any]]:
        request = provider_pb2.CreateRequest(
            urn=self.urn, properties=to_struct(self._inputs(props)), preview=preview
        )
        response = self.call("Create", request)
        return response.id, from_struct(response.properties)

    def read(self, id_: str, props: dict[str, Any] | None = None,
             inputs: dict[str, Any] | None = None):
        request = provider_pb2.ReadRequest(
            id=id_, urn=self.urn,
            properties=to_struct(self._inputs(props) if props else {}),
            inputs=to_struct(self._inputs(inputs) if inputs is not None else {}),
        )
        response = self.call("Read", request)
        return response.id, from_struct(response.properties), from_struct(response.inputs)

    def update(self, id_: str, olds: dict, news: dict, preview: bool = False) -> dict[str, Any]:
        request = provider_pb2.UpdateRequest(
            id=id_, urn=self.urn, olds=to_struct(olds), news=to_struct(self._inputs(news)),
            preview=preview,
        )
        return from_struct(self.call("Update", request).properties)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        request = provider_pb2.DeleteRequest(
            id=id_, urn=self.urn, properties=to_struct(self._inputs(props))
        )
        self.call("Delete", request)

    def invoke(self, token: str, args: dict[str, Any]):
        response = self.call("Invoke", provider_pb2.InvokeRequest(tok=token, args=to_struct(args)))
        return from_struct(getattr(response, "return")), self._failures(response.failures)


@dataclass
class Plugin(ProviderClient):
    """`pulumi-resource-qoder`; properties use the schema's (camelCase) names."""

    def for_urn(self, urn: str) -> Plugin:
        return replace(self, urn=urn)

    def _failures(self, failures) -> list[str]:
        """Failures as the engine prints them: the property is in the reason, never a field
        (given one, the engine would print the property's value next to it)."""
        assert all(f.property == "" for f in failures)
        return [f.reason for f in failures]


@dataclass
class ProviderHost(ProviderClient):
    """`python -m pulumi.dynamic`; every call sends the serialized provider."""

    urn: str = DYNAMIC_URN
    provider_blob: str = PROVIDER_BLOB

    def serving(self, provider: ResourceProvider, urn: str) -> ProviderHost:
        """The same host, calls sending another provider (a resource of another type)."""
        return replace(self, provider_blob=serialize_provider(provider), urn=urn)

    def _inputs(self, props: dict[str, Any]) -> dict[str, Any]:
        return {**props, "__provider": self.provider_blob}

    def _failures(self, failures) -> list[tuple[str, str]]:
        return [(f.property, f.reason) for f in failures]


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


def plugin_command() -> list[str]:
    """The console script `pip install` made, else the module it runs."""
    script = Path(sys.executable).parent / "pulumi-resource-qoder"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pulumi_qoder.native"]


@contextmanager
def running_plugin(*args: str) -> Iterator[Plugin]:
    """`pulumi-resource-qoder` started as the engine starts it (``args`` after the
    command, e.g. the engine's address)."""
    with started_plugin([*plugin_command(), *args], REPO) as (process, stub):
        yield Plugin(process, stub)


@contextmanager
def running_dynamic_host(*args: str) -> Iterator[ProviderHost]:
    """The SDK's `python -m pulumi.dynamic` with this repository importable."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "pulumi.dynamic", *args]
    with started_plugin(command, REPO, {"PYTHONPATH": path}) as (process, stub):
        yield ProviderHost(process, stub)
