"""``POST /deployments/{id}/unpause`` (CONTRACT §4.6). Body: none, or ``{}``.

409 unless paused, or when archived [INF]. The deployment becomes ``active``, its
``paused_reason`` null, and its upcoming runs are recomputed from now.
"""

from __future__ import annotations

from ...storage.records import DeploymentRecord
from ..errors import Conflict
from .context import Context

__all__ = ["unpause"]


def unpause(context: Context, deployment_id: str) -> DeploymentRecord:
    record = context.get_current(deployment_id, "unpause")
    if record.status != "paused":
        raise Conflict("Deployment is not paused.")
    now = context.now()
    record.status = "active"
    record.paused_reason = None
    record.updated_at = now
    context.reschedule(record, now)
    context.save(record)
    return record
