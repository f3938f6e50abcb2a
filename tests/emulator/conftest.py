"""Fixtures for emulator tests."""

import pytest
from emulator_support import Api


@pytest.fixture
def api(emulator) -> Api:
    """Raw HTTP calls on the in-process emulator (see ``emulator_support.Api``)."""
    return Api(emulator.http)
