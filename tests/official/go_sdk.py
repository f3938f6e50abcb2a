"""Go programs on the generated SDK (sdk/go): the toolchain, and a copy of a Go program
folder whose go.mod builds against this checkout's sdk/go.

The example's go.mod says `replace github.com/pulumi-qoder/pulumi-qoder/sdk/go =>
../../sdk/go` (a path from the example inside the repository); the copy under the test's
tmp dir gets the checkout's absolute path instead, as OfficialProject rewrites
requirements.txt. Modules come from the Go module proxy into Go's own module cache and
compiled packages go to Go's build cache (GOMODCACHE, GOCACHE: outside the repository),
so only the first run on a machine downloads and compiles the Pulumi SDK.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml

from tests.official.project import OfficialProject
from tests.support.pulumi_cli import missing

REPO = Path(__file__).resolve().parents[2]
SDK_GO = REPO / "sdk" / "go"
SDK_MODULE = "github.com/pulumi-qoder/pulumi-qoder/sdk/go"
# What pulumi-language-go v3.259 passes to `go build` (the rest, -o and -buildvcs=false, does
# not change compiled packages). -trimpath is part of every package's cache key: building
# and vetting with it here compiles the Pulumi Go SDK once, into the same GOCACHE entries
# the host then finds (without it a cold machine compiled the SDK twice: 8 + 4 minutes).
HOST_BUILD_FLAGS = ("-trimpath", "-ldflags=-w -s")


def go_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) with Go pinned to the local toolchain,
    no workspace file and no flags from the caller's setup (GOFLAGS=-mod=vendor and the
    like would change what is built)."""
    return {**(base if base is not None else os.environ),
            "GOTOOLCHAIN": "local", "GOWORK": "off", "GOFLAGS": "-buildvcs=false"}


def run_go(folder: Path, *args: str, env: Mapping[str, str] | None = None,
           timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(["go", *args], cwd=folder, env=go_env(env), capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def go_toolchain() -> str:
    found = shutil.which("go")
    if found is None:
        missing("no `go` on PATH: the Go SDK tests need the Go toolchain")
    # With a cold module cache `go build` and `go vet` print a "go: downloading" line per
    # module (a fresh machine failed "builds without a word" on them): fetch the SDK's
    # modules first, so those commands say only what they find.
    for module in (SDK_GO, REPO / "examples" / "go-fleet"):
        fetched = run_go(module, "mod", "download")
        assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    return found


def point_at_checkout(folder: Path) -> None:
    """Rewrite the copy's `replace <sdk module> => <relative path>` to this checkout's sdk/go."""
    go_mod = folder / "go.mod"
    text, count = re.subn(rf"(?m)^replace {re.escape(SDK_MODULE)} => \S+$",
                          f"replace {SDK_MODULE} => {SDK_GO}", go_mod.read_text())
    assert count == 1, f"{go_mod} has no `replace {SDK_MODULE} => ...` line"
    go_mod.write_text(text)


def run_prebuilt(project: OfficialProject) -> None:
    """Build the program once, as the host does, and have the host run that binary from now on.

    With `runtime: go` alone the host runs `go build` on every command (about 5 s each here,
    even with every package cached: the link); `runtime.options.binary` skips that. Tests
    run the first command the way users do, then switch.
    """
    binary = project.home / f"{project.folder.name}-program"
    done = run_go(project.folder, "build", *HOST_BUILD_FLAGS, "-o", str(binary), ".")
    assert done.returncode == 0, done.stdout + done.stderr
    settings = yaml.safe_load((project.folder / "Pulumi.yaml").read_text())
    settings["runtime"] = {"name": "go", "options": {"binary": str(binary)}}
    (project.folder / "Pulumi.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))


@pytest.fixture
def go_project(official_project, installed_plugins, go_toolchain) -> Callable[..., OfficialProject]:
    """A copy of a Go program folder on this checkout's sdk/go, stack `dev` on the served
    emulator, the plugin registered with `pulumi-qoder install-plugin` (no plugin path)."""

    def make(source: Path, **config: str) -> OfficialProject:
        project = official_project(source, **config)
        point_at_checkout(project.folder)
        project.env = go_env(project.env)
        project.use_plugins(installed_plugins)
        return project

    return make
