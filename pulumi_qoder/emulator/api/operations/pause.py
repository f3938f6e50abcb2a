"""``POST /deployments/{id}/pause`` (CONTRACT §4.5). Body: none, or ``{}``.

409 when already paused, or archived [INF]. The deployment becomes ``paused`` with
``paused_reason: {"type": "manual"}``; ``upcoming_runs_at`` is kept while paused, as the
example shows, and no scheduled run fires until it is unpaused.
"""

from __future__ import annotations

from ...storage.records import DeploymentRecord
from ..errors import Conflict
from .context import Context

__all__ = ["pause"]


def pause(context: Context, deployment_id: str) -> DeploymentRecord:
    record = context.get_current(deployment_id, "pause")
    if record.status == "paused":
        raise Conflict("Deployment is already paused.")
    record.status = "paused"
    record.paused_reason = {"type": "manual"}
    record.updated_at = context.now()
    context.save(record)
    return record
