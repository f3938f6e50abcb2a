"""Fixtures for emulator tests."""

import pytest

from tests.emulator.emulator_support import Api


@pytest.fixture
def emulator_api(emulator) -> Api:
    """Raw HTTP calls on the in-process emulator (see ``emulator_support.Api``)."""
    return Api(emulator.http)


@pytest.fixture
def api(emulator_api) -> Api:
    """The former name of ``emulator_api``, kept for tests written before the rename."""
    return emulator_api
