"""Kept for imports that name it: the harness lives in `tests.support.hosts`."""

from tests.support.hosts import (  # noqa: F401
    DEPLOYMENT_URN,
    REPO,
    RUN_URN,
    STACK,
    Plugin,
    plugin_command,
    running_plugin,
)
