"""Bulk adoption through the real CLI: deployments made on the API by hand, the import file
for a prefix, `pulumi import --file` with no API write, then the orphan report given two
stacks' `pulumi stack export` output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.fleet.fleet import make_fleet, writes
from tests.native.cli import YamlProject
from tests.support.constants import TEST_TOKEN
from tests.support.emulator import ServedEmulator, plain_http
from tests.support.emulator import fresh_service as _service

pytestmark = pytest.mark.engine

PROGRAMS = Path(__file__).parent / "programs"
COMMAND = Path(sys.executable).parent / "pulumi-qoder"


@pytest.fixture(scope="module")
def served():
    service = _service()
    with EmulatorServer(create_app(service, tokens=[TEST_TOKEN])) as server:
        yield ServedEmulator(server, service, service.clock)


def project(cli_dir, home: Path, name: str, served: ServedEmulator) -> YamlProject:
    return YamlProject(cli_dir, home, PROGRAMS / name, config={"qoder:baseUrl": served.base_url},
                       secrets={"qoder:token": TEST_TOKEN})


def fleet_command(served: ServedEmulator, *argv: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QODER_", "PULUMI_"))}
    env.update(QODER_PAT=TEST_TOKEN, QODER_BASE_URL=served.base_url)
    return subprocess.run([str(COMMAND), *argv], env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_prefix_is_adopted_with_no_write_and_the_orphans_are_what_no_stack_holds(
        cli_dir, served, tmp_path_factory):
    work = tmp_path_factory.mktemp("adopt")
    with plain_http(served) as http:
        by_hand = make_fleet(http, ["adopt-report", "adopt-cost", "adopt etl", "stray-1",
                                    "stray-2"])
    declared = project(cli_dir, work / "declared", "declared", served)
    declared.run("up", "--yes")
    adopted = project(cli_dir, work / "adopted", "adopted", served)

    done = fleet_command(served, "import-file", "--prefix", "adopt",
                         "-o", str(work / "import.json"))
    assert done.returncode == 0, done.stderr
    entries = json.loads((work / "import.json").read_text())["resources"]
    assert sorted(e["name"] for e in entries) == ["adoptCost", "adoptEtl", "adoptReport"]

    served.clear_journal()
    done = adopted.run("import", "--file", str(work / "import.json"), "--yes",
                       "--generate-code=false", "--protect=false")
    assert "3 imported" in done.stdout, done.stdout
    assert writes(served.journal()) == []

    exports = []
    for stack in (adopted, declared):
        exports.append(work / f"{stack.folder.name}.json")
        exports[-1].write_text(stack.run("stack", "export").stdout)
    done = fleet_command(served, "orphans", "--state", *map(str, exports))
    assert done.returncode == 0, done.stderr
    strays = {i: n for i, n in by_hand.items() if n.startswith("stray")}
    assert done.stdout.splitlines() == [f"{i}\t{n}" for i, n in sorted(strays.items(),
                                                                      key=lambda x: x[1])]
    done = fleet_command(served, "import-file", "--exclude-state", *map(str, exports))
    assert {e["id"] for e in json.loads(done.stdout)["resources"]} == set(strays)
    assert writes(served.journal()) == []
