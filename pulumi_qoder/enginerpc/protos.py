"""The Pulumi SDK's generated protobuf and gRPC modules, without importing the SDK itself.

`from pulumi.runtime.proto import provider_pb2` runs `pulumi/__init__.py` first, which
imports the whole SDK (automation, asyncio, the runtime, opentelemetry): 0.2 to 0.3 s of
CPU, paid by every plugin process the engine starts (two per `preview`, `up` or
`destroy`: one for the language host's schema, one for the resources), though the plugin
uses none of it. So when the SDK is not loaded yet, the generated modules are loaded
from its `runtime/proto` folder under their usual names, with stand-ins for the parent
packages during the load only. They stay in `sys.modules`, so a later `import pulumi`
(a test, a Python program) loads the real SDK, whose own imports of these modules find
them there: one copy of each, registered once in protobuf's descriptor pool.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

__all__ = ["engine_pb2", "engine_pb2_grpc", "plugin_pb2", "provider_pb2", "provider_pb2_grpc"]

_PACKAGE = "pulumi.runtime.proto"


def _load(names: tuple[str, ...]) -> list[types.ModuleType]:
    modules = [f"{_PACKAGE}.{name}" for name in names]
    spec = None if "pulumi" in sys.modules else importlib.util.find_spec("pulumi")
    if spec is None or not spec.submodule_search_locations:  # loaded already, or unusual
        return [importlib.import_module(module) for module in modules]
    root = Path(next(iter(spec.submodule_search_locations)))
    stand_ins = {}
    for parent, folder in (("pulumi", root), ("pulumi.runtime", root / "runtime"),
                           (_PACKAGE, root / "runtime" / "proto")):
        stand_ins[parent] = sys.modules[parent] = types.ModuleType(parent)
        stand_ins[parent].__path__ = [str(folder)]
    try:
        return [importlib.import_module(module) for module in modules]
    finally:
        for parent, module in stand_ins.items():
            if sys.modules.get(parent) is module:
                del sys.modules[parent]


if TYPE_CHECKING:  # the same modules, typed by the SDK's stubs beside them
    from pulumi.runtime.proto import (
        engine_pb2,
        engine_pb2_grpc,
        plugin_pb2,
        provider_pb2,
        provider_pb2_grpc,
    )
else:
    engine_pb2, engine_pb2_grpc, plugin_pb2, provider_pb2, provider_pb2_grpc = _load(
        ("engine_pb2", "engine_pb2_grpc", "plugin_pb2", "provider_pb2", "provider_pb2_grpc")
    )
