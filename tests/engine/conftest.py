"""Fixtures for engine tests: the real pulumi CLI, a local backend, the emulator on loopback."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples"))

from runner import EngineStack, example_program  # noqa: E402

from tests.support.constants import TEST_TOKEN  # noqa: E402
from tests.support.pulumi_cli import find_cli  # noqa: E402


@pytest.fixture(autouse=True)
def _collect_inline_program_leftovers():
    """The SDK's inline-program teardown leaves a coroutine behind; collect it inside the test.

    Left to the interpreter's exit, it prints a traceback after pytest's summary line.
    """
    yield
    gc.collect()


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
    """The directory holding `pulumi` (tests/support/pulumi_cli.py: skip or fail)."""
    return find_cli()


@pytest.fixture
def make_stack(pulumi_cli, served_emulator, tmp_path) -> Callable[..., EngineStack]:
    """Build a stack of an inline program, configured for the served emulator."""

    def make(
        program: Callable[[], None], project: str = "qoder-engine-test", **config: str
    ) -> EngineStack:
        return EngineStack(
            pulumi_cli,
            tmp_path / project,
            program,
            project=project,
            config={"qoder:baseUrl": served_emulator.base_url, **config},
            secrets={"qoder:token": TEST_TOKEN},
        )

    return make


@pytest.fixture
def example_stack(make_stack) -> Callable[..., EngineStack]:
    """A stack running examples/<name>/__main__.py."""

    def make(name: str, **config) -> EngineStack:
        project, program = example_program(name)
        return make_stack(program, project=project, **config)

    return make


class Journal:
    """The emulator's request journal, read over HTTP."""

    def __init__(self, server) -> None:
        self.server = server

    def clear(self) -> None:
        httpx.delete(f"{self.server.root_url}/_emulator/requests").raise_for_status()

    def calls(self) -> list[str]:
        """Every API call as `METHOD /path`, the base path cut off."""
        prefix = "/api/v1/cloud"
        return [
            f"{entry['method']} {entry['path'].removeprefix(prefix)}"
            for entry in httpx.get(f"{self.server.root_url}/_emulator/requests").json()
        ]

    def writes(self) -> list[str]:
        return [call for call in self.calls() if not call.startswith("GET ")]


@pytest.fixture
def journal(served_emulator) -> Journal:
    return Journal(served_emulator)


@pytest.fixture
def api(api_client):
    """The former name of ``api_client``, kept for tests written before the rename."""
    return api_client
