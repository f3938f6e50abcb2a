"""Values the tests share: one agent, one environment, one token, each with one meaning.

The ids are the ones the examples and the recorded state fixtures use, so a program built
from them matches those.
"""

from __future__ import annotations

AGENT = "agent_019ebb21ef8e7df6a559052c94875160"
"""The agent every test deployment runs."""
OTHER_AGENT = "agent_019ebb21ef8e7df6a559052c94875161"
"""A second agent, for filters and changes of agent."""
ENV = "env_019e49a1780171daac1e6b01f290ac2b"
"""The environment every test deployment runs in."""
TEST_TOKEN = "pt-test-token-for-emulator-0001"

MOCK_BASE_URL = "https://api.test/api/v1/cloud"
"""The base URL of the client tests' mocked transport (tests/client/conftest.py)."""
"""The Qoder token: the emulator accepts it, and no output may show it."""
REPO_TOKEN = "ghp_SECRET-do-not-leak"
"""A repository's `authorization_token`: secret, and no state or output may show it."""
