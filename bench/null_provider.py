"""A provider that costs nothing: package `qoder`'s schema, every call answered at once.

    python -m bench.null_provider        # first stdout line: the port, as a plugin prints it

`bench.floor` serves it as `pulumi-resource-qoder` (a script in a folder of its own, named
by `plugins.providers[].path`) to measure what the engine, the language host and the
program cost with no provider work at all: Check returns the inputs, Diff compares them
with the recorded ones, Create and Update return the inputs as outputs, Delete and Read
return at once. No HTTP, no validation, no conversion of the properties.

    python -m bench.null_provider --sized

is the same provider, except that Check fills in the API's defaults of the unset compared
inputs as ours does (`CHECK_DEFAULTS`), and Create, Update and Read return the inputs plus
the properties our plugin adds for the bench's program (the server's fields, the execution
settings, the hidden list of given inputs: `SERVER_FIELDS`, recorded from a create against
the emulator). It measures what the engine pays for the larger inputs and outputs the
schema declares, apart from what our code costs.
"""

from __future__ import annotations

import itertools
import signal
import sys
from concurrent import futures

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

_DIFF = provider_pb2.DiffResponse
_ids = itertools.count(1)

SERVER_FIELDS = {
    "name": "bench-0000-f43hd34", "status": "active", "paused": False, "agentVersion": 1,
    "stats": {"consecutiveFailures": 0, "totalFailures": 0, "totalRuns": 0},
    "nextTriggerAt": "2026-06-14T09:00:00Z", "lastRunAt": None, "pausedReason": None,
    "upcomingRunsAt": ["2026-06-14T09:00:00Z", "2026-06-14T09:15:00Z", "2026-06-14T09:30:00Z",
                       "2026-06-14T09:45:00Z", "2026-06-14T10:00:00Z"],
    "createdAt": "2026-06-14T08:58:01Z", "updatedAt": "2026-06-14T08:58:01Z",
    "archivedAt": None, "maxRetries": 0, "timeoutMs": 300000, "maxConcurrent": 1,
    "sessionStrategy": "new_session", "vaultIds": [], "resources": [], "metadata": {},
    "__input_keys": ["agent", "environment_id", "description", "schedule", "initial_events"],
}
"""What our plugin's outputs hold beyond the bench program's inputs (a create's answer)."""

CHECK_DEFAULTS = {"description": "", "resources": [], "vaultIds": [], "metadata": {},
                  "paused": False}
"""What our Check records for an unset compared input (`check.COMPARED_DEFAULTS`, in the
schema's names): the sized provider's Check fills them in too, so its inputs are ours."""


def _schema() -> str:
    from pulumi_qoder.native.schema import schema_text

    return schema_text()


class NullProvider(provider_pb2_grpc.ResourceProviderServicer):
    def __init__(self, sized: bool = False) -> None:
        self._extra = self._defaults = None
        if sized:
            self._extra = struct_pb2.Struct()
            self._extra.update(SERVER_FIELDS)
            self._defaults = struct_pb2.Struct()
            self._defaults.update(CHECK_DEFAULTS)

    @staticmethod
    def _under(base, properties):
        """`properties` over `base`: a copy of `base` with every key `properties` sets."""
        if base is None:
            return properties
        out = struct_pb2.Struct()
        out.CopyFrom(base)
        out.MergeFrom(properties)
        return out

    def _outputs(self, properties):
        return self._under(self._extra, properties)

    def GetPluginInfo(self, request, context):  # noqa: N802 - gRPC method names
        return plugin_pb2.PluginInfo(version="0.0.0")

    def GetSchema(self, request, context):  # noqa: N802
        return provider_pb2.GetSchemaResponse(schema=_schema())

    def CheckConfig(self, request, context):  # noqa: N802
        return provider_pb2.CheckResponse(inputs=request.news)

    def DiffConfig(self, request, context):  # noqa: N802
        return provider_pb2.DiffResponse(changes=_DIFF.DIFF_NONE)

    def Configure(self, request, context):  # noqa: N802
        return provider_pb2.ConfigureResponse(acceptSecrets=True, supportsPreview=True,
                                              acceptResources=True)

    def Check(self, request, context):  # noqa: N802
        return provider_pb2.CheckResponse(inputs=self._under(self._defaults, request.news))

    def Diff(self, request, context):  # noqa: N802
        olds, news = request.olds.fields, request.news.fields
        changed = [key for key in news if key not in olds or olds[key] != news[key]]
        return provider_pb2.DiffResponse(changes=_DIFF.DIFF_SOME if changed else _DIFF.DIFF_NONE,
                                         diffs=changed)

    def Create(self, request, context):  # noqa: N802
        id_ = "" if request.preview else f"dep_null{next(_ids):024d}"
        return provider_pb2.CreateResponse(id=id_, properties=self._outputs(request.properties))

    def Read(self, request, context):  # noqa: N802
        return provider_pb2.ReadResponse(id=request.id, inputs=request.inputs,
                                         properties=self._outputs(request.properties))

    def Update(self, request, context):  # noqa: N802
        return provider_pb2.UpdateResponse(properties=self._outputs(request.news))

    def Delete(self, request, context):  # noqa: N802
        return empty_pb2.Empty()

    def Cancel(self, request, context):  # noqa: N802
        return empty_pb2.Empty()


def main(sized: bool | None = None) -> int:
    if sized is None:
        sized = "--sized" in sys.argv[1:]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=128))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(NullProvider(sized), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
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
