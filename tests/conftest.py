"""Shared fixtures: the emulator in process and served on 127.0.0.1, on a manual clock.

The harness itself is `tests/support`; one name per meaning:

- ``emulator``: the emulator in process (`InProcessEmulator`: service, clock, TestClient).
- ``served_emulator``: a fresh, empty emulator served on 127.0.0.1 (`ServedEmulator`). The
  uvicorn server is started once per session (``emulator_server``); each test gets a new
  app, service, clock, journal and fault table behind it.
- ``api_http``: an `httpx.Client` to the served emulator with the test token.
- ``api_client``: a `QoderClient` to the served emulator (where a directory defines it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.emulator import (  # noqa: F401 - names other test modules import from here
    API_PREFIX,
    START,
    TEST_TOKEN,
    InProcessEmulator,
    ServedEmulator,
    SharedServer,
    TestClient,
    in_process_emulator,
    plain_http,
    shared_server,
)
from tests.support.emulator import fresh_service as _service  # noqa: F401
from tests.support.pulumi_cli import find_cli

TESTS = Path(__file__).resolve().parent
ENGINE_DIRECTORIES = (TESTS / "engine", TESTS / "official")
CLI_FIXTURES = frozenset({"pulumi_cli", "cli_dir", "official_cli"})
"""The fixtures that hand a test the pulumi CLI (tests/support/pulumi_cli.py)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `engine` every test that runs the real pulumi CLI: each test under
    tests/engine/ and tests/official/, and any other that takes a CLI fixture.

    (A `pytestmark` in a conftest.py marks nothing; a hook here reaches every test.)
    """
    for item in items:
        in_directory = any(item.path.is_relative_to(d) for d in ENGINE_DIRECTORIES)
        if in_directory or CLI_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.engine)


@pytest.fixture
def emulator() -> Iterator[InProcessEmulator]:
    with in_process_emulator() as emulator:
        yield emulator


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[SharedServer]:
    """One uvicorn server for the session; ``served_emulator`` swaps its app per test."""
    with shared_server() as shared:
        yield shared


@pytest.fixture
def served_emulator(emulator_server) -> ServedEmulator:
    return emulator_server.fresh()


@pytest.fixture
def api_http(served_emulator) -> Iterator[httpx.Client]:
    """Plain HTTP to the served emulator, for outside changes and for checking what is live."""
    with plain_http(served_emulator) as http:
        yield http


@pytest.fixture
def api_client(served_emulator):
    """The typed client on the served emulator (no retries), for changes made behind
    Pulumi's back and for checking what is live."""
    from pulumi_qoder import QoderClient

    with QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url, max_retries=0) as client:
        yield client


@pytest.fixture(scope="session")
def cli_dir() -> Path:
    """The directory holding `pulumi` and `pulumi-language-yaml` (tests/support/pulumi_cli.py:
    skip or fail)."""
    return find_cli("pulumi-language-yaml")


@pytest.fixture(scope="session")
def official_cli() -> Path:
    """The folder holding `pulumi` and the official Python, Node.js and Go hosts beside it
    (an official CLI install has all three; tests/support/pulumi_cli.py: skip or fail)."""
    return find_cli("pulumi-language-python", "pulumi-language-nodejs", "pulumi-language-go")
