"""Deployment inputs the tests send, in the core's snake_case names.

``PROGRAM`` is a deployment as the dynamic provider receives it (the program's inputs with
the resource's hidden `__name` and `__scope`), ``CREATE_BODY`` the create request it makes
of them; ``EVENTS`` the initial events most deployments carry.
"""

from __future__ import annotations

from typing import Any

from tests.support.constants import AGENT, ENV

EVENTS: list[dict[str, Any]] = [
    {"type": "user.message", "content": "Generate today's status report"}
]
PROGRAM: dict[str, Any] = {
    "name": "daily-report",
    "description": "Daily status report",
    "agent": AGENT,
    "environment_id": ENV,
    "schedule": {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
    "initial_events": EVENTS,
    "metadata": {"team": "infra", "tier": "gold"},
    "max_retries": 0,
    "paused": False,
    "__name": "daily-report",
    "__scope": "urn:pulumi:test::project",
}
CREATE_BODY: dict[str, Any] = {
    "name": PROGRAM["name"],
    "agent": AGENT,
    "environment_id": ENV,
    "initial_events": PROGRAM["initial_events"],
}


NATIVE_PYTHON_PROGRAM = '''\
import pulumi
import pulumi_qoder as qoder
from pulumi_qoder import native

report = native.Deployment("report", qoder.DeploymentArgs(
    agent="agent_019ebb21ef8e7df6a559052c94875160",
    environment_id="env_019e49a1780171daac1e6b01f290ac2b",
    schedule=qoder.ScheduleArgs(expression="30 9 * * 1-5", timezone="Asia/Shanghai"),
    initial_events=[qoder.UserMessage("Generate today's status report")],
))
pulumi.export("next_runs", report.upcoming_runs_at)
'''
"""A Python `__main__.py` declaring one deployment on the native resource (the plugin),
exporting its next runs: what a user of the installed package writes."""
