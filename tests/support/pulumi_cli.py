"""The pulumi CLI the engine tests run, and the one rule for when it is missing.

A missing CLI, a missing program beside it (a language host), or a missing toolchain the
engine tests drive (`go`, `node`) fails the run in CI
(`CI` set, as `.ci/run`'s environment has it) or when the run requires the engine
(`QODER_REQUIRE_ENGINE=1`, as `make test` sets it); anywhere else the test skips, so a
checkout without the CLI still runs the rest of the suite.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

__all__ = ["engine_required", "find_cli", "missing"]


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def engine_required() -> bool:
    """Whether a missing CLI or language host fails the run instead of skipping."""
    return _flag("CI") or _flag("QODER_REQUIRE_ENGINE")


@functools.lru_cache(maxsize=1)
def _cli_dir() -> str:
    """`$PULUMI_QODER_CLI_DIR`, else what scripts/ensure-pulumi prints ("" if it fails);
    looked up once per process."""
    found = os.environ.get("PULUMI_QODER_CLI_DIR", "")
    if not found:
        done = subprocess.run(
            [str(REPO / "scripts" / "ensure-pulumi")], capture_output=True, text=True
        )
        found = done.stdout.strip() if done.returncode == 0 else ""
    return found


def find_cli(*beside: str) -> Path:
    """The folder holding `pulumi` and the programs `beside` it (`pulumi-language-yaml`);
    fails or skips the test as `engine_required()` says when one is missing."""
    found = _cli_dir()
    if not found or not (Path(found) / "pulumi").exists():
        missing("no pulumi CLI: run scripts/ensure-pulumi (make test does)")
    for name in beside:
        if not (Path(found) / name).exists():
            missing(
                f"no {name} beside {found}: install the official CLI, or pass "
                "scripts/ensure-pulumi --language-hosts ARCHIVE"
            )
    return Path(found)


def missing(message: str) -> None:
    """A tool the test needs is not there (the CLI, a language host, `go`, `node`): fail or
    skip as `engine_required()` says."""
    if engine_required():
        pytest.fail(message)
    pytest.skip(message)
