"""What a plugin process loads before it is needed: the engine starts two per operation
(one only answers the language host's `GetSchema`), and every preview waits for them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2

from pulumi_qoder import QoderClient
from tests.native.plugin import REPO, running_plugin
from tests.support.constants import AGENT, ENV
from tests.support.emulator import TEST_TOKEN

MAPS = Path("/proc/self/maps")
PROVIDER_LIBRARY = "_zoneinfo"
"""A compiled module the provider's import maps and the bare server's does not."""


def _run(code: str) -> dict:
    """`code` in a fresh interpreter (nothing imported yet); its last stdout line as JSON."""
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _loaded(process: subprocess.Popen, library: str) -> bool:
    return library in Path(f"/proc/{process.pid}/maps").read_text()


def test_the_plugin_serves_without_importing_the_pulumi_sdk_the_client_or_the_provider():
    loaded = _run(
        "import json, sys\n"
        "from pulumi_qoder.native import server\n"
        "print(json.dumps(sorted(m for m in ('pulumi', 'pulumi.runtime', 'httpx', 'pydantic',"
        " 'pulumi_qoder.native.servicer') if m in sys.modules)))"
    )
    assert loaded == []


def test_the_sdk_imported_after_the_plugin_shares_its_protobuf_modules():
    same = _run(
        "import json\n"
        "from pulumi_qoder.enginerpc import protos\n"
        "import pulumi, pulumi.dynamic, pulumi.provider.server\n"
        "from pulumi.runtime.proto import ResourceProviderServicer, engine_pb2, provider_pb2\n"
        "print(json.dumps([provider_pb2 is protos.provider_pb2, engine_pb2 is protos.engine_pb2,"
        " ResourceProviderServicer is protos.provider_pb2_grpc.ResourceProviderServicer,"
        " hasattr(pulumi, 'Output')]))"
    )
    assert same == [True, True, True, True]


def test_a_preview_check_diff_and_create_load_no_http_client():
    result = _run(
        "import json, sys\n"
        "from pulumi_qoder.native.servicer import QoderProviderServicer\n"
        "from pulumi_qoder.enginerpc.protos import provider_pb2\n"
        "from pulumi_qoder.native.structs import to_engine\n"
        "urn = 'urn:pulumi:dev::p::qoder:index:Deployment::nightly'\n"
        "news = to_engine({'agent': 'agent_019ebb21ef8e7df6a559052c94875160',"
        " 'environmentId': 'env_019e49a1780171daac1e6b01f290ac2b',"
        " 'schedule': {'expression': '*/15 * * * *', 'timezone': 'UTC'},"
        " 'initialEvents': [{'type': 'user.message', 'content': 'hello'}]})\n"
        "s = QoderProviderServicer()\n"
        "checked = s.Check(provider_pb2.CheckRequest(urn=urn, news=news), None)\n"
        "created = s.Create(provider_pb2.CreateRequest(urn=urn, properties=checked.inputs,"
        " preview=True), None)\n"
        "s.Diff(provider_pb2.DiffRequest(urn=urn, olds=checked.inputs, news=checked.inputs),"
        " None)\n"
        "print(json.dumps([list(checked.failures), 'upcomingRunsAt' in created.properties,"
        " 'httpx' in sys.modules]))"
    )
    assert result == [[], True, False]


def test_a_destroy_archives_without_loading_pydantic_or_the_response_models(served_emulator):
    with QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url) as client:
        made = client.deployments.create(
            agent=AGENT,
            environment_id=ENV, name="nightly",
            initial_events=[{"type": "user.message", "content": "hello"}])
        loaded = _run(
            "import json, sys\n"
            "from pulumi_qoder.native.servicer import QoderProviderServicer\n"
            "from pulumi_qoder.enginerpc.protos import provider_pb2\n"
            "from pulumi_qoder.native.structs import to_engine\n"
            "s = QoderProviderServicer()\n"
            f"config = to_engine({{'baseUrl': {served_emulator.base_url!r},"
            f" 'token': {TEST_TOKEN!r}}})\n"
            "s.Configure(provider_pb2.ConfigureRequest(args=config), None)\n"
            "s.Delete(provider_pb2.DeleteRequest(urn='urn:pulumi:dev::p::qoder:index:Deployment"
            f"::nightly', id={made.id!r}), None)\n"
            "print(json.dumps(sorted(m for m in ('pydantic', 'pulumi_qoder.client.models')"
            " if m in sys.modules)))"
        )
        assert loaded == []
        assert client.deployments.retrieve(made.id).archived


@pytest.mark.skipif(not MAPS.exists(), reason="reads /proc/<pid>/maps (Linux)")
def test_handshake_plugin_info_and_schema_are_answered_before_the_provider_is_imported():
    # the time zone module (compiled) is mapped into the process once the provider is
    # imported: its schedules' checks read zones (pydantic waits for the first model)
    with running_plugin("127.0.0.1:1") as plugin:
        with pytest.raises(grpc.RpcError) as raised:
            plugin.stub.Handshake(provider_pb2.ProviderHandshakeRequest(), timeout=30)
        assert raised.value.code() == grpc.StatusCode.UNIMPLEMENTED
        plugin.stub.GetPluginInfo(empty_pb2.Empty(), timeout=30)
        assert json.loads(plugin.schema())["name"] == "qoder"
        assert not _loaded(plugin.process, PROVIDER_LIBRARY)

        plugin.call("CheckConfig", provider_pb2.CheckRequest())
        assert _loaded(plugin.process, PROVIDER_LIBRARY)


@pytest.mark.skipif(not MAPS.exists(), reason="reads /proc/<pid>/maps (Linux)")
def test_the_engines_handshake_starts_loading_the_provider_and_is_still_declined():
    # the engine's resource host sends its loader's address; the language host's does not
    with running_plugin("127.0.0.1:1") as plugin:
        request = provider_pb2.ProviderHandshakeRequest(loader_target="127.0.0.1:2")
        with pytest.raises(grpc.RpcError) as raised:
            plugin.stub.Handshake(request, timeout=30)
        assert raised.value.code() == grpc.StatusCode.UNIMPLEMENTED
        deadline = time.monotonic() + 60
        while not _loaded(plugin.process, PROVIDER_LIBRARY) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _loaded(plugin.process, PROVIDER_LIBRARY)
        checked = plugin.call("CheckConfig", provider_pb2.CheckRequest())
        assert [f.reason.split(":")[0] for f in checked.failures] == ["no Qoder token"]
