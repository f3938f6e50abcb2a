"""A harness for `pulumi-resource-qoder`: start it as the engine does, then speak gRPC to it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from tests.provider.host import HostError, _props, _struct, started_plugin

REPO = Path(__file__).resolve().parents[2]
STACK = "urn:pulumi:dev::project::"
DEPLOYMENT_URN = f"{STACK}qoder:index:Deployment::daily-report"
RUN_URN = f"{STACK}qoder:index:DeploymentRun::smoke"


def plugin_command() -> list[str]:
    """The console script `pip install` made, else the module it runs."""
    script = Path(sys.executable).parent / "pulumi-resource-qoder"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pulumi_qoder.native"]


@dataclass
class Plugin:
    """The plugin process and typed calls; properties use the schema's (camelCase) names."""

    process: subprocess.Popen
    stub: provider_pb2_grpc.ResourceProviderStub
    urn: str = DEPLOYMENT_URN

    def for_urn(self, urn: str) -> Plugin:
        return Plugin(self.process, self.stub, urn)

    def call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self.stub, method)(request, timeout=60)
        except grpc.RpcError as err:
            raise HostError(err.details()) from None

    def info(self):
        return self.call("GetPluginInfo", empty_pb2.Empty())

    def schema(self) -> str:
        return self.call("GetSchema", provider_pb2.GetSchemaRequest()).schema

    def configure(self, args: dict[str, Any]):
        return self.call("Configure", provider_pb2.ConfigureRequest(args=_struct(args)))

    def check(self, news: dict[str, Any], olds: dict[str, Any] | None = None, seed: bytes = b"",
              autonaming: provider_pb2.CheckRequest.AutonamingOptions | None = None):
        request = provider_pb2.CheckRequest(
            urn=self.urn, olds=_struct(olds or {}), news=_struct(news), randomSeed=seed,
            autonaming=autonaming,
        )
        response = self.call("Check", request)
        return _props(response.inputs), _reasons(response.failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]):
        request = provider_pb2.DiffRequest(
            id=id_, urn=self.urn, olds=_struct(olds), news=_struct(news)
        )
        return self.call("Diff", request)

    def create(self, props: dict[str, Any], preview: bool = False) -> tuple[str, dict[str, Any]]:
        request = provider_pb2.CreateRequest(
            urn=self.urn, properties=_struct(props), preview=preview
        )
        response = self.call("Create", request)
        return response.id, _props(response.properties)

    def read(self, id_: str, props: dict[str, Any] | None = None, inputs: dict | None = None):
        request = provider_pb2.ReadRequest(
            id=id_, urn=self.urn, properties=_struct(props or {}), inputs=_struct(inputs or {})
        )
        response = self.call("Read", request)
        return response.id, _props(response.properties), _props(response.inputs)

    def update(self, id_: str, olds: dict, news: dict, preview: bool = False) -> dict[str, Any]:
        request = provider_pb2.UpdateRequest(
            id=id_, urn=self.urn, olds=_struct(olds), news=_struct(news), preview=preview
        )
        return _props(self.call("Update", request).properties)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.call("Delete", provider_pb2.DeleteRequest(id=id_, urn=self.urn,
                                                       properties=_struct(props)))

    def invoke(self, token: str, args: dict[str, Any]):
        response = self.call("Invoke", provider_pb2.InvokeRequest(tok=token, args=_struct(args)))
        return _props(getattr(response, "return")), _reasons(response.failures)


def _reasons(failures) -> list[str]:
    """Failures as the engine prints them: the property is in the reason, never a field
    (given one, the engine would print the property's value next to it)."""
    assert all(f.property == "" for f in failures)
    return [f.reason for f in failures]


@contextmanager
def running_plugin(*args: str) -> Iterator[Plugin]:
    with started_plugin([*plugin_command(), *args], REPO) as (process, stub):
        yield Plugin(process, stub)
