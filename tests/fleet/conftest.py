"""Fleet command fixtures: the served emulator, with the commands' environment pointing at it."""

from __future__ import annotations

import pytest

from tests.support.emulator import TEST_TOKEN


@pytest.fixture
def fleet_env(served_emulator, monkeypatch):
    """`QODER_PAT` and `QODER_BASE_URL` for the served emulator, as a user sets them."""
    monkeypatch.setenv("QODER_PAT", TEST_TOKEN)
    monkeypatch.setenv("QODER_BASE_URL", served_emulator.base_url)
    return served_emulator
