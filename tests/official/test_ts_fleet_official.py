"""examples/ts-fleet, run from its own folder as a TypeScript user runs it: the SDK packed
from sdk/nodejs (`scripts/pack-node-sdk`), `@pulumi/pulumi` from the npm registry, the
official CLI and Node.js language host, the plugin installed by `pulumi-qoder
install-plugin` (no plugin path). Its API calls are the ones Python and YAML make.
`pulumi up` type-checks index.ts under the example's strict tsconfig (ts-node, not
transpile-only), so a compile diagnostic fails the lifecycle.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import httpx
import pytest

from tests.official.node_sdk import SDK, SDK_DEPENDENCY, node_install
from tests.official.project import runtime_of
from tests.support.values import api_writes

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ts-fleet"


NODEJS_EXAMPLES = sorted(
    p.parent.name for p in (REPO / "examples").glob("*/Pulumi.yaml")
    if runtime_of(p)["name"] == "nodejs"
)

pytestmark = pytest.mark.engine


@pytest.fixture(scope="session")
def node_fleet():
    """The packed SDK and ts-fleet's node_modules, from the cache outside the repository."""
    return node_install(EXAMPLE / "package.json")


def test_every_nodejs_example_is_covered():
    assert NODEJS_EXAMPLES == ["ts-fleet"]


def test_node_sdk_packs_compiled_under_strict_tsc(node_fleet):
    """scripts/pack-node-sdk fails on any tsc diagnostic, so a packed tarball is a clean
    compile (rerun whenever sdk/nodejs changes: the cache is keyed by its files)."""
    tsconfig = (SDK / "tsconfig.json").read_text()
    with tarfile.open(node_fleet.tarball) as packed:
        names = set(packed.getnames())
        package = json.load(packed.extractfile("package/package.json"))

    assert re.search(r'"strict":\s*true', tsconfig)
    assert {"package/index.js", "package/index.d.ts", "package/deploymentRun.js"} <= names
    generated = json.loads((SDK / "package.json").read_text())
    assert package["version"] == generated["version"]
    assert package["dependencies"] == generated["dependencies"]  # the range, not the build's floor


def test_ts_fleet_depends_on_the_tarball_readme_packs(node_fleet):
    package = json.loads((EXAMPLE / "package.json").read_text())
    sdk = json.loads((SDK / "package.json").read_text())

    assert package["dependencies"][SDK_DEPENDENCY] == f"file:../../dist/{node_fleet.tarball.name}"
    # the SDK takes a range (^3.x), the program pins a version inside it: npm keeps one copy
    floor = sdk["dependencies"]["@pulumi/pulumi"]
    pinned = package["dependencies"]["@pulumi/pulumi"]
    assert floor.startswith("^3.") and pinned.startswith("3.")
    assert version(pinned) >= version(floor.removeprefix("^"))
    sdk_installed = node_fleet.node_modules / SDK_DEPENDENCY
    assert (sdk_installed / "package.json").exists()
    assert not (sdk_installed / "node_modules" / "@pulumi" / "pulumi").exists()


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_readme_typescript_program_compiles_under_strict_tsc(node_fleet, tmp_path):
    (program,) = re.findall(r"(?s)```typescript\n(.*?)```", (REPO / "README.md").read_text())
    for name in ("package.json", "tsconfig.json"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    node_fleet.use_in(tmp_path)
    (tmp_path / "index.ts").write_text(program)

    compiled = subprocess.run([str(tmp_path / "node_modules" / ".bin" / "tsc"), "--noEmit"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300)

    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    assert compiled.stdout + compiled.stderr == ""


def urn_id(project, name: str) -> str:
    (found,) = [r["id"] for r in project.resources() if r["urn"].endswith(f"::{name}")]
    return found


def test_ts_fleet_lifecycle_through_the_official_nodejs_host(
    node_fleet, official_project, installed_plugins, served_emulator, api_client
):
    httpx.post(f"{served_emulator.root_url}/_emulator/run_outcomes",
               json={"status": "completed", "duration_ms": 0}).raise_for_status()
    project = official_project(EXAMPLE)
    node_fleet.use_in(project.folder)
    project.use_plugins(installed_plugins)

    project.run("up", "--yes", "--skip-preview")
    outputs = project.outputs()
    report = urn_id(project, "daily-report")
    ids = project.deployment_ids()
    served_emulator.clear_journal()
    quiet = project.run("preview", "--expect-no-changes")
    preview_writes = api_writes(served_emulator)

    api_client.deployments.pause(report)
    served_emulator.clear_journal()
    drift = project.run("preview", "--refresh", "--expect-no-changes", "--diff", check=False)
    preview_writes += api_writes(served_emulator)
    served_emulator.clear_journal()
    project.run("up", "--refresh", "--yes", "--skip-preview")
    unpause_writes = api_writes(served_emulator)

    project.run("config", "set", "reportDescription", "Evening status report")
    served_emulator.clear_journal()
    project.run("up", "--yes", "--skip-preview")
    update_writes = api_writes(served_emulator)

    project.run("destroy", "--yes", "--skip-preview")

    assert len(ids) == 3 and quiet.returncode == 0
    assert len(outputs["nextRuns"]) == 5
    assert all(run.endswith("T01:30:00Z") for run in outputs["nextRuns"])  # 09:30 Shanghai
    assert outputs["lookedUpStatus"] == "active"
    assert outputs["weeklyCostStatus"] == "paused"
    assert outputs["releaseNotesRunStatus"] == "completed"
    assert preview_writes == []
    assert drift.returncode == 7, drift.stdout + drift.stderr
    assert "paused" in drift.stdout
    assert unpause_writes == [f"POST /deployments/{report}/unpause"]
    assert update_writes == [f"POST /deployments/{report}"]
    assert api_client.deployments.retrieve(report).description == "Evening status report"
    assert [d.id for d in api_client.deployments.iter()] == []
    assert project.deployment_ids() == []
